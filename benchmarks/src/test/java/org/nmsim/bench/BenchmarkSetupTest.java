package org.nmsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every parameter combination of the JMH benchmarks sets up and runs one invocation. JMH reports a failing setup
 * only as a line in its output, so without this a broken benchmark would silently drop out of a results table.
 */
@Timeout(60)
class BenchmarkSetupTest
{
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"loihi-cuba-lif", "spinnaker-lif", "if", "stochastic-lif", "two-compartment", "readout"})
    void shouldStepEveryCompartmentModel(final String model)
    {
        final CompartmentUpdateBenchmark b = new CompartmentUpdateBenchmark();
        b.model = model;
        b.setUp();
        for (int i = 0; i < 3; i++)
        {
            b.step();
        }
    }

    @Test
    void shouldFanOutEveryFormatAndWidth()
    {
        for (final String format : new String[] {"dense", "csr"})
        {
            for (final int bits : new int[] {8, 16})
            {
                final SynapticFanOutBenchmark b = new SynapticFanOutBenchmark();
                b.format = format;
                b.bits = bits;
                b.setUp();
                // every row fans out: the accumulator's last column collects a nonzero sum in dense mode
                final int result = b.fanOutEveryRow();
                assertTrue(!"dense".equals(format) || result != 0, format + " " + bits + ": " + result);
            }
        }
    }

    @Test
    void shouldRunLearningEpochsInBothModes()
    {
        for (final String mode : new String[] {"fixed-point", "float64"})
        {
            final PlasticityEngineBenchmark b = new PlasticityEngineBenchmark();
            b.mode = mode;
            b.setUp();
            assertTrue(b.epoch(), mode + ": an epoch of 2 steps runs the learning rule (t_epoch = 2)");
        }
    }

    @Test
    void shouldRunTheLearningLoopsInBothModes()
    {
        for (final String mode : new String[] {"fixed-point", "float64"})
        {
            final LocalUpdatesBenchmark b = new LocalUpdatesBenchmark();
            b.mode = mode;
            b.setUp();
            assertTrue(b.sample() > 0, mode + ": the descent writes the weights whose gradient is nonzero");
        }
    }

    @Test
    void shouldRoundBothWidthsOnThePathThisJvmRuns()
    {
        final StochasticRoundingBenchmark b = new StochasticRoundingBenchmark();
        for (final int width : new int[] {50, 100, 400})
        {
            final StochasticRoundingBenchmark.Accumulation a = new StochasticRoundingBenchmark.Accumulation();
            a.width = width;
            a.fill();
            assertEquals(StochasticRoundingBenchmark.VALUES, b.accumulateScalar(a), "width " + width);
            assertEquals(StochasticRoundingBenchmark.VALUES, b.accumulateVector(a), "width " + width);
            a.checkInRange();
            final StochasticRoundingBenchmark.Descent d = new StochasticRoundingBenchmark.Descent();
            d.width = width;
            d.zeroPercent = 17.6;
            d.fill();
            final long writes = b.descendScalar(d);
            final double nonzero = (double)writes / StochasticRoundingBenchmark.VALUES;
            assertTrue(nonzero > 0.80 && nonzero < 0.85, "width " + width + ": nonzero share " + nonzero);
            assertEquals(0, b.descendVector(d), "width " + width + ": the descent cleared the gradients");
            d.reset();
            assertEquals(writes, b.descendVector(d), "width " + width + ": the reset restores the gradients");
        }
    }

    @Test
    void shouldRefuseToMeasureTheOtherPathThanTheBenchmarksName()
    {
        final String name = StochasticRoundingBenchmark.class.getName();
        StochasticRoundingBenchmark.requirePath(name + ".accumulateScalar", false);
        StochasticRoundingBenchmark.requirePath(name + ".descendVector", true);
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> StochasticRoundingBenchmark.requirePath(name + ".accumulateVector", false));
        assertTrue(ex.getMessage().contains("-Dnmsim.simd=on"), ex.getMessage());
        assertThrows(IllegalStateException.class,
            () -> StochasticRoundingBenchmark.requirePath(name + ".descendScalar", true));
    }
}
