package org.nmsim.learning;

import org.nmsim.kernel.SplitMix64;

/**
 * Where FGT's random draws come from. On chip every core draws from its own stream ({@link #CORE_STREAM}); tests
 * that compare against golden files replay the reference's recorded draws instead. The draws are the only thing
 * this seam supplies: it gives a core no view of anything else.
 */
public interface Perturbations
{
    /** The core's own SplitMix64 stream: Rademacher signs and uniform layer choices, in the core's draw order. */
    Perturbations CORE_STREAM = new Perturbations()
    {
        @Override
        public double sign(final SplitMix64 coreStream, final int sample, final int layer, final int step,
            final int neuron)
        {
            return coreStream.nextSign();
        }

        @Override
        public int sampledLayer(final SplitMix64 coreStream, final int sample, final int step, final int hiddenLayers)
        {
            return 1 + coreStream.nextInt(hiddenLayers);
        }
    };

    /**
     * @return v^layer_neuron[step] for the sample, +1 or -1.
     */
    double sign(SplitMix64 coreStream, int sample, int layer, int step, int neuron);

    /**
     * FGT(S): the one hidden layer that samples at this step, in 1..hiddenLayers. Every core must get the same
     * answer, so with {@link #CORE_STREAM} each core draws from a stream seeded only by (seed, sample, step).
     *
     * @return the sampled layer.
     */
    int sampledLayer(SplitMix64 coreStream, int sample, int step, int hiddenLayers);
}
