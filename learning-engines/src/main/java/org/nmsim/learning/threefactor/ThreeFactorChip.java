package org.nmsim.learning.threefactor;

import static org.nmsim.learning.ChipPlumbing.coresOf;
import static org.nmsim.learning.ChipPlumbing.gather;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.nmsim.chip.energy.EnergyReport;
import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.energy.OpCounts;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.memory.SynapticMemoryBudget;
import org.nmsim.chip.memory.WeightFormat;
import org.nmsim.chip.message.BurstCode;
import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.noc.BoardTopology;
import org.nmsim.chip.noc.XyMeshRouting;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.PlasticityOp;
import org.nmsim.kernel.KernelConfig;
import org.nmsim.kernel.Simulation;
import org.nmsim.kernel.SimulationBuilder;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.CheckpointIo;
import org.nmsim.learning.ChipPlumbing;
import org.nmsim.learning.Counters;
import org.nmsim.learning.MessageClass;
import org.nmsim.learning.MessageTally;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.PortCosts;
import org.nmsim.learning.StorageFormats;

/**
 * A feed-forward spiking network of LIF neurons (paper 003 eq. 7-8) trained online, forward in time, by a
 * three-factor rule on a simulated chip: SuperSpike / random e-prop ({@link ThreeFactorMethod#EPROP}, eq. 13-17)
 * or deep continuous local learning ({@link ThreeFactorMethod#DCLL}, eq. 19). Input, layer and (DCLL) local readout
 * cores run on the kernel, partitioned under the chip's compartment and synaptic-memory limits; every cross-core
 * value is a counted message priced by its multicast tree's hops.
 *
 * <p>Network: input (Poisson spikes, {@link PoissonDraws}) - hidden LIF layers - output LIF layer (m neurons, one
 * core). The prediction is the output neuron with the most spikes in the sample (ties: the larger summed membrane
 * potential, then the lowest index). Errors: the output's van Rossum error {@code ebar = eps * (S - S*)} with the
 * label neuron's target rate {@code targetRate}; hidden layers get {@code B ebar} (eprop, B fixed random
 * uniform in {@code +-1/sqrt(m)}) or their local readout's error {@code G^T (G ybar - yhat)} (DCLL, G fixed random
 * uniform in {@code +-1/sqrt(n_l)}). Drawn feedback rows are centred (each row sums to 0), so an error common to
 * every label (all outputs too quiet) drives no systematic drift of the hidden weights; without it the hidden
 * layer drifted to input-independent activity in our runs.
 *
 * <p>Memory charged per core of layer l (k neurons, nPre inputs): WEIGHTS {@code nPre k weightBits};
 * LEARNING_STATE {@code nPre k gradientBits} (update accumulators) and, for eprop only, {@code nPre k
 * eligibilityBits} (the per-synapse eligibility traces e_ij: the expensive part); TRACES {@code 2 nPre traceBits}
 * (P, Q); FEEDBACK {@code k m feedbackBits} (B or G^T, hidden layers); OTHER the surrogate table on chips without
 * divide. A DCLL local readout core holds G ({@code n_l m feedbackBits}) and {@code n_l} filtered-spike traces.
 *
 * <p>Threading: NOT thread safe; one controlling thread. The kernel runs the cores on its own workers.
 */
public final class ThreeFactorChip implements OnChipLearner
{
    /** Kernel counter of per-synapse eligibility updates (also counted, and priced, as synaptic updates). */
    public static final String ELIGIBILITY_COUNTER = "learning.eligibility_update";
    private static final long CHECKPOINT_MAGIC = 0x4E4D534D54463031L;

    private final int[] sizes;
    private final ThreeFactorParams params;
    private final ChipSpec chip;
    private final Phases phases;
    private final Simulation sim;
    private final ThreeFactorNumerics numerics;
    private final SurrogateUnit surrogate;
    private final ErrorLink link;
    private final List<SpikeInputCore> inputs = new ArrayList<>();
    private final List<List<LifLayerCore>> layers = new ArrayList<>();
    private final List<LocalReadoutCore> readouts = new ArrayList<>();
    private final LifLayerCore out;
    private final List<SynapticMemoryBudget> budgets = new ArrayList<>();
    private final List<String> coreNames = new ArrayList<>();
    private final BoardTopology board;
    private final int[] messageBits;
    private long samplesTrained;
    private long samplesInferred;

