package org.nmsim.learning.sop;

import java.util.List;
import java.util.Locale;

/**
 * One product of a rule: {@code mantissa * 2^exponent * dependency * factor_1 * ... * factor_n}. The sign of the
 * product (a leading {@code -}) is folded into the mantissa, as every literal of the product is (Lava combines all
 * literals of a product into one scale).
 *
 * <p>Ranges from Lava {@code src/lava/magma/core/learning/product_series.py} ({@code _generate_product}): the
 * mantissa is normalised (halved while its magnitude exceeds 7, it is even and the exponent is below 8), then must
 * lie in {@code [-8, 7]} (4-bit signed, {@code W_S_MANT = 4}) and the exponent in {@code [-7, 8]}.
 *
 * @param dependency        what gates the product.
 * @param decimateExponent  {@code k} of a {@code u_k} dependency, in [0, 9]; -1 for x0 and y0.
 * @param mantissa          signed scale mantissa, in [-8, 7].
 * @param exponent          scale exponent, in [-7, 8].
 * @param factors           the factors, in rule order (immutable).
 * @param column            1-based column where the product starts (for messages).
 */
public record Product(Dependency dependency, int decimateExponent, int mantissa, int exponent, List<Factor> factors,
    int column)
{
    /** Smallest scale mantissa. */
    public static final int MIN_MANTISSA = -8;
    /** Largest scale mantissa. */
    public static final int MAX_MANTISSA = 7;
    /** Smallest scale exponent. */
    public static final int MIN_EXPONENT = -7;
    /** Largest scale exponent. */
    public static final int MAX_EXPONENT = 8;

    /**
     * @throws IllegalArgumentException when a field is out of its range.
     */
    public Product
    {
        if (dependency == null || factors == null)
        {
            throw new IllegalArgumentException("product dependency=" + dependency + " factors=" + factors
                + ": both required");
        }
        if ((dependency == Dependency.U) != (decimateExponent >= 0) || decimateExponent > 9)
        {
            throw new IllegalArgumentException("product dependency=" + dependency + " decimateExponent="
                + decimateExponent + ": u needs k in [0, 9], x0 and y0 need -1");
        }
        if (mantissa < MIN_MANTISSA || mantissa > MAX_MANTISSA)
        {
            throw new IllegalArgumentException("product mantissa=" + mantissa + " out of range [" + MIN_MANTISSA
                + ", " + MAX_MANTISSA + "]");
        }
        if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT)
        {
            throw new IllegalArgumentException("product exponent=" + exponent + " out of range [" + MIN_EXPONENT
                + ", " + MAX_EXPONENT + "]");
        }
        factors = List.copyOf(factors);
    }

    /** @return the scale {@code mantissa * 2^exponent} as a double. */
    public double scale()
    {
        return Math.scalb((double)mantissa, exponent);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(mantissa).append(" * 2^").append(exponent).append(" * ");
        sb.append(dependency == Dependency.U ? "u" + decimateExponent
            : dependency.name().toLowerCase(Locale.ROOT));
        for (final Factor f : factors)
        {
            sb.append(" * ").append(f);
        }
        return sb.toString();
    }
}
