package org.nmsim.bench.cuba;

import java.util.Arrays;

import org.nmsim.kernel.KernelConfig;
import org.nmsim.kernel.Simulation;
import org.nmsim.kernel.SimulationBuilder;
import org.nmsim.kernel.SplitMix64;

/**
 * The CUBA benchmark network on the nmsim kernel in STEPPED mode, one kernel step per {@code dt}.
 *
 * <h2>Mapping</h2>
 * Neurons are split into cores of {@code neuronsPerCore} consecutive neurons (the last core may be smaller).
 * Each core generates and stores the incoming synapses of its own neurons: for every presynaptic neuron i and
 * every local neuron j, an independent Bernoulli({@code connectionProbability}) draw, sampled by geometric skips
 * over the (i, j) pairs in source-major order from a stream derived from (seed, core id). So the graph depends
 * on the seed and on {@code neuronsPerCore}, never on the number of workers. Neuron i sends its spikes on port
 * {@code i mod neuronsPerCore} of its core; the port has one route, delay 1 step, to axon i of every core that
 * holds at least one of i's targets. Initial potentials are uniform in [Vr, Vt), as in Brian2's example, from a
 * second stream per core.
 *
 * <h2>Counters</h2>
 * {@link #SPIKES_EXC}, {@link #SPIKES_INH} and {@link #SYNAPTIC_EVENTS} (one per synapse reached by a spike,
 * i.e. the sum over spikes of the spiking neuron's out-degree) are per-core kernel counters.
 *
 * <p>Threading: NOT thread safe; one controlling thread builds, runs and reads it (see {@link Simulation}).
 */
public final class CubaNetwork implements AutoCloseable
{
    /** Counter name: spikes of excitatory neurons. */
    public static final String SPIKES_EXC = "cuba.spikes.exc";
    /** Counter name: spikes of inhibitory neurons. */
    public static final String SPIKES_INH = "cuba.spikes.inh";
    /** Counter name: synaptic events. */
    public static final String SYNAPTIC_EVENTS = "cuba.synaptic_events";

    private static final long CONNECT_SALT = 0x43554241_434F4E4EL;
    private static final long INIT_SALT = 0x43554241_494E4954L;

    private final CubaParameters params;
    private final int neuronsPerCore;
    private final long seed;
    private final Simulation sim;
    private final long synapses;
    private final int spikesExc;
    private final int spikesInh;
    private final int events;