    private ThreeFactorChip(final Builder b)
    {
        sizes = b.sizes.clone();
        params = b.params;
        chip = b.chip;
        final int n = sizes.length - 1;
        final int m = sizes[n];
        final boolean eprop = params.method() == ThreeFactorMethod.EPROP;
        final boolean dcll = !eprop;
        phases = new Phases(n + 1, params.steps());
        checkCapabilities(b.fixedPoint);
        surrogate = SurrogateUnit.forChip(chip, params);
        final boolean graded = chip.supports(MessageKind.GRADED_SPIKE);
        if (!graded && !chip.supports(MessageKind.BURST))
        {
            throw new IllegalArgumentException("chip " + chip.name() + ": errors need graded spikes or burst codes; " +
                "the chip has neither");
        }
        final int signalBits = graded ? Math.min(32, chip.gradedPayloadBits().value()) : 16;
        numerics = b.fixedPoint ? ThreeFactorNumerics.fixedPoint(sizes, b.formats, params, signalBits) :
            ThreeFactorNumerics.ideal(n);
        link = new ErrorLink(graded, new BurstCode(params.burstWindow(), params.burstScale()), numerics.signal());
        chip.checkWeightFormat(new WeightFormat(b.formats.weightBits(), true), "forward weights (network.weight_bits)");
        chip.checkWeightFormat(new WeightFormat(Math.min(b.formats.feedbackBits(), WeightFormat.MAX_BITS), true),
            "feedback weights (network.feedback_bits)");

        // partition: slices [layer, lo, k] in core-id order: inputs, layers 1..N, then DCLL local readouts
        final List<int[]> slices = new ArrayList<>();
        final int compartments = chip.compartmentsPerCore().value();
        final long capacity = chip.synapticMemoryBitsPerCore().value();
        final StorageFormats f = b.formats;
        for (int l = 0; l <= n; l++)
        {
            final int size = sizes[l];
            final String name = l == 0 ? "input" : l == n ? "output" : "h" + l;
            int maxK = compartments;
            if (l > 0)
            {
                final int nPre = sizes[l - 1];
                final long perNeuron = (long)nPre * (f.weightBits() + f.gradientBits() +
                    (eprop ? params.eligibilityBits() : 0)) + (l < n ? (long)m * f.feedbackBits() : 0);
                final long fixedBits = 2L * nPre * f.traceBits() + surrogate.tableBits();
                maxK = (int)Math.min(compartments, Math.max(0, (capacity - fixedBits) / perNeuron));
                if (maxK < 1 || (l == n && maxK < size))
                {
                    final int need = l == n ? size : 1;
                    throw new IllegalArgumentException("layer " + name + " does not fit chip " + chip.name() + ": " +
                        need + " neuron(s) need " + (fixedBits + perNeuron * need) + " bits of synaptic memory (" +
                        nPre + " inputs x (" + f.weightBits() + " weight + " + f.gradientBits() + " accumulator" +
                        (eprop ? " + " + params.eligibilityBits() + " eligibility" : "") + " bits)" + (l < n ? " + " +
                        m + " x " + f.feedbackBits() + " feedback bits" : "") + " + 2 x " + nPre + " x " +
                        f.traceBits() + " trace bits) and " + need + " compartments; the core has " + capacity +
                        " bits and " + compartments + " compartments (the output layer must fit one core)");
                }
                final long fanIn = nPre + (l < n ? m : 1);
                if (fanIn > chip.fanInPerCore().value())
                {
                    throw new IllegalArgumentException("layer " + name + " does not fit chip " + chip.name() +
                        ": each core needs fanIn=" + fanIn + " input axons but the core accepts fanInPerCore=" +
                        chip.fanInPerCore().value());
                }
            }
            final int cores = (size + maxK - 1) / maxK;
            int lo = 0;
            for (int c = 0; c < cores; c++)
            {
                final int k = size / cores + (c < size % cores ? 1 : 0);
                final String coreName = name + "[" + lo + ":" + (lo + k) + ")";
                final SynapticMemoryBudget budget = new SynapticMemoryBudget(budgets.size(), capacity);
                if (l > 0)
                {
                    final int nPre = sizes[l - 1];
                    budget.allocate(MemoryKind.WEIGHTS, coreName, (long)nPre * k * f.weightBits());
                    budget.allocate(MemoryKind.LEARNING_STATE, coreName + " update accumulators",
                        (long)nPre * k * f.gradientBits());
                    if (eprop)
                    {
                        budget.allocate(MemoryKind.LEARNING_STATE, coreName + " eligibility traces e_ij",
                            (long)nPre * k * params.eligibilityBits());
                    }
                    budget.allocate(MemoryKind.TRACES, coreName + " presynaptic traces P, Q",
                        2L * nPre * f.traceBits());
                    if (l < n)
                    {
                        budget.allocate(MemoryKind.FEEDBACK, coreName + (eprop ? " random feedback B" :
                            " local readout G^T"), (long)k * m * f.feedbackBits());
                    }
                    if (surrogate.tableBits() > 0)
                    {
                        budget.allocate(MemoryKind.OTHER, coreName + " surrogate lookup table", surrogate.tableBits());
                    }
                }
                slices.add(new int[] {l, lo, k});
                budgets.add(budget);
                coreNames.add(coreName);
                lo += k;
            }
        }
        if (dcll)
        {
            for (int l = 1; l < n; l++)
            {
                final String coreName = "local" + l + "[0:" + m + ")";
                final SynapticMemoryBudget budget = new SynapticMemoryBudget(budgets.size(), capacity);
                if (m > compartments)
                {
                    throw new IllegalArgumentException("local readout of h" + l + " needs " + m +
                        " compartments; the core has " + compartments);
                }
                budget.allocate(MemoryKind.FEEDBACK, coreName + " local readout G", (long)sizes[l] * m *
                    f.feedbackBits());
                budget.allocate(MemoryKind.TRACES, coreName + " filtered spikes", (long)sizes[l] * f.traceBits());
                slices.add(new int[] {-l, 0, m});
                budgets.add(budget);
                coreNames.add(coreName);
            }
        }
        final int cores = slices.size();
        final int coresPerChip = chip.coresPerChip().value();
        board = new BoardTopology(chip.mesh().value(), (cores + coresPerChip - 1) / coresPerChip, 1);
        final XyMeshRouting routing = new XyMeshRouting(board);
        final int spikeBits = chip.messageFormat(MessageKind.BINARY_SPIKE).sizeBits();
        final int errorBits = graded ? chip.messageFormat(MessageKind.GRADED_SPIKE).sizeBits() :
            chip.messageFormat(MessageKind.BURST).sizeBits();
        final MessageClass errorClass = graded ? MessageClass.GRADED : MessageClass.BURST;

        // parameters: forward weights, feedback B and local readouts G, all drawn from the seed
        final SplitMix64 init = new SplitMix64(SplitMix64.mix(b.seed ^ 0x7F3EL));
        final double[][] wFull = new double[n][];
        for (int l = 0; l < n; l++)
        {
            wFull[l] = new double[sizes[l + 1] * sizes[l]];
            final double bound = params.initScale() / Math.sqrt(sizes[l]);
            for (int x = 0; x < wFull[l].length; x++)
            {
                final double v = b.weights != null ? b.weights[l][x] : (init.nextDouble() * 2.0 - 1.0) * bound;
                wFull[l][x] = numerics.weights()[l].quantize(v, null);
            }
        }
        final double[][] fbFull = new double[n][];
        for (int l = 1; l < n; l++)
        {
            fbFull[l] = new double[sizes[l] * m];
            final double bound = eprop ? 1.0 / Math.sqrt(m) : 1.0 / Math.sqrt(sizes[l]);
            for (int row = 0; row < sizes[l]; row++)
            {
                final double[] v = new double[m];
                double mean = 0.0;
                for (int q = 0; q < m; q++)
                {
                    v[q] = b.feedback != null ? b.feedback[l - 1][row * m + q] :
                        (init.nextDouble() * 2.0 - 1.0) * bound;
                    mean += v[q] / m;
                }
                for (int q = 0; q < m; q++)
                {
                    // drawn rows are centred (sum_q = 0): a label-independent error then drives no hidden drift
                    fbFull[l][row * m + q] = numerics.feedback().quantize(b.feedback != null ? v[q] : v[q] - mean,
                        init);
                }
            }
        }

        final SimulationBuilder sb = Simulation.builder(KernelConfig.stepped(b.workers, b.seed));
        final Counters counters = new Counters(sb);
        final int eligibilityCounter = sb.counter(ELIGIBILITY_COUNTER);
        final PortCosts[] costs = new PortCosts[cores];
        LifLayerCore output = null;
        for (int c = 0; c < cores; c++)
        {
            final int l = slices.get(c)[0];
            final int lo = slices.get(c)[1];
            final int k = slices.get(c)[2];
            if (l == 0)
            {
                costs[c] = new PortCosts(k + 1, counters);
                final SpikeInputCore in = new SpikeInputCore(lo, k, phases, lo == 0, costs[c], b.seed,
                    params.inputRate(), counters);
                inputs.add(in);
                sb.addCore(in);
            }
            else if (l > 0)
            {
                costs[c] = new PortCosts(2 * k, counters);
                final int nPre = sizes[l - 1];
                final double[] w = new double[nPre * k];
                for (int i = 0; i < nPre; i++)
                {
                    for (int j = 0; j < k; j++)
                    {
                        w[i * k + j] = wFull[l - 1][(lo + j) * nPre + i];
                    }
                }
                final double[] fb = l < n ? java.util.Arrays.copyOfRange(fbFull[l], lo * m, (lo + k) * m) :
                    new double[0];
                final LifLayerCore core = new LifLayerCore(l, lo, k, nPre, m, l == n, w, fb, params, numerics,
                    surrogate, link, phases, costs[c], counters, eligibilityCounter);
                while (layers.size() < l)
                {
                    layers.add(new ArrayList<>());
                }
                layers.get(l - 1).add(core);
                if (l == n)
                {
                    output = core;
                }
                sb.addCore(core);
            }
            else
            {
                costs[c] = new PortCosts(m, counters);
                final LocalReadoutCore r = new LocalReadoutCore(-l, sizes[-l], m, fbFull[-l].clone(), params,
                    numerics, link, phases, costs[c], counters);
                readouts.add(r);
                sb.addCore(r);
            }
        }
        out = output;
        final int outputCore = coresOf(slices, n)[0];
        // routes
        for (int c = 0; c < cores; c++)
        {
            final int l = slices.get(c)[0];
            final int lo = slices.get(c)[1];
            final int k = slices.get(c)[2];
            if (l >= 0 && l < n)
            {
                final int[] next = coresOf(slices, l + 1);
                final int[] dsts = dcll && l >= 1 ? append(next, readoutCore(slices, l)) : next;
                for (int j = 0; j < k; j++)
                {
                    for (final int d : dsts)
                    {
                        sb.route(c, j, d, lo + j, 1);
                    }
                    costs[c].set(j, routing.multicast(c, dsts), withinTile(c, dsts), spikeBits, MessageClass.SPIKE,
                        counters);
                }
                if (l == 0 && lo == 0)
                {
                    // the label: to the output core and to every DCLL local readout
                    int[] dst = {outputCore};
                    final List<Integer> axons = new ArrayList<>(List.of(sizes[n - 1] + m));
                    if (dcll)
                    {
                        for (int h = 1; h < n; h++)
                        {
                            dst = append(dst, readoutCore(slices, h));
                            axons.add(sizes[h]);
                        }
                    }
                    for (int x = 0; x < dst.length; x++)
                    {
                        sb.route(c, k, dst[x], axons.get(x), 1);
                    }
                    costs[c].set(k, routing.multicast(c, dst), withinTile(c, dst), spikeBits, MessageClass.LABEL,
                        counters);
                }
            }
            else if (l == n && eprop)
            {
                final int[] hidden = IntStream.range(0, cores)
                    .filter(x -> slices.get(x)[0] >= 1 && slices.get(x)[0] < n).toArray();
                for (int j = 0; j < k; j++)
                {
                    for (final int d : hidden)
                    {
                        sb.route(c, k + j, d, sizes[slices.get(d)[0] - 1] + j, 1);
                    }
                    costs[c].set(k + j, routing.multicast(c, hidden), withinTile(c, hidden), errorBits, errorClass,
                        counters);
                }
            }
            else if (l < 0)
            {
                final int[] own = coresOf(slices, -l);
                for (int q = 0; q < m; q++)
                {
                    for (final int d : own)
                    {
                        sb.route(c, q, d, sizes[-l - 1] + q, 1);
                    }
                    costs[c].set(q, routing.multicast(c, own), withinTile(c, own), errorBits, errorClass, counters);
                }
            }
        }
        messageBits = new int[] {spikeBits, graded ? errorBits : 0, spikeBits, graded ? 0 : errorBits};
        sim = sb.build();
    }

