package org.nmsim.chip.message;

/**
 * Layout of a Loihi spike message: 32 bits (HARDWARE.md, Loihi: "Spike message: 32 bit").
 *
 * <p>Only the total size is confirmed. The field split below is an <b>assumption</b> (Davies et al. 2018 do not
 * publish it; HARDWARE.md gives no fields): a relative tile offset for dimension-order routing, the destination
 * core within the tile and the destination axon. The axon field is 12 bits because a core has up to 4,096 input
 * axon lists (HARDWARE.md, Loihi fan-in); the core field is 2 bits because a tile holds 4 cores (derived in
 * {@code ChipMesh}, see HARDWARE.md "barrier sync, 1 to 32 tiles" with 128 cores).
 *
 * <pre>
 *    31        26 25        20 19  18 17                      6 5        0
 *   +------------+------------+------+-------------------------+----------+
 *   |  dy (s6)   |  dx (s6)   | core |     axon (12, u)        | rsvd (6) |
 *   +------------+------------+------+-------------------------+----------+
 *   dy, dx: signed tile offsets in [-32, 31]; core: core in tile 0..3; axon: 0..4095; rsvd: 0
 * </pre>
 *
 * <p>Threading: stateless, thread safe.
 */
public final class LoihiSpikeDescriptor
{
    /** Size of the message on the wire (HARDWARE.md, Loihi). */
    public static final int SIZE_BITS = 32;
    /** Source of {@link #SIZE_BITS}. */
    public static final String SIZE_SOURCE = "HARDWARE.md, Loihi (Davies et al. 2018): spike message 32 bit";
    /** Source of the field split. */
    public static final String LAYOUT_SOURCE = "assumption: field split not published; axon field sized for"
        + " 4,096 input axon lists per core (HARDWARE.md, Loihi fan-in)";

    /** Bit offset of the dy field. */
    public static final int DY_OFFSET = 26;
    /** Bit offset of the dx field. */
    public static final int DX_OFFSET = 20;
    /** Bit offset of the core-in-tile field. */
    public static final int CORE_OFFSET = 18;
    /** Bit offset of the axon field. */
    public static final int AXON_OFFSET = 6;
    /** Width of the dx and dy fields. */
    public static final int OFFSET_BITS = 6;
    /** Width of the core-in-tile field. */
    public static final int CORE_BITS = 2;
    /** Width of the axon field. */
    public static final int AXON_BITS = 12;

    private LoihiSpikeDescriptor()
    {
    }

    /**
     * @param dy   signed tile offset north-south, in [-32, 31].
     * @param dx   signed tile offset east-west, in [-32, 31].
     * @param core destination core within the tile, 0..3.
     * @param axon destination axon, 0..4095.
     * @return the 32-bit message.
     * @throws IllegalArgumentException if a field is out of range.
     */
    public static int encode(final int dy, final int dx, final int core, final int axon)
    {
        checkSigned("dy", dy, OFFSET_BITS);
        checkSigned("dx", dx, OFFSET_BITS);
        checkUnsigned("core", core, CORE_BITS);
        checkUnsigned("axon", axon, AXON_BITS);
        final int m6 = (1 << OFFSET_BITS) - 1;
        return (dy & m6) << DY_OFFSET | (dx & m6) << DX_OFFSET | core << CORE_OFFSET | axon << AXON_OFFSET;
    }

    /**
     * @param message a 32-bit message.
     * @return the signed dy field.
     */
    public static int dy(final int message)
    {
        return message >> DY_OFFSET;
    }

    /**
     * @param message a 32-bit message.
     * @return the signed dx field.
     */
    public static int dx(final int message)
    {
        return (message << (32 - DX_OFFSET - OFFSET_BITS)) >> (32 - OFFSET_BITS);
    }

    /**
     * @param message a 32-bit message.
     * @return the core-in-tile field.
     */
    public static int core(final int message)
    {
        return (message >>> CORE_OFFSET) & ((1 << CORE_BITS) - 1);
    }

    /**
     * @param message a 32-bit message.
     * @return the axon field.
     */
    public static int axon(final int message)
    {
        return (message >>> AXON_OFFSET) & ((1 << AXON_BITS) - 1);
    }

    private static void checkSigned(final String name, final int v, final int bits)
    {
        final int min = -(1 << (bits - 1));
        final int max = (1 << (bits - 1)) - 1;
        if (v < min || v > max)
        {
            throw new IllegalArgumentException("Loihi spike message: " + name + "=" + v + " exceeds " + bits
                + "-bit signed field range [" + min + "," + max + "]");
        }
    }

    private static void checkUnsigned(final String name, final int v, final int bits)
    {
        final int max = (1 << bits) - 1;
        if (v < 0 || v > max)
        {
            throw new IllegalArgumentException("Loihi spike message: " + name + "=" + v + " exceeds " + bits
                + "-bit unsigned field range [0," + max + "]");
        }
    }
}
