package org.nmsim.datasets;

/**
 * Counter-based random numbers: a uniform double that is a pure function of (seed, sample, neuron, step), so that
 * a stochastic encoder gives the same spikes whatever the order or thread of the calls.
 *
 * <pre>
 *   mix(z) = SplitMix64 finaliser (Steele, Lea and Flood 2014):
 *            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9
 *            z = (z ^ (z >>> 27)) * 0x94D049BB133111EB
 *            return z ^ (z >>> 31)
 *   u(seed, sample, neuron, step) = (mix(seed ^ mix(sample ^ mix(neuron ^ mix(step + G)))) >>> 11) * 2^-53
 *   G = 0x9E3779B97F4A7C15 (the SplitMix64 increment)
 * </pre>
 * {@code u} lies in [0, 1) with 53 random bits. The same finaliser is
 * {@code org.nmsim.kernel.SplitMix64.mix}, copied here because this module does not depend on sim-kernel.
 * {@code G} is added because {@code mix(0) = 0}: without it {@code u(0, 0, 0, 0)} would be exactly 0, and with
 * seed 0 the first neuron of sample 0 would spike at step 0 whenever its probability were positive.
 */
final class CounterHash
{
    private static final double DOUBLE_UNIT = 0x1.0p-53;
    private static final long G = 0x9E3779B97F4A7C15L;

    private CounterHash()
    {
    }

    /**
     * @param z input.
     * @return the SplitMix64 finaliser of {@code z}, a bijection on 64-bit values.
     */
    static long mix(final long z)
    {
        long x = z;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    /** @return the uniform double in [0, 1) of the counter (seed, sample, neuron, step). */
    static double uniform(final long seed, final long sample, final long neuron, final long step)
    {
        return (mix(seed ^ mix(sample ^ mix(neuron ^ mix(step + G)))) >>> 11) * DOUBLE_UNIT;
    }
}
