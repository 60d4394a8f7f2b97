package org.nmsim.learning;

import java.util.Locale;

/**
 * The kinds of message the online MLP sends, counted separately: binary spikes of hidden neurons, graded messages
 * (direct-current inputs, output errors, FGT signals, BP's backward deltas) and the label (one per sample, from
 * the input core to the readout; priced as a spike).
 */
public enum MessageClass
{
    /** Binary spikes. */
    SPIKE,
    /** Graded messages with a payload. */
    GRADED,
    /** The sample's label. */
    LABEL;

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
