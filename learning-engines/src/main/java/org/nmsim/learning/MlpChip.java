package org.nmsim.learning;

import static org.nmsim.learning.ChipPlumbing.coresOf;
import static org.nmsim.learning.ChipPlumbing.gather;
import static org.nmsim.learning.ChipPlumbing.gatherRows;
import static org.nmsim.learning.ChipPlumbing.slice;
import static org.nmsim.learning.ChipPlumbing.sliceRows;
import static org.nmsim.learning.ChipPlumbing.uniform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nmsim.chip.energy.EnergyReport;
import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.energy.OpCounts;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.memory.SynapticMemoryBudget;
import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.noc.BoardTopology;
import org.nmsim.chip.noc.HopCounts;
import org.nmsim.chip.noc.XyMeshRouting;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.PlasticityOp;
import org.nmsim.kernel.KernelConfig;
import org.nmsim.kernel.Simulation;
import org.nmsim.kernel.SimulationBuilder;
import org.nmsim.kernel.SplitMix64;

/**
 * A feed-forward spiking MLP trained online by DFA or FGT (learning-engines/MODEL.md) as local rules on a
 * simulated chip: input, hidden and readout cores on the kernel, partitioned under the chip's compartment and
 * synaptic-memory limits, placed in core-id order on the chip mesh, with every send priced by its multicast
 * tree's hops. The host loads a sample, runs {@code phases * (T + 1)} kernel steps and reads the prediction.
 *
 * <p>Threading: NOT thread safe; one controlling thread. The kernel runs the cores on its own workers.
 */
public final class MlpChip implements OnChipLearner
{
    private final int[] sizes;
    private final OnlineHyper hyper;
    private final ChipSpec chip;
    private final Schedule schedule;
    private final Simulation sim;
    private final List<InputCore> inputs = new ArrayList<>();
    private final List<List<HiddenCore>> hidden = new ArrayList<>();
    private final ReadoutCore readout;
    /** Local learning (paper 000 App. D.2): the local readout of hidden layer l at index l-1; empty without. */
    private final List<ReadoutCore> localReadouts = new ArrayList<>();
    private final ChipNumerics numerics;
    private final EngineMath math;
    private final List<SynapticMemoryBudget> budgets;
    private final List<String> coreNames;
    private final BoardTopology board;
    private final List<ProbeChannel> probes = new ArrayList<>();
    private final int[] messageBits;
    private long samplesTrained;
    private long samplesInferred;