    private static int readoutCore(final List<int[]> slices, final int layer)
    {
        return coresOf(slices, -layer)[0];
    }

    private static int[] append(final int[] a, final int x)
    {
        final int[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = x;
        return r;
    }

    private int withinTile(final int src, final int[] dsts)
    {
        return ChipPlumbing.withinTile(board, src, dsts);
    }

    private void checkCapabilities(final boolean fixedPoint)
    {
        final Set<PlasticityOp> needed = EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY);
        if (fixedPoint)
        {
            needed.add(PlasticityOp.RANDOM);
        }
        final Set<PlasticityOp> missing = chip.missingOps(needed);
        if (!missing.isEmpty())
        {
            throw new IllegalArgumentException("chip " + chip.name() + ": the plasticity engine lacks " + missing +
                ", which the three-factor rule needs (multiply-accumulate" + (fixedPoint ? ", stochastic rounding" :
                "") + ")");
        }
    }

    @Override
    public int trainSample(final double[] x, final int label)
    {
        samplesTrained++;
        return run(x, label, true);
    }

    @Override
    public int predict(final double[] x)
    {
        samplesInferred++;
        return run(x, 0, false);
    }

    private int run(final double[] x, final int label, final boolean learn)
    {
        ChipPlumbing.checkInput(x, sizes);
        final int m = sizes[sizes.length - 1];
        ChipPlumbing.checkLabel(label, sizes);
        for (final SpikeInputCore in : inputs)
        {
            for (int j = 0; j < in.x.length; j++)
            {
                final double v = x[in.lo + j];
                if (!(v >= 0.0 && v <= 1.0))
                {
                    throw new IllegalArgumentException("x[" + (in.lo + j) + "]=" + v + " must be in [0, 1]");
                }
                in.x[j] = v;
            }
            in.label = label;
            in.sendLabel = learn;
        }
        for (final List<LifLayerCore> layer : layers)
        {
            for (final LifLayerCore c : layer)
            {
                c.learning = learn;
            }
        }
        for (final LocalReadoutCore r : readouts)
        {
            r.learning = learn;
        }
        sim.runSteps(phases.sampleLength());
        return prediction();
    }

