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
        for (int i = 0; i < rows.length; i++)
        {
            final double a = rows[i];
            if (a == 0.0)
            {
                continue;
            }
            final int base = i * width;
            if (fixed)
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
     * {@code w -= eta * grad} where {@code grad} is nonzero, then clears {@code grad}.
     *
     * @return the number of weights written.
     */
    public static long descend(final double[] w, final double[] grad, final double eta, final boolean fixed,
        final NumberFormat format, final SplitMix64 rng)
    {
        long writes = 0;
        for (int x = 0; x < grad.length; x++)
        {
            if (grad[x] != 0.0)
            {
                final double nw = w[x] - eta * grad[x];
                w[x] = fixed ? format.quantize(nw, rng) : nw;
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
