package org.nmsim.learning.threefactor;

/**
 * The phase schedule of a three-factor chip: one algorithmic step is {@code phases = N + 1} kernel steps (phase 0
 * the input cores, phase l the cores of layer l, and a DCLL local readout of layer l in phase l + 1); a sample is
 * {@code phases * (T + 1)} kernel steps, the last algorithmic step being the learning epoch. Every core derives
 * its position from the kernel step alone.
 *
 * @param phases N + 1.
 * @param steps  T.
 */
record Phases(int phases, int steps)
{
    long sampleLength()
    {
        return (long)phases * (steps + 1);
    }

    int relative(final long kernelStep)
    {
        return (int)(kernelStep % sampleLength());
    }

    /** @return the 1-based algorithmic step (T + 1 is the learning epoch). */
    int algorithmicStep(final long kernelStep)
    {
        return relative(kernelStep) / phases + 1;
    }

    int phase(final long kernelStep)
    {
        return relative(kernelStep) % phases;
    }

    /** @return the index of the sample a kernel step belongs to (training and inference samples alike). */
    long sample(final long kernelStep)
    {
        return kernelStep / sampleLength();
    }

    /** @return whether the kernel step is the last of its sample (where accumulated updates are applied). */
    boolean isLast(final long kernelStep)
    {
        return relative(kernelStep) == sampleLength() - 1;
    }
}
