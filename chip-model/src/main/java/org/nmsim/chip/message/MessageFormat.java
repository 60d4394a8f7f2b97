package org.nmsim.chip.message;

/**
 * The size of one message kind on one chip.
 *
 * @param kind        the message kind.
 * @param sizeBits    bits of one message on the wire, header included (for {@link MessageKind#BURST}: one spike
 *                    of the burst).
 * @param payloadBits bits of the payload within {@code sizeBits} (0 for binary spikes).
 * @param source      where the size comes from (HARDWARE.md section or the assumption made).
 * @param assumption  true if the size is not confirmed by HARDWARE.md.
 */
public record MessageFormat(MessageKind kind, int sizeBits, int payloadBits, String source, boolean assumption)
{
    /**
     * Validates the format.
     *
     * @throws IllegalArgumentException if a size is out of range or a field is missing.
     */
    public MessageFormat
    {
        if (kind == null || source == null)
        {
            throw new IllegalArgumentException("message format: kind=" + kind + " source=" + source
                + " must both be given");
        }
        if (sizeBits <= 0)
        {
            throw new IllegalArgumentException("message " + kind + ": sizeBits=" + sizeBits + " must be > 0");
        }
        if (payloadBits < 0 || payloadBits > sizeBits)
        {
            throw new IllegalArgumentException("message " + kind + ": payloadBits=" + payloadBits
                + " must lie in [0, sizeBits=" + sizeBits + "]");
        }
        if (kind == MessageKind.GRADED_SPIKE && payloadBits == 0)
        {
            throw new IllegalArgumentException("message " + kind + ": payloadBits=0 but a graded spike needs a"
                + " payload of at least 1 bit");
        }
    }
}
