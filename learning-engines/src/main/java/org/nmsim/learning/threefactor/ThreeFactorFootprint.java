package org.nmsim.learning.threefactor;

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
 * What {@code nmsim map} checks for the three-factor learners: the same memory {@link ThreeFactorChip} charges,
 * expressed as mapping's projections and per-synapse / per-axon state.
 *
 * <ul>
 *   <li>{@code fc1..fcN}: input, {@code h1..}, {@code output}, weights at {@code weight_bits}; per synapse the
 *   update accumulator ({@code gradient_bits}) and, for eprop, the eligibility trace e_ij
 *   ({@code eligibility_bits}); per presynaptic axon the traces P and Q ({@code 2 trace_bits}).</li>
 *   <li>eprop: a FEEDBACK projection {@code B<l>} from the output to each hidden layer ({@code m x n_l} at
 *   {@code feedback_bits}, as the chip's random feedback B).</li>
 *   <li>dcll: per hidden layer an AUXILIARY population {@code local<l>} (m readout neurons, one core as on the
 *   chip), the projection {@code G<l>} from the hidden layer into it ({@code n_l x m} at {@code feedback_bits},
 *   with one filtered-spike trace per input axon) and the FEEDBACK projection {@code G<l>^T} back (the chip's
 *   {@code G^T} on each hidden core).</li>
 *   <li>Ops: ADD and MULTIPLY; DIVIDE where the engine has it (exact surrogate), else SHIFT (the lookup-table
 *   surrogate of {@link SurrogateUnit}); RANDOM in fixed point (stochastic rounding), as the chip checks.</li>
 *   <li>Messages: binary spikes; errors as graded spikes of {@code min(32, graded_payload_bits)} where the chip
 *   has them, else BURST codes (and graded spikes of 16 bits are declared where the chip has neither, so the
 *   mapper reports it).</li>
 * </ul>
 *
 * <p>Approximation: mapping has no per-core constant, so the lookup table of {@value SurrogateUnit#ENTRIES} x
 * {@value SurrogateUnit#ENTRY_BITS} bits that a layer core holds on engines without divide is spread over the
 * layer's input axons ({@code ceil(tableBits / n_pre)} trace bits each); this over-charges each core by fewer than
 * {@code n_pre} bits. The output layer's one-axon label input and the chip's rule that the output fits one core
 * are not expressed.
 */
public final class ThreeFactorFootprint
{
    private ThreeFactorFootprint()
    {
    }

    /**
     * @param sizes      layer sizes, input first.
     * @param chip       the chip.
     * @param f          storage formats.
     * @param fixedPoint whether the chip's fixed-point formats are used.
     * @param p          the hyperparameters.
     * @return the network and learning needs.
     */
    public static LearnerFactory.Footprint of(final int[] sizes, final ChipSpec chip, final StorageFormats f,
        final boolean fixedPoint, final ThreeFactorParams p)
    {
        return new LearnerFactory.Footprint(network(sizes, f, p.method()), needs(sizes, chip, f, fixedPoint, p));
    }

    /**
     * @param sizes  layer sizes.
     * @param f      storage formats.
     * @param method eprop or dcll.
     * @return the MLP plus B (eprop) or the local readouts and G^T (dcll).
     */
    static Network network(final int[] sizes, final StorageFormats f, final ThreeFactorMethod method)
    {
        final int n = sizes.length - 1;
        final WeightFormat w = new WeightFormat(f.weightBits(), true);
        final WeightFormat fb = new WeightFormat(Math.min(f.feedbackBits(), 32), true);
        final Network.Builder b = Network.builder();
        b.population(Population.of("input", sizes[0], "input", Map.of(), PopulationRole.INPUT));
        for (int l = 1; l <= n; l++)
        {
            b.population(l == n ? Population.of("output", sizes[l], "lif", Map.of(), PopulationRole.OUTPUT) :
                Population.of(layer(l, n), sizes[l], "lif", Map.of(), PopulationRole.HIDDEN));
            b.projection(Projection.of("fc" + l, layer(l - 1, n), layer(l, n), Connectivity.dense())
                .withWeightFormat(w));
        }
        for (int l = 1; l < n; l++)
        {
            if (method == ThreeFactorMethod.EPROP)
            {
                b.projection(Projection.of("B" + l, "output", layer(l, n), Connectivity.dense()).withWeightFormat(fb)
                    .withTarget("error", ProjectionRole.FEEDBACK));
            }
            else
            {
                b.population(Population.of("local" + l, sizes[n], "readout", Map.of(), PopulationRole.AUXILIARY));
                b.projection(Projection.of("G" + l, layer(l, n), "local" + l, Connectivity.dense())
                    .withWeightFormat(fb).withTarget(Projection.SOMA, ProjectionRole.AUXILIARY));
                b.projection(Projection.of("G" + l + "^T", "local" + l, layer(l, n), Connectivity.dense())
                    .withWeightFormat(fb).withTarget("error", ProjectionRole.FEEDBACK));
            }
        }
        return b.build();
    }

    /**
     * @param sizes      layer sizes.
     * @param chip       the chip.
     * @param f          storage formats.
     * @param fixedPoint fixed-point formats.
     * @param p          hyperparameters.
     * @return the state, ops and messages {@link ThreeFactorChip} needs.
     */
    static LearningNeeds needs(final int[] sizes, final ChipSpec chip, final StorageFormats f,
        final boolean fixedPoint, final ThreeFactorParams p)
    {
        final int n = sizes.length - 1;
        final boolean divide = chip.missingOps(EnumSet.of(PlasticityOp.DIVIDE)).isEmpty();
        final long table = divide ? 0 : (long)SurrogateUnit.ENTRIES * SurrogateUnit.ENTRY_BITS;
        final Map<String, Integer> state = new LinkedHashMap<>();
        final Map<String, Integer> axon = new LinkedHashMap<>();
        for (int l = 1; l <= n; l++)
        {
            state.put("fc" + l, synapseStateBits(f, p));
            axon.put("fc" + l, (int)(2L * f.traceBits() + (table + sizes[l - 1] - 1) / sizes[l - 1]));
            if (l < n && p.method() == ThreeFactorMethod.DCLL)
            {
                axon.put("G" + l, f.traceBits());
            }
        }
        final Set<PlasticityOp> ops = EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY,
            divide ? PlasticityOp.DIVIDE : PlasticityOp.SHIFT);
        if (fixedPoint)
        {
            ops.add(PlasticityOp.RANDOM);
        }
        final boolean graded = chip.supports(MessageKind.GRADED_SPIKE);
        final boolean burst = !graded && chip.supports(MessageKind.BURST);
        final int payload = graded ? Math.max(1, Math.min(32, chip.gradedPayloadBits().value())) : 16;
        return new LearningNeeds(state, axon, Map.of(), ops, EnumSet.of(MessageKind.BINARY_SPIKE,
            burst ? MessageKind.BURST : MessageKind.GRADED_SPIKE), burst ? 0 : payload);
    }

    /**
     * @param f storage formats.
     * @param p hyperparameters.
     * @return learning-state bits per forward synapse: the accumulator, plus the eligibility trace for eprop.
     */
    public static int synapseStateBits(final StorageFormats f, final ThreeFactorParams p)
    {
        return f.gradientBits() + (p.method() == ThreeFactorMethod.EPROP ? p.eligibilityBits() : 0);
    }

    private static String layer(final int l, final int n)
    {
        return l == 0 ? "input" : l == n ? "output" : "h" + l;
    }
}
