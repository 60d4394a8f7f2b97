package org.nmsim.learning.sop;

import java.util.List;

/**
 * A parsed sum-of-products learning rule, e.g. pairwise STDP {@code "dw = 2^-2 * x1 * y0 - 2^-2 * y1 * x0"}:
 * {@code target := target + sum_i scale_i * dependency_i * prod_j factor_ij}, applied once per learning epoch.
 *
 * <p>Grammar (whitespace is ignored; columns in messages are 1-based positions in the original string):
 * <pre>
 * rule    := target '=' sum
 * target  := 'dw' | 'dd' | 'dt'
 * sum     := [sign] product (sign product)*
 * product := term ('*' term)*
 * term    := INT | '2' '^' [sign] INT          -- literals, all folded into the product's scale
 *          | 'x0' | 'y0' | 'u' DIGIT           -- the first of these is the dependency, later x0/y0 are factors
 *          | 'x1' | 'x2' | 'y1' | 'y2' | 'y3' | 'w' | 'd' | 't'
 *          | '(' bracket ')' | 'sgn' '(' bracket ')'
 * bracket := [sign] operand [sign operand]     -- one variable and at most one INT constant, or one literal
 * sign    := '+' | '-'
 * </pre>
 *
 * <p>Semantics follow Lava's learning API; the files relied on: {@code src/lava/magma/core/learning/
 * symbolic_equation.py} (tokens and literal forms {@code x*2^y}, {@code 2^y}, {@code x}), {@code product_series.py}
 * (products split at {@code +}/{@code -}, literals combined into a 4-bit mantissa and an exponent in [-7, 8],
 * first dependency wins, {@code (var +/- C)} and {@code sgn(w|d|t +/- C)} factors), {@code learning_rule.py} (one
 * {@code k} across all {@code u_k} of a rule set; targets dw, dd, dt).
 *
 * <p>Stricter than Lava, on purpose: an identifier must be exactly a known symbol ({@code x12} or {@code x1y0} is
 * an error, where Lava's regular expressions would split it), a sign may not follow {@code *}, and a second
 * {@code u_k} in one product is an error (Lava drops it silently).
 *
 * @param target   the variable the rule changes.
 * @param text     the rule string as written.
 * @param products the products, in rule order (immutable, at least one).
 */
public record LearningRule(Target target, String text, List<Product> products)
{
    /**
     * @throws IllegalArgumentException on a missing field, no products, or two different {@code k}.
     */
    public LearningRule
    {
        if (target == null || text == null || products == null || products.isEmpty())
        {
            throw new IllegalArgumentException("learning rule target=" + target + " text=" + text + " products="
                + products + ": all required, at least one product");
        }
        products = List.copyOf(products);
        int k = -1;
        for (final Product p : products)
        {
            if (p.decimateExponent() >= 0)
            {
                if (k >= 0 && k != p.decimateExponent())
                {
                    throw new IllegalArgumentException("rule '" + text + "': u" + p.decimateExponent()
                        + " conflicts with u" + k + " (one decimation exponent k per rule set)");
                }
                k = p.decimateExponent();
            }
        }
    }

    /**
     * Parses a rule string.
     *
     * @param text e.g. {@code "dw = 2^-2 * x1 * y0 - 2^-2 * y1 * x0"}.
     * @return the rule.
     * @throws IllegalArgumentException naming the rule, the offending token, its 1-based column and what is
     *                                  allowed there.
     */
    public static LearningRule parse(final String text)
    {
        return new RuleParser(text).parse();
    }

    /** @return the {@code k} of this rule's {@code u_k} products, or -1 if it has none. */
    public int decimateExponent()
    {
        for (final Product p : products)
        {
            if (p.decimateExponent() >= 0)
            {
                return p.decimateExponent();
            }
        }
        return -1;
    }

    /**
     * @param variable a variable.
     * @return true if some product reads it as a factor.
     */
    public boolean reads(final Variable variable)
    {
        for (final Product p : products)
        {
            for (final Factor f : p.factors())
            {
                if (f.variable() == variable)
                {
                    return true;
                }
            }
        }
        return false;
    }
}
