package org.nmsim.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nmsim.chip.energy.EnergyReport;
import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.energy.OpCounts;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.Presets;
import org.nmsim.chip.preset.UserChips;
import org.nmsim.kernel.SplitMix64;

/** The on-chip MLP: determinism, locality, partitioning and operation counts. */
@Timeout(120)
class MlpChipTest
{
    private static double[][] randomInputs(final int count, final int size, final long seed)
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

    /** Everything a run leaves behind: all weights and biases, and every counter, flattened. */
    private static double[] trainAndSnapshot(final LearningMethod method, final int workers)
    {
        return trainAndSnapshot(method, workers, false);
    }

    private static double[] trainAndSnapshot(final LearningMethod method, final int workers, final boolean fixed)
    {
        final int[] sizes = {40, 24, 16, 5};
        final double[][] xs = randomInputs(6, 40, 5);
        try (MlpChip chip = MlpChip.builder(sizes).hyper(OnlineHyper.paperDefaults(method, 4, 0.05))
            .chip(smallCoreChip()).workers(workers).seed(11).fixedPoint(fixed).build())
        {
            assertTrue(chip.coreNames().size() >= 8, "the net must span several cores: " + chip.coreNames());
            for (int i = 0; i < xs.length; i++)
            {
                chip.trainSample(xs[i], i % 5);
            }
            final double[] w0 = chip.weights(0);
            final double[] w1 = chip.weights(1);
            final double[] w2 = chip.weights(2);
            final double[] b1 = chip.biases(1);
            final OpCounts counts = chip.counts();
            final double[] all = new double[w0.length + w1.length + w2.length + b1.length + OpKind.values().length];
            int p = 0;
            for (final double[] a : new double[][] {w0, w1, w2, b1})
            {
                System.arraycopy(a, 0, all, p, a.length);
                p += a.length;
            }
            for (final OpKind op : OpKind.values())
            {
                all[p++] = counts.count(op);
            }
            return all;
        }
    }

    /** A spinnaker2 whose cores hold at most 8 neurons, so a small net spreads over many cores and workers. */
    private static ChipSpec smallCoreChip()
    {
        return UserChips.fromMap(Map.of("base", "spinnaker2", "name", "tiny-cores", "compartments_per_core", 8));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LearningMethod.class)
    void shouldTrainBitIdenticallyOnOneTwoAndFourWorkers(final LearningMethod method)
    {
        final double[] one = trainAndSnapshot(method, 1);
        assertArrayEquals(one, trainAndSnapshot(method, 2), method + ": 1 vs 2 workers");
        assertArrayEquals(one, trainAndSnapshot(method, 4), method + ": 1 vs 4 workers");
    }

    /**
     * Input cores that repeat steps 2..T without sending (layer 1 reconstructs them from step 1) against the same
     * chip sending every step: the same predictions, op counts, message tallies, probe records and checkpoint
     * (weights, biases, gradients, feedback, every core's stream, sequence numbers and kernel counters), bit for bit.
     */
    @ParameterizedTest(name = "{0}, fixed point {1}, {2} workers")
    @CsvSource({"FGT, false, 1", "FGT, true, 2", "DFA, false, 3", "BP, true, 1", "FGT_S, false, 2",
        "FGT_WO_M, true, 1"})
    void shouldRepeatInputWithTheOutcomeOfSendingIt(final LearningMethod method, final boolean fixed,
        final int workers) throws Exception
    {
        final List<String> sent = repeatOutcome(method, fixed, workers, false);
        final List<String> repeated = repeatOutcome(method, fixed, workers, true);
        assertEquals(sent.size(), repeated.size());
        for (int x = 0; x < sent.size(); x++)
        {
            assertEquals(sent.get(x), repeated.get(x), "item " + x);
        }
    }

