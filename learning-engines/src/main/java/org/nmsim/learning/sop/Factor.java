package org.nmsim.learning.sop;

/**
 * One factor of a product: {@code variable + constant}, or {@code sgn(variable + constant)}.
 *
 * <p>Source: Lava {@code src/lava/magma/core/learning/product_series.py} ({@code Factor}: a state variable, an
 * optional additive constant, and an sgn flag allowed only on w, d, t).
 *
 * @param variable the state read.
 * @param constant the additive constant ({@code 0} if none), in {@code [-128, 127]} (Lava's {@code W_CONST = 8}).
 * @param sign     true for {@code sgn(variable + constant)}, whose value is -1, 0 or 1.
 * @param column   1-based column of the factor in the rule string (for messages).
 */
public record Factor(Variable variable, int constant, boolean sign, int column)
{
    /** Smallest additive constant. */
    public static final int MIN_CONSTANT = -128;
    /** Largest additive constant. */
    public static final int MAX_CONSTANT = 127;

    /**
     * @throws IllegalArgumentException on a null variable, a constant out of range or sgn on a trace.
     */
    public Factor
    {
        if (variable == null)
        {
            throw new IllegalArgumentException("factor variable=null");
        }
        if (constant < MIN_CONSTANT || constant > MAX_CONSTANT)
        {
            throw new IllegalArgumentException("factor constant=" + constant + " out of range [" + MIN_CONSTANT
                + ", " + MAX_CONSTANT + "] (8-bit constants)");
        }
        if (sign && !variable.isSynaptic())
        {
            throw new IllegalArgumentException("sgn() applies only to w, d, t; variable=" + variable.symbol());
        }
    }

    @Override
    public String toString()
    {
        final String inner = constant == 0 ? variable.symbol()
            : "(" + variable.symbol() + (constant > 0 ? " + " : " - ") + Math.abs(constant) + ")";
        if (sign)
        {
            return "sgn" + (inner.startsWith("(") ? inner : "(" + inner + ")");
        }
        return inner;
    }
}