    private MlpChip(final Builder b)
    {
        sizes = b.sizes.clone();
        hyper = b.hyper;
        chip = b.chip;
        final int n = sizes.length - 1;
        final int m = sizes[n];
        final int hiddenLayers = n - 1;
        schedule = new Schedule(n + 1, hyper.steps());
        checkCapabilities(b.fixedPoint);
        math = EngineMath.forChip(chip, hyper);
        if (hyper.method() == LearningMethod.BP && hiddenLayers > 2)
        {
            throw new IllegalArgumentException("method=BP supports at most 2 hidden layers on chip (hidden layers=" +
                hiddenLayers + "): the backward sweep reaches layer l in phase N-1-l, which must not come after its " +
                "forward phase l");
        }
        final boolean local = hyper.localLoss() > 0;
        final Partition part = Partition.of(sizes, chip, b.formats, hyper.method(), math.tableBits(),
            hyper.directions(), local);
        numerics = b.fixedPoint ? ChipNumerics.fixedPoint(sizes, b.formats, chip.gradedPayloadBits().value()) :
            ChipNumerics.ideal(n);
        budgets = part.budgets;
        coreNames = part.names;
        final int cores = part.names.size();
        final int coresPerChip = chip.coresPerChip().value();
        final int chips = (cores + coresPerChip - 1) / coresPerChip;
        board = new BoardTopology(chip.mesh().value(), chips, 1);
        final XyMeshRouting routing = new XyMeshRouting(board);
        final int spikeBits = chip.messageFormat(MessageKind.BINARY_SPIKE).sizeBits();
        final int gradedBits = chip.messageFormat(MessageKind.GRADED_SPIKE).sizeBits();
        if (hyper.burst() != null && !chip.supports(MessageKind.BURST))
        {
            throw new IllegalArgumentException("burst=" + hyper.burst() + ": chip " + chip.name() + " has no burst " +
                "(signed spike) messages");
        }
        final int burstBits = hyper.burst() == null ? spikeBits : chip.messageFormat(MessageKind.BURST).sizeBits();

        final SimulationBuilder sb = Simulation.builder(KernelConfig.stepped(b.workers, b.seed));
        final Counters counters = new Counters(sb);
        final SplitMix64 init = new SplitMix64(SplitMix64.mix(b.seed ^ 0x1217L));
        final List<int[]> slices = part.slices;
        // weights: initial values from the builder (golden tests) or PyTorch's default uniform bound
        final double[][] wFull = new double[n][];
        final double[][] bFull = new double[n][];
        for (int l = 0; l < n; l++)
        {
            wFull[l] = b.weights != null ? b.weights[l].clone() : uniform(init, sizes[l + 1] * sizes[l],
                1.0 / Math.sqrt(sizes[l]));
            bFull[l] = b.biases != null ? b.biases[l].clone() : new double[sizes[l + 1]];
            for (int x = 0; x < wFull[l].length; x++)
            {
                wFull[l][x] = numerics.weights()[l].quantize(wFull[l][x], null);
            }
            for (int x = 0; x < bFull[l].length; x++)
            {
                bFull[l][x] = numerics.state().quantize(bFull[l][x], null);
            }
        }
        // cores are created in core-id order: inputs, hidden layers 1..N-1, readout, local readouts r1..r(N-1)
        final int[] coreLayer = new int[cores];
        final int[] coreLo = new int[cores];
        final int[] coreSize = new int[cores];
        final PortCosts[] costs = new PortCosts[cores];
        for (int c = 0; c < cores; c++)
        {
            final int[] sl = slices.get(c);
            coreLayer[c] = sl[0];
            coreLo[c] = sl[1];
            coreSize[c] = sl[2];
        }
        final List<HiddenCore> all = new ArrayList<>();
        ReadoutCore out = null;
        for (int c = 0; c < cores; c++)
        {
            final int l = coreLayer[c];
            final int lo = coreLo[c];
            final int k = coreSize[c];
            costs[c] = new PortCosts(ports(l, k, n, m, hyper.directions()), counters);
            if (l == 0)
            {
                final InputCore in = new InputCore(lo, k, schedule, lo == 0, costs[c], numerics);
                inputs.add(in);
                sb.addCore(in);
            }
            else if (l < n)
            {
                final int nPre = sizes[l - 1];
                final boolean bp = hyper.method() == LearningMethod.BP;
                final int fbWidth = bp ? sizes[l + 1] : m;
                final double[] fbw = new double[k * fbWidth];
                if (bp)
                {
                    // symmetric backward synapses: the transpose of the weights above, loaded from the same values
                    for (int j = 0; j < k; j++)
                    {
                        for (int p2 = 0; p2 < fbWidth; p2++)
                        {
                            fbw[j * fbWidth + p2] = wFull[l][p2 * sizes[l] + lo + j];
                        }
                    }
                }
                else if (hyper.method() == LearningMethod.DFA || b.feedback != null &&
                    (hyper.method() == LearningMethod.FGT || hyper.method() == LearningMethod.FGT_S))
                {
                    // DFA's B, given or drawn; or FGT's initial M, given (a warm start; the paper's M starts at zero)
                    for (int j = 0; j < k; j++)
                    {
                        for (int q = 0; q < m; q++)
                        {
                            fbw[j * m + q] = numerics.feedback().quantize(b.feedback != null ?
                                b.feedback[l - 1][(lo + j) * m + q] : (init.nextDouble() * 2.0 - 1.0) / Math.sqrt(m),
                                init);
                        }
                    }
                }
                final HiddenCore h = new HiddenCore(l, lo, k, nPre, m, hiddenLayers,
                    sliceRows(wFull[l - 1], nPre, lo, k), java.util.Arrays.copyOfRange(bFull[l - 1], lo, lo + k),
                    fbw, fbWidth, hyper, numerics, math, schedule, b.perturbations, costs[c], counters);
                while (hidden.size() < l)
                {
                    hidden.add(new ArrayList<>());
                }
                hidden.get(l - 1).add(h);
                all.add(h);
                sb.addCore(h);
            }
            else if (l == n)
            {
                out = new ReadoutCore(n, sizes[n - 1], m, slice(wFull[n - 1], sizes[n - 1], 0, m),
                    bFull[n - 1].clone(), hyper, numerics, math, schedule, costs[c], counters);
                sb.addCore(out);
            }
            else
            {
                // the local readout of hidden layer l - n: a readout core one phase after its layer, R^l drawn last
                // from the initialisation stream (so every other initial value is as without local learning)
                final int hl = l - n;
                final double[] r = b.localWeights != null ? b.localWeights[hl - 1].clone() : uniform(init,
                    m * sizes[hl], 1.0 / Math.sqrt(sizes[hl]));
                for (int x = 0; x < r.length; x++)
                {
                    r[x] = numerics.weights()[hl].quantize(r[x], null);
                }
                final ReadoutCore lr = new ReadoutCore(hl + 1, sizes[hl], m, slice(r, sizes[hl], 0, m),
                    new double[m], hyper, numerics, math, schedule, costs[c], counters);
                for (final HiddenCore h : hidden.get(hl - 1))
                {
                    h.localReadout(java.util.Arrays.copyOfRange(lr.w, h.lo * m, (h.lo + h.k) * m));
                }
                localReadouts.add(lr);
                sb.addCore(lr);
            }
        }
        readout = out;
        if (b.deferredSamples > 0)
        {
            for (final List<HiddenCore> layer : hidden)
            {
                for (final HiddenCore h : layer)
                {
                    h.deferSamples(b.deferredSamples);
                }
            }
        }
        if (b.repeatInput)
        {
            // every input route ends at a layer-1 hidden core (there is at least one hidden layer), which
            // reconstructs the repeats
            for (final InputCore in : inputs)
            {
                in.repeats = true;
            }
            for (final HiddenCore h : hidden.get(0))
            {
                h.inputRepeats = true;
            }
        }
        final int readoutCore = inputs.size() + all.size();
        checkFanOut(coreLayer, coreLo, n);
        // routes: forward spikes and FGT signals layer l -> every core of layer l+1; errors and z^N back. Forward
        // channel 1 + (c' - 1) K + kappa (layer c', direction kappa) has the same index at sender and receiver.
        final int dirs = hyper.directions();
        for (int c = 0; c < readoutCore; c++)
        {
            final int l = coreLayer[c];
            final int k = coreSize[c];
            final int[] next = coresOf(coreLayer, l + 1);
            final int nCur = sizes[l];
            final boolean oneChannel = hyper.method() == LearningMethod.DFA || hyper.method() == LearningMethod.BP;
            final int channels = l == 0 || oneChannel ? 1 : 1 + l * dirs;
            for (int ch = 0; ch < channels; ch++)
            {
                final boolean burstPort = ch > 0 && hyper.burst() != null;
                final int bits = burstPort ? burstBits : ch == 0 && l > 0 ? spikeBits : gradedBits;
                // a hidden layer's spikes also reach its local readout (local learning)
                final int[] dsts = ch == 0 && l > 0 && local ? append(next, readoutCore + l) : next;
                for (int j = 0; j < k; j++)
                {
                    final int port = ch * k + j;
                    for (final int dst : dsts)
                    {
                        sb.route(c, port, dst, ch * nCur + coreLo[c] + j, 1);
                    }
                    costs[c].set(port, routing.multicast(c, dsts), withinTile(c, dsts), bits, burstPort ?
                        MessageClass.BURST : ch == 0 && l > 0 ? MessageClass.SPIKE : MessageClass.GRADED, counters);
                }
            }
            if (l == 0 && coreLo[c] == 0)
            {
                // the label goes to the readout and to every local readout
                final int[] labelled = java.util.stream.IntStream.range(readoutCore, cores).toArray();
                for (final int dst : labelled)
                {
                    sb.route(c, k, dst, dst == readoutCore ? out.labelAxon :
                        localReadouts.get(dst - readoutCore - 1).labelAxon, 1);
                }
                costs[c].set(k, routing.multicast(c, labelled), withinTile(c, labelled), spikeBits,
                    MessageClass.LABEL, counters);
            }
        }
        final int[] hiddenCores = hyper.method() == LearningMethod.BP ? coresOf(coreLayer, n - 1) :
            java.util.stream.IntStream.range(inputs.size(), inputs.size() + all.size()).toArray();
        if (hyper.method() == LearningMethod.BP)
        {
            // backward: d^l from each core of layer l to every core of layer l-1
            for (int c = 0; c < cores; c++)
            {
                final int l = coreLayer[c];
                if (l < 2 || l >= n)
                {
                    continue;
                }
                final int[] below = coresOf(coreLayer, l - 1);
                for (int j = 0; j < coreSize[c]; j++)
                {
                    final int port = coreSize[c] + j;
                    for (final int dst : below)
                    {
                        sb.route(c, port, dst, (l - 1) * sizes[l - 2] + coreLo[c] + j, 1);
                    }
                    costs[c].set(port, routing.multicast(c, below), withinTile(c, below), gradedBits,
                        MessageClass.GRADED, counters);
                }
            }
        }
        for (int q = 0; q < m; q++)
        {
            for (final int dst : hiddenCores)
            {
                sb.route(readoutCore, q, dst, (1 + (coreLayer[dst] - 1) * dirs) * sizes[coreLayer[dst] - 1] + q, 1);
            }
            costs[readoutCore].set(q, routing.multicast(readoutCore, hiddenCores), withinTile(readoutCore, hiddenCores),
                gradedBits, MessageClass.GRADED, counters);
        }
        if (hyper.method() != LearningMethod.DFA && hyper.method() != LearningMethod.BP)
        {
            for (int l = 1; l < n; l++)
            {
                final int[] layerCores = coresOf(coreLayer, l);
                final int fbAxon = (1 + (l - 1) * dirs) * sizes[l - 1];
                for (int kappa = 0; kappa < dirs; kappa++)
                {
                    for (int q = 0; q < m; q++)
                    {
                        final int port = (1 + (l - 1) * dirs + kappa) * m + q;
                        for (final int dst : layerCores)
                        {
                            sb.route(readoutCore, port, dst, fbAxon + m + kappa * m + q, 1);
                        }
                        costs[readoutCore].set(port, routing.multicast(readoutCore, layerCores),
                            withinTile(readoutCore, layerCores), gradedBits, MessageClass.GRADED, counters);
                    }
                }
            }
        }
        for (int l = 1; l < n && local; l++)
        {
            // local learning: e^{l,local} from the local readout of layer l to every core of layer l
            final int lr = readoutCore + l;
            final int[] layerCores = coresOf(coreLayer, l);
            for (int q = 0; q < m; q++)
            {
                for (final int dst : layerCores)
                {
                    sb.route(lr, q, dst, HiddenCore.LOCAL_ERROR_AXON + q, 1);
                }
                costs[lr].set(q, routing.multicast(lr, layerCores), withinTile(lr, layerCores), gradedBits,
                    MessageClass.GRADED, counters);
            }
        }
        messageBits = new int[] {spikeBits, gradedBits, spikeBits, burstBits};
        for (int i = 0; i < b.probeSpecs.size(); i++)
        {
            probes.add(wireProbe(b.probeSpecs.get(i), b.probeOutputs.get(i)));
        }
        // the cores' probe fields are set before build() starts the workers, which publishes them
        sim = sb.build();
    }

