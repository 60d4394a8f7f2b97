package org.nmsim.learning.sop;

/**
 * The state a factor reads, with the width its value is saturated to in the fixed-point engine (Lava's
 * {@code FACTOR_TO_WIDTH_DICT}: a factor of width {@code n} is clamped to {@code [-2^n, 2^n - 1]} before it is
 * multiplied).
 *
 * <p>Sources: Lava {@code src/lava/magma/core/learning/string_symbols.py} and {@code constants.py}
 * ({@code W_TRACE = 7}, {@code W_WEIGHTS_S = 9}, {@code W_TAG_2_S}, {@code W_TAG_1_S = 9}).
 */
public enum Variable
{
    /** Presynaptic spike indicator (as a factor, not as the dependency). */
    X0("x0", 1),
    /** Postsynaptic spike indicator (as a factor). */
    Y0("y0", 1),
    /** First presynaptic trace. */
    X1("x1", 7),
    /** Second presynaptic trace. */
    X2("x2", 7),
    /** First postsynaptic trace. */
    Y1("y1", 7),
    /** Second postsynaptic trace. */
    Y2("y2", 7),
    /** Third postsynaptic trace. */
    Y3("y3", 7),
    /** Synaptic weight. */
    W("w", 9),
    /** Synaptic delay (Lava's {@code tag_2}; width 8 in Lava 0.4, 9 in later constants: 9 taken here). */
    D("d", 9),
    /** Synaptic tag (Lava's {@code tag_1}). */
    T("t", 9);

    private final String symbol;
    private final int widthBits;

    Variable(final String symbol, final int widthBits)
    {
        this.symbol = symbol;
        this.widthBits = widthBits;
    }

    /** @return the rule-string symbol. */
    public String symbol()
    {
        return symbol;
    }

    /** @return the saturation width of the factor value in the fixed-point engine. */
    public int widthBits()
    {
        return widthBits;
    }

    /** @return true for x1 and x2. */
    public boolean isPreTrace()
    {
        return this == X1 || this == X2;
    }

    /** @return true for y1, y2 and y3. */
    public boolean isPostTrace()
    {
        return this == Y1 || this == Y2 || this == Y3;
    }

    /** @return true for w, d and t. */
    public boolean isSynaptic()
    {
        return this == W || this == D || this == T;
    }

    /** @return index of a pre trace (x1 = 0, x2 = 1) or post trace (y1 = 0, y2 = 1, y3 = 2); -1 otherwise. */
    int traceIndex()
    {
        switch (this)
        {
            case X1:
            case Y1:
                return 0;
            case X2:
            case Y2:
                return 1;
            case Y3:
                return 2;
            default:
                return -1;
        }
    }

    static Variable bySymbol(final String symbol)
    {
        for (final Variable v : values())
        {
            if (v.symbol.equals(symbol))
            {
                return v;
            }
        }
        return null;
    }
}
