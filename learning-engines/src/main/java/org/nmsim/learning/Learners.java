package org.nmsim.learning;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of on-chip learners that {@code nmsim run} can build by {@code algorithm.method}. The online MLP's
 * methods (bp, dfa, fgt, ...) are built by the CLI itself from its own keys; this lists the other families.
 */
public final class Learners
{
    private static final List<LearnerFactory> FACTORIES = List.of(
        new org.nmsim.learning.sigprop.SigpropFactory(),
        new org.nmsim.learning.threefactor.ThreeFactorFactory(),
        new org.nmsim.learning.sfdfa.SfdfaFactory(),
        new org.nmsim.learning.biograd.BioGradFactory(),
        new org.nmsim.learning.conv.ConvFactory(), new org.nmsim.learning.sigpropconv.SigconvFactory());

    private Learners()
    {
    }

    /** @return the registered factories. */
    public static List<LearnerFactory> factories()
    {
        return FACTORIES;
    }

    /**
     * @param method an {@code algorithm.method} value, any case.
     * @return the factory that builds it, or null.
     */
    public static LearnerFactory forMethod(final String method)
    {
        final String m = method == null ? null : method.toLowerCase(java.util.Locale.ROOT);
        for (final LearnerFactory f : FACTORIES)
        {
            if (f.methods().contains(m))
            {
                return f;
            }
        }
        return null;
    }

    /** @return every method the registered factories build. */
    public static List<String> methods()
    {
        final List<String> out = new ArrayList<>();
        for (final LearnerFactory f : FACTORIES)
        {
            out.addAll(f.methods());
        }
        return out;
    }
}
