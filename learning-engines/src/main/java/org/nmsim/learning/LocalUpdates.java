package org.nmsim.learning;

import java.util.Arrays;

import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.kernel.SplitMix64;

/**
 * The update loops every learning core runs on its own memory: trace decay, outer-product gradient accumulation
 * and the descent step. In fixed point each stored result is rounded in its format (stochastically where the
 * format says so, from the core's own stream); in float64 the arithmetic is exactly MODEL.md's, in the same order.
 */
public final class LocalUpdates
{
    private LocalUpdates()
    {
    }

    /** {@code trace[i] = lambda * trace[i] + input[i]}, then clears {@code input}. */
    public static void decayTraces(final double[] trace, final double[] input, final double lambda, final boolean fixed,
        final NumberFormat format)
    {
        for (int i = 0; i < trace.length; i++)
        {
            final double x = lambda * trace[i] + input[i];
            trace[i] = fixed ? format.quantize(x, null) : x;
            input[i] = 0.0;
        }
    }

    /**
     * {@code grad[i * width + j] += cols[j] * rows[i]} for every nonzero {@code rows[i]}.
     *
     * @return the number of accumulator updates made (synaptic updates to count).
     */
    public static long accumulateOuter(final double[] grad, final double[] rows, final double[] cols, final int width,
        final boolean fixed, final NumberFormat format, final SplitMix64 rng)
    {
        long updates = 0;
        final StochasticRounding sr = fixed && rng != null ? StochasticRounding.of(format) : null;
        final long[] draws = sr != null ? new long[width] : null;
        for (int i = 0; i < rows.length; i++)
        {
            final double a = rows[i];
            if (a == 0.0)
            {
                continue;
            }
            final int base = i * width;
            if (sr != null)
            {
                sr.accumulateRow(grad, base, cols, a, width, rng, draws);
            }
            else if (fixed)
            {
                for (int j = 0; j < width; j++)
                {
                    grad[base + j] = format.quantize(grad[base + j] + cols[j] * a, rng);
                }
            }
            else
            {
                for (int j = 0; j < width; j++)
                {
                    grad[base + j] += cols[j] * a;
                }
            }
            updates += width;
        }
        return updates;
    }

    /**
     * Float64 only: the outer-product accumulations of {@code n} steps, deferred to one pass, and optionally the
     * descent step fused into that pass. Element by element this makes exactly the operations that {@code n} calls
     * of {@link #accumulateOuter}{@code (grad, trace_s, cols[s], width, false, ...)} for {@code s = 0..n-1} (with
     * {@code trace_s[i] = rows[i * stride + s]}) and
     * then {@link #descend}{@code (w, grad, eta, false, ...)} make, in the same order (the products
     * {@code cols[s][j] * rows[i * stride + s]} added one by one, steps in order, zero row factors skipped;
     * then {@code w - eta * g} where {@code g != 0}), so the results are bit-identical; but each row of
     * {@code grad} and {@code w} is read and written once per pass instead of once per step (the steps may span
     * several samples of a mini-batch), and the products are added up to four steps per pass over the row.
     *
     * @param w       the weights, one array of {@code width} values per row; updated when {@code descend}.
     * @param grad    the gradient accumulators, same shape; accumulated into, or cleared when {@code descend}.
     * @param rows    the row factors (a presynaptic trace), row by row: row {@code i}'s factor at step {@code s} is
     *                {@code rows[i * stride + s]}, so that the steps of a row are read in one stream.
     * @param stride  the distance between rows in {@code rows}, {@code >= n}.
     * @param cols    per step, the column factors ({@code width} values).
     * @param n       the steps recorded in {@code rows} and {@code cols}.
     * @param width   the row width.
     * @param descend true to apply {@code w -= eta * g} and clear {@code grad}; false to keep {@code g} in it.
     * @param eta     the learning rate (with {@code descend}).
     * @param scratch {@code width} values of scratch space.
     * @param steps   at least {@code n} ints of scratch space.
     * @return the number of weights written (0 without {@code descend}).
     */
    public static long accumulateDeferred(final double[][] w, final double[] grad, final double[] rows,
        final int stride, final double[][] cols, final int n, final int width, final boolean descend,
        final double eta, final double[] scratch, final int[] steps)
    {
        final int nRows = grad.length / width;
        long writes = 0;
        for (int i = 0; i < nRows; i++)
        {
            final int count = nonzeroSteps(rows, i * stride, n, steps);
            if (count == 0 && !descend)
            {
                continue;
            }
            final int base = i * width;
            System.arraycopy(grad, base, scratch, 0, width);
            addRowProducts(scratch, rows, i * stride, cols, steps, count, width);
            if (!descend)
            {
                System.arraycopy(scratch, 0, grad, base, width);
                continue;
            }
            final double[] wi = w[i];
            for (int j = 0; j < width; j++)
            {
                final double g = scratch[j];
                if (g != 0.0)
                {
                    wi[j] = wi[j] - eta * g;
                    grad[base + j] = 0.0;
                    writes++;
                }
            }
        }
        return writes;
    }

