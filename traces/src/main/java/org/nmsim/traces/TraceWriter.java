package org.nmsim.traces;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Streams the records of one probed variable to a trace file ({@link TraceFileDescriptor}) through a fixed-size
 * buffer that is written out whenever it fills, so a run of any length costs one buffer of memory.
 *
 * <p>Threading: NOT thread safe; one writer per probe, owned by the worker that runs the probed cores.
 *
 * <p>The header is written when the writer opens. Records are on disk after {@link #flush()} or {@link #close()};
 * if the process dies in between, the file still reads up to its last complete record.
 */
public final class TraceWriter implements AutoCloseable
{
    /** Records per buffer when none is given: 4,096 (64 KiB or 96 KiB). */
    public static final int DEFAULT_BUFFER_RECORDS = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final RecordLayout layout;
    private final int recordLength;
    private final int valueOffset;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private long recordCount;
    private boolean closed;

    private TraceWriter(final Path path, final RecordLayout layout, final FileChannel channel, final int bufferRecords)
    {
        this.path = path;
        this.layout = layout;
        this.recordLength = layout.length();
        this.valueOffset = layout.valueOffset();
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(bufferRecords * recordLength).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates (or truncates) the file and writes its header, with a buffer of {@link #DEFAULT_BUFFER_RECORDS}.
     *
     * @param path     the trace file.
     * @param metadata what the file holds.
     * @param layout   the record layout.
     * @return the open writer.
     * @throws IOException when the file cannot be created or written.
     */
    public static TraceWriter open(final Path path, final TraceMetadata metadata, final RecordLayout layout)
        throws IOException
    {
        return open(path, metadata, layout, DEFAULT_BUFFER_RECORDS);
    }

    /**
     * Creates (or truncates) the file and writes its header.
     *
     * @param path          the trace file.
     * @param metadata      what the file holds.
     * @param layout        the record layout.
     * @param bufferRecords how many records the buffer holds before it is written out, at least 1.
     * @return the open writer.
     * @throws IOException when the file cannot be created or written.
     */
    public static TraceWriter open(
        final Path path, final TraceMetadata metadata, final RecordLayout layout, final int bufferRecords)
        throws IOException
    {
        if (bufferRecords < 1)
        {
            throw new IllegalArgumentException(path + ": bufferRecords=" + bufferRecords + " must be >= 1");
        }
        final byte[] header = header(metadata, layout);
        final FileChannel channel = FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        try
        {
            final ByteBuffer headerBuffer = ByteBuffer.wrap(header);
            while (headerBuffer.hasRemaining())
            {
                channel.write(headerBuffer);
            }
            return new TraceWriter(path, layout, channel, bufferRecords);
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /**
     * The complete header for a file: fixed part, JSON metadata and space padding.
     *
     * @param metadata what the file holds.
     * @param layout   the record layout.
     * @return the header bytes; their length is a multiple of {@link TraceFileDescriptor#ALIGNMENT}.
     */
    static byte[] header(final TraceMetadata metadata, final RecordLayout layout)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("variable", metadata.variable());
        json.put("population", metadata.population());
        json.put("unit", metadata.unit());
        json.put("timeModel", layout.timeModel());
        json.put("timeUnit", metadata.timeUnit());
        json.put("samplingInterval", metadata.samplingInterval());
        json.put("nmsimVersion", metadata.nmsimVersion());
        json.put("layout", layout.name());
        json.put("dtype", layout.numpyDtype());
        final byte[] metadataBytes;
        try
        {
            metadataBytes = JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("trace metadata cannot be serialised: " + ex.getOriginalMessage(), ex);
        }
        final int headerLength = TraceFileDescriptor.headerLength(metadataBytes.length);
        final byte[] header = new byte[headerLength];
        Arrays.fill(header, TraceFileDescriptor.METADATA_OFFSET, headerLength, (byte)' ');
        final ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        b.put(TraceFileDescriptor.MAGIC_OFFSET, TraceFileDescriptor.MAGIC);
        b.putInt(TraceFileDescriptor.VERSION_OFFSET, TraceFileDescriptor.FORMAT_VERSION);
        b.putInt(TraceFileDescriptor.HEADER_LENGTH_OFFSET, headerLength);
        b.putInt(TraceFileDescriptor.LAYOUT_OFFSET, layout.code());
        b.putInt(TraceFileDescriptor.METADATA_LENGTH_OFFSET, metadataBytes.length);
        b.put(TraceFileDescriptor.METADATA_OFFSET, metadataBytes);
        return header;
    }

    /**
     * A spike at a step: value 1 (use {@link #appendStepped(long, int, int)} for a payload).
     *
     * @param step   the step.
     * @param neuron the neuron id within the population.
     * @throws IOException when a full buffer cannot be written out.
     */
    public void spike(final long step, final int neuron) throws IOException
    {
        appendStepped(step, neuron, 1);
    }

    /**
     * A spike at a continuous time: value 1 (use {@link #appendContinuous(double, int, int)} for a payload).
     *
     * @param timeMs the time in milliseconds.
     * @param neuron the neuron id within the population.
     * @throws IOException when a full buffer cannot be written out.
     */
    public void spike(final double timeMs, final int neuron) throws IOException
    {
        appendContinuous(timeMs, neuron, 1);
    }

    /**
     * One record of a stepped layout with an integer value (stored exactly as int32, or converted to float).
     *
     * @param step   the step.
     * @param neuron the neuron id within the population.
     * @param value  the value: a raw fixed-point word or a spike payload.
     * @throws IOException when a full buffer cannot be written out.
     */
    public void appendStepped(final long step, final int neuron, final int value) throws IOException
    {
        requireTimeModel(true);
        final int offset = claim();
        buffer.putLong(offset + TraceFileDescriptor.TIME_OFFSET, step);
        putIntValue(offset, neuron, value);
    }

    /**
     * One record of a stepped float layout.
     *
     * @param step   the step.
     * @param neuron the neuron id within the population.
     * @param value  the value (rounded to float32 by the FLOAT32 layouts).
     * @throws IOException when a full buffer cannot be written out.
     */
    public void appendStepped(final long step, final int neuron, final double value) throws IOException
    {
        requireTimeModel(true);
        requireFloatValue(value);
        final int offset = claim();
        buffer.putLong(offset + TraceFileDescriptor.TIME_OFFSET, step);
        putDoubleValue(offset, neuron, value);
    }

    /**
     * One record of a continuous layout with an integer value.
     *
     * @param timeMs the time in milliseconds.
     * @param neuron the neuron id within the population.
     * @param value  the value: a raw fixed-point word or a spike payload.
     * @throws IOException when a full buffer cannot be written out.
     */
    public void appendContinuous(final double timeMs, final int neuron, final int value) throws IOException
    {
        requireTimeModel(false);
        final int offset = claim();
        buffer.putDouble(offset + TraceFileDescriptor.TIME_OFFSET, timeMs);
        putIntValue(offset, neuron, value);
    }

    /**
     * One record of a continuous float layout.
     *
     * @param timeMs the time in milliseconds.
     * @param neuron the neuron id within the population.
     * @param value  the value (rounded to float32 by the FLOAT32 layouts).
     * @throws IOException when a full buffer cannot be written out.
     */
    public void appendContinuous(final double timeMs, final int neuron, final double value) throws IOException
    {
        requireTimeModel(false);
        requireFloatValue(value);
        final int offset = claim();
        buffer.putDouble(offset + TraceFileDescriptor.TIME_OFFSET, timeMs);
        putDoubleValue(offset, neuron, value);
    }

    /** @return the records appended so far, written out or buffered. */
    public long recordCount()
    {
        return recordCount;
    }

    /** @return the record layout. */
    public RecordLayout layout()
    {
        return layout;
    }

    /** @return the trace file. */
    public Path path()
    {
        return path;
    }

    /**
     * Writes the buffered records to the file (no fsync).
     *
     * @throws IOException when they cannot be written.
     */
    public void flush() throws IOException
    {
        requireOpen();
        buffer.flip();
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /**
     * Writes the buffered records and closes the file; closing twice does nothing.
     *
     * @throws IOException when they cannot be written.
     */
    @Override
    public void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        try
        {
            flush();
        }
        finally
        {
            closed = true;
            channel.close();
        }
    }

    private int claim() throws IOException
    {
        if (buffer.remaining() < recordLength)
        {
            flush();
        }
        final int offset = buffer.position();
        buffer.position(offset + recordLength);
        recordCount++;
        return offset;
    }

    private void putIntValue(final int offset, final int neuron, final int value)
    {
        buffer.putInt(offset + TraceFileDescriptor.NEURON_OFFSET, neuron);
        switch (layout.valueType())
        {
            case INT32 -> buffer.putInt(offset + valueOffset, value);
            case FLOAT32 -> buffer.putFloat(offset + valueOffset, value);
            case FLOAT64 ->
            {
                buffer.putInt(offset + 12, 0);
                buffer.putDouble(offset + valueOffset, value);
            }
        }
    }

    private void putDoubleValue(final int offset, final int neuron, final double value)
    {
        buffer.putInt(offset + TraceFileDescriptor.NEURON_OFFSET, neuron);
        switch (layout.valueType())
        {
            case INT32 -> throw new IllegalStateException("unreachable: requireFloatValue checked the layout");
            case FLOAT32 -> buffer.putFloat(offset + valueOffset, (float)value);
            case FLOAT64 ->
            {
                buffer.putInt(offset + 12, 0);
                buffer.putDouble(offset + valueOffset, value);
            }
        }
    }

    private void requireTimeModel(final boolean stepped) throws IOException
    {
        requireOpen();
        if (layout.stepped() != stepped)
        {
            throw new IllegalArgumentException(path + ": " + (stepped ? "appendStepped" : "appendContinuous")
                + " called but layout=" + layout + " has timeModel=" + layout.timeModel()
                + " (append with the time type of the layout)");
        }
    }

    private void requireFloatValue(final double value)
    {
        if (layout.valueType() == RecordLayout.ValueType.INT32)
        {
            throw new IllegalArgumentException(path + ": value=" + value + " is a double but layout=" + layout
                + " stores int32 values (append an int, or open the trace with a float layout)");
        }
    }

    private void requireOpen() throws IOException
    {
        if (closed)
        {
            throw new IOException(path + ": trace writer is closed (append before close)");
        }
    }
}
