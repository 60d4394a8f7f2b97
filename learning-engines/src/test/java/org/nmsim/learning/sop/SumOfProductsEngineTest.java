package org.nmsim.learning.sop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nmsim.chip.energy.OpCounts;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.chip.preset.EngineKind;
import org.nmsim.chip.preset.PlasticityOp;
import org.nmsim.chip.preset.Presets;
import org.nmsim.kernel.SplitMix64;

class SumOfProductsEngineTest
{
    private static final long SEED = 0xC0FFEEL;
    private static final String STDP = "dw = 2^-2 * x1 * y0 - 2^-2 * y1 * x0";
    private static final TraceParams TRACE = new TraceParams(16.0, 8.0);

    private static SopConfig stdp(final String rule, final Rounding rounding)
    {
        return SopConfig.loihi(4, TRACE, TraceParams.NONE, TRACE, TraceParams.NONE, TraceParams.NONE, rule)
            .withRounding(rounding);
    }

    /**
     * Two epochs of 4 steps on a 2x2 block. Epoch 1: axon 0 spikes at step 1, compartment 0 at step 3, axon 1 at
     * step 4. Epoch 2: compartment 1 at step 6 (within-epoch time 2).
     */
    private static void drive(final SumOfProductsEngine e)
    {
        e.preSpike(0);
        assertFalse(e.endStep());
        assertFalse(e.endStep());
        e.postSpike(0);
        assertFalse(e.endStep());
        e.preSpike(1);
        assertTrue(e.endStep());
        assertFalse(e.endStep());
        e.postSpike(1);
        e.endStep();
        e.endStep();
        assertTrue(e.endStep());
    }

    /**
     * Hand computation, float64 (tau = 8, impulse 16, scale 1/4). Epoch 1, traces read at the dependency's time:
     * (0,0): y0 at t=3 reads x1(axon 0) = 16 e^(-2/8); x0 at t=1 reads y1(comp 0) = 0 (its spike comes later);
     * (0,1): x0 only, y1(comp 1) = 0; (1,0): y0 at t=3 reads x1(axon 1) = 0 (spike at 4), x0 at t=4 reads
     * y1(comp 0) = 16 e^(-1/8); (1,1): x0 only, 0. Epoch 2, y0 of comp 1 at t=2: x1(axon 0) = 16 e^(-3/8) e^(-2/8),
     * x1(axon 1) = 16 e^(-2/8).
     */
    @Test
    void shouldMatchHandComputedWeightsInFloat64()
    {
        final double[] w = {10, 10, 10, 10};
        final SumOfProductsEngine e = SumOfProductsEngine.ideal(stdp(STDP, Rounding.STOCHASTIC), 2, 2, w);
        drive(e);
        final double[] expected = {
            10 + 4 * Math.exp(-0.25),
            10 + 4 * Math.exp(-0.625),
            10 - 4 * Math.exp(-0.125),
            10 + 4 * Math.exp(-0.25)};
        assertArrayEquals(expected, w, 1e-12);
        assertEquals(16 * Math.exp(-7.0 / 8), e.preTrace(Variable.X1, 0), 1e-12);
        assertEquals(16 * Math.exp(-4.0 / 8), e.preTrace(Variable.X1, 1), 1e-12);
        assertEquals(16 * Math.exp(-5.0 / 8), e.postTrace(Variable.Y1, 0), 1e-12);
        assertEquals(16 * Math.exp(-2.0 / 8), e.postTrace(Variable.Y1, 1), 1e-12);
        assertEquals(2, e.epochs());
    }

