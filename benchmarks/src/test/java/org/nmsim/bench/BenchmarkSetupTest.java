package org.nmsim.bench;

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
}
