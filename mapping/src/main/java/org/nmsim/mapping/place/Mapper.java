package org.nmsim.mapping.place;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.nmsim.chip.memory.MemoryBudgetExceededException;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.memory.SynapticMemoryBudget;
import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.noc.BoardTopology;
import org.nmsim.chip.noc.RoutingTables;
import org.nmsim.chip.noc.XyMeshRouting;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.PlasticityOp;
import org.nmsim.mapping.net.Network;
import org.nmsim.mapping.net.Population;
import org.nmsim.mapping.net.PopulationRole;
import org.nmsim.mapping.net.Projection;
import org.nmsim.mapping.net.ProjectionRole;

/**
 * Partition, place, route, and the feasibility report: {@code Mapper.map(network, chip, needs, options)}.
 *
 * <ol>
 *   <li><b>Partition</b> ({@link Partitioner}): each population into the fewest slices that fit compartments,
 *   synaptic memory and fan-in; one slice per core. Each core's memory is then allocated from a
 *   {@link SynapticMemoryBudget}, so the report shows what was allocated.</li>
 *   <li><b>Routes</b>: one multicast route per source core, to every core holding a neuron that one of its
 *   neurons has a synapse onto (over all outgoing projections, FEEDBACK included). Fan-out of a core is the
 *   number of its destination cores.</li>
 *   <li><b>Board</b>: {@code ceil(cores / coresPerChip)} chips in a near-square grid ({@link BoardTopology});
 *   more than {@code options.maxChips()} is a violation.</li>
 *   <li><b>Place</b> ({@link Placer}): naive and optimised; the optimised placement is routed and reported.</li>
 *   <li><b>Routing tables</b> ({@link RoutingTables}): one entry per route in each router it needs; routers
 *   skip straight-through entries (default routing) on SpiNNaker-based chips only.</li>
 * </ol>
 *
 * <p>Rates: a core sends {@code rate x neurons} spikes per step, rate from {@link MappingOptions}. Spike-hops per
 * sample = sum over routes of (spikes per step x links of the multicast tree) x T.
 *
 * <p>Threading: stateless; each call builds its own state.
 */
public final class Mapper
{
    private static final int REMEDY_SEARCH_LIMIT = 1 << 16;

    private Mapper()
    {
    }

