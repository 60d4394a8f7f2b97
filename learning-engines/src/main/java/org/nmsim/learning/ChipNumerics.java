package org.nmsim.learning;

import java.util.Arrays;

import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.chip.numeric.Overflow;
import org.nmsim.chip.numeric.Rounding;

/**
 * The number format of every value the online MLP stores, so that a fixed-point chip is simulated by rounding
 * each value where the chip would store it. Dendritic sums of fixed-point products are exact (they fit a wide
 * accumulator), so rounding at the storage points reproduces a fixed-point datapath with the stated rounding and
 * saturation. Float64 ("ideal") mode uses {@link IdealFloat64} everywhere and is bit-identical to MODEL.md.
 *
 * @param weights  format of W^l per weight layer (8-bit weights need a per-layer binary point).
 * @param state    membrane potential, bias and surrogate values.
 * @param trace    presynaptic traces.
 * @param gradient per-synapse gradient accumulators (stochastic rounding: increments are far below one LSB).
 * @param feedback B (DFA) and M (FGT; stochastic rounding: its (1 - lambda_M) increments are tiny).
 * @param payload  graded message payloads (inputs, FGT signals, errors).
 * @param update   weight updates (stochastic rounding to the weight's LSB, saturating).
 */
public record ChipNumerics(NumberFormat[] weights, NumberFormat state, NumberFormat trace, NumberFormat gradient,
    NumberFormat feedback, NumberFormat payload, NumberFormat[] update)
{
    /** Integer bits (excluding sign) of the state, trace, gradient and feedback formats: values up to +-8. */
    static final int SMALL_INTEGER_BITS = 3;

    /**
     * @param weightLayers number of weight layers.
     * @return float64 everywhere.
     */
    public static ChipNumerics ideal(final int weightLayers)
    {
        final NumberFormat[] w = new NumberFormat[weightLayers];
        Arrays.fill(w, IdealFloat64.INSTANCE);
        final NumberFormat i = IdealFloat64.INSTANCE;
        return new ChipNumerics(w, i, i, i, i, i, w);
    }

    /**
     * Fixed point at the declared storage widths. Weight layer l gets the binary point that leaves room for
     * four times its initial bound {@code 1/sqrt(n_l)} (training grows weights); state uses 24 bits (Loihi's
     * u and v width, HARDWARE.md); traces, gradients and feedback use their declared widths with 3 integer bits;
     * graded payloads use the chip's payload bits with 3 integer bits.
     *
     * @param sizes       layer sizes.
     * @param f           storage widths.
     * @param payloadBits the chip's graded payload width.
     * @return the fixed-point numerics.
     */
    public static ChipNumerics fixedPoint(final int[] sizes, final StorageFormats f, final int payloadBits)
    {
        final int n = sizes.length - 1;
        final NumberFormat[] w = new NumberFormat[n];
        final NumberFormat[] up = new NumberFormat[n];
        for (int l = 0; l < n; l++)
        {
            // integer bits may be negative: the binary point moves right of the word, up to one fractional bit per
            // stored bit (e.g. 8 bits, 8 fractional: [-0.5, 0.496] in steps of 1/256)
            final double range = 4.0 / Math.sqrt(sizes[l]);
            final int intBits = (int)Math.ceil(Math.log(range) / Math.log(2));
            final int frac = Math.max(0, Math.min(f.weightBits(), f.weightBits() - 1 - intBits));
            w[l] = format(f.weightBits(), frac, Rounding.NEAREST_EVEN);
            up[l] = format(f.weightBits(), frac, Rounding.STOCHASTIC);
        }
        return new ChipNumerics(w, format(24, 24 - 1 - 8, Rounding.NEAREST_EVEN),
            format(f.traceBits(), f.traceBits() - 1 - SMALL_INTEGER_BITS, Rounding.NEAREST_EVEN),
            format(f.gradientBits(), f.gradientBits() - 1 - SMALL_INTEGER_BITS, Rounding.STOCHASTIC),
            format(f.feedbackBits(), f.feedbackBits() - 1 - SMALL_INTEGER_BITS, Rounding.STOCHASTIC),
            format(payloadBits, Math.max(0, payloadBits - 1 - SMALL_INTEGER_BITS), Rounding.NEAREST_EVEN), up);
    }

    /**
     * @param bits the word width, at most 32.
     * @param frac fraction bits (clamped to {@code bits}).
     * @param rounding how values are rounded into it.
     * @return a signed, saturating fixed-point format.
     * @throws IllegalArgumentException when {@code bits} exceeds 32.
     */
    public static NumberFormat format(final int bits, final int frac, final Rounding rounding)
    {
        if (bits > 32)
        {
            throw new IllegalArgumentException("bits=" + bits + " exceeds 32, the widest fixed-point format");
        }
        return new FixedPointFormat(bits, Math.min(frac, bits), true, rounding, Overflow.SATURATE);
    }

    /**
     * @param weights the weight formats, layer by layer.
     * @return {@code "weights W0 <format>, W1 <format>, ..."}, for a description to append the other formats to.
     */
    public static StringBuilder describeWeights(final NumberFormat[] weights)
    {
        final StringBuilder sb = new StringBuilder("weights ");
        for (int l = 0; l < weights.length; l++)
        {
            sb.append(l == 0 ? "" : ", ").append("W").append(l).append(' ').append(weights[l].describe());
        }
        return sb;
    }

    /** @return true when every format is float64. */
    public boolean isIdeal()
    {
        return state.isIdeal() && Arrays.stream(weights).allMatch(NumberFormat::isIdeal);
    }

    /** @return a one-line description of every format. */
    public String describe()
    {
        final StringBuilder sb = describeWeights(weights);
        return sb.append("; state ").append(state.describe()).append("; trace ").append(trace.describe())
            .append("; gradient ").append(gradient.describe()).append("; feedback ").append(feedback.describe())
            .append("; payload ").append(payload.describe()).toString();
    }
}