    /**
     * Builds the network and starts the kernel's workers.
     *
     * @param params         model parameters.
     * @param neuronsPerCore neurons per core, >= 1.
     * @param workers        kernel worker threads, >= 1.
     * @param seed           experiment seed (connectivity, initial potentials).
     */
    public CubaNetwork(final CubaParameters params, final int neuronsPerCore, final int workers, final long seed)
    {
        if (neuronsPerCore < 1 || neuronsPerCore > CubaCore.MAX_NEURONS)
        {
            throw new IllegalArgumentException("neuronsPerCore=" + neuronsPerCore + " must be in [1, " +
                CubaCore.MAX_NEURONS + "] (16-bit local target indices)");
        }
        this.params = params;
        this.neuronsPerCore = neuronsPerCore;
        this.seed = seed;
        final int n = params.neurons();
        final int cores = (n + neuronsPerCore - 1) / neuronsPerCore;
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(workers, seed));
        spikesExc = b.counter(SPIKES_EXC);
        spikesInh = b.counter(SPIKES_INH);
        events = b.counter(SYNAPTIC_EVENTS);
        long total = 0;
        for (int c = 0; c < cores; c++)
        {
            final int first = c * neuronsPerCore;
            final int size = Math.min(neuronsPerCore, n - first);
            final int[] rowStart = new int[n + 1];
            final char[] targets = connect(params, size, SplitMix64.forCore(SplitMix64.mix(seed ^ CONNECT_SALT), c),
                rowStart);
            final SplitMix64 init = SplitMix64.forCore(SplitMix64.mix(seed ^ INIT_SALT), c);
            final double[] v0 = new double[size];
            for (int j = 0; j < size; j++)
            {
                v0[j] = params.vrMv() + init.nextDouble() * (params.vtMv() - params.vrMv());
            }
            final int id = b.addCore(new CubaCore(params, first, rowStart, targets, v0, spikesExc, spikesInh, events));
            for (int i = 0; i < n; i++)
            {
                if (rowStart[i + 1] > rowStart[i])
                {
                    b.route(i / neuronsPerCore, i % neuronsPerCore, id, i, 1.0);
                }
            }
            total += targets.length;
        }
        synapses = total;
        sim = b.build();
    }

    /**
     * Draws the incoming synapses of one core: Bernoulli(p) for each (source i, local target j), by geometric
     * skips over the pairs in source-major order, so the result is already grouped by source.
     *
     * @param p        parameters.
     * @param size     neurons in the core.
     * @param random   the core's connectivity stream.
     * @param rowStart filled with the CSR offsets by global source, length neurons + 1.
     * @return the local targets, grouped by source.
     */
    static char[] connect(final CubaParameters p, final int size, final SplitMix64 random, final int[] rowStart)
    {
        final int n = p.neurons();
        final long pairs = (long)n * size;
        final double logQ = Math.log1p(-p.connectionProbability());
        char[] targets = new char[(int)Math.min(Integer.MAX_VALUE - 8, Math.max(16, 2 * pairs *
            p.connectionProbability()))];
        int count = 0;
        long pair = p.connectionProbability() > 0.0 ? skip(random, logQ) : pairs;
        int source = 0;
        while (pair < pairs)
        {
            final int i = (int)(pair / size);
            while (source < i)
            {
                rowStart[++source] = count;
            }
            if (count == targets.length)
            {
                targets = Arrays.copyOf(targets, count * 2);
            }
            targets[count++] = (char)(pair % size);
            pair += 1 + skip(random, logQ);
        }
        while (source < n)
        {
            rowStart[++source] = count;
        }
        return Arrays.copyOf(targets, count);
    }

    /** @return a Geometric(p) number of failures before the next success: floor(log(1 - U) / log(1 - p)). */
    private static long skip(final SplitMix64 random, final double logQ)
    {
        final double g = Math.floor(Math.log1p(-random.nextDouble()) / logQ);
        return g >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : (long)g;
    }

    /**
     * Runs the network for a simulated duration (rounded to whole steps) from where it stands.
     *
     * @param seconds simulated seconds.
     * @return the number of steps run.
     */
    public long run(final double seconds)
    {
        return sim.runSteps(params.stepsFor(seconds));
    }

    /** @return spikes of excitatory neurons so far. */
    public long spikesExc()
    {
        return sim.counterTotal(spikesExc);
    }

    /** @return spikes of inhibitory neurons so far. */
    public long spikesInh()
    {
        return sim.counterTotal(spikesInh);
    }

    /** @return synaptic events so far (sum over spikes of the spiking neuron's out-degree). */
    public long synapticEvents()
    {
        return sim.counterTotal(events);
    }

    /** @return spike messages delivered to cores so far (one per spike and destination core). */
    public long messagesDelivered()
    {
        return sim.counterTotal(SimulationBuilder.MESSAGES_DELIVERED);
    }

    /** @return the number of synapses in the network. */
    public long synapses()
    {
        return synapses;
    }

    /** @return the number of cores. */
    public int cores()
    {
        return sim.coreCount();
    }

    /** @return the number of worker threads the kernel uses. */
    public int workers()
    {
        return sim.workerCount();
    }

    /** @return neurons per core. */
    public int neuronsPerCore()
    {
        return neuronsPerCore;
    }

    /** @return the experiment seed. */
    public long seed()
    {
        return seed;
    }

    /** @return the model parameters. */
    public CubaParameters params()
    {
        return params;
    }

    /** @return simulated seconds so far. */
    public double simulatedSeconds()
    {
        return sim.currentStep() * params.dtMs() / 1000.0;
    }

    /** @return the underlying simulation (for inspection between runs). */
    public Simulation simulation()
    {
        return sim;
    }

    @Override
    public void close()
    {
        sim.close();
    }
}