    /** Every core's distinct destination cores against the chip's fan-out limit. */
    private void checkFanOut(final int[] coreLayer, final int[] coreLo, final int n)
    {
        final int limit = chip.fanOutPerCore().value();
        final boolean bp = hyper.method() == LearningMethod.BP;
        for (int c = 0; c < coreLayer.length; c++)
        {
            final int l = coreLayer[c];
            final int fanOut;
            final int locals = localReadouts.size();
            if (l == n)
            {
                fanOut = bp ? coresOf(coreLayer, n - 1).length : coreLayer.length - inputs.size() - 1 - locals;
            }
            else if (l > n)
            {
                fanOut = coresOf(coreLayer, l - n).length;
            }
            else
            {
                fanOut = coresOf(coreLayer, l + 1).length + (l == 0 && coreLo[c] == 0 ? 1 + locals : 0) +
                    (bp && l >= 2 ? coresOf(coreLayer, l - 1).length : 0) + (l > 0 && locals > 0 ? 1 : 0);
            }
            if (fanOut > limit)
            {
                throw new IllegalArgumentException("core " + c + " (" + coreNames.get(c) + ") sends to fanOut=" +
                    fanOut + " cores but the chip allows fanOutPerCore=" + limit + " (chip " + chip.name() + ")");
            }
        }
    }

    /**
     * @param layer a hidden layer l in [1, N-1].
     * @return its local readout's weights R^l, {@code m x n_l} row-major, as the local readout core holds them;
     *         null without local learning.
     */
    public double[] localReadoutWeights(final int layer)
    {
        checkHidden(layer);
        return localReadouts.isEmpty() ? null : rowMajorR(layer, localReadouts.get(layer - 1).w);
    }

    /**
     * @param layer a hidden layer l in [1, N-1].
     * @return the copies of R^l that the cores of layer l keep (their transposed columns gathered), in the layout of
     *         {@link #localReadoutWeights}; null without local learning.
     */
    public double[] localReadoutCopy(final int layer)
    {
        checkHidden(layer);
        if (localReadouts.isEmpty())
        {
            return null;
        }
        final int m = sizes[sizes.length - 1];
        // each core holds its neurons' columns pre-major ([j][q]): laid side by side they are the readout's layout
        final double[] preMajor = new double[sizes[layer] * m];
        for (final HiddenCore h : hidden.get(layer - 1))
        {
            System.arraycopy(h.localFb, 0, preMajor, h.lo * m, h.k * m);
        }
        return rowMajorR(layer, preMajor);
    }

    /** R^l from its pre-major storage ({@code [i * m + q]}) to {@code m x n_l} row-major. */
    private double[] rowMajorR(final int layer, final double[] preMajor)
    {
        final int nPre = sizes[layer];
        final int m = sizes[sizes.length - 1];
        final double[] out = new double[m * nPre];
        gather(preMajor, nPre, 0, m, out);
        return out;
    }

