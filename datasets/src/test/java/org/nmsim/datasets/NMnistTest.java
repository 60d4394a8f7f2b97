package org.nmsim.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NMnistTest
{
    @TempDir
    Path dir;

    /** Encodes one event by the format of Orchard et al. 2015, written out bit by bit from the spec. */
    private static void event(final ByteArrayOutputStream out, final int x, final int y, final boolean on,
        final int tUs)
    {
        out.write(x);
        out.write(y);
        out.write((on ? 0x80 : 0x00) | ((tUs >> 16) & 0x7F));
        out.write((tUs >> 8) & 0xFF);
        out.write(tUs & 0xFF);
    }

    @Test
    void shouldDecodeAddressPolarityAndAll23TimestampBits() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        event(out, 0, 33, true, 0);
        event(out, 33, 0, false, 0x7FFFFF);
        event(out, 17, 5, true, 0x012345);
        final Path f = Files.write(dir.resolve("00002.bin"), out.toByteArray());
        // the raw bytes of event 1, by hand: x=0x21 y=0x00, byte2 = 0 (OFF) | 0x7F, 0xFF, 0xFF
        assertEquals(List.of(0x21, 0x00, 0x7F, 0xFF, 0xFF), List.of(out.toByteArray()[5] & 0xFF,
            out.toByteArray()[6] & 0xFF, out.toByteArray()[7] & 0xFF, out.toByteArray()[8] & 0xFF,
            out.toByteArray()[9] & 0xFF));
        final EventStream ev = NMnist.read(f);
        assertEquals(3, ev.count());
        assertEquals(34, ev.width());
        assertEquals(34, ev.height());
        assertEquals(0, ev.x(0));
        assertEquals(33, ev.y(0));
        assertTrue(ev.polarity(0));
        assertEquals(0, ev.timeUs(0));
        assertEquals(33, ev.x(1));
        assertFalse(ev.polarity(1));
        assertEquals(8_388_607L, ev.timeUs(1));
        assertEquals(74_565L, ev.timeUs(2));
        assertTrue(ev.polarity(2));
    }

    @Test
    void shouldDecodeHandWrittenBytes() throws IOException
    {
        // x=3, y=4, byte2=0x81 -> ON, t = (0x01 << 16) | (0x02 << 8) | 0x03 = 66051 us
        final Path f = Files.write(dir.resolve("h.bin"), new byte[] {3, 4, (byte)0x81, 2, 3});
        final EventStream ev = NMnist.read(f);
        assertEquals(3, ev.x(0));
        assertEquals(4, ev.y(0));
        assertTrue(ev.polarity(0));
        assertEquals(66_051L, ev.timeUs(0));
    }

    @Test
    void shouldRejectTruncatedFileNamingLength() throws IOException
    {
        final Path f = Files.write(dir.resolve("cut.bin"), new byte[] {3, 4, (byte)0x81, 2, 3, 9, 9});
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class, () -> NMnist.read(f));
        assertEquals(f + ": truncated: length=7 is not a multiple of 5 (N-MNIST rule: 40-bit events, 5 bytes " +
            "each; 2 trailing bytes)", ex.getMessage());
    }

    @Test
    void shouldRejectAddressOutsideWindowAndMissingFile() throws IOException
    {
        final Path f = Files.write(dir.resolve("big.bin"), new byte[] {34, 0, 0, 0, 1});
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class, () -> NMnist.read(f));
        assertTrue(ex.getMessage().contains("event 0 at byte offset 0: x=34 y=0"), ex.getMessage());
        final DatasetFormatException missing = assertThrows(DatasetFormatException.class,
            () -> NMnist.read(dir.resolve("none.bin")));
        assertTrue(missing.getMessage().endsWith("none.bin: file does not exist (rule: the dataset file must exist)"),
            missing.getMessage());
    }

    @Test
    void shouldListSamplesByLabelThenName() throws IOException
    {
        final Path train = dir.resolve("Train");
        for (int d = 0; d <= 9; d++)
        {
            Files.createDirectories(train.resolve(Integer.toString(d)));
        }
        Files.write(train.resolve("3/00010.bin"), new byte[0]);
        Files.write(train.resolve("3/00002.bin"), new byte[0]);
        Files.write(train.resolve("1/00007.bin"), new byte[0]);
        Files.write(train.resolve("1/readme.txt"), new byte[0]);
        final List<NMnist.Sample> s = NMnist.samples(train);
        assertEquals(Arrays.asList(new NMnist.Sample(train.resolve("1/00007.bin"), 1),
            new NMnist.Sample(train.resolve("3/00002.bin"), 3), new NMnist.Sample(train.resolve("3/00010.bin"), 3)),
            s);
        assertEquals(0, NMnist.read(s.get(0).file()).count());
        Files.delete(train.resolve("9"));
        assertThrows(DatasetFormatException.class, () -> NMnist.samples(train));
    }
}
