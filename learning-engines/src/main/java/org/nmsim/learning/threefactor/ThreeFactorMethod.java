package org.nmsim.learning.threefactor;

import java.util.Locale;

/**
 * Where a hidden neuron's learning signal comes from (paper 003, sections V-A, V-B and V-D).
 */
public enum ThreeFactorMethod
{
    /**
     * SuperSpike / random e-prop (paper 003 eq. 13-17, section V-B): per-synapse eligibility traces, the output
     * error of the van Rossum loss delivered to every hidden neuron through a fixed random matrix (random BP / DFA,
     * Fig. 5c), as SuperSpike does to stay local.
     */
    EPROP("eprop"),
    /**
     * Deep continuous local learning (paper 003 eq. 19, section V-D): each hidden layer has a fixed random local
     * readout whose loss against the label gives that layer's error; no error crosses layers. Its updates use the
     * presynaptic traces directly (no per-synapse eligibility), which is why its state scales as O(N).
     */
    DCLL("dcll");

    private final String configName;

    ThreeFactorMethod(final String configName)
    {
        this.configName = configName;
    }

    /** @return the {@code algorithm.method} value. */
    public String configName()
    {
        return configName;
    }

    /**
     * @param name an {@code algorithm.method} value, any case.
     * @return the method, or null when unknown.
     */
    public static ThreeFactorMethod byConfigName(final String name)
    {
        final String n = name == null ? null : name.toLowerCase(Locale.ROOT);
        for (final ThreeFactorMethod m : values())
        {
            if (m.configName.equals(n))
            {
                return m;
            }
        }
        return null;
    }
}
