package org.nmsim.traces;

/**
 * NeuroBench metrics (NeuroBench/neurobench; definitions in HARDWARE.md) as pure functions over arrays and counts,
 * plus the cosine similarity used for gradient alignment. Callers sum per-step and per-layer results and divide by
 * the number of samples where a metric is "per sample".
 *
 * <p>Threading: stateless; thread safe.
 */
public final class NeuroBenchMetrics
{
    /**
     * Synaptic operations of one layer at one time step.
     *
     * @param effectiveAcs  nonzero input x nonzero weight products when the inputs are spikes in {-1, 0, 1}.
     * @param effectiveMacs the same products when the inputs are not all spikes.
     * @param dense         every product, zeros included.
     */
    public record SynapticOps(long effectiveAcs, long effectiveMacs, long dense)
    {
        /**
         * @param other another count.
         * @return the sum.
         */
        public SynapticOps plus(final SynapticOps other)
        {
            return new SynapticOps(
                effectiveAcs + other.effectiveAcs, effectiveMacs + other.effectiveMacs, dense + other.dense);
        }
    }

    private NeuroBenchMetrics()
    {
    }

    /**
     * Footprint: bytes of all parameters and buffers, zeros included; each tensor is rounded up to whole bytes.
     *
     * @param elements      element count of each parameter or buffer.
     * @param bitsPerElement bits of one element of each, e.g. 8 for 8-bit weights, 32 for float32.
     * @return the footprint in bytes.
     */
    public static long footprintBytes(final long[] elements, final int[] bitsPerElement)
    {
        requireSameLength(elements.length, bitsPerElement.length, "elements", "bitsPerElement");
        long bytes = 0;
        for (int i = 0; i < elements.length; i++)
        {
            bytes += (elements[i] * bitsPerElement[i] + 7) / 8;
        }
        return bytes;
    }

    /**
     * Connection sparsity: zero weights over all weights of the connection layers.
     *
     * @param layers the weights of each connection layer, flattened.
     * @return the fraction of zero weights, 0 when there are no weights.
     */
    public static double connectionSparsity(final double[]... layers)
    {
        long zeros = 0;
        long total = 0;
        for (final double[] layer : layers)
        {
            for (final double w : layer)
            {
                if (w == 0)
                {
                    zeros++;
                }
            }
            total += layer.length;
        }
        return total == 0 ? 0 : (double)zeros / total;
    }

    /**
     * Activation sparsity: zero activations over all activations, over all layers, time steps and samples.
     *
     * @param zeroActivations  zero activations counted.
     * @param totalActivations all activations counted.
     * @return the fraction, 0 when nothing was counted.
     */
    public static double activationSparsity(final long zeroActivations, final long totalActivations)
    {
        if (zeroActivations < 0 || zeroActivations > totalActivations)
        {
            throw new IllegalArgumentException("zeroActivations=" + zeroActivations + " must be in [0, totalActivations="
                + totalActivations + "]");
        }
        return totalActivations == 0 ? 0 : (double)zeroActivations / totalActivations;
    }

    /**
     * Counts the zeros of some activations, for {@link #activationSparsity(long, long)}.
     *
     * @param activations activations of one layer at one time step.
     * @return the number of zero entries.
     */
    public static long zeros(final double[] activations)
    {
        long zeros = 0;
        for (final double a : activations)
        {
            if (a == 0)
            {
                zeros++;
            }
        }
        return zeros;
    }

    /**
     * Synaptic operations of a fully connected layer at one time step: every product of an input with a weight
     * is dense; a product of a nonzero input with a nonzero weight is effective, and counts as an AC when every
     * input is a spike in {-1, 0, 1}, else as a MAC.
     *
     * @param input   the layer's input vector, length n.
     * @param weights the weight matrix, weights[out][in], each row of length n.
     * @return the counts.
     */
    public static SynapticOps synapticOps(final double[] input, final double[][] weights)
    {
        boolean spikes = true;
        for (final double x : input)
        {
            if (x != 0 && x != 1 && x != -1)
            {
                spikes = false;
                break;
            }
        }
        long effective = 0;
        long dense = 0;
        for (int o = 0; o < weights.length; o++)
        {
            final double[] row = weights[o];
            requireSameLength(row.length, input.length, "weights[" + o + "]", "input");
            for (int i = 0; i < row.length; i++)
            {
                if (input[i] != 0 && row[i] != 0)
                {
                    effective++;
                }
            }
            dense += row.length;
        }
        return spikes ? new SynapticOps(effective, 0, dense) : new SynapticOps(0, effective, dense);
    }

    /**
     * Membrane updates of a population over one sample: the number of (step, neuron) pairs at which the membrane
     * potential differs from its value at the previous step.
     *
     * @param membrane membrane[t][n]: row 0 is the state before the first step, rows 1 to T after each step.
     * @return the number of updates.
     */
    public static long membraneUpdates(final double[][] membrane)
    {
        long updates = 0;
        for (int t = 1; t < membrane.length; t++)
        {
            requireSameLength(membrane[t].length, membrane[t - 1].length, "membrane[" + t + "]",
                "membrane[" + (t - 1) + "]");
            for (int n = 0; n < membrane[t].length; n++)
            {
                if (Double.compare(membrane[t][n], membrane[t - 1][n]) != 0)
                {
                    updates++;
                }
            }
        }
        return updates;
    }

    /**
     * Cosine similarity of two vectors, e.g. a layer's local-rule update and its backpropagation gradient.
     *
     * @param a first vector.
     * @param b second vector of the same length.
     * @return a.b / (|a| |b|), or NaN when either vector is zero.
     */
    public static double cosine(final double[] a, final double[] b)
    {
        requireSameLength(a.length, b.length, "a", "b");
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++)
        {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? Double.NaN : dot / Math.sqrt(aa * bb);
    }

    private static void requireSameLength(final int a, final int b, final String nameA, final String nameB)
    {
        if (a != b)
        {
            throw new IllegalArgumentException(
                nameA + ".length=" + a + " but " + nameB + ".length=" + b + " (they must have the same length)");
        }
    }
}
