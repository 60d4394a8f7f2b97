package org.nmsim.learning.sfdfa;

import org.nmsim.learning.AlgorithmParams;

/**
 * Hyperparameters of SFDFA and of DFA with the same neurons (paper 001), as {@code nmsim run} reads them from the
 * {@code algorithm} section. Defaults follow the paper where it gives a value (Appendix A.2, section 3.2, Fig. 2);
 * the rest are this implementation's choices, marked as such.
 *
 * @param learnedFeedback true for {@code sfdfa} (feedback learned from graded spikes, eq. 7), false for
 *                        {@code sfdfa-dfa} (fixed random feedback).
 * @param eta             learning rate lambda (paper: 0.003 with Adam for image data). Key {@code eta}.
 * @param alpha           feedback learning rate (paper: 1e-4). Key {@code alpha}.
 * @param tauS            synaptic time constant (s); the membrane's is {@code 2 tau_s}. Key {@code tau_s}. Default
 *                        0.01 s, the value of the paper's Fig. 2 (the paper does not list it for Fashion-MNIST).
 * @param threshold       threshold theta. Key {@code threshold}. Default 1 (choice; the scale of the weights).
 * @param window          inference window (s): spikes at or after it are not fired or counted. Key {@code window}.
 *                        Default 0.2 s (choice: the 0.1 s encoding window plus the decay of the last inputs).
 * @param encodingWindow  TTFS window T (s) of eq. 22 (paper: 0.1). Key {@code encoding_window}.
 * @param delay           axonal delay of every route (s), also the kernel's lookahead. Key {@code delay}. Default
 *                        1 ms (choice; the paper's GPU simulator has none).
 * @param payloadBits     graded payload width for grades; 0 sends float64 grades (float64 mode only). Key
 *                        {@code payload_bits}. Default 0 in float64 mode, the chip's payload width in fixed point.
 * @param payloadIntBits  integer bits (without sign) of a grade payload. Key {@code payload_int_bits}. Default 5.
 * @param exactGradient   true for eq. 17, false for the bounded eq. 18 (the paper's choice). Key {@code gradient}:
 *                        {@code exact} or {@code bounded}.
 * @param adam            true for Adam (paper, beta1 0.9, beta2 0.999, eps 1e-8), false for plain SGD. Key
 *                        {@code optimizer}: {@code adam} or {@code sgd}.
 * @param batch           samples per update (paper: 50). Key {@code batch}.
 * @param targetTrue      spike-count target of the true class (paper: 10). Key {@code target_true}.
 * @param targetFalse     spike-count target of the other classes (paper: 3). Key {@code target_false}.
 * @param regBeta         firing-rate regularisation strength beta (Appendix A.1); 0 turns it off (default). Key
 *                        {@code reg_beta}.
 * @param regTarget       target spike count n-hat of a hidden neuron (Appendix A.1). Key {@code reg_target}.
 *                        Default 5 (choice).
 * @param initCurrent     initial weights give each neuron a mean synaptic current of this many thresholds, for
 *                        the assumed presynaptic rates. Key {@code init_current}. Default 2 (choice).
 * @param initSpread      standard deviation of the initial weights over their mean. Key {@code init_spread}.
 *                        Default 2 (choice).
 * @param initRate        spikes per sample assumed for a hidden presynaptic neuron when scaling the initial
 *                        weights. Key {@code init_rate}. Default 5 (choice).
 * @param etaByWeightScale false: every weight layer learns at {@code eta}; true: weight layer l learns at
 *                        {@code eta |mean_l| / |mean_0|}, its initial mean weight over the first layer's (choice, not
 *                        the paper's). Adam moves every weight by about eta per step whatever its scale, and the
 *                        initial weights shrink with the fan-in, so with one eta a 400-input layer moves 4 times
 *                        further relative to its weights than a 100-input one. Key {@code layer_eta}: {@code uniform}
 *                        (default) or {@code weight_scale}.
 */
