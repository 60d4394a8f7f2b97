package org.nmsim.chip.neuron;

/**
 * A structure-of-arrays group of {@code size()} compartments of one model, stepped together on one core.
 * Each model fixes its own input type and {@code step} signature; this interface is the part every model shares,
 * which probes and trace replay use: the two state variables of each compartment as doubles.
 *
 * <p>Threading: NOT thread safe; the group belongs to one core and is stepped and read by the core's worker.
 */
public interface CompartmentGroup
{
    /** @return number of compartments. */
    int size();

    /** @return a short model name, e.g. {@code loihi-cuba-lif}. */
    String modelName();

    /** @return the number format the state is computed in (e.g. {@code 24-bit integer}, {@code float64}). */
    String numberFormat();

    /**
     * @param i compartment index.
     * @return the current-like state variable (synaptic current u; for models without one, the last input).
     */
    double current(int i);

    /**
     * @param i compartment index.
     * @return the membrane voltage v.
     */
    double voltage(int i);
}
