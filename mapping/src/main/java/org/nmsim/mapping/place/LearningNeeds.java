package org.nmsim.mapping.place;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.preset.PlasticityOp;

/**
 * What a learning algorithm adds to a network's footprint, as plain data, so that mapping needs no knowledge of
 * learning rules: the feedback pathways themselves are projections of role FEEDBACK in the
 * {@link org.nmsim.mapping.net.Network}; this record adds the state and the capabilities they need.
 *
 * @param stateBitsPerSynapse projection name to learning-state bits kept per stored synapse (gradient
 *                            accumulators, eligibility), charged as LEARNING_STATE.
 * @param traceBitsPerAxon    projection name to trace bits kept per distinct presynaptic axon of a core
 *                            (presynaptic traces), charged as TRACES.
 * @param traceBitsPerNeuron  population name to trace bits kept per neuron (postsynaptic traces), charged as
 *                            TRACES.
 * @param ops                 operations the plasticity engine must execute.
 * @param messages            message kinds the algorithm sends.
 * @param gradedPayloadBits   payload bits of graded messages, 0 if none are sent.
 */
public record LearningNeeds(
    Map<String, Integer> stateBitsPerSynapse,
    Map<String, Integer> traceBitsPerAxon,
    Map<String, Integer> traceBitsPerNeuron,
    Set<PlasticityOp> ops,
    Set<MessageKind> messages,
    int gradedPayloadBits)
{
    /** Nothing added: an inference-only network sending binary spikes. */
    public static final LearningNeeds NONE = new LearningNeeds(Map.of(), Map.of(), Map.of(),
        EnumSet.noneOf(PlasticityOp.class), EnumSet.of(MessageKind.BINARY_SPIKE), 0);

    /** Validates widths (>= 0) and freezes the collections (maps sorted by name). */
    public LearningNeeds
    {
        stateBitsPerSynapse = frozen("stateBitsPerSynapse", stateBitsPerSynapse);
        traceBitsPerAxon = frozen("traceBitsPerAxon", traceBitsPerAxon);
        traceBitsPerNeuron = frozen("traceBitsPerNeuron", traceBitsPerNeuron);
        final EnumSet<PlasticityOp> o = EnumSet.noneOf(PlasticityOp.class);
        o.addAll(ops == null ? Set.of() : ops);
        ops = Collections.unmodifiableSet(o);
        final EnumSet<MessageKind> m = EnumSet.noneOf(MessageKind.class);
        m.addAll(messages == null ? Set.of() : messages);
        messages = Collections.unmodifiableSet(m);
        if (gradedPayloadBits < 0 || (gradedPayloadBits > 0) != messages.contains(MessageKind.GRADED_SPIKE))
        {
            throw new IllegalArgumentException("learning needs: gradedPayloadBits=" + gradedPayloadBits +
                " must be > 0 exactly when GRADED_SPIKE is among messages=" + messages);
        }
    }

    private static Map<String, Integer> frozen(final String what, final Map<String, Integer> in)
    {
        final Map<String, Integer> out = new TreeMap<>(in == null ? Map.of() : in);
        for (final Map.Entry<String, Integer> e : out.entrySet())
        {
            if (e.getValue() == null || e.getValue() < 0)
            {
                throw new IllegalArgumentException("learning needs: " + what + "[" + e.getKey() + "]=" +
                    e.getValue() + " must be >= 0");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    int stateBits(final String projection)
    {
        return stateBitsPerSynapse.getOrDefault(projection, 0);
    }

    int axonTraceBits(final String projection)
    {
        return traceBitsPerAxon.getOrDefault(projection, 0);
    }

    int neuronTraceBits(final String population)
    {
        return traceBitsPerNeuron.getOrDefault(population, 0);
    }
}
