package org.nmsim.kernel;

import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;

import org.HdrHistogram.Histogram;

/**
 * A built model running on the discrete-event kernel: cores partitioned over worker threads, messages between
 * workers carried by LMAX Disruptor rings.
 *
 * <h2>Lifecycle</h2>
 * {@link SimulationBuilder#build()} validates the model and starts the workers, parked. {@link #runSteps} (stepped)
 * or {@link #runUntil} (continuous) runs on the calling thread, which acts as worker 0, and returns when the
 * target is reached or a pause was requested; between runs the model can be inspected ({@link #core},
 * {@link #counter}) and fed ({@link #inject}), then resumed by another run call. {@link #close()} stops the
 * threads. A core that throws stops the run on every worker and surfaces as a {@link SimulationException}
 * naming the core and the time; the simulation cannot be resumed after that.
 *
 * <h2>Determinism</h2>
 * The same model and seed give bit-identical results for any worker count: each core's events are handed over
 * in the canonical order documented on {@link Core}, and each core owns its random stream.
 *
 * <p>Threading: the run, inspect and inject methods are for one controlling thread and must not overlap;
 * {@link #requestPause()} may be called from any thread, including a core callback.
 */
public final class Simulation implements AutoCloseable
{
    final boolean stepped;
    final StepBarrier barrier;
    // run state: written by the controlling thread before the start gate, and by the last worker to arrive at
    // the barrier before it releases the others; read by the workers after either
    long step;
    double time;
    long windows;
    double windowEnd;
    private long targetStep;
    private double targetTime;
    private volatile boolean pauseRequested;

    private final KernelConfig config;
    private final CoreSlot[] slots;
    private final List<String> counterNames;
    private final double lookahead;
    private final Worker[] workers;
    private final Thread[] threads;
    private final CyclicBarrier startGate;
    private final Histogram windowTimes = new Histogram(3);
    private final AtomicReference<SimulationException> failure = new AtomicReference<>();
    private volatile boolean closing;
    private boolean running;
    private boolean failed;
    private long injected;

