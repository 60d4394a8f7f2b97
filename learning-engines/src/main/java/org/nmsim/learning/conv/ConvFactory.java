package org.nmsim.learning.conv;

import java.util.List;

import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerFactory;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.OnlineHyper;

/**
 * Builds {@link ConvChip}s for {@code algorithm.method} {@code conv-fgt}, {@code conv-fgt-wo-m} and {@code conv-dfa}.
 * Keys: {@code conv} (the paper's notation, default {@value #DEFAULT_CONV}), {@code input_shape} ({@code [C, H, W]},
 * default {@code [1, 28, 28]} for 784 inputs, required otherwise), {@code steps} (T, 6), {@code eta} (1e-3),
 * {@code lambda} (0.5), {@code vth} (1), {@code a1} (0.25), {@code lambda_m} (0.999), {@code batch} (1),
 * {@code init_gain} (1: kernels start uniform in {@code +-gain/sqrt(9 C_in)}; see {@link ConvChip.Builder#initGain}).
 * The hidden layers come from {@code conv}: {@code network.sizes} is {@code [inputs, classes]}, or lists between
 * them the neurons ({@code C x H x W}) of every conv layer, which must then match {@code conv}.
 */
public final class ConvFactory implements LearnerFactory
{
    /** The default architecture: the paper's 5-layer net with 1/8 of its channels, for 28x28 inputs. */
    public static final String DEFAULT_CONV = "16C3-AP2-32C3-AP2-64C3-AP2-64C3";

    @Override
    public List<String> methods()
    {
        return List.of("conv-fgt", "conv-fgt-wo-m", "conv-dfa");
    }

    @Override
    public OnChipLearner build(final LearnerSetup setup, final AlgorithmParams params)
    {
        final int[] sizes = setup.sizes();
        final LearningMethod method = switch (params.method())
        {
            case "conv-fgt" -> LearningMethod.FGT;
            case "conv-fgt-wo-m" -> LearningMethod.FGT_WO_M;
            default -> LearningMethod.DFA;
        };
        final String text = params.text("conv", DEFAULT_CONV);
        final int[] shape = params.integers("input_shape", sizes[0] == 784 ? new int[] {1, 28, 28} : null, 1,
            1 << 20);
        final int steps = params.integer("steps", 6, 1, 1000);
        final double eta = params.real("eta", 1e-3, 0.0, true, 1.0, true);
        final double lambda = params.real("lambda", 0.5, 0.0, true, 1.0, false);
        final double vth = params.real("vth", 1.0, 0.0, false, 1e6, true);
        final double a1 = params.real("a1", 0.25, 0.0, false, 1e6, true);
        final double lambdaM = params.real("lambda_m", 0.999, 0.0, true, 1.0, false);
        final int batch = params.integer("batch", 1, 1, 1 << 20);
        final double gain = params.real("init_gain", 1.0, 0.0, false, 100.0, true);
        if (sizes.length < 2)
        {
            params.error("network.sizes=" + java.util.Arrays.toString(sizes) + " must give the inputs and the classes");
        }
        ConvArchitecture arch = null;
        if (shape != null && sizes.length >= 2)
        {
            try
            {
                arch = ConvArchitecture.parse(text, shape, sizes[0]);
            }
            catch (final IllegalArgumentException ex)
            {
                params.error(ex.getMessage());
            }
        }
        if (arch != null && sizes.length > 2)
        {
            // hidden sizes are optional; when given they must be the conv layers' neuron counts (the host's
            // per-layer metrics, e.g. NeuroBench activation sparsity, read them)
            final int[] expected = new int[arch.depth() + 2];
            expected[0] = sizes[0];
            for (int l = 1; l <= arch.depth(); l++)
            {
                expected[l] = arch.layer(l).neurons();
            }
            expected[arch.depth() + 1] = sizes[sizes.length - 1];
            if (!java.util.Arrays.equals(expected, sizes))
            {
                params.error("network.sizes=" + java.util.Arrays.toString(sizes) + " must be [inputs, classes] or " +
                    "list the neurons of every conv layer of algorithm.conv=" + text + ": " +
                    java.util.Arrays.toString(expected));
            }
        }
        if (!params.errors().isEmpty() || arch == null)
        {
            return null;
        }
        final OnlineHyper hyper = new OnlineHyper(method, steps, lambda, vth, a1, lambdaM, eta).withBatch(batch);
        return ConvChip.builder(arch, sizes[sizes.length - 1]).hyper(hyper).chip(setup.chip())
            .formats(setup.formats()).fixedPoint(setup.fixedPoint()).seed(setup.seed()).workers(setup.workers())
            .initGain(gain).build();
    }
}
