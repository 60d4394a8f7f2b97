package org.nmsim.kernel;

/** How simulated time advances. */
public enum TimeModel
{
    /** Integer algorithmic steps with a barrier at the end of each step (Loihi). */
    STEPPED,
    /** Events at arbitrary real timestamps, synchronised conservatively in windows of one lookahead. */
    CONTINUOUS
}