    private void checkHidden(final int layer)
    {
        if (layer < 1 || layer > sizes.length - 2)
        {
            throw new IllegalArgumentException("layer=" + layer + " must be a hidden layer in [1, " +
                (sizes.length - 2) + "]");
        }
    }

    /**
     * Gives every core that holds the probed variable its own {@link ProbeBuffer} (single writer: the core's
     * worker), in core-id order.
     */
    private ProbeChannel wireProbe(final ProbeSpec spec, final ProbeSink out)
    {
        final int n = sizes.length - 1;
        final int layer = layerOf(spec.population());
        final String where = "probe " + spec.id() + ": ";
        if (layer < 0)
        {
            throw new IllegalArgumentException(where + "population=" + spec.population() + " is unknown (known: " +
                String.join(", ", populations()) + ")");
        }
        final boolean available = switch (spec.variable())
        {
            case SPIKES, TRACE -> layer < n;
            case U, WEIGHTS -> layer > 0;
        };
        if (!available)
        {
            throw new IllegalArgumentException(where + "variable=" + spec.variable().configName() + " is not " +
                "available for population " + spec.population() + " (available: " +
                String.join(", ", variables(spec.population())) + ")");
        }
        final int idSpace = spec.variable() == ProbeSpec.Variable.WEIGHTS ? sizes[layer - 1] * sizes[layer] :
            sizes[layer];
        if (spec.variable() != ProbeSpec.Variable.WEIGHTS && spec.neurons() != null && spec.neurons().length > 0 &&
            spec.neurons()[spec.neurons().length - 1] >= sizes[layer])
        {
            throw new IllegalArgumentException(where + "neuron " + spec.neurons()[spec.neurons().length - 1] +
                " must be < " + sizes[layer] + " (population " + spec.population() + " has " + sizes[layer] +
                " neurons)");
        }
        final List<ProbeBuffer> buffers = new ArrayList<>();
        final int steps = schedule.steps();
        switch (spec.variable())
        {
            case SPIKES ->
            {
                if (layer == 0)
                {
                    for (final InputCore in : inputs)
                    {
                        final ProbeBuffer pb = new ProbeBuffer(spec, sizes[layer], steps);
                        in.spikeProbe = ProbeFanOut.attach(in.spikeProbe, pb);
                        buffers.add(pb);
                    }
                }
                else
                {
                    for (final HiddenCore h : hidden.get(layer - 1))
                    {
                        final ProbeBuffer pb = new ProbeBuffer(spec, sizes[layer], steps);
                        h.spikeProbe = ProbeFanOut.attach(h.spikeProbe, pb);
                        buffers.add(pb);
                    }
                }
            }
            case U ->
            {
                if (layer == n)
                {
                    final ProbeBuffer pb = new ProbeBuffer(spec, sizes[layer], steps);
                    readout.uProbe = ProbeFanOut.attach(readout.uProbe, pb);
                    buffers.add(pb);
                }
                else
                {
                    for (final HiddenCore h : hidden.get(layer - 1))
                    {
                        final ProbeBuffer pb = new ProbeBuffer(spec, sizes[layer], steps);
                        h.uProbe = ProbeFanOut.attach(h.uProbe, pb);
                        buffers.add(pb);
                    }
                }
            }
            case TRACE ->
            {
                // ahat^L lives (whole) on every core of layer L+1; the first of them records it
                final ProbeBuffer pb = new ProbeBuffer(spec, sizes[layer], steps);
                if (layer + 1 == n)
                {
                    readout.traceProbe = ProbeFanOut.attach(readout.traceProbe, pb);
                }
                else
                {
                    final HiddenCore h = hidden.get(layer).get(0);
                    h.traceProbe = ProbeFanOut.attach(h.traceProbe, pb);
                }
                buffers.add(pb);
            }
            case WEIGHTS ->
            {
                final int nPre = sizes[layer - 1];
                final int nPost = sizes[layer];
                final int[] ids = spec.neurons() != null ? spec.neurons() :
                    java.util.stream.IntStream.range(0, idSpace).toArray();
                if (ids.length > 0 && ids[ids.length - 1] >= idSpace)
                {
                    throw new IllegalArgumentException(where + "synapse id " + ids[ids.length - 1] + " must be < " +
                        idSpace + " (" + nPre + " x " + nPost + " weights into " + spec.population() + ")");
                }
                if (layer == n)
                {
                    final ProbeBuffer pb = new ProbeBuffer(spec, idSpace, steps);
                    readout.weightProbe = ProbeFanOut.attach(readout.weightProbe, pb);
                    readout.weightProbeIds = ids.clone();
                    readout.weightProbeIndex = ids.clone(); // the readout holds W as [pre][post]: index = id
                    buffers.add(pb);
                }
                else
                {
                    for (final HiddenCore h : hidden.get(layer - 1))
                    {
                        final int[] mine = java.util.Arrays.stream(ids)
                            .filter(id -> id % nPost >= h.lo && id % nPost < h.lo + h.k).toArray();
                        final ProbeBuffer pb = new ProbeBuffer(spec, idSpace, steps);
                        h.weightProbe = ProbeFanOut.attach(h.weightProbe, pb);
                        h.weightProbeIds = mine;
                        h.weightProbeIndex = java.util.Arrays.stream(mine)
                            .map(id -> (id / nPost) * h.k + (id % nPost - h.lo)).toArray();
                        buffers.add(pb);
                    }
                }
            }
            default -> throw new IllegalStateException("unreachable");
        }
        return new ProbeChannel(out, buffers.toArray(new ProbeBuffer[0]));
    }

    /** @return the layer index of a population name ({@code input} 0, {@code hL} L, {@code readout} N), or -1. */
    private int layerOf(final String population)
    {
        final List<String> names = populations();
        return names.indexOf(population);
    }

    /** @return the population names in layer order: {@code input, h1, ..., readout}. */
    public List<String> populations()
    {
        return populationNames(sizes.length - 1);
    }

    /**
     * @param layers N, the number of weight layers.
     * @return {@code input, h1..h(N-1), readout}.
     */
    public static List<String> populationNames(final int layers)
    {
        final List<String> out = new ArrayList<>();
        out.add("input");
        for (int l = 1; l < layers; l++)
        {
            out.add("h" + l);
        }
        out.add("readout");
        return out;
    }