    /** @return the output neuron with the most spikes; ties to the larger summed U, then the lowest index. */
    private int prediction()
    {
        int best = 0;
        for (int q = 1; q < out.k; q++)
        {
            if (out.spikeCount[q] > out.spikeCount[best] ||
                (out.spikeCount[q] == out.spikeCount[best] && out.uSum[q] > out.uSum[best]))
            {
                best = q;
            }
        }
        return best;
    }

    /** @return output spike counts of the last sample (host read-out). */
    public int[] lastSpikeCounts()
    {
        return out.spikeCount.clone();
    }

    @Override
    public double lastSampleLoss()
    {
        return out.lossSum / params.steps();
    }

    /** @return summed per-step loss of each DCLL local readout in the last trained sample (empty for eprop). */
    public double[] lastLocalLosses()
    {
        return readouts.stream().mapToDouble(r -> r.lossSum).toArray();
    }

    @Override
    public int[] sizes()
    {
        return sizes.clone();
    }

    @Override
    public ChipSpec chip()
    {
        return chip;
    }

    @Override
    public Simulation simulation()
    {
        return sim;
    }

    @Override
    public List<String> coreNames()
    {
        return List.copyOf(coreNames);
    }

    @Override
    public List<SynapticMemoryBudget> budgets()
    {
        return List.copyOf(budgets);
    }

