package org.nmsim.learning.sigprop;

/**
 * The phase schedule of on-chip sigprop. One algorithmic step is {@code phases = N + 2} kernel steps: phase 0 the
 * input and context cores, phase l the forward update of hidden layer l (and of the classification layer at
 * l = N), phase l + 1 the loss core of hidden layer l, phase l + 2 the error step of hidden layer l. A sample is
 * {@code phases * T} kernel steps; every message has delay 1, so a value sent in phase p is used in phase p + 1.
 *
 * @param phases N + 2.
 * @param steps  T.
 */
public record Timing(int phases, int steps)
{
    /** @return kernel steps per sample. */
    public long sampleLength()
    {
        return (long)phases * steps;
    }

    /**
     * @param kernelStep a kernel step.
     * @return its offset within the sample.
     */
    public int relative(final long kernelStep)
    {
        return (int)(kernelStep % sampleLength());
    }

    /** @return the 1-based algorithmic step of a kernel step. */
    public int step(final long kernelStep)
    {
        return relative(kernelStep) / phases + 1;
    }

    /**
     * @param kernelStep a kernel step.
     * @return its phase 0..phases-1.
     */
    public int phase(final long kernelStep)
    {
        return relative(kernelStep) % phases;
    }
}
