package org.nmsim.mapping.place;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.memory.SynapseEncoding;
import org.nmsim.chip.memory.SynapticFormats;
import org.nmsim.chip.memory.WeightFormat;
import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.noc.XyMeshRouting;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.PlasticityOp;
import org.nmsim.chip.preset.Presets;
import org.nmsim.chip.preset.UserChips;
import org.nmsim.mapping.net.Connectivity;
import org.nmsim.mapping.net.Network;
import org.nmsim.mapping.net.Networks;
import org.nmsim.mapping.net.Population;
import org.nmsim.mapping.net.PopulationRole;
import org.nmsim.mapping.net.Projection;
import org.nmsim.mapping.net.Shape;

/** Partition, place, route and the feasibility report on hand-checked networks. */
@Timeout(30)
class MapperTest
{
    private static final MappingOptions OPTIONS = MappingOptions.defaults();

    private static ChipSpec loihi1With(final Map<String, Object> overrides)
    {
        final Map<String, Object> m = new HashMap<>(overrides);
        m.put("base", "loihi1");
        return UserChips.fromMap(m);
    }

    /**
     * 784-400-400-10 on loihi1 at 8-bit weights, no learning state: 7 cores.
     *
     * <pre>
     * loihi1 core: 1,024 compartments, 2^20 = 1,048,576 synaptic bits, fan-in 4,096.
     * dense fc layers: the cheaper format is dense (rows x k x 8 bits; CSR adds a 10-bit index per synapse).
     * input  784 neurons, no synapses in:           ceil(784/1024) = 1 core
     * h1     400 neurons x 784 inputs x 8 = 6,272 bits per neuron; 2^20 / 6,272 = 167.2 -> at most 167 per core;
     *        1 core: 400 x 6,272 = 2,508,800 > 2^20; 2 cores: 200 x 6,272 = 1,254,400 > 2^20;
     *        3 cores (134, 133, 133): 134 x 6,272 = 840,448 <= 2^20           -> 3 cores, limited by memory
     * h2     400 neurons x 400 inputs x 8 = 3,200 bits per neuron; 2^20 / 3,200 = 327.7;
     *        1 core: 1,280,000 > 2^20; 2 cores (200, 200): 640,000               -> 2 cores, limited by memory
     * output 10 x 400 x 8 = 32,000 bits                                          -> 1 core
     * total 1 + 3 + 2 + 1 = 7 cores on one chip; fan-in 784 and 400 are far below 4,096.
     * </pre>
     */
    @Test
    void shouldMapThe784x400x400x10OnLoihi1InSevenCores()
    {
        final Mapping m = Mapper.map(Networks.mlp784x400x400x10(), Presets.loihi1(), LearningNeeds.NONE, OPTIONS);
        final FeasibilityReport r = m.report();
        assertTrue(r.fits(), r.text(100));
        assertEquals(7, r.coresUsed());
        assertEquals(1, r.chips());
        final List<FeasibilityReport.PopulationUse> p = r.populations();
        assertEquals(List.of(1, 3, 2, 1), p.stream().map(FeasibilityReport.PopulationUse::cores).toList());
        assertEquals("compartments", p.get(0).limitedBy());
        assertEquals("synaptic memory", p.get(1).limitedBy());
        assertEquals("synaptic memory", p.get(2).limitedBy());
        final FeasibilityReport.CoreUse h1 = r.cores().get(1);
        assertEquals(134, h1.compartments());
        assertEquals(840_448L, h1.memoryUsed());
        assertEquals(Map.of("WEIGHTS", 840_448L), h1.memoryBits());
        assertEquals(Map.of("fc1", "dense"), h1.formats());
        assertEquals(784, h1.fanIn());
        assertEquals(2, h1.fanOut());
        assertEquals(640_000L, r.cores().get(4).memoryUsed());
        assertEquals(3, r.cores().get(0).fanOut());
        assertTrue(r.violations().isEmpty() && r.gaps().isEmpty());
    }