    /**
     * @param population a population name.
     * @return the variables a probe can record on it ({@link ProbeSpec}).
     */
    public static List<String> variables(final String population)
    {
        if ("input".equals(population))
        {
            return List.of("spikes", "trace");
        }
        if ("readout".equals(population))
        {
            return List.of("u", "weights");
        }
        return List.of("spikes", "u", "trace", "weights");
    }

    /**
     * One probe's per-core buffers and the host's sink. Drained by the host between samples: records are merged
     * by time, and within a time taken in core-id order, so the output is sorted by (time, neuron) and the same for
     * any number of workers. NOT thread safe: host thread only, after {@code runSteps} returned.
     */
    private static final class ProbeChannel
    {
        private final ProbeSink out;
        private final ProbeBuffer[] buffers;

        ProbeChannel(final ProbeSink out, final ProbeBuffer[] buffers)
        {
            this.out = out;
            this.buffers = buffers;
        }

        void drain()
        {
            while (true)
            {
                long time = Long.MAX_VALUE;
                for (final ProbeBuffer b : buffers)
                {
                    time = Math.min(time, b.headTime());
                }
                if (time == Long.MAX_VALUE)
                {
                    break;
                }
                for (final ProbeBuffer b : buffers)
                {
                    b.drainInto(time, out);
                }
            }
            for (final ProbeBuffer b : buffers)
            {
                b.clear();
            }
        }
    }

    private int withinTile(final int src, final int[] dsts)
    {
        return ChipPlumbing.withinTile(board, src, dsts);
    }

    private static int[] append(final int[] a, final int x)
    {
        final int[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = x;
        return out;
    }

    private static int ports(final int layer, final int k, final int n, final int m, final int directions)
    {
        if (layer == 0)
        {
            return k + 1;
        }
        if (layer < n)
        {
            return (1 + layer * directions) * k;
        }
        // the readout; a local readout sends only its error, on ports 0..m-1
        return layer == n ? (1 + (n - 1) * directions) * m : m;
    }

    private void checkCapabilities(final boolean fixedPoint)
    {
        if (!chip.supports(MessageKind.GRADED_SPIKE))
        {
            throw new IllegalArgumentException("chip " + chip.name() + ": the online MLP sends graded messages " +
                "(direct-current input, errors" + (hyper.method() == LearningMethod.DFA ? "" : ", FGT signals") +
                ") but the chip has no graded spikes (graded_payload_bits=0)");
        }
        final java.util.Set<PlasticityOp> needed = java.util.EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY);
        final boolean fgt = hyper.method() != LearningMethod.DFA && hyper.method() != LearningMethod.BP;
        if (fgt || fixedPoint)
        {
            needed.add(PlasticityOp.RANDOM);
        }
        final java.util.Set<PlasticityOp> missing = chip.missingOps(needed);
        if (!missing.isEmpty())
        {
            throw new IllegalArgumentException("chip " + chip.name() + ": the plasticity engine lacks " + missing +
                ", which the online MLP needs (" + (fgt ? "Rademacher draws, " : "") + (fixedPoint ?
                "stochastic rounding, " : "") + "multiply-accumulate)");
        }
    }

    /**
     * Trains on one sample (batch 1 SGD at its end).
     *
     * @param x     inputs in [0, 1], length {@code sizes[0]}.
     * @param label class index.
     * @return the prediction made during the sample (before the update).
     */
    @Override
    public int trainSample(final double[] x, final int label)
    {
        samplesTrained++;
        return runSample(x, label, true);
    }

    /**
     * Inference only: no errors are computed or sent.
     *
     * @param x inputs in [0, 1].
     * @return the predicted class.
     */
    @Override
    public int predict(final double[] x)
    {
        samplesInferred++;
        return runSample(x, 0, false);
    }

    private int runSample(final double[] x, final int label, final boolean learn)
    {
        ChipPlumbing.checkInput(x, sizes);
        ChipPlumbing.checkLabel(label, sizes);
        for (final InputCore in : inputs)
        {
            System.arraycopy(x, in.lo, in.x, 0, in.x.length);
            in.label = label;
        }
        for (final List<HiddenCore> layer : hidden)
        {
            for (final HiddenCore h : layer)
            {
                h.learning = learn;
            }
        }
        readout.learning = learn;
        for (final ReadoutCore lr : localReadouts)
        {
            lr.learning = learn;
        }
        sim.runSteps(schedule.sampleLength());
        for (final ProbeChannel p : probes)
        {
            p.drain();
        }
        return readout.prediction();
    }

    /** @return the cross-entropy summed over the steps of the last trained sample. */
    public double lastLoss()
    {
        return readout.lossSum;
    }

    @Override
    public double lastSampleLoss()
    {
        return readout.lossSum / hyper.steps();
    }

    @Override
    public int timeStepsPerSample()
    {
        return hyper.steps();
    }

    @Override
    public Map<String, Object> describe()
    {
        final Map<String, Object> info = new LinkedHashMap<>();
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", math.mode().name());
        m.put("surrogateMaxAbsError", math.surrogateMaxError());
        m.put("expMaxRelativeError", math.expMaxRelativeError());
        m.put("tableBitsPerCore", math.tableBits());
        info.put("algorithm", hyper.method().name());
        if (hyper.directions() > 1)
        {
            info.put("directions", hyper.directions());
        }
        if (hyper.localLoss() > 0)
        {
            info.put("localLoss", hyper.localLoss());
        }
        if (hyper.burst() != null)
        {
            info.put("burst", Map.of("windowSteps", hyper.burst().windowSteps(), "scale", hyper.burst().scale()));
        }
        info.put("engineMath", m);
        info.put("numberFormats", numerics.describe());
        return info;
    }

    /**
     * @param layer weight layer l (0-based: W^l connects layer l to l+1).
     * @return a copy of W^l as [post][pre], gathered from the cores that hold it (host read-out, for tests).
     */
    public double[] weights(final int layer)
    {
        final int nPre = sizes[layer];
        final int nPost = sizes[layer + 1];
        final double[] out = new double[nPost * nPre];
        if (layer == sizes.length - 2)
        {
            gather(readout.w, nPre, 0, nPost, out);
            return out;
        }
        for (final HiddenCore h : hidden.get(layer))
        {
            gatherRows(h.w, h.lo, out);
        }
        return out;
    }

