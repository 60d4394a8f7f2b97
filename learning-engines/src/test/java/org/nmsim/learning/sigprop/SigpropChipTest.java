package org.nmsim.learning.sigprop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.UserChips;
import org.nmsim.kernel.SplitMix64;

/** On-chip sigprop against its dense non-local float64 reference, and across worker counts. */
@Timeout(60)
class SigpropChipTest
{
    static final int[] SIZES = {12, 8, 6, 3};
    static final long SEED = 7;

    /** SpiNNaker 2 (exp and divide: exact functions) with 8 compartments per core, so every layer spans cores. */
    static ChipSpec smallCoreChip()
    {
        return UserChips.fromMap(Map.of("base", "spinnaker2", "name", "tiny-cores", "compartments_per_core", 8));
    }

    static double[][] inputs(final int count, final int size, final long seed)
    {
        final SplitMix64 r = new SplitMix64(seed);
        final double[][] xs = new double[count][size];
        for (final double[] x : xs)
        {
            for (int i = 0; i < size; i++)
            {
                x[i] = r.nextDouble() < 0.3 ? 0.0 : r.nextDouble();
            }
        }
        return xs;
    }

    static double[] uniform(final SplitMix64 r, final int count, final double bound)
    {
        final double[] a = new double[count];
        for (int i = 0; i < count; i++)
        {
            a[i] = (r.nextDouble() * 2.0 - 1.0) * bound;
        }
        return a;
    }

    @ParameterizedTest(name = "{0} targetSize={1} loop={2} loopEta={3}")
    @CsvSource({"SURROGATE, 0, false, 0", "SURROGATE, 5, false, 0", "VOLTAGE, 0, false, 0", "VOLTAGE, 3, false, 0",
        "SHALLOW, 0, false, 0", "SURROGATE, 5, true, 0", "VOLTAGE, 0, true, 0", "SURROGATE, 0, true, 0.5",
        "VOLTAGE, 5, true, 0.3"})
    void shouldMatchTheDenseFloat64ReferenceToOneInABillion(final SigpropVariant variant, final int targetSize,
        final boolean loop, final double loopEta)
    {
        final int n = SIZES.length - 1;
        final int m = SIZES[n];
        final SplitMix64 r = new SplitMix64(SEED);
        final double[][] w = new double[n][];
        final double[][] b = new double[n][];
        for (int l = 0; l < n; l++)
        {
            // a larger bound than PyTorch's so that the tiny layers spike in every channel
            w[l] = uniform(r, SIZES[l] * SIZES[l + 1], 2.0 / Math.sqrt(SIZES[l]));
            b[l] = uniform(r, SIZES[l + 1], 0.1);
        }
        final double[] s = uniform(r, SIZES[1] * m, 1.0);
        final double[] d = uniform(r, SIZES[1], 0.1);
        final double eta = variant == SigpropVariant.VOLTAGE ? 0.01 : 0.05;
        final SigpropHyper hyper = new SigpropHyper(variant, 4, variant == SigpropVariant.SHALLOW ? 1.0 : 0.5, eta,
            0.1, targetSize, true, false, loop);
        final DenseSigpropReference ref = new DenseSigpropReference(SIZES, hyper, w, b, s, d).withLoopEta(loopEta);
        // eq. 11 on the same samples: eq. 12's error integration must change what S learns
        final DenseSigpropReference plainLoop = new DenseSigpropReference(SIZES, hyper, w, b, s, d);
        final double[][] xs = inputs(6, SIZES[0], 3);
        try (SigpropChip chip = SigpropChip.builder(SIZES).hyper(hyper).chip(smallCoreChip()).seed(SEED)
            .initialWeights(w, b, s, d).loopEta(loopEta).build())
        {
            assertTrue(chip.coreNames().size() >= (variant == SigpropVariant.SHALLOW ? 6 : 10),
                "the net must span several cores: " + chip.coreNames());
            for (int k = 0; k < xs.length; k++)
            {
                final int label = k % m;
                final int pc = chip.trainSample(xs[k], label);
                final int pr = ref.trainSample(xs[k], label);
                plainLoop.trainSample(xs[k], label);
                assertEquals(pr, pc, "prediction of sample " + k);
                assertArrayEquals(ref.earlyExits(), chip.earlyExits(), "early exits of sample " + k);
            }
            for (int l = 0; l < n; l++)
            {
                assertArrayEquals(ref.weights(l), chip.weights(l), 1e-9, variant + ": W" + l);
                assertArrayEquals(ref.biases(l), chip.biases(l), 1e-9, variant + ": b" + (l + 1));
                if (variant != SigpropVariant.SHALLOW && l < n - 1)
                {
                    assertTrue(maxDiff(w[l], chip.weights(l)) > 1e-4, variant + ": W" + l + " must have learned");
                }
            }
            if (variant != SigpropVariant.SHALLOW)
            {
                assertArrayEquals(ref.targetWeights(), chip.targetWeights(), 1e-9, variant + ": S");
                assertArrayEquals(ref.targetBiases(), chip.targetBiases(), 1e-9, variant + ": d");
                assertTrue(ref.targetSpikes()[1] > 0 && ref.targetSpikes()[2] > 0, "targets must spike in every layer");
            }
            if (loopEta > 0.0)
            {
                assertTrue(maxDiff(plainLoop.targetWeights(), chip.targetWeights()) > 1e-6,
                    "eq. 12's loop values must change S's learning against eq. 11's");
            }
            assertEquals(0L, chip.memoryBits(MemoryKind.FEEDBACK), "sigprop has no feedback memory");
            assertEquals(loop ? 2L * m * (4 - 1) * xs.length : 0L, chip.counter(Traffic.LOOP.countCounter()),
                "loop messages: m from the readout and m into S per step but the last (first)");
        }
    }

