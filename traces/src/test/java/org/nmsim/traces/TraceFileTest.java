package org.nmsim.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TraceFileTest
{
    private static final TraceMetadata META = new TraceMetadata("v", "hidden", "raw", 1, "step", "test");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(RecordLayout.class)
    void shouldRoundTripEveryLayoutAcrossManyWriterFlushesAndReaderRefills(final RecordLayout layout) throws IOException
    {
        final Path file = dir.resolve(layout + ".trace");
        final int n = 10_000; // > 2 reader buffers of 4,096 records, with a 7-record writer buffer
        try (TraceWriter w = TraceWriter.open(file, META, layout, 7))
        {
            for (int i = 0; i < n; i++)
            {
                write(w, layout, i);
            }
            assertEquals(n, w.recordCount());
        }
        assertEquals(0, (Files.size(file) - TraceWriter.header(META, layout).length) % layout.length());
        try (TraceReader r = TraceReader.open(file))
        {
            assertEquals(META, r.metadata());
            assertEquals(layout, r.layout());
            assertEquals(n, r.recordCount());
            assertEquals(0, r.droppedTrailingBytes());
            assertEquals(0, r.headerLength() % 8);
            for (int i = 0; i < n; i++)
            {
                assertTrue(r.next(), "record " + i);
                assertEquals(time(layout, i), r.time(), "time of record " + i);
                assertEquals(i % 1024, r.neuron());
                assertEquals(expectedValue(layout, i), r.value(), "value of record " + i);
            }
            assertFalse(r.next());
        }
    }

    @Test
    void shouldWriteSpikesWithValueOneAndPayloadsExactly() throws IOException
    {
        final Path file = dir.resolve("spikes.trace");
        try (TraceWriter w = TraceWriter.open(file, TraceMetadata.steppedSpikes("out", "test"),
            RecordLayout.STEPPED_INT32))
        {
            w.spike(3L, 17);
            w.appendStepped(4L, 18, -5);
            w.appendStepped(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE);
        }
        try (TraceReader r = TraceReader.open(file))
        {
            assertEquals("spikes", r.metadata().variable());
            assertTrue(r.next());
            assertEquals(3L, r.step());
            assertEquals(17, r.neuron());
            assertEquals(1, r.intValue());
            assertTrue(r.next());
            assertEquals(-5, r.intValue());
            assertTrue(r.next());
            assertEquals(Long.MAX_VALUE, r.step());
            assertEquals(Integer.MAX_VALUE, r.neuron());
            assertEquals(Integer.MIN_VALUE, r.intValue());
            assertFalse(r.next());
        }
    }

    @Test
    void shouldReadTruncatedFileUpToLastCompleteRecord() throws IOException
    {
        final Path file = dir.resolve("cut.trace");
        try (TraceWriter w = TraceWriter.open(file, META, RecordLayout.STEPPED_FLOAT64))
        {
            for (int i = 0; i < 10; i++)
            {
                w.appendStepped(i, i, i * 0.5);
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            ch.truncate(ch.size() - 24 - 5);
        }
        try (TraceReader r = TraceReader.open(file))
        {
            assertEquals(8, r.recordCount());
            assertEquals(19, r.droppedTrailingBytes());
            int count = 0;
            while (r.next())
            {
                assertEquals(count * 0.5, r.value());
                count++;
            }
            assertEquals(8, count);
        }
    }

    @Test
    void shouldRejectWrongMagicNamingTheFile() throws IOException
    {
        final Path file = dir.resolve("notrace.bin");
        Files.write(file, "NOTATRACEFILE-BUT-LONG-ENOUGH-FOR-A-HEADER".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        final FileFormatException ex = assertThrows(FileFormatException.class, () -> TraceReader.open(file));
        assertTrue(ex.getMessage().startsWith(file + ": magic=\"NOTATRAC\""), ex.getMessage());
    }

    @Test
    void shouldRejectNewerFormatVersionNamingTheRule() throws IOException
    {
        final Path file = dir.resolve("v2.trace");
        final byte[] header = TraceWriter.header(META, RecordLayout.STEPPED_INT32);
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(TraceFileDescriptor.VERSION_OFFSET, 2);
        Files.write(file, header);
        final FileFormatException ex = assertThrows(FileFormatException.class, () -> TraceReader.open(file));
        assertEquals(file + ": formatVersion=2 but this nmsim reads formatVersion=1 (read it with the nmsim that "
            + "wrote it)", ex.getMessage());
    }

    @Test
    void shouldRejectTruncatedHeader() throws IOException
    {
        final byte[] header = TraceWriter.header(META, RecordLayout.STEPPED_INT32);
        final Path shortFixed = dir.resolve("short.trace");
        Files.write(shortFixed, Arrays.copyOf(header, 10));
        final FileFormatException ex1 = assertThrows(FileFormatException.class, () -> TraceReader.open(shortFixed));
        assertTrue(ex1.getMessage().startsWith(shortFixed + ": truncated header, file has 10 bytes"), ex1.getMessage());

        final Path hugeMeta = dir.resolve("hugemeta.trace");
        final byte[] h = header.clone();
        ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).putInt(TraceFileDescriptor.METADATA_LENGTH_OFFSET,
            Integer.MAX_VALUE);
        Files.write(hugeMeta, h);
        final FileFormatException exHuge = assertThrows(FileFormatException.class, () -> TraceReader.open(hugeMeta));
        assertTrue(exHuge.getMessage().startsWith(hugeMeta + ": truncated header, metadataLength=2147483647"),
            exHuge.getMessage());

        final Path shortMeta = dir.resolve("shortmeta.trace");
        Files.write(shortMeta, Arrays.copyOf(header, header.length - 9));
        final FileFormatException ex2 = assertThrows(FileFormatException.class, () -> TraceReader.open(shortMeta));
        assertTrue(ex2.getMessage().startsWith(shortMeta + ": truncated header"), ex2.getMessage());
    }

    @Test
    void shouldRejectUnknownLayoutCodeAndCorruptMetadata() throws IOException
    {
        final byte[] header = TraceWriter.header(META, RecordLayout.STEPPED_INT32);
        final Path badLayout = dir.resolve("layout.trace");
        final byte[] h1 = header.clone();
        ByteBuffer.wrap(h1).order(ByteOrder.LITTLE_ENDIAN).putInt(TraceFileDescriptor.LAYOUT_OFFSET, 99);
        Files.write(badLayout, h1);
        final FileFormatException ex1 = assertThrows(FileFormatException.class, () -> TraceReader.open(badLayout));
        assertTrue(ex1.getMessage().startsWith(badLayout + ": layout code=99 is unknown"), ex1.getMessage());

        final Path badJson = dir.resolve("json.trace");
        final byte[] h2 = header.clone();
        h2[TraceFileDescriptor.METADATA_OFFSET] = 'x';
        Files.write(badJson, h2);
        final FileFormatException ex2 = assertThrows(FileFormatException.class, () -> TraceReader.open(badJson));
        assertTrue(ex2.getMessage().startsWith(badJson + ": header metadata is malformed JSON at line 1 column"),
            ex2.getMessage());
    }

    @Test
    void shouldRefuseAppendsThatDoNotMatchTheLayout() throws IOException
    {
        final Path file = dir.resolve("mismatch.trace");
        try (TraceWriter w = TraceWriter.open(file, META, RecordLayout.STEPPED_INT32))
        {
            assertThrows(IllegalArgumentException.class, () -> w.appendContinuous(1.0, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> w.appendStepped(1L, 1, 0.5));
            assertEquals(0, w.recordCount());
        }
        try (TraceReader r = TraceReader.open(file))
        {
            assertEquals(0, r.recordCount());
        }
    }

    static void write(final TraceWriter w, final RecordLayout layout, final int i) throws IOException
    {
        final int neuron = i % 1024;
        if (layout.stepped())
        {
            if (layout.valueType() == RecordLayout.ValueType.INT32)
            {
                w.appendStepped(i, neuron, i * 3 - 700);
            }
            else
            {
                w.appendStepped(i, neuron, i * 0.1);
            }
        }
        else if (layout.valueType() == RecordLayout.ValueType.INT32)
        {
            w.appendContinuous(i * 0.25, neuron, i * 3 - 700);
        }
        else
        {
            w.appendContinuous(i * 0.25, neuron, i * 0.1);
        }
    }

    static double time(final RecordLayout layout, final int i)
    {
        return layout.stepped() ? i : i * 0.25;
    }

    static double expectedValue(final RecordLayout layout, final int i)
    {
        return switch (layout.valueType())
        {
            case INT32 -> i * 3 - 700;
            case FLOAT32 -> (float)(i * 0.1);
            case FLOAT64 -> i * 0.1;
        };
    }
}
