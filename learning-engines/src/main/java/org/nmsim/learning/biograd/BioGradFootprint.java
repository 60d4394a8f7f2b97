package org.nmsim.learning.biograd;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.PlasticityOp;
import org.nmsim.learning.LearnerFactory;
import org.nmsim.learning.StorageFormats;
import org.nmsim.mapping.net.Connectivity;
import org.nmsim.mapping.net.Network;
import org.nmsim.mapping.net.Population;
import org.nmsim.mapping.net.PopulationRole;
import org.nmsim.mapping.net.Projection;
import org.nmsim.mapping.net.ProjectionRole;
import org.nmsim.mapping.net.WeightFormat;
import org.nmsim.mapping.place.LearningNeeds;

/**
 * What {@code nmsim map} checks for BioGrad: the memory {@link BioGradChip}'s partition charges, as mapping's
 * projections and per-synapse / per-axon state. Widths as the chip's: {@code precision_bits} for weights, traces
 * and B when set, else {@code weight_bits}, {@code trace_bits} and {@code feedback_bits} (the Loihi variant's B, a
 * copy of forward weights, at {@code weight_bits}).
 *
 * <ul>
 *   <li>{@code fc1..fcN} (input, {@code h1..}, {@code output}); per synapse Tr_corr, and in the full variant also
 *   Tr_pre ({@code 2 trace_bits}); the Loihi variant keeps Tr_pre per presynaptic neuron ({@code trace_bits} per
 *   input axon).</li>
 *   <li>A FEEDBACK projection {@code B<l>} onto the apical compartment of each hidden layer from the output, where
 *   the error neurons sit ({@code m x n_l} at the B width). With sleep (full variant), per B synapse a Hebbian
 *   accumulator ({@code gradient_bits}) and per error axon Tr_err and the Oja accumulator
 *   ({@code 2 gradient_bits}).</li>
 *   <li>Ops: ADD, MULTIPLY and RANDOM (trace products, Poisson input, sleep spikes), as the chip checks; EXP and
 *   DIVIDE for the output's softmax where the engine has both. Where it has not, the chip's run assumes a helper
 *   (e.g. an embedded x86 core) computes the softmax, so they are not declared (the run reports this too).</li>
 *   <li>Messages: binary spikes only (the per-sample label message is a host write).</li>
 * </ul>
 *
 * <p>Approximations: mapping counts one compartment per neuron, while the chip uses two per hidden neuron (soma and
 * apical) and four per output neuron (with the positive and negative error neurons), so compartment use is
 * under-counted, which matters only when a layer is limited by compartments (not for the examples, which are
 * limited by synaptic memory). Fan-in is under-counted too: the chip counts {@code 2 m} error axons per hidden core
 * (positive and negative error neurons) and {@code 2 n_pre} for layers above the first; mapping counts {@code m} and
 * {@code n_pre}. The error neurons are not a population of their own because on the chip they share the output
 * core; a separate population would add a core the chip does not use and double B's memory. Widths above
 * {@link org.nmsim.chip.memory.WeightFormat#MAX_BITS} (Table 5's 32-bit precision) are a numerical study whose
 * weight format the chip does not check; mapping checks the declared width against the chip and reports it.
 */
public final class BioGradFootprint
{
    private BioGradFootprint()
    {
    }

    /**
     * @param sizes layer sizes, input first.
     * @param chip  the chip.
     * @param f     storage formats.
     * @param p     the parameters, with {@code precisionBits} resolved as the factory does.
     * @return the network and learning needs.
     */
    public static LearnerFactory.Footprint of(final int[] sizes, final ChipSpec chip, final StorageFormats f,
        final BioGradParams p)
    {
        final int n = sizes.length - 1;
        final int bits = p.precisionBits();
        final int wBits = bits > 0 ? bits : f.weightBits();
        final int trBits = bits > 0 ? bits : f.traceBits();
        final int fbBits = bits > 0 ? bits : p.loihi() ? f.weightBits() : f.feedbackBits();
        final boolean sleeps = p.sleep() && !p.loihi();
        final Network.Builder b = Network.builder();
        b.population(Population.of("input", sizes[0], "input", Map.of(), PopulationRole.INPUT));
        final Map<String, Integer> state = new LinkedHashMap<>();
        final Map<String, Integer> axon = new LinkedHashMap<>();
        for (int l = 1; l <= n; l++)
        {
            b.population(l == n ? Population.of("output", sizes[l], "two-compartment", Map.of(),
                PopulationRole.OUTPUT) : Population.of(layer(l, n), sizes[l], "two-compartment", Map.of(),
                PopulationRole.HIDDEN));
            b.projection(Projection.of("fc" + l, layer(l - 1, n), layer(l, n), Connectivity.dense())
                .withWeightFormat(new WeightFormat(Math.min(wBits, 32), true)));
            state.put("fc" + l, p.loihi() ? trBits : 2 * trBits);
            if (p.loihi())
            {
                axon.put("fc" + l, trBits);
            }
        }
        for (int l = 1; l < n; l++)
        {
            b.projection(Projection.of("B" + l, "output", layer(l, n), Connectivity.dense())
                .withWeightFormat(new WeightFormat(Math.min(fbBits, 32), true))
                .withTarget("apical", ProjectionRole.FEEDBACK));
            if (sleeps)
            {
                state.put("B" + l, f.gradientBits());
                axon.put("B" + l, 2 * f.gradientBits());
            }
        }
        final Set<PlasticityOp> ops = EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY, PlasticityOp.RANDOM);
        if (chip.missingOps(EnumSet.of(PlasticityOp.EXP, PlasticityOp.DIVIDE)).isEmpty())
        {
            ops.add(PlasticityOp.EXP);
            ops.add(PlasticityOp.DIVIDE);
        }
        return new LearnerFactory.Footprint(b.build(), new LearningNeeds(state, axon, Map.of(), ops,
            EnumSet.of(MessageKind.BINARY_SPIKE), 0));
    }

    private static String layer(final int l, final int n)
    {
        return l == 0 ? "input" : l == n ? "output" : "h" + l;
    }
}