    private static double maxDiff(final double[] a, final double[] b)
    {
        double max = 0.0;
        for (int i = 0; i < a.length; i++)
        {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    static double[] trainAndSnapshot(final SigpropVariant variant, final boolean fixed, final boolean loop,
        final int workers)
    {
        final double[][] xs = inputs(5, SIZES[0], 9);
        final SigpropHyper hyper = new SigpropHyper(variant, 4, 0.5, 0.05, 0.1, 0, true, false, loop);
        try (SigpropChip chip = SigpropChip.builder(SIZES).hyper(hyper).chip(smallCoreChip()).seed(SEED)
            .fixedPoint(fixed).workers(workers).build())
        {
            for (int k = 0; k < xs.length; k++)
            {
                chip.trainSample(xs[k], k % 3);
            }
            final int n = SIZES.length - 1;
            final java.util.List<Double> all = new java.util.ArrayList<>();
            for (int l = 0; l < n; l++)
            {
                for (final double x : chip.weights(l))
                {
                    all.add(x);
                }
                for (final double x : chip.biases(l))
                {
                    all.add(x);
                }
            }
            for (final double x : chip.targetWeights())
            {
                all.add(x);
            }
            for (final OpKind op : OpKind.values())
            {
                all.add((double)chip.counts().count(op));
            }
            for (final Traffic t : Traffic.values())
            {
                all.add((double)chip.counter(t.countCounter()));
                all.add((double)chip.counter(t.hopsCounter()));
            }
            return all.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    @org.junit.jupiter.api.Test
    void shouldMakeEarlyExitPredictionsAtInferenceOnlyWhenAskedAndNeverLearnThere()
    {
        final double[] x = inputs(1, SIZES[0], 4)[0];
        for (final boolean exitEval : new boolean[] {false, true})
        {
            final SigpropHyper hyper = new SigpropHyper(SigpropVariant.SURROGATE, 4, 0.5, 0.05, 0.1, 0, true,
                exitEval);
            try (SigpropChip chip = SigpropChip.builder(SIZES).hyper(hyper).chip(smallCoreChip()).build())
            {
                final double[] before = chip.weights(0);
                chip.predict(x);
                assertArrayEquals(before, chip.weights(0), "inference must not learn");
                assertEquals(0L, chip.counter(Traffic.LABEL.countCounter()), "no label at inference");
                final int[] exits = chip.earlyExits();
                assertEquals(exitEval, exits[0] >= 0 && exits[1] >= 0, "early exits " + java.util.Arrays.toString(
                    exits) + " with exitEval=" + exitEval);
                assertEquals(exitEval, chip.counter(Traffic.TARGET.countCounter()) > 0, "targets forwarded only " +
                    "for early exits");
                // partial logits travel, errors do not: one message per class and layer core per step
                assertEquals(exitEval ? 4L * 3 * (4 + 3) : 0L, chip.counter(Traffic.LOSS.countCounter()));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void shouldContinueBitIdenticallyFromACheckpoint() throws java.io.IOException
    {
        final double[][] xs = inputs(4, SIZES[0], 9);
        final SigpropHyper hyper = new SigpropHyper(SigpropVariant.SURROGATE, 4, 0.5, 0.05, 0.1, 5, true, false);
        try (SigpropChip a = SigpropChip.builder(SIZES).hyper(hyper).chip(smallCoreChip()).fixedPoint(true).build();
            SigpropChip b = SigpropChip.builder(SIZES).hyper(hyper).chip(smallCoreChip()).fixedPoint(true).seed(99)
                .build())
        {
            a.trainSample(xs[0], 0);
            a.trainSample(xs[1], 1);
            final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            a.writeCheckpoint(new java.io.DataOutputStream(bytes));
            // b was built from another seed: the checkpoint must carry every weight and random stream
            b.readCheckpoint(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
            for (int k = 2; k < 4; k++)
            {
                assertEquals(a.trainSample(xs[k], k % 3), b.trainSample(xs[k], k % 3));
            }
            for (int l = 0; l < SIZES.length - 1; l++)
            {
                assertArrayEquals(a.weights(l), b.weights(l), "W" + l + " after the restore");
            }
            assertArrayEquals(a.targetWeights(), b.targetWeights(), "S after the restore");
            assertEquals(a.counts().count(OpKind.SYNAPTIC_UPDATE), b.counts().count(OpKind.SYNAPTIC_UPDATE));
        }
    }

    @ParameterizedTest(name = "{0} fixed={1} loop={2}")
    @CsvSource({"SURROGATE, false, false", "SURROGATE, true, false", "VOLTAGE, true, false", "SHALLOW, true, false",
        "SURROGATE, true, true"})
    void shouldTrainBitIdenticallyOnOneAndThreeWorkers(final SigpropVariant variant, final boolean fixed,
        final boolean loop)
    {
        final double[] one = trainAndSnapshot(variant, fixed, loop, 1);
        assertArrayEquals(one, trainAndSnapshot(variant, fixed, loop, 3), variant + " fixed=" + fixed + " loop=" +
            loop + ": 1 vs 3 workers");
    }
}
