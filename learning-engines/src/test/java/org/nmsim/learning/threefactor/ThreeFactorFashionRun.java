package org.nmsim.learning.threefactor;

import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;

import org.nmsim.chip.energy.EnergyReport;
import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.preset.Presets;
import org.nmsim.datasets.FashionMnist;
import org.nmsim.datasets.LabeledImages;
import org.nmsim.learning.MessageTally;
import org.nmsim.learning.StorageFormats;

/**
 * Experiment driver (not a unit test): trains a {@link ThreeFactorChip} on the bundled Fashion-MNIST subset and
 * prints test accuracy per epoch, energy per training sample, op counts and memory. Arguments as {@code key=value}:
 * {@code method=eprop|dcll chip=loihi1 fixed=false sizes=784,100,10 epochs=2 train=3000 test=1000 eta=... steps=...
 * seed=1 workers=1} plus any {@link ThreeFactorParams} field by its record name.
 */
public final class ThreeFactorFashionRun
{
    private ThreeFactorFashionRun()
    {
    }

    /**
     * @param args key=value pairs.
     * @throws Exception on data errors.
     */
    public static void main(final String[] args) throws Exception
    {
        final java.util.Map<String, String> a = new java.util.HashMap<>();
        for (final String s : args)
        {
            final int eq = s.indexOf('=');
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        final ThreeFactorMethod method = ThreeFactorMethod.byConfigName(a.getOrDefault("method", "eprop"));
        final ThreeFactorParams d = ThreeFactorParams.defaults(method);
        final ThreeFactorParams p = new ThreeFactorParams(method,
            Integer.parseInt(a.getOrDefault("steps", "" + d.steps())),
            Double.parseDouble(a.getOrDefault("tauSyn", "" + d.tauSyn())),
            Double.parseDouble(a.getOrDefault("tauMem", "" + d.tauMem())),
            Double.parseDouble(a.getOrDefault("tauError", "" + d.tauError())),
            Double.parseDouble(a.getOrDefault("vth", "" + d.vth())),
            Double.parseDouble(a.getOrDefault("surrogateBeta", "" + d.surrogateBeta())),
            Double.parseDouble(a.getOrDefault("targetRate", "" + d.targetRate())),
            Double.parseDouble(a.getOrDefault("localTarget", "" + d.localTarget())),
            Double.parseDouble(a.getOrDefault("eta", "" + d.eta())),
            Double.parseDouble(a.getOrDefault("inputRate", "" + d.inputRate())),
            Double.parseDouble(a.getOrDefault("initScale", "" + d.initScale())),
            Integer.parseInt(a.getOrDefault("eligibilityBits", "" + d.eligibilityBits())),
            Integer.parseInt(a.getOrDefault("burstWindow", "" + d.burstWindow())),
            Double.parseDouble(a.getOrDefault("burstScale", "" + d.burstScale())));
        final int[] sizes = Arrays.stream(a.getOrDefault("sizes", "784,100,10").split(","))
            .mapToInt(Integer::parseInt).toArray();
        final int epochs = Integer.parseInt(a.getOrDefault("epochs", "2"));
        final int nTrain = Integer.parseInt(a.getOrDefault("train", "3000"));
        final int nTest = Integer.parseInt(a.getOrDefault("test", "1000"));
        final boolean fixed = Boolean.parseBoolean(a.getOrDefault("fixed", "false"));
        final String chipName = a.getOrDefault("chip", "loihi1");
        final StorageFormats formats = new StorageFormats(Integer.parseInt(a.getOrDefault("weightBits", "8")),
            Integer.parseInt(a.getOrDefault("gradientBits", "16")), Integer.parseInt(a.getOrDefault("traceBits", "16")),
            Integer.parseInt(a.getOrDefault("feedbackBits", "8")));
        final LabeledImages train = FashionMnist.loadBundled(FashionMnist.Split.TRAIN, OptionalInt.of(nTrain)).images();
        final LabeledImages test = FashionMnist.loadBundled(FashionMnist.Split.TEST, OptionalInt.of(nTest)).images();
        System.out.println("params " + p + " sizes " + Arrays.toString(sizes) + " chip " + chipName + " fixed " +
            fixed + " formats " + formats);
        try (ThreeFactorChip c = ThreeFactorChip.builder(sizes).params(p).chip(Presets.byName(chipName))
            .formats(formats).fixedPoint(fixed).seed(Long.parseLong(a.getOrDefault("seed", "1")))
            .workers(Integer.parseInt(a.getOrDefault("workers", "1"))).build())
        {
            System.out.println("cores " + c.coreNames() + " " + c.describe());
            for (final MemoryKind k : MemoryKind.values())
            {
                if (c.memoryBits(k) > 0)
                {
                    System.out.println("memory " + k + " " + c.memoryBits(k) + " bits");
                }
            }
            final double[] x = new double[sizes[0]];
            final EnergyTable table = EnergyTable.forChip(Presets.byName(chipName));
            double trainJoules = 0;
            long trainSamples = 0;
            final long[] opsTrain = new long[OpKind.values().length];
            for (int ep = 1; ep <= epochs; ep++)
            {
                final long t0 = System.nanoTime();
                final EnergyReport before = c.energy(table);
                final long[] opsBefore = ops(c);
                int hits = 0;
                double loss = 0;
                for (int k = 0; k < train.count(); k++)
                {
                    hits += c.trainSample(train.intensities(k, x), train.label(k)) == train.label(k) ? 1 : 0;
                    loss += c.lastSampleLoss();
                    if ((k + 1) % 500 == 0)
                    {
                        System.out.printf(Locale.ROOT, "  epoch %d sample %d running train acc %.3f loss %.4f%n", ep,
                            k + 1, hits / (double)(k + 1), loss / (k + 1));
                    }
                }
                final EnergyReport after = c.energy(table);
                trainJoules += after.dynamicJoules() - before.dynamicJoules();
                trainSamples += train.count();
                final long[] opsAfter = ops(c);
                for (int o = 0; o < opsTrain.length; o++)
                {
                    opsTrain[o] += opsAfter[o] - opsBefore[o];
                }
                int correct = 0;
                for (int k = 0; k < test.count(); k++)
                {
                    final long[] before2 = perCoreSpikes(c);
                    final int pred = c.predict(test.intensities(k, x));
                    final long[] after2 = perCoreSpikes(c);
                    for (int q = 0; q < after2.length; q++)
                    {
                        after2[q] -= before2[q];
                    }
                    correct += pred == test.label(k) ? 1 : 0;
                    if (k < Integer.parseInt(a.getOrDefault("debug", "0")))
                    {
                        System.out.println("  test " + k + " label " + test.label(k) + " pred " + pred + " counts " +
                            Arrays.toString(c.lastSpikeCounts()) + " spikes/core " +
                            Arrays.toString(after2));
                    }
                }
                System.out.printf(Locale.ROOT, "epoch %d train acc %.4f test acc %.4f (%d/%d) time %.1f s%n", ep,
                    hits / (double)train.count(), correct / (double)test.count(), correct, test.count(),
                    (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf(Locale.ROOT, "energy per training sample (dynamic, %s table): %.4g uJ%n", chipName,
                trainJoules / trainSamples * 1e6);
            for (final OpKind op : OpKind.values())
            {
                if (opsTrain[op.ordinal()] != 0)
                {
                    System.out.printf(Locale.ROOT, "  ops/train sample %-28s %,.0f%n", op.counterName(),
                        opsTrain[op.ordinal()] / (double)trainSamples);
                }
            }
            System.out.printf(Locale.ROOT, "  eligibility updates total %,d%n", c.eligibilityUpdates());
            for (int l = 0; l < sizes.length - 1; l++)
            {
                final double[] wl = c.weights(l);
                final double[] abs = Arrays.stream(wl).map(Math::abs).sorted().toArray();
                System.out.printf(Locale.ROOT, "  |W%d| max %.4g p99 %.4g median %.4g (initial bound %.4g)%n", l,
                    abs[abs.length - 1], abs[(int)(0.99 * (abs.length - 1))], abs[abs.length / 2],
                    p.initScale() / Math.sqrt(sizes[l]));
            }
            for (final MessageTally m : c.messages())
            {
                System.out.println("  messages " + m);
            }
        }
    }

    private static long[] perCoreSpikes(final ThreeFactorChip c)
    {
        final int id = c.simulation().counterId("msg.spike");
        final long[] o = new long[c.simulation().coreCount()];
        for (int q = 0; q < o.length; q++)
        {
            o[q] = c.simulation().counter(q, id);
        }
        return o;
    }

    private static long[] ops(final ThreeFactorChip c)
    {
        final long[] o = new long[OpKind.values().length];
        for (final OpKind op : OpKind.values())
        {
            o[op.ordinal()] = c.count(op);
        }
        return o;
    }
}
