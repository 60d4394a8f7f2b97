package org.nmsim.learning;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * What one probe records: a variable of a population, for some neurons, every {@code every}-th algorithmic step,
 * in some samples.
 *
 * <p>Variables by population (MODEL.md): {@code input}: {@code spikes} (the graded values sent, only nonzero
 * ones) and {@code trace} (the presynaptic trace {@code ahat^0}, held by the first core of h1); hidden {@code hL}:
 * {@code spikes} (value 1), {@code u} (after the step's update) and {@code trace} ({@code ahat^L}, held by the
 * first core of the layer above); {@code readout}: {@code u} ({@code u^N[t]}, the readout has no spikes and no
 * trace). {@code spikes} are events (only spikes are recorded); {@code u} and {@code trace} are sampled: every
 * selected neuron at every sampled step.
 *
 * <p>Threading: immutable (the arrays are copied); thread safe. Like every record with array components,
 * {@code equals} compares the arrays by identity.
 *
 * @param population {@code input}, {@code h1}..{@code h(N-1)} or {@code readout}.
 * @param variable   the variable.
 * @param neurons    neuron indices within the population, sorted ascending, no duplicates; null for all.
 * @param every      record algorithmic steps whose run-wide time is a multiple of this, >= 1.
 * @param samples    run sample indices (training and inference counted together), sorted ascending, no
 *                   duplicates; null for all.
 */
public record ProbeSpec(String population, Variable variable, int[] neurons, int every, int[] samples)
{
    /** A probed variable. */
    public enum Variable
    {
        /** Spikes sent (events). */
        SPIKES,
        /** Membrane potential. */
        U,
        /** Presynaptic trace {@code ahat} of the population's spikes. */
        TRACE,
        /**
         * The population's incoming weights, recorded once per sample after its update (at the sample's last step);
         * the record's id is {@code pre * n_post + post}, and {@code neurons} lists those ids. Within one time the
         * records come in core order (the cores hold slices of post neurons), then in ascending id.
         */
        WEIGHTS;

        /** @return the name used in configs and file names, e.g. {@code spikes}. */
        public String configName()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Validates the fields and copies the arrays. */
    public ProbeSpec
    {
        Objects.requireNonNull(population, "population");
        Objects.requireNonNull(variable, "variable");
        if (every < 1)
        {
            throw new IllegalArgumentException("probe " + population + "-" + variable.configName() + ": every=" +
                every + " must be >= 1");
        }
        neurons = ascending(neurons, "neurons", population, variable);
        samples = ascending(samples, "samples", population, variable);
    }

    /** @return {@code population-variable}, e.g. {@code h1-spikes}: the probe's file stem. */
    public String id()
    {
        return population + "-" + variable.configName();
    }

    private static int[] ascending(final int[] a, final String what, final String population, final Variable v)
    {
        if (a == null)
        {
            return null;
        }
        final int[] c = a.clone();
        for (int i = 0; i < c.length; i++)
        {
            if (c[i] < 0 || (i > 0 && c[i] <= c[i - 1]))
            {
                throw new IllegalArgumentException("probe " + population + "-" + v.configName() + ": " + what + "=" +
                    Arrays.toString(a) + " must be ascending, distinct and >= 0");
            }
        }
        return c;
    }
}
