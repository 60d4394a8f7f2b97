package org.nmsim.learning.sfdfa;

import java.util.List;

import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerFactory;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.OnChipLearner;

/**
 * Builds {@link SfdfaChip} for {@code algorithm.method: sfdfa} (learned feedback) and {@code sfdfa-dfa} (the same
 * neurons with fixed random feedback). Keys: see {@link SfdfaParams}.
 */
public final class SfdfaFactory implements LearnerFactory
{
    @Override
    public List<String> methods()
    {
        return List.of(SfdfaParams.SFDFA, SfdfaParams.DFA);
    }

    @Override
    public OnChipLearner build(final LearnerSetup setup, final AlgorithmParams params)
    {
        final SfdfaParams p = SfdfaParams.read(params, setup.chip().gradedPayloadBits().value(), setup.fixedPoint());
        if (p == null)
        {
            return null;
        }
        return new SfdfaChip(setup, p);
    }
}