    /**
     * @param rows  the row factors, row by row ({@link #accumulateDeferred}).
     * @param from  where the row's factors start in {@code rows}.
     * @param n     the steps recorded.
     * @param steps receives the steps {@code s < n} with a nonzero factor, in order.
     * @return how many there are.
     */
    private static int nonzeroSteps(final double[] rows, final int from, final int n, final int[] steps)
    {
        int count = 0;
        for (int s = 0; s < n; s++)
        {
            steps[count] = s;
            count += rows[from + s] != 0.0 ? 1 : 0;
        }
        return count;
    }

    /**
     * {@code scratch[j] += cols[s][j] * rows[from + s]} for the {@code count} steps {@code s} in {@code steps}, one
     * step after another (each product and sum rounded, no fused multiply-add), up to four steps per pass over the
     * row: {@code ((x + p0) + p1) + ...} is the same sequence of additions as one pass per step.
     */
    private static void addRowProducts(final double[] scratch, final double[] rows, final int from,
        final double[][] cols, final int[] steps, final int count, final int width)
    {
        int p = 0;
        while (p < count)
        {
            final int s0 = steps[p];
            final double a0 = rows[from + s0];
            final double[] c0 = cols[s0];
            switch (Math.min(count - p, 4))
            {
                case 1 -> SynapticRows.addProducts(scratch, c0, a0, width);
                case 2 -> SynapticRows.addProducts(scratch, c0, a0, cols[steps[p + 1]], rows[from + steps[p + 1]],
                    width);
                case 3 -> SynapticRows.addProducts(scratch, c0, a0, cols[steps[p + 1]], rows[from + steps[p + 1]],
                    cols[steps[p + 2]], rows[from + steps[p + 2]], width);
                default -> SynapticRows.addProducts(scratch, c0, a0, cols[steps[p + 1]], rows[from + steps[p + 1]],
                    cols[steps[p + 2]], rows[from + steps[p + 2]], cols[steps[p + 3]], rows[from + steps[p + 3]],
                    width);
            }
            p += 4;
        }
    }

