package org.nmsim.simd;

import static org.nmsim.kernel.SplitMix64.GOLDEN_GAMMA;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nmsim.kernel.SplitMix64;

/**
 * Stochastic rounding of fixed-point accumulators, several lanes at a time: the vector form of
 * {@code grad[base + j] = quantize(grad[base + j] + cols[j] * a)} in a saturating format with stochastic rounding,
 * with the draws of a {@link SplitMix64} stream that stands at {@code start}: value
 * {@code j} uses the stream's draw {@code j + 1}, {@code mix(start + (j + 1) * GOLDEN_GAMMA)}, as value-by-value
 * rounding would. Bit for bit the scalar arithmetic: the product and the sum are rounded separately (no fused
 * multiply-add), {@code floor} is the truncation corrected for negative fractions, and the draw rounds up when its
 * uniform {@code (bits >>> 11) * 2^-53} falls below the fraction.
 *
 * <p>Load this class only when {@link Simd#enabled()}: it links against the incubating Vector API.
 *
 * <p>Threading: stateless.
 */
public final class VectorRounding
{
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class, DOUBLES.vectorShape());
    /** Beyond 2^62 LSBs the format saturates without a draw: left to the caller's value-by-value path. */
    private static final double MAX_SCALED = 0x1.0p62;
    /** Lane i holds i + 1: the draws of a chunk, counted from its first column. */
    private static final LongVector DRAW_OFFSETS = LongVector.zero(LONGS).addIndex(1).add(1L);
    /** Lane i holds 2^i - 1: the lanes below lane i, as bits. */
    private static final LongVector BELOW = LongVector.broadcast(LONGS, 1L).lanewise(VectorOperators.LSHL,
        LongVector.zero(LONGS).addIndex(1)).sub(1L);

    private VectorRounding()
    {
    }

    /**
     * Rounds whole chunks of lanes from column 0 on, and stops at the first chunk that holds a value out of the
     * fast path's range (not finite, or beyond 2^62 LSBs: the format's own path, which may not draw) or at the
     * row's last, partial chunk. The caller rounds the columns from the returned one on value by value, with its
     * stream at {@code start + done * GOLDEN_GAMMA}.
     *
     * @param grad   accumulators.
     * @param base   first index in {@code grad}.
     * @param cols   the column factors.
     * @param a      the row factor.
     * @param width  the row width.
     * @param start  the stream's state before the row's first draw.
     * @param scale  2^fractionalBits.
     * @param unit   2^-fractionalBits.
     * @param minRaw the format's least raw value.
     * @param maxRaw the format's greatest raw value.
     * @return the columns rounded, {@code [0, done)}: a multiple of the lane count, at most {@code width}.
     */
    public static int accumulateRow(final double[] grad, final int base, final double[] cols, final double a,
        final int width, final long start, final double scale, final double unit, final long minRaw,
        final long maxRaw)
    {
        final int lanes = DOUBLES.length();
        final int bound = DOUBLES.loopBound(width);
        final LongVector lo = LongVector.broadcast(LONGS, minRaw);
        final LongVector hi = LongVector.broadcast(LONGS, maxRaw);
        final LongVector gammas = DRAW_OFFSETS.mul(GOLDEN_GAMMA);
        int j = 0;
        for (; j < bound; j += lanes)
        {
            final DoubleVector x = DoubleVector.fromArray(DOUBLES, grad, base + j)
                .add(DoubleVector.fromArray(DOUBLES, cols, j).mul(a));
            final DoubleVector scaled = x.mul(scale);
            if (!scaled.abs().compare(VectorOperators.LE, MAX_SCALED).allTrue())
            {
                break;
            }
            round(scaled, mix(gammas.add(start + j * GOLDEN_GAMMA)), unit, lo, hi).intoArray(grad, base + j);
        }
        return j;
    }

    /**
     * The descent {@code w[j] = quantize(w[j] - eta * grad[from + j])} and {@code grad[from + j] = 0} where
     * {@code grad[from + j]} is nonzero, chunk by chunk from column 0: a nonzero value takes the stream's next draw,
     * a zero one takes none and leaves both arrays as they are (so a chunk's lanes draw at their rank among its
     * nonzero lanes; vectors of at most 8 lanes, else it leaves the row to the caller). Stops at the first chunk where a nonzero lane's value is out of the fast path's range, or at the
     * row's last, partial chunk; the caller goes on from the returned column value by value, with its stream at
     * {@code io[0]}.
     *
     * @param w      the weights of the row, {@code n} values from index 0.
     * @param grad   the accumulators.
     * @param from   the row's first index in {@code grad}.
     * @param n      the row width.
     * @param eta    the learning rate.
     * @param scale  2^fractionalBits.
     * @param unit   2^-fractionalBits.
     * @param minRaw the format's least raw value.
     * @param maxRaw the format's greatest raw value.
     * @param io     {@code io[0]}: the stream's state, read and written; {@code io[1]}: weights written, added to.
     * @return the columns done, {@code [0, done)}.
     */
    public static int descend(final double[] w, final double[] grad, final int from, final int n, final double eta,
        final double scale, final double unit, final long minRaw, final long maxRaw, final long[] io)
    {
        final int lanes = DOUBLES.length();
        if (lanes > 8)
        {
            return 0;
        }
        final int bound = DOUBLES.loopBound(n);
        final LongVector lo = LongVector.broadcast(LONGS, minRaw);
        final LongVector hi = LongVector.broadcast(LONGS, maxRaw);
        long state = io[0];
        long writes = 0;
        int j = 0;
        for (; j < bound; j += lanes)
        {
            final DoubleVector g = DoubleVector.fromArray(DOUBLES, grad, from + j);
            final VectorMask<Double> nonzero = g.compare(VectorOperators.NE, 0.0);
            final int bits = (int)nonzero.toLong();
            if (bits == 0)
            {
                continue;
            }
            final DoubleVector old = DoubleVector.fromArray(DOUBLES, w, j);
            final DoubleVector scaled = old.sub(g.mul(eta)).mul(scale);
            if (!scaled.abs().compare(VectorOperators.LE, MAX_SCALED).or(nonzero.not()).allTrue())
            {
                break;
            }
            final LongVector ranks = ranks(bits);
            final DoubleVector rounded = round(scaled, mix(ranks.mul(GOLDEN_GAMMA).add(state)), unit, lo, hi);
            old.blend(rounded, nonzero).intoArray(w, j);
            g.blend(0.0, nonzero).intoArray(grad, from + j);
            final int count = Integer.bitCount(bits);
            writes += count;
            state += count * GOLDEN_GAMMA;
        }
        io[0] = state;
        io[1] += writes;
        return j;
    }

    /** Lane i of a scaled value in range rounded up when its draw's uniform falls below its fraction, as raw * unit. */
    private static DoubleVector round(final DoubleVector scaled, final LongVector bits, final double unit,
        final LongVector lo, final LongVector hi)
    {
        final DoubleVector draw = ((DoubleVector)bits.lanewise(VectorOperators.LSHR, 11)
            .convert(VectorOperators.L2D, 0)).mul(0x1.0p-53);
        final LongVector truncated = (LongVector)scaled.convert(VectorOperators.D2L, 0);
        final DoubleVector t = (DoubleVector)truncated.convert(VectorOperators.L2D, 0);
        // floor: the truncation, one less where it lies above a negative value with a fraction
        final VectorMask<Double> above = t.compare(VectorOperators.GT, scaled);
        final DoubleVector floor = t.sub(1.0, above);
        final LongVector floorRaw = truncated.sub(1L, above.cast(LONGS));
        final VectorMask<Double> up = draw.compare(VectorOperators.LT, scaled.sub(floor));
        final LongVector raw = floorRaw.add(1L, up.cast(LONGS)).max(lo).min(hi);
        return ((DoubleVector)raw.convert(VectorOperators.L2D, 0)).mul(unit);
    }

    /**
     * Each lane's draw among a chunk's nonzero lanes (at most 8): lane i gets 1 + the number of nonzero lanes below
     * it, a population count of {@code bits & (2^i - 1)} done lane by lane with shifts and masks (no table lookup,
     * whose index the JIT cannot check once for the loop).
     */
    private static LongVector ranks(final int bits)
    {
        LongVector x = LongVector.broadcast(LONGS, bits).and(BELOW);
        x = x.sub(x.lanewise(VectorOperators.LSHR, 1).and(0x55L));
        x = x.and(0x33L).add(x.lanewise(VectorOperators.LSHR, 2).and(0x33L));
        return x.add(x.lanewise(VectorOperators.LSHR, 4)).and(0x0FL).add(1L);
    }

    /** SplitMix64's output function, lane by lane. */
    private static LongVector mix(final LongVector z)
    {
        LongVector x = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(SplitMix64.MIX_MULTIPLIER_1);
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 27)).mul(SplitMix64.MIX_MULTIPLIER_2);
        return x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 31));
    }
}
