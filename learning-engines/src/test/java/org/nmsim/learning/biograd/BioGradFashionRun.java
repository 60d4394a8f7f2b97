package org.nmsim.learning.biograd;

import java.util.OptionalInt;

import org.nmsim.chip.energy.EnergyReport;
import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.preset.Presets;
import org.nmsim.datasets.FashionMnist;
import org.nmsim.datasets.LabeledImages;

/**
 * Command-line experiment (not a test): trains BioGrad on the bundled Fashion-MNIST subset and prints accuracy per
 * epoch, the alignment angles and the energy per training sample.
 *
 * <pre>
 * java -cp ... org.nmsim.learning.biograd.BioGradFashionRun method=biograd hidden=500,100 train=3000 test=1000
 *     epochs=2 sleep=true init=fwd eta=1e-3 chip=loihi1 precision=0 seed=1 sleep_batch=128 sleep_every=128
 * </pre>
 * {@code chip=loihi1-wide} is loihi1 with a 16-bit signed weight field (no preset has one), for the 16-bit study.
 */
public final class BioGradFashionRun
{
    private BioGradFashionRun()
    {
    }

    /**
     * @param args key=value pairs (see the class comment).
     * @throws Exception on a loading error.
     */
    public static void main(final String[] args) throws Exception
    {
        final java.util.Map<String, String> a = new java.util.HashMap<>();
        for (final String s : args)
        {
            final int eq = s.indexOf('=');
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        final boolean loihi = "biograd-loihi".equals(a.getOrDefault("method", "biograd"));
        final BioGradParams d = BioGradParams.paperDefaults(loihi);
        final BioGradParams p = new BioGradParams(loihi, i(a, "steps", d.steps()), i(a, "t_error", d.tError()),
            loihi ? 1.0 : r(a, "dv", d.dv()), r(a, "vth", d.vth()), r(a, "window", d.window()),
            r(a, "amplification", d.amplification()), r(a, "eta", d.eta()), r(a, "error_threshold",
            d.errorThreshold()), !loihi && Boolean.parseBoolean(a.getOrDefault("sleep", "true")),
            !"rand".equals(a.getOrDefault("init", "fwd")), r(a, "sleep_lr", d.sleepLr()),
            i(a, "sleep_every", d.sleepEvery()), i(a, "sleep_cycles", d.sleepCycles()),
            i(a, "sleep_steps", d.sleepSteps()), i(a, "sleep_batch", d.sleepBatch()), r(a, "sleep_rate",
            d.sleepRate()), r(a, "apical_threshold", d.apicalThreshold()), i(a, "precision", 0),
            "stochastic".equals(a.get("rounding")));
        final String[] hs = a.getOrDefault("hidden", "500,100").split(",");
        final int[] sizes = new int[hs.length + 2];
        sizes[0] = 784;
        for (int l = 0; l < hs.length; l++)
        {
            sizes[l + 1] = Integer.parseInt(hs[l]);
        }
        sizes[sizes.length - 1] = 10;
        final int train = i(a, "train", 3000);
        final int test = i(a, "test", 1000);
        final int epochs = i(a, "epochs", 2);
        final LabeledImages tr = FashionMnist.loadBundled(FashionMnist.Split.TRAIN, OptionalInt.of(train)).images();
        final LabeledImages te = FashionMnist.loadBundled(FashionMnist.Split.TEST, OptionalInt.of(test)).images();
        final long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        final double[] x = new double[784];
        final long t0 = System.nanoTime();
        final org.nmsim.chip.preset.ChipSpec spec = "loihi1-wide".equals(a.get("chip")) ?
            TestChips.loihiWithCompartments(1024) : Presets.byName(a.getOrDefault("chip", "loihi1"));
        final org.nmsim.learning.StorageFormats formats = new org.nmsim.learning.StorageFormats(i(a, "weight_bits", 8),
            16, 16, i(a, "feedback_bits", 8));
        try (BioGradChip chip = BioGradChip.builder(sizes).params(p).chip(spec).formats(formats).seed(seed)
            .workers(i(a, "workers", 1)).build())
        {
            System.out.println("cores=" + chip.coreNames().size() + " " + chip.describe());
            System.out.println("angles at init " + java.util.Arrays.toString(chip.alignmentAngles()));
            double trainEnergy = 0.0;
            long trainSteps = 0;
            for (int e = 1; e <= epochs; e++)
            {
                final EnergyTable table = EnergyTable.forChip(chip.chip());
                final double before = chip.energy(table).dynamicJoules();
                final long stepsBefore = chip.simulation().currentStep();
                int correct = 0;
                double lossSum = 0.0;
                for (int s = 0; s < tr.count(); s++)
                {
                    correct += chip.trainSample(tr.intensities(s, x), tr.label(s)) == tr.label(s) ? 1 : 0;
                    lossSum += chip.lastSampleLoss();
                }
                chip.endEpoch(e);
                final EnergyReport rep = chip.energy(table);
                trainEnergy = rep.dynamicJoules() - before;
                trainSteps = chip.simulation().currentStep() - stepsBefore;
                int tc = 0;
                for (int s = 0; s < te.count(); s++)
                {
                    tc += chip.predict(te.intensities(s, x)) == te.label(s) ? 1 : 0;
                }
                System.out.printf("epoch %d train-acc %.4f loss %.4f test-acc %.4f angles %s energy/train-sample " +
                    "%.4g mJ (dynamic, incl. sleep) kernel-steps/sample %.1f elapsed %.0f s%n", e,
                    (double)correct / tr.count(), lossSum / tr.count(), (double)tc / te.count(),
                    java.util.Arrays.toString(chip.alignmentAngles()), trainEnergy / tr.count() * 1e3,
                    (double)trainSteps / tr.count(), (System.nanoTime() - t0) / 1e9);
            }
            final EnergyReport rep = chip.energy(EnergyTable.forChip(chip.chip()));
            System.out.println("energy by op over the whole run (train+test+sleep):");
            for (final EnergyReport.Line l : rep.lines())
            {
                if (l.count() > 0)
                {
                    System.out.printf("  %-28s %14d  %.4g J%n", l.op().counterName(), l.count(), l.joules());
                }
            }
            System.out.println("static power " + rep.staticPowerWatts() + " chips " + rep.chips());
            System.out.println("synops binary=" + chip.count(OpKind.SYNOP_BINARY) + " messages=" + chip.messages());
        }
    }

    private static int i(final java.util.Map<String, String> a, final String k, final int d)
    {
        return a.containsKey(k) ? Integer.parseInt(a.get(k)) : d;
    }

    private static double r(final java.util.Map<String, String> a, final String k, final double d)
    {
        return a.containsKey(k) ? Double.parseDouble(a.get(k)) : d;
    }
}
