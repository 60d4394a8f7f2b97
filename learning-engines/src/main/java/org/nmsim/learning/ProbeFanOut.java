package org.nmsim.learning;

/**
 * Two sinks behind one: what a core is handed when two probes watch the same variable of it (e.g. a user probe
 * and the report's raster).
 *
 * <p>Threading: as the sinks it wraps; single writer.
 */
final class ProbeFanOut implements ProbeSink
{
    private final ProbeSink first;
    private final ProbeSink second;

    private ProbeFanOut(final ProbeSink first, final ProbeSink second)
    {
        this.first = first;
        this.second = second;
    }

    /** @return {@code added} alone when there is no {@code existing} sink, else both. */
    static ProbeSink attach(final ProbeSink existing, final ProbeSink added)
    {
        return existing == null ? added : new ProbeFanOut(existing, added);
    }

    @Override
    public void record(final long time, final int neuron, final double value)
    {
        first.record(time, neuron, value);
        second.record(time, neuron, value);
    }
}
