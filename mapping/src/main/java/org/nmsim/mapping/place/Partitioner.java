package org.nmsim.mapping.place;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.memory.SynapticFormats;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.mapping.net.Network;
import org.nmsim.mapping.net.Population;
import org.nmsim.mapping.net.Projection;
import org.nmsim.mapping.net.ProjectionRole;

/**
 * Splits each population into the fewest equal contiguous slices (sizes differ by at most one neuron) such that
 * every slice fits every per-core limit: compartments, synaptic memory and fan-in. <b>A core holds one slice of
 * one population</b>: cores are never shared between populations, so a core's compartments run one neuron model
 * and its synaptic memory holds the projections into that population only.
 *
 * <p>Synaptic memory of a slice, per incoming projection (FEEDBACK projections like any other): the synapses in
 * the cheaper of dense ({@code rows * k * valueBits}) and CSR ({@code nnz * (valueBits + ceil(log2 k)) + (rows + 1)
 * * ceil(log2(nnz + 1))}) as in {@link SynapticFormats}, where rows are the slice's distinct input axons of that
 * projection, k its neurons, nnz its synapses and valueBits the weight bits plus the chip's delay bits when the
 * projection's delay is above 1 step; plus learning state per stored synapse, presynaptic traces per input axon and
 * postsynaptic traces per neuron ({@link LearningNeeds}). Fan-in of a slice is the sum over its incoming
 * projections of their distinct input axons (an axon list per projection). Fan-out and routing entries depend on
 * the placement of the targets and are checked after partitioning ({@link Mapper}).
 *
 * <p>Threading: NOT thread safe.
 */
final class Partitioner
{
    private final Network network;
    private final ChipSpec chip;
    private final LearningNeeds needs;
    private static final boolean[] NONE_IGNORED = new boolean[3];
    private final Map<String, Footprints> footprints = new LinkedHashMap<>();
    private boolean[] ignored = NONE_IGNORED;

    Partitioner(final Network network, final ChipSpec chip, final LearningNeeds needs)
    {
        this.network = network;
        this.chip = chip;
        this.needs = needs;
        for (final Projection j : network.projections())
        {
            footprints.put(j.name(), new Footprints(j.connectivity(), network.population(j.from()).shape(),
                network.population(j.to()).shape()));
        }
    }

    /** What one slice needs; memory split by {@link MemoryKind}. */
    static final class SliceNeed
    {
        final String population;
        final int lo;
        final int hi;
        final long[] bits = new long[MemoryKind.values().length];
        final List<Projection> incoming;
        final List<Footprints.Slice> counts = new ArrayList<>();
        final Map<String, String> formats = new LinkedHashMap<>();
        final List<long[]> perProjection = new ArrayList<>();
        int fanIn;

        SliceNeed(final String population, final int lo, final int hi, final List<Projection> incoming)
        {
            this.population = population;
            this.lo = lo;
            this.hi = hi;
            this.incoming = incoming;
        }

        int neurons()
        {
            return hi - lo;
        }

        long memory()
        {
            long t = 0;
            for (final long b : bits)
            {
                t += b;
            }
            return t;
        }
    }

    /** One population's split. */
    static final class Plan
    {
        final Population population;
        final List<SliceNeed> slices;
        final boolean fits;
        final double ratio;
        final String binding;
        boolean noSplitFits;
        String limitedBy = "compartments";

        Plan(final Population population, final List<SliceNeed> slices, final boolean fits, final double ratio,
            final String binding)
        {
            this.population = population;
            this.slices = slices;
            this.fits = fits;
            this.ratio = ratio;
            this.binding = binding;
        }

        int cores()
        {
            return slices.size();
        }
    }

    List<Projection> incoming(final String population)
    {
        final List<Projection> in = new ArrayList<>();
        for (final Projection j : network.projections())
        {
            if (j.to().equals(population))
            {
                in.add(j);
            }
        }
        return in;
    }

    /**
     * @param p      the population.
     * @param pinned a fixed core count, or 0 for the fewest that fit.
     * @return its plan.
     */
    Plan plan(final Population p, final int pinned)
    {
        final int size = p.size();
        final int c0 = Math.max(1, ceilDiv(size, chip.compartmentsPerCore().value()));
        if (pinned > 0)
        {
            final Plan plan = check(p, Math.min(pinned, size), 0);
            plan.limitedBy = "pinned";
            return plan;
        }
        final boolean[] hopeless = oneNeuronExceeds(p);
        if (hopeless[1] || hopeless[2])
        {
            // split as if the limits that no split can meet were absent; the report shows them exceeded
            ignored = hopeless;
            final Plan plan;
            try
            {
                plan = fewestCores(p, c0);
            }
            finally
            {
                ignored = NONE_IGNORED;
            }
            final Plan out = check(p, plan.cores(), 0);
            out.noSplitFits = true;
            out.limitedBy = out.binding + " (no split fits)";
            return out;
        }
        final Plan best = fewestCores(p, c0);
        if (best.cores() > c0)
        {
            best.limitedBy = check(p, best.cores() - 1, 0).binding;
        }
        return best;
    }

