package org.nmsim.chip.preset;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.nmsim.chip.memory.WeightFormat;
import org.nmsim.chip.message.MessageFormat;
import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.noc.ChipMesh;

/**
 * The capabilities and limits of one chip, every figure with its source ({@link Sourced}). Built by
 * {@link Presets} or from a user map ({@link UserChips}); validated as a whole on construction.
 *
 * @param name                      the chip's name (the preset name, or the user's).
 * @param base                      the preset this chip derives from ({@code "loihi1"} for the preset itself);
 *                                  selects the energy table.
 * @param coresPerChip              neuromorphic cores per chip; must equal {@code mesh.cores()}.
 * @param mesh                      tiles east-west and north-south, cores per tile (one router per tile).
 * @param compartmentsPerCore       compartments (neurons) per core.
 * @param synapticMemoryBitsPerCore synaptic memory of one core in bits.
 * @param fanInPerCore              input axon lists per core ({@link Integer#MAX_VALUE}: no published limit).
 * @param fanOutPerCore             core-to-core output edges per core ({@link Integer#MAX_VALUE}: none published).
 * @param routingEntriesPerRouter   multicast routing table entries per router ({@link Integer#MAX_VALUE}: routing
 *                                  by address, no table).
 * @param minWeightBits             narrowest weight.
 * @param maxWeightBits             widest weight (at most {@link WeightFormat#MAX_BITS}).
 * @param signedWeights             whether signed weights are allowed.
 * @param unsignedWeights           whether unsigned weights are allowed.
 * @param delayBits                 bits of the per-synapse delay field.
 * @param messages                  the supported message kinds and their sizes; always contains
 *                                  {@link MessageKind#BINARY_SPIKE}.
 * @param plasticityOps             operations the plasticity engine supports.
 * @param gradedPayloadBits         graded spike payload width, 0 if graded spikes are not supported.
 * @param signedSpikes              whether signed (ternary) spikes are supported.
 * @param engine                    the plasticity engine family.
 * @param timeStepSeconds           wall-clock duration of one time step (for static energy).
 * @param staticPowerWatts          static power of one chip.
 */