    @Override
    public int chips()
    {
        return board.chips();
    }

    /** @return the hyperparameters. */
    public ThreeFactorParams params()
    {
        return params;
    }

    /** @return the number formats. */
    public ThreeFactorNumerics numerics()
    {
        return numerics;
    }

    /** @return the surrogate unit the cores use. */
    public SurrogateUnit surrogate()
    {
        return surrogate;
    }

    /** @return kernel steps per sample. */
    public long kernelStepsPerSample()
    {
        return phases.sampleLength();
    }

    @Override
    public List<MessageTally> messages()
    {
        return ChipPlumbing.messages(sim, k -> messageBits[k.ordinal()]);
    }

    /** @return every operation counted so far, summed over cores. */
    public OpCounts counts()
    {
        return ChipPlumbing.counts(sim);
    }

    /**
     * @param op an operation kind.
     * @return its count so far.
     */
    public long count(final OpKind op)
    {
        return ChipPlumbing.counter(sim, op.counterName());
    }

    /** @return per-synapse eligibility updates so far (also included in {@link OpKind#SYNAPTIC_UPDATE}). */
    public long eligibilityUpdates()
    {
        return ChipPlumbing.counter(sim, ELIGIBILITY_COUNTER);
    }

    @Override
    public EnergyReport energy(final EnergyTable table)
    {
        return ChipPlumbing.energy(table, counts(), sim, chip, board.chips());
    }

