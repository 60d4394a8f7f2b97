package org.nmsim.traces;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A deterministic, plausible report of a small Loihi run, with every optional section filled. */
final class SampleReports
{
    private SampleReports()
    {
    }

    static Report sample(final long seed, final double accuracyScale, final double energyScale)
    {
        final SplitMix rng = new SplitMix(seed);
        final ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("chip", "loihi1");
        config.putObject("algorithm").put("name", "sfdfa").put("learningRate", 0.01);
        config.putObject("dataset").put("name", "mnist").put("encoding", "ttfs");
        final ObjectNode diagnostics = config.putObject("diagnosticsByEpoch");
        diagnostics.putObject("1").put("feedback vs output weights, degrees (Fig. 10)", 47.5).put("|W^0| <norm>", 3.0);
        diagnostics.putObject("2").put("feedback vs output weights, degrees (Fig. 10)", 21.25).put("|W^0| <norm>", 3.5);

        final List<Report.Epoch> epochs = new ArrayList<>();
        for (int e = 1; e <= 12; e++)
        {
            final double acc = accuracyScale * (0.97 - 0.6 * Math.exp(-e / 2.5));
            epochs.add(new Report.Epoch(e, Math.min(1, acc + 0.01), 2.0 * Math.exp(-e / 3.0) + 0.1, acc,
                e == 3 ? null : 2.1 * Math.exp(-e / 3.0) + 0.12));
        }

        final List<Report.CoreCounts> cores = new ArrayList<>();
        int core = 0;
        for (int y = 0; y < 4; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                final String pop = x < 2 ? "input" : x < 7 ? "hidden" : "output";
                final long weights = (long)(rng.nextDouble() * 600_000);
                cores.add(new Report.CoreCounts(core++, 0, x, y, List.of(pop), 200 + (int)(rng.nextDouble() * 824),
                    1024, Map.of("synop", weights * 40, "neuronUpdate", 1024L * 3000, "learningUpdate", weights / 2),
                    new Report.Memory(weights, weights / 8, weights / 4, x > 5 ? 40_000 : 0, 20_000, 1_048_576)));
            }
        }

        final List<Report.PopulationCounts> pops = List.of(
            new Report.PopulationCounts("input", 784, Map.of("neuronUpdate", 784L * 3000)),
            new Report.PopulationCounts("hidden", 500, Map.of("synop", 9_000_000L, "neuronUpdate", 1_500_000L)),
            new Report.PopulationCounts("output", 10, Map.of("synop", 40_000L, "neuronUpdate", 30_000L)));

        final List<Report.MessageCounts> messages = List.of(
            new Report.MessageCounts("spike", 32, 1_200_000, 3_100_000, List.of(100_000L, 400_000L, 500_000L, 200_000L)),
            new Report.MessageCounts("error", 32, 30_000, 90_000, null));

        final List<Report.EnergyLine> lines = List.of(
            Report.EnergyLine.of("synop", (long)(48_000_000 * energyScale), 23.6, "Davies et al. 2018, Table 2", false),
            Report.EnergyLine.of("neuronUpdate", 3_000_000, 81, "Davies et al. 2018, Table 2", false),
            Report.EnergyLine.of("learningUpdate", 2_000_000, 120, "Davies et al. 2018, Table 2", false),
            Report.EnergyLine.of("tileHop", 3_190_000, 3.5, "Davies et al. 2018, Table 2 (mean of E-W/N-S)", false),
            Report.EnergyLine.of("exp", 500_000, 3.1, "assumed equal to int32 multiply (Horowitz 2014)", true));
        final Report.Energy energy = Report.Energy.of(lines, 0.02, 0.15, "assumption: 20 mW static", true);

        final Report.PerSample perSample = new Report.PerSample(
            new Report.SampleCost(60_000, 1.054e-3 * energyScale, Map.of("synop", 800.5, "neuronUpdate", 50.0)),
            new Report.SampleCost(10_000, 0.31e-3 * energyScale, Map.of("synop", 300.25, "neuronUpdate", 50.0)));

        final Report.NeuroBench nb = new Report.NeuroBench(512_000, 0.42, 0.93, 812.0, 0.0, 397_000.0, 1294.0);

        final List<Report.LayerAlignment> alignment = new ArrayList<>();
        for (final String layer : List.of("fc1", "fc2"))
        {
            final List<Report.AlignmentPoint> points = new ArrayList<>();
            for (int e = 1; e <= 12; e++)
            {
                points.add(new Report.AlignmentPoint(e, (layer.equals("fc1") ? 0.6 : 0.8) * (1 - Math.exp(-e / 3.0))));
            }
            alignment.add(new Report.LayerAlignment(layer, points));
        }

        final List<Report.ReferenceLine> reference = List.of(
            Report.ReferenceLine.of("test accuracy, epoch 12", epochs.get(11).testAccuracy(), 0.962, 0.01),
            Report.ReferenceLine.of("fc2 gradient cosine vs golden", 0.79, 0.80, 0.005),
            Report.ReferenceLine.of("energy per training sample (mJ)", 1.054 * energyScale, 1.054, 0.05));

        final int spikes = 400;
        final double[] times = new double[spikes];
        final int[] neurons = new int[spikes];
        for (int i = 0; i < spikes; i++)
        {
            times[i] = Math.floor(rng.nextDouble() * 100);
            neurons[i] = (int)(rng.nextDouble() * 64);
        }
        final List<Report.Raster> rasters = List.of(new Report.Raster("hidden", 0, times, neurons));

        return new Report(Report.FORMAT_VERSION, new Report.Run("0.1.0-test", seed, "loihi1", 123.4, config), epochs,
            cores, pops, messages, energy, perSample, new Report.StepTimes(1_200_000, 8_100, 15_300, 41_000, 2_300_000),
            nb, alignment, reference, rasters);
    }

    /** Three cores: two sharing tile (0, 0) of chip 0, one on chip 1; no epochs, no optional sections. */
    static Report minimal()
    {
        return new Report(Report.FORMAT_VERSION,
            new Report.Run("0.1.0-test", 1, "spinnaker1", 1.0, JsonNodeFactory.instance.objectNode()), List.of(),
            List.of(new Report.CoreCounts(0, 0, 0, 0, List.of("p"), 1, 1, new LinkedHashMap<>(),
                    new Report.Memory(0, 0, 0, 0, 0, 0)),
                new Report.CoreCounts(1, 0, 0, 0, List.of("p"), 1, 1, new LinkedHashMap<>(),
                    new Report.Memory(10, 0, 0, 0, 0, 20)),
                new Report.CoreCounts(2, 1, 1, 0, List.of("q"), 1, 1, new LinkedHashMap<>(),
                    new Report.Memory(20, 0, 0, 0, 0, 20))), List.of(), List.of(),
            Report.Energy.of(List.of(), 0, 0, "none", true), new Report.PerSample(null, null),
            new Report.StepTimes(0, 0, 0, 0, 0), null, null, null, null);
    }

    /** A local copy of SplitMix64 so that the traces tests need no other module. */
    private static final class SplitMix
    {
        private long state;

        SplitMix(final long seed)
        {
            state = seed;
        }

        double nextDouble()
        {
            state += 0x9E3779B97F4A7C15L;
            long x = state;
            x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
            x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
            return ((x ^ (x >>> 31)) >>> 11) * 0x1.0p-53;
        }
    }
}