    @Test
    void shouldChargeLearningStateTracesAndFeedbackByKind()
    {
        final Network n = Network.builder()
            .population(Population.of("input", 4, "input", Map.of(), PopulationRole.INPUT))
            .population(Population.of("h1", 3, "lif", Map.of(), PopulationRole.HIDDEN))
            .population(Population.of("output", 2, "readout", Map.of(), PopulationRole.OUTPUT))
            .projection(Projection.of("fc1", "input", "h1", Connectivity.dense()))
            .projection(Projection.of("fc2", "h1", "output", Connectivity.dense()).withDelay(3))
            .projection(Projection.of("b1", "output", "h1", Connectivity.dense())
                .withWeightFormat(new org.nmsim.mapping.net.WeightFormat(4, true))
                .withTarget("apical", org.nmsim.mapping.net.ProjectionRole.FEEDBACK))
            .build();
        final LearningNeeds needs = new LearningNeeds(Map.of("fc1", 16, "fc2", 16), Map.of("fc1", 7, "fc2", 7),
            Map.of("h1", 7), EnumSet.of(PlasticityOp.ADD), EnumSet.of(MessageKind.BINARY_SPIKE), 0);
        final FeasibilityReport r = Mapper.map(n, Presets.loihi1(), needs, OPTIONS).report();
        assertTrue(r.fits(), r.text(100));
        final FeasibilityReport.CoreUse h1 = r.cores().get(1);
        // fc1: 4 x 3 dense at 8 bits = 96 weights, 16 x 12 = 192 gradient bits, 4 axons x 7 = 28 trace bits;
        // b1: 2 x 3 at 4 bits = 24 feedback bits; h1 traces 3 x 7 = 21: 28 + 21 = 49 trace bits.
        assertEquals(Map.of("WEIGHTS", 96L, "LEARNING_STATE", 192L, "TRACES", 49L, "FEEDBACK", 24L),
            h1.memoryBits());
        assertEquals(6, h1.fanIn());
        // fc2 has delay 3 > 1: loihi1's 6-bit delay field per synapse: 3 x 2 x 6 = 36 delay bits
        assertEquals(36L, r.cores().get(2).memoryBits().get(MemoryKind.DELAYS.name()));
        // output sends to h1 over the feedback projection: one destination core
        assertEquals(1, r.cores().get(2).fanOut());
    }

    @Test
    void shouldChooseCsrForASparseProjectionWithTheSameFormulasAsSynapticFormats()
    {
        final int[] pre = {0, 5, 9, 99};
        final int[] post = {0, 1, 2, 3};
        final Network n = Network.builder()
            .population(Population.of("a", 100, "input", Map.of(), PopulationRole.INPUT))
            .population(Population.of("b", 100, "lif", Map.of(), PopulationRole.OUTPUT))
            .projection(Projection.of("s", "a", "b", Connectivity.Sparse.explicit(pre, post)))
            .build();
        final FeasibilityReport.CoreUse b = Mapper.map(n, Presets.loihi1(), LearningNeeds.NONE, OPTIONS).report()
            .cores().get(1);
        assertEquals(Map.of("s", "csr"), b.formats());
        final long csr = SynapticFormats.csrBits(4, 100, 4, SynapseEncoding.weightsOnly(new WeightFormat(8, true)));
        assertEquals(csr, b.memoryUsed());
        assertEquals(4, b.fanIn());
    }

