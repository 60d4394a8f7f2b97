package org.nmsim.datasets;

/**
 * Bernoulli ("Poisson") rate coding: on each step, input neuron {@code n} spikes (a message of value 1.0) with
 * probability {@code p = x[n] * maxRate}, where {@code maxRate} is the spike probability per step of a full
 * intensity.
 *
 * <p>Determinism: the decision for (sample, neuron, step) is {@code u < p} with
 * {@code u = (mix(seed ^ mix(sample ^ mix(neuron ^ mix(step + G)))) >>> 11) * 2^-53}, {@code mix} the SplitMix64
 * finaliser and {@code G} its increment (see {@code CounterHash}): a pure function of the counter, so results are bit-identical for any call
 * order and any thread, and the Python references can reproduce them.
 *
 * <p>Order: step by step, ascending neuron within a step.
 *
 * @param steps   the number of steps a sample lasts, positive.
 * @param maxRate the spike probability per step at intensity 1, in (0, 1].
 * @param seed    the experiment seed.
 */
public record PoissonRateEncoder(int steps, double maxRate, long seed) implements Encoder<double[]>
{
    /** Validates the configuration. */
    public PoissonRateEncoder
    {
        Intensities.checkSteps(steps, "PoissonRate");
        if (!(maxRate > 0.0 && maxRate <= 1.0))
        {
            throw new IllegalArgumentException("maxRate=" + maxRate +
                " (PoissonRate rule: maxRate is a probability per step in (0, 1])");
        }
    }

    @Override
    public TimeModel timeModel()
    {
        return TimeModel.STEPPED;
    }

    @Override
    public int channels(final int input)
    {
        return input;
    }

    /**
     * The single decision this encoder makes, exposed so that tests and references can check any counter alone.
     *
     * @param sampleIndex sample index.
     * @param neuron      input neuron.
     * @param step        step index.
     * @param x           the neuron's intensity in [0, 1].
     * @return whether the neuron spikes on that step.
     */
    public boolean spikes(final long sampleIndex, final int neuron, final long step, final double x)
    {
        return CounterHash.uniform(seed, sampleIndex, neuron, step) < x * maxRate;
    }

    @Override
    public long encode(final long sampleIndex, final double[] x, final EncodedSink sink)
    {
        Intensities.check(x, "PoissonRate");
        long messages = 0;
        for (int step = 0; step < steps; step++)
        {
            for (int n = 0; n < x.length; n++)
            {
                if (x[n] != 0.0 && spikes(sampleIndex, n, step, x[n]))
                {
                    sink.accept(step, n, 1.0);
                    messages++;
                }
            }
        }
        return messages;
    }
}
