package org.nmsim.bench.cuba;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times the CUBA benchmark on nmsim and prints one JSON object with the same fields as
 * {@code benchmarks/peers/brian2_cuba.py}.
 *
 * <p>JIT warm-up: before the measured run, a separate network (same parameters, seed and mapping) is built and
 * run for {@code --warmup-seconds} of simulated time, then discarded; the measured network then starts from
 * t = 0 like Brian2's, so the spike counts of the two cover the same simulated interval. Only
 * {@link CubaNetwork#run} of the measured network is timed ({@code wall_run_seconds}); building it (connectivity
 * and routes) is reported as {@code wall_setup_seconds}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.nmsim.bench.cuba.CubaMain
 *      [--sim-seconds 1.0] [--warmup-seconds 0.2] [--workers 1] [--neurons-per-core 500] [--seed 1]
 *      [--repeats 1]
 * </pre>
 *
 * <p>With {@code --repeats N} the measured network is built and run N times (identical results) and
 * {@code wall_run_seconds} is the minimum wall time, the figure least disturbed by other load on the machine;
 * every time is listed in {@code wall_run_seconds_all}. {@code cpu_run_seconds} is the minimum over the runs of the
 * CPU time (user + system) of the kernel's worker threads during the run (JIT and GC threads excluded; with two
 * workers it includes the time they spin at the step barrier). It compares with Brian2's single-threaded
 * cpp_standalone figure, which is CPU time too (std::clock()), and it is the steadier figure under load.
 */
public final class CubaMain
{
    private CubaMain()
    {
    }

    /**
     * @param args command-line options, see the class comment.
     */
    public static void main(final String[] args)
    {
        double simSeconds = 1.0;
        double warmupSeconds = 0.2;
        int workers = 1;
        int neuronsPerCore = 500;
        long seed = 1;
        int repeats = 1;
        for (int a = 0; a < args.length; a++)
        {
            final String name = args[a];
            if (a + 1 >= args.length)
            {
                usage("option " + name + " needs a value");
            }
            final String value = args[++a];
            switch (name)
            {
                case "--sim-seconds" -> simSeconds = Double.parseDouble(value);
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(value);
                case "--workers" -> workers = Integer.parseInt(value);
                case "--neurons-per-core" -> neuronsPerCore = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--repeats" -> repeats = Integer.parseInt(value);
                default -> usage("unknown option " + name);
            }
        }
        if (!(simSeconds > 0.0) || !(warmupSeconds >= 0.0) || repeats < 1)
        {
            usage("simSeconds=" + simSeconds + " must be > 0, warmupSeconds=" + warmupSeconds + " >= 0 and repeats=" +
                repeats + " >= 1");
        }
        final CubaParameters p = CubaParameters.brian2Example();
        if (warmupSeconds > 0.0)
        {
            try (CubaNetwork warm = new CubaNetwork(p, neuronsPerCore, workers, seed))
            {
                warm.run(warmupSeconds);
            }
        }
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final double[] walls = new double[repeats];
        final double[] cpus = new double[repeats];
        String last = null;
        for (int r = 0; r < repeats; r++)
        {
            final long t0 = System.nanoTime();
            try (CubaNetwork net = new CubaNetwork(p, neuronsPerCore, workers, seed))
            {
                final long[] ids = workerThreadIds(threads);
                final long t1 = System.nanoTime();
                final long c1 = cpuTime(threads, ids);
                net.run(simSeconds);
                final long c2 = cpuTime(threads, ids);
                final long t2 = System.nanoTime();
                walls[r] = (t2 - t1) * 1e-9;
                cpus[r] = (c2 - c1) * 1e-9;
                last = json(net, simSeconds, warmupSeconds, (t1 - t0) * 1e-9, walls, cpus, r + 1);
            }
        }
        System.out.println(last);
    }