    /** Predictions, op counts, message tallies, probe records and the checkpoint's bytes, as text. */
    private static List<String> repeatOutcome(final LearningMethod method, final boolean fixed, final int workers,
        final boolean repeat) throws Exception
    {
        final double[][] xs = randomInputs(8, 40, 21);
        final List<String> out = new java.util.ArrayList<>();
        final ProbeSink record = (time, neuron, value) -> out.add("probe " + time + " " + neuron + " " +
            Double.doubleToRawLongBits(value));
        try (MlpChip chip = MlpChip.builder(40, 24, 16, 5).hyper(OnlineHyper.paperDefaults(method, 4, 0.05))
            .chip(smallCoreChip()).workers(workers).seed(5).fixedPoint(fixed).repeatInput(repeat)
            .probe(new ProbeSpec("input", ProbeSpec.Variable.SPIKES, null, 1, null), record)
            .probe(new ProbeSpec("h1", ProbeSpec.Variable.U, null, 1, null), record)
            .probe(new ProbeSpec("h1", ProbeSpec.Variable.TRACE, null, 1, null), record)
            .build())
        {
            for (int i = 0; i < 6; i++)
            {
                out.add("train " + chip.trainSample(xs[i], i % 5));
            }
            out.add("predict " + chip.predict(xs[6]) + " " + chip.predict(xs[7]));
            for (final OpKind op : OpKind.values())
            {
                out.add(op + " " + chip.count(op));
            }
            out.add("messages " + chip.messages());
            final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            chip.writeCheckpoint(new java.io.DataOutputStream(bytes));
            out.add("checkpoint " + java.util.HexFormat.of().formatHex(bytes.toByteArray()));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = LearningMethod.class, names = {"DFA", "FGT"})
    void shouldTrainFixedPointBitIdenticallyOnOneAndThreeWorkers(final LearningMethod method)
    {
        // stochastic rounding draws from each core's own stream, so the worker count must not matter either
        assertArrayEquals(trainAndSnapshot(method, 1, true), trainAndSnapshot(method, 3, true));
    }

    @Test
    void shouldDeriveFixedPointFormatsFromTheDeclaredWidths()
    {
        // W^l: 8 bits with the binary point leaving room for 4 / sqrt(n_l): 784 -> 0.143, 400 -> 0.2; both need
        // ceil(log2) = -2 integer bits, so all 8 bits are fractional (capped at the word): [-0.5, 0.496], 1/256.
        // State: 24 bits (Loihi's u, v) with 8 integer bits; traces 16 bits s3.12; payload 32 bits s3.28.
        final ChipNumerics num = ChipNumerics.fixedPoint(new int[] {784, 400, 400, 10}, StorageFormats.defaults(), 32);
        assertEquals("weights W0 s-1.8 NEAREST_EVEN SATURATE, W1 s-1.8 NEAREST_EVEN SATURATE, W2 s-1.8 NEAREST_EVEN " +
            "SATURATE; state s8.15 NEAREST_EVEN SATURATE; trace s3.12 NEAREST_EVEN SATURATE; gradient s3.12 " +
            "STOCHASTIC SATURATE; feedback s3.12 STOCHASTIC SATURATE; payload s3.28 NEAREST_EVEN SATURATE",
            num.describe());
        assertTrue(ChipNumerics.ideal(3).isIdeal());
        assertTrue(!num.isIdeal());
    }

    @Test
    void shouldKeepFixedPointWeightsOnTheirEightBitGrid()
    {
        final double[][] xs = randomInputs(5, 40, 9);
        try (MlpChip chip = MlpChip.builder(40, 24, 16, 5).hyper(OnlineHyper.paperDefaults(LearningMethod.FGT, 4, 0.5))
            .chip(smallCoreChip()).seed(2).fixedPoint(true).build())
        {
            for (int i = 0; i < xs.length; i++)
            {
                chip.trainSample(xs[i], i % 5);
            }
            int changed = 0;
            for (int l = 0; l < 3; l++)
            {
                for (final double w : chip.weights(l))
                {
                    final double raw = w * 256.0;
                    assertEquals(Math.rint(raw), raw, "weight " + w + " of W" + l + " is not a multiple of 1/256");
                    assertTrue(raw >= -128 && raw <= 127, "weight " + w + " of W" + l + " is outside s-1.8");
                    changed += raw != 0 ? 1 : 0;
                }
            }
            assertTrue(changed > 100, "most weights are nonzero: " + changed);
            assertEquals(0, chip.count(OpKind.FP_MULTIPLY) + chip.count(OpKind.FP_ADD), "fixed point counts integer ops");
            assertTrue(chip.count(OpKind.INT_MULTIPLY) > 0);
        }
    }

    @Test
    void shouldGiveCoresNoReferenceToAnythingButTheirOwnState()
    {
        // Locality by construction: a core holds only primitives and primitive arrays (its own memory), plus ten
        // value objects that lead nowhere (hyperparameters, the phase schedule, its port costs, its queue of messages
        // on consecutive ports, the draw seam, the immutable number formats and a format's immutable stochastic
        // rounding, the immutable function tables, the counter ids), and the write-only ProbeSink interface of the
        // probe buffers it was handed. No field can reach another core, the simulation or the host object.
        final List<Class<?>> values = List.of(OnlineHyper.class, Schedule.class, PortCosts.class, PortRun.class,
            Perturbations.class, ChipNumerics.class, StochasticRounding.class, EngineMath.class, Counters.class,
            ProbeSink.class);
        for (final Class<?> core : List.of(InputCore.class, HiddenCore.class, ReadoutCore.class))
        {
            for (final Field f : core.getDeclaredFields())
            {
                if (Modifier.isStatic(f.getModifiers()))
                {
                    continue;
                }
                Class<?> t = f.getType();
                while (t.isArray())
                {
                    t = t.getComponentType();
                }
                assertTrue(t.isPrimitive() || values.contains(t), core.getSimpleName() + "." + f.getName() +
                    " has type " + f.getType().getName() + ", which could reach beyond the core");
            }
        }
        for (final Class<?> value : List.of(Schedule.class, PortCosts.class, PortRun.class))
        {
            for (final Field f : value.getDeclaredFields())
            {
                Class<?> t = f.getType();
                while (t.isArray())
                {
                    t = t.getComponentType();
                }
                assertTrue(t.isPrimitive(), value.getSimpleName() + "." + f.getName() + " is not primitive");
            }
        }
    }

    @Test
    void shouldPartitionTheFashionMnistNetOnSpinnaker2AsComputedByHand()
    {
        // spinnaker2: 256 compartments and 1,048,576 bits per core; formats 8-bit weights, 16-bit gradients,
        // traces and feedback.
        // input: 784 / 256 -> 4 cores of 196.
        // h1: per neuron 784 x (8 + 16) + 10 x 16 = 18,976 bits; traces 784 x 16 = 12,544;
        //     (1,048,576 - 12,544) / 18,976 = 54.6 -> 54 per core -> ceil(400 / 54) = 8 cores of 50.
        // h2: per neuron 400 x 24 + 160 = 9,760; traces 6,400; (1,048,576 - 6,400) / 9,760 = 106.8 -> 4 cores of 100.
        // readout: 6,400 + 10 x 400 x 24 = 102,400 bits: one core.
        try (MlpChip chip = MlpChip.builder(784, 400, 400, 10)
            .hyper(OnlineHyper.paperDefaults(LearningMethod.DFA, 6, 0.01)).chip(Presets.spinnaker2()).build())
        {
            final List<String> names = chip.coreNames();
            assertEquals(17, names.size(), names.toString());
            assertEquals(List.of("input[0:196)", "input[196:392)", "input[392:588)", "input[588:784)"),
                names.subList(0, 4));
            assertEquals("h1[0:50)", names.get(4));
            assertEquals("h1[350:400)", names.get(11));
            assertEquals("h2[0:100)", names.get(12));
            assertEquals("readout[0:10)", names.get(16));
            final Map<MemoryKind, Long> h1 = chip.memory().get("h1[0:50)");
            assertEquals(784L * 50 * 8, h1.get(MemoryKind.WEIGHTS));
            assertEquals(784L * 50 * 16, h1.get(MemoryKind.LEARNING_STATE));
            assertEquals(784L * 16, h1.get(MemoryKind.TRACES));
            assertEquals(50L * 10 * 16, h1.get(MemoryKind.FEEDBACK));
            assertEquals(1, chip.chips());
        }
    }

    @Test
    void shouldRefuseALayerThatCannotFitAndSayWhy()
    {
        final ChipSpec small = UserChips.fromMap(Map.of("base", "spinnaker2", "name", "small-mem",
            "synaptic_memory_bits_per_core", 10_000L));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MlpChip.builder(784, 400,
            10).hyper(OnlineHyper.paperDefaults(LearningMethod.DFA, 6, 0.01)).chip(small).build());
        assertEquals("layer h1 does not fit chip small-mem: one neuron needs 31520 bits of synaptic memory " +
            "(784 inputs x (8 weight + 16 gradient bits) + 10 x 16 feedback bits + 784 x 16 trace bits) and 1 " +
            "compartments; the core has 10000 bits and 256 compartments (use fewer bits per weight or gradient, or " +
            "a chip with more memory per core)", e.getMessage());
    }

