package org.nmsim.learning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code algorithm} section of an experiment config, as a learner factory reads it: typed getters with
 * defaults and ranges. A getter never throws: a problem is collected as {@code algorithm.<key>=<value> <rule>}
 * and {@link #check()} throws one {@link IllegalArgumentException} listing all of them, so a user fixes a config in
 * one pass. Keys nobody asked for are reported as unknown by {@link #check()}.
 *
 * <p>Threading: NOT thread safe; confined to the thread that parses the config.
 */
public final class AlgorithmParams
{
    private final Map<String, Object> values;
    private final Map<String, Boolean> read = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();

    /** @param values the section as parsed YAML (string keys; numbers, strings, booleans, lists). */
    public AlgorithmParams(final Map<String, Object> values)
    {
        this.values = new LinkedHashMap<>(values);
        read.put("method", Boolean.TRUE);
    }

    /** @return the value of {@code method}, lower case; null when missing. */
    public String method()
    {
        final Object v = values.get("method");
        return v == null ? null : v.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * @param key   the key.
     * @param def   the default when absent; NaN makes the key required.
     * @param min   smallest allowed value.
     * @param minIn whether min itself is allowed.
     * @param max   largest allowed value.
     * @param maxIn whether max itself is allowed.
     * @return the value, or {@code def} when absent or wrong (the error is collected).
     */
    public double real(final String key, final double def, final double min, final boolean minIn, final double max,
        final boolean maxIn)
    {
        read.put(key, Boolean.TRUE);
        final Object v = values.get(key);
        if (v == null)
        {
            if (Double.isNaN(def))
            {
                errors.add("algorithm." + key + " is required");
            }
            return def;
        }
        if (!(v instanceof Number))
        {
            errors.add("algorithm." + key + "=" + v + " must be a number");
            return def;
        }
        final double d = ((Number)v).doubleValue();
        final boolean low = minIn ? d >= min : d > min;
        final boolean high = maxIn ? d <= max : d < max;
        if (!Double.isFinite(d) || !low || !high)
        {
            errors.add("algorithm." + key + "=" + v + " must be in " + (minIn ? "[" : "(") + num(min) + ", " +
                num(max) + (maxIn ? "]" : ")"));
            return def;
        }
        return d;
    }

    /**
     * @param key the key.
     * @param def the default when absent; {@code null} makes the key required (then 0 is returned on error).
     * @param min smallest allowed value.
     * @param max largest allowed value.
     * @return the value.
     */
    public int integer(final String key, final Integer def, final int min, final int max)
    {
        read.put(key, Boolean.TRUE);
        final Object v = values.get(key);
        if (v == null)
        {
            if (def == null)
            {
                errors.add("algorithm." + key + " is required");
                return 0;
            }
            return def;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number)v).longValue() < min ||
            ((Number)v).longValue() > max)
        {
            errors.add("algorithm." + key + "=" + v + " must be an integer in [" + min + ", " + max + "]");
            return def == null ? 0 : def;
        }
        return ((Number)v).intValue();
    }

    /**
     * @param key     the key.
     * @param def     the default when absent (null: required).
     * @param choices allowed values (lower case; the value is compared lower-cased).
     * @return the value, lower case.
     */
    public String choice(final String key, final String def, final String... choices)
    {
        read.put(key, Boolean.TRUE);
        final Object v = values.get(key);
        if (v == null)
        {
            if (def == null)
            {
                errors.add("algorithm." + key + " is required (one of " + String.join(", ", choices) + ")");
            }
            return def;
        }
        final String s = v.toString().toLowerCase(Locale.ROOT);
        for (final String c : choices)
        {
            if (c.equals(s))
            {
                return s;
            }
        }
        errors.add("algorithm." + key + "=" + v + " must be one of " + String.join(", ", choices));
        return def;
    }

    /**
     * @param key the key.
     * @param def the default when absent.
     * @return the value.
     */
    public boolean flag(final String key, final boolean def)
    {
        read.put(key, Boolean.TRUE);
        final Object v = values.get(key);
        if (v == null)
        {
            return def;
        }
        if (!(v instanceof Boolean))
        {
            errors.add("algorithm." + key + "=" + v + " must be true or false");
            return def;
        }
        return (Boolean)v;
    }

    /**
     * @param key the key.
     * @param def the default when absent; null makes the key required.
     * @return the value as a string (as given, not lower-cased), or {@code def} when absent or not a scalar.
     */
    public String text(final String key, final String def)
    {
        read.put(key, Boolean.TRUE);
        final Object v = values.get(key);
        if (v == null)
        {
            if (def == null)
            {
                errors.add("algorithm." + key + " is required");
            }
            return def;
        }
        if (v instanceof java.util.Collection || v instanceof Map)
        {
            errors.add("algorithm." + key + "=" + v + " must be a string");
            return def;
        }
        return v.toString();
    }

    /**
     * @param key the key.
     * @param def the default when absent (null: required).
     * @param min smallest allowed element.
     * @param max largest allowed element.
     * @return the value, a list of integers, or {@code def} when absent or wrong (the error is collected).
     */
    public int[] integers(final String key, final int[] def, final int min, final int max)
    {
        read.put(key, Boolean.TRUE);
        final Object v = values.get(key);
        if (v == null)
        {
            if (def == null)
            {
                errors.add("algorithm." + key + " is required");
            }
            return def;
        }
        if (!(v instanceof List<?> list))
        {
            errors.add("algorithm." + key + "=" + v + " must be a list of integers in [" + min + ", " + max + "]");
            return def;
        }
        final int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++)
        {
            final Object e = list.get(i);
            if (!(e instanceof Integer || e instanceof Long) || ((Number)e).longValue() < min ||
                ((Number)e).longValue() > max)
            {
                errors.add("algorithm." + key + "=" + v + " must be a list of integers in [" + min + ", " + max +
                    "] (element " + i + " is " + e + ")");
                return def;
            }
            out[i] = ((Number)e).intValue();
        }
        return out;
    }

    /**
     * Records a problem found by the caller (e.g. a rule across two keys).
     *
     * @param message {@code algorithm.<key>=<value> <rule>}.
     */
    public void error(final String message)
    {
        errors.add(message);
    }

    /** @return the problems collected so far, unknown keys not included. */
    public List<String> errors()
    {
        return List.copyOf(errors);
    }

    /**
     * Reports unknown keys (those no getter asked for) and every collected problem.
     *
     * @throws IllegalArgumentException listing every problem, one per line.
     */
    public void check()
    {
        final List<String> all = new ArrayList<>(errors);
        for (final String k : unknownKeys())
        {
            all.add("algorithm." + k + " is unknown for method " + method() + " (known: " +
                String.join(", ", read.keySet()) + ")");
        }
        if (!all.isEmpty())
        {
            throw new IllegalArgumentException(String.join("\n", all));
        }
    }

    /**
     * @return the keys given that no getter has asked for so far, in the order given (after a factory has built
     *         its learner: the keys it does not know).
     */
    public List<String> unknownKeys()
    {
        final List<String> out = new ArrayList<>();
        for (final String k : values.keySet())
        {
            if (!read.containsKey(k))
            {
                out.add(k);
            }
        }
        return out;
    }

    private static String num(final double d)
    {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long)d) : Double.toString(d);
    }
}
