package org.nmsim.learning.sop;

/**
 * What gates a product: every product of a rule has exactly one dependency, the first {@code x0}, {@code y0} or
 * {@code u_k} written in it (a later {@code x0} or {@code y0} in the same product is an ordinary factor).
 *
 * <ul>
 *   <li>{@link #X0}: the product is evaluated only for synapses whose input axon spiked in the epoch, with every
 *       trace read at the time of that presynaptic spike;</li>
 *   <li>{@link #Y0}: only for synapses whose compartment spiked in the epoch, traces read at that spike's time;</li>
 *   <li>{@link #U}: for every synapse, on epochs whose 1-based index is a multiple of {@code 2^k}, traces read at
 *       the end of the epoch.</li>
 * </ul>
 *
 * <p>Sources: Lava {@code src/lava/magma/core/learning/product_series.py} ({@code _generate_product}: the first
 * dependency symbol wins, "No dependency found" otherwise), {@code symbolic_equation.py} ({@code Uk}: {@code u\d}),
 * {@code src/lava/magma/core/model/py/connection.py} ({@code _extract_applier_args}: evaluation times
 * {@code tx}, {@code ty}, {@code t_epoch} per dependency).
 */
public enum Dependency
{
    /** Presynaptic spike in the epoch. */
    X0,
    /** Postsynaptic spike in the epoch. */
    Y0,
    /** Epoch term {@code u_k}: true every {@code 2^k} epochs. */
    U
}
