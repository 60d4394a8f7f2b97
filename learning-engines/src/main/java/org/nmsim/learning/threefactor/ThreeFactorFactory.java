package org.nmsim.learning.threefactor;

import java.util.List;

import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerFactory;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.OnChipLearner;

/**
 * Builds {@link ThreeFactorChip}s for {@code algorithm.method: eprop} (SuperSpike / random e-prop) and
 * {@code dcll} (local errors). Keys (all optional, defaults in {@link ThreeFactorParams#defaults}): {@code steps,
 * tau_syn, tau_mem, tau_error, vth, surrogate_beta, target_rate, local_target, eta, input_rate, init_scale,
 * eligibility_bits, burst_window, burst_scale}.
 *
 * <p>There is no {@code eprop-global}: paper 003 defines no broadcast variant. SuperSpike sends the output error
 * to hidden units "like in random BP or direct feedback alignment" (section V-B), which is {@code eprop}.
 */
public final class ThreeFactorFactory implements LearnerFactory
{
    @Override
    public List<String> methods()
    {
        return List.of(ThreeFactorMethod.EPROP.configName(), ThreeFactorMethod.DCLL.configName());
    }

    @Override
    public OnChipLearner build(final LearnerSetup setup, final AlgorithmParams params)
    {
        final ThreeFactorParams p = resolve(params);
        if (p == null)
        {
            return null;
        }
        return ThreeFactorChip.builder(setup.sizes()).params(p).chip(setup.chip()).formats(setup.formats())
            .fixedPoint(setup.fixedPoint()).seed(setup.seed()).workers(setup.workers()).build();
    }

    /**
     * The MLP with what the method adds ({@link ThreeFactorFootprint}): eprop's eligibility traces and feedback B,
     * or DCLL's local readouts; the surrogate's ops for this chip and its error messages (graded or burst).
     */
    @Override
    public Footprint footprint(final LearnerSetup setup, final AlgorithmParams params)
    {
        final ThreeFactorParams p = resolve(params);
        if (p == null)
        {
            return null;
        }
        return ThreeFactorFootprint.of(setup.sizes(), setup.chip(), setup.formats(), setup.fixedPoint(), p);
    }

    /** The method's parameters read from {@code params}; null (errors recorded in params) otherwise. */
    private ThreeFactorParams resolve(final AlgorithmParams params)
    {
        final ThreeFactorMethod method = ThreeFactorMethod.byConfigName(params.method());
        if (method == null)
        {
            params.error("algorithm.method=" + params.method() + " must be one of " + methods());
            return null;
        }
        final ThreeFactorParams p = ThreeFactorParams.read(params, method);
        return params.errors().isEmpty() ? p : null;
    }
}