public record ChipSpec(
    String name,
    String base,
    Sourced<Integer> coresPerChip,
    Sourced<ChipMesh> mesh,
    Sourced<Integer> compartmentsPerCore,
    Sourced<Long> synapticMemoryBitsPerCore,
    Sourced<Integer> fanInPerCore,
    Sourced<Integer> fanOutPerCore,
    Sourced<Integer> routingEntriesPerRouter,
    Sourced<Integer> minWeightBits,
    Sourced<Integer> maxWeightBits,
    Sourced<Boolean> signedWeights,
    Sourced<Boolean> unsignedWeights,
    Sourced<Integer> delayBits,
    Map<MessageKind, MessageFormat> messages,
    Sourced<Set<PlasticityOp>> plasticityOps,
    Sourced<Integer> gradedPayloadBits,
    Sourced<Boolean> signedSpikes,
    Sourced<EngineKind> engine,
    Sourced<Double> timeStepSeconds,
    Sourced<Double> staticPowerWatts)
{
    /**
     * Validates the chip as a whole and freezes the collections. Errors name fields by their chip-map keys
     * ({@link UserChips#KEYS}), since that is where users set them.
     *
     * @throws IllegalArgumentException naming the chip, the field, its value and the rule broken.
     */
    public ChipSpec
    {
        if (name == null || name.isBlank() || base == null)
        {
            throw new IllegalArgumentException("chip: name=" + name + " base=" + base + " must be given");
        }
        final String c = "chip '" + name + "': ";
        requireAll(c, coresPerChip, mesh, compartmentsPerCore, synapticMemoryBitsPerCore, fanInPerCore,
            fanOutPerCore, routingEntriesPerRouter, minWeightBits, maxWeightBits, signedWeights, unsignedWeights,
            delayBits, plasticityOps, gradedPayloadBits, signedSpikes, engine, timeStepSeconds, staticPowerWatts);
        if (messages == null)
        {
            throw new IllegalArgumentException(c + "messages must be given");
        }
        positive(c, "cores_per_chip", coresPerChip.value());
        positive(c, "compartments_per_core", compartmentsPerCore.value());
        positive(c, "fan_in_per_core", fanInPerCore.value());
        positive(c, "fan_out_per_core", fanOutPerCore.value());
        if (synapticMemoryBitsPerCore.value() < 0)
        {
            throw new IllegalArgumentException(c + "synaptic_memory_bits_per_core="
                + synapticMemoryBitsPerCore.value() + " must be >= 0");
        }
        if (routingEntriesPerRouter.value() < 0 || delayBits.value() < 0)
        {
            throw new IllegalArgumentException(c + "routing_entries_per_router=" + routingEntriesPerRouter.value()
                + " delay_bits=" + delayBits.value() + " must be >= 0");
        }
        if (coresPerChip.value() != mesh.value().cores())
        {
            final ChipMesh m = mesh.value();
            throw new IllegalArgumentException(c + "cores_per_chip=" + coresPerChip.value() + " must equal the mesh's "
                + m.tileColumns() + "x" + m.tileRows() + " tiles x cores_per_tile=" + m.coresPerTile() + " = "
                + m.cores() + " (override mesh_tile_columns, mesh_tile_rows or cores_per_tile too)");
        }
        final int minW = minWeightBits.value();
        final int maxW = maxWeightBits.value();
        if (minW < 1 || minW > maxW || maxW > WeightFormat.MAX_BITS)
        {
            throw new IllegalArgumentException(c + "min_weight_bits=" + minW + " max_weight_bits=" + maxW
                + " must satisfy 1 <= min <= max <= " + WeightFormat.MAX_BITS);
        }
        if (!signedWeights.value() && !unsignedWeights.value())
        {
            throw new IllegalArgumentException(c + "signed_weights=false and unsigned_weights=false: at least one"
                + " must be allowed");
        }
        if (!(timeStepSeconds.value() > 0.0) || !(staticPowerWatts.value() >= 0.0))
        {
            throw new IllegalArgumentException(c + "time_step_seconds=" + timeStepSeconds.value()
                + " must be > 0 and static_power_watts=" + staticPowerWatts.value() + " must be >= 0");
        }
        final EnumMap<MessageKind, MessageFormat> msgs = new EnumMap<>(MessageKind.class);
        for (final Map.Entry<MessageKind, MessageFormat> e : messages.entrySet())
        {
            if (e.getValue() == null || e.getValue().kind() != e.getKey())
            {
                throw new IllegalArgumentException(c + "message format for " + e.getKey() + " is " + e.getValue());
            }
            msgs.put(e.getKey(), e.getValue());
        }
        if (!msgs.containsKey(MessageKind.BINARY_SPIKE))
        {
            throw new IllegalArgumentException(c + "messages must include BINARY_SPIKE");
        }
        final int graded = gradedPayloadBits.value();
        final MessageFormat g = msgs.get(MessageKind.GRADED_SPIKE);
        if (graded < 0 || (graded == 0) != (g == null) || (g != null && g.payloadBits() != graded))
        {
            throw new IllegalArgumentException(c + "graded_payload_bits=" + graded + " must be 0 exactly when"
                + " GRADED_SPIKE is unsupported, else equal its payloadBits=" + (g == null ? "none" : g.payloadBits()));
        }
        if (signedSpikes.value() != msgs.containsKey(MessageKind.SIGNED_SPIKE))
        {
            throw new IllegalArgumentException(c + "signed_spikes=" + signedSpikes.value()
                + " must match whether SIGNED_SPIKE is among the message kinds " + msgs.keySet());
        }
        messages = Collections.unmodifiableMap(msgs);
        final EnumSet<PlasticityOp> ops = EnumSet.noneOf(PlasticityOp.class);
        ops.addAll(plasticityOps.value());
        plasticityOps = new Sourced<>(Collections.unmodifiableSet(ops), plasticityOps.source(),
            plasticityOps.assumption());
    }

    /**
     * @param kind a message kind.
     * @return whether the chip can send it.
     */
    public boolean supports(final MessageKind kind)
    {
        return messages.containsKey(kind);
    }

    /**
     * @param kind a message kind.
     * @return its format on this chip.
     * @throws IllegalArgumentException if the chip does not support it.
     */
    public MessageFormat messageFormat(final MessageKind kind)
    {
        final MessageFormat f = messages.get(kind);
        if (f == null)
        {
            throw new IllegalArgumentException("chip '" + name + "': message kind " + kind + " is not supported"
                + " (supported: " + messages.keySet() + ")");
        }
        return f;
    }

    /**
     * @param ops operations a learning engine needs.
     * @return the ones this chip's plasticity engine lacks (empty if all are supported).
     */
    public Set<PlasticityOp> missingOps(final Set<PlasticityOp> ops)
    {
        final EnumSet<PlasticityOp> missing = EnumSet.noneOf(PlasticityOp.class);
        for (final PlasticityOp op : ops)
        {
            if (!plasticityOps.value().contains(op))
            {
                missing.add(op);
            }
        }
        return missing;
    }

    /**
     * @param format a weight format a projection asks for.
     * @param owner  the owner label for the message, e.g. {@code "projection fc1"}.
     * @throws IllegalArgumentException naming the width or signedness and the chip's limit.
     */
    public void checkWeightFormat(final WeightFormat format, final String owner)
    {
        if (format.bits() > maxWeightBits.value() || format.bits() < minWeightBits.value())
        {
            throw new IllegalArgumentException("weightBits=" + format.bits() + " outside chip limits [minWeightBits="
                + minWeightBits.value() + ", maxWeightBits=" + maxWeightBits.value() + "] (chip " + name + ", " + owner
                + ")");
        }
        if (format.signed() ? !signedWeights.value() : !unsignedWeights.value())
        {
            throw new IllegalArgumentException((format.signed() ? "signed" : "unsigned") + " weights are not"
                + " supported (chip " + name + ", " + owner + ")");
        }
    }

    private static void requireAll(final String c, final Sourced<?>... fields)
    {
        for (int i = 0; i < fields.length; i++)
        {
            if (fields[i] == null)
            {
                throw new IllegalArgumentException(c + "field #" + i + " of the chip spec is missing");
            }
        }
    }

    private static void positive(final String c, final String field, final int v)
    {
        if (v < 1)
        {
            throw new IllegalArgumentException(c + field + "=" + v + " must be >= 1");
        }
    }
}