    /**
     * @param network the network (feedback pathways included as projections).
     * @param chip    the chip.
     * @param needs   what the learning algorithm adds.
     * @param options rates, T, placement search, board bound, pinned splits.
     * @return the mapping and its report; a network that does not fit is an answer, not an exception.
     */
    public static Mapping map(final Network network, final ChipSpec chip, final LearningNeeds needs,
        final MappingOptions options)
    {
        for (final String pinned : options.pinnedCores().keySet())
        {
            network.population(pinned);
        }
        final String label = label(network);
        final List<FeasibilityReport.CapabilityGap> gaps = gaps(network, chip, needs);
        final Partitioner partitioner = new Partitioner(network, chip, needs);
        final List<Partitioner.Plan> plans = new ArrayList<>();
        final List<FeasibilityReport.Violation> violations = new ArrayList<>();
        final List<CoreSlice> slices = new ArrayList<>();
        final List<Partitioner.SliceNeed> sliceNeeds = new ArrayList<>();
        final Map<String, int[]> coresOf = new LinkedHashMap<>();
        for (final Population p : network.populations())
        {
            final Partitioner.Plan plan = partitioner.plan(p, options.pinnedCores().getOrDefault(p.name(), 0));
            plans.add(plan);
            final int first = slices.size();
            for (final Partitioner.SliceNeed s : plan.slices)
            {
                slices.add(new CoreSlice(slices.size(), p.name(), s.lo, s.hi));
                sliceNeeds.add(s);
            }
            coresOf.put(p.name(), new int[] {first, slices.size()});
        }
        final int n = slices.size();
        final int[][] destinations = destinations(network, slices, sliceNeeds, coresOf, partitioner);

        final int perChip = chip.mesh().value().cores();
        final int chips = Partitioner.ceilDiv(n, perChip);
        final int columns = (int)Math.ceil(Math.sqrt(chips));
        final BoardTopology board = new BoardTopology(chip.mesh().value(), columns, Partitioner.ceilDiv(chips,
            columns));
        if (chips > options.maxChips())
        {
            violations.add(new FeasibilityReport.Violation("cores", "board", n, (long)options.maxChips() * perChip,
                n - (long)options.maxChips() * perChip, 1,
                List.of("allow " + chips + " chips (maxChips=" + options.maxChips() + ")",
                    "fewer cores: fewer weight bits or less learning state per synapse pack more neurons per core"),
                "board: " + n + " cores need " + chips + " chips of " + perChip + " cores, exceeds maxChips=" +
                    options.maxChips() + " (" + (long)options.maxChips() * perChip + " cores)"));
        }
        final double[] rates = new double[n];
        for (final CoreSlice s : slices)
        {
            rates[s.core()] = rate(network.population(s.population()), options) * s.neurons();
        }
        final Placer placer = new Placer(board, destinations, rates);
        final int[] naive = placer.naive();
        final int[] placed = placer.optimised(options.placementIterations(), options.seed());
        final double naiveCost = placer.cost(naive);
        final double placedCost = placer.cost(placed);

        final XyMeshRouting routing = new XyMeshRouting(board);
        final RoutingTables tables = new RoutingTables(routing, chip.routingEntriesPerRouter().value(),
            chip.base().startsWith("spinnaker"));
        for (final CoreSlice s : slices)
        {
            final int[] d = destinations[s.core()];
            if (d.length > 0)
            {
                final int[] phys = new int[d.length];
                for (int i = 0; i < d.length; i++)
                {
                    phys[i] = placed[d[i]];
                }
                tables.addRoute(s.population() + "[" + s.lo() + ":" + s.hi() + ") core " + s.core(),
                    placed[s.core()], phys);
            }
        }

        final List<FeasibilityReport.CoreUse> uses = new ArrayList<>();
        final long[] memoryNeed = new long[n];
        for (final CoreSlice s : slices)
        {
            final Partitioner.SliceNeed need = sliceNeeds.get(s.core());
            final SynapticMemoryBudget budget = new SynapticMemoryBudget(s.core(),
                chip.synapticMemoryBitsPerCore().value());
            memoryNeed[s.core()] = need.memory();
            final Map<String, Long> byKind = new LinkedHashMap<>();
            if (need.memory() <= budget.capacityBits())
            {
                allocate(budget, s, need);
                for (final Map.Entry<MemoryKind, Long> e : budget.usage().entrySet())
                {
                    if (e.getValue() > 0)
                    {
                        byKind.put(e.getKey().name(), e.getValue());
                    }
                }
            }
            else
            {
                for (final MemoryKind k : MemoryKind.values())
                {
                    if (need.bits[k.ordinal()] > 0)
                    {
                        byKind.put(k.name(), need.bits[k.ordinal()]);
                    }
                }
            }
            final int phys = placed[s.core()];
            uses.add(new FeasibilityReport.CoreUse(s.core(), phys, board.chipOf(phys), board.tileX(phys),
                board.tileY(phys), s.population(), s.lo(), s.hi(), s.neurons(), chip.compartmentsPerCore().value(),
                byKind, need.memory(), chip.synapticMemoryBitsPerCore().value(), need.formats, need.fanIn,
                chip.fanInPerCore().value(), destinations[s.core()].length, chip.fanOutPerCore().value(),
                tables.entries(board.tileX(phys), board.tileY(phys)), chip.routingEntriesPerRouter().value()));
        }

        final List<FeasibilityReport.PopulationUse> pops = new ArrayList<>();
        for (final Partitioner.Plan plan : plans)
        {
            int max = 0;
            for (final Partitioner.SliceNeed s : plan.slices)
            {
                max = Math.max(max, s.neurons());
            }
            pops.add(new FeasibilityReport.PopulationUse(plan.population.name(), plan.population.size(),
                plan.cores(), max, plan.limitedBy));
            coreViolations(plan, coresOf.get(plan.population.name())[0], chip, partitioner, violations);
            fanOutViolation(plan.population.name(), coresOf.get(plan.population.name()), destinations, chip,
                violations);
        }
        routingViolations(board, tables, chip, violations);
        final boolean fits = violations.isEmpty() && gaps.isEmpty();
        final FeasibilityReport report = new FeasibilityReport(label, chip.name(), fits, board.chips(), n, perChip,
            pops, uses, options.steps(), naiveCost, placedCost, placedCost * options.steps(), violations, gaps);
        return new Mapping(report, slices, destinations, board, naive, placed, tables);
    }

