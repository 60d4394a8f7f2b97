package org.nmsim.mapping.net;

/** What a population is for; learning algorithms add {@link #AUXILIARY} populations. */
public enum PopulationRole
{
    /** Receives encoded input events; has no incoming projections of role FORWARD. */
    INPUT,
    /** A hidden layer. */
    HIDDEN,
    /** The network's output (classification layer, readout of the task). */
    OUTPUT,
    /** Added by a learning algorithm: error neurons, target generators, local readouts. */
    AUXILIARY
}
