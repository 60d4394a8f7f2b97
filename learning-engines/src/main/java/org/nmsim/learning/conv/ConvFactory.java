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
 * {@code lambda} (0.5), {@code vth} (1), {@code a1} (0.25), {@code lambda_m} (0.999), {@code batch} (1), {@code init_gain} (1: kernels start uniform in
 * {@code +-gain/sqrt(9 C_in)}; see {@link ConvChip.Builder#initGain}). The hidden
 * layers come from {@code conv}: {@code network.sizes} gives only the inputs (first) and the classes (last); any
 * entries between them are ignored.
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
