package org.nmsim.kernel;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import org.agrona.concurrent.IdleStrategy;

/**
 * One worker thread's share of the simulation: its cores (every {@code w}-th core, see {@link Simulation}),
 * processed in ascending core id, and the inbound Disruptor ring through which the other workers send it messages
 * for those cores.
 *
 * <p>Threading: every method except construction runs on the worker's own thread (worker 0 runs on the thread
 * that called {@link Simulation#runSteps} or {@link Simulation#runUntil}).
 */
final class Worker
{
    final int index;
    private final Simulation sim;
    private final CoreSlot[] slots;
    /** The cores this worker owns, ascending. */
    private final int[] cores;
    private final int[] owner;
    /** STEPPED mode: the step queue of each core this worker owns, indexed by core id (null elsewhere). */
    private final StepQueue[] ownStepQueues;
    private final RingBuffer<SpikeEvent>[] rings;
    private final EventPoller<SpikeEvent> poller;
    private final EventPoller.Handler<SpikeEvent> drainHandler = this::onInbound;
    private final IdleStrategy idle = StepBarrier.newIdleStrategy();
    private final IdleStrategy publishIdle = StepBarrier.newIdleStrategy();
    private int drained;
    private int currentCore = -1;

    Worker(final int index, final Simulation sim, final CoreSlot[] slots, final int[] cores, final int[] owner,
        final RingBuffer<SpikeEvent>[] rings)
    {
        this.index = index;
        this.sim = sim;
        this.slots = slots;
        this.cores = cores.clone();
        this.owner = owner;
        this.rings = rings;
        if (sim.stepped)
        {
            ownStepQueues = new StepQueue[slots.length];
            for (final int c : this.cores)
            {
                ownStepQueues[c] = slots[c].stepQueue;
            }
        }
        else
        {
            ownStepQueues = null;
        }
        this.poller = rings[index] == null ? null : rings[index].newPoller();
        if (poller != null)
        {
            rings[index].addGatingSequences(poller.getSequence());
        }
    }

    /** Runs windows until the barrier says stop. */
    void runWindows()
    {
        final boolean stepped = sim.stepped;
        while (true)
        {
            final long start = index == 0 ? System.nanoTime() : 0L;
            try
            {
                if (stepped)
                {
                    processStep(sim.step);
                }
                else
                {
                    processWindow(sim.windowEnd, sim.windows);
                }
            }
            catch (final Throwable t)
            {
                sim.fail(currentCore, currentCore >= 0 ? slots[currentCore].now : Double.NaN, t);
            }
            currentCore = -1;
            final boolean stop = sim.barrier.await(this, idle);
            drainFully();
            if (index == 0)
            {
                sim.recordWindowTime(System.nanoTime() - start);
            }
            if (stop)
            {
                return;
            }
        }
    }

    private void processStep(final long step)
    {
        final double t = step;
        for (final int c : cores)
        {
            currentCore = c;
            final CoreSlot slot = slots[c];
            slot.now = t;
            slot.step = step;
            final StepQueue q = slot.stepQueue;
            final Core core = slot.core;
            final long[] counters = slot.counters;
            StepQueue.Bucket due;
            while ((due = q.takeDue(t)) != null)
            {
                // the bucket is in canonical order and leaves the queue whole: pushes made by onMessage go to
                // later buckets, so its arrays are stable while they are read
                // (one call per bucket: the per-message interface dispatch is the core's own loop)
                counters[SimulationBuilder.MESSAGES_DELIVERED] += due.n;
                core.onMessages(slot, due.axon, due.payload, due.n);
                q.release(due);
            }
            core.onStep(slot);
        }
    }

    private void processWindow(final double end, final long windows)
    {
        for (final int c : cores)
        {
            currentCore = c;
            final CoreSlot slot = slots[c];
            slot.step = windows;
            final EventQueue q = slot.queue;
            final Core core = slot.core;
            while (!q.isEmpty() && q.minTime() < end)
            {
                final int axon = q.minAxon();
                final long payload = q.minPayload();
                slot.now = q.minTime();
                q.pop();
                if (axon == EventQueue.TIMER)
                {
                    slot.counters[SimulationBuilder.TIMERS]++;
                    core.onTimer(slot, payload);
                }
                else
                {
                    slot.counters[SimulationBuilder.MESSAGES_DELIVERED]++;
                    core.onMessage(slot, axon, payload);
                }
            }
        }
    }

