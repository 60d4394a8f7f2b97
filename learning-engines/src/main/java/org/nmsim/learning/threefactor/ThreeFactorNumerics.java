package org.nmsim.learning.threefactor;

import static org.nmsim.learning.ChipNumerics.format;

import java.util.Arrays;

import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.learning.ChipNumerics;
import org.nmsim.learning.StorageFormats;

/**
 * The number format of every value a three-factor core stores. In fixed point each value is rounded where the
 * chip would store it (sums of products are exact in a wide accumulator); float64 ("ideal") mode uses
 * {@link IdealFloat64} everywhere.
 *
 * @param weights     W per weight layer, round to nearest (initial load): a signed mantissa of the declared weight
 *                    bits with a per-layer exponent ({@link ExponentScaledFormat}) so that the layer's range is
 *                    {@value #WEIGHT_HEADROOM} times its initial bound {@code initScale / sqrt(n_l)}.
 * @param update      W per weight layer, stochastic rounding (learning writes), saturating.
 * @param state       synaptic current I and membrane potential U: 24 bits (Loihi's u and v width), 15 fractional.
 * @param trace       presynaptic traces P = dI/dW and Q = dU/dW (eq. 15-16) and filtered spikes, declared trace
 *                    bits, integer part sized for their bound {@code 1 / ((1 - alpha)(1 - beta))}.
 * @param eligibility per-synapse eligibility e_ij (eq. 17), declared eligibility bits, same range as Q, stochastic
 *                    rounding (its (1 - gamma) increments are far below one LSB).
 * @param gradient    per-synapse update accumulators, declared gradient bits, {@value #GRADIENT_INTEGER_BITS} integer
 *                    bits (|grad| &lt; 16), stochastic rounding.
 * @param feedback    fixed random feedback B (eprop) or local readout G (DCLL), declared feedback bits, 3 integer
 *                    bits.
 * @param signal      errors and learning signals, payload width of the chip (or 16 bits), 3 integer bits.
 */
public record ThreeFactorNumerics(NumberFormat[] weights, NumberFormat[] update, NumberFormat state,
    NumberFormat trace, NumberFormat eligibility, NumberFormat gradient, NumberFormat feedback, NumberFormat signal)
{
    /** Integer bits (sign excluded) of the per-synapse update accumulators. */
    static final int GRADIENT_INTEGER_BITS = 4;

    /** Weight range over the initial bound: room for the weights to grow while training. */
    static final double WEIGHT_HEADROOM = 8.0;

    /**
     * @param layers weight layers.
     * @return float64 everywhere.
     */
    public static ThreeFactorNumerics ideal(final int layers)
    {
        final NumberFormat[] w = new NumberFormat[layers];
        Arrays.fill(w, IdealFloat64.INSTANCE);
        final NumberFormat i = IdealFloat64.INSTANCE;
        return new ThreeFactorNumerics(w, w.clone(), i, i, i, i, i, i);
    }

    /**
     * Fixed point at the declared widths. Weight layer l gets the exponent at which
     * {@value #WEIGHT_HEADROOM} times its initial bound {@code initScale / sqrt(n_l)} fits.
     *
     * @param sizes       layer sizes.
     * @param f           declared widths.
     * @param p           hyperparameters (bounds of traces and initial weights).
     * @param signalBits  bits of a graded error (the chip's payload bits; 16 when it has none).
     * @return the formats.
     */
    public static ThreeFactorNumerics fixedPoint(final int[] sizes, final StorageFormats f, final ThreeFactorParams p,
        final int signalBits)
    {
        final int n = sizes.length - 1;
        final NumberFormat[] w = new NumberFormat[n];
        final NumberFormat[] up = new NumberFormat[n];
        for (int l = 0; l < n; l++)
        {
            final double range = WEIGHT_HEADROOM * p.initScale() / Math.sqrt(sizes[l]);
            final int exponent = (int)Math.ceil(Math.log(range) / Math.log(2));
            w[l] = ExponentScaledFormat.of(f.weightBits(), exponent, Rounding.NEAREST_EVEN);
            up[l] = ExponentScaledFormat.of(f.weightBits(), exponent, Rounding.STOCHASTIC);
        }
        final double traceBound = 1.0 / ((1.0 - p.alpha()) * (1.0 - p.beta()));
        final int traceInt = Math.max(0, (int)Math.ceil(Math.log(traceBound) / Math.log(2)));
        return new ThreeFactorNumerics(w, up, format(24, 15, Rounding.NEAREST_EVEN),
            format(f.traceBits(), Math.max(0, f.traceBits() - 1 - traceInt), Rounding.NEAREST_EVEN),
            format(p.eligibilityBits(), Math.max(0, p.eligibilityBits() - 1 - traceInt), Rounding.STOCHASTIC),
            format(f.gradientBits(), Math.max(0, f.gradientBits() - 1 - GRADIENT_INTEGER_BITS), Rounding.STOCHASTIC),
            format(f.feedbackBits(), Math.max(0, f.feedbackBits() - 1 - 3), Rounding.STOCHASTIC),
            format(signalBits, Math.max(0, signalBits - 1 - 3), Rounding.NEAREST_EVEN));
    }

    /** @return true when every format is float64. */
    public boolean isIdeal()
    {
        return state.isIdeal() && Arrays.stream(weights).allMatch(NumberFormat::isIdeal);
    }

    /** @return a one-line description of every format. */
    public String describe()
    {
        final StringBuilder sb = ChipNumerics.describeWeights(weights);
        return sb.append("; state ").append(state.describe()).append("; trace ").append(trace.describe())
            .append("; eligibility ").append(eligibility.describe()).append("; gradient ")
            .append(gradient.describe()).append("; feedback ").append(feedback.describe()).append("; signal ")
            .append(signal.describe()).toString();
    }
}