    static String json(final CubaNetwork net, final double simSeconds, final double warmupSeconds,
        final double setup, final double[] walls, final double[] cpus, final int repeats)
    {
        final double wall = min(walls, repeats);
        final long exc = net.spikesExc();
        final long inh = net.spikesInh();
        final long events = net.synapticEvents();
        final int w = net.workers();
        final StringBuilder s = new StringBuilder(512);
        s.append('{');
        field(s, "simulator", "\"nmsim\"");
        field(s, "target", "\"java-stepped\"");
        field(s, "threads", Integer.toString(w));
        field(s, "workers", Integer.toString(w));
        field(s, "cores", Integer.toString(net.cores()));
        field(s, "neurons_per_core", Integer.toString(net.neuronsPerCore()));
        field(s, "seed", Long.toString(net.seed()));
        field(s, "sim_seconds", num(simSeconds));
        field(s, "dt_ms", num(net.params().dtMs()));
        field(s, "warmup_sim_seconds", num(warmupSeconds));
        field(s, "repeats", Integer.toString(repeats));
        field(s, "wall_run_seconds", num(wall));
        field(s, "wall_run_seconds_all", list(walls, repeats));
        field(s, "run_clock", "\"wall\"");
        field(s, "cpu_run_seconds", num(min(cpus, repeats)));
        field(s, "cpu_run_seconds_all", list(cpus, repeats));
        field(s, "wall_setup_seconds", num(setup));
        field(s, "wall_per_sim_second", num(wall / simSeconds));
        field(s, "spikes_exc", Long.toString(exc));
        field(s, "spikes_inh", Long.toString(inh));
        field(s, "spikes", Long.toString(exc + inh));
        field(s, "rate_hz", num((exc + inh) / (double)net.params().neurons() / simSeconds));
        field(s, "synapses", Long.toString(net.synapses()));
        field(s, "synaptic_events", Long.toString(events));
        field(s, "spike_messages", Long.toString(net.messagesDelivered()));
        field(s, "events_per_second", num(events / wall));
        field(s, "events_per_second_per_thread", num(events / wall / w));
        field(s, "java_version", "\"" + System.getProperty("java.version") + "\"");
        s.setLength(s.length() - 2);
        return s.append('}').toString();
    }

    /** @return the ids of the kernel's worker threads: this thread (worker 0) and the "nmsim-worker-" threads. */
    private static long[] workerThreadIds(final ThreadMXBean threads)
    {
        final List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().getId());
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds()))
        {
            if (info != null && info.getThreadName().startsWith("nmsim-worker-"))
            {
                ids.add(info.getThreadId());
            }
        }
        final long[] out = new long[ids.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = ids.get(i);
        }
        return out;
    }

    /** @return the CPU time (user + system) of the given threads, summed, in nanoseconds. */
    private static long cpuTime(final ThreadMXBean threads, final long[] ids)
    {
        long sum = 0;
        for (final long id : ids)
        {
            sum += Math.max(0L, threads.getThreadCpuTime(id));
        }
        return sum;
    }

    private static double min(final double[] x, final int n)
    {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++)
        {
            m = Math.min(m, x[i]);
        }
        return m;
    }

    private static String list(final double[] x, final int n)
    {
        final StringBuilder s = new StringBuilder().append('[');
        for (int i = 0; i < n; i++)
        {
            s.append(i == 0 ? "" : ", ").append(num(x[i]));
        }
        return s.append(']').toString();
    }

    private static void field(final StringBuilder s, final String name, final String value)
    {
        s.append('"').append(name).append("\": ").append(value).append(", ");
    }

    private static String num(final double x)
    {
        return String.format(Locale.ROOT, "%.6g", x);
    }

    private static void usage(final String problem)
    {
        System.err.println("CubaMain: " + problem);
        System.err.println("usage: CubaMain [--sim-seconds S] [--warmup-seconds S] [--workers N] " +
            "[--neurons-per-core N] [--seed N] [--repeats N]");
        System.exit(2);
    }
}