    /**
     * Same drive in fixed point with FLOOR rounding and scale 2^-3 (so the weight has a fraction to drop): traces
     * floor(16 e^-0.25 = 12.46) = 12, floor(16 e^-0.125 = 14.12) = 14, end of epoch 1 x1(axon 0) = floor(16 e^-0.375
     * = 10.997) = 10, epoch 2 x1(axon 0) at t=2 = floor(10 e^-0.25 = 7.79) = 7. Accumulator (7 fraction bits, w <<
     * 7 = 1280): (0,0) 1280 + 12 * 2^4 = 1472 -> floor(11.5) = 11; (1,0) 1280 - 14 * 2^4 = 1056 -> floor(8.25) = 8;
     * (0,1) 1280 + 7 * 2^4 = 1392 -> floor(10.875) = 10; (1,1) 1280 + 12 * 2^4 -> 11.
     */
    @Test
    void shouldMatchHandComputedWeightsInFixedPointWithFloorRounding()
    {
        final int[] w = {10, 10, 10, 10};
        final SumOfProductsEngine e = SumOfProductsEngine.fixedPoint(
            stdp("dw = 2^-3 * x1 * y0 - 2^-3 * y1 * x0", Rounding.FLOOR), 2, 2, w, null);
        drive(e);
        assertArrayEquals(new int[] {11, 10, 8, 11}, w);
        // end of epoch 2: floor(10 e^-0.5) = 6, floor(16 e^-0.5) = 9, floor(14 e^-0.5) = 8, floor(16 e^-0.25) = 12
        assertEquals(6.0, e.preTrace(Variable.X1, 0));
        assertEquals(9.0, e.preTrace(Variable.X1, 1));
        assertEquals(8.0, e.postTrace(Variable.Y1, 0));
        assertEquals(12.0, e.postTrace(Variable.Y1, 1));
    }

    @ParameterizedTest
    @EnumSource(NumericMode.class)
    void shouldPotentiatePreBeforePostAndDepressPostBeforePre(final NumericMode mode)
    {
        assertTrue(pairedWeight(mode, true) > 0, mode + " pre-before-post, seed=" + SEED);
        assertTrue(pairedWeight(mode, false) < 0, mode + " post-before-pre, seed=" + SEED);
    }

    private static double pairedWeight(final NumericMode mode, final boolean preFirst)
    {
        final SopConfig c = stdp(STDP, Rounding.STOCHASTIC);
        final int[] wi = {0};
        final double[] wd = {0};
        final SumOfProductsEngine e = mode == NumericMode.FIXED_POINT
            ? SumOfProductsEngine.fixedPoint(c, 1, 1, wi, new SplitMix64(SEED))
            : SumOfProductsEngine.ideal(c, 1, 1, wd);
        for (int step = 1; step <= 4; step++)
        {
            if (step == 1)
            {
                spike(e, preFirst);
            }
            if (step == 3)
            {
                spike(e, !preFirst);
            }
            e.endStep();
        }
        return mode == NumericMode.FIXED_POINT ? wi[0] : wd[0];
    }

    private static void spike(final SumOfProductsEngine e, final boolean pre)
    {
        if (pre)
        {
            e.preSpike(0);
        }
        else
        {
            e.postSpike(0);
        }
    }

    /**
     * Op counts of epoch 1 of {@link #drive}: products gated by x0/y0: (0,0) 2, (0,1) 1, (1,0) 2, (1,1) 1 = 6, each
     * one factor (6 multiplies), one scale shift and one accumulate; 4 synapses written, each with 2 alignment
     * shifts; trace evaluations x1(0)@3, x1(1)@3, y1(0)@1, y1(1)@1, y1(0)@4, y1(1)@4 = 6; trace updates at the end
     * of the epoch: x1 and y1 on 2 lanes each = 4. Random draws under stochastic rounding: evaluations 2+1+1+1+2+1
     * (one per decay over a non-zero interval), end-of-epoch updates 2+1+2+1, one per weight write 4: 18.
     */
    @Test
    void shouldCountOpsOfOneEpochByHand()
    {
        for (final Rounding r : EnumSet.of(Rounding.FLOOR, Rounding.STOCHASTIC))
        {
            final SumOfProductsEngine e = SumOfProductsEngine.fixedPoint(stdp(STDP, r), 2, 2, new int[4],
                new SplitMix64(SEED));
            e.preSpike(0);
            e.endStep();
            e.endStep();
            e.postSpike(0);
            e.endStep();
            e.preSpike(1);
            e.endStep();
            final SopCounts c = e.counts();
            assertEquals(6, c.products(), r.name());
            assertEquals(6, c.count(OpKind.INT_MULTIPLY), r.name());
            assertEquals(6, c.count(OpKind.INT_ADD), r.name());
            assertEquals(6 + 2 * 4, c.count(OpKind.SHIFT), r.name());
            assertEquals(4, c.count(OpKind.SYNAPTIC_UPDATE), r.name());
            assertEquals(4, c.count(OpKind.TRACE_UPDATE), r.name());
            assertEquals(6, c.traceEvaluations(), r.name());
            assertEquals(r == Rounding.STOCHASTIC ? 18 : 0, c.count(OpKind.RANDOM), r.name());
            final OpCounts priced = c.addPricedTo(new OpCounts());
            assertEquals(4, priced.count(OpKind.SYNAPTIC_UPDATE));
            assertEquals(4, priced.count(OpKind.TRACE_UPDATE));
            assertEquals(0, priced.count(OpKind.INT_MULTIPLY));
        }
    }

