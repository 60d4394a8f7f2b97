package org.nmsim.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.HdrHistogram.Histogram;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.kernel.KernelConfig;
import org.nmsim.kernel.Simulation;
import org.nmsim.kernel.SimulationBuilder;
import org.nmsim.kernel.SplitMix64;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nmsim demo}: a kernel demonstration. A random recurrent network of integer leaky integrate-and-fire
 * cores runs in stepped time; the command prints spike and message counts, wall-time percentiles per step and a
 * digest of the final state, which is the same for any {@code --workers} (the determinism contract).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run a random recurrent spiking network on the kernel and print counts, step times and a "
        + "determinism digest (identical for any --workers).",
    footer = {"", "Example:", "  nmsim demo --cores 64 --steps 2000 --workers 2"})
public final class DemoCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--cores", defaultValue = "64", description = "Cores (default ${DEFAULT-VALUE}).")
    int cores;

    @Option(names = "--neurons", defaultValue = "256", description = "Neurons per core (default ${DEFAULT-VALUE}).")
    int neurons;

    @Option(names = "--fan-out", defaultValue = "8", description = "Destination cores per neuron (default ${DEFAULT-VALUE}).")
    int fanOut;

    @Option(names = "--steps", defaultValue = "1000", description = "Steps to run (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--workers", description = "Worker threads (default: available processors).")
    Integer workers;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    /** Integer LIF neurons with dense local weights; each arriving spike fans out to every neuron of the core. */
    static final class LifCore implements Core
    {
        final int[] v;
        final byte[] weights;
        final int n;
        long spikes;

        LifCore(final int coreId, final int n)
        {
            this.n = n;
            v = new int[n];
            weights = new byte[n * n];
            final SplitMix64 r = new SplitMix64(SplitMix64.mix(coreId + 1L));
            for (int i = 0; i < weights.length; i++)
            {
                weights[i] = (byte)(r.nextInt(64) - 32);
            }
        }

        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
            final int base = axon * n;
            for (int j = 0; j < n; j++)
            {
                v[j] += weights[base + j];
            }
            ctx.counters()[SYNOPS] += n;
        }

        @Override
        public void onStep(final CoreContext ctx)
        {
            for (int j = 0; j < n; j++)
            {
                final int vj = v[j] - (v[j] >> 4) + ctx.random().nextInt(24);
                if (vj > 200)
                {
                    ctx.send(j, 0);
                    v[j] = 0;
                    spikes++;
                }
                else
                {
                    v[j] = vj;
                }
            }
        }
    }

    static final int SYNOPS = 4;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        if (cores < 1 || neurons < 1 || fanOut < 1 || fanOut > cores || steps < 1)
        {
            throw new ParameterException(spec.commandLine(), "need cores>=1, neurons>=1, 1<=fan-out<=cores, steps>=1 " +
                "(got cores=" + cores + " neurons=" + neurons + " fan-out=" + fanOut + " steps=" + steps + ")");
        }
        final int w = workers == null ? KernelConfig.defaultWorkers() : workers;
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(w, seed));
        for (int c = 0; c < cores; c++)
        {
            b.addCore(new LifCore(c, neurons));
        }
        if (b.counter("demo.synops") != SYNOPS)
        {
            throw new IllegalStateException("counter layout changed");
        }
        final SplitMix64 r = new SplitMix64(seed);
        for (int c = 0; c < cores; c++)
        {
            for (int j = 0; j < neurons; j++)
            {
                final int first = r.nextInt(cores);
                for (int k = 0; k < fanOut; k++)
                {
                    b.route(c, j, (first + k) % cores, r.nextInt(neurons), 1 + r.nextInt(3));
                }
            }
        }
        try (Simulation sim = b.build())
        {
            out.printf("nmsim demo: %d cores x %d neurons, fan-out %d cores/neuron, %d steps, %d workers, seed %d%n",
                cores, neurons, fanOut, steps, sim.workerCount(), seed);
            final long chunk = Math.max(1, steps / 10);
            final long t0 = System.nanoTime();
            long done = 0;
            while (done < steps)
            {
                done += sim.runSteps(Math.min(chunk, steps - done));
                final double s = (System.nanoTime() - t0) / 1e9;
                out.printf("  step %6d/%d  %.0f steps/s  synaptic events %,d%n", done, steps, done / s,
                    sim.counterTotal(SYNOPS));
                out.flush();
            }
            final double seconds = (System.nanoTime() - t0) / 1e9;
            long spikes = 0;
            long digest = 0;
            for (int c = 0; c < cores; c++)
            {
                final LifCore core = (LifCore)sim.core(c);
                spikes += core.spikes;
                for (final int x : core.v)
                {
                    digest = SplitMix64.mix(digest ^ x);
                }
            }
            final Histogram h = sim.windowTimeHistogram();
            final long synops = sim.counterTotal(SYNOPS);
            out.printf("spikes %,d  messages %,d  synaptic events %,d%n", spikes,
                sim.counterTotal(SimulationBuilder.MESSAGES_DELIVERED), synops);
            out.printf("wall %.3f s: %.3g synaptic events/s, step time p50 %.1f us, p99 %.1f us, max %.1f us%n",
                seconds, synops / seconds, h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getMaxValue() / 1e3);
            out.printf("state digest %016x (the same for any --workers)%n", digest);
        }
        return 0;
    }
}
