package org.nmsim.learning.reference;

import java.util.SplittableRandom;

/**
 * The random draws of the forward-gradient methods for one sample. Steps are 1-based as in MODEL.md.
 *
 * <p>Call order, per step {@code t}: FGT and FGT (w/o m) call {@link #rademacher} for {@code l = 1..N-1} in
 * increasing order, and within a layer for the directions {@code kappa = 0..K-1} in order; FGT (S) calls
 * {@link #sampledLayer} once, then {@link #rademacher} for that layer's K directions only. With K = 1 this is the
 * order from before directions existed.
 * Table-backed implementations (the golden files) may use the indices; stream-backed ones consume in this
 * order. NOT thread safe.
 */
public interface RandomDraws
{
    /**
     * @param step   the algorithmic step, 1..T.
     * @param hidden the number of hidden layers {@code N - 1}.
     * @return the hidden layer that FGT (S) samples at this step, in 1..hidden.
     */
    int sampledLayer(int step, int hidden);

    /**
     * Fills {@code v} with a Rademacher vector (each entry -1 or +1).
     *
     * @param step      the algorithmic step, 1..T.
     * @param layer     the hidden layer, 1..N-1.
     * @param direction the direction kappa, 0..K-1.
     * @param v         destination, of length {@code n_layer}.
     */
    void rademacher(int step, int layer, int direction, double[] v);

    /**
     * The uniform draw behind a stochastic neuron's logistic noise (paper 000 App. A), when the reference runs
     * the stochastic neuron model. The default has none.
     *
     * @param step   the algorithmic step, 1..T.
     * @param layer  the hidden layer, 1..N-1.
     * @param neuron the neuron.
     * @return U in [0, 1).
     */
    default double uniform(final int step, final int layer, final int neuron)
    {
        throw new IllegalStateException("no uniform draws were supplied (step=" + step + ", layer=" + layer +
            ", neuron=" + neuron + ")");
    }

    /**
     * @param random the seeded stream; the draws consume it in the documented order.
     * @return draws taken from {@code random}.
     */
    static RandomDraws from(final SplittableRandom random)
    {
        return new RandomDraws()
        {
            @Override
            public int sampledLayer(final int step, final int hidden)
            {
                return 1 + random.nextInt(hidden);
            }

            @Override
            public void rademacher(final int step, final int layer, final int direction, final double[] v)
            {
                for (int i = 0; i < v.length; i++)
                {
                    v[i] = random.nextBoolean() ? 1.0 : -1.0;
                }
            }
        };
    }

    /** @return draws for methods that use none; any call throws. */
    static RandomDraws none()
    {
        return new RandomDraws()
        {
            @Override
            public int sampledLayer(final int step, final int hidden)
            {
                throw new IllegalStateException("no random draws were supplied (step=" + step + ")");
            }

            @Override
            public void rademacher(final int step, final int layer, final int direction, final double[] v)
            {
                throw new IllegalStateException(
                    "no random draws were supplied (step=" + step + ", layer=" + layer + ")");
            }
        };
    }
}