    /**
     * Hands a message to its destination core: directly when this worker owns it, else through the owner's
     * ring. While the ring is full this worker drains its own ring, so two workers filling each other's rings
     * cannot deadlock.
     */
    void deliver(final int dst, final double time, final long key, final int axon, final long payload)
    {
        final StepQueue[] own = ownStepQueues;
        if (own != null)
        {
            // stepped: one load says whether the core is ours and where its queue is
            final StepQueue q = own[dst];
            if (q != null)
            {
                q.push(time, key, axon, payload);
                return;
            }
        }
        final int w = owner[dst];
        if (w == index)
        {
            slots[dst].push(time, key, axon, payload);
            return;
        }
        final RingBuffer<SpikeEvent> ring = rings[w];
        long seq;
        publishIdle.reset();
        while (true)
        {
            try
            {
                seq = ring.tryNext();
                break;
            }
            catch (final InsufficientCapacityException e)
            {
                publishIdle.idle(drainInbound());
            }
        }
        final SpikeEvent ev = ring.get(seq);
        ev.dstCore = dst;
        ev.dstAxon = axon;
        ev.key = key;
        ev.time = time;
        ev.payload = payload;
        ring.publish(seq);
    }

    /**
     * Stepped mode: hands {@code n} messages to one destination core, message {@code x} with key {@code key0 + x},
     * axon {@code axon0 + x} and {@code payloads[x]}: in one piece when this worker owns the core, else through the
     * owner's ring in runs of slots claimed and published together (at most a quarter of the ring each, so a claim
     * never waits for more than the consumer can free). The receiver's queue orders them as it orders separate
     * messages.
     */
    void deliverBlock(final int dst, final double time, final long key0, final int axon0, final long[] payloads,
        final int n)
    {
        final StepQueue[] own = ownStepQueues;
        if (own == null)
        {
            for (int x = 0; x < n; x++)
            {
                deliver(dst, time, key0 + x, axon0 + x, payloads[x]);
            }
            return;
        }
        final StepQueue q = own[dst];
        if (q != null)
        {
            q.pushBlock(time, key0, axon0, payloads, n);
            return;
        }
        final RingBuffer<SpikeEvent> ring = rings[owner[dst]];
        final int piece = ring.getBufferSize() >> 2;
        int x = 0;
        while (x < n)
        {
            final int m = Math.min(n - x, piece);
            long hi;
            publishIdle.reset();
            while (true)
            {
                try
                {
                    hi = ring.tryNext(m);
                    break;
                }
                catch (final InsufficientCapacityException e)
                {
                    publishIdle.idle(drainInbound());
                }
            }
            final long lo = hi - m + 1;
            for (int y = 0; y < m; y++)
            {
                final SpikeEvent ev = ring.get(lo + y);
                ev.dstCore = dst;
                ev.dstAxon = axon0 + x + y;
                ev.key = key0 + x + y;
                ev.time = time;
                ev.payload = payloads[x + y];
            }
            ring.publish(lo, hi);
            x += m;
        }
    }

    /** @return the number of messages moved from the inbound ring to the cores' queues. */
    int drainInbound()
    {
        if (poller == null)
        {
            return 0;
        }
        drained = 0;
        try
        {
            poller.poll(drainHandler);
        }
        catch (final Exception e)
        {
            throw new IllegalStateException("worker " + index + ": draining the inbound ring failed", e);
        }
        return drained;
    }

    private void drainFully()
    {
        while (drainInbound() > 0)
        {
            Thread.onSpinWait();
        }
    }

    private boolean onInbound(final SpikeEvent ev, final long sequence, final boolean endOfBatch)
    {
        slots[ev.dstCore].push(ev.time, ev.key, ev.dstAxon, ev.payload);
        drained++;
        return true;
    }
}
