package org.nmsim.learning.sigprop;

import java.util.Locale;

/** The three spiking models of paper 002 section VI that nmsim runs on chip. */
public enum SigpropVariant
{
    /** FSP with the arc-tangent surrogate (eq. 16-17): a layer's output in its local loss is g(v - V_th). */
    SURROGATE("sigprop-surrogate"),
    /** FSP learning from the membrane voltage: a layer's output in its local loss is v itself, no surrogate. */
    VOLTAGE("sigprop-voltage"),
    /** The paper's baseline: hidden layers keep their random weights; only the classification layer learns. */
    SHALLOW("sigprop-shallow");

    private final String method;

    SigpropVariant(final String method)
    {
        this.method = method;
    }

    /** @return the {@code algorithm.method} value. */
    public String method()
    {
        return method;
    }

    /** @return true when hidden layers learn from forwarded targets (surrogate and voltage). */
    public boolean forwardsTargets()
    {
        return this != SHALLOW;
    }

    /**
     * @param method an {@code algorithm.method} value, any case.
     * @return the variant.
     * @throws IllegalArgumentException naming the known methods when there is none.
     */
    public static SigpropVariant byMethod(final String method)
    {
        final String m = method == null ? "" : method.toLowerCase(Locale.ROOT);
        for (final SigpropVariant v : values())
        {
            if (v.method.equals(m))
            {
                return v;
            }
        }
        throw new IllegalArgumentException("method=" + method + " is not a sigprop method (known: sigprop-surrogate, " +
            "sigprop-voltage, sigprop-shallow)");
    }
}
