package org.nmsim.learning.sigprop;

import org.nmsim.learning.AlgorithmParams;

/**
 * The hyperparameters of on-chip sigprop.
 *
 * @param variant     surrogate, voltage or shallow.
 * @param steps       T, time steps per sample (paper: 4).
 * @param vth         IF threshold (paper: 0.5 for FSP, 1.0 for the shallow baseline).
 * @param eta         SGD learning rate of the hidden layers and the target generator (batch 1).
 * @param etaReadout  SGD learning rate of the classification layer.
 * @param targetSize  r, the target generator's output size; layer-1 neurons {@code j >= r} get a zero target (sparse
 *                    targets, section III-E). Equal to the first hidden layer's size for dense targets.
 * @param targetGrad  true (the paper's autograd behaviour): the local loss also trains through the target channels
 *                    t (and so trains the target generator S); false treats t as a constant.
 * @param exitEval    true to forward the targets also during inference, so every hidden layer makes its early-exit
 *                    prediction (eq. 8); costs the target traffic at inference.
 * @param loop        true for the target-loop generator (eq. 11): the context of target channel q becomes
 *                    {@code c_q + y[t-1]}, with y the classification layer's softmax output of the previous step,
 *                    sent back to the context core (a loop from the output to the generator, counted as kind
 *                    {@code loop}); false for the target-only generator (eq. 1).
 */
