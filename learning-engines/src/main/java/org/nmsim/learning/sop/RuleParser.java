package org.nmsim.learning.sop;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hand-written recursive-descent parser for {@link LearningRule} strings.
 *
 * <p>Why no parser library (ANTLR, JavaCC, parboiled): the grammar has a dozen productions and no recursion
 * beyond one level of brackets; a generated parser would add a build plugin, a runtime dependency and generic error
 * messages, where this one names the rule, the token, its column and the allowed set in one line.
 *
 * <p>Threading: NOT thread safe; one instance parses one string.
 */
final class RuleParser
{
    static final String FACTORS = "factors: x0 y0 u0..u9 x1 x2 y1 y2 y3 w d t, constants, 2^k";

    private final String text;
    private int pos;

    RuleParser(final String text)
    {
        if (text == null)
        {
            throw new IllegalArgumentException("rule=null");
        }
        this.text = text;
    }

    LearningRule parse()
    {
        skipSpace();
        final int targetColumn = column();
        final String targetWord = identifier();
        final Target target = Target.bySymbol(targetWord);
        if (target == null)
        {
            throw error("expected target dw, dd or dt at column " + targetColumn + ", found " + describe(targetWord,
                targetColumn));
        }
        skipSpace();
        if (peek() != '=')
        {
            final int c = column();
            throw error("expected '=' at column " + c + ", found " + describeAt(c));
        }
        pos++;
        final List<Product> products = new ArrayList<>();
        skipSpace();
        if (atEnd())
        {
            throw error("empty right-hand side at column " + column() + " (expected a product; " + FACTORS + ")");
        }
        boolean first = true;
        while (true)
        {
            skipSpace();
            if (atEnd())
            {
                break;
            }
            final int productColumn = column();
            int sign = 1;
            final char c = peek();
            if (c == '+' || c == '-')
            {
                sign = c == '-' ? -1 : 1;
                pos++;
            }
            else if (!first)
            {
                throw error("expected '+', '-' or '*' at column " + productColumn + ", found "
                    + describeAt(productColumn));
            }
            products.add(product(sign, productColumn));
            first = false;
        }
        return new LearningRule(target, text, products);
    }

    private Product product(final int sign, final int productColumn)
    {
        final ProductBuilder b = new ProductBuilder(sign, productColumn);
        term(b);
        while (true)
        {
            skipSpace();
            if (peek() != '*')
            {
                break;
            }
            pos++;
            term(b);
        }
        return b.build();
    }

    private void term(final ProductBuilder b)
    {
        skipSpace();
        final int c0 = column();
        if (atEnd())
        {
            throw error("unexpected end of rule at column " + c0 + " (expected a factor; " + FACTORS + ")");
        }
        final char c = peek();
        if (Character.isDigit(c))
        {
            literal(b, c0);
            return;
        }
        if (c == '(')
        {
            pos++;
            bracket(b, false, c0);
            return;
        }
        if (Character.isLetter(c))
        {
            final String word = identifier();
            if ("sgn".equals(word))
            {
                skipSpace();
                if (peek() != '(')
                {
                    final int cc = column();
                    throw error("expected '(' after sgn at column " + cc + ", found " + describeAt(cc));
                }
                pos++;
                bracket(b, true, c0);
                return;
            }
            symbol(b, word, c0);
            return;
        }
        throw error("unexpected " + describeAt(c0) + " at column " + c0 + " (" + FACTORS + ")");
    }

    private void symbol(final ProductBuilder b, final String word, final int c0)
    {
        if (word.length() == 2 && word.charAt(0) == 'u' && Character.isDigit(word.charAt(1)))
        {
            b.dependency(Dependency.U, word.charAt(1) - '0', c0);
            return;
        }
        if ("x0".equals(word) && b.dependency == null)
        {
            b.dependency(Dependency.X0, -1, c0);
            return;
        }
        if ("y0".equals(word) && b.dependency == null)
        {
            b.dependency(Dependency.Y0, -1, c0);
            return;
        }
        final Variable v = Variable.bySymbol(word);
        if (v == null)
        {
            throw error("unknown factor '" + word + "' at column " + c0 + " (" + FACTORS + ")");
        }
        b.factors.add(new Factor(v, 0, false, c0));
    }