    /**
     * Fixed point is unbiased against float64: n axons each spike at step 1, the one compartment at step 3. Each
     * synapse's x1 at t=3 is 16 e^-0.25 = 12.46 rounded stochastically on its own lane, then the weight drops its
     * 2 fraction bits stochastically, so E[w] = 10 + 4 e^-0.25 exactly (no saturation). Per synapse w is one of
     * 13, 14 (variance at most 1/4): the mean is within 5 sd = 5 * 0.5 / sqrt(n) of the float64 weight.
     */
    @Test
    void shouldMatchFloat64InExpectationUnderStochasticRounding()
    {
        final int n = 20_000;
        final SopConfig c = stdp(STDP, Rounding.STOCHASTIC);
        final int[] wi = new int[n];
        final double[] wd = new double[n];
        Arrays.fill(wi, 10);
        Arrays.fill(wd, 10.0);
        final SumOfProductsEngine fixed = SumOfProductsEngine.fixedPoint(c, n, 1, wi, new SplitMix64(SEED));
        final SumOfProductsEngine ideal = SumOfProductsEngine.ideal(c, n, 1, wd);
        for (final SumOfProductsEngine e : new SumOfProductsEngine[] {fixed, ideal})
        {
            for (int a = 0; a < n; a++)
            {
                e.preSpike(a);
            }
            e.endStep();
            e.endStep();
            e.postSpike(0);
            e.endStep();
            e.endStep();
        }
        double mean = 0;
        for (final int v : wi)
        {
            mean += v;
        }
        mean /= n;
        assertEquals(10 + 4 * Math.exp(-0.25), wd[0], 1e-12);
        assertEquals(wd[0], mean, 5 * 0.5 / Math.sqrt(n), "seed=" + SEED);
    }

    /** u0 gates every synapse every epoch; dw = 2^-2 adds a quarter LSB, so Binomial(n, 1/4) weights step up. */
    @Test
    void shouldRoundWeightsStochasticallyUnbiasedWithinFiveBinomialSd()
    {
        final int n = 20_000;
        final int[] w = new int[n];
        final SopConfig c = SopConfig.loihi(1, TraceParams.NONE, TraceParams.NONE, TraceParams.NONE,
            TraceParams.NONE, TraceParams.NONE, "dw = 2^-2 * u0");
        final SumOfProductsEngine e = SumOfProductsEngine.fixedPoint(c, 1, n, w, new SplitMix64(SEED));
        e.endStep();
        int sum = 0;
        for (final int v : w)
        {
            assertTrue(v == 0 || v == 1, "seed=" + SEED);
            sum += v;
        }
        assertEquals(n * 0.25, sum, 5 * Math.sqrt(n * 0.25 * 0.75), "seed=" + SEED);
        assertEquals(n, e.counts().count(OpKind.RANDOM));
    }

    @Test
    void shouldGateUkProductsToEveryTwoToTheKEpochs()
    {
        final int[] w = {0};
        final SopConfig c = SopConfig.loihi(2, TraceParams.NONE, TraceParams.NONE, TraceParams.NONE,
            TraceParams.NONE, TraceParams.NONE, "dw = u1").withRounding(Rounding.FLOOR);
        final SumOfProductsEngine e = SumOfProductsEngine.fixedPoint(c, 1, 1, w, null);
        final int[] after = new int[4];
        for (int epoch = 0; epoch < 4; epoch++)
        {
            e.endStep();
            e.endStep();
            after[epoch] = w[0];
        }
        assertArrayEquals(new int[] {0, 1, 1, 2}, after);
    }