    /**
     * @param layer hidden layer l, 1..N-1.
     * @return a copy of that layer's feedback matrix as [neuron][class] (DFA's B^l, FGT's M^l), gathered from the
     *         cores that hold it (host read-out); null for methods that keep none (BP's backward copies are
     *         weights, FGT (w/o m) stores no M).
     */
    public double[] feedback(final int layer)
    {
        checkHidden(layer);
        final LearningMethod method = hyper.method();
        if (method == LearningMethod.BP || method == LearningMethod.FGT_WO_M)
        {
            return null;
        }
        final int m = sizes[sizes.length - 1];
        final double[] out = new double[sizes[layer] * m];
        for (final HiddenCore h : hidden.get(layer - 1))
        {
            System.arraycopy(h.feedbackRows(), 0, out, h.lo * m, h.k * m);
        }
        return out;
    }

    /**
     * Host read-outs after every epoch (not counted): the Frobenius norm of each weight layer, and, for methods
     * with a feedback matrix, the angle between the last hidden layer's feedback ({@code M^{N-1}} or
     * {@code B^{N-1}}) and the transposed readout weights {@code W^{N-1 T}}. For FGT that angle measures how far
     * the momentum estimate lags and scatters around its target: with a linear readout the Jacobian it averages
     * is exactly {@code W^{N-1}}. For DFA it is the alignment of the readout with the fixed B.
     *
     * @return name to value, in a stable order.
     */
    @Override
    public Map<String, Double> epochDiagnostics()
    {
        final Map<String, Double> out = new LinkedHashMap<>();
        final int n = sizes.length - 1;
        final double[][] w = allWeights();
        for (int l = 0; l < n; l++)
        {
            double sq = 0.0;
            for (final double x : w[l])
            {
                sq += x * x;
            }
            out.put("|W^" + l + "| (Frobenius)", Math.sqrt(sq));
        }
        final double[] fb = feedback(n - 1);
        if (fb != null)
        {
            final String name = (hyper.method() == LearningMethod.DFA ? "B^" : "M^") + (n - 1) + " vs W^" + (n - 1) +
                " transposed, degrees";
            out.put(name, ChipPlumbing.feedbackAngleDegrees(w[n - 1], fb, sizes[n], sizes[n - 1]));
        }
        return out;
    }

    /**
     * Host write of every weight and bias into the cores' memories (between runs, like a chip's host interface
     * loading a model). For BP the symmetric backward copies are loaded with the same values. FGT's M and DFA's B
     * are left as they are.
     *
     * @param w W^l as [post][pre], l = 0..N-1.
     * @param b b^{l+1}.
     */
    public void loadWeights(final double[][] w, final double[][] b)
    {
        final int n = sizes.length - 1;
        if (w.length != n || b.length != n)
        {
            throw new IllegalArgumentException("loadWeights: need " + n + " weight layers and biases, got " + w.length +
                " and " + b.length);
        }
        for (int l = 0; l < n; l++)
        {
            if (w[l].length != sizes[l] * sizes[l + 1] || b[l].length != sizes[l + 1])
            {
                throw new IllegalArgumentException("loadWeights: layer " + l + " needs " + sizes[l + 1] + "x" +
                    sizes[l] + " weights and " + sizes[l + 1] + " biases");
            }
        }
        final int m = sizes[n];
        final int nPreOut = sizes[n - 1];
        for (int i = 0; i < nPreOut; i++)
        {
            for (int q = 0; q < m; q++)
            {
                readout.w[i * m + q] = w[n - 1][q * nPreOut + i];
            }
        }
        System.arraycopy(b[n - 1], 0, readout.b, 0, m);
        for (int l = 1; l < n; l++)
        {
            final int nPre = sizes[l - 1];
            for (final HiddenCore h : hidden.get(l - 1))
            {
                for (int i = 0; i < nPre; i++)
                {
                    for (int j = 0; j < h.k; j++)
                    {
                        h.w[i][j] = w[l - 1][(h.lo + j) * nPre + i];
                    }
                }
                System.arraycopy(b[l - 1], h.lo, h.b, 0, h.k);
                if (hyper.method() == LearningMethod.BP)
                {
                    final int width = sizes[l + 1];
                    for (int j = 0; j < h.k; j++)
                    {
                        for (int p = 0; p < width; p++)
                        {
                            h.feedback[j * width + p] = w[l][p * sizes[l] + h.lo + j];
                        }
                    }
                }
            }
        }
    }

    private static final long CHECKPOINT_MAGIC = 0x4E4D53494D434B32L; // "NMSIMCK2": with mini-batch accumulators

    /**
     * Writes a checkpoint between samples: the kernel's state (time, per-core random streams, sequences, counters),
     * every core's persistent memory (weights, biases, B / M / BP's copies, the gradient accumulators of a
     * mini-batch in progress) and the sample counts. Everything else a
     * core holds is reset at the start of each sample, so a chip built from the same description and restored with
     * {@link #readCheckpoint} continues bit-identically.
     *
     * @param out the stream.
     * @throws java.io.IOException on write failure.
     */
    @Override
    public void writeCheckpoint(final java.io.DataOutput out) throws java.io.IOException
    {
        CheckpointIo.writeHeader(out, CHECKPOINT_MAGIC, identity());
        CheckpointIo.writeKernelState(out, sim.saveState());
        for (final List<HiddenCore> layer : hidden)
        {
            for (final HiddenCore h : layer)
            {
                CheckpointIo.writeRows(out, h.w);
                CheckpointIo.writeDoubles(out, h.b);
                CheckpointIo.writeDoubles(out, h.feedbackRows());
                h.flushGradients();
                CheckpointIo.writeDoubles(out, h.gradW);
                CheckpointIo.writeDoubles(out, h.gradB);
                CheckpointIo.writeDoubles(out, h.gradFb);
                out.writeInt(h.pendingSamples);
            }
        }
        CheckpointIo.writeDoubles(out, readout.w);
        CheckpointIo.writeDoubles(out, readout.b);
        CheckpointIo.writeDoubles(out, readout.gradW);
        CheckpointIo.writeDoubles(out, readout.gradB);
        out.writeInt(readout.pendingSamples);
        // local learning only (the identity names it): the local readouts and the hidden cores' copies of R
        for (final ReadoutCore lr : localReadouts)
        {
            CheckpointIo.writeDoubles(out, lr.w);
            CheckpointIo.writeDoubles(out, lr.b);
            CheckpointIo.writeDoubles(out, lr.gradW);
            CheckpointIo.writeDoubles(out, lr.gradB);
            out.writeInt(lr.pendingSamples);
        }
        for (int l = 0; l < localReadouts.size(); l++)
        {
            for (final HiddenCore h : hidden.get(l))
            {
                CheckpointIo.writeDoubles(out, h.localFb);
                CheckpointIo.writeDoubles(out, h.gradLocal);
            }
        }
        out.writeLong(samplesTrained);
        out.writeLong(samplesInferred);
    }

