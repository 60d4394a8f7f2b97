package org.nmsim.learning.sigprop;

import java.util.List;

import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerFactory;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.OnChipLearner;

/**
 * Builds {@link SigpropChip}s for {@code algorithm.method} {@code sigprop-surrogate}, {@code sigprop-voltage} and
 * {@code sigprop-shallow}, with the keys of {@link SigpropHyper#from} and {@code init_gain} (1: the hidden layers'
 * initial weights uniform in {@code +-1 / sqrt(fan-in)}, PyTorch's default; larger gains keep the deeper layers
 * spiking, which the shallow baseline at threshold 1.0 needs without batch normalisation) and {@code loop_eta} (0:
 * eq. 11's target loop; above 0, with {@code generator: loop}: eq. 12, the loop carries {@code y - loop_eta e}).
 */
public final class SigpropFactory implements LearnerFactory
{
    @Override
    public List<String> methods()
    {
        return List.of(SigpropVariant.SURROGATE.method(), SigpropVariant.VOLTAGE.method(),
            SigpropVariant.SHALLOW.method());
    }

    @Override
    public OnChipLearner build(final LearnerSetup setup, final AlgorithmParams params)
    {
        final SigpropHyper hyper = resolve(setup, params);
        if (hyper == null)
        {
            return null;
        }
        return SigpropChip.builder(setup.sizes()).hyper(hyper).chip(setup.chip()).formats(setup.formats())
            .fixedPoint(setup.fixedPoint()).seed(setup.seed()).workers(setup.workers()).initGain(initGain(params))
            .loopEta(loopEta(params, hyper)).build();
    }

    /**
     * The chip's charges as mapping populations, projections and state ({@link SigpropFootprint}): no feedback,
     * the target generator S, the loss cores, the target compartments (approximated as extra neurons).
     */
    @Override
    public Footprint footprint(final LearnerSetup setup, final AlgorithmParams params)
    {
        final SigpropHyper hyper = resolve(setup, params);
        if (hyper == null)
        {
            return null;
        }
        return SigpropFootprint.of(setup.sizes(), setup.chip(), setup.formats(), setup.fixedPoint(), hyper);
    }

    /** The hyperparameters read from {@code params} for this network; null (errors recorded in params) otherwise. */
    private static SigpropHyper resolve(final LearnerSetup setup, final AlgorithmParams params)
    {
        if (setup.sizes().length < 3)
        {
            params.error("network.sizes has " + setup.sizes().length + " layers; sigprop needs input, at least one " +
                "hidden layer and the classes");
            return null;
        }
        final SigpropHyper hyper = SigpropHyper.from(params, setup.sizes()[1]);
        initGain(params);
        loopEta(params, hyper);
        return params.errors().isEmpty() ? hyper : null;
    }

    /** {@code algorithm.loop_eta}: in [0, 1], default 0 (eq. 11); above 0 (eq. 12) only with {@code generator: loop}. */
    private static double loopEta(final AlgorithmParams params, final SigpropHyper hyper)
    {
        final double eta = params.real("loop_eta", 0.0, 0.0, true, 1.0, true);
        if (eta > 0.0 && !hyper.loop())
        {
            params.error("algorithm.loop_eta=" + eta + " needs algorithm.generator=loop (eq. 12 integrates the error " +
                "on the target loop)");
            return 0.0;
        }
        return eta;
    }

    /**
     * {@code algorithm.init_gain}, the hidden layers' initial-weight gain of the FC and the conv sigprop.
     *
     * @param params the section; a problem is recorded in it.
     * @return the gain, in (0, 100]; default 1.
     */
    public static double initGain(final AlgorithmParams params)
    {
        return params.real("init_gain", 1.0, 0.0, false, 100.0, true);
    }
}
