package org.nmsim.learning;

/**
 * The phase schedule of MODEL.md: one algorithmic step is {@code phases = N + 1} kernel steps (phase 0 input,
 * phase l layer l); a sample is {@code phases * (T + 1)} kernel steps, the last algorithmic step being the
 * learning epoch. Every core derives (sample-relative step, phase) from the kernel step alone.
 *
 * @param phases N + 1.
 * @param steps  T.
 */
public record Schedule(int phases, int steps)
{
    /** @return kernel steps per sample, {@code phases * (T + 1)}. */
    public long sampleLength()
    {
        return (long)phases * (steps + 1);
    }

    /**
     * @param kernelStep a kernel step.
     * @return the kernel step within its sample, from 0.
     */
    public int relative(final long kernelStep)
    {
        return (int)(kernelStep % sampleLength());
    }

    /** @return the 1-based algorithmic step of a kernel step (T + 1 is the learning epoch). */
    public int algorithmicStep(final long kernelStep)
    {
        return relative(kernelStep) / phases + 1;
    }

    /**
     * @param kernelStep a kernel step.
     * @return its phase within the algorithmic step, 0..phases-1.
     */
    public int phase(final long kernelStep)
    {
        return relative(kernelStep) % phases;
    }

    /** @return the index of the sample a kernel step belongs to. */
    public int sample(final long kernelStep)
    {
        return (int)(kernelStep / sampleLength());
    }

    /**
     * @return the algorithmic step counted over the run, {@code sample * T + t - 1}, of a kernel step in
     *         algorithmic step {@code t <= T} (the time of probe records, {@link ProbeSink}).
     */
    public long runStep(final long kernelStep)
    {
        return (long)sample(kernelStep) * steps + algorithmicStep(kernelStep) - 1;
    }
}