    /**
     * Restores a checkpoint written by a chip of the same description (sizes, method, chip, number formats).
     *
     * @param in the stream.
     * @throws java.io.IOException on read failure, or when the checkpoint belongs to another description.
     */
    @Override
    public void readCheckpoint(final java.io.DataInput in) throws java.io.IOException
    {
        CheckpointIo.readHeader(in, CHECKPOINT_MAGIC, identity(), "not an nmsim chip checkpoint (bad magic)");
        sim.restoreState(CheckpointIo.readKernelState(in));
        for (final List<HiddenCore> layer : hidden)
        {
            for (final HiddenCore h : layer)
            {
                CheckpointIo.readRows(in, h.w, "w of " + h.layer + "[" + h.lo + "]");
                CheckpointIo.readDoubles(in, h.b, "b of " + h.layer + "[" + h.lo + "]");
                final double[] fbRows = new double[h.feedback.length];
                CheckpointIo.readDoubles(in, fbRows, "feedback of " + h.layer + "[" + h.lo + "]");
                h.loadFeedbackRows(fbRows);
                CheckpointIo.readDoubles(in, h.gradW, "gradient accumulators of " + h.layer + "[" + h.lo + "]");
                CheckpointIo.readDoubles(in, h.gradB, "bias accumulators of " + h.layer + "[" + h.lo + "]");
                CheckpointIo.readDoubles(in, h.gradFb, "BP copy accumulators of " + h.layer + "[" + h.lo + "]");
                h.pendingSamples = in.readInt();
                h.gradientsRestored();
            }
        }
        CheckpointIo.readDoubles(in, readout.w, "readout w");
        CheckpointIo.readDoubles(in, readout.b, "readout b");
        CheckpointIo.readDoubles(in, readout.gradW, "readout gradient accumulators");
        CheckpointIo.readDoubles(in, readout.gradB, "readout bias accumulators");
        readout.pendingSamples = in.readInt();
        for (int l = 0; l < localReadouts.size(); l++)
        {
            final ReadoutCore lr = localReadouts.get(l);
            final String name = "local readout r" + (l + 1);
            CheckpointIo.readDoubles(in, lr.w, name + " w");
            CheckpointIo.readDoubles(in, lr.b, name + " b");
            CheckpointIo.readDoubles(in, lr.gradW, name + " gradient accumulators");
            CheckpointIo.readDoubles(in, lr.gradB, name + " bias accumulators");
            lr.pendingSamples = in.readInt();
        }
        for (int l = 0; l < localReadouts.size(); l++)
        {
            for (final HiddenCore h : hidden.get(l))
            {
                CheckpointIo.readDoubles(in, h.localFb, "R copy of " + h.layer + "[" + h.lo + "]");
                CheckpointIo.readDoubles(in, h.gradLocal, "R copy accumulators of " + h.layer + "[" + h.lo + "]");
            }
        }
        samplesTrained = in.readLong();
        samplesInferred = in.readLong();
    }

    /** @return what a checkpoint must match: sizes, method, chip, number formats, engine math. */
    private String identity()
    {
        return java.util.Arrays.toString(sizes) + " " + hyper + " " + chip.name() + " " + numerics.describe() + " " +
            math.mode() + " cores=" + coreNames;
    }

    /** @return every weight layer, as {@link #weights(int)} gives it. */
    @Override
    public double[][] allWeights()
    {
        return ChipPlumbing.allWeights(sizes.length - 1, this::weights);
    }

    /** @return every bias vector, as {@link #biases(int)} gives it. */
    public double[][] allBiases()
    {
        final double[][] out = new double[sizes.length - 1][];
        for (int l = 0; l < out.length; l++)
        {
            out[l] = biases(l);
        }
        return out;
    }

    /** @return the layer sizes. */
    @Override
    public int[] sizes()
    {
        return sizes.clone();
    }

    /** @return the chip this network runs on. */
    @Override
    public ChipSpec chip()
    {
        return chip;
    }

    /** @return the hyperparameters. */
    public OnlineHyper hyper()
    {
        return hyper;
    }

    /**
     * @param layer weight layer l (0-based).
     * @return a copy of b^{l+1}.
     */
    public double[] biases(final int layer)
    {
        if (layer == sizes.length - 2)
        {
            return readout.b.clone();
        }
        final double[] out = new double[sizes[layer + 1]];
        for (final HiddenCore h : hidden.get(layer))
        {
            System.arraycopy(h.b, 0, out, h.lo, h.k);
        }
        return out;
    }

    /** @return every operation counted so far, summed over cores. */
    public OpCounts counts()
    {
        return ChipPlumbing.counts(sim);
    }

    /**
     * @param table the energy table (usually {@code EnergyTable.forChip(chip)} with overrides).
     * @return energy of everything run so far, with static energy over the simulated time.
     */
    @Override
    public EnergyReport energy(final EnergyTable table)
    {
        return ChipPlumbing.energy(table, counts(), sim, chip, board.chips());
    }

    /** @return synaptic memory use per core by kind, in core-id order, with the core's name. */
    public Map<String, Map<MemoryKind, Long>> memory()
    {
        final Map<String, Map<MemoryKind, Long>> out = new LinkedHashMap<>();
        for (int c = 0; c < budgets.size(); c++)
        {
            out.put(coreNames.get(c), budgets.get(c).usage());
        }
        return out;
    }