    /**
     * @param kind a memory kind.
     * @return bits allocated to it, summed over cores.
     */
    public long memoryBits(final MemoryKind kind)
    {
        return budgets.stream().mapToLong(b -> b.usage(kind)).sum();
    }

    /**
     * @param layer weight layer l (0-based: W^l connects layer l to l+1).
     * @return a copy of W^l as [post][pre], gathered from the cores that hold it (host read-out).
     */
    public double[] weights(final int layer)
    {
        final int nPre = sizes[layer];
        final double[] w = new double[sizes[layer + 1] * nPre];
        for (final LifLayerCore c : layers.get(layer))
        {
            gather(c.w, nPre, c.lo, c.k, w);
        }
        return w;
    }

    @Override
    public double[][] allWeights()
    {
        return ChipPlumbing.allWeights(sizes.length - 1, this::weights);
    }

    /**
     * @param layer hidden layer l (1-based).
     * @return its feedback matrix (B for eprop, G^T for DCLL) as [neuron][class], gathered from its cores.
     */
    public double[] feedback(final int layer)
    {
        final int m = sizes[sizes.length - 1];
        final double[] fb = new double[sizes[layer] * m];
        for (final LifLayerCore c : layers.get(layer - 1))
        {
            System.arraycopy(c.feedback, 0, fb, c.lo * m, c.k * m);
        }
        return fb;
    }

    @Override
    public Map<String, Object> describe()
    {
        final Map<String, Object> info = new LinkedHashMap<>();
        info.put("algorithm", params.method().configName());
        info.put("params", params.toString());
        info.put("inputEncoding", "Poisson (Bernoulli per step, p = x * " + params.inputRate() + ")");
        info.put("errorTransport", link.describe());
        info.put("surrogate", surrogate.mode().name());
        info.put("surrogateMaxAbsError", surrogate.maxError());
        info.put("numberFormats", numerics.describe());
        long synapses = 0;
        for (int l = 0; l < sizes.length - 1; l++)
        {
            synapses += (long)sizes[l] * sizes[l + 1];
        }
        info.put("learningStateBits", memoryBits(MemoryKind.LEARNING_STATE));
        info.put("eligibilityTraceBits", params.method() == ThreeFactorMethod.EPROP ?
            synapses * params.eligibilityBits() : 0L);
        return info;
    }

    @Override
    public void writeCheckpoint(final DataOutput o) throws IOException
    {
        CheckpointIo.writeHeader(o, CHECKPOINT_MAGIC, identity());
        CheckpointIo.writeKernelState(o, sim.saveState());
        for (final List<LifLayerCore> layer : layers)
        {
            for (final LifLayerCore c : layer)
            {
                for (final double v : c.w)
                {
                    o.writeLong(Double.doubleToRawLongBits(v));
                }
            }
        }
        o.writeLong(samplesTrained);
        o.writeLong(samplesInferred);
    }