    @Test
    void shouldDeliverEverySpikeToExactlyTheCoresHoldingItsTargets()
    {
        final Connectivity.Conv2d conv = Connectivity.Conv2d.square(2, 3, 3, 1, 1);
        final Connectivity.Pool2d pool = Connectivity.Pool2d.avg(2);
        final Network n = Network.builder()
            .population(Population.of("in", Shape.chw(2, 8, 8), "input", Map.of(), PopulationRole.INPUT))
            .population(Population.of("c1", Shape.chw(3, 8, 8), "lif", Map.of(), PopulationRole.HIDDEN))
            .population(Population.of("p1", Shape.chw(3, 4, 4), "relay", Map.of(), PopulationRole.HIDDEN))
            .population(Population.of("h", 30, "lif", Map.of(), PopulationRole.HIDDEN))
            .population(Population.of("o", 30, "lif", Map.of(), PopulationRole.OUTPUT))
            .projection(Projection.of("conv", "in", "c1", conv))
            .projection(Projection.of("pool", "c1", "p1", pool))
            .projection(Projection.of("sp", "p1", "h", Connectivity.Sparse.random(0.1, 7)))
            .projection(Projection.of("one", "h", "o", Connectivity.oneToOne()))
            .build();
        final Map<String, Integer> pinned = Map.of("in", 3, "c1", 5, "p1", 4, "h", 3, "o", 4);
        final Mapping m = Mapper.map(n, Presets.loihi1(), LearningNeeds.NONE, OPTIONS.withPinnedCores(pinned));
        assertTrue(m.report().fits(), m.report().text(100));
        final List<CoreSlice> slices = m.slices();
        for (final CoreSlice s : slices)
        {
            final TreeSet<Integer> expected = new TreeSet<>();
            for (final Projection j : n.projections())
            {
                if (!j.from().equals(s.population()))
                {
                    continue;
                }
                for (final int post : targets(n, j, s.lo(), s.hi()))
                {
                    expected.add(coreOf(slices, j.to(), post));
                }
            }
            assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), m.destinations()[s.core()],
                "core " + s);
            final int[] phys = m.physicalDestinations(s.core());
            assertEquals(expected.size(), new XyMeshRouting(m.board()).multicast(m.placement()[s.core()], phys)
                .deliveries(), "core " + s);
        }
    }

    /** Brute force from the connectivity definitions: the target neurons of source neurons [lo, hi). */
    private static TreeSet<Integer> targets(final Network n, final Projection j, final int lo, final int hi)
    {
        final Shape pre = n.population(j.from()).shape();
        final Shape post = n.population(j.to()).shape();
        final TreeSet<Integer> out = new TreeSet<>();
        if (j.connectivity() instanceof Connectivity.Sparse)
        {
            final int[][] pairs = ((Connectivity.Sparse)j.connectivity()).realize(pre.size(), post.size());
            for (int i = 0; i < pairs[0].length; i++)
            {
                if (pairs[0][i] >= lo && pairs[0][i] < hi)
                {
                    out.add(pairs[1][i]);
                }
            }
            return out;
        }
        if (j.connectivity() instanceof Connectivity.OneToOne)
        {
            for (int i = lo; i < hi; i++)
            {
                out.add(i);
            }
            return out;
        }
        final boolean conv = j.connectivity() instanceof Connectivity.Conv2d;
        final int k = conv ? ((Connectivity.Conv2d)j.connectivity()).kernelH() : 2;
        final int stride = conv ? 1 : 2;
        final int pad = conv ? 1 : 0;
        for (int o = 0; o < post.size(); o++)
        {
            final int oc = o / (post.dim(1) * post.dim(2));
            final int oy = o / post.dim(2) % post.dim(1);
            final int ox = o % post.dim(2);
            for (int ic = 0; ic < pre.dim(0); ic++)
            {
                if (!conv && ic != oc)
                {
                    continue;
                }
                for (int ky = 0; ky < k; ky++)
                {
                    for (int kx = 0; kx < k; kx++)
                    {
                        final int y = oy * stride - pad + ky;
                        final int x = ox * stride - pad + kx;
                        final int i = (ic * pre.dim(1) + y) * pre.dim(2) + x;
                        if (y >= 0 && y < pre.dim(1) && x >= 0 && x < pre.dim(2) && i >= lo && i < hi)
                        {
                            out.add(o);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static int coreOf(final List<CoreSlice> slices, final String population, final int neuron)
    {
        for (final CoreSlice s : slices)
        {
            if (s.population().equals(population) && neuron >= s.lo() && neuron < s.hi())
            {
                return s.core();
            }
        }
        throw new AssertionError(population + " neuron " + neuron + " on no core");
    }

    @Test
    void shouldPlaceStrictlyBetterThanNaiveOnAMultiLayerNetwork()
    {
        // one core per tile, so that where each layer's cores sit on the mesh matters
        final ChipSpec chip = loihi1With(Map.of("cores_per_tile", 1, "cores_per_chip", 32));
        final Network n = Networks.mlp784x400x400x10();
        final Mapping m = Mapper.map(n, chip, LearningNeeds.NONE, OPTIONS.withPinnedCores(Map.of("h1", 6, "h2", 6)));
        final FeasibilityReport r = m.report();
        assertTrue(r.spikeHopsPerStepPlaced() < r.spikeHopsPerStepNaive(), r.text(0));
        final Mapping again = Mapper.map(n, chip, LearningNeeds.NONE, OPTIONS.withPinnedCores(Map.of("h1", 6, "h2",
            6)));
        assertArrayEquals(m.placement(), again.placement(), "deterministic for a seed");
    }

    @Test
    void shouldReportTooFewCompartmentsOfAPinnedSplit()
    {
        final FeasibilityReport r = Mapper.map(Networks.mlp784x400x400x10(), Presets.loihi1(), LearningNeeds.NONE,
            OPTIONS.withPinnedCores(Map.of("input", 1, "h1", 1))).report();
        assertFalse(r.fits());
        final FeasibilityReport.Violation v = violation(r, "synaptic memory");
        assertEquals("population h1 core 1 [0:400)", v.where());
        assertEquals(2_508_800L, v.needed());
        assertEquals(1_460_224L, v.excess());
        assertTrue(v.remedies().contains("split h1 into 3 cores (now 1)"), v.remedies().toString());
        // one core of 400 neurons: 400 x 784 x b <= 2^20 -> b <= 3.34
        assertTrue(v.remedies().get(1).startsWith("use 3-bit weights"), v.remedies().toString());
        final FeasibilityReport c = Mapper.map(Networks.mlp(2000, 10), Presets.loihi1(), LearningNeeds.NONE,
            OPTIONS.withPinnedCores(Map.of("input", 1))).report();
        final FeasibilityReport.Violation k = violation(c, "compartments");
        assertEquals("population input core 0 [0:2000): compartments needs 2000, the core has 1024 (over by 976; "
            + "1 of 1 cores of input exceed it)", k.message());
        assertEquals(List.of("split input into 2 cores (now 1)"), k.remedies());
    }

    @Test
    void shouldReportTheLargestWeightWidthThatFitsAPinnedSplit()
    {
        // h1 on 2 cores of 200 neurons: 200 x 784 x b <= 1,048,576 -> b <= 6.69: 6-bit weights fit
        final FeasibilityReport r = Mapper.map(Networks.mlp784x400x400x10(), Presets.loihi1(), LearningNeeds.NONE,
            OPTIONS.withPinnedCores(Map.of("h1", 2))).report();
        final FeasibilityReport.Violation v = violation(r, "synaptic memory");
        assertEquals(1_254_400L, v.needed());
        assertEquals(List.of("split h1 into 3 cores (now 2)",
            "use 6-bit weights (the largest width whose synaptic memory fits these 2 cores; declared 8)",
            "sparser connectivity: about 131072 synapses into this core fit at these widths (now 156800; scaled by "
                + "memory)"), v.remedies());
    }

    @Test
    void shouldReportMemoryThatNoSplitFixes()
    {
        final ChipSpec chip = loihi1With(Map.of("synaptic_memory_bits_per_core", 4000));
        final FeasibilityReport r = Mapper.map(Networks.mlp784x400x400x10(), chip, LearningNeeds.NONE, OPTIONS)
            .report();
        assertFalse(r.fits());
        final FeasibilityReport.Violation v = violation(r, "synaptic memory");
        assertTrue(v.where().startsWith("population h1"), v.message());
        assertEquals("more cores do not help: even one neuron per core exceeds a limit", v.remedies().get(0));
        assertTrue(r.text(10).contains("DOES NOT FIT"));
    }

    @Test
    void shouldReportFanInFanOutAndRoutingEntryOverflows()
    {
        final FeasibilityReport in = Mapper.map(Networks.mlp784x400x400x10(),
            loihi1With(Map.of("fan_in_per_core", 500)), LearningNeeds.NONE, OPTIONS).report();
        final FeasibilityReport.Violation f = violation(in, "fan-in");
        assertEquals("population h1 core 1 [0:134): fan-in needs 784, the core has 500 (over by 284; 3 of 3 cores of "
            + "h1 exceed it)", f.message());
        assertEquals("more cores do not help: even one neuron per core exceeds a limit", f.remedies().get(0));

        final FeasibilityReport out = Mapper.map(Networks.mlp784x400x400x10(),
            loihi1With(Map.of("fan_out_per_core", 2)), LearningNeeds.NONE, OPTIONS).report();
        final FeasibilityReport.Violation o = violation(out, "fan-out");
        assertEquals("population input core 0: fan-out needs 3 destination cores, the core has 2 (over by 1; 1 of 1 "
            + "cores of input exceed it)", o.message());

        final FeasibilityReport rt = Mapper.map(Networks.mlp784x400x400x10(),
            loihi1With(Map.of("routing_entries_per_router", 1)), LearningNeeds.NONE, OPTIONS).report();
        final FeasibilityReport.Violation e = violation(rt, "routing entries");
        assertTrue(e.message().matches("router \\(chip 0, tile \\d+ at x=\\d, y=\\d\\): \\d+ routing entries needed "
            + "exceed capacity 1 \\(over by \\d+\\)"), e.message());
        assertEquals(1, e.capacity());

        final FeasibilityReport cores = Mapper.map(Networks.mlp784x400x400x10(),
            loihi1With(Map.of("mesh_tile_columns", 1, "mesh_tile_rows", 1, "cores_per_tile", 4, "cores_per_chip", 4)),
            LearningNeeds.NONE, OPTIONS.withMaxChips(1)).report();
        assertEquals("board: 7 cores need 2 chips of 4 cores, exceeds maxChips=1 (4 cores)",
            violation(cores, "cores").message());
        assertEquals(2, cores.chips());
    }

    @Test
    void shouldListEveryMissingCapability()
    {
        final LearningNeeds needs = new LearningNeeds(Map.of(), Map.of(), Map.of(),
            EnumSet.of(PlasticityOp.ADD, PlasticityOp.EXP, PlasticityOp.DIVIDE),
            EnumSet.of(MessageKind.BINARY_SPIKE, MessageKind.GRADED_SPIKE, MessageKind.SIGNED_SPIKE), 16);
        final FeasibilityReport r = Mapper.map(Networks.mlp(10, 4), Presets.loihi1(), needs, OPTIONS).report();
        assertFalse(r.fits());
        assertEquals(List.of("plasticity op EXP", "plasticity op DIVIDE", "message SIGNED_SPIKE",
            "message GRADED_SPIKE"), r.gaps().stream().map(FeasibilityReport.CapabilityGap::capability).toList());
        assertTrue(r.violations().isEmpty());
        final FeasibilityReport wide = Mapper.map(Network.builder()
            .population(Population.of("a", 3, "input", Map.of(), PopulationRole.INPUT))
            .population(Population.of("b", 3, "lif", Map.of(), PopulationRole.OUTPUT))
            .projection(Projection.of("w", "a", "b", Connectivity.dense())
                .withWeightFormat(new org.nmsim.mapping.net.WeightFormat(12, true)))
            .build(), Presets.loihi1(), LearningNeeds.NONE, OPTIONS).report();
        assertEquals("projection w: weightBits=12 signed outside chip limits [minWeightBits=1, maxWeightBits=9] "
            + "(chip loihi1)", wide.gaps().get(0).message());
    }

    @Test
    void shouldRenderJsonWithEveryField()
    {
        final String json = Mapper.map(Networks.mlp784x400x400x10(), Presets.loihi1(), LearningNeeds.NONE, OPTIONS)
            .report().json();
        for (final String field : new String[] {"\"fits\" : true", "\"coresUsed\" : 7", "\"memoryBits\"",
            "\"spikeHopsPerSample\"", "\"violations\" : [ ]", "\"limitedBy\" : \"synaptic memory\""})
        {
            assertTrue(json.contains(field), field + " missing in " + json);
        }
    }

    private static FeasibilityReport.Violation violation(final FeasibilityReport r, final String resource)
    {
        return r.violations().stream().filter(v -> v.resource().equals(resource)).findFirst()
            .orElseThrow(() -> new AssertionError(resource + " not among " + r.violations()));
    }
}
