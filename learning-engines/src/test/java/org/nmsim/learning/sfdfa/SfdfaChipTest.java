package org.nmsim.learning.sfdfa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.Presets;
import org.nmsim.chip.preset.UserChips;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.StorageFormats;

/** The on-chip SFDFA learner against its dense reference, across worker counts, and its capability checks. */
@Timeout(120)
class SfdfaChipTest
{
    private static final int[] SIZES = {30, 12, 9, 4};

    static ChipSpec smallCoreChip()
    {
        return UserChips.fromMap(Map.of("base", "spinnaker2", "name", "tiny-cores", "compartments_per_core", 5));
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

    /** Float64, batch 2 so that two optimiser steps happen in four samples; Adam; alpha large to see b move. */
    static SfdfaParams params(final boolean learned, final boolean exact)
    {
        return params(learned, exact, false);
    }

    /** As {@link #params(boolean, boolean)}, with {@code layer_eta: weight_scale} when {@code scaledEta}. */
    static SfdfaParams params(final boolean learned, final boolean exact, final boolean scaledEta)
    {
        final SfdfaParams d = SfdfaParams.defaults(learned);
        return new SfdfaParams(learned, 0.01, 0.05, d.tauS(), d.threshold(), d.window(), d.encodingWindow(),
            d.delay(), 0, 5, exact, true, 2, 10, 3, 0.1, 4, 2.0, 1.0, 4.0, scaledEta);
    }

    private static LearnerSetup setup(final int workers, final boolean fixed)
    {
        return new LearnerSetup(SIZES, smallCoreChip(), StorageFormats.defaults(), fixed, 7, workers);
    }

    @Test
    void shouldMatchTheDenseReferenceInFloat64()
    {
        for (final boolean[] v : new boolean[][] {{true, false, false}, {false, false, false}, {true, true, false},
            {true, false, true}})
        {
            final boolean learned = v[0];
            final SfdfaParams p = params(learned, v[1], v[2]);
            final double[][] xs = inputs(5, SIZES[0], 3);
            final int[] labels = {0, 3, 1, 2, 0};
            try (SfdfaChip chip = new SfdfaChip(setup(1, false), p))
            {
                final SfdfaReference ref = new SfdfaReference(SIZES, p, 7, null, null);
                assertTrue(chip.coreNames().size() >= 8, "several cores per layer: " + chip.coreNames());
                for (int s = 0; s < xs.length; s++)
                {
                    assertEquals(ref.trainSample(xs[s], labels[s]), chip.trainSample(xs[s], labels[s]), "sample " + s);
                    final int[][] rc = ref.lastSpikeCounts();
                    final int[][] cc = chip.lastSpikeCounts();
                    for (int l = 0; l < rc.length; l++)
                    {
                        assertArrayEquals(rc[l], cc[l], "spike counts of layer " + (l + 1) + ", sample " + s);
                    }
                    assertTrue(java.util.Arrays.stream(rc[0]).sum() > 0 && java.util.Arrays.stream(rc[2]).sum() > 0,
                        "the network must be active");
                }
                double moved = 0;
                for (int l = 0; l < SIZES.length - 1; l++)
                {
                    final double[] a = ref.weights(l);
                    final double[] c = chip.weights(l);
                    for (int x = 0; x < a.length; x++)
                    {
                        assertEquals(a[x], c[x], 1e-9 * Math.max(1, Math.abs(a[x])), "W" + l + "[" + x + "]");
                    }
                }
                for (int h = 0; h < SIZES.length - 2; h++)
                {
                    final double[] a = ref.feedback(h);
                    final double[] c = chip.feedback(h);
                    final double[] b0 = SfdfaMath.initialFeedback(SIZES, p, 7)[h];
                    for (int x = 0; x < a.length; x++)
                    {
                        assertEquals(a[x], c[x], 1e-9 * Math.max(1, Math.abs(a[x])), "B" + h + "[" + x + "]");
                        moved = Math.max(moved, Math.abs(c[x] - b0[x]));
                    }
                }
                assertEquals(learned, moved > 1e-6, "feedback learned only by sfdfa (moved " + moved + ")");
                final double[] w0 = SfdfaMath.initialWeights(SIZES, p, 7)[0];
                final double[] w1 = chip.weights(0);
                double dw = 0;
                for (int x = 0; x < w0.length; x++)
                {
                    dw = Math.max(dw, Math.abs(w1[x] - w0[x]));
                }
                assertTrue(dw > 1e-4, "the first layer must learn (max |dW| " + dw + ")");
                // counting: graded synaptic ops only where grades travel (SFDFA's hidden-to-hidden/output spikes)
                assertEquals(learned, chip.count(OpKind.SYNOP_GRADED) > 0, "graded synops");
                assertTrue(chip.count(OpKind.SYNOP_BINARY) > 0 && chip.count(OpKind.EXP) > 0 &&
                    chip.count(OpKind.LOG) > 0 && chip.count(OpKind.SYNAPTIC_UPDATE) > 0, "op counts");
                assertTrue(chip.messages().get(1).count() > 0 && chip.messages().get(2).count() == xs.length,
                    "graded messages (errors) and one label per sample: " + chip.messages());
                assertTrue(chip.energy(org.nmsim.chip.energy.EnergyTable.forChip(chip.chip())).totalJoules() > 0);
            }
        }
    }

    private static double[] snapshot(final int workers, final boolean fixed)
    {
        final SfdfaParams p = fixed ? new SfdfaParams(true, 0.01, 0.05, 0.01, 1.0, 0.2, 0.1, 1e-3, 16, 5, false,
            true, 2, 10, 3, 0.1, 4, 2.0, 1.0, 4.0, false) : params(true, false);
        final double[][] xs = inputs(4, SIZES[0], 3);
        try (SfdfaChip chip = new SfdfaChip(setup(workers, fixed), p))
        {
            for (int s = 0; s < xs.length; s++)
            {
                chip.trainSample(xs[s], s % SIZES[3]);
            }
            chip.predict(xs[0]);
            final java.util.List<Double> out = new java.util.ArrayList<>();
            for (final double[] w : chip.allWeights())
            {
                for (final double v : w)
                {
                    out.add(v);
                }
            }
            for (int h = 0; h < SIZES.length - 2; h++)
            {
                for (final double v : chip.feedback(h))
                {
                    out.add(v);
                }
            }
            for (final OpKind op : OpKind.values())
            {
                out.add((double)chip.count(op));
            }
            for (final var t : chip.messages())
            {
                out.add((double)t.count());
                out.add((double)t.hops());
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    @Test
    void shouldBeBitIdenticalForOneAndThreeWorkers()
    {
        for (final boolean fixed : new boolean[] {false, true})
        {
            final double[] one = snapshot(1, fixed);
            final double[] three = snapshot(3, fixed);
            assertEquals(one.length, three.length);
            for (int i = 0; i < one.length; i++)
            {
                assertEquals(Double.doubleToRawLongBits(one[i]), Double.doubleToRawLongBits(three[i]),
                    "value " + i + " (fixed=" + fixed + "): " + one[i] + " vs " + three[i]);
            }
        }
    }

    @Test
    void shouldContinueBitIdenticallyFromACheckpoint() throws java.io.IOException
    {
        final SfdfaParams p = params(true, false);
        final double[][] xs = inputs(4, SIZES[0], 9);
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        final double[] straight;
        try (SfdfaChip chip = new SfdfaChip(setup(1, false), p))
        {
            chip.trainSample(xs[0], 1);
            chip.trainSample(xs[1], 2);
            chip.writeCheckpoint(new java.io.DataOutputStream(bytes));
            chip.trainSample(xs[2], 3);
            chip.trainSample(xs[3], 0);
            straight = chip.weights(1);
        }
        try (SfdfaChip chip = new SfdfaChip(setup(1, false), p))
        {
            chip.readCheckpoint(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
            chip.trainSample(xs[2], 3);
            chip.trainSample(xs[3], 0);
            assertArrayEquals(straight, chip.weights(1), 0.0);
        }
    }

    @Test
    void shouldRefuseALoihi1SumOfProductsEngineNamingTheMissingOps()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SfdfaChip(
            new LearnerSetup(SIZES, Presets.byName("loihi1"), StorageFormats.defaults(), false, 1, 1),
            params(true, false)));
        assertTrue(e.getMessage().contains("chip loihi1") && e.getMessage().contains("EXP") &&
            e.getMessage().contains("LOG") && e.getMessage().contains("graded"), e.getMessage());
    }
}