    @Test
    void shouldRefuseCoresBeyondTheChipsFanInAndFanOut()
    {
        // FGT at layer 2 of 40-24-16-5: 24 presynaptic neurons x 2 channels + 5 errors + 5 z^N = 58 input axons
        final ChipSpec narrowIn = UserChips.fromMap(Map.of("base", "spinnaker2", "name", "narrow-in",
            "fan_in_per_core", 57));
        final IllegalArgumentException in = assertThrows(IllegalArgumentException.class, () -> MlpChip.builder(40, 24,
            16, 5).hyper(OnlineHyper.paperDefaults(LearningMethod.FGT, 2, 0.1)).chip(narrowIn).build());
        assertEquals("layer h2 does not fit chip narrow-in: each core needs fanIn=58 input axons (24 presynaptic " +
            "neurons x 2 channels (spikes and FGT signals) plus errors) but the core accepts fanInPerCore=57 (split " +
            "the presynaptic layer or use a chip with a larger fan-in)", in.getMessage());
        // 8 neurons per core: h1 (24) is 3 cores, so each input core sends to 3 cores (+1 for the label core)
        final ChipSpec narrowOut = UserChips.fromMap(Map.of("base", "spinnaker2", "name", "narrow-out",
            "compartments_per_core", 8, "fan_out_per_core", 3));
        final IllegalArgumentException out = assertThrows(IllegalArgumentException.class, () -> MlpChip.builder(40,
            24, 16, 5).hyper(OnlineHyper.paperDefaults(LearningMethod.DFA, 2, 0.1)).chip(narrowOut).build());
        assertEquals("core 0 (input[0:8)) sends to fanOut=4 cores but the chip allows fanOutPerCore=3 (chip " +
            "narrow-out)", out.getMessage());
    }

