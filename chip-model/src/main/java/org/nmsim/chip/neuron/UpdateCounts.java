package org.nmsim.chip.neuron;

/**
 * Operation counts that a compartment group adds to while it steps: active and inactive compartment updates
 * (priced differently, e.g. 81 pJ vs 52 pJ on Loihi, HARDWARE.md) and spikes. Counts accumulate across calls
 * until {@link #clear()}; the core reads and prices them.
 *
 * <p>An update is <em>active</em> when the compartment had nonzero state, nonzero input, a nonzero bias or a
 * running refractory counter before the update; otherwise it is <em>inactive</em> (the hardware still visits
 * it, but nothing changes).
 *
 * <p>Threading: NOT thread safe; single writer (the worker that owns the core), read by the same thread.
 */
public final class UpdateCounts
{
    private long activeUpdates;
    private long inactiveUpdates;
    private long spikes;

    /** @return active compartment updates since the last clear. */
    public long activeUpdates()
    {
        return activeUpdates;
    }

    /** @return inactive compartment updates since the last clear. */
    public long inactiveUpdates()
    {
        return inactiveUpdates;
    }

    /** @return spikes since the last clear. */
    public long spikes()
    {
        return spikes;
    }

    /**
     * Adds one step's counts.
     *
     * @param active   active updates.
     * @param inactive inactive updates.
     * @param spiked   spikes.
     */
    public void add(final long active, final long inactive, final long spiked)
    {
        activeUpdates += active;
        inactiveUpdates += inactive;
        spikes += spiked;
    }

    /** Resets all counts to zero. */
    public void clear()
    {
        activeUpdates = 0;
        inactiveUpdates = 0;
        spikes = 0;
    }

    @Override
    public String toString()
    {
        return "UpdateCounts{active=" + activeUpdates + ", inactive=" + inactiveUpdates + ", spikes=" + spikes + "}";
    }
}
