package org.nmsim.chip.message;

/**
 * Layout of a SpiNNaker packet: 40 bits, or 72 bits with a 32-bit payload (HARDWARE.md, SpiNNaker 1: "Packets are
 * 40 bit, or 72 bit with a 32-bit payload (multicast, point-to-point, nearest-neighbour, fixed-route)").
 *
 * <p>The sizes and the packet types are confirmed by HARDWARE.md. The bit positions inside the 8-bit control byte
 * are an <b>assumption</b> taken from the SpiNNaker datasheet conventions as we recall them (type in bits 7..6,
 * payload flag in bit 1, parity in bit 0); HARDWARE.md does not list them.
 *
 * <pre>
 *   bit  71                40 39                      8 7    6 5    4 3    2 1   0
 *       +--------------------+-------------------------+------+------+------+---+---+
 *       | payload (32, opt.) |     routing key (32)    | type | emer | time |pl |par|
 *       +--------------------+-------------------------+------+------+------+---+---+
 *   type: 00 multicast, 01 point-to-point, 10 nearest-neighbour, 11 fixed-route
 *   emer: emergency routing state; time: 2-bit timestamp phase
 *   pl:   1 if the 32-bit payload is present (72-bit packet), 0 otherwise (40-bit packet)
 *   par:  odd parity over the whole packet (the count of 1 bits, parity bit included, is odd)
 * </pre>
 *
 * <p>A packet is held in two Java values: the low 40 bits (control byte and key) in a {@code long}, and the
 * payload in an {@code int}.
 *
 * <p>Threading: stateless, thread safe.
 */
public final class SpiNNakerPacketDescriptor
{
    /** Size without payload (HARDWARE.md, SpiNNaker 1). */
    public static final int SIZE_BITS = 40;
    /** Size with a 32-bit payload (HARDWARE.md, SpiNNaker 1). */
    public static final int SIZE_WITH_PAYLOAD_BITS = 72;
    /** Payload width (HARDWARE.md, SpiNNaker 1). */
    public static final int PAYLOAD_BITS = 32;
    /** Source of the sizes. */
    public static final String SIZE_SOURCE = "HARDWARE.md, SpiNNaker 1 (Furber et al. 2014; spinnaker.h): packets"
        + " 40 bit, or 72 bit with a 32-bit payload";
    /** Source of the control-byte layout. */
    public static final String LAYOUT_SOURCE = "assumption: control-byte bit positions not in HARDWARE.md";

    /** Bit offset of the routing key in the low word. */
    public static final int KEY_OFFSET = 8;
    /** Bit offset of the packet type in the control byte. */
    public static final int TYPE_OFFSET = 6;
    /** Bit of the payload-present flag in the control byte. */
    public static final int PAYLOAD_FLAG_BIT = 1;

    /** SpiNNaker packet types (HARDWARE.md, SpiNNaker 1). */
    public enum Type
    {
        /** Multicast: routed by key through the routing tables. */
        MULTICAST,
        /** Point-to-point: routed to one chip by its address. */
        POINT_TO_POINT,
        /** Nearest-neighbour: to an adjacent chip only. */
        NEAREST_NEIGHBOUR,
        /** Fixed-route: follows the router's fixed-route register. */
        FIXED_ROUTE
    }

    private SpiNNakerPacketDescriptor()
    {
    }

    /**
     * @param hasPayload whether the packet carries a 32-bit payload.
     * @return 72 if it does, else 40.
     */
    public static int sizeBits(final boolean hasPayload)
    {
        return hasPayload ? SIZE_WITH_PAYLOAD_BITS : SIZE_BITS;
    }

    /**
     * Encodes the low 40 bits of a packet, setting the parity bit for odd parity over the whole packet.
     *
     * @param type       the packet type.
     * @param key        the 32-bit routing key.
     * @param hasPayload whether a payload follows.
     * @param payload    the payload (ignored, and counted as absent, if {@code hasPayload} is false).
     * @return control byte and key in the low 40 bits.
     */
    public static long encodeHeader(final Type type, final int key, final boolean hasPayload, final int payload)
    {
        long header = (long)type.ordinal() << TYPE_OFFSET
            | (hasPayload ? 1L << PAYLOAD_FLAG_BIT : 0L)
            | (key & 0xFFFF_FFFFL) << KEY_OFFSET;
        final int ones = Long.bitCount(header) + (hasPayload ? Integer.bitCount(payload) : 0);
        if ((ones & 1) == 0)
        {
            header |= 1L;
        }
        return header;
    }

    /**
     * @param header the low 40 bits.
     * @return the packet type.
     */
    public static Type type(final long header)
    {
        return Type.values()[(int)(header >>> TYPE_OFFSET) & 0x3];
    }

    /**
     * @param header the low 40 bits.
     * @return the routing key.
     */
    public static int key(final long header)
    {
        return (int)(header >>> KEY_OFFSET);
    }

    /**
     * @param header the low 40 bits.
     * @return whether a payload is present.
     */
    public static boolean hasPayload(final long header)
    {
        return (header >>> PAYLOAD_FLAG_BIT & 1L) != 0;
    }

    /**
     * @param header  the low 40 bits.
     * @param payload the payload (ignored if absent).
     * @return true if the packet has odd parity.
     */
    public static boolean parityOk(final long header, final int payload)
    {
        final int ones = Long.bitCount(header & 0xFF_FFFF_FFFFL) + (hasPayload(header) ? Integer.bitCount(payload) : 0);
        return (ones & 1) == 1;
    }
}