    /** Literal {@code INT} or {@code 2^[sign]INT}; folded into the product's scale. */
    private void literal(final ProductBuilder b, final int c0)
    {
        final long value = integer(c0);
        skipSpace();
        if (peek() == '^')
        {
            pos++;
            if (value != 2)
            {
                throw error("power base=" + value + " at column " + c0 + " is not 2 (scales are m * 2^k)");
            }
            skipSpace();
            int expSign = 1;
            if (peek() == '+' || peek() == '-')
            {
                expSign = peek() == '-' ? -1 : 1;
                pos++;
                skipSpace();
            }
            final int ce = column();
            if (!Character.isDigit(peek()))
            {
                throw error("expected an integer exponent at column " + ce + ", found " + describeAt(ce));
            }
            final long e = integer(ce);
            b.scale(1, expSign * e, c0);
            return;
        }
        b.scale(value, 0, c0);
    }

    /** After '(' (or 'sgn('): {@code [sign] operand [sign operand] ')'}. */
    private void bracket(final ProductBuilder b, final boolean sgn, final int c0)
    {
        Variable var = null;
        int varSign = 1;
        int varColumn = c0;
        Long constant = null;
        int constantColumn = c0;
        for (int operand = 0; operand < 2; operand++)
        {
            skipSpace();
            int s = 1;
            if (peek() == '+' || peek() == '-')
            {
                s = peek() == '-' ? -1 : 1;
                pos++;
                skipSpace();
            }
            else if (operand == 1)
            {
                break;
            }
            final int oc = column();
            if (Character.isDigit(peek()))
            {
                if (constant != null)
                {
                    throw error("second constant at column " + oc + " (a bracket holds one variable and one "
                        + "constant: (v + C))");
                }
                constant = s * integer(oc);
                constantColumn = oc;
            }
            else if (Character.isLetter(peek()))
            {
                final String word = identifier();
                final Variable v = Variable.bySymbol(word);
                if (v == null)
                {
                    throw error("unknown factor '" + word + "' at column " + oc + " (in a bracket: x0 y0 x1 x2 y1 "
                        + "y2 y3 w d t and one integer constant)");
                }
                if (var != null)
                {
                    throw error("second variable '" + word + "' at column " + oc + " (a bracket holds one "
                        + "variable and one constant: (v + C))");
                }
                var = v;
                varSign = s;
                varColumn = oc;
            }
            else
            {
                throw error("unexpected " + describeAt(oc) + " at column " + oc + " (in a bracket: a variable "
                    + "and one integer constant)");
            }
        }
        skipSpace();
        if (peek() != ')')
        {
            final int cc = column();
            throw error("expected ')' at column " + cc + ", found " + describeAt(cc));
        }
        pos++;
        if (var == null)
        {
            if (constant == null || sgn)
            {
                throw error("bracket at column " + c0 + " holds no variable" + (sgn ? " (sgn() needs w, d or t)"
                    : ""));
            }
            b.scale(constant, 0, constantColumn);
            return;
        }
        if (sgn && !var.isSynaptic())
        {
            throw error("sgn() applies only to w, d, t; found '" + var.symbol() + "' at column " + varColumn);
        }
        if (sgn && varSign < 0)
        {
            throw error("sgn() argument at column " + varColumn + " may not negate its variable");
        }
        long k = constant == null ? 0 : constant;
        if (varSign < 0)
        {
            // -(v) + C = -(v - C): the sign moves to the scale, as in Lava.
            b.negate();
            k = -k;
        }
        if (k < Factor.MIN_CONSTANT || k > Factor.MAX_CONSTANT)
        {
            throw error("constant=" + k + " at column " + constantColumn + " out of range [" + Factor.MIN_CONSTANT
                + ", " + Factor.MAX_CONSTANT + "] (8-bit factor constants)");
        }
        b.factors.add(new Factor(var, (int)k, sgn, varColumn));
    }

