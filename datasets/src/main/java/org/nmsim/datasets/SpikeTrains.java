package org.nmsim.datasets;

/**
 * Labelled samples of spike trains on a fixed set of input channels, such as the Spiking Heidelberg Digits: sample
 * {@code i} is a list of (time in seconds, channel) spikes and a label.
 *
 * <p>Immutable and thread safe: per-sample arrays are handed out as copies.
 */
public final class SpikeTrains
{
    private final String source;
    private final int channels;
    private final int classes;
    private final float[][] times;
    private final short[][] units;
    private final int[] labels;
    private final int samplesInSource;

    SpikeTrains(final String source, final int channels, final int classes, final float[][] times,
        final short[][] units, final int[] labels, final int samplesInSource)
    {
        this.source = source;
        this.channels = channels;
        this.classes = classes;
        this.times = times;
        this.units = units;
        this.labels = labels;
        this.samplesInSource = samplesInSource;
    }

    /** @return where the samples came from. */
    public String source()
    {
        return source;
    }

    /** @return number of samples held. */
    public int count()
    {
        return labels.length;
    }

    /** @return number of samples in the source file (more than {@link #count()} when a limit was used). */
    public int samplesInSource()
    {
        return samplesInSource;
    }

    /** @return number of input channels; units lie in 0..channels-1. */
    public int channels()
    {
        return channels;
    }

    /** @return number of classes; labels lie in 0..classes-1. */
    public int classes()
    {
        return classes;
    }

    /**
     * @param sample sample index.
     * @return its label.
     */
    public int label(final int sample)
    {
        return labels[sample];
    }

    /**
     * @param sample sample index.
     * @return its number of spikes.
     */
    public int spikeCount(final int sample)
    {
        return times[sample].length;
    }

    /**
     * @param sample sample index.
     * @return a copy of its spike times in seconds, in file order (as stored: float32 or narrower).
     */
    public float[] timesSeconds(final int sample)
    {
        return times[sample].clone();
    }

    /**
     * @param sample sample index.
     * @return a copy of its spike channels, aligned with {@link #timesSeconds(int)}.
     */
    public int[] units(final int sample)
    {
        final short[] u = units[sample];
        final int[] out = new int[u.length];
        for (int k = 0; k < u.length; k++)
        {
            out[k] = u[k];
        }
        return out;
    }

    /**
     * @param sample sample index.
     * @return a copy of the sample, the input of {@link SpikeTrainBinningEncoder}.
     */
    public Sample sample(final int sample)
    {
        return new Sample(timesSeconds(sample), units(sample), labels[sample], channels);
    }

    /**
     * One sample's spikes. The arrays are the caller's copies; record equality compares them by identity.
     *
     * @param timesSeconds spike times in seconds.
     * @param units        spike channels, aligned with {@code timesSeconds}.
     * @param label        the label.
     * @param channels     the number of input channels.
     */
    public record Sample(float[] timesSeconds, int[] units, int label, int channels)
    {
        /** Validates alignment. */
        public Sample
        {
            if (timesSeconds.length != units.length)
            {
                throw new IllegalArgumentException("timesSeconds=" + timesSeconds.length + " units=" +
                    units.length + " (rule: one unit per spike time)");
            }
        }
    }

    @Override
    public String toString()
    {
        return "SpikeTrains[source=" + source + ", count=" + count() + ", channels=" + channels + ", classes=" +
            classes + "]";
    }
}