    @Test
    void shouldRefuseChipsWithoutGradedSpikesOrMultiplyAdd()
    {
        final IllegalArgumentException graded = assertThrows(IllegalArgumentException.class, () ->
            MlpChip.builder(4, 3, 2).chip(Presets.loihi1()).build());
        assertTrue(graded.getMessage().startsWith("chip loihi1: the online MLP sends graded messages"),
            graded.getMessage());
        final ChipSpec addOnly = UserChips.fromMap(Map.of("base", "loihi2", "name", "add-only", "plasticity_ops",
            List.of("add", "random")));
        final IllegalArgumentException mac = assertThrows(IllegalArgumentException.class, () ->
            MlpChip.builder(4, 3, 2).chip(addOnly).build());
        assertTrue(mac.getMessage().contains("lacks [MULTIPLY]"), mac.getMessage());
    }

    @Test
    void shouldUseMeasuredLookupTablesOnChipsWithoutExpAndTrainOnThem()
    {
        // loihi2's engine (as the preset describes it) has add, multiply, shift and random, not exp or divide
        final double[][] xs = randomInputs(12, 40, 21);
        try (MlpChip chip = MlpChip.builder(40, 24, 16, 5).hyper(OnlineHyper.paperDefaults(LearningMethod.FGT, 4, 0.05))
            .chip(Presets.loihi2()).formats(new StorageFormats(8, 16, 16, 9)).seed(4).build())
        {
            assertEquals(EngineMath.Mode.LOOKUP_TABLE, chip.engineMath().mode());
            // linear interpolation over 257 entries: error <= h^2/8 max|f''| with h = 1/16 in units of a1
            assertTrue(chip.engineMath().surrogateMaxError() > 0 && chip.engineMath().surrogateMaxError() < 1e-3,
                "surrogate table error " + chip.engineMath().surrogateMaxError());
            assertTrue(chip.engineMath().expMaxRelativeError() < 1e-3, "exp table " +
                chip.engineMath().expMaxRelativeError());
            for (int i = 0; i < xs.length; i++)
            {
                chip.trainSample(xs[i], i % 5);
            }
            assertEquals(0, chip.count(OpKind.EXP) + chip.count(OpKind.DIVIDE), "no exp or divide on this engine");
            assertTrue(chip.count(OpKind.MEMORY_READ_WORD) > 0, "table reads are counted");
            assertEquals(EngineMath.ENTRIES * EngineMath.ENTRY_BITS,
                chip.budgets().get(chip.coreNames().indexOf("h1[0:24)")).usage(MemoryKind.OTHER));
        }
        try (MlpChip exact = MlpChip.builder(40, 24, 16, 5).chip(Presets.spinnaker2()).build())
        {
            assertEquals(EngineMath.Mode.EXACT, exact.engineMath().mode());
            assertEquals(0.0, exact.engineMath().surrogateMaxError());
        }
    }

