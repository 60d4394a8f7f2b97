package org.nmsim.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFilesTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadCsvWithHeaderCommentsAndBothOffSpellings() throws IOException
    {
        final Path f = Files.writeString(dir.resolve("ev.csv"),
            "x,y,p,t\n# comment\n1,2,1,10\n\n0,0,0,20\n3, 1, -1, 30\n");
        final EventStream ev = EventFiles.readCsv(f, 4, 3);
        assertEquals(3, ev.count());
        assertEquals(1, ev.x(0));
        assertEquals(2, ev.y(0));
        assertTrue(ev.polarity(0));
        assertFalse(ev.polarity(1));
        assertFalse(ev.polarity(2));
        assertEquals(30, ev.timeUs(2));
    }

    @Test
    void shouldReadGzipCsv() throws IOException
    {
        final Path f = Files.write(dir.resolve("ev.csv.gz"), IdxTest.gzip("1,2,1,10\n".getBytes()));
        assertEquals(10, EventFiles.readCsv(f, 4, 3).timeUs(0));
    }

    @Test
    void shouldRejectCsvLineOutsideSensorNamingLine() throws IOException
    {
        final Path f = Files.writeString(dir.resolve("ev.csv"), "1,2,1,10\n4,0,1,11\n");
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class,
            () -> EventFiles.readCsv(f, 4, 3));
        assertEquals(f + ":2: x=4 y=0 outside width=4 height=3 (rule: 0 <= x < width, 0 <= y < height)",
            ex.getMessage());
        final Path g = Files.writeString(dir.resolve("ev2.csv"), "1,2,1\n");
        assertThrows(DatasetFormatException.class, () -> EventFiles.readCsv(g, 4, 3));
    }

    @Test
    void shouldReadHandBuiltBinaryAndRoundTripWriter() throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(16 + 2 * 13).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'N', 'M', 'E', 'V'}).putShort((short)1).putShort((short)128).putShort((short)64)
            .putShort((short)0).putInt(2);
        b.putShort((short)127).putShort((short)63).put((byte)1).putLong(5_000_000_000L);
        b.putShort((short)0).putShort((short)1).put((byte)0).putLong(7);
        final Path f = Files.write(dir.resolve("ev.nmev"), b.array());
        final EventStream ev = EventFiles.readBinary(f);
        assertEquals(128, ev.width());
        assertEquals(64, ev.height());
        assertEquals(2, ev.count());
        assertEquals(127, ev.x(0));
        assertEquals(63, ev.y(0));
        assertTrue(ev.polarity(0));
        assertEquals(5_000_000_000L, ev.timeUs(0));
        assertFalse(ev.polarity(1));
        final Path g = dir.resolve("copy.nmev");
        EventFiles.writeBinary(ev, g);
        assertTrue(Arrays.equals(b.array(), Files.readAllBytes(g)));
    }

    @Test
    void shouldRejectBinaryWithWrongMagicOrTruncatedRecords() throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(16 + 13).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'N', 'M', 'E', 'V'}).putShort((short)1).putShort((short)2).putShort((short)2)
            .putShort((short)0).putInt(2);
        final Path f = Files.write(dir.resolve("short.nmev"), b.array());
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class,
            () -> EventFiles.readBinary(f));
        assertEquals(f + ": truncated data: 13 of 26 bytes (NMEV rule: count=2 records of 13 bytes follow the " +
            "header)", ex.getMessage());
        final byte[] wrong = b.array().clone();
        wrong[0] = 'X';
        final Path g = Files.write(dir.resolve("wrong.nmev"), wrong);
        final DatasetFormatException ex2 = assertThrows(DatasetFormatException.class,
            () -> EventFiles.readBinary(g));
        assertTrue(ex2.getMessage().startsWith(g + ": magic=0x584D4556 but expected 0x4E4D4556"), ex2.getMessage());
    }

    @Test
    void nMnistSampleShouldBinIntoFramesByHand() throws IOException
    {
        // two ON events at (1, 2) in the first 1 ms, one OFF at (1, 2) in the second: channels (p*34 + y)*34 + x
        final Path f = Files.write(dir.resolve("s.bin"), new byte[] {
            1, 2, (byte)0x80, 0x00, 0x10,
            1, 2, (byte)0x80, 0x03, (byte)0xE7,
            1, 2, 0x00, 0x03, (byte)0xE8});
        final int[][] frames = new EventBinningEncoder(2, 1000).frames(NMnist.read(f));
        assertEquals(2, frames[0][(34 + 2) * 34 + 1]);
        assertEquals(1, frames[1][2 * 34 + 1]);
        assertEquals(3, Arrays.stream(frames).flatMapToInt(Arrays::stream).sum());
    }
}
