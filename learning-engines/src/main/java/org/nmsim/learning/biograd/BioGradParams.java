package org.nmsim.learning.biograd;

import org.nmsim.learning.AlgorithmParams;

/**
 * BioGrad's hyperparameters (paper 004), with the paper's Appendix C values (MNIST) as defaults.
 *
 * @param loihi           true for the Loihi-simplified variant of Appendix E: integrate-and-fire somata
 *                        ({@code dv = 1}), the soma's spike as the pseudo-gradient, per-presynaptic-neuron traces, a
 *                        spiking apical compartment, and feedback reloaded from the forward weights once per epoch
 *                        instead of sleep.
 * @param steps           T, sample presentation steps (Appendix C: 20).
 * @param tError          t_error, the first (0-based) step at which errors are fed to the error neurons (5); the
 *                        apical potential is averaged over {@code T - t_error} steps (eq. 7).
 * @param dv              somatic voltage decay d_v (0.6); 1 for the Loihi variant.
 * @param vth             somatic threshold V_th (0.3).
 * @param window          pseudo-gradient window a (0.3): z(v) = b when |v - V_th| &lt; a.
 * @param amplification   pseudo-gradient amplification b (1.0).
 * @param eta             feedforward learning rate (1e-3; Loihi variant 3e-6, see {@link #paperDefaults}).
 * @param errorThreshold  threshold of the integrate-and-fire error neurons (1.0, soft reset).
 * @param sleep           whether the sleep phase runs (full variant only).
 * @param fwdInit         FwdInit (eq. 4) when true, RandInit when false.
 * @param sleepLr         sleep learning rate beta ((1e-4)/3).
 * @param sleepEvery      training samples between sleep phases (128: one paper batch).
 * @param sleepCycles     sleep cycles per sleep phase (1).
 * @param sleepSteps      T_sleep, presentation steps of the random input (50).
 * @param sleepBatch      random presentations per cycle whose Hebbian terms are summed (Oja decay averaged)
 *                        before B changes (128: the paper's sleep batch).
 * @param sleepRate       spike probability per step of the random positive and negative neurons; 0 draws it
 *                        uniformly in [0, 1) per hidden layer and cycle.
 * @param apicalThreshold Loihi variant: threshold of the spiking apical compartment (soft reset, signed).
 * @param precisionBits   0 for float64; else weights, feedback weights and traces in fixed point of this width
 *                        (Table 5: 32, 16, 8).
 * @param stochastic      rounding of the fixed-point values: false = deterministic (round to nearest, as the paper),
 *                        true = stochastic from the core's own stream.
 */