    @Override
    public void readCheckpoint(final DataInput in) throws IOException
    {
        CheckpointIo.readHeader(in, CHECKPOINT_MAGIC, identity(), "not a three-factor chip checkpoint (bad magic)");
        sim.restoreState(CheckpointIo.readKernelState(in));
        for (final List<LifLayerCore> layer : layers)
        {
            for (final LifLayerCore c : layer)
            {
                for (int x = 0; x < c.w.length; x++)
                {
                    c.w[x] = Double.longBitsToDouble(in.readLong());
                }
            }
        }
        samplesTrained = in.readLong();
        samplesInferred = in.readLong();
    }

    private String identity()
    {
        return java.util.Arrays.toString(sizes) + " " + params + " " + chip.name() + " " + numerics.describe() +
            " cores=" + coreNames;
    }

    @Override
    public void close()
    {
        sim.close();
    }

    /**
     * @param sizes layer sizes, input first, classes last; at least one hidden layer.
     * @return a builder.
     */
    public static Builder builder(final int... sizes)
    {
        return new Builder(sizes);
    }

    /** Describes a three-factor chip before it is built. NOT thread safe. */
    public static final class Builder
    {
        private final int[] sizes;
        private ThreeFactorParams params = ThreeFactorParams.defaults(ThreeFactorMethod.EPROP);
        private ChipSpec chip;
        private StorageFormats formats = StorageFormats.defaults();
        private boolean fixedPoint;
        private long seed = 1;
        private int workers = 1;
        private double[][] weights;
        private double[][] feedback;

        private Builder(final int[] sizes)
        {
            this.sizes = ChipPlumbing.checkedSizes(sizes);
        }

        /**
         * @param p hyperparameters (and method).
         * @return this builder.
         */
        public Builder params(final ThreeFactorParams p)
        {
            this.params = java.util.Objects.requireNonNull(p, "params");
            return this;
        }

        /**
         * @param c the chip.
         * @return this builder.
         */
        public Builder chip(final ChipSpec c)
        {
            this.chip = c;
            return this;
        }

        /**
         * @param f declared storage widths.
         * @return this builder.
         */
        public Builder formats(final StorageFormats f)
        {
            this.formats = java.util.Objects.requireNonNull(f, "formats");
            return this;
        }

        /**
         * @param fixed true for the chip's fixed-point formats, false (default) for float64.
         * @return this builder.
         */
        public Builder fixedPoint(final boolean fixed)
        {
            this.fixedPoint = fixed;
            return this;
        }

        /**
         * @param s the seed of every random draw (weights, feedback, input spikes, rounding).
         * @return this builder.
         */
        public Builder seed(final long s)
        {
            this.seed = s;
            return this;
        }

        /**
         * @param w kernel worker threads.
         * @return this builder.
         */
        public Builder workers(final int w)
        {
            this.workers = w;
            return this;
        }

        /**
         * @param w W^l as [post][pre] row-major, l = 0..N-1 (host-loaded initial weights).
         * @return this builder.
         */
        public Builder initialWeights(final double[][] w)
        {
            this.weights = w;
            return this;
        }

        /**
         * @param fb per hidden layer l = 1..N-1 (index l-1): B (eprop) or G (DCLL) as [neuron][class] row-major.
         * @return this builder.
         */
        public Builder feedback(final double[][] fb)
        {
            this.feedback = fb;
            return this;
        }

        /** @return the chip, partitioned, placed and routed; fails naming the limit when it does not fit. */
        public ThreeFactorChip build()
        {
            if (chip == null)
            {
                throw new IllegalArgumentException("chip=null: a chip preset is required");
            }
            if (weights != null)
            {
                for (int l = 0; l < sizes.length - 1; l++)
                {
                    if (weights.length != sizes.length - 1 || weights[l].length != sizes[l] * sizes[l + 1])
                    {
                        throw new IllegalArgumentException("initialWeights: layer " + l + " needs " + sizes[l + 1] +
                            "x" + sizes[l] + " weights");
                    }
                }
            }
            return new ThreeFactorChip(this);
        }
    }
}