    /**
     * @param p  the population.
     * @param c0 a lower bound on the cores.
     * @return the plan with the fewest cores at or above c0 that fits (feasibility is checked for every count it
     *         returns; the search assumes that more cores never need more per core, true for contiguous slices).
     */
    Plan fewestCores(final Population p, final int c0)
    {
        final int size = p.size();
        int lo = c0 - 1;
        int c = c0;
        Plan plan = check(p, c, 0);
        while (!plan.fits)
        {
            if (c == size)
            {
                plan.noSplitFits = true;
                return plan;
            }
            lo = c;
            c = (int)Math.min(size, Math.max(c + 1L, (long)Math.ceil(c * plan.ratio)));
            plan = check(p, c, 0);
        }
        int hi = c;
        Plan best = plan;
        while (hi - lo > 1)
        {
            final int mid = (lo + hi) >>> 1;
            final Plan m = check(p, mid, 0);
            if (m.fits)
            {
                hi = mid;
                best = m;
            }
            else
            {
                lo = mid;
            }
        }
        return best;
    }

    /**
     * @param p          the population.
     * @param cores      the number of slices.
     * @param weightBits 0, or a weight width to use instead of the declared one on non-FEEDBACK projections.
     * @return the slices and whether all fit.
     */
    Plan check(final Population p, final int cores, final int weightBits)
    {
        final List<Projection> in = incoming(p.name());
        final List<SliceNeed> slices = new ArrayList<>(cores);
        final int size = p.size();
        int lo = 0;
        double worst = 0;
        String binding = "compartments";
        for (int c = 0; c < cores; c++)
        {
            final int k = size / cores + (c < size % cores ? 1 : 0);
            final SliceNeed s = need(p, in, lo, lo + k, weightBits);
            slices.add(s);
            final double[] r = {
                (double)k / chip.compartmentsPerCore().value(),
                ratio(s.memory(), chip.synapticMemoryBitsPerCore().value()),
                ratio(s.fanIn, chip.fanInPerCore().value())};
            final String[] names = {"compartments", "synaptic memory", "fan-in"};
            for (int i = 0; i < r.length; i++)
            {
                if (!ignored[i] && r[i] > worst)
                {
                    worst = r[i];
                    binding = names[i];
                }
            }
            lo += k;
        }
        return new Plan(p, slices, worst <= 1.0, worst, binding);
    }

    SliceNeed need(final Population p, final List<Projection> in, final int lo, final int hi, final int weightBits)
    {
        final SliceNeed s = new SliceNeed(p.name(), lo, hi, in);
        final int k = hi - lo;
        for (final Projection j : in)
        {
            final Footprints.Slice f = footprints.get(j.name()).of(lo, hi);
            s.counts.add(f);
            final int rows = f.axons();
            s.fanIn += rows;
            final boolean feedback = j.role() == ProjectionRole.FEEDBACK;
            final int w = weightBits > 0 && !feedback ? weightBits : j.weightFormat().bits();
            final int d = j.delay() > 1 ? chip.delayBits().value() : 0;
            final long[] parts = new long[MemoryKind.values().length];
            if (rows > 0 && f.synapses() > 0)
            {
                final long dense = (long)rows * k * (w + d);
                final long nnz = f.synapses();
                final long csr = nnz * (w + d + SynapticFormats.indexBits(k)) +
                    (rows + 1L) * SynapticFormats.ceilLog2(nnz + 1);
                final boolean useDense = dense <= csr;
                final long stored = useDense ? (long)rows * k : nnz;
                s.formats.put(j.name(), useDense ? "dense" : "csr");
                parts[(feedback ? MemoryKind.FEEDBACK : MemoryKind.WEIGHTS).ordinal()] += stored * w;
                parts[MemoryKind.DELAYS.ordinal()] += stored * d;
                parts[MemoryKind.INDICES.ordinal()] += useDense ? 0 : csr - stored * (w + d);
                parts[MemoryKind.LEARNING_STATE.ordinal()] += stored * needs.stateBits(j.name());
                parts[MemoryKind.TRACES.ordinal()] += (long)rows * needs.axonTraceBits(j.name());
            }
            s.perProjection.add(parts);
            for (int i = 0; i < parts.length; i++)
            {
                s.bits[i] += parts[i];
            }
        }
        s.bits[MemoryKind.TRACES.ordinal()] += (long)k * needs.neuronTraceBits(p.name());
        return s;
    }

    /**
     * A lower bound that no split can beat: one neuron with the most inputs of each incoming projection.
     *
     * @return for compartments, synaptic memory and fan-in: whether one neuron alone exceeds the core's limit.
     */
    private boolean[] oneNeuronExceeds(final Population p)
    {
        long fanIn = 0;
        long bits = needs.neuronTraceBits(p.name());
        for (final Projection j : incoming(p.name()))
        {
            final int r = network.stats(j.name()).maxFanIn();
            fanIn += r;
            final int d = j.delay() > 1 ? chip.delayBits().value() : 0;
            bits += (long)r * (j.weightFormat().bits() + d + needs.stateBits(j.name()) +
                needs.axonTraceBits(j.name()));
        }
        return new boolean[] {false, bits > chip.synapticMemoryBitsPerCore().value(),
            fanIn > chip.fanInPerCore().value()};
    }

    long capacityBits()
    {
        return chip.synapticMemoryBitsPerCore().value();
    }

    int compartmentsPerCore()
    {
        return chip.compartmentsPerCore().value();
    }

    static int ceilDiv(final long a, final long b)
    {
        return (int)((a + b - 1) / b);
    }

    private static double ratio(final long need, final long capacity)
    {
        if (need == 0)
        {
            return 0;
        }
        return capacity == 0 ? Double.POSITIVE_INFINITY : (double)need / capacity;
    }

    BitSet sources(final SliceNeed s, final int projectionIndex)
    {
        return footprints.get(s.incoming.get(projectionIndex).name()).sources(s.lo, s.hi);
    }
}
