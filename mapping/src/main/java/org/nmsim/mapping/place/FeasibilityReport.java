package org.nmsim.mapping.place;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Whether a network fits a chip, and why: the answer of {@link Mapper}, never an exception. Renders as text
 * ({@link #text()}) and as JSON ({@link #json()}, every field of this record).
 *
 * @param network                  a label of the network.
 * @param chip                     the chip's name.
 * @param fits                     true when there is no violation and no capability gap.
 * @param chips                    chips on the board used.
 * @param coresUsed                cores holding a slice.
 * @param coresPerChip             cores per chip.
 * @param populations              how each population was split.
 * @param cores                    per-core utilisation, in logical core order.
 * @param steps                    time steps per sample (T) of the hop estimate.
 * @param spikeHopsPerStepNaive    expected spike-hops per step with the naive placement.
 * @param spikeHopsPerStepPlaced   expected spike-hops per step with the optimised placement (the one reported).
 * @param spikeHopsPerSample       {@code spikeHopsPerStepPlaced x steps}.
 * @param violations               resources exceeded, each with remedies.
 * @param gaps                     capabilities the chip lacks.
 */
public record FeasibilityReport(
    String network,
    String chip,
    boolean fits,
    int chips,
    int coresUsed,
    int coresPerChip,
    List<PopulationUse> populations,
    List<CoreUse> cores,
    int steps,
    double spikeHopsPerStepNaive,
    double spikeHopsPerStepPlaced,
    double spikeHopsPerSample,
    List<Violation> violations,
    List<CapabilityGap> gaps)
{
    /** Copies the lists. */
    public FeasibilityReport
    {
        populations = List.copyOf(populations);
        cores = List.copyOf(cores);
        violations = List.copyOf(violations);
        gaps = List.copyOf(gaps);
    }

    /**
     * @param population the population.
     * @param neurons    its size.
     * @param cores      cores it occupies.
     * @param maxPerCore the largest slice.
     * @param limitedBy  the limit that set the core count: compartments, synaptic memory, fan-in, or pinned.
     */
    public record PopulationUse(String population, int neurons, int cores, int maxPerCore, String limitedBy)
    {
    }

    /**
     * One core's utilisation; every figure with its capacity.
     *
     * @param core                   logical core id.
     * @param physicalCore           board-wide core id after placement.
     * @param chip                   the chip it is on.
     * @param tileX                  board-wide tile x.
     * @param tileY                  board-wide tile y.
     * @param population             the population of its slice.
     * @param lo                     first neuron of the slice.
     * @param hi                     one past the last neuron.
     * @param compartments           neurons on it.
     * @param compartmentCapacity    compartments per core.
     * @param memoryBits             synaptic memory by kind, bits allocated (WEIGHTS, DELAYS, INDICES,
     *                               LEARNING_STATE, FEEDBACK, TRACES; kinds with 0 bits left out).
     * @param memoryUsed             total bits allocated (or requested, on a core that overflows).
     * @param memoryCapacity         synaptic memory bits per core.
     * @param formats                incoming projection to the storage format chosen ("dense" or "csr").
     * @param fanIn                  distinct input axons.
     * @param fanInCapacity          fan-in limit.
     * @param fanOut                 distinct destination cores.
     * @param fanOutCapacity         fan-out limit.
     * @param routingEntries         entries in the router of its tile.
     * @param routingCapacity        entries per router.
     */
    public record CoreUse(int core, int physicalCore, int chip, int tileX, int tileY, String population, int lo,
        int hi, int compartments, int compartmentCapacity, Map<String, Long> memoryBits, long memoryUsed,
        long memoryCapacity, Map<String, String> formats, int fanIn, int fanInCapacity, int fanOut,
        int fanOutCapacity, int routingEntries, int routingCapacity)
    {
        /** Copies the maps. */
        public CoreUse
        {
            memoryBits = Map.copyOf(memoryBits);
            formats = Map.copyOf(formats);
        }
    }

    /**
     * A resource that is exceeded.
     *
     * @param resource  compartments, synaptic memory, fan-in, fan-out, routing entries, or cores.
     * @param where     the population, core or router.
     * @param needed    the most needed on one core (router, board).
     * @param capacity  the limit.
     * @param excess    {@code needed - capacity}.
     * @param affected  how many cores (routers) exceed it.
     * @param remedies  what would make it fit.
     * @param message   one line saying all of the above.
     */
    public record Violation(String resource, String where, long needed, long capacity, long excess, int affected,
        List<String> remedies, String message)
    {
        /** Copies the remedies. */
        public Violation
        {
            remedies = List.copyOf(remedies);
        }
    }

    /**
     * A capability the algorithm needs and the chip lacks.
     *
     * @param capability what (an operation, a message kind, graded payload bits, a weight format).
     * @param needed     what is needed.
     * @param available  what the chip has.
     * @param message    one line.
     */
    public record CapabilityGap(String capability, String needed, String available, String message)
    {
    }

    /** @return the report as indented JSON. */
    public String json()
    {
        try
        {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        }
        catch (final JsonProcessingException e)
        {
            throw new IllegalStateException("feasibility report of " + network + " is not serialisable", e);
        }
    }

    /**
     * @param maxCoreLines at most this many per-core lines (the rest are counted).
     * @return the report as text.
     */
    public String text(final int maxCoreLines)
    {
        final StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s on %s: %s%n", network, chip, fits ? "FITS" : "DOES NOT FIT"));
        b.append(String.format(Locale.ROOT, "cores used: %d on %d chip%s (%d cores per chip)%n", coresUsed, chips,
            chips == 1 ? "" : "s", coresPerChip));
        b.append(String.format(Locale.ROOT, "spike-hops per step: naive placement %.1f, optimised %.1f; per sample "
            + "(T=%d): %.1f%n", spikeHopsPerStepNaive, spikeHopsPerStepPlaced, steps, spikeHopsPerSample));
        b.append(String.format(Locale.ROOT, "%npopulations:%n"));
        for (final PopulationUse p : populations)
        {
            b.append(String.format(Locale.ROOT, "  %-12s %8d neurons  %5d cores  <= %d per core  (limited by %s)%n",
                p.population(), p.neurons(), p.cores(), p.maxPerCore(), p.limitedBy()));
        }
        b.append(String.format(Locale.ROOT, "%ncores: core(chip,x,y) population[lo:hi) compartments memory-bits "
            + "(by kind) fan-in fan-out routing-entries%n"));
        int n = 0;
        for (final CoreUse c : cores)
        {
            if (n++ == maxCoreLines)
            {
                b.append(String.format(Locale.ROOT, "  ... %d more cores (--json lists all)%n",
                    cores.size() - maxCoreLines));
                break;
            }
            b.append(String.format(Locale.ROOT, "  %4d(%d,%d,%d) %s[%d:%d) %d/%d  %d/%d %s %s  %d/%s  %d/%s  %d/%s%n",
                c.core(), c.chip(), c.tileX(), c.tileY(), c.population(), c.lo(), c.hi(), c.compartments(),
                c.compartmentCapacity(), c.memoryUsed(), c.memoryCapacity(), new TreeMap<>(c.memoryBits()),
                new TreeMap<>(c.formats()), c.fanIn(), limit(c.fanInCapacity()), c.fanOut(),
                limit(c.fanOutCapacity()), c.routingEntries(), limit(c.routingCapacity())));
        }
        if (!violations.isEmpty())
        {
            b.append(String.format(Locale.ROOT, "%nviolations:%n"));
            for (final Violation v : violations)
            {
                b.append("  ").append(v.message()).append(System.lineSeparator());
                for (final String r : v.remedies())
                {
                    b.append("    fix: ").append(r).append(System.lineSeparator());
                }
            }
        }
        if (!gaps.isEmpty())
        {
            b.append(String.format(Locale.ROOT, "%ncapability gaps:%n"));
            for (final CapabilityGap g : gaps)
            {
                b.append("  ").append(g.message()).append(System.lineSeparator());
            }
        }
        return b.toString();
    }

    private static String limit(final int capacity)
    {
        return capacity == Integer.MAX_VALUE ? "unlimited" : Integer.toString(capacity);
    }
}
