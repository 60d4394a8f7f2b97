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
    /** The most messages of a block one ring slot carries ({@link #deliverBlock}). */
    static final int RING_BLOCK = 64;
    private final EventPoller.Handler<SpikeEvent> drainHandler = this::onInbound;
    private final IdleStrategy idle;
    private final IdleStrategy publishIdle;
    private int drained;
    private int currentCore = -1;
    /**
     * Single messages for other workers' cores, staged per worker and published in runs of up to a quarter of the
     * ring (one claim and one publish per run instead of per message) when a run is full and before this worker
     * arrives at the barrier; null for this worker. The receiving queues put a step's messages in canonical order
     * whatever their order of arrival, so staging changes no delivery.
     */
    private final Outbox[] outboxes;

    /** One worker's staged messages, in parallel arrays. */
    private static final class Outbox
    {
        final int[] dst;
        final int[] axon;
        final long[] key;
        final double[] time;
        final long[] payload;
        int n;

        Outbox(final int capacity)
        {
            dst = new int[capacity];
            axon = new int[capacity];
            key = new long[capacity];
            time = new double[capacity];
            payload = new long[capacity];
        }
    }

    Worker(final int index, final Simulation sim, final CoreSlot[] slots, final int[] cores, final int[] owner,
        final RingBuffer<SpikeEvent>[] rings)
    {
        this.index = index;
        this.sim = sim;
        this.slots = slots;
        this.cores = cores.clone();
        this.owner = owner;
        this.rings = rings;
        this.idle = StepBarrier.newIdleStrategy(rings.length);
        this.publishIdle = StepBarrier.newIdleStrategy(rings.length);
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
        this.outboxes = new Outbox[rings.length];
        for (int w = 0; w < rings.length; w++)
        {
            if (w != index && rings[w] != null)
            {
                outboxes[w] = new Outbox(rings[w].getBufferSize() >> 2);
            }
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
            publishStaged();
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
        final Outbox o = outboxes[w];
        final int x = o.n++;
        o.dst[x] = dst;
        o.axon[x] = axon;
        o.key[x] = key;
        o.time[x] = time;
        o.payload[x] = payload;
        if (o.n == o.dst.length)
        {
            publish(w);
        }
    }

    /** Publishes every staged message ({@link #outboxes}). */
    void publishStaged()
    {
        for (int w = 0; w < outboxes.length; w++)
        {
            if (outboxes[w] != null && outboxes[w].n > 0)
            {
                publish(w);
            }
        }
    }

    /** Publishes worker {@code w}'s staged messages on its ring, in one claimed run. */
    private void publish(final int w)
    {
        final Outbox o = outboxes[w];
        final RingBuffer<SpikeEvent> ring = rings[w];
        final int n = o.n;
        final long lo = claim(ring, n) - n + 1;
        for (int x = 0; x < n; x++)
        {
            final SpikeEvent ev = ring.get(lo + x);
            ev.dstCore = o.dst[x];
            ev.dstAxon = o.axon[x];
            ev.key = o.key[x];
            ev.time = o.time[x];
            ev.payload = o.payload[x];
            ev.count = 0;
        }
        ring.publish(lo, lo + n - 1);
        o.n = 0;
    }

    /**
     * Claims the next {@code n} slots of another worker's ring ({@code n} at most a quarter of it), draining this
     * worker's own ring while that one is full.
     *
     * @return the last slot claimed.
     */
    private long claim(final RingBuffer<SpikeEvent> ring, final int n)
    {
        publishIdle.reset();
        while (true)
        {
            try
            {
                return ring.tryNext(n);
            }
            catch (final InsufficientCapacityException e)
            {
                publishIdle.idle(drainInbound());
            }
        }
    }

    /**
     * Stepped mode only ({@link CoreSlot#sendBlock} sends blocks in no other): hands {@code n} messages to one
     * destination core, message {@code x} with key {@code key0 + x}, axon {@code axon0 + x} and {@code payloads[x]}:
     * in one piece when this worker owns the core, else through the owner's ring, one slot per {@link #RING_BLOCK}
     * messages (the slot carries a copy of their payloads). The receiver's queue orders them as it orders separate
     * messages.
     */
    void deliverBlock(final int dst, final double time, final long key0, final int axon0, final long[] payloads,
        final int n)
    {
        final StepQueue q = ownStepQueues[dst];
        if (q != null)
        {
            q.pushBlock(time, key0, axon0, payloads, n);
            return;
        }
        final RingBuffer<SpikeEvent> ring = rings[owner[dst]];
        for (int x = 0; x < n; x += RING_BLOCK)
        {
            final int m = Math.min(n - x, RING_BLOCK);
            final long seq = claim(ring, 1);
            final SpikeEvent ev = ring.get(seq);
            ev.dstCore = dst;
            ev.dstAxon = axon0 + x;
            ev.key = key0 + x;
            ev.time = time;
            if (ev.block.length < m)
            {
                ev.block = new long[RING_BLOCK];
            }
            System.arraycopy(payloads, x, ev.block, 0, m);
            ev.count = m;
            ring.publish(seq);
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
        if (ev.count > 0)
        {
            slots[ev.dstCore].stepQueue.pushBlock(ev.time, ev.key, ev.dstAxon, ev.block, ev.count);
            drained += ev.count;
            return true;
        }
        slots[ev.dstCore].push(ev.time, ev.key, ev.dstAxon, ev.payload);
        drained++;
        return true;
    }
}
