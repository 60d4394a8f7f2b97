package org.nmsim.chip.message;

/**
 * The kinds of message a core can send through the router. Each chip declares which kinds it supports and how
 * many bits each occupies on the wire ({@link MessageFormat}); the NoC and the energy model charge by size and hops.
 */
public enum MessageKind
{
    /** A binary spike: the event is the information, the payload is 0. */
    BINARY_SPIKE,
    /** A signed (ternary) spike: payload +1 or -1 (0 is never sent). */
    SIGNED_SPIKE,
    /** A graded spike: an integer payload of a declared bit width ({@link GradedPayload}). */
    GRADED_SPIKE,
    /**
     * A burst-coded value: a real value sent as a signed count of spikes in a burst window ({@link BurstCode}).
     * On the wire a burst is {@code |count|} signed spikes, so its size per spike is the signed-spike size.
     */
    BURST
}
