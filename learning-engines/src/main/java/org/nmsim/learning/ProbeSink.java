package org.nmsim.learning;

/**
 * Where probed values go: one record per (time, neuron, value). A core is handed a sink for each variable that a
 * probe watches and writes to it during its own step; it can neither read from it nor reach anything through it.
 * The host hands the records on, merged in core-id order, to the sink it gave {@link MlpChip.Builder#probe}.
 *
 * <p>Threading: single writer. The sink a core holds is written only by the worker that runs the core; the sink
 * the host gives is written only by the host thread, between samples.
 */
public interface ProbeSink
{
    /**
     * @param time   the algorithmic step counted over the run: {@code sample * T + t - 1} for step {@code t = 1..T}
     *               of sample {@code sample} (samples count training and inference together, in the order run).
     * @param neuron the neuron's index within its population.
     * @param value  1 for a binary spike, the payload for a graded one, the state value for {@code u} and
     *               {@code trace}.
     */
    void record(long time, int neuron, double value);
}
