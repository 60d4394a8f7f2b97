package org.nmsim.learning;

import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.chip.numeric.Overflow;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.simd.Simd;
import org.nmsim.simd.VectorRounding;

/**
 * {@link FixedPointFormat#quantize} of a signed or unsigned saturating format with stochastic rounding, for the
 * per-synapse loops (gradient accumulation, weight updates): the format's constants are read once, not per value.
 * Bit-identical to {@code format.quantize(x, rng)}, including its random draws: one {@code rng.nextDouble()} per
 * value in range; values out of its range (not finite, or beyond 2^62 LSBs) go to the format itself.
 *
 * <p>Threading: NOT thread safe (the descent's scratch space): one instance per caller, as {@link LocalUpdates}
 * makes one per call and a core keeps its own; the stream is the caller's (its core's).
 */
final class StochasticRounding
{
    /** {@link FixedPointFormat}'s limit on scaled values it rounds (beyond it, it saturates without a draw). */
    private static final double MAX_SCALED = 0x1.0p62;
    /** {@code (j + 1) * GOLDEN_GAMMA}: how far the stream's draw for column j lies from its state before the row. */
    private static final long[] DRAW_OFFSETS = new long[4096];

    static
    {
        for (int j = 0; j < DRAW_OFFSETS.length; j++)
        {
            DRAW_OFFSETS[j] = (j + 1L) * SplitMix64.GOLDEN_GAMMA;
        }
    }

    private final FixedPointFormat format;
    private final double scale;
    private final double unit;
    private final long minRaw;
    private final long maxRaw;
    /** Whether {@link #accumulateRow} and {@link #descend} round whole chunks through {@link VectorRounding}. */
    private final boolean vector;
    /** {@link #descend}'s scratch space: the columns of a row's nonzero gradients, and their draws. */
    private int[] nonzero = new int[0];
    private long[] nonzeroDraws = new long[0];

    private StochasticRounding(final FixedPointFormat format, final boolean vector)
    {
        this.format = format;
        this.vector = vector;
        this.scale = Math.scalb(1.0, format.fractionalBits());
        this.unit = Math.scalb(1.0, -format.fractionalBits());
        this.minRaw = format.minRaw();
        this.maxRaw = format.maxRaw();
    }

    /**
     * @param format a number format.
     * @return its rounding, or null when the format is not a saturating fixed-point format with stochastic rounding.
     */
    static StochasticRounding of(final NumberFormat format)
    {
        return of(format, Simd.enabled());
    }

    /**
     * @param format a number format.
     * @param vector true to round rows through {@link VectorRounding} (only where {@link Simd#enabled()}, or in
     *               tests that resolve its module).
     * @return its rounding, or null when the format is not a saturating fixed-point format with stochastic rounding.
     */
    static StochasticRounding of(final NumberFormat format, final boolean vector)
    {
        if (format instanceof FixedPointFormat f && f.rounding() == Rounding.STOCHASTIC &&
            f.overflow() == Overflow.SATURATE)
        {
            return new StochasticRounding(f, vector);
        }
        return null;
    }

    /**
     * {@code grad[base + j] = quantize(grad[base + j] + cols[j] * a, rng)} for {@code j < width}, in order, with the
     * same draws as {@link #quantize} value by value: the stream's next {@code width} values are generated first, in
     * a loop of their own (no dependence between them, so it vectorises: SplitMix64's value {@code x} ahead is
     * {@code mix(state + x * gamma)}), then used in order. Should a value be out of range (the format's own path,
     * which may not draw), the rest of the row goes value by value from the stream as it then stands.
     *
     * @param grad  accumulators.
     * @param base  first index in {@code grad}.
     * @param cols  the column factors.
     * @param a     the row factor.
     * @param width the row width.
     * @param rng   the core's stream, not null.
     * @param draws at least {@code width} longs of scratch space.
     */
    void accumulateRow(final double[] grad, final int base, final double[] cols, final double a, final int width,
        final SplitMix64 rng, final long[] draws)
    {
        final long start = rng.state();
        if (vector)
        {
            // whole chunks of lanes, then the rest (a partial chunk, or from a value out of range) value by value
            final int done = VectorRounding.accumulateRow(grad, base, cols, a, width, start, scale, unit, minRaw,
                maxRaw);
            rng.restore(start + done * SplitMix64.GOLDEN_GAMMA);
            accumulateFrom(grad, base, cols, a, width, rng, done);
            return;
        }
        if (width <= DRAW_OFFSETS.length)
        {
            // one loop with no dependence between its iterations, which C2 vectorises
            for (int j = 0; j < width; j++)
            {
                draws[j] = SplitMix64.mix(start + DRAW_OFFSETS[j]);
            }
        }
        else
        {
            long step = start;
            for (int j = 0; j < width; j++)
            {
                step += SplitMix64.GOLDEN_GAMMA;
                draws[j] = SplitMix64.mix(step);
            }
        }
        for (int j = 0; j < width; j++)
        {
            final double x = grad[base + j] + cols[j] * a;
            final double scaled = x * scale;
            if (!(Math.abs(scaled) <= MAX_SCALED))
            {
                rng.restore(start + j * SplitMix64.GOLDEN_GAMMA);
                accumulateFrom(grad, base, cols, a, width, rng, j);
                return;
            }
            grad[base + j] = rounded(scaled, draws[j]);
        }
        rng.restore(start + width * SplitMix64.GOLDEN_GAMMA);
    }