    @Test
    void shouldRefuseFeedbackWeightsWiderThanTheChipsWeightField()
    {
        // M is a synaptic matrix on the hidden cores: on Loihi it must fit the 9-bit weight field
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MlpChip.builder(40, 24,
            16, 5).hyper(OnlineHyper.paperDefaults(LearningMethod.FGT, 4, 0.05)).chip(Presets.loihi2()).build());
        assertEquals("weightBits=16 outside chip limits [minWeightBits=1, maxWeightBits=9] (chip loihi2, feedback " +
            "weights (network.feedback_bits))", e.getMessage());
    }

    @ParameterizedTest(name = "{0} batch {1}")
    @org.junit.jupiter.params.provider.CsvSource({"FGT, 1", "DFA, 1", "FGT, 2", "DFA, 4"})
    void shouldContinueBitIdenticallyFromACheckpoint(final LearningMethod method, final int batch) throws Exception
    {
        // fixed point: FGT's draws and the stochastic rounding both consume the cores' random streams; with a
        // mini-batch the checkpoint (after 3 samples) falls inside a batch, so the accumulators must travel too
        final double[][] xs = randomInputs(6, 40, 31);
        final java.util.function.IntFunction<MlpChip> chip = workers -> MlpChip.builder(40, 24, 16, 5)
            .hyper(OnlineHyper.paperDefaults(method, 3, 0.05).withBatch(batch)).chip(smallCoreChip()).seed(8)
            .workers(workers).fixedPoint(true).build();
        final double[] uninterrupted;
        try (MlpChip a = chip.apply(1))
        {
            for (int i = 0; i < 6; i++)
            {
                a.trainSample(xs[i], i % 5);
            }
            uninterrupted = snapshot(a);
        }
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (MlpChip b = chip.apply(2))
        {
            for (int i = 0; i < 3; i++)
            {
                b.trainSample(xs[i], i % 5);
            }
            b.writeCheckpoint(new java.io.DataOutputStream(bytes));
        }
        try (MlpChip c = chip.apply(3))
        {
            c.readCheckpoint(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
            for (int i = 3; i < 6; i++)
            {
                c.trainSample(xs[i], i % 5);
            }
            assertArrayEquals(uninterrupted, snapshot(c), method + ": weights, biases and every counter");
        }
        try (MlpChip other = MlpChip.builder(40, 24, 16, 5).hyper(OnlineHyper.paperDefaults(method, 4, 0.05))
            .chip(smallCoreChip()).fixedPoint(true).build())
        {
            final java.io.IOException e = assertThrows(java.io.IOException.class, () -> other.readCheckpoint(
                new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))));
            assertTrue(e.getMessage().startsWith("checkpoint of '"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = LearningMethod.class, names = {"FGT", "FGT_WO_M", "DFA"})
    void shouldDeferMiniBatchGradientsWithoutChangingABit(final LearningMethod method) throws Exception
    {
        // float64, batch 4, 9 samples (two batches and a partial one), an inference mid-batch, a checkpoint inside
        // the second batch: deferring 1 sample (a pass per sample), 3 (passes inside a batch and across its end),
        // 4 (one pass per batch, from zero gradients) and the default must give the same bits everywhere
        final double[][] xs = randomInputs(9, 40, 41);
        final java.util.function.IntFunction<MlpChip> chip = deferred -> MlpChip.builder(40, 24, 16, 5)
            .hyper(OnlineHyper.paperDefaults(method, 3, 0.05).withBatch(4)).chip(smallCoreChip()).seed(8)
            .deferredSamples(deferred).build();
        double[] expected = null;
        byte[] expectedCheckpoint = null;
        for (final int deferred : new int[] {1, 3, 4, 0})
        {
            final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            final double[] result;
            try (MlpChip c = chip.apply(deferred))
            {
                for (int i = 0; i < 9; i++)
                {
                    c.trainSample(xs[i], i % 5);
                    if (i == 2)
                    {
                        c.predict(xs[8]);
                    }
                    if (i == 5)
                    {
                        c.writeCheckpoint(new java.io.DataOutputStream(bytes));
                    }
                }
                result = snapshot(c);
            }
            if (expected == null)
            {
                expected = result;
                expectedCheckpoint = bytes.toByteArray();
                continue;
            }
            assertArrayEquals(expected, result, method + " deferring " + deferred + ": weights, biases, counters");
            assertArrayEquals(expectedCheckpoint, bytes.toByteArray(), method + " deferring " + deferred +
                ": the checkpoint inside a batch");
            try (MlpChip c = chip.apply(deferred))
            {
                // products deferred before the checkpoint is read are dropped: it replaces the accumulators
                c.trainSample(xs[0], 0);
                c.trainSample(xs[1], 1);
                c.readCheckpoint(new java.io.DataInputStream(new java.io.ByteArrayInputStream(expectedCheckpoint)));
                for (int i = 6; i < 9; i++)
                {
                    c.trainSample(xs[i], i % 5);
                }
                final double[] resumed = snapshot(c);
                assertArrayEquals(java.util.Arrays.copyOf(expected, expected.length - OpKind.values().length),
                    java.util.Arrays.copyOf(resumed, resumed.length - OpKind.values().length), method + " deferring " +
                        deferred + ": weights and biases resumed from the checkpoint");
            }
        }
    }

    private static double[] snapshot(final MlpChip chip)
    {
        final java.util.List<Double> all = new java.util.ArrayList<>();
        for (int l = 0; l < 3; l++)
        {
            for (final double w : chip.weights(l))
            {
                all.add(w);
            }
            for (final double b : chip.biases(l))
            {
                all.add(b);
            }
        }
        for (final OpKind op : OpKind.values())
        {
            all.add((double)chip.count(op));
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void shouldComputeTheNewtonReciprocalToDoublePrecision()
    {
        for (final double z : new double[] {1.0, 1.5, 2.0, 3.7, 9.99, 10.0})
        {
            assertEquals(1.0 / z, EngineMath.reciprocal(z), 1e-15 / z, "1/" + z);
        }
    }

    @Test
    void shouldReportWeightNormsAndTheFeedbackAngleComputedByHand()
    {
        // W^1 transposed is [[0.3, 0.1], [-0.2, 0.4]], B^1 = I: cos = (0.3 + 0.4) / (sqrt(2) sqrt(0.30))
        final double[][] w = {{2.0, 0.0, 1.5, 0.0}, {0.3, -0.2, 0.1, 0.4}};
        final double[][] b = {{0.0, 0.0}, {0.0, 0.0}};
        try (MlpChip chip = MlpChip.builder(2, 2, 2).hyper(OnlineHyper.paperDefaults(LearningMethod.DFA, 1, 0.1))
            .chip(Presets.spinnaker2()).initialWeights(w, b).feedback(new double[][] {{1, 0, 0, 1}}).build())
        {
            assertArrayEquals(new double[] {1, 0, 0, 1}, chip.feedback(1));
            final Map<String, Double> d = chip.epochDiagnostics();
            assertEquals(List.of("|W^0| (Frobenius)", "|W^1| (Frobenius)", "B^1 vs W^1 transposed, degrees"),
                List.copyOf(d.keySet()));
            assertEquals(2.5, d.get("|W^0| (Frobenius)"), 1e-12);
            assertEquals(Math.sqrt(0.30), d.get("|W^1| (Frobenius)"), 1e-12);
            assertEquals(Math.toDegrees(Math.acos(0.7 / Math.sqrt(0.6))), d.get("B^1 vs W^1 transposed, degrees"),
                1e-9);
            assertThrows(IllegalArgumentException.class, () -> chip.feedback(2));
        }
        for (final LearningMethod m : new LearningMethod[] {LearningMethod.FGT, LearningMethod.FGT_S})
        {
            // FGT's M starts at zero, or where the builder puts it (a warm start)
            try (MlpChip chip = MlpChip.builder(2, 2, 2).hyper(OnlineHyper.paperDefaults(m, 1, 0.1))
                .chip(Presets.spinnaker2()).initialWeights(w, b).feedback(new double[][] {{0.5, 0, -0.25, 1}}).build();
                MlpChip zero = MlpChip.builder(2, 2, 2).hyper(OnlineHyper.paperDefaults(m, 1, 0.1))
                    .chip(Presets.spinnaker2()).initialWeights(w, b).build())
            {
                assertArrayEquals(new double[] {0.5, 0, -0.25, 1}, chip.feedback(1), m + ": the initial M");
                assertArrayEquals(new double[4], zero.feedback(1), m + ": M starts at zero");
            }
        }
        for (final LearningMethod m : new LearningMethod[] {LearningMethod.BP, LearningMethod.FGT_WO_M})
        {
            try (MlpChip chip = MlpChip.builder(2, 2, 2).hyper(OnlineHyper.paperDefaults(m, 1, 0.1))
                .chip(Presets.spinnaker2()).initialWeights(w, b).build())
            {
                assertEquals(null, chip.feedback(1), m + " keeps no feedback matrix");
                assertEquals(2, chip.epochDiagnostics().size(), m + ": only the weight norms");
            }
        }
    }

    @Test
    void shouldCountEveryOperationOfAHandCountableSample()
    {
        // 2 inputs -> 2 hidden -> 2 outputs, T = 1, on spinnaker2 (one tile: every delivery is within the tile;
        // spike packets 40 bits, graded 72 bits). W^0 makes both hidden neurons spike on x = [1, 0].
        final double[][] w = {{2.0, 0.0, 1.5, 0.0}, {0.3, -0.2, 0.1, 0.4}};
        final double[][] b = {{0.0, 0.0}, {0.0, 0.0}};
        try (MlpChip chip = MlpChip.builder(2, 2, 2).hyper(OnlineHyper.paperDefaults(LearningMethod.DFA, 1, 0.1))
            .chip(Presets.spinnaker2()).initialWeights(w, b).feedback(new double[][] {{1, 0, 0, 1}}).build())
        {
            chip.predict(new double[] {1.0, 0.0});
            // inference: 1 graded input message x 2 hidden synapses; 2 spikes x 2 readout synapses
            assertEquals(2, chip.count(OpKind.SYNOP_GRADED));
            assertEquals(4, chip.count(OpKind.SYNOP_BINARY));
            assertEquals(2 + 2, chip.count(OpKind.TRACE_UPDATE), "2 presynaptic traces on each of 2 cores");
            assertEquals(2 + 2, chip.count(OpKind.NEURON_UPDATE_ACTIVE));
            assertEquals(0, chip.count(OpKind.NEURON_UPDATE_INACTIVE));
            assertEquals(72 + 40 + 2 * 40, chip.count(OpKind.SPIKE_WITHIN_TILE), "x0, the label, 2 spikes");
            assertEquals(0, chip.count(OpKind.HOP_EAST_WEST) + chip.count(OpKind.HOP_NORTH_SOUTH));
            assertEquals(0, chip.count(OpKind.EXP) + chip.count(OpKind.SYNAPTIC_UPDATE));
            assertEquals(3 * 2, chip.kernelStepsPerSample(), "P = N + 1 = 3 phases x (T + 1) steps");

            chip.trainSample(new double[] {1.0, 0.0}, 1);
            // learning adds: softmax (2 exp, 2 divide) at the readout and the surrogate (2 exp, 2 divide) at h1;
            // readout gradients 2 traces x 2 + applied 4; hidden gradients 1 nonzero trace x 2 + applied 2;
            // 2 error messages of 72 bits
            assertEquals(4, chip.count(OpKind.EXP));
            assertEquals(4, chip.count(OpKind.DIVIDE));
            assertEquals(4 + 4 + 2 + 2, chip.count(OpKind.SYNAPTIC_UPDATE));
            assertEquals(2 * (72 + 40 + 2 * 40) + 2 * 72, chip.count(OpKind.SPIKE_WITHIN_TILE));

            final EnergyTable table = EnergyTable.forChip(Presets.spinnaker2());
            final EnergyReport energy = chip.energy(table);
            double expected = 0.0;
            for (final OpKind op : OpKind.values())
            {
                expected += chip.count(op) * table.entry(op).picojoulesPerUnit() * 1e-12;
            }
            assertEquals(expected, energy.dynamicJoules(), 1e-18);
        }
    }
}
