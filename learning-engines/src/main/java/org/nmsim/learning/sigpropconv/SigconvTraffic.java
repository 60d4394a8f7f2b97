package org.nmsim.learning.sigpropconv;

import java.util.Locale;

/**
 * The kinds of message on-chip convolutional sigprop sends, each counted under {@code msg.<kind>} and
 * {@code msg.<kind>.hops}: the kinds of {@link org.nmsim.learning.sigprop.Traffic} plus the kernel-gradient partials
 * that cores holding parts of one conv channel exchange once per sample.
 */
public enum SigconvTraffic
{
    /** Pooled binary spikes of the input channel. */
    SPIKE(false),
    /** Context spikes into S and pooled spikes of the target channels. */
    TARGET(false),
    /** Pixel intensities (direct current). */
    GRADED(true),
    /** Partial logits to a layer's loss core and its errors back. */
    LOSS(true),
    /** The label, to the loss cores and the classification layer. */
    LABEL(false),
    /** Partial kernel and bias gradients between the cores that hold copies of one conv channel's kernel. */
    KERNEL_SYNC(true);

    private final boolean graded;

    SigconvTraffic(final boolean graded)
    {
        this.graded = graded;
    }

    /** @return true when the message carries a graded payload. */
    public boolean graded()
    {
        return graded;
    }

    /** @return the kind as reports name it, e.g. {@code kernel_sync}. */
    public String kindName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the kernel counter of messages sent. */
    public String countCounter()
    {
        return "msg." + kindName();
    }

    /** @return the kernel counter of mesh links crossed. */
    public String hopsCounter()
    {
        return "msg." + kindName() + ".hops";
    }
}