    /** The row from column {@code from} on, value by value (the stream's state kept in a local between draws). */
    private void accumulateFrom(final double[] grad, final int base, final double[] cols, final double a,
        final int width, final SplitMix64 rng, final int from)
    {
        long state = rng.state();
        for (int j = from; j < width; j++)
        {
            final double x = grad[base + j] + cols[j] * a;
            final double scaled = x * scale;
            if (!(Math.abs(scaled) <= MAX_SCALED))
            {
                rng.restore(state);
                grad[base + j] = format.quantize(x, rng);
                state = rng.state();
                continue;
            }
            state += SplitMix64.GOLDEN_GAMMA;
            grad[base + j] = rounded(scaled, SplitMix64.mix(state));
        }
        rng.restore(state);
    }

    /**
     * {@code w[j] = quantize(w[j] - eta * grad[from + j], rng)} and {@code grad[from + j] = 0} for every nonzero
     * {@code grad[from + j]}, {@code j < n}, in order: {@link LocalUpdates#descend} with this rounding, the stream's
     * state in a local between draws (the same draws as {@link #quantize} value by value).
     *
     * @return the weights written.
     */
    long descend(final double[] w, final double[] grad, final int from, final int n, final double eta,
        final SplitMix64 rng)
    {
        if (vector)
        {
            // whole chunks of lanes, then the rest value by value from the stream as the chunks left it
            final long[] io = {rng.state(), 0};
            final int done = VectorRounding.descend(w, grad, from, n, eta, scale, unit, minRaw, maxRaw, io);
            rng.restore(io[0]);
            return io[1] + descendFrom(w, grad, from, n, eta, rng, done);
        }
        return descendFrom(w, grad, from, n, eta, rng, 0);
    }

    /** {@link #descend} from column {@code first} on, value by value. */
    private long descendFrom(final double[] w, final double[] grad, final int from, final int n, final double eta,
        final SplitMix64 rng, final int first)
    {
        final int span = n - first;
        if (span <= 0 || span > DRAW_OFFSETS.length)
        {
            return descendValueByValue(w, grad, from, n, eta, rng, first);
        }
        // the nonzero gradients' columns first (no branch on them), then their draws in one loop C2 vectorises (the
        // t-th nonzero gradient takes the stream's draw t + 1), then the rounding
        if (nonzero.length < span)
        {
            nonzero = new int[span];
            nonzeroDraws = new long[span];
        }
        final int[] idx = nonzero;
        int nnz = 0;
        for (int j = first; j < n; j++)
        {
            idx[nnz] = j;
            nnz += grad[from + j] != 0.0 ? 1 : 0;
        }
        final long start = rng.state();
        final long[] draws = nonzeroDraws;
        for (int t = 0; t < nnz; t++)
        {
            draws[t] = SplitMix64.mix(start + DRAW_OFFSETS[t]);
        }
        for (int t = 0; t < nnz; t++)
        {
            final int j = idx[t];
            final int x = from + j;
            final double nw = w[j] - eta * grad[x];
            final double scaled = nw * scale;
            if (!(Math.abs(scaled) <= MAX_SCALED))
            {
                // the format's own path may not draw: value by value from here, the stream as it stands
                rng.restore(start + t * SplitMix64.GOLDEN_GAMMA);
                return t + descendValueByValue(w, grad, from, n, eta, rng, j);
            }
            w[j] = rounded(scaled, draws[t]);
            grad[x] = 0.0;
        }
        rng.restore(start + nnz * SplitMix64.GOLDEN_GAMMA);
        return nnz;
    }

    /** {@link #descendFrom}, value by value: the stream's state in a local between draws. */
    private long descendValueByValue(final double[] w, final double[] grad, final int from, final int n,
        final double eta, final SplitMix64 rng, final int first)
    {
        long state = rng.state();
        long writes = 0;
        for (int j = first; j < n; j++)
        {
            final int x = from + j;
            final double g = grad[x];
            if (g == 0.0)
            {
                continue;
            }
            final double nw = w[j] - eta * g;
            final double scaled = nw * scale;
            if (!(Math.abs(scaled) <= MAX_SCALED))
            {
                rng.restore(state);
                w[j] = format.quantize(nw, rng);
                state = rng.state();
            }
            else
            {
                state += SplitMix64.GOLDEN_GAMMA;
                w[j] = rounded(scaled, SplitMix64.mix(state));
            }
            grad[x] = 0.0;
            writes++;
        }
        rng.restore(state);
        return writes;
    }

    /**
     * @param x   a value.
     * @param rng the core's stream.
     * @return {@code format.quantize(x, rng)}.
     */
    double quantize(final double x, final SplitMix64 rng)
    {
        final double scaled = x * scale;
        if (!(Math.abs(scaled) <= MAX_SCALED))
        {
            // not finite, or saturating without a draw: the format's own path (and its error message)
            return format.quantize(x, rng);
        }
        return rounded(scaled, rng.nextLong());
    }

    /**
     * The stored value of a scaled value in range ({@code |scaled| <= 2^62}), rounded up when the draw falls below
     * its fraction, then saturated: {@code (long)(floor + 1.0) == (long)floor + 1} in range, and the +1 comes from
     * the sign bit, without a branch on the random draw.
     *
     * @param scaled the value times 2^fractionalBits.
     * @param bits   the draw's 64 random bits ({@link SplitMix64#unitDouble} makes it a uniform in [0, 1)).
     * @return the quantized value.
     */
    private double rounded(final double scaled, final long bits)
    {
        final double floor = Math.floor(scaled);
        final long up = FixedPointFormat.roundsUp(SplitMix64.unitDouble(bits), scaled - floor);
        final long raw = Math.max(minRaw, Math.min(maxRaw, (long)floor + up));
        return (double)raw * unit;
    }
}
