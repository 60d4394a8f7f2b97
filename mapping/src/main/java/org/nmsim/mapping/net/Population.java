package org.nmsim.mapping.net;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A group of neurons with one neuron model. Immutable; validated on construction (the rules that need other
 * populations or projections are checked by {@link Network.Builder#build()}).
 *
 * <p>Neuron parameters come in two forms: {@code parameters}, one value shared by every neuron (e.g.
 * {@code v_threshold=1.0}), and {@code neuronParameters}, one value per neuron in row-major order of the shape,
 * for models whose parameters differ between neurons (as NIR allows). A name appears in at most one of the two.
 *
 * @param name             unique within the network; non-blank.
 * @param shape            the neurons' layout, {@code [n]} or {@code [C, H, W]}; its size must be > 0.
 * @param neuronModel      the model's name, e.g. {@code "loihi-cuba-lif"}, {@code "lif"}, {@code "if"},
 *                         {@code "readout"}, {@code "two-compartment"}, {@code "input"}, or {@code "relay"} (a
 *                         non-spiking compartment that passes its summed input on: pooling outputs, linear maps
 *                         between two weight layers).
 * @param parameters       shared parameters, name to value; finite values.
 * @param neuronParameters per-neuron parameters, name to an array of {@code size()} finite values.
 * @param role             what the population is for.
 */
public record Population(
    String name,
    Shape shape,
    String neuronModel,
    Map<String, Double> parameters,
    Map<String, double[]> neuronParameters,
    PopulationRole role)
{
    /** Validates every field; the first violation is reported with the population's name, the value and the rule. */
    public Population
    {
        if (name == null || name.isBlank())
        {
            throw new NetworkException("population name=" + (name == null ? "null" : "'" + name + "'") +
                " must be non-blank");
        }
        if (shape == null)
        {
            throw new NetworkException("population " + name + ": shape=null");
        }
        if (shape.size() <= 0)
        {
            throw new NetworkException("population " + name + ": size=" + shape.size() + " must be > 0 (shape " +
                shape + ")");
        }
        if (neuronModel == null || neuronModel.isBlank())
        {
            throw new NetworkException("population " + name + ": neuronModel must be non-blank");
        }
        if (role == null)
        {
            throw new NetworkException("population " + name + ": role=null");
        }
        final Map<String, Double> p = new TreeMap<>(parameters == null ? Map.of() : parameters);
        for (final Map.Entry<String, Double> e : p.entrySet())
        {
            if (e.getValue() == null || !Double.isFinite(e.getValue()))
            {
                throw new NetworkException("population " + name + ": parameter " + e.getKey() + "=" + e.getValue() +
                    " must be finite");
            }
        }
        final Map<String, double[]> np = new TreeMap<>();
        if (neuronParameters != null)
        {
            for (final Map.Entry<String, double[]> e : neuronParameters.entrySet())
            {
                final double[] v = e.getValue();
                if (v == null || v.length != shape.size())
                {
                    throw new NetworkException("population " + name + ": per-neuron parameter " + e.getKey() +
                        " has " + (v == null ? "no" : String.valueOf(v.length)) + " values, must have size=" +
                        shape.size());
                }
                if (p.containsKey(e.getKey()))
                {
                    throw new NetworkException("population " + name + ": parameter " + e.getKey() +
                        " is given both shared and per neuron");
                }
                for (int i = 0; i < v.length; i++)
                {
                    if (!Double.isFinite(v[i]))
                    {
                        throw new NetworkException("population " + name + ": per-neuron parameter " + e.getKey() +
                            "[" + i + "]=" + v[i] + " must be finite");
                    }
                }
                np.put(e.getKey(), v.clone());
            }
        }
        parameters = Collections.unmodifiableMap(p);
        neuronParameters = Collections.unmodifiableMap(np);
    }

    /**
     * @param name        population name.
     * @param size        number of neurons, shape [size].
     * @param neuronModel model name.
     * @param parameters  shared parameters.
     * @param role        role.
     * @return a flat population without per-neuron parameters.
     */
    public static Population of(
        final String name, final int size, final String neuronModel, final Map<String, Double> parameters,
        final PopulationRole role)
    {
        return new Population(name, Shape.of(size), neuronModel, parameters, Map.of(), role);
    }

    /**
     * @param name        population name.
     * @param shape       shape.
     * @param neuronModel model name.
     * @param parameters  shared parameters.
     * @param role        role.
     * @return a population without per-neuron parameters.
     */
    public static Population of(
        final String name, final Shape shape, final String neuronModel, final Map<String, Double> parameters,
        final PopulationRole role)
    {
        return new Population(name, shape, neuronModel, parameters, Map.of(), role);
    }

    /** @return the number of neurons. */
    public int size()
    {
        return shape.size();
    }

    /**
     * The per-neuron parameters; the arrays are copies.
     *
     * @return parameter name to one value per neuron.
     */
    @Override
    public Map<String, double[]> neuronParameters()
    {
        final Map<String, double[]> copy = new TreeMap<>();
        neuronParameters.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /**
     * @param parameter a parameter name, shared or per neuron.
     * @param neuron    neuron index, row-major.
     * @return the parameter's value for that neuron.
     */
    public double parameter(final String parameter, final int neuron)
    {
        final Double shared = parameters.get(parameter);
        if (shared != null)
        {
            return shared;
        }
        final double[] v = neuronParameters.get(parameter);
        if (v == null)
        {
            throw new NetworkException("population " + name + ": no parameter " + parameter + " (has " +
                parameters.keySet() + " shared, " + neuronParameters.keySet() + " per neuron)");
        }
        return v[neuron];
    }

    /**
     * @param parameter a parameter name.
     * @return whether the population has it, shared or per neuron.
     */
    public boolean hasParameter(final String parameter)
    {
        return parameters.containsKey(parameter) || neuronParameters.containsKey(parameter);
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof Population))
        {
            return false;
        }
        final Population p = (Population)o;
        if (!name.equals(p.name) || !shape.equals(p.shape) || !neuronModel.equals(p.neuronModel) ||
            !parameters.equals(p.parameters) || role != p.role ||
            !neuronParameters.keySet().equals(p.neuronParameters.keySet()))
        {
            return false;
        }
        for (final Map.Entry<String, double[]> e : neuronParameters.entrySet())
        {
            if (!Arrays.equals(e.getValue(), p.neuronParameters.get(e.getKey())))
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode()
    {
        return name.hashCode() * 31 + shape.hashCode();
    }

    @Override
    public String toString()
    {
        return "Population[" + name + " " + shape + " " + neuronModel + " " + role + " " + parameters +
            (neuronParameters.isEmpty() ? "" : " per-neuron " + neuronParameters.keySet()) + "]";
    }
}
