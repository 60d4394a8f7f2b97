package org.nmsim.learning.sigpropconv;

import java.util.Arrays;
import java.util.List;

import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerFactory;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.sigprop.AdamMoments;
import org.nmsim.learning.sigprop.SigpropFactory;
import org.nmsim.learning.sigprop.SigpropHyper;
import org.nmsim.learning.sigprop.SigpropVariant;

/**
 * Builds {@link SigconvChip}s for {@code algorithm.method} {@code sigprop-conv-surrogate}, {@code sigprop-conv-voltage}
 * and {@code sigprop-conv-shallow}. Keys: {@code conv} ({@value #DEFAULT_CONV}), {@code fc} ({@value #DEFAULT_FC}),
 * {@code input_shape} ({@code [C, H, W]}, default {@code [1, 28, 28]} for 784 inputs, required otherwise),
 * {@code steps} (4), {@code vth} (0.5 FSP, 1.0 shallow), {@code optimizer} ({@code sgd} or {@code adam}; default
 * sgd), {@code eta} (SGD: 1e-3 surrogate, {@value #DEFAULT_ETA_VOLTAGE} voltage; Adam: {@value #DEFAULT_ETA_ADAM}),
 * {@code eta_readout} (SGD: 0.02; Adam: {@value #DEFAULT_ETA_READOUT_ADAM}), {@code adam_beta1} (0.9),
 * {@code adam_beta2} (0.999), {@code adam_eps} (1e-8), {@code init_gain} (1: hidden weights uniform in
 * {@code +-gain/sqrt(fan-in)}), {@code norm} ({@code none} or {@code running}: the conv layers' running-statistics
 * normalisation, FSP methods and float64 only; default none) with {@code norm_momentum}
 * ({@value SigconvNorm#DEFAULT_MOMENTUM}) and {@code norm_eps} ({@value SigconvNorm#DEFAULT_EPS}), {@code schedule}
 * ({@code constant} or {@code cosine}; default constant) with {@code schedule_epochs} (E, required for cosine: the
 * rates after epoch e are {@code 0.5 (1 + cos(pi min(e, E) / E))} times their value).
 * {@code network.sizes} is {@code [inputs, classes]} (or lists the conv layers' neurons
 * and fc between them, which must then match).
 */
public final class SigconvFactory implements LearnerFactory
{
    /** Default conv layers (the paper gives no channel counts). */
    public static final String DEFAULT_CONV = "16C3-MP2-32C3-MP2";
    /** Default fc hidden neurons. */
    public static final int DEFAULT_FC = 128;
    /**
     * Default SGD rate of FSP-voltage's hidden layers on this net. The FC sigprop's 5e-4 diverges here: the local loss
     * is bilinear in unbounded voltages and a conv kernel's gradient sums over all its positions, so one SGD step
     * grows the voltages it is computed from (measured: the fc layer's max |v| reaches 1e36 within 200 samples at
     * 5e-4, init_gain 3). In the same model in PyTorch (reference/sigprop_conv/diagnose.py, 1000 training and 500
     * test images, one epoch, single runs) 1e-4 / 5e-5 / 2e-5 gave 71.6 / 73.6 / 73.0 % test accuracy, all bounded
     * (differences within the +-2 % of 500 test images); 1e-4 is the largest of them.
     */
    public static final double DEFAULT_ETA_VOLTAGE = 1e-4;
    /** Default Adam rate of the hidden layers, S and d (the paper's 5e-4). */
    public static final double DEFAULT_ETA_ADAM = 5e-4;
    /** Default Adam rate of the classification layer. */
    public static final double DEFAULT_ETA_READOUT_ADAM = 1e-3;

    @Override
    public List<String> methods()
    {
        return List.of("sigprop-conv-surrogate", "sigprop-conv-voltage", "sigprop-conv-shallow");
    }

    /**
     * @param method a {@code sigprop-conv-*} method.
     * @return the FC sigprop variant of the same meaning.
     */
    public static SigpropVariant variantOf(final String method)
    {
        return SigpropVariant.byMethod(method.replace("sigprop-conv-", "sigprop-"));
    }

