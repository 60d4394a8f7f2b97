package org.nmsim.learning.biograd;

import java.util.Arrays;

import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.chip.numeric.Overflow;
import org.nmsim.chip.numeric.Rounding;

/**
 * The number formats of the values BioGrad stores, for the low-precision study of paper 004 (Appendix D, Table 5):
 * weights, feedback weights and the two eligibility traces are rounded to the target width whenever they change
 * (deterministically, to nearest, as the paper; or stochastically from the core's own stream). Voltages, spike
 * counts and sleep accumulators stay float64 (the paper quantises weights and traces only).
 *
 * <p>Binary points: layer l's weights leave room for {@code 4/sqrt(n_l)} (training grows them), as ChipNumerics; the
 * feedback weights +-8; {@code Tr_pre} its bound {@code 1/(1 - d_v)} (or T for integrate-and-fire); {@code Tr_corr}
 * its bound {@code T * b * bound(Tr_pre)}.
 *
 * @param weights  format of W^l, per weight layer.
 * @param feedback format of B.
 * @param pre      format of Tr_pre.
 * @param corr     format of Tr_corr.
 */
public record BgNumerics(NumberFormat[] weights, NumberFormat feedback, NumberFormat pre, NumberFormat corr)
{
    /**
     * @param sizes layer sizes.
     * @param p     the parameters ({@link BioGradParams#precisionBits()} 0 gives float64 everywhere).
     * @return the formats.
     */
    public static BgNumerics of(final int[] sizes, final BioGradParams p)
    {
        final int n = sizes.length - 1;
        final NumberFormat[] w = new NumberFormat[n];
        if (p.precisionBits() == 0)
        {
            Arrays.fill(w, IdealFloat64.INSTANCE);
            return new BgNumerics(w, IdealFloat64.INSTANCE, IdealFloat64.INSTANCE, IdealFloat64.INSTANCE);
        }
        final int bits = p.precisionBits();
        final Rounding r = p.stochastic() ? Rounding.STOCHASTIC : Rounding.NEAREST_EVEN;
        for (int l = 0; l < n; l++)
        {
            w[l] = format(bits, 4.0 / Math.sqrt(sizes[l]), r);
        }
        final double preBound = p.dv() < 1.0 ? 1.0 / (1.0 - p.dv()) : p.steps();
        return new BgNumerics(w, format(bits, 8.0, r), format(bits, preBound, r),
            format(bits, p.steps() * p.amplification() * preBound, r));
    }

    /** A signed format of {@code bits} whose range covers +-{@code bound}. */
    private static NumberFormat format(final int bits, final double bound, final Rounding r)
    {
        // integer bits may be negative: the binary point then lies left of the word (e.g. 8 bits for +-0.14: 8
        // fractional bits, range [-0.5, 0.496])
        final int intBits = (int)Math.ceil(Math.log(bound) / Math.log(2));
        return new FixedPointFormat(bits, Math.max(0, Math.min(bits, bits - 1 - intBits)), true, r, Overflow.SATURATE);
    }

    /** @return true when every format is float64. */
    public boolean isIdeal()
    {
        return pre.isIdeal() && feedback.isIdeal() && Arrays.stream(weights).allMatch(NumberFormat::isIdeal);
    }

    /** @return one line naming every format. */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder();
        for (int l = 0; l < weights.length; l++)
        {
            sb.append(l == 0 ? "" : ", ").append("W").append(l).append(' ').append(weights[l].describe());
        }
        return sb.append("; B ").append(feedback.describe()).append("; Tr_pre ").append(pre.describe())
            .append("; Tr_corr ").append(corr.describe()).toString();
    }
}
