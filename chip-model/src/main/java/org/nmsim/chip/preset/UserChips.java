package org.nmsim.chip.preset;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.nmsim.chip.message.MessageFormat;
import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.noc.ChipMesh;

/**
 * User-defined chips: a base preset plus overrides, read from a plain {@code Map<String, Object>} as a YAML or JSON
 * loader produces it (integers as {@code Integer} or {@code Long}, reals as any {@code Number}, booleans, strings,
 * lists of strings, nested maps). Every overridden value is sourced as a user override; everything else keeps the
 * base preset's source. Unknown keys are rejected by name, and the result is validated as a whole
 * ({@link ChipSpec}).
 *
 * <pre>
 *   base: loihi1                       # required, one of Presets.NAMES
 *   name: loihi1-8bit                  # optional, default "&lt;base&gt;-custom"
 *   synaptic_memory_bits_per_core: 2097152
 *   max_weight_bits: 8
 *   plasticity_ops: [ADD, MULTIPLY, RANDOM, EXP]
 *   message_bits: {binary_spike: 24}   # size overrides of supported kinds
 *   graded_payload_bits: 16            # 0 removes graded spikes; on a chip without them the header is the
 *                                      # binary spike size
 *   signed_spikes: true                # adds SIGNED_SPIKE at the binary spike size if absent; false removes it
 * </pre>
 *
 * <p>Threading: stateless, thread safe.
 */
public final class UserChips
{
    /** Every key a chip map may hold. */
    public static final List<String> KEYS = List.of("base", "name", "cores_per_chip", "mesh_tile_columns",
        "mesh_tile_rows", "cores_per_tile", "compartments_per_core", "synaptic_memory_bits_per_core",
        "fan_in_per_core", "fan_out_per_core", "routing_entries_per_router", "min_weight_bits", "max_weight_bits",
        "signed_weights", "unsigned_weights", "delay_bits", "message_bits", "plasticity_ops", "graded_payload_bits",
        "signed_spikes", "engine", "time_step_seconds", "static_power_watts");

    private UserChips()
    {
    }

    /**
     * @param map the chip description.
     * @return the validated chip.
     * @throws IllegalArgumentException naming the chip, the key, the value and the rule for the first problem.
     */
    public static ChipSpec fromMap(final Map<String, ?> map)
    {
        for (final String key : map.keySet())
        {
            if (!KEYS.contains(key))
            {
                throw new IllegalArgumentException("chip '" + map.get("name") + "': unknown key '" + key
                    + "' (allowed: " + String.join(", ", KEYS) + ")");
            }
        }
        final Object baseName = map.get("base");
        if (!(baseName instanceof String))
        {
            throw new IllegalArgumentException("chip '" + map.get("name") + "': key 'base' must name a preset "
                + Presets.NAMES + " but is " + baseName);
        }
        final ChipSpec b = Presets.byName((String)baseName);
        final Object nameValue = map.containsKey("name") ? map.get("name") : b.name() + "-custom";
        if (!(nameValue instanceof String) || ((String)nameValue).isBlank())
        {
            throw new IllegalArgumentException("chip: key 'name' must be a non-blank string but is " + nameValue);
        }
        final String name = (String)nameValue;
        final Reader r = new Reader(name, map);

        final ChipMesh m = b.mesh().value();
        final boolean meshChanged = map.containsKey("mesh_tile_columns") || map.containsKey("mesh_tile_rows")
            || map.containsKey("cores_per_tile");
        final Sourced<ChipMesh> mesh = meshChanged
            ? r.override(new ChipMesh(r.intOr("mesh_tile_columns", m.tileColumns()),
                r.intOr("mesh_tile_rows", m.tileRows()), r.intOr("cores_per_tile", m.coresPerTile())))
            : b.mesh();

        final EnumMap<MessageKind, MessageFormat> msgs = new EnumMap<>(b.messages());
        boolean msgsChanged = false;
        if (map.containsKey("message_bits"))
        {
            msgsChanged = true;
            final Object mb = map.get("message_bits");
            if (!(mb instanceof Map))
            {
                throw r.error("message_bits", mb, "must be a map from message kind to bits");
            }
            for (final Map.Entry<?, ?> e : ((Map<?, ?>)mb).entrySet())
            {
                final MessageKind kind = r.enumValue("message_bits", e.getKey(), MessageKind.class);
                final MessageFormat old = msgs.get(kind);
                if (old == null)
                {
                    throw r.error("message_bits." + e.getKey(), e.getValue(), "kind is not supported by base "
                        + b.name() + " (supported: " + msgs.keySet() + "); enable it first");
                }
                msgs.put(kind, new MessageFormat(kind, r.asInt("message_bits." + e.getKey(), e.getValue()),
                    old.payloadBits(), r.overrideSource(), false));
            }
        }
        Sourced<Integer> graded = b.gradedPayloadBits();
        if (map.containsKey("graded_payload_bits"))
        {
            msgsChanged = true;
            final int bits = r.asInt("graded_payload_bits", map.get("graded_payload_bits"));
            graded = r.override(bits);
            final MessageFormat old = msgs.get(MessageKind.GRADED_SPIKE);
            if (bits == 0)
            {
                msgs.remove(MessageKind.GRADED_SPIKE);
            }
            else
            {
                final int header = old == null ? msgs.get(MessageKind.BINARY_SPIKE).sizeBits()
                    : old.sizeBits() - old.payloadBits();
                msgs.put(MessageKind.GRADED_SPIKE, new MessageFormat(MessageKind.GRADED_SPIKE, header + bits, bits,
                    r.overrideSource() + (old == null ? "; header assumed equal to the binary spike" : ""),
                    old == null));
            }
        }
        Sourced<Boolean> signed = b.signedSpikes();
        if (map.containsKey("signed_spikes"))
        {
            msgsChanged = true;
            final boolean on = r.asBoolean("signed_spikes", map.get("signed_spikes"));
            signed = r.override(on);
            if (!on)
            {
                msgs.remove(MessageKind.SIGNED_SPIKE);
            }
            else if (!msgs.containsKey(MessageKind.SIGNED_SPIKE))
            {
                msgs.put(MessageKind.SIGNED_SPIKE, new MessageFormat(MessageKind.SIGNED_SPIKE,
                    msgs.get(MessageKind.BINARY_SPIKE).sizeBits(), 0, r.overrideSource()
                    + "; size assumed equal to the binary spike", true));
            }
        }

        Sourced<Set<PlasticityOp>> ops = b.plasticityOps();
        if (map.containsKey("plasticity_ops"))
        {
            final Object v = map.get("plasticity_ops");
            if (!(v instanceof List))
            {
                throw r.error("plasticity_ops", v, "must be a list of " + EnumSet.allOf(PlasticityOp.class));
            }
            final EnumSet<PlasticityOp> set = EnumSet.noneOf(PlasticityOp.class);
            for (final Object o : (List<?>)v)
            {
                set.add(r.enumValue("plasticity_ops", o, PlasticityOp.class));
            }
            ops = r.override(set);
        }
        final Sourced<EngineKind> engine = map.containsKey("engine")
            ? r.override(r.enumValue("engine", map.get("engine"), EngineKind.class)) : b.engine();

        return new ChipSpec(name, b.base(),
            r.intField("cores_per_chip", b.coresPerChip()),
            mesh,
            r.intField("compartments_per_core", b.compartmentsPerCore()),
            r.longField("synaptic_memory_bits_per_core", b.synapticMemoryBitsPerCore()),
            r.intField("fan_in_per_core", b.fanInPerCore()),
            r.intField("fan_out_per_core", b.fanOutPerCore()),
            r.intField("routing_entries_per_router", b.routingEntriesPerRouter()),
            r.intField("min_weight_bits", b.minWeightBits()),
            r.intField("max_weight_bits", b.maxWeightBits()),
            r.boolField("signed_weights", b.signedWeights()),
            r.boolField("unsigned_weights", b.unsignedWeights()),
            r.intField("delay_bits", b.delayBits()),
            msgsChanged ? msgs : b.messages(),
            ops,
            graded,
            signed,
            engine,
            r.doubleField("time_step_seconds", b.timeStepSeconds()),
            r.doubleField("static_power_watts", b.staticPowerWatts()));
    }

