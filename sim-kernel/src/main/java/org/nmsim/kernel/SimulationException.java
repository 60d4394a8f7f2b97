package org.nmsim.kernel;

/** A core failed during a run. The run stopped on every worker; the simulation cannot be resumed. */
public final class SimulationException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int coreId;
    private final double time;

    /**
     * @param coreId the core whose callback threw.
     * @param time   the simulated time (step in stepped mode) at which it threw.
     * @param cause  what it threw.
     */
    public SimulationException(final int coreId, final double time, final Throwable cause)
    {
        super("core " + coreId + " failed at time=" + time + ": " + cause, cause);
        this.coreId = coreId;
        this.time = time;
    }

    /** @return the core whose callback threw. */
    public int coreId()
    {
        return coreId;
    }

    /** @return the simulated time at which it threw. */
    public double time()
    {
        return time;
    }
}