    private static String label(final Network network)
    {
        final StringBuilder b = new StringBuilder();
        for (final Population p : network.populations())
        {
            if (p.role() != PopulationRole.AUXILIARY)
            {
                b.append(b.length() == 0 ? "" : "-").append(p.size());
            }
        }
        return "network " + b;
    }

    private static double rate(final Population p, final MappingOptions o)
    {
        final Double r = o.rates().get(p.name());
        if (r != null)
        {
            return r;
        }
        return p.role() == PopulationRole.INPUT ? o.inputRate() : o.defaultRate();
    }

    private static void allocate(final SynapticMemoryBudget budget, final CoreSlice s,
        final Partitioner.SliceNeed need)
    {
        for (int i = 0; i < need.incoming.size(); i++)
        {
            final long[] parts = need.perProjection.get(i);
            final String owner = "projection " + need.incoming.get(i).name() + " -> " + s.population() + "[" +
                s.lo() + ":" + s.hi() + ")";
            for (final MemoryKind k : MemoryKind.values())
            {
                if (parts[k.ordinal()] > 0)
                {
                    budget.allocate(k, owner, parts[k.ordinal()]);
                }
            }
        }
        long neuronTraces = need.bits[MemoryKind.TRACES.ordinal()];
        for (final long[] parts : need.perProjection)
        {
            neuronTraces -= parts[MemoryKind.TRACES.ordinal()];
        }
        if (neuronTraces > 0)
        {
            budget.allocate(MemoryKind.TRACES, "neuron traces " + s.population() + "[" + s.lo() + ":" + s.hi() + ")",
                neuronTraces);
        }
    }

    private static int[][] destinations(final Network network, final List<CoreSlice> slices,
        final List<Partitioner.SliceNeed> needs, final Map<String, int[]> coresOf, final Partitioner partitioner)
    {
        final List<Set<Integer>> dest = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++)
        {
            dest.add(new TreeSet<>());
        }
        for (final Population p : network.populations())
        {
            final int[] range = coresOf.get(p.name());
            for (int t = range[0]; t < range[1]; t++)
            {
                final Partitioner.SliceNeed need = needs.get(t);
                for (int j = 0; j < need.incoming.size(); j++)
                {
                    final Projection proj = need.incoming.get(j);
                    final BitSet src = partitioner.sources(need, j);
                    final int[] from = coresOf.get(proj.from());
                    for (int s = from[0]; s < from[1]; s++)
                    {
                        final int next = src.nextSetBit(slices.get(s).lo());
                        if (next >= 0 && next < slices.get(s).hi())
                        {
                            dest.get(s).add(t);
                        }
                    }
                }
            }
        }
        final int[][] out = new int[slices.size()][];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = dest.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    private static void coreViolations(final Partitioner.Plan plan, final int firstCore, final ChipSpec chip,
        final Partitioner partitioner, final List<FeasibilityReport.Violation> out)
    {
        final int cores = plan.cores();
        final long cap = chip.synapticMemoryBitsPerCore().value();
        int worstK = -1;
        int worstM = -1;
        int worstF = -1;
        int nK = 0;
        int nM = 0;
        int nF = 0;
        for (int i = 0; i < cores; i++)
        {
            final Partitioner.SliceNeed s = plan.slices.get(i);
            if (s.neurons() > chip.compartmentsPerCore().value())
            {
                nK++;
                worstK = worstK < 0 || s.neurons() > plan.slices.get(worstK).neurons() ? i : worstK;
            }
            if (s.memory() > cap)
            {
                nM++;
                worstM = worstM < 0 || s.memory() > plan.slices.get(worstM).memory() ? i : worstM;
            }
            if (s.fanIn > chip.fanInPerCore().value())
            {
                nF++;
                worstF = worstF < 0 || s.fanIn > plan.slices.get(worstF).fanIn ? i : worstF;
            }
        }
        final String split = nK + nM + nF == 0 ? null : splitRemedy(plan, partitioner);
        if (worstK >= 0)
        {
            final Partitioner.SliceNeed s = plan.slices.get(worstK);
            out.add(violation("compartments", plan, firstCore + worstK, s, s.neurons(),
                chip.compartmentsPerCore().value(), nK, split == null ? List.of() : List.of(split)));
        }
        if (worstM >= 0)
        {
            final Partitioner.SliceNeed s = plan.slices.get(worstM);
            final List<String> remedies = new ArrayList<>();
            if (split != null)
            {
                remedies.add(split);
            }
            remedies.add(weightBitsRemedy(plan, partitioner, s));
            long nnz = 0;
            for (final Footprints.Slice f : s.counts)
            {
                nnz += f.synapses();
            }
            remedies.add(String.format(Locale.ROOT, "sparser connectivity: about %d synapses into this core fit at "
                + "these widths (now %d; scaled by memory)", (long)Math.floor((double)nnz * cap / s.memory()), nnz));
            out.add(violation("synaptic memory", plan, firstCore + worstM, s, s.memory(), cap, nM, remedies));
        }
        if (worstF >= 0)
        {
            final Partitioner.SliceNeed s = plan.slices.get(worstF);
            final List<String> remedies = new ArrayList<>();
            if (split != null)
            {
                remedies.add(split);
            }
            remedies.add("sparser or more local connectivity: at most " + chip.fanInPerCore().value() +
                " distinct input axons per core (now " + s.fanIn + ")");
            out.add(violation("fan-in", plan, firstCore + worstF, s, s.fanIn, chip.fanInPerCore().value(), nF,
                remedies));
        }
    }

