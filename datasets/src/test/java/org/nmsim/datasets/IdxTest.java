package org.nmsim.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest
{
    @TempDir
    Path dir;

    /** Three 2 x 3 images with pixel value 10 * sample + pixel, labels 2, 0, 1. */
    static byte[] images(final int count)
    {
        final ByteBuffer b = ByteBuffer.allocate(16 + count * 6);
        b.putInt(0x00000803).putInt(count).putInt(2).putInt(3);
        for (int s = 0; s < count; s++)
        {
            for (int p = 0; p < 6; p++)
            {
                b.put((byte)(10 * s + p + 200));
            }
        }
        return b.array();
    }

    static byte[] labels(final int... labels)
    {
        final ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(0x00000801).putInt(labels.length);
        for (final int l : labels)
        {
            b.put((byte)l);
        }
        return b.array();
    }

    static byte[] gzip(final byte[] raw) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out))
        {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path write(final String name, final byte[] bytes) throws IOException
    {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void shouldLoadPlainPairWithPixelsLabelsAndShape() throws IOException
    {
        final LabeledImages set = Idx.loadPair(write("i", images(3)), write("l", labels(2, 0, 1)),
            OptionalInt.empty());
        assertEquals(3, set.count());
        assertEquals(2, set.rows());
        assertEquals(3, set.cols());
        assertEquals(6, set.pixelsPerSample());
        assertEquals(3, set.classes());
        assertEquals(2, set.label(0));
        assertEquals(1, set.label(2));
        assertEquals(215, set.pixel(1, 5));
        assertArrayEquals(new byte[] {(byte)220, (byte)221, (byte)222, (byte)223, (byte)224, (byte)225},
            set.pixels(2));
        final double[] x = set.intensities(0, new double[6]);
        assertEquals(200 / 255.0, x[0]);
    }

    @Test
    void shouldDetectGzipByMagicNotByName() throws IOException
    {
        final LabeledImages set = Idx.loadPair(write("images.bin", gzip(images(3))),
            write("labels.idx", gzip(labels(2, 0, 1))), OptionalInt.empty());
        assertEquals(3, set.count());
        assertEquals(224, set.pixel(2, 4));
    }

    @Test
    void shouldKeepFirstSamplesUnderLimitAndStillReportSourceSize() throws IOException
    {
        final LabeledImages set = Idx.loadPair(write("i.gz", gzip(images(3))), write("l", labels(2, 0, 1)),
            OptionalInt.of(2));
        assertEquals(2, set.count());
        assertEquals(3, set.samplesInSource());
        assertEquals(0, set.label(1));
    }

    @Test
    void shouldRejectMissingFileNamingIt()
    {
        final Path missing = dir.resolve("nope-images.gz");
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class,
            () -> Idx.read(missing, 3, OptionalInt.empty()));
        assertTrue(ex.getMessage().startsWith(missing + ": file does not exist"), ex.getMessage());
        assertEquals(missing.toString(), ex.file());
    }

    @Test
    void shouldRejectLabelsFileGivenAsImagesWithBothMagics() throws IOException
    {
        final Path f = write("train-images.gz", gzip(labels(1, 2)));
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class,
            () -> Idx.read(f, 3, OptionalInt.empty()));
        assertEquals(f + ": magic=0x00000801 but expected 0x00000803 for images (IDX rule: magic = 0x0000 0x08 " +
            "ndims; dtype=0x08 ndims=1)", ex.getMessage());
    }

    @Test
    void shouldRejectNonByteDtype() throws IOException
    {
        final byte[] raw = labels(1, 2);
        raw[2] = 0x0D;
        final Path f = write("floats", raw);
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class,
            () -> Idx.read(f, 1, OptionalInt.empty()));
        assertTrue(ex.getMessage().contains("dtype=0x0D"), ex.getMessage());
    }

    @Test
    void shouldRejectTruncatedDataWithLengths() throws IOException
    {
        final byte[] raw = images(3);
        final Path f = write("short", Arrays.copyOf(raw, raw.length - 1));
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class,
            () -> Idx.read(f, 3, OptionalInt.empty()));
        assertEquals(f + ": truncated data: 17 of 18 bytes (IDX rule: data length = prod(dims) = prod[3, 2, 3])",
            ex.getMessage());
    }

    @Test
    void shouldRejectTruncatedDataEvenUnderLimit() throws IOException
    {
        final byte[] raw = images(3);
        final Path f = write("short", Arrays.copyOf(raw, raw.length - 1));
        assertThrows(DatasetFormatException.class, () -> Idx.read(f, 3, OptionalInt.of(1)));
    }

    @Test
    void shouldRejectTrailingBytes() throws IOException
    {
        final byte[] raw = images(3);
        final Path f = write("long", Arrays.copyOf(raw, raw.length + 1));
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class,
            () -> Idx.read(f, 3, OptionalInt.empty()));
        assertTrue(ex.getMessage().contains("trailing bytes"), ex.getMessage());
    }

    @Test
    void shouldRejectTruncatedHeader() throws IOException
    {
        final Path f = write("tiny", Arrays.copyOf(images(3), 9));
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class,
            () -> Idx.read(f, 3, OptionalInt.empty()));
        assertTrue(ex.getMessage().startsWith(f + ": truncated header: 5 of 12 dimension bytes"), ex.getMessage());
    }

    @Test
    void shouldRejectTruncatedGzipNamingFile() throws IOException
    {
        final byte[] gz = gzip(images(3));
        final Path f = write("cut.gz", Arrays.copyOf(gz, gz.length - 12));
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class,
            () -> Idx.read(f, 3, OptionalInt.empty()));
        assertTrue(ex.getMessage().startsWith(f + ": gzip stream is truncated or corrupt"), ex.getMessage());
    }

    @Test
    void shouldRejectCountMismatchBetweenImagesAndLabels() throws IOException
    {
        final Path l = write("l", labels(2, 0));
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class,
            () -> Idx.loadPair(write("i", images(3)), l, OptionalInt.empty()));
        assertTrue(ex.getMessage().startsWith(l + ": items=2 but images file"), ex.getMessage());
        assertTrue(ex.getMessage().endsWith("has items=3 (rule: one label per image)"), ex.getMessage());
    }
}
