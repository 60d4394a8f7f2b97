package org.nmsim.bench;

import java.util.concurrent.TimeUnit;

import org.nmsim.chip.neuron.IntegrateAndFire;
import org.nmsim.chip.neuron.LoihiCubaLif;
import org.nmsim.chip.neuron.LoihiCubaLifParams;
import org.nmsim.chip.neuron.NonSpikingReadout;
import org.nmsim.chip.neuron.SpikeBits;
import org.nmsim.chip.neuron.SpinnakerLif;
import org.nmsim.chip.neuron.SpinnakerLifParams;
import org.nmsim.chip.neuron.SteppedCompartments;
import org.nmsim.chip.neuron.StochasticLif;
import org.nmsim.chip.neuron.TwoCompartment;
import org.nmsim.chip.neuron.UpdateCounts;
import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.kernel.SplitMix64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compartment updates per second for each model, one step of a 1,024-compartment group with random input. The
 * bit-accurate Loihi model takes integer input; the others take doubles in their own number format (s16.15 for
 * SpiNNaker, float64 for the rest).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CompartmentUpdateBenchmark
{
    static final int N = 1024;

    @Param({"loihi-cuba-lif", "spinnaker-lif", "if", "stochastic-lif", "two-compartment", "readout"})
    public String model;

    private LoihiCubaLif loihi;
    private SteppedCompartments group;
    private final int[] intInput = new int[N];
    private final double[] input = new double[N];
    private final long[] spikes = SpikeBits.allocate(N);
    private final UpdateCounts counts = new UpdateCounts();

    @Setup
    public void setUp()
    {
        final SplitMix64 r = new SplitMix64(5);
        for (int i = 0; i < N; i++)
        {
            intInput[i] = r.nextInt(400) - 100;
            input[i] = r.nextDouble() * 0.6;
        }
        switch (model)
        {
            case "loihi-cuba-lif" -> loihi = new LoihiCubaLif(N, new LoihiCubaLifParams(1024, 512, 400, 0,
                LoihiCubaLifParams.CurrentWrap.TWOS_COMPLEMENT), new int[N], new int[N]);
            case "spinnaker-lif" -> group = new SpinnakerLif(N, SpinnakerLifParams.pynnDefaults(), SpinnakerLif.S16_15,
                null);
            case "if" -> group = new IntegrateAndFire(N, 1.0, IntegrateAndFire.Reset.BY_SUBTRACTION,
                IdealFloat64.INSTANCE, null);
            case "stochastic-lif" -> group = new StochasticLif(N, 0.5, 1.0, 0.25, IdealFloat64.INSTANCE,
                new SplitMix64(7));
            case "two-compartment" -> group = new TwoCompartment(N, 0.5, 1.0, IdealFloat64.INSTANCE, null);
            default -> group = new NonSpikingReadout(N, 0.5, IdealFloat64.INSTANCE, null);
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long step()
    {
        if (loihi != null)
        {
            loihi.step(intInput, spikes, counts);
        }
        else
        {
            group.step(input, spikes, counts);
        }
        return spikes[0];
    }
}
