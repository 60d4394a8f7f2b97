package org.nmsim.learning.sigprop;

import java.util.Locale;

/**
 * The kinds of message on-chip sigprop sends, each counted under its own kernel counters ({@code msg.<kind>} and
 * {@code msg.<kind>.hops}), so a report shows what the forwarded targets and the local losses cost next to the
 * inference traffic.
 */
public enum Traffic
{
    /** Binary spikes of the input channel (inference traffic). */
    SPIKE(false),
    /** Binary spikes of the target channels: the context neurons' spikes into the target generator and the target
     *  spikes forwarded on the same routes as the input channel's. */
    TARGET(false),
    /** Graded direct-current inputs (pixel intensities). */
    GRADED(true),
    /** Graded local-loss traffic inside a layer: partial logits to the layer's loss core and its errors back. */
    LOSS(true),
    /** The sample's label, to the loss cores and the classification layer (priced as a spike). */
    LABEL(false),
    /** Target-loop generator only (eq. 11): the classification layer's output, to the context core and on into
     *  the target generator (graded). */
    LOOP(true);

    private final boolean graded;

    Traffic(final boolean graded)
    {
        this.graded = graded;
    }

    /** @return true when the message carries a graded payload (priced as a graded spike). */
    public boolean graded()
    {
        return graded;
    }

    /** @return the kind as reports name it, e.g. {@code target}. */
    public String kindName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the kernel counter of messages sent, e.g. {@code msg.target}. */
    public String countCounter()
    {
        return "msg." + kindName();
    }

    /** @return the kernel counter of mesh links crossed, e.g. {@code msg.target.hops}. */
    public String hopsCounter()
    {
        return "msg." + kindName() + ".hops";
    }
}
