package org.nmsim.traces;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record layouts of a trace file ({@link TraceFileDescriptor} draws them): the time type follows the time model
 * (int64 steps when stepped, float64 milliseconds when continuous), the value type follows the probed variable
 * (int32 for raw fixed-point state and spike payloads, float32 or float64 for float state).
 *
 * <p>Threading: immutable; thread safe.
 */
public enum RecordLayout
{
    /** int64 step, int32 neuron, int32 value: 16 bytes. Fixed-point state, spikes (payload or 1). */
    STEPPED_INT32(1, true, ValueType.INT32),
    /** int64 step, int32 neuron, float32 value: 16 bytes. */
    STEPPED_FLOAT32(2, true, ValueType.FLOAT32),
    /** int64 step, int32 neuron, int32 padding, float64 value: 24 bytes. */
    STEPPED_FLOAT64(3, true, ValueType.FLOAT64),
    /** float64 time, int32 neuron, int32 value: 16 bytes. Spikes of event-based neurons. */
    CONTINUOUS_INT32(4, false, ValueType.INT32),
    /** float64 time, int32 neuron, float32 value: 16 bytes. */
    CONTINUOUS_FLOAT32(5, false, ValueType.FLOAT32),
    /** float64 time, int32 neuron, int32 padding, float64 value: 24 bytes. */
    CONTINUOUS_FLOAT64(6, false, ValueType.FLOAT64);

    /** How a record stores its value. */
    public enum ValueType
    {
        /** Little-endian int32 at offset 12. */
        INT32,
        /** Little-endian IEEE-754 float32 at offset 12. */
        FLOAT32,
        /** Little-endian IEEE-754 float64 at offset 16, after 4 bytes of zero padding. */
        FLOAT64
    }

    private static final RecordLayout[] BY_CODE = values();

    private final int code;
    private final boolean stepped;
    private final ValueType valueType;

    RecordLayout(final int code, final boolean stepped, final ValueType valueType)
    {
        this.code = code;
        this.stepped = stepped;
        this.valueType = valueType;
    }

    /**
     * @param code a layout code read from a file.
     * @return the layout, or {@code null} when the code is unknown.
     */
    public static RecordLayout ofCode(final int code)
    {
        return code >= 1 && code <= BY_CODE.length ? BY_CODE[code - 1] : null;
    }

    /** @return the code stored in the header. */
    public int code()
    {
        return code;
    }

    /** @return true when time is an int64 step, false when it is a float64 in milliseconds. */
    public boolean stepped()
    {
        return stepped;
    }

    /** @return "stepped" or "continuous", as written in the metadata. */
    public String timeModel()
    {
        return stepped ? "stepped" : "continuous";
    }

    /** @return how the value is stored. */
    public ValueType valueType()
    {
        return valueType;
    }

    /** @return the record length in bytes: 16, or 24 for float64 values. */
    public int length()
    {
        return valueType == ValueType.FLOAT64 ? 24 : 16;
    }

    /** @return the offset of the value field in the record. */
    public int valueOffset()
    {
        return valueType == ValueType.FLOAT64 ? 16 : 12;
    }

    /** @return the numpy dtype of one record as a dictionary that {@code np.dtype(...)} accepts. */
    public Map<String, Object> numpyDtype()
    {
        final String valueFormat = switch (valueType)
        {
            case INT32 -> "<i4";
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
        };
        final Map<String, Object> dtype = new LinkedHashMap<>();
        dtype.put("names", List.of("time", "neuron", "value"));
        dtype.put("formats", List.of(stepped ? "<i8" : "<f8", "<i4", valueFormat));
        dtype.put("offsets", List.of(TraceFileDescriptor.TIME_OFFSET, TraceFileDescriptor.NEURON_OFFSET, valueOffset()));
        dtype.put("itemsize", length());
        return dtype;
    }
}
