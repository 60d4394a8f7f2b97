package org.nmsim.traces;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a trace file ({@link TraceFileDescriptor}) record by record, as a cursor: {@link #next()} moves to the next
 * record and the accessors read its fields, without allocating.
 *
 * <p>Threading: NOT thread safe; one reader per thread.
 *
 * <p>A file cut short mid-record (a run that died) reads up to its last complete record, and
 * {@link #droppedTrailingBytes()} says how many bytes of the incomplete record were ignored.
 */
public final class TraceReader implements AutoCloseable
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER_RECORDS = 4096;

    private final Path path;
    private final FileChannel channel;
    private final RecordLayout layout;
    private final TraceMetadata metadata;
    private final int headerLength;
    private final long recordCount;
    private final long droppedTrailingBytes;
    private final int recordLength;
    private final ByteBuffer buffer;
    private long recordsRead;
    private long filePosition;
    private int current = -1;

    private TraceReader(final Path path, final FileChannel channel) throws IOException
    {
        this.path = path;
        this.channel = channel;
        final long size = channel.size();
        if (size < TraceFileDescriptor.METADATA_OFFSET)
        {
            throw new FileFormatException(path + ": truncated header, file has " + size + " bytes but the fixed header"
                + " needs " + TraceFileDescriptor.METADATA_OFFSET + " (not a complete nmsim trace file)");
        }
        final ByteBuffer fixed = readFully(0, TraceFileDescriptor.METADATA_OFFSET);
        final byte[] magic = new byte[TraceFileDescriptor.MAGIC.length];
        fixed.get(TraceFileDescriptor.MAGIC_OFFSET, magic);
        if (!Arrays.equals(magic, TraceFileDescriptor.MAGIC))
        {
            throw new FileFormatException(path + ": magic=" + printable(magic) + " but nmsim trace files start with "
                + "\"NMSTRACE\" (not an nmsim trace file)");
        }
        final int version = fixed.getInt(TraceFileDescriptor.VERSION_OFFSET);
        if (version != TraceFileDescriptor.FORMAT_VERSION)
        {
            throw new FileFormatException(path + ": formatVersion=" + version + " but this nmsim reads formatVersion="
                + TraceFileDescriptor.FORMAT_VERSION + " (read it with the nmsim that wrote it)");
        }
        headerLength = fixed.getInt(TraceFileDescriptor.HEADER_LENGTH_OFFSET);
        final int metadataLength = fixed.getInt(TraceFileDescriptor.METADATA_LENGTH_OFFSET);
        if (metadataLength < 0 || metadataLength > size - TraceFileDescriptor.METADATA_OFFSET)
        {
            throw new FileFormatException(path + ": truncated header, metadataLength=" + metadataLength + " but the "
                + "file has " + (size - TraceFileDescriptor.METADATA_OFFSET) + " bytes after the fixed header "
                + "(not a complete nmsim trace file)");
        }
        if (headerLength != TraceFileDescriptor.headerLength(metadataLength))
        {
            throw new FileFormatException(path + ": headerLength=" + headerLength + " metadataLength=" + metadataLength
                + " but headerLength must be 24 + metadataLength rounded up to a multiple of 8 (corrupt header)");
        }
        if (size < headerLength)
        {
            throw new FileFormatException(path + ": truncated header, file has " + size + " bytes but headerLength="
                + headerLength + " (not a complete nmsim trace file)");
        }
        final int code = fixed.getInt(TraceFileDescriptor.LAYOUT_OFFSET);
        layout = RecordLayout.ofCode(code);
        if (layout == null)
        {
            throw new FileFormatException(path + ": layout code=" + code + " is unknown; formatVersion="
                + TraceFileDescriptor.FORMAT_VERSION + " defines codes 1 to " + RecordLayout.values().length);
        }
        final ByteBuffer metadataBuffer = readFully(TraceFileDescriptor.METADATA_OFFSET, metadataLength);
        final byte[] metadataBytes = new byte[metadataLength];
        metadataBuffer.get(0, metadataBytes);
        metadata = parseMetadata(new String(metadataBytes, StandardCharsets.UTF_8));
        recordLength = layout.length();
        final long dataBytes = size - headerLength;
        recordCount = dataBytes / recordLength;
        droppedTrailingBytes = dataBytes % recordLength;
        buffer = ByteBuffer.allocateDirect(BUFFER_RECORDS * recordLength).order(ByteOrder.LITTLE_ENDIAN);
        buffer.limit(0);
        filePosition = headerLength;
    }

    /**
     * Opens a trace file and validates its header.
     *
     * @param path the trace file.
     * @return the reader, positioned before the first record.
     * @throws FileFormatException when the header is truncated, the magic or version is wrong or the metadata is
     *                             malformed; the message names the file.
     * @throws IOException         when the file cannot be read.
     */
    public static TraceReader open(final Path path) throws IOException
    {
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try
        {
            return new TraceReader(path, channel);
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /**
     * Moves to the next complete record.
     *
     * @return false when there is none.
     * @throws IOException when the file cannot be read.
     */
    public boolean next() throws IOException
    {
        if (recordsRead == recordCount)
        {
            current = -1;
            return false;
        }
        if (current < 0 || current + recordLength >= buffer.limit())
        {
            refill();
            current = 0;
        }
        else
        {
            current += recordLength;
        }
        recordsRead++;
        return true;
    }

    /** @return the step of the current record (stepped layouts only). */
    public long step()
    {
        if (!layout.stepped())
        {
            throw new IllegalStateException(path + ": step() called but layout=" + layout
                + " has continuous time (use timeMs())");
        }
        return buffer.getLong(current + TraceFileDescriptor.TIME_OFFSET);
    }

    /** @return the time of the current record: milliseconds when continuous, the step as a double when stepped. */
    public double time()
    {
        return layout.stepped()
            ? buffer.getLong(current + TraceFileDescriptor.TIME_OFFSET)
            : buffer.getDouble(current + TraceFileDescriptor.TIME_OFFSET);
    }

    /** @return the neuron id of the current record. */
    public int neuron()
    {
        return buffer.getInt(current + TraceFileDescriptor.NEURON_OFFSET);
    }

    /** @return the value of the current record, widened to double (exact for int32 and float32). */
    public double value()
    {
        final int at = current + layout.valueOffset();
        return switch (layout.valueType())
        {
            case INT32 -> buffer.getInt(at);
            case FLOAT32 -> buffer.getFloat(at);
            case FLOAT64 -> buffer.getDouble(at);
        };
    }

    /** @return the int32 value of the current record (INT32 layouts only). */
    public int intValue()
    {
        if (layout.valueType() != RecordLayout.ValueType.INT32)
        {
            throw new IllegalStateException(path + ": intValue() called but layout=" + layout
                + " stores float values (use value())");
        }
        return buffer.getInt(current + layout.valueOffset());
    }

    /** @return what the file holds. */
    public TraceMetadata metadata()
    {
        return metadata;
    }

    /** @return the record layout. */
    public RecordLayout layout()
    {
        return layout;
    }

    /** @return the header length in bytes: the offset of the first record. */
    public int headerLength()
    {
        return headerLength;
    }

    /** @return the number of complete records in the file. */
    public long recordCount()
    {
        return recordCount;
    }

    /** @return the bytes after the last complete record that are ignored (0 unless the file was cut short). */
    public long droppedTrailingBytes()
    {
        return droppedTrailingBytes;
    }

    /** @return the trace file. */
    public Path path()
    {
        return path;
    }

    @Override
    public void close() throws IOException
    {
        channel.close();
    }

    private void refill() throws IOException
    {
        final long remainingRecords = recordCount - recordsRead;
        final int bytes = (int)Math.min(remainingRecords, BUFFER_RECORDS) * recordLength;
        buffer.clear().limit(bytes);
        while (buffer.hasRemaining())
        {
            if (channel.read(buffer, filePosition + buffer.position()) < 0)
            {
                throw new EOFException(path + ": file shrank while being read at byte "
                    + (filePosition + buffer.position()) + " (do not truncate a trace while reading it)");
            }
        }
        buffer.flip();
        filePosition += bytes;
    }

    private ByteBuffer readFully(final long position, final int length) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining())
        {
            if (channel.read(b, position + b.position()) < 0)
            {
                throw new FileFormatException(path + ": truncated header at byte " + (position + b.position())
                    + " (not a complete nmsim trace file)");
            }
        }
        return b.flip();
    }

    private TraceMetadata parseMetadata(final String text) throws FileFormatException
    {
        try
        {
            final JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject())
            {
                throw new FileFormatException(path + ": header metadata is not a JSON object (corrupt header)");
            }
            return new TraceMetadata(
                requiredText(node, "variable"),
                requiredText(node, "population"),
                requiredText(node, "unit"),
                node.path("samplingInterval").asDouble(0),
                requiredText(node, "timeUnit"),
                requiredText(node, "nmsimVersion"));
        }
        catch (final JsonProcessingException ex)
        {
            throw new FileFormatException(path + ": header metadata is malformed JSON at line "
                + ex.getLocation().getLineNr() + " column " + ex.getLocation().getColumnNr() + ": "
                + ex.getOriginalMessage() + " (corrupt header)", ex);
        }
    }

    private String requiredText(final JsonNode node, final String field) throws FileFormatException
    {
        final JsonNode value = node.get(field);
        if (value == null || !value.isTextual())
        {
            throw new FileFormatException(path + ": header metadata lacks the text field \"" + field
                + "\" that formatVersion=" + TraceFileDescriptor.FORMAT_VERSION + " requires (corrupt header)");
        }
        return value.asText();
    }

    private static String printable(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder("\"");
        for (final byte b : bytes)
        {
            sb.append(b >= 0x20 && b < 0x7F ? String.valueOf((char)b) : String.format("\\x%02x", b & 0xFF));
        }
        return sb.append('"').toString();
    }
}
