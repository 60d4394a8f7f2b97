package org.nmsim.learning.biograd;

import java.util.List;

import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerFactory;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.OnChipLearner;

/**
 * Builds {@link BioGradChip}s for {@code algorithm.method: biograd} (full, with {@code sleep}, {@code init: fwd|rand},
 * ...) and {@code biograd-loihi} (Appendix E), with {@link BioGradParams#from} reading the keys. With
 * {@code fixedPoint} in the setup and no {@code precision} key, weights, feedback and traces use the setup's
 * declared weight width (one width for weights, feedback and traces, as Table 5).
 */
public final class BioGradFactory implements LearnerFactory
{
    @Override
    public List<String> methods()
    {
        return List.of(BioGradParams.FULL, BioGradParams.LOIHI);
    }

    @Override
    public OnChipLearner build(final LearnerSetup setup, final AlgorithmParams params)
    {
        final BioGradParams p = resolve(setup, params);
        if (p == null)
        {
            return null;
        }
        return BioGradChip.builder(setup.sizes()).params(p).chip(setup.chip()).formats(setup.formats())
            .seed(setup.seed()).workers(setup.workers()).build();
    }

    /**
     * The chip's charges as mapping projections and state ({@link BioGradFootprint}): Tr_pre / Tr_corr traces,
     * feedback B from the error neurons to every hidden layer, sleep accumulators, binary spikes only.
     */
    @Override
    public Footprint footprint(final LearnerSetup setup, final AlgorithmParams params)
    {
        final BioGradParams p = resolve(setup, params);
        if (p == null)
        {
            return null;
        }
        return BioGradFootprint.of(setup.sizes(), setup.chip(), setup.formats(), p);
    }

    /** The parameters, with fixed-point runs defaulting {@code precisionBits} to the weight width; null on errors. */
    private static BioGradParams resolve(final LearnerSetup setup, final AlgorithmParams params)
    {
        BioGradParams p = BioGradParams.from(params);
        if (!params.errors().isEmpty())
        {
            return null;
        }
        if (setup.fixedPoint() && p.precisionBits() == 0)
        {
            p = new BioGradParams(p.loihi(), p.steps(), p.tError(), p.dv(), p.vth(), p.window(), p.amplification(),
                p.eta(), p.errorThreshold(), p.sleep(), p.fwdInit(), p.sleepLr(), p.sleepEvery(), p.sleepCycles(),
                p.sleepSteps(), p.sleepBatch(), p.sleepRate(), p.apicalThreshold(), setup.formats().weightBits(),
                p.stochastic());
        }
        return p;
    }
}
