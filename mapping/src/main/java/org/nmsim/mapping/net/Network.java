package org.nmsim.mapping.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network description: populations and the projections between them, validated as a whole by
 * {@link Builder#build()}, with the derived facts (synapse counts, fan-in, fan-out) that partitioning charges to
 * core memory. Immutable, hence safe to share between threads.
 */
public final class Network
{
    private final Map<String, Population> populations;
    private final Map<String, Projection> projections;
    private final Map<String, SynapseStats> projectionStats;
    private final Map<String, PopulationStats> populationStats;

    private Network(final Map<String, Population> populations, final Map<String, Projection> projections,
        final Map<String, SynapseStats> projectionStats, final Map<String, PopulationStats> populationStats)
    {
        this.populations = Collections.unmodifiableMap(populations);
        this.projections = Collections.unmodifiableMap(projections);
        this.projectionStats = Collections.unmodifiableMap(projectionStats);
        this.populationStats = Collections.unmodifiableMap(populationStats);
    }

    /** @return a new builder. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return the populations in the order they were added. */
    public List<Population> populations()
    {
        return List.copyOf(populations.values());
    }

    /** @return the projections in the order they were added. */
    public List<Projection> projections()
    {
        return List.copyOf(projections.values());
    }

    /**
     * @param name a population's name.
     * @return that population.
     */
    public Population population(final String name)
    {
        final Population p = populations.get(name);
        if (p == null)
        {
            throw new NetworkException("population " + name + " does not exist (have " + populations.keySet() + ")");
        }
        return p;
    }

    /**
     * @param name a projection's name.
     * @return that projection.
     */
    public Projection projection(final String name)
    {
        final Projection p = projections.get(name);
        if (p == null)
        {
            throw new NetworkException("projection " + name + " does not exist (have " + projections.keySet() + ")");
        }
        return p;
    }

    /**
     * @param projection a projection's name.
     * @return its exact synapse count and fan-in/fan-out.
     */
    public SynapseStats stats(final String projection)
    {
        projection(projection);
        return projectionStats.get(projection);
    }

    /**
     * @param population a population's name.
     * @return its totals over incoming and outgoing projections.
     */
    public PopulationStats populationStats(final String population)
    {
        population(population);
        return populationStats.get(population);
    }

    /** @return the number of neurons in all populations. */
    public long neurons()
    {
        long n = 0;
        for (final Population p : populations.values())
        {
            n += p.size();
        }
        return n;
    }

    /** @return the number of synapses in all projections. */
    public long synapses()
    {
        long n = 0;
        for (final SynapseStats s : projectionStats.values())
        {
            n += s.synapses();
        }
        return n;
    }

    /**
     * @param role a role.
     * @return the populations with that role, in order.
     */
    public List<Population> populations(final PopulationRole role)
    {
        final List<Population> out = new ArrayList<>();
        for (final Population p : populations.values())
        {
            if (p.role() == role)
            {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof Network && populations.equals(((Network)o).populations) &&
            projections.equals(((Network)o).projections);
    }

    @Override
    public int hashCode()
    {
        return populations.hashCode() * 31 + projections.hashCode();
    }

    @Override
    public String toString()
    {
        return "Network[populations=" + populations.keySet() + ", projections=" + projections.keySet() + "]";
    }

    /**
     * Collects populations and projections; {@link #build()} checks every rule and reports all violations at once.
     *
     * <p>Threading: NOT thread safe; use from one thread.
     */
    public static final class Builder
    {
        private final List<Population> populations = new ArrayList<>();
        private final List<Projection> projections = new ArrayList<>();

        private Builder()
        {
        }

        /**
         * @param population a population.
         * @return this builder.
         */
        public Builder population(final Population population)
        {
            populations.add(population);
            return this;
        }

        /**
         * @param projection a projection.
         * @return this builder.
         */
        public Builder projection(final Projection projection)
        {
            projections.add(projection);
            return this;
        }

        /**
         * Validates names (non-null, unique), references, shapes against connectivities, weight and bias lengths,
         * then derives the exact counts.
         *
         * @return the network.
         * @throws NetworkException listing every violation, each with the element's name, the value and the rule.
         */
        public Network build()
        {
            final List<String> errors = new ArrayList<>();
            final Map<String, Population> pops = new LinkedHashMap<>();
            for (final Population p : populations)
            {
                if (p == null)
                {
                    errors.add("population=null");
                }
                else if (pops.putIfAbsent(p.name(), p) != null)
                {
                    errors.add("population " + p.name() + ": name is not unique");
                }
            }
            final Map<String, Projection> projs = new LinkedHashMap<>();
            final Map<String, SynapseStats> stats = new LinkedHashMap<>();
            for (final Projection j : projections)
            {
                if (j == null)
                {
                    errors.add("projection=null");
                    continue;
                }
                if (projs.putIfAbsent(j.name(), j) != null)
                {
                    errors.add("projection " + j.name() + ": name is not unique");
                    continue;
                }
                final Population from = pops.get(j.from());
                final Population to = pops.get(j.to());
                if (from == null)
                {
                    errors.add("projection " + j.name() + ": from=" + j.from() + " is not a population (have " +
                        pops.keySet() + ")");
                }
                if (to == null)
                {
                    errors.add("projection " + j.name() + ": to=" + j.to() + " is not a population (have " +
                        pops.keySet() + ")");
                }
                if (from == null || to == null)
                {
                    continue;
                }
                final String where = "projection " + j.name() + " (from=" + from.name() + " " + from.shape() +
                    ", to=" + to.name() + " " + to.shape() + "): ";
                final String shapeError = j.connectivity().check(from.shape(), to.shape());
                if (shapeError != null)
                {
                    errors.add(where + shapeError);
                    continue;
                }
                if (j.weightCount() >= 0)
                {
                    checkLength(errors, j, "weights", j.weightCount(),
                        j.connectivity().weightShape(from.shape(), to.shape()), from, to);
                }
                if (j.biasCount() >= 0)
                {
                    checkLength(errors, j, "bias", j.biasCount(), j.connectivity().biasShape(from.shape(), to.shape()),
                        from, to);
                }
                stats.put(j.name(), j.connectivity().stats(from.shape(), to.shape()));
            }
            if (!errors.isEmpty())
            {
                throw new NetworkException(String.join("; ", errors));
            }
            final Map<String, PopulationStats> popStats = new LinkedHashMap<>();
            for (final Population p : pops.values())
            {
                long in = 0;
                long out = 0;
                long maxIn = 0;
                long maxOut = 0;
                for (final Projection j : projs.values())
                {
                    final SynapseStats s = stats.get(j.name());
                    if (j.to().equals(p.name()))
                    {
                        in += s.synapses();
                        maxIn += s.maxFanIn();
                    }
                    if (j.from().equals(p.name()))
                    {
                        out += s.synapses();
                        maxOut += s.maxFanOut();
                    }
                }
                popStats.put(p.name(), new PopulationStats(p.name(), p.size(), in, out, (double)in / p.size(),
                    (double)out / p.size(), maxIn, maxOut));
            }
            return new Network(pops, projs, stats, popStats);
        }

        private static void checkLength(final List<String> errors, final Projection j, final String what,
            final int length, final Shape layout, final Population from, final Population to)
        {
            if (layout == null)
            {
                errors.add("projection " + j.name() + ": " + what + " given (" + length + " values) but " +
                    j.connectivity().kind() + " has fixed weights and no " + what);
            }
            else if (length != layout.size())
            {
                errors.add("projection " + j.name() + ": " + what + " length=" + length +
                    " does not match layout " + layout + " (" + layout.size() + ") for from=" + from.name() + " (" +
                    from.size() + ") x to=" + to.name() + " (" + to.size() + ") " + j.connectivity().kind());
            }
        }
    }
}
