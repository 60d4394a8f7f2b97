package org.nmsim.learning.biograd;

import static org.nmsim.learning.ChipPlumbing.coresOf;
import static org.nmsim.learning.ChipPlumbing.gather;
import static org.nmsim.learning.ChipPlumbing.slice;
import static org.nmsim.learning.ChipPlumbing.uniform;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.nmsim.chip.energy.EnergyReport;
import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.energy.OpCounts;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.memory.SynapticMemoryBudget;
import org.nmsim.chip.memory.WeightFormat;
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
 * BioGrad (paper 004) on a simulated chip: a fully connected SNN of two-compartment neurons trained online by local
 * eligibility traces and spike-encoded errors sent directly to every layer's apical compartments, with the periodic
 * sleep phase that aligns the feedback weights {@code B} with the forward weights; or the Loihi-simplified variant of
 * Appendix E ({@link BioGradParams#loihi()}). Input cores ({@link BgInputCore}), hidden cores ({@link BgHiddenCore})
 * and one output core ({@link BgOutputCore}) run on the kernel, partitioned under the chip's compartment, memory and
 * fan-in limits, placed in core-id order on the mesh, every send priced by its multicast tree's hops. All messages
 * are binary spikes (input, hidden, error-neuron and sleep spikes) plus one label message per training sample.
 *
 * <h2>Protocol</h2>
 * A training sample is {@code (N + 1) (T + 1)} kernel steps ({@link Segment}). Errors are computed from step
 * {@code t_error + 1} and arrive at the hidden cores one kernel step later; the output core learns after its phase
 * of step T, the hidden cores in phase 0 of step T + 1. After every {@code sleepEvery} training samples the host runs
 * {@code sleepCycles} cycles, each training the hidden layers' {@code B} in turn, top layer first, with
 * {@code sleepBatch} presentations of {@code T_sleep} steps each. The Loihi variant instead reloads {@code B} from the
 * forward weights in {@link #endEpoch}: the cores that hold the weights read them out and the host writes the
 * product of eq. 4 into the hidden cores (one kernel step, counted as memory reads and writes), as the paper did on
 * Loihi from its host.
 *
 * <p>Threading: NOT thread safe; one controlling thread. The kernel runs the cores on its own workers.
 */
public final class BioGradChip implements OnChipLearner
{
    private static final long CHECKPOINT_MAGIC = 0x4E4D42494F475231L; // "NMBIOGR1"
    private static final int RATE_STREAM = 3;

    private final int[] sizes;
    private final BioGradParams p;
    private final ChipSpec chip;
    private final BgNumerics numerics;
    private final long seed;
    private final int phases;
    private final Simulation sim;
    private final List<BgInputCore> inputs = new ArrayList<>();
    private final List<List<BgHiddenCore>> hidden = new ArrayList<>();
    private final BgOutputCore output;
    private final List<Segment> segments = new ArrayList<>();
    private final List<SynapticMemoryBudget> budgets = new ArrayList<>();
    private final List<String> coreNames = new ArrayList<>();
    private final BoardTopology board;
    private final int spikeBits;
    private long segmentId;
    private long samplesTrained;
    private long samplesInferred;
    private long sleepCyclesRun;

    private BioGradChip(final Builder b)
    {
        sizes = b.sizes.clone();
        p = b.params;
        chip = b.chip;
        seed = b.seed;
        final int n = sizes.length - 1;
        final int m = sizes[n];
        phases = n + 1;
        numerics = BgNumerics.of(sizes, p);
        checkCapabilities();
        final List<int[]> slices = partition(b.formats);
        final int cores = slices.size();
        final int coresPerChip = chip.coresPerChip().value();
        board = new BoardTopology(chip.mesh().value(), (cores + coresPerChip - 1) / coresPerChip, 1);
        final XyMeshRouting routing = new XyMeshRouting(board);
        spikeBits = chip.messageFormat(MessageKind.BINARY_SPIKE).sizeBits();
        final SimulationBuilder sb = Simulation.builder(KernelConfig.stepped(b.workers, b.seed));
        final Counters counters = new Counters(sb);
        final SplitMix64 init = new SplitMix64(SplitMix64.mix(b.seed ^ 0xB10C4AD1L));
        final double[][] w = new double[n][];
        for (int l = 0; l < n; l++)
        {
            w[l] = b.weights != null ? b.weights[l].clone() : uniform(init, sizes[l + 1] * sizes[l],
                1.0 / Math.sqrt(sizes[l]));
            if (w[l].length != sizes[l + 1] * sizes[l])
            {
                throw new IllegalArgumentException("initial weights[" + l + "].length=" + w[l].length + " must be " +
                    sizes[l + 1] + "x" + sizes[l]);
            }
            for (int x = 0; x < w[l].length; x++)
            {
                w[l][x] = numerics.weights()[l].quantize(w[l][x], init);
            }
        }
        final double[][] fb = b.feedback != null ? b.feedback : initialFeedback(w, init);
        final int[] coreLayer = new int[cores];
        final PortCosts[] costs = new PortCosts[cores];
        BgOutputCore out = null;
        for (int c = 0; c < cores; c++)
        {
            final int[] sl = slices.get(c);
            final int l = sl[0];
            final int lo = sl[1];
            final int k = sl[2];
            coreLayer[c] = l;
            costs[c] = new PortCosts(l == 0 ? k + 1 : l < n ? 2 * k : 2 * m, counters);
            if (l == 0)
            {
                final BgInputCore in = new BgInputCore(lo, k, p.steps(), phases, lo == 0, b.draws, costs[c], counters);
                inputs.add(in);
                segments.add(in.seg);
                sb.addCore(in);
            }
            else if (l < n)
            {
                final double[] bl = new double[k * m];
                for (int j = 0; j < k; j++)
                {
                    for (int q = 0; q < m; q++)
                    {
                        bl[j * m + q] = numerics.feedback().quantize(fb[l - 1][(lo + j) * m + q], init);
                    }
                }
                final BgHiddenCore h = new BgHiddenCore(l, lo, k, sizes[l - 1], m, slice(w[l - 1], sizes[l - 1], lo, k),
                    bl, p, numerics, b.draws, phases, costs[c], counters);
                while (hidden.size() < l)
                {
                    hidden.add(new ArrayList<>());
                }
                hidden.get(l - 1).add(h);
                segments.add(h.seg);
                sb.addCore(h);
            }
            else
            {
                out = new BgOutputCore(n, sizes[n - 1], m, slice(w[n - 1], sizes[n - 1], 0, m), p, numerics, costs[c],
                    counters);
                segments.add(out.seg);
                sb.addCore(out);
            }
        }
        output = out;
        final int outCore = cores - 1;
        final int[] hiddenCores = IntStream.range(0, cores).filter(c -> coreLayer[c] > 0 && coreLayer[c] < n)
            .toArray();
        for (int c = 0; c < cores; c++)
        {
            final int l = coreLayer[c];
            final int lo = slices.get(c)[1];
            final int k = slices.get(c)[2];
            if (l == n)
            {
                for (int port = 0; port < 2 * m; port++)
                {
                    for (final int dst : hiddenCores)
                    {
                        sb.route(c, port, dst, 2 * sizes[coreLayer[dst] - 1] + port, 1);
                    }
                    costs[c].set(port, routing.multicast(c, hiddenCores), withinTile(c, hiddenCores), spikeBits,
                        MessageClass.SPIKE, counters);
                }
                continue;
            }
            final int[] next = coresOf(coreLayer, l + 1);
            final int channels = l == 0 ? 1 : 2;
            for (int ch = 0; ch < channels; ch++)
            {
                for (int j = 0; j < k; j++)
                {
                    final int port = ch * k + j;
                    for (final int dst : next)
                    {
                        sb.route(c, port, dst, ch * sizes[l] + lo + j, 1);
                    }
                    costs[c].set(port, routing.multicast(c, next), withinTile(c, next), spikeBits, MessageClass.SPIKE,
                        counters);
                }
            }
            if (l == 0 && lo == 0)
            {
                sb.route(c, k, outCore, 2 * sizes[n - 1], 1);
                costs[c].set(k, routing.unicast(c, outCore), withinTile(c, new int[] {outCore}), spikeBits,
                    MessageClass.LABEL, counters);
            }
            final int fanOut = next.length + (l == 0 && lo == 0 ? 1 : 0);
            if (fanOut > chip.fanOutPerCore().value())
            {
                throw new IllegalArgumentException("core " + c + " (" + coreNames.get(c) + ") sends to fanOut=" +
                    fanOut + " cores but the chip allows fanOutPerCore=" + chip.fanOutPerCore().value());
            }
        }
        if (hiddenCores.length > chip.fanOutPerCore().value())
        {
            throw new IllegalArgumentException("the output core sends errors to fanOut=" + hiddenCores.length +
                " hidden cores but the chip allows fanOutPerCore=" + chip.fanOutPerCore().value());
        }
        sim = sb.build();
    }

    private void checkCapabilities()
    {
        final java.util.Set<PlasticityOp> needed = java.util.EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY,
            PlasticityOp.RANDOM);
        final java.util.Set<PlasticityOp> missing = chip.missingOps(needed);
        if (!missing.isEmpty())
        {
            throw new IllegalArgumentException("chip " + chip.name() + ": the plasticity engine lacks " + missing +
                ", which BioGrad needs (trace products, Poisson and sleep spikes)");
        }
    }

    /**
     * Splits each layer into the fewest equal slices that fit a core (compartments, synaptic memory, fan-in) and
     * charges every stored value to the core's budget.
     *
     * @return {layer, lo, k} per core, in core-id order.
     */
    private List<int[]> partition(final StorageFormats f)
    {
        final int bits = p.precisionBits();
        final int wBits = bits > 0 ? bits : f.weightBits();
        final int trBits = bits > 0 ? bits : f.traceBits();
        // the Loihi variant's B is a copy of forward weights: stored at the weights' width
        final int fbBits = bits > 0 ? bits : p.loihi() ? f.weightBits() : f.feedbackBits();
        final int accBits = f.gradientBits();
        // widths beyond any synaptic weight field (Table 5's 32 bits) are a numerical study: memory is still charged
        if (wBits <= WeightFormat.MAX_BITS)
        {
            chip.checkWeightFormat(new WeightFormat(wBits, true), "forward weights (weight bits)");
        }
        if (fbBits <= WeightFormat.MAX_BITS)
        {
            chip.checkWeightFormat(new WeightFormat(fbBits, true), "feedback weights B (feedback bits)");
        }
        final boolean sleeps = p.sleep() && !p.loihi();
        final int n = sizes.length - 1;
        final int m = sizes[n];
        final long capacity = chip.synapticMemoryBitsPerCore().value();
        final int compartments = chip.compartmentsPerCore().value();
        final List<int[]> out = new ArrayList<>();
        for (int l = 0; l <= n; l++)
        {
            final int size = sizes[l];
            final int nPre = l == 0 ? 0 : sizes[l - 1];
            final String name = l == 0 ? "input" : l == n ? "output" : "h" + l;
            final boolean hid = l > 0 && l < n;
            final long perNeuronSyn = (long)nPre * (wBits + trBits + (p.loihi() ? 0 : trBits));
            final long perNeuron = perNeuronSyn + (hid ? (long)m * fbBits + (sleeps ? (long)m * accBits : 0) : 0);
            final long fixed = l == 0 ? 0 : (p.loihi() ? (long)nPre * trBits : 0) + (hid && sleeps ?
                2L * m * accBits : 0);
            final int compPerNeuron = l == 0 ? 1 : hid ? 2 : 4;
            final long byMemory = perNeuron == 0 ? Integer.MAX_VALUE : (capacity - fixed) / perNeuron;
            final int maxK = (int)Math.min(compartments / compPerNeuron, byMemory);
            if (maxK < 1 || (l == n && maxK < size))
            {
                throw new IllegalArgumentException("layer " + name + " does not fit chip " + chip.name() + ": " +
                    (l == n ? "the output (" + size + " neurons, one core)" : "one neuron") + " needs " +
                    (fixed + perNeuron * (l == n ? size : 1)) + " bits of synaptic memory (" + nPre + " inputs x (" +
                    wBits + " weight + " + trBits + (p.loihi() ? "" : " + " + trBits) + " trace bits)" + (hid ? " + " +
                    m + " x " + fbBits + " feedback bits" : "") + ") and " + compPerNeuron * (l == n ? size : 1) +
                    " compartments; the core has " + capacity + " bits and " + compartments + " compartments");
            }
            final long fanIn = l == 0 ? 0 : (l == 1 ? nPre : 2L * nPre) + (hid ? 2L * m : 1);
            if (fanIn > chip.fanInPerCore().value())
            {
                throw new IllegalArgumentException("layer " + name + " does not fit chip " + chip.name() +
                    ": each core needs fanIn=" + fanIn + " input axons but the core accepts fanInPerCore=" +
                    chip.fanInPerCore().value());
            }
            final int cores = (size + maxK - 1) / maxK;
            int lo = 0;
            for (int c = 0; c < cores; c++)
            {
                final int k = size / cores + (c < size % cores ? 1 : 0);
                final SynapticMemoryBudget budget = new SynapticMemoryBudget(budgets.size(), capacity);
                final String core = name + "[" + lo + ":" + (lo + k) + ")";
                if (nPre > 0)
                {
                    budget.allocate(MemoryKind.WEIGHTS, core, (long)nPre * k * wBits);
                    budget.allocate(MemoryKind.TRACES, core + " Tr_corr (per synapse)", (long)nPre * k * trBits);
                    budget.allocate(MemoryKind.TRACES, core + (p.loihi() ? " Tr_pre (per presynaptic neuron)" :
                        " Tr_pre (per synapse)"), (long)nPre * (p.loihi() ? 1 : k) * trBits);
                }
                if (hid)
                {
                    budget.allocate(MemoryKind.FEEDBACK, core + " B", (long)k * m * fbBits);
                    if (sleeps)
                    {
                        budget.allocate(MemoryKind.LEARNING_STATE, core + " sleep Hebbian accumulators",
                            (long)k * m * accBits);
                        budget.allocate(MemoryKind.LEARNING_STATE, core + " sleep Tr_err and Oja accumulators",
                            2L * m * accBits);
                    }
                }
                out.add(new int[] {l, lo, k});
                budgets.add(budget);
                coreNames.add(core);
                lo += k;
            }
        }
        return out;
    }

    /** FwdInit (eq. 4) from the initial weights, or RandInit: i.i.d. uniform with the FwdInit matrix's RMS. */
    private double[][] initialFeedback(final double[][] w, final SplitMix64 init)
    {
        final double[][] fwd = forwardProduct(sizes, w);
        if (p.fwdInit())
        {
            return fwd;
        }
        for (final double[] bl : fwd)
        {
            double ss = 0.0;
            for (final double x : bl)
            {
                ss += x * x;
            }
            final double bound = Math.sqrt(3.0 * ss / bl.length);
            for (int x = 0; x < bl.length; x++)
            {
                bl[x] = (init.nextDouble() * 2.0 - 1.0) * bound;
            }
        }
        return fwd;
    }

    /**
     * Eq. 4 with the given weights: {@code B^(N-1) = W^(N-1)T}, {@code B^l = W^l T B^(l+1)} (host-side, non-local).
     *
     * @param sizes layer sizes.
     * @param w     W^l as [post][pre], l = 0..N-1.
     * @return B^l as [neuron][class] for hidden layers l = 1..N-1 (index l - 1).
     */
    public static double[][] forwardProduct(final int[] sizes, final double[][] w)
    {
        final int n = sizes.length - 1;
        final int m = sizes[n];
        final double[][] out = new double[n - 1][];
        for (int l = n - 1; l >= 1; l--)
        {
            final double[] bl = new double[sizes[l] * m];
            if (l == n - 1)
            {
                for (int j = 0; j < sizes[l]; j++)
                {
                    for (int q = 0; q < m; q++)
                    {
                        bl[j * m + q] = w[n - 1][q * sizes[l] + j];
                    }
                }
            }
            else
            {
                final double[] above = out[l];
                for (int j = 0; j < sizes[l]; j++)
                {
                    for (int pp = 0; pp < sizes[l + 1]; pp++)
                    {
                        final double wpj = w[l][pp * sizes[l] + j];
                        for (int q = 0; q < m; q++)
                        {
                            bl[j * m + q] += wpj * above[pp * m + q];
                        }
                    }
                }
            }
            out[l - 1] = bl;
        }
        return out;
    }

    @Override
    public int trainSample(final double[] x, final int label)
    {
        load(x, label);
        runSegment(Segment.Mode.TRAIN, (long)phases * (p.steps() + 1));
        samplesTrained++;
        final int pred = output.prediction();
        if (p.sleep() && !p.loihi() && samplesTrained % p.sleepEvery() == 0)
        {
            sleepPhase();
        }
        return pred;
    }

    @Override
    public int predict(final double[] x)
    {
        load(x, 0);
        runSegment(Segment.Mode.INFER, (long)phases * (p.steps() + 1));
        samplesInferred++;
        return output.prediction();
    }

    private void load(final double[] x, final int label)
    {
        ChipPlumbing.checkInput(x, sizes);
        ChipPlumbing.checkLabel(label, sizes);
        for (final BgInputCore in : inputs)
        {
            for (int j = 0; j < in.x.length; j++)
            {
                final double v = x[in.lo + j];
                if (!(v >= 0.0 && v <= 1.0))
                {
                    throw new IllegalArgumentException("x[" + (in.lo + j) + "]=" + v + " must be an intensity in " +
                        "[0, 1]");
                }
                in.x[j] = v;
            }
            in.label = label;
        }
    }

    private void runSegment(final Segment.Mode mode, final long length)
    {
        final long start = sim.currentStep();
        for (final Segment s : segments)
        {
            s.set(mode, start, segmentId);
        }
        sim.runSteps(length);
        if (mode != Segment.Mode.RELOAD)
        {
            segmentId++;
        }
    }

    /**
     * Runs one sleep phase now: {@code sleepCycles} cycles, each training the hidden layers' {@code B} in turn (top
     * hidden layer first) from {@code sleepBatch} random presentations. {@link #trainSample} calls it every
     * {@code sleepEvery} samples when sleep is on.
     */
    public void sleepPhase()
    {
        final int n = sizes.length - 1;
        for (int c = 0; c < p.sleepCycles(); c++)
        {
            for (int l = n - 1; l >= 1; l--)
            {
                final double rate = sleepRate(seed, p, sleepCyclesRun, l);
                for (int b = 0; b < p.sleepBatch(); b++)
                {
                    for (final Segment s : segments)
                    {
                        s.sleepLayer = l;
                        s.rate = rate;
                        s.applySleep = b == p.sleepBatch() - 1;
                    }
                    runSegment(Segment.Mode.SLEEP, (long)phases * (p.sleepSteps() + 1));
                }
            }
            sleepCyclesRun++;
        }
    }

    /**
     * @param seed  experiment seed.
     * @param p     parameters.
     * @param cycle sleep cycle number (from 0).
     * @param layer hidden layer.
     * @return the spike probability of the random neurons: {@code sleepRate}, or uniform in [0, 1) per (cycle, layer)
     *         from a counter hash that every core of the layer would evaluate identically.
     */
    static double sleepRate(final long seed, final BioGradParams p, final long cycle, final int layer)
    {
        return p.sleepRate() > 0.0 ? p.sleepRate() : SpikeDraws.uniform(seed, RATE_STREAM, cycle, layer, 0);
    }

    /** Loihi variant: reloads B from the forward weights (Appendix E); the full variant sleeps instead. */
    @Override
    public void endEpoch(final int epoch)
    {
        if (p.loihi())
        {
            reloadFeedback();
        }
    }

    /**
     * Sets every hidden layer's {@code B} to eq. 4 of the current forward weights: the cores holding the weights
     * above a hidden layer read them out, the host forms the product and loads each hidden core's rows, which the
     * core writes into its feedback memory (one kernel step; reads and writes counted on the cores).
     */
    public void reloadFeedback()
    {
        final double[][] fwd = forwardProduct(sizes, allWeights());
        final int m = sizes[sizes.length - 1];
        for (final List<BgHiddenCore> layer : hidden)
        {
            for (final BgHiddenCore h : layer)
            {
                h.pendingFeedback = Arrays.copyOfRange(fwd[h.layer - 1], h.lo * m, (h.lo + h.k) * m);
                h.readOut = h.layer >= 2;
            }
        }
        output.readOut = true;
        runSegment(Segment.Mode.RELOAD, 1);
        output.readOut = false;
    }

    /** The Fig. 4 angles ({@link #alignmentAngles}) per hidden layer after every epoch. */
    @Override
    public java.util.Map<String, Double> epochDiagnostics()
    {
        final java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        final double[] a = alignmentAngles();
        for (int l = 0; l < a.length; l++)
        {
            out.put("B vs forward weights, h" + (l + 1) + ", degrees (Fig. 4)", a[l]);
        }
        return out;
    }

    /**
     * The feedback/forward alignment of paper 004 Fig. 4: per hidden layer l, the angle in degrees between
     * {@code B^l} and eq. 4's product of the current forward weights, both flattened. Host read-out (diagnostic).
     *
     * @return angles for hidden layers 1..N-1.
     */
    public double[] alignmentAngles()
    {
        final double[][] fwd = forwardProduct(sizes, allWeights());
        final double[] out = new double[fwd.length];
        for (int l = 1; l <= fwd.length; l++)
        {
            out[l - 1] = angleDegrees(feedback(l), fwd[l - 1]);
        }
        return out;
    }

    /**
     * @param a a vector.
     * @param b a vector of the same length.
     * @return the angle between them in degrees (90 when either is zero).
     */
    public static double angleDegrees(final double[] a, final double[] b)
    {
        double ab = 0.0;
        double aa = 0.0;
        double bb = 0.0;
        for (int i = 0; i < a.length; i++)
        {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        if (aa == 0.0 || bb == 0.0)
        {
            return 90.0;
        }
        return Math.toDegrees(Math.acos(Math.max(-1.0, Math.min(1.0, ab / Math.sqrt(aa * bb)))));
    }

    /**
     * @param layer hidden layer l (1-based).
     * @return a copy of B^l as [neuron][class], gathered from the cores (host read-out).
     */
    public double[] feedback(final int layer)
    {
        final int m = sizes[sizes.length - 1];
        final double[] out = new double[sizes[layer] * m];
        for (final BgHiddenCore h : hidden.get(layer - 1))
        {
            System.arraycopy(h.feedback, 0, out, h.lo * m, h.k * m);
        }
        return out;
    }

    /**
     * @param layer weight layer l (0-based: W^l connects layer l to l+1).
     * @return a copy of W^l as [post][pre] (host read-out).
     */
    public double[] weights(final int layer)
    {
        final int nPre = sizes[layer];
        final int nPost = sizes[layer + 1];
        final double[] out = new double[nPost * nPre];
        if (layer == sizes.length - 2)
        {
            gather(output.soma.w, nPre, 0, output.soma.k, out);
            return out;
        }
        for (final BgHiddenCore h : hidden.get(layer))
        {
            gather(h.soma.w, nPre, h.lo, h.soma.k, out);
        }
        return out;
    }

    @Override
    public double[][] allWeights()
    {
        return ChipPlumbing.allWeights(sizes.length - 1, this::weights);
    }

    @Override
    public double lastSampleLoss()
    {
        return output.loss();
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

    /** @return the parameters. */
    public BioGradParams params()
    {
        return p;
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

    /** @return the kernel steps of one training sample (without sleep). */
    public long kernelStepsPerSample()
    {
        return (long)phases * (p.steps() + 1);
    }

    /** @return samples trained, samples inferred and sleep cycles run so far. */
    public long[] progress()
    {
        return new long[] {samplesTrained, samplesInferred, sleepCyclesRun};
    }

    @Override
    public List<MessageTally> messages()
    {
        return ChipPlumbing.messages(sim, k -> spikeBits);
    }

    /** @return every operation counted so far, summed over cores. */
    public OpCounts counts()
    {
        return ChipPlumbing.counts(sim);
    }

    /**
     * @param op an operation.
     * @return its count so far, summed over cores.
     */
    public long count(final OpKind op)
    {
        return ChipPlumbing.counter(sim, op.counterName());
    }

    @Override
    public EnergyReport energy(final EnergyTable table)
    {
        return ChipPlumbing.energy(table, counts(), sim, chip, board.chips());
    }

    @Override
    public Map<String, Object> describe()
    {
        final Map<String, Object> info = new LinkedHashMap<>();
        info.put("algorithm", p.method());
        info.put("variant", p.loihi() ? "Loihi-simplified (paper 004 App. E): IF somata, spike as pseudo-gradient, " +
            "spiking apical compartment, B reloaded from W once per epoch" : "full BioGrad (paper 004 eq. 1-11)");
        info.put("params", p.toString());
        info.put("numberFormats", numerics.describe() + (p.precisionBits() > WeightFormat.MAX_BITS ? " (wider than " +
            "any synaptic weight field: a numerical study, not a chip configuration)" : ""));
        info.put("feedbackInit", p.fwdInit() || p.loihi() ? "FwdInit (eq. 4)" : "RandInit");
        info.put("sleep", p.sleep() && !p.loihi() ? "every " + p.sleepEvery() + " samples, " + p.sleepCycles() +
            " cycle(s) of " + p.sleepBatch() + " presentations x " + p.sleepSteps() + " steps" : "off");
        info.put("softmax", "exp and divide on the output core, counted as EXP and DIVIDE" +
            (chip.missingOps(java.util.EnumSet.of(PlasticityOp.EXP)).isEmpty() ? "" : "; this chip's engine has no " +
            "exp: the figure assumes a helper (e.g. an embedded x86 core) computes it"));
        return info;
    }

    @Override
    public void writeCheckpoint(final DataOutput out) throws IOException
    {
        CheckpointIo.writeHeader(out, CHECKPOINT_MAGIC, identity());
        CheckpointIo.writeKernelState(out, sim.saveState());
        for (final List<BgHiddenCore> layer : hidden)
        {
            for (final BgHiddenCore h : layer)
            {
                CheckpointIo.writeDoubles(out, h.soma.w);
                CheckpointIo.writeDoubles(out, h.feedback);
            }
        }
        CheckpointIo.writeDoubles(out, output.soma.w);
        out.writeLong(segmentId);
        out.writeLong(samplesTrained);
        out.writeLong(samplesInferred);
        out.writeLong(sleepCyclesRun);
    }

    @Override
    public void readCheckpoint(final DataInput in) throws IOException
    {
        CheckpointIo.readHeader(in, CHECKPOINT_MAGIC, identity(), "not a BioGrad checkpoint (bad magic)");
        sim.restoreState(CheckpointIo.readKernelState(in));
        for (final List<BgHiddenCore> layer : hidden)
        {
            for (final BgHiddenCore h : layer)
            {
                CheckpointIo.readDoubles(in, h.soma.w, "W of " + h.layer + "[" + h.lo + "]");
                CheckpointIo.readDoubles(in, h.feedback, "B of " + h.layer + "[" + h.lo + "]");
            }
        }
        CheckpointIo.readDoubles(in, output.soma.w, "output W");
        segmentId = in.readLong();
        samplesTrained = in.readLong();
        samplesInferred = in.readLong();
        sleepCyclesRun = in.readLong();
    }

    private String identity()
    {
        return Arrays.toString(sizes) + " " + p + " " + chip.name() + " " + numerics.describe() + " cores=" +
            coreNames;
    }

    @Override
    public void close()
    {
        sim.close();
    }

    private int withinTile(final int src, final int[] dsts)
    {
        return ChipPlumbing.withinTile(board, src, dsts);
    }

    /**
     * @param sizes layer sizes, input first, classes last; at least one hidden layer.
     * @return a builder.
     */
    public static Builder builder(final int... sizes)
    {
        return new Builder(sizes);
    }

    /** Describes a BioGrad chip before it is built. NOT thread safe. */
    public static final class Builder
    {
        private final int[] sizes;
        private BioGradParams params = BioGradParams.paperDefaults(false);
        private ChipSpec chip;
        private StorageFormats formats = StorageFormats.defaults();
        private long seed = 1;
        private int workers = 1;
        private SpikeDraws draws = SpikeDraws.coreStreams();
        private double[][] weights;
        private double[][] feedback;

        private Builder(final int[] sizes)
        {
            this.sizes = ChipPlumbing.checkedSizes(sizes);
        }

        /**
         * @param v the hyperparameters.
         * @return this builder.
         */
        public Builder params(final BioGradParams v)
        {
            this.params = v;
            return this;
        }

        /**
         * @param v the chip.
         * @return this builder.
         */
        public Builder chip(final ChipSpec v)
        {
            this.chip = v;
            return this;
        }

        /**
         * @param v declared storage widths (used where {@link BioGradParams#precisionBits()} is 0).
         * @return this builder.
         */
        public Builder formats(final StorageFormats v)
        {
            this.formats = v;
            return this;
        }

        /**
         * @param v the experiment seed.
         * @return this builder.
         */
        public Builder seed(final long v)
        {
            this.seed = v;
            return this;
        }

        /**
         * @param v kernel worker threads.
         * @return this builder.
         */
        public Builder workers(final int v)
        {
            this.workers = v;
            return this;
        }

        /**
         * @param v where random spikes come from (default: each core's own stream).
         * @return this builder.
         */
        public Builder draws(final SpikeDraws v)
        {
            this.draws = v;
            return this;
        }

        /**
         * @param w W^l as [post][pre], l = 0..N-1 (host-loaded initial weights).
         * @return this builder.
         */
        public Builder initialWeights(final double[][] w)
        {
            this.weights = w;
            return this;
        }

        /**
         * @param b B^l as [neuron][class] for hidden layers l = 1..N-1 (host-loaded; overrides FwdInit/RandInit).
         * @return this builder.
         */
        public Builder feedback(final double[][] b)
        {
            this.feedback = b;
            return this;
        }

        /** @return the chip, partitioned, placed and routed; fails naming the limit when it does not fit. */
        public BioGradChip build()
        {
            if (chip == null)
            {
                throw new IllegalArgumentException("chip=null: a chip preset is required");
            }
            return new BioGradChip(this);
        }
    }
}
