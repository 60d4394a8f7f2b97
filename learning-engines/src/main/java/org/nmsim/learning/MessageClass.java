package org.nmsim.learning;

import java.util.Locale;

/**
 * The kinds of message the online MLP sends, counted separately: binary spikes of hidden neurons, graded messages
 * (direct-current inputs, output errors, FGT signals, BP's backward deltas), the label (one per sample, from
 * the input core to the readout; priced as a spike) and the signed spikes of burst-coded FGT signals.
 */
public enum MessageClass
{
    /** Binary spikes. */
    SPIKE,
    /** Graded messages with a payload. */
    GRADED,
    /** The sample's label. */
    LABEL,
    /**
     * Signed spikes of a burst (paper 000 App. D.1): FGT's forward signals when they are burst-coded, one message
     * per spike, so a value costs as many messages as its burst has spikes.
     */
    BURST;

    /** @return the kind as reports name it, e.g. {@code spike}. */
    public String kindName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the kernel counter of messages sent: {@code msg.spike}. */
    public String countCounter()
    {
        return "msg." + kindName();
    }

    /** @return the kernel counter of mesh links crossed, summed over messages: {@code msg.spike.hops}. */
    public String hopsCounter()
    {
        return "msg." + kindName() + ".hops";
    }
}