public record BioGradParams(boolean loihi, int steps, int tError, double dv, double vth, double window,
    double amplification, double eta, double errorThreshold, boolean sleep, boolean fwdInit, double sleepLr,
    int sleepEvery, int sleepCycles, int sleepSteps, int sleepBatch, double sleepRate, double apicalThreshold,
    int precisionBits, boolean stochastic)
{
    /** {@code algorithm.method} of the full algorithm. */
    public static final String FULL = "biograd";
    /** {@code algorithm.method} of the Loihi-simplified variant (Appendix E). */
    public static final String LOIHI = "biograd-loihi";

    /** Validates the cross-field rules. */
    public BioGradParams
    {
        if (steps < 1 || tError < 0 || tError >= steps)
        {
            throw new IllegalArgumentException("tError=" + tError + " must be in [0, steps=" + steps + ")");
        }
        if (precisionBits != 0 && (precisionBits < 4 || precisionBits > 32))
        {
            throw new IllegalArgumentException("precisionBits=" + precisionBits + " must be 0 (float64) or in [4, 32]");
        }
    }

    /**
     * @param loihi the variant.
     * @return Appendix C's MNIST values; for the Loihi variant IF somata, no sleep and {@code eta = 3e-6}: the paper
     *         gives no rate for it, and its integrate-and-fire traces grow up to T times larger than the full
     *         variant's. Measured on 3000 Fashion-MNIST images (784-100-10, 2 epochs): 1e-3 diverged at once; 5e-5,
     *         2e-5 and 1e-5 learned for about a thousand samples, then every output neuron saturated (uniform output,
     *         loss log 10); 3e-6 stayed stable. Our choice, not the paper's.
     */
    public static BioGradParams paperDefaults(final boolean loihi)
    {
        return new BioGradParams(loihi, 20, 5, loihi ? 1.0 : 0.6, 0.3, 0.3, 1.0, loihi ? 3e-6 : 1e-3, 1.0, !loihi, true,
            1e-4 / 3, 128, 1, 50, 128, 0.0, 0.1, 0, false);
    }

    /**
     * Reads the {@code algorithm} section: keys as in the record, in snake case ({@code t_error}, {@code sleep_lr},
     * ...), {@code init: fwd|rand}, {@code rounding: nearest|stochastic}. The Loihi variant has no sleep keys and
     * the full variant no {@code apical_threshold}: {@link AlgorithmParams#check()} reports them as unknown.
     *
     * @param p the section; {@code p.method()} is {@link #FULL} or {@link #LOIHI}.
     * @return the parameters (defaults where a value was wrong; the error is collected in {@code p}).
     */
    public static BioGradParams from(final AlgorithmParams p)
    {
        final boolean loihi = LOIHI.equals(p.method());
        final BioGradParams d = paperDefaults(loihi);
        final int steps = p.integer("steps", d.steps(), 1, 10_000);
        int tError = p.integer("t_error", d.tError(), 0, 10_000);
        if (tError >= steps)
        {
            p.error("algorithm.t_error=" + tError + " must be < algorithm.steps=" + steps);
            tError = Math.min(d.tError(), steps - 1);
        }
        final double dv = loihi ? 1.0 : p.real("dv", d.dv(), 0.0, true, 1.0, true);
        final double vth = p.real("vth", d.vth(), 0.0, false, 1e6, true);
        final double window = loihi ? d.window() : p.real("window", d.window(), 0.0, false, 1e6, true);
        final double amp = p.real("amplification", d.amplification(), 0.0, false, 1e6, true);
        final double eta = p.real("eta", d.eta(), 0.0, true, 1.0, true);
        final double errTh = p.real("error_threshold", d.errorThreshold(), 0.0, false, 1e6, true);
        final String init = loihi ? "fwd" : p.choice("init", "fwd", "fwd", "rand");
        final boolean sleep = !loihi && p.flag("sleep", d.sleep());
        final double sleepLr = loihi ? 0.0 : p.real("sleep_lr", d.sleepLr(), 0.0, true, 1.0, true);
        final int sleepEvery = loihi ? d.sleepEvery() : p.integer("sleep_every", d.sleepEvery(), 1, Integer.MAX_VALUE);
        final int cycles = loihi ? d.sleepCycles() : p.integer("sleep_cycles", d.sleepCycles(), 1, 1_000_000);
        final int sleepSteps = loihi ? d.sleepSteps() : p.integer("sleep_steps", d.sleepSteps(), 1, 10_000);
        final int sleepBatch = loihi ? d.sleepBatch() : p.integer("sleep_batch", d.sleepBatch(), 1, 1_000_000);
        final double rate = loihi ? 0.0 : p.real("sleep_rate", d.sleepRate(), 0.0, true, 1.0, true);
        final double apical = loihi ? p.real("apical_threshold", d.apicalThreshold(), 0.0, false, 1e6, true) :
            d.apicalThreshold();
        int bits = p.integer("precision", 0, 0, 32);
        if (bits != 0 && bits < 4)
        {
            p.error("algorithm.precision=" + bits + " must be 0 (float64) or in [4, 32]");
            bits = 0;
        }
        final boolean stochastic = "stochastic".equals(p.choice("rounding", "nearest", "nearest", "stochastic"));
        return new BioGradParams(loihi, steps, tError, dv, vth, window, amp, eta, errTh, sleep, "fwd".equals(init),
            sleepLr, sleepEvery, cycles, sleepSteps, sleepBatch, rate, apical, bits, stochastic);
    }

    /** @return the method name. */
    public String method()
    {
        return loihi ? LOIHI : FULL;
    }

    /** @return {@code T - t_error}, the number of error steps the apical potential integrates. */
    public int errorSteps()
    {
        return steps - tError;
    }

    /**
     * The rectangular pseudo-gradient of the full variant (paper eq. 5-6, Appendix A eq. 6).
     *
     * @param v somatic voltage (before reset).
     * @return b when |v - V_th| &lt; a, else 0.
     */
    public double pseudoGradient(final double v)
    {
        return Math.abs(v - vth) < window ? amplification : 0.0;
    }
}
