package org.nmsim.chip.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.chip.numeric.Overflow;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.kernel.SplitMix64;

/** The contract every {@link SteppedCompartments} keeps, run against each implementation and format. */
class SteppedCompartmentsContractTest
{
    private static final int SIZE = 70; // crosses a 64-bit word of the spike set
    private static final long SEED = 7L;

    static Stream<Arguments> groups()
    {
        final FixedPointFormat stochastic = new FixedPointFormat(24, 12, true, Rounding.STOCHASTIC,
            Overflow.SATURATE);
        return Stream.of(
            Arguments.of("spinnaker-lif s16.15", (IntFunction<SteppedCompartments>)n -> new SpinnakerLif(n,
                SpinnakerLifParams.pynnDefaults(), SpinnakerLif.S16_15, null)),
            Arguments.of("spinnaker-lif float64", (IntFunction<SteppedCompartments>)n -> new SpinnakerLif(n,
                SpinnakerLifParams.pynnDefaults(), IdealFloat64.INSTANCE, null)),
            Arguments.of("if stochastic rounding", (IntFunction<SteppedCompartments>)n -> new IntegrateAndFire(n,
                1.0, IntegrateAndFire.Reset.BY_SUBTRACTION, stochastic, new SplitMix64(SEED))),
            Arguments.of("readout", (IntFunction<SteppedCompartments>)n -> new NonSpikingReadout(n, 0.9,
                IdealFloat64.INSTANCE, null)),
            Arguments.of("stochastic-lif", (IntFunction<SteppedCompartments>)n -> StochasticLif.ideal(n, 0.5, 1.0,
                0.25, new SplitMix64(SEED))),
            Arguments.of("two-compartment", (IntFunction<SteppedCompartments>)n -> new TwoCompartment(n, 0.5, 1.0,
                IdealFloat64.INSTANCE, null)),
            Arguments.of("loihi-cuba-lif-float", (IntFunction<SteppedCompartments>)n -> LoihiCubaLifFloat.matching(
                n, LoihiCubaLifParams.of(100, 100, 10), new int[n], new int[n])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groups")
    void shouldCountEveryCompartmentOnceAndReportSpikesInTheBitset(final String name,
        final IntFunction<SteppedCompartments> factory)
    {
        final SteppedCompartments g = factory.apply(SIZE);
        final long[] spikes = SpikeBits.allocate(SIZE);
        final UpdateCounts counts = new UpdateCounts();
        g.step(new double[SIZE], spikes, counts);
        assertEquals(SIZE, counts.inactiveUpdates(), name + ": zero state and input is inactive");
        final SplitMix64 rng = new SplitMix64(SEED);
        final double[] in = new double[SIZE];
        for (int t = 0; t < 20; t++)
        {
            counts.clear();
            spikes[0] = -1L;
            spikes[1] = -1L; // stale bits must be cleared
            for (int i = 0; i < SIZE; i++)
            {
                in[i] = (rng.nextInt(2001) - 600) / 1000.0; // mostly positive, some zero
            }
            g.step(in, spikes, counts);
            assertEquals(SIZE, counts.activeUpdates() + counts.inactiveUpdates(), name + " seed=" + SEED);
            assertEquals(Long.bitCount(spikes[0]) + Long.bitCount(spikes[1]), counts.spikes(), name);
        }
        assertThrows(IllegalArgumentException.class, () -> g.step(new double[SIZE - 1], spikes, counts));
        assertThrows(IllegalArgumentException.class, () -> g.step(new double[SIZE], new long[1], counts));
    }
}
