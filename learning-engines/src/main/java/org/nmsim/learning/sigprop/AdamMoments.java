package org.nmsim.learning.sigprop;

import java.util.Arrays;

import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.chip.numeric.Overflow;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.kernel.SplitMix64;

/**
 * Adam (Kingma and Ba; the optimizer of paper 002 section VI) for one array of weights held by one core: a first
 * moment m and a second moment v per weight, stored next to the weight and charged to the same core's synaptic
 * memory ({@link #bitsPerWeight}). The update of a weight with gradient g at the sample-th update of this array is
 * that of {@code torch.optim.Adam} (no weight decay, no amsgrad):
 * <pre>
 *   m = beta1 m + (1 - beta1) g,   v = beta2 v + (1 - beta2) g^2,
 *   w -= (lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Every weight is updated at every step, also one whose gradient is 0 (its moments still decay and move it), as
 * torch does.
 *
 * <h2>Fixed point</h2>
 * m is stored at twice the gradient width (at most 32 bits, signed) with the gradient's integer bits and the rest
 * fraction bits (16-bit gradients with 12 fraction bits: m has 28), because Adam divides m by its own scale, so
 * the rounding noise of a small m would otherwise become a full-size step (SigconvFixedPointTest: with m in the
 * 16-bit gradient format, FSP-voltage's 10-integer-bit gradients gave updates with a cosine of only 0.88 to float's);
 * v at twice the gradient width (at most 31 bits, unsigned) with twice its fraction bits, so the square of every
 * gradient word is representable (16-bit gradients with 12 fraction bits: v has 24 fraction bits and 7 integer bits,
 * values up to 128). Both are rounded stochastically. The
 * rounding draws come from the stream the caller passes (a core's own, or a stream all holders of a shared kernel
 * advance identically). eps is raised to the resolution of the bias-corrected root {@code sqrt(v / (1 - beta2^t))},
 * {@code sqrt(LSB(v) / (1 - beta2^t))} (at t = 1 with beta2 = 0.999 and 24 fraction bits: 0.0077; later 2^-12), so
 * that a small gradient whose v rounds to 0 while its m does not cannot blow its update up (found by
 * SigconvFixedPointTest: with eps = 2^-12 such weights moved 10 times the float step).
 *
 * <p>Threading: NOT thread safe; owned by one core.
 */
public final class AdamMoments
{
    /** Multiplies counted per {@link #delta} call. */
    public static final int MULTIPLIES = 6;
    /** Additions counted per {@link #delta} call. */
    public static final int ADDS = 3;
    /** Divisions counted per {@link #delta} call. */
    public static final int DIVIDES = 2;

    /**
     * Adam's constants.
     *
     * @param beta1 decay of the first moment, in [0, 1).
     * @param beta2 decay of the second moment, in [0, 1).
     * @param eps   added to the denominator, {@code > 0}.
     */
    public record Config(double beta1, double beta2, double eps)
    {
        /** torch.optim.Adam's defaults. */
        public static final Config TORCH = new Config(0.9, 0.999, 1e-8);

        /** Validates (errors name the field, the value and the rule). */
        public Config
        {
            if (!(beta1 >= 0 && beta1 < 1))
            {
                throw new IllegalArgumentException("adam_beta1=" + beta1 + " must be in [0, 1)");
            }
            if (!(beta2 >= 0 && beta2 < 1))
            {
                throw new IllegalArgumentException("adam_beta2=" + beta2 + " must be in [0, 1)");
            }
            if (!(eps > 0) || !Double.isFinite(eps))
            {
                throw new IllegalArgumentException("adam_eps=" + eps + " must be > 0 and finite");
            }
        }
    }

    private final Config cfg;
    private final double[] m;
    private final double[] v;
    private final NumberFormat mFormat;
    private final NumberFormat vFormat;
    private final boolean fixed;
    private final double eps;
    private final double vLsb;
    private double epsT;
    private long t;
    private double stepSize;
    private double bc2Sqrt;

    /**
     * @param cfg      Adam's constants.
     * @param size     weights in the array.
     * @param gradient the gradient format (float64: moments in float64).
     */
    public AdamMoments(final Config cfg, final int size, final NumberFormat gradient)
    {
        this.cfg = cfg;
        m = new double[size];
        v = new double[size];
        fixed = !gradient.isIdeal();
        mFormat = fixed ? firstMomentFormat((FixedPointFormat)gradient) : gradient;
        vFormat = fixed ? secondMomentFormat((FixedPointFormat)gradient) : gradient;
        eps = cfg.eps();
        vLsb = fixed ? Math.pow(2.0, -((FixedPointFormat)vFormat).fractionalBits()) : 0.0;
        epsT = eps;
    }