    /** @return the per-core budgets (capacity and use), in core-id order. */
    @Override
    public List<SynapticMemoryBudget> budgets()
    {
        return budgets;
    }

    /** @return names of the cores in id order, e.g. {@code h1[0:64)}. */
    @Override
    public List<String> coreNames()
    {
        return coreNames;
    }

    /** @return chips used. */
    @Override
    public int chips()
    {
        return board.chips();
    }

    /** @return how the surrogate and softmax are computed, and the error of their tables if any. */
    public EngineMath engineMath()
    {
        return math;
    }

    /** @return the number formats in use. */
    public ChipNumerics numerics()
    {
        return numerics;
    }

    /** @return the kernel steps one sample takes. */
    public long kernelStepsPerSample()
    {
        return schedule.sampleLength();
    }

    /** @return samples trained and inferred so far. */
    public long[] samples()
    {
        return new long[] {samplesTrained, samplesInferred};
    }

    /** @return the kernel simulation (for counters and step times). */
    @Override
    public Simulation simulation()
    {
        return sim;
    }

    /** @return messages sent so far by kind ({@link MessageClass} order: spike, graded, label), summed over cores. */
    @Override
    public List<MessageTally> messages()
    {
        return ChipPlumbing.messages(sim, k -> messageBits[k.ordinal()]);
    }

    /** @return the count of one operation kind. */
    public long count(final OpKind op)
    {
        return ChipPlumbing.counter(sim, op.counterName());
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

    /** Describes an MLP chip before it is built. NOT thread safe. */
    public static final class Builder
    {
        private final int[] sizes;
        private OnlineHyper hyper = OnlineHyper.paperDefaults(LearningMethod.FGT, 6, 1e-3);
        private ChipSpec chip;
        private StorageFormats formats = StorageFormats.defaults();
        private long seed = 1;
        private int workers = 1;
        private double[][] weights;
        private double[][] biases;
        private double[][] feedback;
        private Perturbations perturbations;
        private double[][] localWeights;
        private boolean fixedPoint;
        private boolean repeatInput = true;
        private int deferredSamples;
        private final List<ProbeSpec> probeSpecs = new ArrayList<>();
        private final List<ProbeSink> probeOutputs = new ArrayList<>();

        private Builder(final int[] sizes)
        {
            this.sizes = ChipPlumbing.checkedSizes(sizes);
        }

        public Builder hyper(final OnlineHyper h)
        {
            this.hyper = h;
            return this;
        }

        public Builder chip(final ChipSpec c)
        {
            this.chip = c;
            return this;
        }

        public Builder formats(final StorageFormats f)
        {
            this.formats = f;
            return this;
        }

        public Builder seed(final long s)
        {
            this.seed = s;
            return this;
        }

        public Builder workers(final int w)
        {
            this.workers = w;
            return this;
        }

        /**
         * @param w W^l as [post][pre] row-major, l = 0..N-1 (host-loaded initial weights).
         * @param b b^{l+1}.
         * @return this builder.
         */
        public Builder initialWeights(final double[][] w, final double[][] b)
        {
            this.weights = w;
            this.biases = b;
            return this;
        }

        /**
         * @param bMatrices DFA's B^l, or FGT's initial M^l (zero without), as [neuron][class] row-major, for hidden
         *                  layers l = 1..N-1 (FGT (w/o M) and BP keep no such matrix and ignore them).
         * @return this builder.
         */
        public Builder feedback(final double[][] bMatrices)
        {
            this.feedback = bMatrices;
            return this;
        }

        /**
         * @param fixed true to store every value in the chip's fixed-point formats ({@link ChipNumerics#fixedPoint}),
         *              false for float64 (the default).
         * @return this builder.
         */
        public Builder fixedPoint(final boolean fixed)
        {
            this.fixedPoint = fixed;
            return this;
        }

        /**
         * @param repeat true (the default) to have the input cores repeat steps 2..T of a sample without sending
         *               their messages again: the inputs are the same at every step (direct-current encoding), so
         *               layer 1 takes them from step 1's, and every message is still counted as sent and delivered
         *               ({@link org.nmsim.kernel.CoreContext#sendRepeat}). False sends every step's messages through
         *               the kernel. Results, counters and probes are the same either way; true is faster.
         * @return this builder.
         */
        public Builder repeatInput(final boolean repeat)
        {
            this.repeatInput = repeat;
            return this;
        }

        /**
         * Float64: how many samples' gradient products each hidden core defers before adding them to its
         * accumulators (0, the default: {@link HiddenCore#defaultDeferredSamples}). The results are the same bit for
         * bit for any value; for tests of that, and for measuring what deferring saves.
         */
        Builder deferredSamples(final int samples)
        {
            this.deferredSamples = samples;
            return this;
        }

        /**
         * Adds a probe. Its records reach {@code output} on the thread that calls {@link #trainSample} or
         * {@link #predict}, at the end of each sample, sorted by (time, neuron) for any worker count.
         *
         * @param spec   what to record; checked against the network when the chip is built.
         * @param output where the records go (e.g. a trace file writer).
         * @return this builder.
         */
        public Builder probe(final ProbeSpec spec, final ProbeSink output)
        {
            probeSpecs.add(java.util.Objects.requireNonNull(spec, "spec"));
            probeOutputs.add(java.util.Objects.requireNonNull(output, "output"));
            return this;
        }

        public Builder perturbations(final Perturbations p)
        {
            this.perturbations = p;
            return this;
        }

        /**
         * Initial local readout weights (local learning; tests), instead of the default uniform draw.
         *
         * @param r {@code r[l - 1]} is R^l of hidden layer l, {@code m x n_l} row-major ({@code r[q * n_l + i]}).
         * @return this builder.
         */
        public Builder initialLocalReadouts(final double[][] r)
        {
            this.localWeights = r;
            return this;
        }

        /** @return the chip, partitioned, placed and routed; fails naming the limit when it does not fit. */
        public MlpChip build()
        {
            if (chip == null)
            {
                throw new IllegalArgumentException("chip=null: a chip preset is required");
            }
            if (perturbations == null)
            {
                perturbations = Perturbations.coreStreams(seed);
            }
            return new MlpChip(this);
        }
    }
}
