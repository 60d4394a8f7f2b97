package org.nmsim.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opening dataset files: existence checks with readable messages, and transparent gzip detected by its magic
 * number (RFC 1952: the first two bytes are 0x1f 0x8b), not by the file name.
 */
final class DataFiles
{
    private static final int GZIP_ID1 = 0x1f;
    private static final int GZIP_ID2 = 0x8b;
    private static final int BUFFER_BYTES = 1 << 16;

    private DataFiles()
    {
    }

    /**
     * @param file a regular file.
     * @return a buffered stream of its bytes.
     * @throws DatasetFormatException when the file is missing, not a regular file or unreadable.
     */
    static InputStream open(final Path file) throws DatasetFormatException
    {
        if (!Files.exists(file))
        {
            throw new DatasetFormatException(file.toString(), "file does not exist (rule: the dataset file must exist)");
        }
        if (!Files.isRegularFile(file))
        {
            throw new DatasetFormatException(file.toString(), "not a regular file (rule: a dataset is read from a file)");
        }
        try
        {
            return new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
        }
        catch (final NoSuchFileException ex)
        {
            throw new DatasetFormatException(file.toString(), "file does not exist (rule: the dataset file must exist)", ex);
        }
        catch (final IOException ex)
        {
            throw new DatasetFormatException(file.toString(), "cannot open: " + ex, ex);
        }
    }

    /**
     * A decoded view of {@code raw}: gunzipped when it starts with the gzip magic, else as is.
     *
     * @param raw  the raw stream; consumed and owned by the result.
     * @param name the file name for messages.
     * @return the decoded stream and whether it was gzip.
     * @throws DatasetFormatException when the gzip header is unreadable.
     */
    static Decoded decode(final InputStream raw, final String name) throws DatasetFormatException
    {
        final BufferedInputStream in = raw instanceof BufferedInputStream ?
            (BufferedInputStream)raw : new BufferedInputStream(raw, BUFFER_BYTES);
        try
        {
            in.mark(2);
            final int b0 = in.read();
            final int b1 = in.read();
            in.reset();
            if (b0 == GZIP_ID1 && b1 == GZIP_ID2)
            {
                return new Decoded(new GZIPInputStream(in, BUFFER_BYTES), true);
            }
            return new Decoded(in, false);
        }
        catch (final IOException ex)
        {
            throw new DatasetFormatException(name, "unreadable gzip header: " + ex.getMessage() +
                " (gzip rule: RFC 1952 member header of at least 10 bytes)", ex);
        }
    }

    /**
     * Reads exactly {@code length} bytes or reports how many there were.
     *
     * @return the number of bytes read; less than {@code length} only at end of stream.
     */
    static int readUpTo(final Decoded in, final byte[] dst, final int offset, final int length, final String name)
        throws DatasetFormatException
    {
        try
        {
            return in.stream().readNBytes(dst, offset, length);
        }
        catch (final IOException ex)
        {
            throw streamFailure(in, name, ex);
        }
    }

    /**
     * Skips up to {@code length} bytes by reading them.
     *
     * @return the number of bytes skipped; less than {@code length} only at end of stream.
     */
    static long drain(final Decoded in, final long length, final String name) throws DatasetFormatException
    {
        final byte[] scratch = new byte[BUFFER_BYTES];
        long done = 0;
        while (done < length)
        {
            final int n = readUpTo(in, scratch, 0, (int)Math.min(scratch.length, length - done), name);
            done += n;
            if (n == 0)
            {
                break;
            }
        }
        return done;
    }

    /** @return true when the stream holds at least one more byte. */
    static boolean hasMore(final Decoded in, final String name) throws DatasetFormatException
    {
        try
        {
            return in.stream().read() >= 0;
        }
        catch (final IOException ex)
        {
            throw streamFailure(in, name, ex);
        }
    }

    static DatasetFormatException streamFailure(final Decoded in, final String name, final IOException ex)
    {
        if (in.gzip())
        {
            return new DatasetFormatException(name, "gzip stream is truncated or corrupt: " + ex.getMessage() +
                " (gzip rule: RFC 1952 member = header + deflate data + CRC32 + ISIZE)", ex);
        }
        return new DatasetFormatException(name, "read failed: " + ex, ex);
    }

    /**
     * A decoded stream.
     *
     * @param stream the bytes after decompression.
     * @param gzip   whether the file was gzip.
     */
    record Decoded(InputStream stream, boolean gzip) implements AutoCloseable
    {
        @Override
        public void close() throws IOException
        {
            stream.close();
        }
    }
}