public record SfdfaParams(boolean learnedFeedback, double eta, double alpha, double tauS, double threshold,
    double window, double encodingWindow, double delay, int payloadBits, int payloadIntBits, boolean exactGradient,
    boolean adam, int batch, double targetTrue, double targetFalse, double regBeta, double regTarget,
    double initCurrent, double initSpread, double initRate, boolean etaByWeightScale)
{
    /** Method name of SFDFA. */
    public static final String SFDFA = "sfdfa";
    /** Method name of DFA with the same neurons and fixed random feedback. */
    public static final String DFA = "sfdfa-dfa";

    /** Validates the cross-field rules. */
    public SfdfaParams
    {
        if (!(encodingWindow < window))
        {
            throw new IllegalArgumentException("algorithm.encoding_window=" + encodingWindow +
                " must be < algorithm.window=" + window + " (inputs must arrive inside the inference window)");
        }
    }

    /**
     * @param learnedFeedback SFDFA (true) or DFA (false).
     * @return the defaults, float64 grades.
     */
    public static SfdfaParams defaults(final boolean learnedFeedback)
    {
        return new SfdfaParams(learnedFeedback, 0.003, 1e-4, 0.01, 1.0, 0.2, 0.1, 1e-3, 0, 5, false, true, 50,
            10, 3, 0.0, 5.0, 2.0, 2.0, 5.0, false);
    }

    /**
     * Reads every key (collecting errors in {@code p}).
     *
     * @param p               the algorithm section; {@code p.method()} is {@link #SFDFA} or {@link #DFA}.
     * @param chipPayloadBits the chip's graded payload width.
     * @param fixedPoint      whether the run is in fixed point (sets the payload default).
     * @return the parameters, or null when {@code p} collected errors.
     */
    public static SfdfaParams read(final AlgorithmParams p, final int chipPayloadBits, final boolean fixedPoint)
    {
        final SfdfaParams d = defaults(true);
        final boolean learned = SFDFA.equals(p.method());
        final double eta = p.real("eta", d.eta, 0.0, false, 1.0, true);
        final double alpha = p.real("alpha", d.alpha, 0.0, false, 1.0, false);
        final double tauS = p.real("tau_s", d.tauS, 0.0, false, 10.0, true);
        final double threshold = p.real("threshold", d.threshold, 0.0, false, 1e6, true);
        final double window = p.real("window", d.window, 0.0, false, 100.0, true);
        final double enc = p.real("encoding_window", d.encodingWindow, 0.0, false, 100.0, true);
        final double delay = p.real("delay", d.delay, 0.0, false, 1.0, true);
        final int payloadBits = p.integer("payload_bits", fixedPoint ? chipPayloadBits : 0, 0, 32);
        final int payloadIntBits = p.integer("payload_int_bits", d.payloadIntBits, 0, 31);
        final String gradient = p.choice("gradient", "bounded", "bounded", "exact");
        final String optimizer = p.choice("optimizer", "adam", "adam", "sgd");
        final int batch = p.integer("batch", d.batch, 1, 1_000_000);
        final double tTrue = p.real("target_true", d.targetTrue, 0.0, true, 1e6, true);
        final double tFalse = p.real("target_false", d.targetFalse, 0.0, true, 1e6, true);
        final double regBeta = p.real("reg_beta", d.regBeta, 0.0, true, 1e6, true);
        final double regTarget = p.real("reg_target", d.regTarget, 0.0, true, 1e6, true);
        final double initCurrent = p.real("init_current", d.initCurrent, -1e6, true, 1e6, true);
        final double initSpread = p.real("init_spread", d.initSpread, 0.0, true, 1e6, true);
        final double initRate = p.real("init_rate", d.initRate, 0.0, false, 1e6, true);
        final String layerEta = p.choice("layer_eta", "uniform", "uniform", "weight_scale");
        if ("weight_scale".equals(layerEta) && initCurrent == 0.0)
        {
            p.error("algorithm.layer_eta=weight_scale needs a nonzero algorithm.init_current (it scales each layer's" +
                " eta by its initial mean weight), got init_current=0");
        }
        if (payloadBits > chipPayloadBits)
        {
            p.error("algorithm.payload_bits=" + payloadBits + " must be <= the chip's graded payload width " +
                chipPayloadBits);
        }
        if (payloadBits == 0 && fixedPoint)
        {
            p.error("algorithm.payload_bits=0 (float64 grades) is not allowed in fixed point; use 1.." +
                chipPayloadBits);
        }
        if (payloadBits > 0 && payloadIntBits >= payloadBits)
        {
            p.error("algorithm.payload_int_bits=" + payloadIntBits + " must be < algorithm.payload_bits=" +
                payloadBits + " (one bit is the sign)");
        }
        if (!(enc < window))
        {
            p.error("algorithm.encoding_window=" + enc + " must be < algorithm.window=" + window);
        }
        if (!p.errors().isEmpty())
        {
            return null;
        }
        return new SfdfaParams(learned, eta, alpha, tauS, threshold, window, enc, delay, payloadBits,
            payloadIntBits, "exact".equals(gradient), "adam".equals(optimizer), batch, tTrue, tFalse, regBeta,
            regTarget, initCurrent, initSpread, initRate, "weight_scale".equals(layerEta));
    }

    /**
     * @param learned SFDFA (true) or DFA (false).
     * @return a copy with the method changed.
     */
    public SfdfaParams withLearnedFeedback(final boolean learned)
    {
        return new SfdfaParams(learned, eta, alpha, tauS, threshold, window, encodingWindow, delay, payloadBits,
            payloadIntBits, exactGradient, adam, batch, targetTrue, targetFalse, regBeta, regTarget, initCurrent,
            initSpread, initRate, etaByWeightScale);
    }

    /** @return the method name ({@link #SFDFA} or {@link #DFA}). */
    public String method()
    {
        return learnedFeedback ? SFDFA : DFA;
    }
}
