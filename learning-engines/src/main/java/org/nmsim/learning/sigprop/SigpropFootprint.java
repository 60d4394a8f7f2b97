package org.nmsim.learning.sigprop;

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
 * What {@code nmsim map} checks for sigprop: the memory {@link SigpropChip}'s partition charges, as mapping's
 * populations, projections and per-synapse / per-axon state. Sigprop has no feedback pathway: no FEEDBACK
 * projection is declared.
 *
 * <ul>
 *   <li>{@code fc1..fcN} (input, {@code h1..}, {@code output}) at {@code weight_bits}. With forwarded targets
 *   (surrogate, voltage): per hidden synapse a gradient ({@code gradient_bits}); per input axon of a hidden layer
 *   the presynaptic traces, one channel into {@code h1}, {@code m + 1} channels (the neuron and its m target
 *   channels) above. Per input axon of the output, its spike count ({@code trace_bits}).</li>
 *   <li>The target generator: an AUXILIARY population {@code context} (m one-hot label neurons) and the projection
 *   {@code S} from it into {@code h1} at {@code weight_bits} with a gradient per synapse: dense, or, with sparse
 *   targets ({@code target_size} below {@code n_1}), the explicit pairs into the first {@code target_size}
 *   neurons.</li>
 *   <li>Per hidden layer a loss core: AUXILIARY population {@code loss<l>} (m neurons), the partial logits
 *   {@code P<l>} from {@code h<l>} and the errors {@code E<l>} back, both AUXILIARY.</li>
 *   <li>Ops: ADD and MULTIPLY; EXP and DIVIDE for the arc-tangent surrogate and the softmax where the engine has
 *   both, else SHIFT for {@link SigpropMath}'s lookup tables; RANDOM in fixed point (stochastic rounding).</li>
 *   <li>Messages: binary spikes and graded spikes (direct-current input, partial logits, errors) at the chip's
 *   graded payload width (16 bits declared where the chip has none, so the mapper reports the missing kind).</li>
 * </ul>
 *
 * <p>Approximations, because mapping has one compartment per neuron, no per-core constant and no weightless
 * projection:
 * <ul>
 *   <li>A hidden neuron of the FSP variants uses {@code m + 1} compartments on the chip (its own and one per target
 *   class). The extra {@code n_l m} target compartments are declared as an AUXILIARY population
 *   {@code h<l>.targets} without synapses, so the total compartment count is the chip's; but mapping places them
 *   on cores of their own, while the chip puts them next to their neurons. A hidden layer limited by synaptic
 *   memory gets the chip's core count; one limited by compartments (the examples on SpiNNaker 2: 256 per core,
 *   {@code 256 / 11 = 23} neurons per core, 5 cores for 100 neurons) is split by mapping into
 *   {@code ceil(n_l / 256)} neuron cores plus {@code ceil(n_l m / 256)} target cores instead.</li>
 *   <li>Lookup tables (g and g' per hidden core, exp per loss core and on the output core; engines without exp and
 *   divide) are spread over the core's input axons ({@code ceil(tableBits / axons)} trace bits each): at most
 *   {@code axons - 1} bits too many per core.</li>
 *   <li>{@code P<l>} and {@code E<l>} carry computed values, not weighted synapses; they are declared with 1-bit
 *   weights, so mapping charges {@code n_l m} bits on a loss core and {@code m} bits per hidden neuron that the
 *   chip does not store.</li>
 *   <li>Fan-in of layers above {@code h1} counts {@code n_pre}, the chip {@code (m + 1) n_pre} (target channels);
 *   the {@code loop} generator's extra {@code m} axons into {@code h1} are not declared.</li>
 * </ul>
 */
public final class SigpropFootprint
{
    private static final WeightFormat ONE_BIT = new WeightFormat(1, true);

    private SigpropFootprint()
    {
    }

