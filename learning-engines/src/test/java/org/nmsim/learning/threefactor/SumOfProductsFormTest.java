package org.nmsim.learning.threefactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.preset.EngineKind;
import org.nmsim.chip.preset.PlasticityOp;
import org.nmsim.chip.preset.Presets;
import org.nmsim.learning.sop.SopCapabilities;
import org.nmsim.learning.sop.SopConfig;
import org.nmsim.learning.sop.SumOfProductsEngine;
import org.nmsim.learning.sop.TraceParams;
import org.nmsim.learning.sop.Variable;

/**
 * The three-factor rule written for the Loihi sum-of-products engine ({@code org.nmsim.learning.sop}), as far as
 * that engine can express it:
 * <pre>
 *   dt = x1 * y1 * u0 - 2^-3 * t * u0        eligibility in the synaptic tag: decays by 1/8 per epoch and grows by
 *                                            pre trace x1 (for Q) times post trace y1 (stand-in for sigma'(U))
 *   dw = -2^-4 * t * y2 * u0                 weight: -eta * eligibility * third factor, the learning signal L
 *                                            written into post trace y2 by the neuron
 * </pre>
 * Approximations forced by the engine: it cannot read the membrane potential, so sigma'(U) becomes the postsynaptic
 * spike trace y1; the eligibility lives in the 9-bit tag (the programmable version keeps eligibility_bits, 16 by
 * default); Q becomes one exponential pre trace.
 *
 * <p>What mapping checks today: {@link SopCapabilities#ops()} against {@code ChipSpec.missingOps} accepts the form
 * on both loihi1 and loihi2 (both engines add, multiply, shift and round stochastically). The check does not see
 * the third factor's delivery: a signed graded L needs graded or signed spikes, which loihi2 has and loihi1 has
 * not (loihi1 can only approximate it with burst-coded spikes on neuron pairs, as {@link ThreeFactorChip} does).
 */
class SumOfProductsFormTest
{
    private static final String ELIGIBILITY = "dt = x1 * y1 * u0 - 2^-3 * t * u0";
    private static final String WEIGHT = "dw = -2^-4 * t * y2 * u0";

    private static SopConfig config()
    {
        final TraceParams trace = new TraceParams(16.0, 8.0);
        return SopConfig.loihi(1, trace, TraceParams.NONE, trace, TraceParams.NONE, TraceParams.NONE, ELIGIBILITY,
            WEIGHT);
    }

    @Test
    void shouldRunTheThreeFactorFormAndMoveTheWeightAgainstTheLearningSignal()
    {
        final double[] w = {0.0};
        final double[] d = {0.0};
        final double[] t = {0.0};
        final SumOfProductsEngine e = SumOfProductsEngine.ideal(config(), 1, 1, w, d, t);
        // pre and post spike together for three steps with no learning signal: eligibility builds, w stays
        for (int s = 0; s < 3; s++)
        {
            e.preSpike(0);
            e.postSpike(0);
            e.endStep();
        }
        assertTrue(t[0] > 0.0, "eligibility (tag) must build up from pre x post activity, t=" + t[0]);
        assertEquals(0.0, w[0], 0.0, "no learning signal, no weight change");
        final double eligibility = t[0];
        // a negative learning signal (output too quiet) must raise the weight: dw = -2^-4 * t * y2
        e.setPostTrace(Variable.Y2, 0, -8.0);
        e.endStep();
        assertTrue(w[0] > 0.0, "weight must rise for a negative learning signal, w=" + w[0]);
        assertEquals(Math.scalb(eligibility, -4) * 8.0, w[0], 1e-9, "dw = 2^-4 * t * 8 with the tag of the epoch");
    }

    @Test
    void shouldPassTheOpCheckOnLoihi1AndLoihi2ButNeedGradedThirdFactorsOnlyLoihi2Has()
    {
        final SopCapabilities cap = SopCapabilities.of(config());
        assertEquals(EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY, PlasticityOp.SHIFT, PlasticityOp.RANDOM),
            cap.ops());
        assertTrue(Presets.loihi1().missingOps(cap.ops()).isEmpty(), "loihi1's engine runs the SOP form");
        assertTrue(Presets.loihi2().missingOps(cap.ops()).isEmpty(), "loihi2 too");
        assertEquals(EngineKind.SUM_OF_PRODUCTS, Presets.loihi1().engine().value());
        assertEquals(9 + 9, cap.bitsPerSynapse(), "9-bit weight + 9-bit tag (eligibility) per synapse");
        assertFalse(Presets.loihi1().supports(MessageKind.GRADED_SPIKE) ||
            Presets.loihi1().supports(MessageKind.SIGNED_SPIKE), "loihi1 cannot carry a signed graded third factor");
        assertTrue(Presets.loihi2().supports(MessageKind.GRADED_SPIKE), "loihi2 can");
    }
}
