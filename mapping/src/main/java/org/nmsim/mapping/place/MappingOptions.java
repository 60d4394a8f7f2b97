package org.nmsim.mapping.place;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to map: expected spike rates (for the traffic that placement minimises and the hop estimate), run length,
 * the placement search and the board size.
 *
 * @param inputRate           spikes per neuron per step of INPUT populations (default 1).
 * @param defaultRate         spikes per neuron per step of every other population unless {@code rates} names it.
 * @param rates               population name to spikes per neuron per step.
 * @param steps               time steps per sample (T), for spike-hops per sample.
 * @param seed                seed of the placement search (deterministic for a seed).
 * @param placementIterations swap proposals of the optimised placement; 0 keeps the naive placement.
 * @param maxChips            the most chips the board may have.
 * @param pinnedCores         population name to a fixed core count (a user-imposed split, as in a manual
 *                            partition); other populations get the fewest cores that fit.
 */
public record MappingOptions(double inputRate, double defaultRate, Map<String, Double> rates, int steps, long seed,
    int placementIterations, int maxChips, Map<String, Integer> pinnedCores)
{
    /** Default rate of non-input populations: an assumption, 0.1 spike per neuron per step. */
    public static final double DEFAULT_RATE = 0.1;

    /** Validates and freezes. */
    public MappingOptions
    {
        if (!(inputRate >= 0) || !(defaultRate >= 0) || steps < 1 || placementIterations < 0 || maxChips < 1)
        {
            throw new IllegalArgumentException("mapping options: inputRate=" + inputRate + " defaultRate=" +
                defaultRate + " must be >= 0, steps=" + steps + " >= 1, placementIterations=" + placementIterations +
                " >= 0, maxChips=" + maxChips + " >= 1");
        }
        rates = Collections.unmodifiableMap(new TreeMap<>(rates == null ? Map.of() : rates));
        pinnedCores = Collections.unmodifiableMap(new TreeMap<>(pinnedCores == null ? Map.of() : pinnedCores));
        for (final Map.Entry<String, Double> e : rates.entrySet())
        {
            if (e.getValue() == null || !(e.getValue() >= 0) || Double.isInfinite(e.getValue()))
            {
                throw new IllegalArgumentException("mapping options: rate of " + e.getKey() + "=" + e.getValue() +
                    " must be finite and >= 0");
            }
        }
        for (final Map.Entry<String, Integer> e : pinnedCores.entrySet())
        {
            if (e.getValue() == null || e.getValue() < 1)
            {
                throw new IllegalArgumentException("mapping options: pinned cores of " + e.getKey() + "=" +
                    e.getValue() + " must be >= 1");
            }
        }
    }

    /** @return rate 1 for inputs, {@link #DEFAULT_RATE} for others, T = 1, seed 1, 20,000 swaps, unbounded chips. */
    public static MappingOptions defaults()
    {
        return new MappingOptions(1.0, DEFAULT_RATE, Map.of(), 1, 1L, 20_000, Integer.MAX_VALUE, Map.of());
    }

    /**
     * @param t time steps per sample.
     * @return a copy with that T.
     */
    public MappingOptions withSteps(final int t)
    {
        return new MappingOptions(inputRate, defaultRate, rates, t, seed, placementIterations, maxChips, pinnedCores);
    }

    /**
     * @param chips the most chips.
     * @return a copy with that bound.
     */
    public MappingOptions withMaxChips(final int chips)
    {
        return new MappingOptions(inputRate, defaultRate, rates, steps, seed, placementIterations, chips, pinnedCores);
    }

    /**
     * @param pinned population name to core count.
     * @return a copy with those splits imposed.
     */
    public MappingOptions withPinnedCores(final Map<String, Integer> pinned)
    {
        return new MappingOptions(inputRate, defaultRate, rates, steps, seed, placementIterations, maxChips, pinned);
    }

    /**
     * @param iterations swap proposals.
     * @return a copy with that search length.
     */
    public MappingOptions withPlacementIterations(final int iterations)
    {
        return new MappingOptions(inputRate, defaultRate, rates, steps, seed, iterations, maxChips, pinnedCores);
    }
}
