package org.nmsim.learning.threefactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.Presets;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.StorageFormats;

/**
 * The same experiment with 1 and 3 kernel workers gives bit-identical weights, predictions, losses and counters
 * (every kernel counter, summed over cores), in float64 on SpiNNaker 2 and in fixed point (8-bit weights,
 * stochastic rounding from the cores' own streams, burst-coded errors) on Loihi 1, with layers split over cores.
 */
@Timeout(30)
class WorkerDeterminismTest
{
    private static final long SEED = 99L;
    private static final int[] SIZES = {12, 7, 5, 4};

    private record Outcome(double[][] weights, List<Integer> predictions, List<Double> losses, long[] counters)
    {
    }

    private static Outcome run(final ThreeFactorMethod method, final String chipName, final boolean fixed,
        final int workers)
    {
        final ThreeFactorParams p = new ThreeFactorParams(method, 10, 5.0, 10.0, 10.0, 1.0, 5.0, 0.5, 1.0, 2.0, 0.7,
            1.5, 8, 8, 1.0);
        final ChipSpec chip = TestChips.withCompartments(Presets.byName(chipName), 4);
        try (ThreeFactorChip c = ThreeFactorChip.builder(SIZES).params(p).chip(chip).fixedPoint(fixed)
            .formats(new StorageFormats(8, 16, 16, 8)).seed(SEED).workers(workers).build())
        {
            final SplitMix64 data = new SplitMix64(SEED + 1);
            final List<Integer> predictions = new ArrayList<>();
            final List<Double> losses = new ArrayList<>();
            for (int s = 0; s < 5; s++)
            {
                final double[] x = new double[SIZES[0]];
                for (int i = 0; i < x.length; i++)
                {
                    x[i] = data.nextDouble();
                }
                predictions.add(c.trainSample(x, data.nextInt(SIZES[SIZES.length - 1])));
                losses.add(c.lastSampleLoss());
                predictions.add(c.predict(x));
            }
            final List<String> names = c.simulation().counterNames();
            final long[] counters = new long[names.size()];
            for (int k = 0; k < counters.length; k++)
            {
                counters[k] = c.simulation().counterTotal(k);
            }
            return new Outcome(c.allWeights(), predictions, losses, counters);
        }
    }

    @ParameterizedTest
    @CsvSource({"EPROP, spinnaker2, false", "DCLL, spinnaker2, false", "EPROP, loihi1, true", "DCLL, loihi1, true"})
    void shouldGiveBitIdenticalResultsForOneAndThreeWorkers(final ThreeFactorMethod method, final String chip,
        final boolean fixed)
    {
        final Outcome one = run(method, chip, fixed, 1);
        final Outcome three = run(method, chip, fixed, 3);
        for (int l = 0; l < one.weights().length; l++)
        {
            assertArrayEquals(one.weights()[l], three.weights()[l], 0.0, "W" + l + " differs between 1 and 3 " +
                "workers (" + method + ", " + chip + ", seed=" + SEED + ")");
        }
        assertEquals(one.predictions(), three.predictions(), "predictions (seed=" + SEED + ")");
        assertEquals(one.losses(), three.losses(), "losses (seed=" + SEED + ")");
        assertArrayEquals(one.counters(), three.counters(), "counters (seed=" + SEED + ")");
    }
}
