package org.nmsim.chip.message;

/**
 * Layout of a graded-spike packet: a routing header followed by an N-bit two's complement payload
 * ({@link GradedPayload}).
 *
 * <pre>
 *    H+N-1                  H  H-1                  0
 *   +-------------------------+----------------------+
 *   |   payload (N, signed)   |   header (H bits)    |
 *   +-------------------------+----------------------+
 * </pre>
 *
 * <p>{@link #LOIHI2}: the header is assumed to be the 32-bit Loihi spike message ({@link LoihiSpikeDescriptor}) and
 * the payload 24 bits, which is <b>unconfirmed</b> (HARDWARE.md, Loihi 2: "Lava's fixed-point graded models use
 * 24-bit ports (unconfirmed against the chip; some sources say 32-bit)"). {@link #SPINNAKER} is the 72-bit packet
 * (40-bit header, 32-bit payload), confirmed by HARDWARE.md.
 *
 * @param headerBits  header width H, at least 1.
 * @param payloadBits payload width N, 1..32.
 * @param source      where the widths come from.
 * @param assumption  true if a width is not confirmed by HARDWARE.md.
 */
public record GradedPacketDescriptor(int headerBits, int payloadBits, String source, boolean assumption)
{
    /** Loihi 2 graded spike: 32-bit header (assumed) + 24-bit payload (unconfirmed). */
    public static final GradedPacketDescriptor LOIHI2 = new GradedPacketDescriptor(32, 24,
        "HARDWARE.md, Loihi 2: 24-bit graded payload UNCONFIRMED (Lava ports; some sources say 32-bit); 32-bit"
            + " header assumed equal to the Loihi spike message", true);
    /** SpiNNaker multicast packet with payload: 40-bit header + 32-bit payload = 72 bits. */
    public static final GradedPacketDescriptor SPINNAKER = new GradedPacketDescriptor(
        SpiNNakerPacketDescriptor.SIZE_BITS, SpiNNakerPacketDescriptor.PAYLOAD_BITS,
        SpiNNakerPacketDescriptor.SIZE_SOURCE, false);

    /**
     * Validates the widths.
     *
     * @throws IllegalArgumentException if a width is out of range.
     */
    public GradedPacketDescriptor
    {
        if (headerBits < 1)
        {
            throw new IllegalArgumentException("graded packet: headerBits=" + headerBits + " must be >= 1");
        }
        if (payloadBits < 1 || payloadBits > GradedPayload.MAX_BITS)
        {
            throw new IllegalArgumentException("graded packet: payloadBits=" + payloadBits + " must lie in [1,"
                + GradedPayload.MAX_BITS + "]");
        }
        if (source == null)
        {
            throw new IllegalArgumentException("graded packet: source must be given");
        }
    }

    /** @return the packet size on the wire, {@code H + N}. */
    public int sizeBits()
    {
        return headerBits + payloadBits;
    }

    /**
     * @param value    the graded value.
     * @param overflow what to do if it does not fit in {@code payloadBits}.
     * @return the payload field.
     */
    public long encodePayload(final long value, final Overflow overflow)
    {
        return GradedPayload.encode(value, payloadBits, overflow);
    }

    /**
     * @param field the payload field.
     * @return the signed value.
     */
    public long decodePayload(final long field)
    {
        return GradedPayload.decode(field, payloadBits);
    }

    /** @return the message format of a graded spike in this layout. */
    public MessageFormat format()
    {
        return new MessageFormat(MessageKind.GRADED_SPIKE, sizeBits(), payloadBits, source, assumption);
    }
}