    private static FeasibilityReport.Violation violation(final String resource, final Partitioner.Plan plan,
        final int core, final Partitioner.SliceNeed s, final long needed, final long capacity, final int affected,
        final List<String> remedies)
    {
        final String where = "population " + plan.population.name() + " core " + core + " [" + s.lo + ":" + s.hi +
            ")";
        return new FeasibilityReport.Violation(resource, where, needed, capacity, needed - capacity, affected,
            remedies, String.format(Locale.ROOT, "%s: %s needs %d, the core has %d (over by %d; %d of %d cores of "
                + "%s exceed it)", where, resource, needed, capacity, needed - capacity, affected, plan.cores(),
                plan.population.name()));
    }

    private static String splitRemedy(final Partitioner.Plan plan, final Partitioner partitioner)
    {
        if (plan.noSplitFits)
        {
            return "more cores do not help: even one neuron per core exceeds a limit";
        }
        final Partitioner.Plan best = partitioner.fewestCores(plan.population,
            Partitioner.ceilDiv(plan.population.size(), partitioner.compartmentsPerCore()));
        if (!best.fits)
        {
            return "more cores do not help: even one neuron per core exceeds a limit";
        }
        return "split " + plan.population.name() + " into " + best.cores() + " cores (now " + plan.cores() + ")";
    }

    private static String weightBitsRemedy(final Partitioner.Plan plan, final Partitioner partitioner,
        final Partitioner.SliceNeed worst)
    {
        int declared = 0;
        for (final Projection j : worst.incoming)
        {
            if (j.role() != ProjectionRole.FEEDBACK)
            {
                declared = Math.max(declared, j.weightFormat().bits());
            }
        }
        if (plan.population.size() > REMEDY_SEARCH_LIMIT)
        {
            return "fewer weight bits (not searched for populations above " + REMEDY_SEARCH_LIMIT + " neurons)";
        }
        for (int b = declared - 1; b >= 1; b--)
        {
            final Partitioner.Plan p = partitioner.check(plan.population, plan.cores(), b);
            boolean memoryFits = true;
            for (final Partitioner.SliceNeed s : p.slices)
            {
                memoryFits &= s.memory() <= partitioner.capacityBits();
            }
            if (memoryFits)
            {
                return "use " + b + "-bit weights (the largest width whose synaptic memory fits these " +
                    plan.cores() + " cores; declared " + declared + ")";
            }
        }
        return "fewer weight bits do not help: even 1-bit weights exceed the memory of these " + plan.cores() +
            " cores";
    }

    private static void fanOutViolation(final String pop, final int[] range, final int[][] destinations,
        final ChipSpec chip, final List<FeasibilityReport.Violation> out)
    {
        final int limit = chip.fanOutPerCore().value();
        int worst = -1;
        int count = 0;
        for (int c = range[0]; c < range[1]; c++)
        {
            if (destinations[c].length > limit)
            {
                count++;
                worst = worst < 0 || destinations[c].length > destinations[worst].length ? c : worst;
            }
        }
        if (worst >= 0)
        {
            final int need = destinations[worst].length;
            final String where = "population " + pop + " core " + worst;
            out.add(new FeasibilityReport.Violation("fan-out", where, need, limit, need - limit, count,
                List.of("fewer destination cores: at most " + limit + " per source core (now " + need + "); pack "
                    + "the target populations into fewer, fuller cores or use a chip with a larger fan-out"),
                String.format(Locale.ROOT, "%s: fan-out needs %d destination cores, the core has %d (over by %d; "
                    + "%d of %d cores of %s exceed it)", where, need, limit, need - limit, count,
                    range[1] - range[0], pop)));
        }
    }