public record SigpropHyper(SigpropVariant variant, int steps, double vth, double eta, double etaReadout,
    int targetSize, boolean targetGrad, boolean exitEval, boolean loop)
{
    /** Paper: T = 4 steps. */
    public static final int PAPER_STEPS = 4;
    /** Paper: FSP neurons spike when v reaches 0.5. */
    public static final double PAPER_VTH_FSP = 0.5;
    /** Paper: BP and shallow neurons spike when v reaches 1.0. */
    public static final double PAPER_VTH_SHALLOW = 1.0;
    /**
     * Default SGD rate of the hidden layers of FSP-surrogate (batch 1). The paper trains with Adam at 5e-4, batch
     * 128, which has no on-chip counterpart here; this value (and the two below) come from a small sweep on
     * Fashion-MNIST 784-100-100-10 (3000 bundled training images, 2 epochs, 1000 test images; surrogate 0.0005 /
     * 0.001 / 0.002 / 0.005 / 0.01 gave 75.6 / 74.2 / 71.6 / 67.5 / 51.2 % test), not from the paper.
     */
    public static final double DEFAULT_ETA = 0.001;
    /**
     * Default SGD rate of the hidden layers of FSP-voltage (voltages are larger than g(v - V_th) in [0, 1]; 0.00025 /
     * 0.0005 / 0.001 / 0.002 gave 75.3 / 76.9 / 73.9 / 9.7 % test in the same sweep).
     */
    public static final double DEFAULT_ETA_VOLTAGE = 0.0005;
    /** Default SGD rate of the classification layer. */
    public static final double DEFAULT_ETA_READOUT = 0.02;

    /**
     * The target-only generator (eq. 1).
     *
     * @param variant    surrogate, voltage or shallow.
     * @param steps      T.
     * @param vth        IF threshold.
     * @param eta        hidden-layer rate.
     * @param etaReadout classification-layer rate.
     * @param targetSize r (0: dense).
     * @param targetGrad gradients through the targets.
     * @param exitEval   early exits at inference.
     */
    public SigpropHyper(final SigpropVariant variant, final int steps, final double vth, final double eta,
        final double etaReadout, final int targetSize, final boolean targetGrad, final boolean exitEval)
    {
        this(variant, steps, vth, eta, etaReadout, targetSize, targetGrad, exitEval, false);
    }

    /** Validates the values (errors name the field, the value and the rule). */
    public SigpropHyper
    {
        if (variant == null)
        {
            throw new IllegalArgumentException("variant=null: one of " + java.util.Arrays.toString(
                SigpropVariant.values()) + " is required");
        }
        if (steps < 1)
        {
            throw new IllegalArgumentException("steps=" + steps + " must be >= 1");
        }
        if (!(vth > 0) || !Double.isFinite(vth))
        {
            throw new IllegalArgumentException("vth=" + vth + " must be > 0 and finite");
        }
        if (!(eta >= 0 && eta <= 1) || !(etaReadout >= 0 && etaReadout <= 1))
        {
            throw new IllegalArgumentException("eta=" + eta + ", etaReadout=" + etaReadout + " must be in [0, 1]");
        }
        if (targetSize < 0)
        {
            throw new IllegalArgumentException("targetSize=" + targetSize + " must be >= 0 (0: dense)");
        }
    }

    /**
     * The paper's defaults for a variant: T = 4, V_th = 0.5 (FSP) or 1.0 (shallow), dense targets, gradients through
     * the targets; nmsim's SGD rates ({@link #DEFAULT_ETA}, {@link #DEFAULT_ETA_VOLTAGE},
     * {@link #DEFAULT_ETA_READOUT}).
     *
     * @param variant the variant.
     * @return the hyperparameters.
     */
    public static SigpropHyper paperDefaults(final SigpropVariant variant)
    {
        return new SigpropHyper(variant, PAPER_STEPS, variant == SigpropVariant.SHALLOW ? PAPER_VTH_SHALLOW :
            PAPER_VTH_FSP, variant == SigpropVariant.VOLTAGE ? DEFAULT_ETA_VOLTAGE : DEFAULT_ETA, DEFAULT_ETA_READOUT,
            0, true, false);
    }

    /**
     * Reads the {@code algorithm} section: {@code steps} (4), {@code vth} (0.5 FSP, 1.0 shallow), {@code eta}
     * ({@value #DEFAULT_ETA} surrogate, {@value #DEFAULT_ETA_VOLTAGE} voltage), {@code eta_readout}
     * ({@value #DEFAULT_ETA_READOUT}), {@code target_size} (0: dense), {@code target_grad} (true), {@code exit_eval}
     * (false), {@code generator} ({@code target}: eq. 1; {@code loop}: eq. 11). Problems are collected in
     * {@code params}.
     *
     * @param params     the section; its method is one of the sigprop methods.
     * @param firstLayer the first hidden layer's size (the largest target size).
     * @return the hyperparameters (defaults where a value was wrong).
     */
    public static SigpropHyper from(final AlgorithmParams params, final int firstLayer)
    {
        final SigpropVariant v = SigpropVariant.byMethod(params.method());
        final int steps = params.integer("steps", PAPER_STEPS, 1, 1000);
        final double vth = params.real("vth", v == SigpropVariant.SHALLOW ? PAPER_VTH_SHALLOW : PAPER_VTH_FSP, 0.0,
            false, 1e6, true);
        final double eta = params.real("eta", v == SigpropVariant.VOLTAGE ? DEFAULT_ETA_VOLTAGE : DEFAULT_ETA, 0.0,
            true, 1.0, true);
        final double etaOut = params.real("eta_readout", DEFAULT_ETA_READOUT, 0.0, true, 1.0, true);
        final int r = params.integer("target_size", 0, 0, Integer.MAX_VALUE);
        if (r > firstLayer)
        {
            params.error("algorithm.target_size=" + r + " must be <= the first hidden layer's size " + firstLayer +
                " (0: dense)");
        }
        final boolean grad = params.flag("target_grad", true);
        final boolean exit = params.flag("exit_eval", false);
        final String generator = params.choice("generator", "target", "target", "loop");
        return new SigpropHyper(v, steps, vth, eta, etaOut, r > firstLayer ? 0 : r, grad, exit,
            "loop".equals(generator));
    }

    /**
     * @param firstLayer the first hidden layer's size.
     * @return r, the number of layer-1 neurons with a target compartment.
     */
    public int targetsOf(final int firstLayer)
    {
        return targetSize == 0 ? firstLayer : Math.min(targetSize, firstLayer);
    }
}