    /**
     * @param sizes      layer sizes, input first, at least one hidden layer.
     * @param chip       the chip.
     * @param f          storage formats.
     * @param fixedPoint whether the chip's fixed-point formats are used.
     * @param hyper      the hyperparameters.
     * @return the network and learning needs.
     */
    public static LearnerFactory.Footprint of(final int[] sizes, final ChipSpec chip, final StorageFormats f,
        final boolean fixedPoint, final SigpropHyper hyper)
    {
        final int n = sizes.length - 1;
        final int m = sizes[n];
        final boolean fsp = hyper.variant().forwardsTargets();
        final boolean exact = chip.missingOps(EnumSet.of(PlasticityOp.EXP, PlasticityOp.DIVIDE)).isEmpty();
        final long table = exact ? 0 : (long)SigpropMath.ENTRIES * SigpropMath.ENTRY_BITS;
        final long hiddenTables = hyper.variant() == SigpropVariant.SURROGATE ? 2 * table : 0;
        final WeightFormat w = new WeightFormat(f.weightBits(), true);
        final Network.Builder b = Network.builder();
        final Map<String, Integer> state = new LinkedHashMap<>();
        final Map<String, Integer> axon = new LinkedHashMap<>();
        b.population(Population.of("input", sizes[0], "input", Map.of(), PopulationRole.INPUT));
        b.population(Population.of("context", m, "input", Map.of(), PopulationRole.AUXILIARY));
        for (int l = 1; l <= n; l++)
        {
            final String name = layer(l, n);
            final String fc = "fc" + l;
            final int nPre = sizes[l - 1];
            if (l == n)
            {
                b.population(Population.of(name, m, "readout", Map.of(), PopulationRole.OUTPUT));
                axon.put(fc, (int)(f.traceBits() + spread(table, nPre)));
            }
            else
            {
                b.population(Population.of(name, sizes[l], "if", Map.of(), PopulationRole.HIDDEN));
                if (fsp)
                {
                    b.population(Population.of(name + ".targets", sizes[l] * m, "target-compartment", Map.of(),
                        PopulationRole.AUXILIARY));
                    state.put(fc, f.gradientBits());
                    axon.put(fc, (int)((l == 1 ? 1 : m + 1) * f.traceBits() + spread(hiddenTables, nPre)));
                }
            }
            b.projection(Projection.of(fc, layer(l - 1, n), name, Connectivity.dense()).withWeightFormat(w));
        }
        if (fsp)
        {
            final int targets = hyper.targetsOf(sizes[1]);
            b.projection(Projection.of("S", "context", "h1", targets == sizes[1] ? Connectivity.dense() :
                targetPairs(m, targets)).withWeightFormat(w).withTarget("target", ProjectionRole.AUXILIARY));
            state.put("S", f.gradientBits());
            for (int l = 1; l < n; l++)
            {
                b.population(Population.of("loss" + l, m, "loss", Map.of(), PopulationRole.AUXILIARY));
                b.projection(Projection.of("P" + l, "h" + l, "loss" + l, Connectivity.dense())
                    .withWeightFormat(ONE_BIT).withTarget(Projection.SOMA, ProjectionRole.AUXILIARY));
                b.projection(Projection.of("E" + l, "loss" + l, "h" + l, Connectivity.dense())
                    .withWeightFormat(ONE_BIT).withTarget("error", ProjectionRole.AUXILIARY));
                axon.put("P" + l, (int)spread(table, sizes[l]));
            }
        }
        final Set<PlasticityOp> ops = EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY);
        if (exact)
        {
            ops.add(PlasticityOp.EXP);
            ops.add(PlasticityOp.DIVIDE);
        }
        else
        {
            ops.add(PlasticityOp.SHIFT);
        }
        if (fixedPoint)
        {
            ops.add(PlasticityOp.RANDOM);
        }
        final int payload = chip.gradedPayloadBits().value() > 0 ? chip.gradedPayloadBits().value() : 16;
        return new LearnerFactory.Footprint(b.build(), new LearningNeeds(state, axon, Map.of(), ops,
            EnumSet.of(MessageKind.BINARY_SPIKE, MessageKind.GRADED_SPIKE), payload));
    }

    /** The pairs (class c, neuron j) for j below {@code targets}: S of sparse targets. */
    private static Connectivity targetPairs(final int m, final int targets)
    {
        final int[] pre = new int[m * targets];
        final int[] post = new int[m * targets];
        int i = 0;
        for (int j = 0; j < targets; j++)
        {
            for (int c = 0; c < m; c++)
            {
                pre[i] = c;
                post[i] = j;
                i++;
            }
        }
        return Connectivity.Sparse.explicit(pre, post);
    }

    private static long spread(final long bits, final int axons)
    {
        return (bits + axons - 1) / axons;
    }

    private static String layer(final int l, final int n)
    {
        return l == 0 ? "input" : l == n ? "output" : "h" + l;
    }
}