    private static void routingViolations(final BoardTopology board, final RoutingTables tables,
        final ChipSpec chip, final List<FeasibilityReport.Violation> out)
    {
        final int cap = tables.capacity();
        for (int y = 0; y < board.tileRows(); y++)
        {
            for (int x = 0; x < board.tileColumns(); x++)
            {
                final int e = tables.entries(x, y);
                if (e > cap)
                {
                    final String router = board.routerName(x, y);
                    out.add(new FeasibilityReport.Violation("routing entries", router, e, cap, e - cap, 1,
                        List.of("route fewer multicast trees through " + router + " (fewer source cores, or a "
                            + "placement that keeps them apart)", "a chip with more than " + cap + " entries per "
                            + "router (chip " + chip.name() + ")"),
                        String.format(Locale.ROOT, "%s: %d routing entries needed exceed capacity %d (over by %d)",
                            router, e, cap, e - cap)));
                }
            }
        }
    }

    private static List<FeasibilityReport.CapabilityGap> gaps(final Network network, final ChipSpec chip,
        final LearningNeeds needs)
    {
        final List<FeasibilityReport.CapabilityGap> gaps = new ArrayList<>();
        for (final PlasticityOp op : chip.missingOps(needs.ops()))
        {
            gaps.add(new FeasibilityReport.CapabilityGap("plasticity op " + op, op.name(),
                chip.plasticityOps().value().toString(), "plasticity op " + op + ": needed by the learning rule, the "
                    + chip.engine().value() + " engine of chip " + chip.name() + " has only " +
                    chip.plasticityOps().value()));
        }
        for (final MessageKind k : needs.messages())
        {
            if (!chip.supports(k))
            {
                gaps.add(new FeasibilityReport.CapabilityGap("message " + k, k.name(),
                    chip.messages().keySet().toString(), "message " + k + ": needed, chip " + chip.name() +
                        " sends only " + chip.messages().keySet()));
            }
        }
        final int graded = chip.gradedPayloadBits().value();
        if (needs.gradedPayloadBits() > 0 && graded > 0 && needs.gradedPayloadBits() > graded)
        {
            gaps.add(new FeasibilityReport.CapabilityGap("graded payload bits",
                Integer.toString(needs.gradedPayloadBits()), Integer.toString(graded), "graded payload bits=" +
                    needs.gradedPayloadBits() + " exceed chip " + chip.name() + " gradedPayloadBits=" + graded));
        }
        for (final Projection j : network.projections())
        {
            final int bits = j.weightFormat().bits();
            final int min = chip.minWeightBits().value();
            final int max = chip.maxWeightBits().value();
            final boolean signedOk = j.weightFormat().signed() ? chip.signedWeights().value() :
                chip.unsignedWeights().value();
            if (bits < min || bits > max || !signedOk)
            {
                gaps.add(new FeasibilityReport.CapabilityGap("weight format of projection " + j.name(),
                    j.weightFormat().toString(), "[" + min + ", " + max + "] bits, signed=" +
                        chip.signedWeights().value() + " unsigned=" + chip.unsignedWeights().value(),
                    "projection " + j.name() + ": weightBits=" + bits + (j.weightFormat().signed() ? " signed" :
                        " unsigned") + " outside chip limits [minWeightBits=" + min + ", maxWeightBits=" + max +
                        "] (chip " + chip.name() + ")" + (signedOk ? "" : " or signedness not supported")));
            }
            final int d = chip.delayBits().value();
            if (j.delay() > 1 && (d == 0 || j.delay() > (1L << d)))
            {
                gaps.add(new FeasibilityReport.CapabilityGap("delay of projection " + j.name(),
                    Integer.toString(j.delay()), "delayBits=" + d, "projection " + j.name() + ": delay=" + j.delay() +
                        " steps exceeds the " + d + "-bit delay field of chip " + chip.name()));
            }
        }
        return gaps;
    }
}
