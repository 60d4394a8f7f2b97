package org.nmsim.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCreateAndReplaceFileLeavingNoTempFile() throws IOException
    {
        final Path file = dir.resolve("report.json");
        AtomicFiles.write(file, "first".getBytes(StandardCharsets.UTF_8));
        assertEquals("first", Files.readString(file));
        AtomicFiles.write(file, out -> out.write("second".getBytes(StandardCharsets.UTF_8)));
        assertEquals("second", Files.readString(file));
        assertEquals(List.of(file), list());
    }

    @Test
    void shouldLeaveOldFileUntouchedAndNoTempFileWhenWriterFailsMidWrite() throws IOException
    {
        final Path file = dir.resolve("report.json");
        AtomicFiles.write(file, "old complete content".getBytes(StandardCharsets.UTF_8));
        final IOException ex = assertThrows(IOException.class, () -> AtomicFiles.write(file, out ->
        {
            out.write(new byte[200_000]);
            out.flush();
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", ex.getMessage());
        assertEquals("old complete content", Files.readString(file));
        assertEquals(List.of(file), list());
    }

    @Test
    void shouldLeaveNoFileWhenFirstWriteFails()
    {
        final Path file = dir.resolve("new.json");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(file, out ->
        {
            out.write(1);
            throw new IllegalStateException("bug in the writer");
        }));
        assertEquals(List.of(), list());
    }

    @Test
    void shouldKeepThePermissionsOfTheFileItReplaces() throws IOException
    {
        final Path file = dir.resolve("shared.html");
        Files.writeString(file, "old");
        final Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-r-----");
        Assumptions.assumeTrue(Files.getFileStore(file).supportsFileAttributeView("posix"), "skipped: no POSIX");
        Files.setPosixFilePermissions(file, perms);
        AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals(perms, Files.getPosixFilePermissions(file));
        assertEquals("new", Files.readString(file));
    }

    @Test
    void shouldTolerateWriterThatClosesTheStream() throws IOException
    {
        final Path file = dir.resolve("closed.txt");
        AtomicFiles.write(file, out ->
        {
            out.write("abc".getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        assertEquals("abc", Files.readString(file));
    }

    private List<Path> list()
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