    @Test
    void shouldSaturateTheWeightToItsDeclaredRange()
    {
        final int[] w = {250, -250};
        final SopConfig c = SopConfig.loihi(1, TraceParams.NONE, TraceParams.NONE, TraceParams.NONE,
            TraceParams.NONE, TraceParams.NONE, "dw = 7 * 2^3 * u0 * sgn(w)").withRounding(Rounding.FLOOR);
        final SumOfProductsEngine e = SumOfProductsEngine.fixedPoint(c, 1, 2, w, null);
        e.endStep();
        assertArrayEquals(new int[] {255, -256}, w);
        final int[] narrow = {3};
        final SumOfProductsEngine n = SumOfProductsEngine.fixedPoint(
            c.withWeight(new SynapticField("weight", 4, true)), 1, 1, narrow, null);
        n.endStep();
        assertEquals(7, narrow[0]);
    }

    @Test
    void shouldUseAThirdFactorWrittenIntoAPostTrace()
    {
        final double[] w = {1.0, 1.0};
        final SopConfig c = SopConfig.loihi(1, new TraceParams(8.0, 0.0), TraceParams.NONE, TraceParams.NONE,
            TraceParams.NONE, TraceParams.NONE, "dw = 2^-3 * u0 * x1 * y3");
        final SumOfProductsEngine e = SumOfProductsEngine.ideal(c, 1, 2, w);
        e.setPostTrace(Variable.Y3, 0, 2.0);   // reward +2 on compartment 0, none on compartment 1
        e.preSpike(0);
        e.endStep();
        assertArrayEquals(new double[] {1.0 + 8.0 * 2.0 / 8, 1.0}, w, 0.0);
    }

    @Test
    void shouldDeclareOpsAndStateForMapping()
    {
        final SopCapabilities cap = SopCapabilities.of(stdp(STDP, Rounding.STOCHASTIC));
        assertEquals(EngineKind.SUM_OF_PRODUCTS, cap.engine());
        assertEquals(EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY, PlasticityOp.SHIFT, PlasticityOp.RANDOM),
            cap.ops());
        assertEquals(9, cap.bitsPerSynapse());
        assertEquals(7 + 6 + 1, cap.bitsPerInputAxon());
        assertEquals(7 + 6 + 1, cap.bitsPerCompartment());
        assertEquals(2L * 3 * 9 + 2 * 14 + 3 * 14, cap.bitsForDenseBlock(2, 3));
        assertEquals(EnumSet.noneOf(PlasticityOp.class), Presets.loihi1().missingOps(cap.ops()), "Loihi 1 runs its own engine");
        assertEquals(EnumSet.noneOf(PlasticityOp.class), Presets.loihi2().missingOps(cap.ops()));
        assertFalse(SopCapabilities.of(stdp(STDP, Rounding.FLOOR)).ops().contains(PlasticityOp.RANDOM));
        final SopCapabilities tags = SopCapabilities.of(SopConfig.loihi(4, TRACE, TRACE, TRACE, TRACE, TRACE,
            "dt = x1 * y0", "dw = t * u0"));
        assertEquals(9 + 9, tags.bitsPerSynapse());
        assertEquals(7 + 6 + 1, tags.bitsPerInputAxon());
        assertEquals(6 + 1, tags.bitsPerCompartment());
    }

    @Test
    void shouldRejectInvalidBlocksNamingTheValue()
    {
        final SopConfig c = stdp(STDP, Rounding.STOCHASTIC);
        assertEquals("sop weight[1]=300 out of range [-256, 255] (9 bits, signed=true)",
            assertThrows(IllegalArgumentException.class,
                () -> SumOfProductsEngine.fixedPoint(c, 1, 2, new int[] {0, 300}, new SplitMix64(SEED)))
                .getMessage());
        assertEquals("sop rng=null but rounding=STOCHASTIC needs the core's SplitMix64",
            assertThrows(IllegalArgumentException.class,
                () -> SumOfProductsEngine.fixedPoint(c, 1, 1, new int[1], null)).getMessage());
        assertEquals("sop rule 'dw = x1 * y0': a second rule for target dw (one rule per target)",
            assertThrows(IllegalArgumentException.class, () -> SopConfig.loihi(4, TRACE, TRACE, TRACE, TRACE, TRACE,
                STDP, "dw = x1 * y0")).getMessage());
        assertEquals("sop tEpoch=64 out of range [1, 63]", assertThrows(IllegalArgumentException.class,
            () -> SopConfig.loihi(64, TRACE, TRACE, TRACE, TRACE, TRACE, STDP)).getMessage());
    }
}
