package org.nmsim.traces;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a part: the content
 * goes to a temporary file in the same directory, which is fsynced and then renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}.
 *
 * <p>Threading: stateless; thread safe, but two concurrent writers of the same target race (the last rename wins).
 */
public final class AtomicFiles
{
    /** Writes the content of a file to a stream; closing the stream only flushes it. */
    @FunctionalInterface
    public interface ContentWriter
    {
        /**
         * @param out where the content goes.
         * @throws IOException when the content cannot be produced or written; the target is then left unchanged.
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles()
    {
    }

    /**
     * Replaces (or creates) {@code target} atomically with {@code content}.
     *
     * @param target  the file.
     * @param content the complete new content.
     * @throws IOException when it cannot be written; the target is then unchanged and no temporary file remains.
     */
    public static void write(final Path target, final byte[] content) throws IOException
    {
        write(target, out -> out.write(content));
    }

    /**
     * Replaces (or creates) {@code target} atomically with what {@code writer} produces.
     *
     * @param target the file.
     * @param writer produces the complete new content.
     * @throws IOException when it cannot be written or the writer fails; the target is then unchanged and no
     *                     temporary file remains.
     */
    public static void write(final Path target, final ContentWriter writer) throws IOException
    {
        final Path absolute = target.toAbsolutePath();
        final Path dir = absolute.getParent();
        final Path temp = createTemp(absolute);
        boolean moved = false;
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE))
            {
                final OutputStream out = new BufferedOutputStream(new FilterOutputStream(Channels.newOutputStream(channel))
                {
                    @Override
                    public void write(final byte[] b, final int off, final int len) throws IOException
                    {
                        this.out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException
                    {
                        flush();
                    }
                }, 1 << 16);
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try
            {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                throw new IOException(target + ": the file system of " + dir + " cannot rename atomically "
                    + "(write reports to a local file system)", ex);
            }
            moved = true;
            forceDirectory(dir);
        }
        finally
        {
            if (!moved)
            {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Creates the temporary file next to the target with the permissions a new file gets (the umask applies, unlike
     * {@link Files#createTempFile}, which makes it owner-only), or the target's permissions when it exists.
     */
    private static Path createTemp(final Path target) throws IOException
    {
        for (int attempt = 0; ; attempt++)
        {
            final Path temp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try
            {
                Files.createFile(temp);
            }
            catch (final FileAlreadyExistsException ex)
            {
                if (attempt < 10)
                {
                    continue;
                }
                throw ex;
            }
            try
            {
                if (Files.exists(target) && Files.getFileStore(temp).supportsFileAttributeView("posix"))
                {
                    Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
                }
            }
            catch (final IOException | UnsupportedOperationException ex)
            {
                Files.deleteIfExists(temp);
                throw ex;
            }
            return temp;
        }
    }

    private static void forceDirectory(final Path dir)
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // Some platforms (Windows) cannot open or sync a directory; the rename itself is still atomic there.
            return;
        }
    }
}
