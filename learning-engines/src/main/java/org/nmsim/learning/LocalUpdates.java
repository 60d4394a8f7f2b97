package org.nmsim.learning;

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
                sr.accumulateRow(grad, base, cols, a, width, rng);
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
     * of {@link #accumulateOuter}{@code (grad, rows[s], cols[s], width, false, ...)} for {@code s = 0..n-1} and
     * then {@link #descend}{@code (w, grad, eta, false, ...)} make, in the same order (the products
     * {@code cols[s][j] * rows[s][i]} added one by one, steps in order, rows with {@code rows[s][i] == 0} skipped;
     * then {@code w - eta * g} where {@code g != 0}), so the results are bit-identical; but each row of
     * {@code grad} and {@code w} is read and written once per sample instead of once per step.
     *
     * @param w       the weights, {@code rows[s].length * width} values; updated when {@code descend}.
     * @param grad    the gradient accumulators, same shape; accumulated into, or cleared when {@code descend}.
     * @param rows    per step, the row factors (a presynaptic trace).
     * @param cols    per step, the column factors ({@code width} values).
     * @param n       the steps recorded in {@code rows} and {@code cols}.
     * @param width   the row width.
     * @param descend true to apply {@code w -= eta * g} and clear {@code grad}; false to keep {@code g} in it.
     * @param eta     the learning rate (with {@code descend}).
     * @param scratch {@code width} values of scratch space.
     * @return the number of weights written (0 without {@code descend}).
     */
    public static long accumulateDeferred(final double[] w, final double[] grad, final double[][] rows,
        final double[][] cols, final int n, final int width, final boolean descend, final double eta,
        final double[] scratch)
    {
        final int nRows = grad.length / width;
        long writes = 0;
        for (int i = 0; i < nRows; i++)
        {
            final int base = i * width;
            boolean any = false;
            for (int s = 0; s < n; s++)
            {
                if (rows[s][i] != 0.0)
                {
                    any = true;
                    break;
                }
            }
            if (!any && !descend)
            {
                continue;
            }
            System.arraycopy(grad, base, scratch, 0, width);
            if (any)
            {
                for (int s = 0; s < n; s++)
                {
                    final double a = rows[s][i];
                    if (a == 0.0)
                    {
                        continue;
                    }
                    final double[] c = cols[s];
                    for (int j = 0; j < width; j++)
                    {
                        scratch[j] += c[j] * a;
                    }
                }
            }
            if (!descend)
            {
                System.arraycopy(scratch, 0, grad, base, width);
                continue;
            }
            for (int j = 0; j < width; j++)
            {
                final double g = scratch[j];
                if (g != 0.0)
                {
                    final int x = base + j;
                    w[x] = w[x] - eta * g;
                    grad[x] = 0.0;
                    writes++;
                }
            }
        }
        return writes;
    }

    /**
     * {@code w -= eta * grad} where {@code grad} is nonzero, then clears {@code grad}.
     *
     * @return the number of weights written.
     */
    public static long descend(final double[] w, final double[] grad, final double eta, final boolean fixed,
        final NumberFormat format, final SplitMix64 rng)
    {
        long writes = 0;
        final StochasticRounding sr = fixed && rng != null ? StochasticRounding.of(format) : null;
        for (int x = 0; x < grad.length; x++)
        {
            if (grad[x] != 0.0)
            {
                final double nw = w[x] - eta * grad[x];
                w[x] = sr != null ? sr.quantize(nw, rng) : fixed ? format.quantize(nw, rng) : nw;
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