    /**
     * @param config the kernel configuration.
     * @return a builder for a model under that configuration.
     */
    public static SimulationBuilder builder(final KernelConfig config)
    {
        return new SimulationBuilder(config);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Simulation(final KernelConfig config, final Core[] cores, final RoutingTable table,
        final List<String> counterNames, final double lookahead)
    {
        this.config = config;
        this.stepped = config.timeModel() == TimeModel.STEPPED;
        this.counterNames = List.copyOf(counterNames);
        this.lookahead = lookahead;
        final int n = cores.length;
        slots = new CoreSlot[n];
        for (int c = 0; c < n; c++)
        {
            slots[c] = new CoreSlot(c, cores[c], counterNames.size(), config.seed(), table, stepped);
        }
        final int w = Math.min(config.workers(), n);
        final int[] owner = new int[n];
        final RingBuffer<SpikeEvent>[] rings = new RingBuffer[w];
        for (int i = 0; i < w && w > 1; i++)
        {
            rings[i] = w == 2 ?
                RingBuffer.createSingleProducer(SpikeEvent::new, config.ringSize(), new BusySpinWaitStrategy()) :
                RingBuffer.createMultiProducer(SpikeEvent::new, config.ringSize(), new BusySpinWaitStrategy());
        }
        workers = new Worker[w];
        // core c runs on worker c mod w. Chips number their cores layer by layer, and a stepped pipeline works one
        // layer per step: dealt out in turn, each layer's cores are shared among the workers (in contiguous blocks
        // a whole layer, and its step, fell to one worker while the others waited at the barrier: the FGT
        // 784-400-400-10 chip trained 1.35x faster on 2 workers dealt out than in blocks)
        for (int i = 0; i < w; i++)
        {
            final int[] mine = new int[(n - i + w - 1) / w];
            for (int x = 0; x < mine.length; x++)
            {
                mine[x] = i + x * w;
                owner[mine[x]] = i;
            }
            workers[i] = new Worker(i, this, slots, mine, owner, rings);
            for (final int c : mine)
            {
                slots[c].worker = workers[i];
            }
        }
        barrier = new StepBarrier(w, this::endOfWindow);
        startGate = new CyclicBarrier(w);
        threads = new Thread[w];
        for (int i = 1; i < w; i++)
        {
            final Worker worker = workers[i];
            threads[i] = new Thread(() -> workerLoop(worker), "nmsim-worker-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    /**
     * Stepped mode: runs {@code steps} steps, or fewer if a pause is requested.
     *
     * @param steps number of steps, >= 0.
     * @return the number of steps run.
     */
    public long runSteps(final long steps)
    {
        checkRunnable(TimeModel.STEPPED);
        if (steps < 0)
        {
            throw new KernelConfigException("steps=" + steps + " must be >= 0");
        }
        if (steps == 0)
        {
            return 0;
        }
        final long first = step;
        targetStep = first + steps;
        run();
        return step - first;
    }

    /**
     * Continuous mode: processes every event with time < {@code until}, in windows of one lookahead, or stops
     * early at a window boundary if a pause is requested.
     *
     * @param until the end time (exclusive).
     * @return the time reached.
     */
    public double runUntil(final double until)
    {
        checkRunnable(TimeModel.CONTINUOUS);
        if (Double.isNaN(until) || until < time)
        {
            throw new KernelConfigException("until=" + until + " is before the current time=" + time);
        }
        if (until == time)
        {
            return time;
        }
        targetTime = until;
        windowEnd = Math.min(time + lookahead, until);
        run();
        return time;
    }

    private void run()
    {
        pauseRequested = false;
        barrier.reset();
        running = true;
        try
        {
            awaitStartGate();
            workers[0].runWindows();
        }
        finally
        {
            running = false;
        }
        final SimulationException f = failure.get();
        if (f != null)
        {
            failed = true;
            throw f;
        }
    }

    /** Asks the run in progress to stop at the end of the current step or window. Thread safe. */
    public void requestPause()
    {
        pauseRequested = true;
    }

    /**
     * Schedules a message from outside the model (e.g. an input event). Injected messages come before messages
     * from cores at the same time (source core -1 in the canonical order).
     *
     * @param core    destination core.
     * @param axon    destination axon.
     * @param payload payload.
     * @param at      delivery time: a step >= {@link #currentStep()} in stepped mode, a time >=
     *                {@link #currentTime()} in continuous mode.
     */
    public void inject(final int core, final int axon, final long payload, final double at)
    {
        checkIdle();
        if (core < 0 || core >= slots.length)
        {
            throw new KernelConfigException("core=" + core + " is not a core id in [0, " + (slots.length - 1) + "]");
        }
        if (axon < 0)
        {
            throw new KernelConfigException("axon=" + axon + " must be >= 0 (core " + core + ")");
        }
        final double now = stepped ? step : time;
        if (!(at >= now))
        {
            throw new KernelConfigException("time=" + at + " is before the current time=" + now +
                " (core " + core + "): an event cannot be scheduled in the past");
        }
        if (stepped && at != Math.rint(at))
        {
            throw new KernelConfigException("time=" + at + " must be a whole step in STEPPED mode (core " + core + ")");
        }
        slots[core].push(at, EventQueue.key(-1, injected++), axon, payload);
    }

    /** @return the next step to run (stepped mode); steps run so far. */
    public long currentStep()
    {
        return step;
    }

    /** @return the time reached (continuous mode). */
    public double currentTime()
    {
        return stepped ? step : time;
    }

    /** @return the synchronisation window: 1 step, or the lookahead of continuous mode. */
    public double lookahead()
    {
        return lookahead;
    }

    /** @return the number of cores. */
    public int coreCount()
    {
        return slots.length;
    }

    /** @return the number of worker threads actually used (at most one per core). */
    public int workerCount()
    {
        return workers.length;
    }

    /** @return the configuration. */
    public KernelConfig config()
    {
        return config;
    }

    /**
     * @param id core id.
     * @return the core, for inspection between runs.
     */
    public Core core(final int id)
    {
        checkIdle();
        return slots[id].core;
    }

    /** @return the registered counter names, indexed by counter id. */
    public List<String> counterNames()
    {
        return counterNames;
    }

    /**
     * @param name a counter name.
     * @return its id, or -1 if none is registered under that name.
     */
    public int counterId(final String name)
    {
        return counterNames.indexOf(name);
    }

    /**
     * @param coreId    core id.
     * @param counterId counter id.
     * @return the core's count.
     */
    public long counter(final int coreId, final int counterId)
    {
        checkIdle();
        return slots[coreId].counters[counterId];
    }

    /**
     * @param counterId counter id.
     * @return the count summed over all cores.
     */
    public long counterTotal(final int counterId)
    {
        checkIdle();
        long sum = 0;
        for (final CoreSlot s : slots)
        {
            sum += s.counters[counterId];
        }
        return sum;
    }

    /** @return a copy of the wall-time histogram of steps (stepped) or windows (continuous), in nanoseconds. */
    public Histogram windowTimeHistogram()
    {
        checkIdle();
        return windowTimes.copy();
    }

    /**
     * A checkpoint of the kernel's own state between runs: the time, each core's random-stream state, sequence
     * number and counters. Core state is the model's to save. Only an idle kernel can be saved, and only when no
     * event is pending (a model saves at a boundary where everything sent has been delivered).
     *
     * @param step      steps run (stepped) or windows completed (continuous).
     * @param time      continuous time reached.
     * @param injected  external events injected so far.
     * @param random    per-core random-stream states.
     * @param sequences per-core sequence numbers.
     * @param counters  per-core counters.
     */
    public record KernelState(long step, double time, long injected, long[] random, long[] sequences,
        long[][] counters)
    {
    }

    /**
     * @return the kernel's state, for a checkpoint.
     * @throws IllegalStateException when a run is in progress or an event is still pending on some core.
     */
    public KernelState saveState()
    {
        checkIdle();
        final int n = slots.length;
        final long[] random = new long[n];
        final long[] seqs = new long[n];
        final long[][] counters = new long[n][];
        for (int c = 0; c < n; c++)
        {
            if (slots[c].pending() != 0)
            {
                throw new IllegalStateException("core " + c + " has " + slots[c].pending() + " pending events at " +
                    "time=" + currentTime() + ": save the kernel where every message has been delivered");
            }
            random[c] = slots[c].random().state();
            seqs[c] = slots[c].seq;
            counters[c] = slots[c].counters.clone();
        }
        return new KernelState(stepped ? step : windows, time, injected, random, seqs, counters);
    }

    /**
     * Restores a state {@link #saveState()} returned from a simulation of the same model.
     *
     * @param s the state.
     */
    public void restoreState(final KernelState s)
    {
        checkIdle();
        if (s.random().length != slots.length || s.counters().length != slots.length)
        {
            throw new KernelConfigException("state has " + s.random().length + " cores; this simulation has " +
                slots.length);
        }
        for (int c = 0; c < slots.length; c++)
        {
            if (s.counters()[c].length != slots[c].counters.length)
            {
                throw new KernelConfigException("state of core " + c + " has " + s.counters()[c].length +
                    " counters; this simulation has " + slots[c].counters.length);
            }
            if (slots[c].pending() != 0)
            {
                throw new IllegalStateException("core " + c + " has pending events; restore into a fresh simulation");
            }
            slots[c].random().restore(s.random()[c]);
            slots[c].seq = s.sequences()[c];
            System.arraycopy(s.counters()[c], 0, slots[c].counters, 0, slots[c].counters.length);
        }
        // the window count equals the step count in stepped mode
        windows = s.step();
        if (stepped)
        {
            step = s.step();
        }
        else
        {
            time = s.time();
        }
        injected = s.injected();
    }

    /** Stops the worker threads. Idempotent. */
    @Override
    public void close()
    {
        if (closing)
        {
            return;
        }
        closing = true;
        if (running)
        {
            throw new IllegalStateException("close() called during a run");
        }
        try
        {
            startGate.await(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        catch (final BrokenBarrierException | TimeoutException e)
        {
            // a worker died: nothing to release
        }
        for (int i = 1; i < threads.length; i++)
        {
            try
            {
                threads[i].join(10_000);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    boolean endOfWindow()
    {
        windows++;
        if (stepped)
        {
            step++;
            return step >= targetStep || pauseRequested || failure.get() != null;
        }
        time = windowEnd;
        if (time >= targetTime || pauseRequested || failure.get() != null)
        {
            return true;
        }
        windowEnd = Math.min(time + lookahead, targetTime);
        return false;
    }

    void fail(final int coreId, final double at, final Throwable cause)
    {
        failure.compareAndSet(null, new SimulationException(coreId, at, cause));
    }

    void recordWindowTime(final long nanos)
    {
        windowTimes.recordValue(Math.max(0L, nanos));
    }

    private void workerLoop(final Worker worker)
    {
        while (true)
        {
            try
            {
                startGate.await();
            }
            catch (final InterruptedException | BrokenBarrierException e)
            {
                return;
            }
            if (closing)
            {
                return;
            }
            worker.runWindows();
        }
    }

    private void awaitStartGate()
    {
        try
        {
            startGate.await();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the workers", e);
        }
        catch (final BrokenBarrierException e)
        {
            throw new IllegalStateException("a worker thread died; the simulation cannot run", e);
        }
    }

    private void checkRunnable(final TimeModel model)
    {
        checkIdle();
        if (closing)
        {
            throw new IllegalStateException("the simulation is closed");
        }
        if (failed)
        {
            throw new IllegalStateException("the simulation failed earlier (" + failure.get().getMessage() +
                "); build a new one");
        }
        if (config.timeModel() != model)
        {
            throw new IllegalStateException("this simulation runs in " + config.timeModel() + " mode; use " +
                (config.timeModel() == TimeModel.STEPPED ? "runSteps" : "runUntil"));
        }
    }

    private void checkIdle()
    {
        if (running)
        {
            throw new IllegalStateException("the simulation is running; inspect it between runs");
        }
    }
}