    /**
     * Float64 only: {@link #accumulateDeferred}{@code (w, grad, rows, stride, cols, n, width, true, eta, ...)} for a
     * {@code grad} that holds only {@code +0.0}, without reading or writing {@code grad}. That call copies each row
     * of {@code grad} (all {@code +0.0}) into scratch, adds the products, applies {@code w - eta * g} where
     * {@code g != 0} and writes {@code +0.0} back there, so {@code grad} stays all {@code +0.0}; here the scratch row
     * starts as {@code +0.0} instead, and the products are added to it in the same order (steps in order, zero
     * row factors skipped), up to four steps per pass ({@code ((x + p0) + p1) + ...}: the same additions one by
     * one, each rounded, no fused multiply-add). The weights are bit-identical; each row of {@code grad} is neither
     * read nor written, and the scratch row is loaded and stored once per four steps instead of once per step.
     *
     * @param w       the weights, one array of {@code width} values per row; updated.
     * @param rows    the row factors, row by row ({@link #accumulateDeferred}).
     * @param stride  the distance between rows in {@code rows}, {@code >= n}.
     * @param cols    per step, the column factors ({@code width} values).
     * @param n       the steps recorded in {@code rows} and {@code cols}.
     * @param width   the row width.
     * @param eta     the learning rate.
     * @param scratch {@code width} values of scratch space.
     * @param steps   at least {@code n} ints of scratch space.
     * @return the number of weights written.
     */
    public static long descendDeferredFromZero(final double[][] w, final double[] rows, final int stride,
        final double[][] cols, final int n, final int width, final double eta, final double[] scratch,
        final int[] steps)
    {
        final int nRows = w.length;
        long writes = 0;
        for (int i = 0; i < nRows; i++)
        {
            final int count = nonzeroSteps(rows, i * stride, n, steps);
            if (count == 0)
            {
                continue;
            }
            Arrays.fill(scratch, 0, width, 0.0);
            addRowProducts(scratch, rows, i * stride, cols, steps, count, width);
            final double[] wi = w[i];
            if (eta > 0.0)
            {
                // w - eta * g for every column, without a branch (so the loop vectorises): where g == 0 it leaves w
                // as it was bit for bit, as skipping it does, because g is then +0.0 (the scratch row starts at +0.0
                // and a sum that comes back to zero is +0.0 when rounding to nearest), eta * g is +0.0, and
                // x - (+0.0) == x for every x, -0.0 included
                for (int j = 0; j < width; j++)
                {
                    wi[j] = wi[j] - eta * scratch[j];
                }
                for (int j = 0; j < width; j++)
                {
                    writes += scratch[j] != 0.0 ? 1 : 0;
                }
                continue;
            }
            for (int j = 0; j < width; j++)
            {
                final double g = scratch[j];
                if (g != 0.0)
                {
                    wi[j] = wi[j] - eta * g;
                    writes++;
                }
            }
        }
        return writes;
    }

    /** @return true when every value of {@code a} is {@code +0.0} (bit pattern 0). */
    public static boolean allPositiveZero(final double[] a)
    {
        for (final double x : a)
        {
            if (Double.doubleToRawLongBits(x) != 0L)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code w -= eta * grad} where {@code grad} is nonzero, then clears {@code grad}.
     *
     * @return the number of weights written.
     */
    public static long descend(final double[] w, final double[] grad, final double eta, final boolean fixed,
        final NumberFormat format, final SplitMix64 rng)
    {
        final StochasticRounding sr = fixed && rng != null ? StochasticRounding.of(format) : null;
        return descendSpan(w, grad, 0, grad.length, eta, fixed, format, rng, sr);
    }

    /**
     * {@link #descend(double[], double[], double, boolean, NumberFormat, SplitMix64)} for weights held one array per
     * row: {@code grad[i * width + j]} belongs to {@code w[i][j]}; the same values and draws, in the same order.
     *
     * @return the weights written.
     */
    public static long descend(final double[][] w, final double[] grad, final double eta, final boolean fixed,
        final NumberFormat format, final SplitMix64 rng)
    {
        final StochasticRounding sr = fixed && rng != null ? StochasticRounding.of(format) : null;
        long writes = 0;
        for (int i = 0, base = 0; i < w.length; base += w[i].length, i++)
        {
            writes += descendSpan(w[i], grad, base, w[i].length, eta, fixed, format, rng, sr);
        }
        return writes;
    }

    /** The descent of {@code w[0, n)} by {@code grad[from, from + n)}. */
    private static long descendSpan(final double[] w, final double[] grad, final int from, final int n,
        final double eta, final boolean fixed, final NumberFormat format, final SplitMix64 rng,
        final StochasticRounding sr)
    {
        if (sr != null)
        {
            return sr.descend(w, grad, from, n, eta, rng);
        }
        long writes = 0;
        for (int j = 0; j < n; j++)
        {
            final int x = from + j;
            if (grad[x] != 0.0)
            {
                final double nw = w[j] - eta * grad[x];
                w[j] = fixed ? format.quantize(nw, rng) : nw;
                grad[x] = 0.0;
                writes++;
            }
        }
        return writes;
    }

    /** {@code b -= eta * grad} for every bias (rounded to nearest in fixed point), then clears {@code grad}. */
    public static void descendBias(final double[] b, final double[] grad, final double eta, final boolean fixed,
        final NumberFormat format)
    {
        for (int j = 0; j < b.length; j++)
        {
            final double nb = b[j] - eta * grad[j];
            b[j] = fixed ? format.quantize(nb, null) : nb;
            grad[j] = 0.0;
        }
    }
}
