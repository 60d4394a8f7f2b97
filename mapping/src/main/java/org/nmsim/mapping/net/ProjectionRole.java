package org.nmsim.mapping.net;

/** What a projection is for; learning algorithms add FEEDBACK and AUXILIARY projections. */
public enum ProjectionRole
{
    /** Carries the inference signal from input towards output. */
    FORWARD,
    /** Carries learning signals back, e.g. a DFA/FGT feedback matrix from the output to a hidden layer. */
    FEEDBACK,
    /** Anything else a learning algorithm adds: to error neurons, from target generators, to readouts. */
    AUXILIARY
}