    private long integer(final int c0)
    {
        final int start = pos;
        while (!atEnd() && Character.isDigit(peek()))
        {
            pos++;
        }
        if (pos - start > 6)
        {
            throw error("integer '" + text.substring(start, pos) + "' at column " + c0 + " is too long");
        }
        return Long.parseLong(text.substring(start, pos));
    }

    private String identifier()
    {
        final int start = pos;
        while (!atEnd() && Character.isLetterOrDigit(peek()))
        {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipSpace()
    {
        while (!atEnd() && Character.isWhitespace(peek()))
        {
            pos++;
        }
    }

    private boolean atEnd()
    {
        return pos >= text.length();
    }

    private char peek()
    {
        return atEnd() ? '\0' : text.charAt(pos);
    }

    private int column()
    {
        return pos + 1;
    }

    private String describe(final String word, final int c)
    {
        return word.isEmpty() ? describeAt(c) : "'" + word + "'";
    }

    private String describeAt(final int c)
    {
        return c > text.length() ? "end of rule" : "'" + text.charAt(c - 1) + "'";
    }

    private IllegalArgumentException error(final String what)
    {
        return new IllegalArgumentException("rule '" + text + "': " + what);
    }

    /** Accumulates one product's scale, dependency and factors, then validates them as Lava does. */
    private final class ProductBuilder
    {
        private final int column;
        private long mantissa;
        private long exponent;
        private Dependency dependency;
        private int k = -1;
        private final List<Factor> factors = new ArrayList<>();

        ProductBuilder(final int sign, final int column)
        {
            this.mantissa = sign;
            this.column = column;
        }

        void scale(final long m, final long e, final int c)
        {
            mantissa *= m;
            exponent += e;
            if (Math.abs(mantissa) > 1_000_000 || Math.abs(exponent) > 1_000)
            {
                throw error("scale at column " + c + " overflows (mantissa=" + mantissa + " exponent=" + exponent
                    + ")");
            }
        }

        void negate()
        {
            mantissa = -mantissa;
        }

        void dependency(final Dependency d, final int decimate, final int c)
        {
            if (d == Dependency.U && dependency == Dependency.U)
            {
                throw error("second u" + decimate + " at column " + c + " (u_k may appear once per product)");
            }
            if (dependency == null)
            {
                dependency = d;
                k = decimate;
                return;
            }
            if (d == Dependency.U)
            {
                throw error("u" + decimate + " at column " + c + " after dependency "
                    + dependency.name().toLowerCase(Locale.ROOT) + " (u_k is a dependency, never a factor)");
            }
            factors.add(new Factor(d == Dependency.X0 ? Variable.X0 : Variable.Y0, 0, false, c));
        }

        Product build()
        {
            if (dependency == null)
            {
                throw error("product at column " + column + " has no dependency (each product needs one of x0, y0, "
                    + "u0..u9)");
            }
            long m = mantissa;
            long e = exponent;
            while (Math.abs(m) > Product.MAX_MANTISSA && m % 2 == 0 && e < Product.MAX_EXPONENT)
            {
                m /= 2;
                e++;
            }
            if (m < Product.MIN_MANTISSA || m > Product.MAX_MANTISSA)
            {
                throw error("scale mantissa=" + m + " of the product at column " + column + " out of range ["
                    + Product.MIN_MANTISSA + ", " + Product.MAX_MANTISSA + "] (scale = mantissa * 2^exponent)");
            }
            if (e < Product.MIN_EXPONENT || e > Product.MAX_EXPONENT)
            {
                throw error("scale exponent=" + e + " of the product at column " + column + " out of range ["
                    + Product.MIN_EXPONENT + ", " + Product.MAX_EXPONENT + "] (scale = mantissa * 2^exponent)");
            }
            return new Product(dependency, k, (int)m, (int)e, factors, column);
        }
    }
}
