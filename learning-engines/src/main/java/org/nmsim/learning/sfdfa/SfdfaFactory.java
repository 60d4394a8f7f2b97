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

    /**
     * The fully connected network ({@code fc1..fcN}, hidden {@code h1..}, {@code output}) and SFDFA's needs
     * ({@link SfdfaChip#learningNeeds}): exp, log, divide, sqrt and graded payloads in the plasticity engine. The
     * learned feedback row of each hidden neuron is declared as per-neuron state, so mapping charges it as traces.
     */
    @Override
    public Footprint footprint(final LearnerSetup setup, final AlgorithmParams params)
    {
        final SfdfaParams p = SfdfaParams.read(params, setup.chip().gradedPayloadBits().value(), setup.fixedPoint());
        if (p == null)
        {
            return null;
        }
        final int[] sizes = setup.sizes();
        final int n = sizes.length - 1;
        final List<String> projections = new java.util.ArrayList<>();
        final List<String> hidden = new java.util.ArrayList<>();
        for (int l = 1; l <= n; l++)
        {
            projections.add("fc" + l);
            if (l < n)
            {
                hidden.add("h" + l);
            }
        }
        final int payload = p.payloadBits() > 0 ? p.payloadBits() :
            Math.max(1, setup.chip().gradedPayloadBits().value());
        return new Footprint(org.nmsim.mapping.net.Networks.mlp(sizes), SfdfaChip.learningNeeds(projections, hidden,
            List.of("output"), p, setup.formats(), sizes[n], payload));
    }
}
