package org.nmsim.kernel;

/**
 * The kernel's record of one core: the core, its pending events, counters, random stream and sequence
 * number, and the {@link CoreContext} the core sees.
 *
 * <p>Threading: NOT thread safe; touched only by the owning worker during a run and by the controlling thread
 * between runs (the start gate and the step barrier order the two).
 */
final class CoreSlot implements CoreContext
{
    final int id;
    final Core core;
    /** CONTINUOUS mode's pending events (messages and timers); null in STEPPED mode. */
    final EventQueue queue;
    /** STEPPED mode's pending messages, bucketed by step; null in CONTINUOUS mode. */
    final StepQueue stepQueue;
    final long[] counters;
    private final SplitMix64 random;
    private final RoutingTable table;
    private final boolean stepped;
    Worker worker;
    long seq;
    double now;
    long step;

    CoreSlot(final int id, final Core core, final int counterCount, final long seed, final RoutingTable table,
        final boolean stepped)
    {
        this.id = id;
        this.core = core;
        this.counters = new long[counterCount];
        this.random = SplitMix64.forCore(seed, id);
        this.table = table;
        this.stepped = stepped;
        this.queue = stepped ? null : new EventQueue();
        this.stepQueue = stepped ? new StepQueue() : null;
    }

    /** Queues an event for this core, in whichever queue its time model uses. */
    void push(final double time, final long key, final int axon, final long payload)
    {
        if (stepped)
        {
            stepQueue.push(time, key, axon, payload);
        }
        else
        {
            queue.push(time, key, axon, payload);
        }
    }

    /** @return the number of events pending for this core. */
    int pending()
    {
        return stepped ? stepQueue.size() : queue.size();
    }

    @Override
    public int coreId()
    {
        return id;
    }

    @Override
    public long step()
    {
        return step;
    }

    @Override
    public double time()
    {
        return now;
    }

    @Override
    public void send(final int port, final long payload)
    {
        final long key = EventQueue.key(id, nextSeq());
        counters[SimulationBuilder.SENDS]++;
        final int from = table.start(id, port);
        final int to = table.end(id, port);
        final int[] dstCore = table.dstCore;
        final int[] dstAxon = table.dstAxon;
        final double[] delay = table.delay;
        final double t = now;
        final Worker w = worker;
        for (int r = from; r < to; r++)
        {
            w.deliver(dstCore[r], t + delay[r], key, dstAxon[r], payload);
        }
        counters[SimulationBuilder.MESSAGES_SENT] += to - from;
    }

    @Override
    public void sendBlock(final int firstPort, final long[] payloads, final int n)
    {
        if (!stepped || n < 2 || !table.parallel(id, firstPort, n))
        {
            CoreContext.super.sendBlock(firstPort, payloads, n);
            return;
        }
        if (seq > EventQueue.MAX_SEQ - n + 1)
        {
            throw new IllegalStateException("core " + id + ": sequence number exhausted after " + seq + " events");
        }
        // the messages take n consecutive sequence numbers, so their keys are key0 + x
        final long key0 = EventQueue.key(id, seq);
        seq += n;
        counters[SimulationBuilder.SENDS] += n;
        final int from = table.start(id, firstPort);
        final int to = table.end(id, firstPort);
        final int[] dstCore = table.dstCore;
        final int[] dstAxon = table.dstAxon;
        final double[] delay = table.delay;
        final double t = now;
        final Worker w = worker;
        for (int r = from; r < to; r++)
        {
            w.deliverBlock(dstCore[r], t + delay[r], key0, dstAxon[r], payloads, n);
        }
        counters[SimulationBuilder.MESSAGES_SENT] += (long)(to - from) * n;
    }

    @Override
    public void sendRepeat(final int port)
    {
        nextSeq();
        counters[SimulationBuilder.SENDS]++;
        counters[SimulationBuilder.MESSAGES_SENT] += table.end(id, port) - table.start(id, port);
    }

    @Override
    public void countDelivered(final long messages)
    {
        if (messages < 0)
        {
            throw new IllegalArgumentException("core " + id + ": messages=" + messages + " must be >= 0");
        }
        counters[SimulationBuilder.MESSAGES_DELIVERED] += messages;
    }

    @Override
    public void scheduleTimer(final double time, final long tag)
    {
        if (stepped)
        {
            throw new IllegalStateException("core " + id + ": timers exist only in CONTINUOUS mode");
        }
        if (!(time >= now))
        {
            throw new IllegalStateException("core " + id + ": timer time=" + time + " is before now=" + now +
                " (an event cannot be scheduled in the past)");
        }
        queue.push(time, EventQueue.key(id, nextSeq()), EventQueue.TIMER, tag);
    }

    @Override
    public SplitMix64 random()
    {
        return random;
    }

    @Override
    public long[] counters()
    {
        return counters;
    }

    private long nextSeq()
    {
        if (seq == EventQueue.MAX_SEQ)
        {
            throw new IllegalStateException("core " + id + ": sequence number exhausted after " + seq + " events");
        }
        return seq++;
    }
}
