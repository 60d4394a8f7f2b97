package org.nmsim.kernel;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014): a 64-bit
 * generator whose whole algorithm is fixed here, so that streams are identical across JDKs and can be
 * reproduced bit for bit by the Python references ({@code reference/}).
 *
 * <p>Threading: NOT thread safe; each core owns one instance.
 */
public final class SplitMix64
{
    /** The increment of the state per draw: draw n of a stream is {@code mix(state + n * GOLDEN_GAMMA)}. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    /** {@link #mix}'s two multipliers (shared with vector implementations of the same stream). */
    public static final long MIX_MULTIPLIER_1 = 0xBF58476D1CE4E5B9L;
    public static final long MIX_MULTIPLIER_2 = 0x94D049BB133111EBL;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    /**
     * @param seed the initial state.
     */
    public SplitMix64(final long seed)
    {
        this.state = seed;
    }

    /**
     * The stream a core owns: seeded from the experiment seed and the core id through two rounds of the mixing
     * function, so that neighbouring core ids give unrelated streams.
     *
     * @param seed   the experiment seed.
     * @param coreId the core id.
     * @return a new stream.
     */
    public static SplitMix64 forCore(final long seed, final int coreId)
    {
        return new SplitMix64(mix(mix(seed) ^ (coreId * GOLDEN_GAMMA + 0x632BE59BD9B4E019L)));
    }

    /**
     * The SplitMix64 output function (a variant of MurmurHash3's fmix64): a bijective 64-bit mix.
     *
     * @param z input.
     * @return mixed value.
     */
    public static long mix(final long z)
    {
        long x = z;
        x = (x ^ (x >>> 30)) * MIX_MULTIPLIER_1;
        x = (x ^ (x >>> 27)) * MIX_MULTIPLIER_2;
        return x ^ (x >>> 31);
    }

    /** @return the generator's whole state (for checkpoints); {@link #restore} continues the same sequence. */
    public long state()
    {
        return state;
    }

    /**
     * @param saved a value {@link #state()} returned.
     */
    public void restore(final long saved)
    {
        this.state = saved;
    }

    /** @return the next 64 random bits. */
    public long nextLong()
    {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /**
     * The double {@link #nextDouble()} makes of 64 random bits, for loops that keep a stream's state in a local
     * ({@code state += GOLDEN_GAMMA; u = unitDouble(mix(state))}, then {@link #restore}): the same draws.
     *
     * @param bits 64 random bits.
     * @return a uniform double in [0, 1) from their top 53 bits.
     */
    public static double unitDouble(final long bits)
    {
        return (bits >>> 11) * DOUBLE_UNIT;
    }

    /** @return a uniform double in [0, 1) with 53 random bits. */
    public double nextDouble()
    {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /**
     * @param bound exclusive upper bound, positive.
     * @return a uniform int in [0, bound), without modulo bias (Lemire's method).
     */
    public int nextInt(final int bound)
    {
        if (bound <= 0)
        {
            throw new IllegalArgumentException("bound=" + bound + " must be > 0");
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound)
        {
            final long threshold = (-bound & 0xFFFFFFFFL) % bound;
            while (low < threshold)
            {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int)(m >>> 32);
    }

    /** @return a fair random boolean. */
    public boolean nextBoolean()
    {
        return nextLong() < 0;
    }

    /** @return +1 or -1 with equal probability (a Rademacher sample). */
    public int nextSign()
    {
        return nextLong() < 0 ? -1 : 1;
    }
}