    /**
     * @param gradient a fixed-point gradient format.
     * @return m's format: twice the width (at most 32 bits, signed), the gradient's integer bits, stochastic rounding.
     */
    public static FixedPointFormat firstMomentFormat(final FixedPointFormat gradient)
    {
        final int bits = Math.min(32, 2 * gradient.totalBits());
        final int integer = gradient.totalBits() - 1 - gradient.fractionalBits();
        return new FixedPointFormat(bits, Math.max(0, Math.min(bits - 1, bits - 1 - integer)), true,
            Rounding.STOCHASTIC, Overflow.SATURATE);
    }

    /**
     * @param gradient a fixed-point gradient format.
     * @return v's format: twice the width (at most 31 bits, unsigned), twice the fraction bits, stochastic rounding.
     */
    public static FixedPointFormat secondMomentFormat(final FixedPointFormat gradient)
    {
        final int bits = Math.min(31, 2 * gradient.totalBits() - 1);
        return new FixedPointFormat(bits, Math.min(bits, 2 * gradient.fractionalBits()), false, Rounding.STOCHASTIC,
            Overflow.SATURATE);
    }

    /**
     * Counts what Adam adds to {@code updates} weight updates beyond SGD's one multiply, add and write each: the
     * moments' arithmetic ({@link #MULTIPLIES}, {@link #ADDS}, {@link #DIVIDES}), one square root, and m and v read
     * and written back.
     *
     * @param counters the core's counters.
     * @param updates  the weights updated.
     * @param mul      counter id of a multiply (the core's arithmetic).
     * @param add      counter id of an add.
     * @param div      counter id of a divide.
     * @param sqrt     counter id of a square root.
     * @param read     counter id of a memory word read.
     * @param write    counter id of a memory word write.
     */
    public static void countExtra(final long[] counters, final long updates, final int mul, final int add,
        final int div, final int sqrt, final int read, final int write)
    {
        counters[mul] += updates * MULTIPLIES;
        counters[add] += updates * ADDS;
        counters[div] += updates * DIVIDES;
        counters[sqrt] += updates;
        counters[read] += 2 * updates;
        counters[write] += 2 * updates;
    }

    /**
     * @param gradientBits the declared gradient width.
     * @return bits of Adam state per weight: m and v at twice the gradient width each.
     */
    public static long bitsPerWeight(final int gradientBits)
    {
        return 4L * gradientBits;
    }

    /**
     * Starts the next update of the whole array (call once per sample, before {@link #delta}): advances t and
     * computes the bias corrections (2 powers, 1 square root, 1 division per call).
     *
     * @param lr the learning rate.
     */
    public void begin(final double lr)
    {
        t++;
        final double bc1 = 1.0 - Math.pow(cfg.beta1(), t);
        final double bc2 = 1.0 - Math.pow(cfg.beta2(), t);
        stepSize = lr / bc1;
        bc2Sqrt = Math.sqrt(bc2);
        epsT = fixed ? Math.max(eps, Math.sqrt(vLsb / bc2)) : eps;
    }

    /**
     * Updates the moments of weight i with its gradient and returns the amount to SUBTRACT from the weight.
     *
     * @param i   the weight.
     * @param g   its gradient.
     * @param rng the rounding stream (fixed point; unused in float64).
     * @return the step.
     */
    public double delta(final int i, final double g, final SplitMix64 rng)
    {
        final double nm = m[i] * cfg.beta1() + g * (1.0 - cfg.beta1());
        final double nv = v[i] * cfg.beta2() + g * g * (1.0 - cfg.beta2());
        m[i] = fixed ? mFormat.quantize(nm, rng) : nm;
        v[i] = fixed ? vFormat.quantize(nv, rng) : nv;
        final double denom = Math.sqrt(v[i]) / bc2Sqrt + epsT;
        return stepSize * (m[i] / denom);
    }

    /** @return the number of updates so far. */
    public long steps()
    {
        return t;
    }

    /** @return the weights this array holds moments for. */
    public int size()
    {
        return m.length;
    }

    /**
     * @return the state for a checkpoint: t, then m, then v.
     */
    public double[] state()
    {
        final double[] out = new double[1 + 2 * m.length];
        out[0] = t;
        System.arraycopy(m, 0, out, 1, m.length);
        System.arraycopy(v, 0, out, 1 + m.length, v.length);
        return out;
    }

    /**
     * @param state a state from {@link #state()}.
     * @throws IllegalArgumentException when the length differs.
     */
    public void restore(final double[] state)
    {
        if (state.length != 1 + 2 * m.length)
        {
            throw new IllegalArgumentException("checkpoint: Adam state of " + state.length + " words for " + m.length +
                " weights (needs " + (1 + 2 * m.length) + ")");
        }
        t = (long)state[0];
        System.arraycopy(state, 1, m, 0, m.length);
        System.arraycopy(state, 1 + m.length, v, 0, v.length);
    }

    /** @return a copy of the first moments. */
    public double[] firstMoments()
    {
        return Arrays.copyOf(m, m.length);
    }

    /** @return a copy of the second moments. */
    public double[] secondMoments()
    {
        return Arrays.copyOf(v, v.length);
    }
}
