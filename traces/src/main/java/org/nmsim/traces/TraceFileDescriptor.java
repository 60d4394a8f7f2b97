package org.nmsim.traces;

import java.nio.charset.StandardCharsets;

/**
 * The layout of a trace file, described once: a fixed header, a JSON metadata block and fixed-size little-endian
 * records that numpy reads directly ({@code np.fromfile(path, dtype=meta["dtype"], offset=headerLength)}).
 *
 * <p>Threading: constants only; thread safe.
 *
 * <p>Header (all integers little-endian):
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Magic, ASCII "NMSTRACE"                      |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Format version (int32) = 1                   |  8
 *  +---------------------------------------------------------------+
 *  |     Header length in bytes (int32), incl. metadata, mod 8 = 0 | 12
 *  +---------------------------------------------------------------+
 *  |                  Record layout code (int32)                   | 16
 *  +---------------------------------------------------------------+
 *  |         Metadata length in bytes (int32), before padding      | 20
 *  +---------------------------------------------------------------+
 *  |  UTF-8 JSON metadata, padded with spaces (0x20) to a multiple  | 24
 *  |  of 8 bytes so that the records that follow are 8-byte aligned |
 *  +---------------------------------------------------------------+
 *  |                  Records ({@link RecordLayout})               | header length
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Records of the 16-byte layouts ({@code *_INT32}, {@code *_FLOAT32}):
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |   Time: int64 step (stepped) or float64 ms (continuous)       |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Neuron id (int32)                            |  8
 *  +---------------------------------------------------------------+
 *  |                  Value (int32 or float32)                     | 12
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Records of the 24-byte layouts ({@code *_FLOAT64}):
 * <pre>
 *  +---------------------------------------------------------------+
 *  |   Time: int64 step (stepped) or float64 ms (continuous)       |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Neuron id (int32)                            |  8
 *  +---------------------------------------------------------------+
 *  |                  Padding (int32) = 0                          | 12
 *  +---------------------------------------------------------------+
 *  |                  Value (float64)                              | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The JSON metadata names the variable, population, unit, time model ({@code "stepped"} or
 * {@code "continuous"}), sampling interval, time unit and nmsim version, and repeats the record layout as a numpy
 * dtype dictionary ({@code "dtype"}) so that readers need nothing from nmsim. A file cut short mid-record is still
 * readable up to its last complete record.
 */
public final class TraceFileDescriptor
{
    /** The magic bytes that open every trace file. */
    public static final byte[] MAGIC = "NMSTRACE".getBytes(StandardCharsets.US_ASCII);

    /** The trace format version this nmsim writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** Offset of the magic bytes. */
    public static final int MAGIC_OFFSET = 0;

    /** Offset of the int32 format version. */
    public static final int VERSION_OFFSET = 8;

    /** Offset of the int32 header length (fixed part, metadata and padding). */
    public static final int HEADER_LENGTH_OFFSET = 12;

    /** Offset of the int32 record layout code ({@link RecordLayout#code()}). */
    public static final int LAYOUT_OFFSET = 16;

    /** Offset of the int32 metadata length in bytes, before padding. */
    public static final int METADATA_LENGTH_OFFSET = 20;

    /** Offset of the JSON metadata block; also the length of the fixed part of the header. */
    public static final int METADATA_OFFSET = 24;

    /** Alignment of the header length, and so of the first record. */
    public static final int ALIGNMENT = 8;

    /** Offset of the time field in every record. */
    public static final int TIME_OFFSET = 0;

    /** Offset of the neuron id field in every record. */
    public static final int NEURON_OFFSET = 8;

    private TraceFileDescriptor()
    {
    }

    /**
     * @param metadataLength the metadata length in bytes.
     * @return the header length: fixed part plus metadata, rounded up to {@link #ALIGNMENT}.
     */
    public static int headerLength(final int metadataLength)
    {
        return (METADATA_OFFSET + metadataLength + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