    @Override
    public OnChipLearner build(final LearnerSetup setup, final AlgorithmParams params)
    {
        final int[] sizes = setup.sizes();
        final SigpropVariant v = variantOf(params.method());
        final String text = params.text("conv", DEFAULT_CONV);
        final int fc = params.integer("fc", DEFAULT_FC, 1, 1 << 20);
        final int[] shape = params.integers("input_shape", sizes.length > 0 && sizes[0] == 784 ?
            new int[] {1, 28, 28} : null, 1, 1 << 20);
        final int steps = params.integer("steps", SigpropHyper.PAPER_STEPS, 1, 1000);
        final double vth = params.real("vth", v == SigpropVariant.SHALLOW ? SigpropHyper.PAPER_VTH_SHALLOW :
            SigpropHyper.PAPER_VTH_FSP, 0.0, false, 1e6, true);
        final boolean useAdam = "adam".equals(params.choice("optimizer", "sgd", "sgd", "adam"));
        final double eta = params.real("eta", useAdam ? DEFAULT_ETA_ADAM : v == SigpropVariant.VOLTAGE ?
            DEFAULT_ETA_VOLTAGE : SigpropHyper.DEFAULT_ETA, 0.0, true, 1.0, true);
        final double etaOut = params.real("eta_readout", useAdam ? DEFAULT_ETA_READOUT_ADAM :
            SigpropHyper.DEFAULT_ETA_READOUT, 0.0, true, 1.0, true);
        final AdamMoments.Config torch = AdamMoments.Config.TORCH;
        final double beta1 = params.real("adam_beta1", torch.beta1(), 0.0, true, 1.0, false);
        final double beta2 = params.real("adam_beta2", torch.beta2(), 0.0, true, 1.0, false);
        final double adamEps = params.real("adam_eps", torch.eps(), 0.0, false, 1.0, true);
        final double gain = SigpropFactory.initGain(params);
        final boolean running = "running".equals(params.choice("norm", "none", "none", "running"));
        SigconvNorm norm = null;
        if (running)
        {
            final double momentum = params.real("norm_momentum", SigconvNorm.DEFAULT_MOMENTUM, 0.0, false, 1.0, true);
            final double eps = params.real("norm_eps", SigconvNorm.DEFAULT_EPS, 0.0, false, 1.0, true);
            if (v == SigpropVariant.SHALLOW)
            {
                params.error("algorithm.norm=running needs an FSP method: algorithm.method=" + params.method() +
                    " does not train its hidden layers");
            }
            if (setup.fixedPoint())
            {
                params.error("algorithm.norm=running is built for float64 only: it needs network.arithmetic=float64, " +
                    "not fixed point (no fixed-point formats for gamma, beta and the running statistics)");
            }
            norm = new SigconvNorm(momentum, eps);
        }
        final boolean cosine = "cosine".equals(params.choice("schedule", "constant", "constant", "cosine"));
        final int scheduleEpochs = cosine ? params.integer("schedule_epochs", null, 1, 1 << 20) : 0;
        if (sizes.length < 2)
        {
            params.error("network.sizes=" + Arrays.toString(sizes) + " must give the inputs and the classes");
            return null;
        }
        if (shape == null)
        {
            params.error("algorithm.input_shape is required when network.sizes[0]=" + sizes[0] + " is not 784");
            return null;
        }
        SigconvArchitecture arch = null;
        try
        {
            arch = SigconvArchitecture.parse(text, shape, fc, sizes[sizes.length - 1]);
            if (arch.inputs() != sizes[0])
            {
                params.error("algorithm.input_shape=" + Arrays.toString(shape) + " has " + arch.inputs() +
                    " inputs but network.sizes[0]=" + sizes[0]);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            params.error("algorithm." + ex.getMessage());
        }
        if (!params.errors().isEmpty() || arch == null)
        {
            return null;
        }
        final SigpropHyper hyper = new SigpropHyper(v, steps, vth, eta, etaOut, 0, true, false);
        final SigconvChip chip = SigconvChip.builder(arch).hyper(hyper).chip(setup.chip()).formats(setup.formats())
            .fixedPoint(setup.fixedPoint()).seed(setup.seed()).workers(setup.workers()).initGain(gain)
            .adam(useAdam ? new AdamMoments.Config(beta1, beta2, adamEps) : null).norm(norm).cosine(scheduleEpochs)
            .build();
        if (sizes.length > 2 && !Arrays.equals(sizes, chip.sizes()))
        {
            params.error("network.sizes=" + Arrays.toString(sizes) + " must be [inputs, classes] or " +
                Arrays.toString(chip.sizes()) + " for algorithm.conv=" + text + ", fc=" + fc);
            chip.close();
            return null;
        }
        return chip;
    }
}