    /** Typed access to the map with errors that name the chip, the key and the value. */
    private static final class Reader
    {
        private final String chip;
        private final Map<String, ?> map;

        Reader(final String chip, final Map<String, ?> map)
        {
            this.chip = chip;
            this.map = map;
        }

        String overrideSource()
        {
            return "user override (chip '" + chip + "')";
        }

        <T> Sourced<T> override(final T value)
        {
            return Sourced.of(value, overrideSource());
        }

        IllegalArgumentException error(final String key, final Object value, final String rule)
        {
            return new IllegalArgumentException("chip '" + chip + "': " + key + "=" + value + " " + rule);
        }

        int asInt(final String key, final Object v)
        {
            final long l = asLong(key, v);
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)
            {
                throw error(key, v, "must fit in a 32-bit integer");
            }
            return (int)l;
        }

        long asLong(final String key, final Object v)
        {
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)
            {
                return ((Number)v).longValue();
            }
            if (v instanceof java.math.BigInteger && ((java.math.BigInteger)v).bitLength() < 64)
            {
                return ((java.math.BigInteger)v).longValue();
            }
            throw error(key, v, "must be an integer" + typeOf(v));
        }

        double asDouble(final String key, final Object v)
        {
            if (v instanceof Number)
            {
                return ((Number)v).doubleValue();
            }
            throw error(key, v, "must be a number" + typeOf(v));
        }

        boolean asBoolean(final String key, final Object v)
        {
            if (v instanceof Boolean)
            {
                return (Boolean)v;
            }
            throw error(key, v, "must be true or false" + typeOf(v));
        }

        <E extends Enum<E>> E enumValue(final String key, final Object v, final Class<E> type)
        {
            if (v instanceof String)
            {
                for (final E e : type.getEnumConstants())
                {
                    if (e.name().equals(((String)v).toUpperCase(Locale.ROOT)))
                    {
                        return e;
                    }
                }
            }
            throw error(key, v, "must be one of " + EnumSet.allOf(type));
        }

        int intOr(final String key, final int fallback)
        {
            return map.containsKey(key) ? asInt(key, map.get(key)) : fallback;
        }

        Sourced<Integer> intField(final String key, final Sourced<Integer> base)
        {
            return map.containsKey(key) ? override(asInt(key, map.get(key))) : base;
        }

        Sourced<Long> longField(final String key, final Sourced<Long> base)
        {
            return map.containsKey(key) ? override(asLong(key, map.get(key))) : base;
        }

        Sourced<Double> doubleField(final String key, final Sourced<Double> base)
        {
            return map.containsKey(key) ? override(asDouble(key, map.get(key))) : base;
        }

        Sourced<Boolean> boolField(final String key, final Sourced<Boolean> base)
        {
            return map.containsKey(key) ? override(asBoolean(key, map.get(key))) : base;
        }

        private static String typeOf(final Object v)
        {
            return v == null ? " (null)" : " (" + v.getClass().getSimpleName() + ")";
        }
    }
}
