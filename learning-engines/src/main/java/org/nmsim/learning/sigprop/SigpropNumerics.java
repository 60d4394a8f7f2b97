package org.nmsim.learning.sigprop;

import java.util.Arrays;

import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.chip.numeric.Overflow;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.learning.ChipNumerics;
import org.nmsim.learning.StorageFormats;

/**
 * The number format of every value on-chip sigprop stores. Fixed point takes the online MLP's formats
 * ({@link ChipNumerics#fixedPoint}: per-layer weight binary points, 24-bit state, declared trace and gradient widths
 * with stochastic rounding of gradients and weight updates, the chip's graded payload), plus the target generator's
 * weights S (binary point from its own bound {@code 1/sqrt(m)}) and a logit payload with {@value #LOGIT_INTEGER_BITS}
 * integer bits for the partial dot products a core sends to its layer's loss core (they grow with the core's size).
 *
 * @param weights  W^l, l = 0..N-1 (W^0 connects the input to layer 1).
 * @param update   W^l updates (stochastic rounding to the weight's LSB).
 * @param target   S, the target generator's weights.
 * @param targetUp S updates.
 * @param state    membrane potentials, biases, layer outputs h and g'.
 * @param trace    presynaptic traces (input counts; exact for spikes).
 * @param gradient per-synapse gradient accumulators (stochastic rounding).
 * @param payload  graded payloads: pixel intensities and errors.
 * @param logit    graded payload of partial logits.
 */
public record SigpropNumerics(NumberFormat[] weights, NumberFormat[] update, NumberFormat target,
    NumberFormat targetUp, NumberFormat state, NumberFormat trace, NumberFormat gradient, NumberFormat payload,
    NumberFormat logit)
{
    /** Integer bits of the logit payload: partial dot products up to +-1024. */
    public static final int LOGIT_INTEGER_BITS = 10;

    /**
     * @param weightLayers N.
     * @return float64 everywhere.
     */
    public static SigpropNumerics ideal(final int weightLayers)
    {
        final NumberFormat i = IdealFloat64.INSTANCE;
        final NumberFormat[] w = new NumberFormat[weightLayers];
        Arrays.fill(w, i);
        return new SigpropNumerics(w, w, i, i, i, i, i, i, i);
    }

    /**
     * @param sizes       layer sizes, input first, classes last.
     * @param f           declared storage widths.
     * @param payloadBits the chip's graded payload width.
     * @return the fixed-point formats.
     */
    public static SigpropNumerics fixedPoint(final int[] sizes, final StorageFormats f, final int payloadBits)
    {
        final ChipNumerics net = ChipNumerics.fixedPoint(sizes, f, payloadBits);
        final int m = sizes[sizes.length - 1];
        final ChipNumerics gen = ChipNumerics.fixedPoint(new int[] {m, sizes[1], m}, f, payloadBits);
        final int bits = Math.min(32, payloadBits);
        final NumberFormat logit = new FixedPointFormat(bits, Math.max(0, bits - 1 - LOGIT_INTEGER_BITS), true,
            Rounding.NEAREST_EVEN, Overflow.SATURATE);
        return new SigpropNumerics(net.weights(), net.update(), gen.weights()[0], gen.update()[0], net.state(),
            net.trace(), net.gradient(), net.payload(), logit);
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
        return sb.append("; S ").append(target.describe()).append("; state ").append(state.describe())
            .append("; trace ").append(trace.describe()).append("; gradient ").append(gradient.describe())
            .append("; payload ").append(payload.describe()).append("; logit ").append(logit.describe()).toString();
    }
}
