package org.nmsim.learning;

import org.nmsim.kernel.SplitMix64;

/**
 * Where FGT's random draws come from. On chip every core draws its Rademacher signs from its own stream
 * ({@link #coreStreams(long)}); tests that compare against golden files replay the reference's recorded draws
 * instead. The draws are the only thing this seam supplies: it gives a core no view of anything else.
 */
public interface Perturbations
{
    /**
     * On-chip draws: signs from the core's own SplitMix64 stream, in the core's draw order; FGT(S)'s layer choice
     * from a counter hash of (seed, sample, step) that every core evaluates locally and identically (each core
     * holds the same seed, as a chip's cores would be configured with it), so no message is needed to agree.
     *
     * @param seed the experiment seed.
     * @return the draws.
     */
    static Perturbations coreStreams(final long seed)
    {
        return new Perturbations()
        {
            @Override
            public double sign(final SplitMix64 coreStream, final int sample, final int layer, final int step,
                final int direction, final int neuron)
            {
                return coreStream.nextSign();
            }

            @Override
            public int sampledLayer(final int sample, final int step, final int hiddenLayers)
            {
                final long h = SplitMix64.mix(seed ^ SplitMix64.mix(((long)sample << 20) + step + 0x5DEECE66DL));
                return 1 + (int)Long.remainderUnsigned(h, hiddenLayers);
            }
        };
    }

    /**
     * One Rademacher sign. A hidden core draws, per step and only for its own layer's perturbation, directions
     * {@code kappa = 0..K-1} in order and, within a direction, its neurons in order (with K = 1: its neurons in
     * order, as before directions existed); on chip these are consecutive values of its own stream.
     *
     * @param coreStream the drawing core's own stream.
     * @param sample     sample index.
     * @param layer      hidden layer, 1-based.
     * @param step       algorithmic step, 1-based.
     * @param direction  the direction kappa, 0..K-1 ({@link OnlineHyper#directions()}).
     * @param neuron     neuron index within the layer.
     * @return v^{layer,direction}_neuron[step] for the sample, +1 or -1.
     */
    double sign(SplitMix64 coreStream, int sample, int layer, int step, int direction, int neuron);

    /**
     * FGT(S): the one hidden layer that samples at this step. Every core must get the same answer.
     *
     * @param sample       sample index.
     * @param step         algorithmic step, 1-based.
     * @param hiddenLayers number of hidden layers.
     * @return the sampled layer in 1..hiddenLayers.
     */
    int sampledLayer(int sample, int step, int hiddenLayers);

    /**
     * The uniform draw behind a stochastic neuron's logistic noise (paper 000 App. A). On chip: the next value of
     * the core's own stream, drawn once per hidden neuron per step, in neuron order, before FGT's signs.
     *
     * @param coreStream the drawing core's own stream.
     * @param sample     sample index (training and inference samples counted together).
     * @param layer      hidden layer, 1-based.
     * @param step       algorithmic step, 1-based.
     * @param neuron     neuron index within the layer.
     * @return a value in [0, 1).
     */
    default double uniform(final SplitMix64 coreStream, final int sample, final int layer, final int step,
        final int neuron)
    {
        return coreStream.nextDouble();
    }
}
