package org.nmsim.learning.sop;

/**
 * The synaptic variable a learning rule changes: the left-hand side of {@code "dw = ..."}.
 *
 * <p>Source: Lava {@code src/lava/magma/core/learning/string_symbols.py} ({@code LEARNING_RULE_TARGETS}).
 */
public enum Target
{
    /** The weight {@code w}. */
    DW("dw", Variable.W),
    /** The delay {@code d} (Lava's {@code tag_2}). */
    DD("dd", Variable.D),
    /** The tag {@code t} (Lava's {@code tag_1}). */
    DT("dt", Variable.T);

    private final String symbol;
    private final Variable variable;

    Target(final String symbol, final Variable variable)
    {
        this.symbol = symbol;
        this.variable = variable;
    }

    /** @return the rule-string symbol, e.g. {@code "dw"}. */
    public String symbol()
    {
        return symbol;
    }

    /** @return the synaptic variable this target changes. */
    public Variable variable()
    {
        return variable;
    }

    static Target bySymbol(final String symbol)
    {
        for (final Target t : values())
        {
            if (t.symbol.equals(symbol))
            {
                return t;
            }
        }
        return null;
    }
}
