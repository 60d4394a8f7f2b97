package org.nmsim.mapping.net;

import java.util.Arrays;

/**
 * Synapses from one population to another. Immutable; validated on construction, and against its two populations
 * by {@link Network.Builder#build()}.
 *
 * @param name         unique within the network; non-blank.
 * @param from         source population's name.
 * @param to           target population's name.
 * @param connectivity how neurons connect; also fixes the layout of {@code weights} and {@code bias}.
 * @param weightFormat storage format of the weights.
 * @param delay        axonal delay in steps, >= 1.
 * @param target       the target neurons' compartment or dendrite: {@code "soma"} (default), {@code "apical"}
 *                     (BioGrad feedback), {@code "error"}, ...; non-blank.
 * @param role         FORWARD, FEEDBACK or AUXILIARY.
 * @param weights      initial weights in the connectivity's layout ({@link Connectivity#weightShape}), or null.
 * @param bias         initial bias in the connectivity's layout ({@link Connectivity#biasShape}), or null.
 */
public record Projection(
    String name,
    String from,
    String to,
    Connectivity connectivity,
    WeightFormat weightFormat,
    int delay,
    String target,
    ProjectionRole role,
    float[] weights,
    float[] bias)
{
    /** Default target compartment. */
    public static final String SOMA = "soma";

    /** Validates every field that does not need the populations. */
    public Projection
    {
        if (name == null || name.isBlank())
        {
            throw new NetworkException("projection name=" + (name == null ? "null" : "'" + name + "'") +
                " must be non-blank");
        }
        if (from == null || from.isBlank() || to == null || to.isBlank())
        {
            throw new NetworkException("projection " + name + ": from=" + from + " and to=" + to +
                " must name populations");
        }
        if (connectivity == null)
        {
            throw new NetworkException("projection " + name + ": connectivity=null");
        }
        if (weightFormat == null)
        {
            throw new NetworkException("projection " + name + ": weightFormat=null");
        }
        if (delay < 1)
        {
            throw new NetworkException("projection " + name + ": delay=" + delay + " must be >= 1 step");
        }
        if (target == null || target.isBlank())
        {
            throw new NetworkException("projection " + name + ": target compartment must be non-blank");
        }
        if (role == null)
        {
            throw new NetworkException("projection " + name + ": role=null");
        }
        weights = finite(name, "weights", weights);
        bias = finite(name, "bias", bias);
    }

    private static float[] finite(final String name, final String what, final float[] values)
    {
        if (values == null)
        {
            return null;
        }
        for (int i = 0; i < values.length; i++)
        {
            if (!Float.isFinite(values[i]))
            {
                throw new NetworkException("projection " + name + ": " + what + "[" + i + "]=" + values[i] +
                    " must be finite");
            }
        }
        return values.clone();
    }

    /**
     * @param name         name.
     * @param from         source population.
     * @param to           target population.
     * @param connectivity connectivity.
     * @return a FORWARD projection onto the soma, signed 8-bit weights, delay 1, no initial weights.
     */
    public static Projection of(final String name, final String from, final String to,
        final Connectivity connectivity)
    {
        return new Projection(name, from, to, connectivity, WeightFormat.SIGNED_8, 1, SOMA, ProjectionRole.FORWARD,
            null, null);
    }

    /** @return a copy of the initial weights, or null. */
    @Override
    public float[] weights()
    {
        return weights == null ? null : weights.clone();
    }

    /** @return a copy of the initial bias, or null. */
    @Override
    public float[] bias()
    {
        return bias == null ? null : bias.clone();
    }

    /** @return whether initial weights are given. */
    public boolean hasWeights()
    {
        return weights != null;
    }

    /** @return the number of initial weights, or -1 when none are given. */
    public int weightCount()
    {
        return weights == null ? -1 : weights.length;
    }

    /** @return the number of bias values, or -1 when none are given. */
    public int biasCount()
    {
        return bias == null ? -1 : bias.length;
    }

    /**
     * @param i index in the connectivity's weight layout.
     * @return that initial weight.
     */
    public float weight(final int i)
    {
        return weights[i];
    }

    /**
     * @param delay delay in steps.
     * @return a copy with that delay.
     */
    public Projection withDelay(final int delay)
    {
        return new Projection(name, from, to, connectivity, weightFormat, delay, target, role, weights, bias);
    }

    /**
     * @param format weight format.
     * @return a copy with that format.
     */
    public Projection withWeightFormat(final WeightFormat format)
    {
        return new Projection(name, from, to, connectivity, format, delay, target, role, weights, bias);
    }

    /**
     * @param target compartment.
     * @param role   role.
     * @return a copy that targets that compartment with that role.
     */
    public Projection withTarget(final String target, final ProjectionRole role)
    {
        return new Projection(name, from, to, connectivity, weightFormat, delay, target, role, weights, bias);
    }

    /**
     * @param weights initial weights, or null.
     * @param bias    initial bias, or null.
     * @return a copy with those initial values.
     */
    public Projection withWeights(final float[] weights, final float[] bias)
    {
        return new Projection(name, from, to, connectivity, weightFormat, delay, target, role, weights, bias);
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof Projection))
        {
            return false;
        }
        final Projection p = (Projection)o;
        return name.equals(p.name) && from.equals(p.from) && to.equals(p.to) && connectivity.equals(p.connectivity) &&
            weightFormat.equals(p.weightFormat) && delay == p.delay && target.equals(p.target) && role == p.role &&
            Arrays.equals(weights, p.weights) && Arrays.equals(bias, p.bias);
    }

    @Override
    public int hashCode()
    {
        return (name.hashCode() * 31 + from.hashCode()) * 31 + to.hashCode();
    }

    @Override
    public String toString()
    {
        return "Projection[" + name + " " + from + " -> " + to + " " + connectivity + " " + weightFormat + " delay=" +
            delay + " target=" + target + " " + role + (weights == null ? "" : " weights=" + weights.length) +
            (bias == null ? "" : " bias=" + bias.length) + "]";
    }
}
