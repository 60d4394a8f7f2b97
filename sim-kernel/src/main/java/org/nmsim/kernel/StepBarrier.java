package org.nmsim.kernel;

import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The barrier at the end of every step (stepped mode) or window (continuous mode). The last worker to arrive
 * runs the end-of-window action, which advances simulated time and decides whether the run stops; the others
 * keep draining their inbound rings while they wait, so a full ring can never deadlock the barrier.
 *
 * <p>Threading: used by all workers of one simulation. Memory ordering: everything a worker wrote before
 * {@link #await} (including ring publications) happens-before everything any worker does after it returns:
 * the arrival is a volatile read-modify-write and the release is a volatile write of {@code generation} that
 * the waiters read.
 */
final class StepBarrier
{
    /** Runs once per window on the last arriving worker; returns true to stop the run. */
    interface EndOfWindow
    {
        boolean advance();
    }

    private final int parties;
    private final EndOfWindow endOfWindow;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile long generation;
    private volatile boolean stop;

    StepBarrier(final int parties, final EndOfWindow endOfWindow)
    {
        this.parties = parties;
        this.endOfWindow = endOfWindow;
    }

    /** Clears a barrier left half-crossed; call only while no worker runs. */
    void reset()
    {
        arrived.set(0);
    }

    /**
     * @param worker the arriving worker, which drains its ring while it waits.
     * @param idle   the worker's idle strategy.
     * @return true if the run stops after this window.
     */
    boolean await(final Worker worker, final IdleStrategy idle)
    {
        final long gen = generation;
        if (arrived.incrementAndGet() == parties)
        {
            arrived.set(0);
            stop = endOfWindow.advance();
            generation = gen + 1;
            return stop;
        }
        idle.reset();
        while (generation == gen)
        {
            idle.idle(worker.drainInbound());
        }
        return stop;
    }

    /**
     * How a worker waits (at the barrier, and for room on a full ring).
     *
     * @param workers the workers of the run.
     * @return with no more workers than processors, a long spin (100,000 polls) before it yields and then parks:
     *         a worker that parked wakes up to 100 us late, and with a barrier every step (28 per FGT sample) that
     *         cost 2 workers a fifth to a third of their speed (FGT 784-400-400-10: 741 against 866 samples/s at
     *         batch 1, 754 against 1,071 at batch 128, medians of 4 alternating runs). With more workers than
     *         processors, a short spin (64) before it yields, so that the others run.
     */
    static IdleStrategy newIdleStrategy(final int workers)
    {
        final int spins = workers <= Runtime.getRuntime().availableProcessors() ? 100_000 : 64;
        return new BackoffIdleStrategy(spins, 64, 1_000L, 100_000L);
    }
}
