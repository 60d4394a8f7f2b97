package org.nmsim.learning.sigprop;

import static org.nmsim.learning.ChipPlumbing.coresOf;
import static org.nmsim.learning.ChipPlumbing.gather;
import static org.nmsim.learning.ChipPlumbing.slice;
import static org.nmsim.learning.ChipPlumbing.uniform;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.nmsim.learning.MessageTally;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.PortCosts;
import org.nmsim.learning.StorageFormats;

/**
 * A fully connected spiking network trained on a simulated chip by forward signal propagation (paper 002, the
 * classification-layer version of Fig. 2b with the spiking variants of section VI), as described in
 * {@link org.nmsim.learning.sigprop}. Cores, in core-id order: pixel cores, the context core, hidden layers 1..N-1
 * (partitioned under the chip's compartment and synaptic-memory limits, one compartment per neuron and channel),
 * one loss core per hidden layer (FSP only) and the classification core; placed in id order on the chip mesh, every
 * send priced by its multicast tree's hops.
 *
 * <p>Threading: NOT thread safe; one controlling thread. The kernel runs the cores on its own workers.
 */
public final class SigpropChip implements OnChipLearner
{
    /** Kernel counter of synaptic events caused by target-channel spikes (already inside synop.binary). */
    public static final String TARGET_SYNOPS = "sigprop.synop.target";
    private static final long CHECKPOINT_MAGIC = 0x4E4D5347505250L;

    private final int[] sizes;
    private final SigpropHyper hyper;
    private final ChipSpec chip;
    private final Timing timing;
    private final Simulation sim;
    private final SigpropNumerics numerics;
    private final SigpropMath math;
    private final List<PixelCore> pixels = new ArrayList<>();
    private final ContextCore context;
    private final List<List<LayerCore>> hidden = new ArrayList<>();
    private final List<LossCore> losses = new ArrayList<>();
    private final ClassifierCore classifier;
    private final double loopEta;
    private final List<SynapticMemoryBudget> budgets = new ArrayList<>();
    private final List<String> coreNames = new ArrayList<>();
    private final BoardTopology board;
    private final int spikeBits;
    private final int gradedBits;
    private final int targets;
    private final int[] compartments;
    private final int[] exits;
    private final long[] exitCorrect;
    private long samplesTrained;
    private long samplesInferred;
    private double lastLoss = Double.NaN;

    private SigpropChip(final Builder bld)
    {
        sizes = bld.sizes.clone();
        hyper = bld.hyper;
        chip = bld.chip;
        final int n = sizes.length - 1;
        final int m = sizes[n];
        final boolean fsp = hyper.variant().forwardsTargets();
        final boolean loop = fsp && hyper.loop();
        targets = hyper.targetsOf(sizes[1]);
        timing = new Timing(n + 2, hyper.steps());
        checkCapabilities(bld.fixedPoint);
        math = SigpropMath.forChip(chip);
        numerics = bld.fixedPoint ? SigpropNumerics.fixedPoint(sizes, bld.formats,
            chip.gradedPayloadBits().value()) : SigpropNumerics.ideal(n);
        final StorageFormats f = bld.formats;
        chip.checkWeightFormat(new WeightFormat(f.weightBits(), true), "forward and target-generator weights " +
            "(network.weight_bits)");
        spikeBits = chip.messageFormat(MessageKind.BINARY_SPIKE).sizeBits();
        gradedBits = chip.messageFormat(MessageKind.GRADED_SPIKE).sizeBits();

        // initial weights: host-loaded (tests) or PyTorch's default bound (the hidden layers' times init_gain),
        // W^0..W^{N-1} then S, from the seed
        final SplitMix64 init = new SplitMix64(SplitMix64.mix(bld.seed ^ 0x5167L));
        final double[][] wFull = new double[n][];
        final double[][] bFull = new double[n][];
        for (int l = 0; l < n; l++)
        {
            final double gain = l < n - 1 ? bld.gain : 1.0;
            wFull[l] = bld.weights != null ? bld.weights[l].clone() : uniform(init, sizes[l + 1] * sizes[l],
                gain / Math.sqrt(sizes[l]));
            bFull[l] = bld.biases != null ? bld.biases[l].clone() : new double[sizes[l + 1]];
            quantize(wFull[l], numerics.weights()[l]);
            quantize(bFull[l], numerics.state());
        }
        final double[] sFull = bld.target != null ? bld.target.clone() : uniform(init, sizes[1] * m,
            1.0 / Math.sqrt(m));
        final double[] dFull = bld.targetBias != null ? bld.targetBias.clone() : new double[sizes[1]];
        quantize(sFull, numerics.target());
        quantize(dFull, numerics.state());

        // partition: slices of every population under the core limits, memory allocated from each core's budget
        final List<int[]> slices = new ArrayList<>();
        final int cpc = chip.compartmentsPerCore().value();
        final long capacity = chip.synapticMemoryBitsPerCore().value();
        for (final int[] sl : split(sizes[0], cpc))
        {
            slices.add(new int[] {0, sl[0], sl[1]});
            addBudget("input[" + sl[0] + ":" + (sl[0] + sl[1]) + ")", capacity);
        }
        slices.add(new int[] {-1, 0, m});
        addBudget("context[0:" + m + ")", capacity);
        for (int l = 1; l < n; l++)
        {
            final int nPre = sizes[l - 1];
            final int perNeuronCompartments = fsp ? m + 1 : 1;
            final long perNeuron = (long)nPre * (f.weightBits() + (fsp ? f.gradientBits() : 0)) +
                (l == 1 && fsp ? (long)m * (f.weightBits() + f.gradientBits()) : 0);
            final long fixed = fsp ? (long)(l == 1 ? nPre : (m + 1) * nPre) * f.traceBits() +
                math.tableBits(hyper.variant() == SigpropVariant.SURROGATE ? 2 : 0) : 0;
            final long byMemory = (capacity - fixed) / perNeuron;
            final int maxK = (int)Math.min(cpc / perNeuronCompartments, byMemory);
            final String name = "h" + l;
            if (maxK < 1)
            {
                throw new IllegalArgumentException("layer " + name + " does not fit chip " + chip.name() + ": one " +
                    "neuron needs " + (fixed + perNeuron) + " bits of synaptic memory (" + nPre + " inputs x (" +
                    f.weightBits() + " weight" + (fsp ? " + " + f.gradientBits() + " gradient" : "") + " bits)" +
                    (l == 1 && fsp ? " + target generator " + m + " x " + (f.weightBits() + f.gradientBits()) +
                    " bits" : "") + " + traces and tables " + fixed + " bits) and " + perNeuronCompartments +
                    " compartments; the core has " + capacity + " bits and " + cpc + " compartments");
            }
            final long fanIn = (l == 1 ? nPre + m + (loop ? m : 0) : (long)(fsp ? m + 1 : 1) * nPre) + (fsp ? m : 0);
            if (fanIn > chip.fanInPerCore().value())
            {
                throw new IllegalArgumentException("layer " + name + " does not fit chip " + chip.name() + ": each " +
                    "core needs fanIn=" + fanIn + " input axons (" + nPre + " presynaptic neurons x " +
                    (fsp && l > 1 ? m + 1 : 1) + " channels" + (fsp ? " + context and errors" : "") + ") but the " +
                    "core accepts fanInPerCore=" + chip.fanInPerCore().value());
            }
            for (final int[] sl : split(sizes[l], maxK))
            {
                slices.add(new int[] {l, sl[0], sl[1]});
                final String core = name + "[" + sl[0] + ":" + (sl[0] + sl[1]) + ")";
                final SynapticMemoryBudget bud = addBudget(core, capacity);
                bud.allocate(MemoryKind.WEIGHTS, core + " W", (long)nPre * sl[1] * f.weightBits());
                if (fsp)
                {
                    bud.allocate(MemoryKind.LEARNING_STATE, core + " W gradients", (long)nPre * sl[1] *
                        f.gradientBits());
                    bud.allocate(MemoryKind.TRACES, core + " presynaptic traces x " + (l == 1 ? 1 : m + 1) +
                        " channels", (long)(l == 1 ? 1 : m + 1) * nPre * f.traceBits());
                    final int rows = l == 1 ? targetRows(sl[0], sl[1]) : 0;
                    if (rows > 0)
                    {
                        bud.allocate(MemoryKind.WEIGHTS, core + " target generator S (" + rows + " x " + m + ")",
                            (long)rows * m * f.weightBits());
                        bud.allocate(MemoryKind.LEARNING_STATE, core + " S gradients",
                            (long)rows * m * f.gradientBits());
                    }
                    final long tables = math.tableBits(hyper.variant() == SigpropVariant.SURROGATE ? 2 : 0);
                    if (tables > 0)
                    {
                        bud.allocate(MemoryKind.OTHER, core + " g and g' lookup tables", tables);
                    }
                }
            }
        }
        if (fsp)
        {
            for (int l = 1; l < n; l++)
            {
                slices.add(new int[] {-2, l, m});
                final String core = "loss" + l + "[0:" + m + ")";
                final SynapticMemoryBudget bud = addBudget(core, capacity);
                if (math.tableBits(1) > 0)
                {
                    bud.allocate(MemoryKind.OTHER, core + " exp lookup table", math.tableBits(1));
                }
            }
        }
        slices.add(new int[] {n, 0, m});
        final String readoutName = "readout[0:" + m + ")";
        final SynapticMemoryBudget rb = addBudget(readoutName, capacity);
        final long readoutBits = (long)sizes[n - 1] * m * f.weightBits() + (long)sizes[n - 1] * f.traceBits() +
            math.tableBits(1);
        if (readoutBits > capacity || m > cpc)
        {
            throw new IllegalArgumentException("layer readout does not fit chip " + chip.name() + ": the " +
                "classification layer (" + m + " neurons, one core) needs " + readoutBits + " bits (" +
                sizes[n - 1] + " x " + m + " x " + f.weightBits() + " weight bits + spike counts + tables) and " + m +
                " compartments; the core has " + capacity + " bits and " + cpc + " compartments");
        }
        rb.allocate(MemoryKind.WEIGHTS, readoutName + " W", (long)sizes[n - 1] * m * f.weightBits());
        rb.allocate(MemoryKind.TRACES, readoutName + " spike counts", (long)sizes[n - 1] * f.traceBits());
        if (math.tableBits(1) > 0)
        {
            rb.allocate(MemoryKind.OTHER, readoutName + " exp lookup table", math.tableBits(1));
        }

        final int cores = slices.size();
        final int chips = (cores + chip.coresPerChip().value() - 1) / chip.coresPerChip().value();
        board = new BoardTopology(chip.mesh().value(), chips, 1);
        final XyMeshRouting routing = new XyMeshRouting(board);
        final SimulationBuilder sb = Simulation.builder(KernelConfig.stepped(bld.workers, bld.seed));
        final Counters counters = new Counters(sb);
        final int[] countId = new int[Traffic.values().length];
        final int[] hopsId = new int[Traffic.values().length];
        for (final Traffic t : Traffic.values())
        {
            countId[t.ordinal()] = sb.counter(t.countCounter());
            hopsId[t.ordinal()] = sb.counter(t.hopsCounter());
        }
        final int targetSynops = sb.counter(TARGET_SYNOPS);
        final PortCosts[] ports = new PortCosts[cores];
        final int[] kind = new int[cores];
        final int[] layerOf = new int[cores];
        final int[] loOf = new int[cores];
        final int[] kOf = new int[cores];
        final int channels = fsp ? m + 1 : 1;
        compartments = new int[cores];
        ContextCore ctxCore = null;
        ClassifierCore out = null;
        for (int c = 0; c < cores; c++)
        {
            final int[] sl = slices.get(c);
            kind[c] = sl[0];
            layerOf[c] = sl[0] >= 0 ? sl[0] : sl[0] == -2 ? sl[1] : -1;
            loOf[c] = sl[0] == -2 ? 0 : sl[1];
            kOf[c] = sl[2];
            final int k = sl[2];
            if (sl[0] == 0)
            {
                ports[c] = new PortCosts(k, counters);
                final PixelCore p = new PixelCore(sl[1], k, timing, ports[c], numerics);
                pixels.add(p);
                sb.addCore(p);
                compartments[c] = k;
            }
            else if (sl[0] == -1)
            {
                ports[c] = new PortCosts(2 * m + 1, counters);
                ctxCore = new ContextCore(m, timing, ports[c], loop);
                sb.addCore(ctxCore);
                compartments[c] = m;
            }
            else if (sl[0] == -2)
            {
                ports[c] = new PortCosts(m, counters);
                final LossCore lc = new LossCore(sl[1], m, numerics, math, timing, ports[c], counters);
                losses.add(lc);
                sb.addCore(lc);
                compartments[c] = m;
            }
            else if (sl[0] < n)
            {
                final int l = sl[0];
                final int lo = sl[1];
                final int nPre = sizes[l - 1];
                ports[c] = new PortCosts(channels * k + m, counters);
                final int rows = l == 1 ? targetRows(lo, k) : k;
                final double[] s = new double[l == 1 && fsp ? rows * m : 0];
                final double[] d = new double[l == 1 && fsp ? rows : 0];
                if (l == 1 && fsp)
                {
                    System.arraycopy(sFull, lo * m, s, 0, rows * m);
                    System.arraycopy(dFull, lo, d, 0, rows);
                }
                final LayerCore h = new LayerCore(l, lo, k, nPre, m, l == n - 1, rows, slice(wFull[l - 1], nPre, lo,
                    k), Arrays.copyOfRange(bFull[l - 1], lo, lo + k), s, d, hyper, numerics, math, timing, ports[c],
                    counters, targetSynops);
                while (hidden.size() < l)
                {
                    hidden.add(new ArrayList<>());
                }
                hidden.get(l - 1).add(h);
                sb.addCore(h);
                compartments[c] = k + (fsp ? m * rows : 0);
            }
            else
            {
                ports[c] = new PortCosts(m, counters);
                out = new ClassifierCore(n, sizes[n - 1], m, slice(wFull[n - 1], sizes[n - 1], 0, m),
                    bFull[n - 1].clone(), hyper, numerics, math, timing, ports[c], counters);
                sb.addCore(out);
                compartments[c] = m;
            }
        }
        context = ctxCore;
        classifier = out;
        if (bld.loopEta > 0.0 && !hyper.loop())
        {
            throw new IllegalArgumentException("loopEta=" + bld.loopEta + " needs the target-loop generator " +
                "(generator: loop)");
        }
        loopEta = bld.loopEta;
        out.loopEta = fsp ? bld.loopEta : 0.0;
        final int contextCore = pixels.size();
        final int readoutCore = cores - 1;
        final int[] lossCore = new int[n];
        for (int c = 0; c < cores; c++)
        {
            if (kind[c] == -2)
            {
                lossCore[layerOf[c]] = c;
            }
        }
        final int[] fanOut = new int[cores];
        // pixels: graded intensity to every core of layer 1
        final int[] layer1 = coresOf(kind, 1);
        for (int c = 0; c < contextCore; c++)
        {
            for (int j = 0; j < kOf[c]; j++)
            {
                for (final int dst : layer1)
                {
                    sb.route(c, j, dst, loOf[c] + j, 1);
                }
                setPort(ports[c], j, routing, c, layer1, gradedBits, Traffic.GRADED, countId, hopsId);
            }
            fanOut[c] = layer1.length;
        }
        // context: one-hot context spikes into S (layer-1 cores with target compartments); the label
        final int[] generators = IntStream.of(layer1).filter(c -> targetRows(loOf[c], kOf[c]) > 0).toArray();
        if (fsp)
        {
            for (int q = 0; q < m; q++)
            {
                for (final int dst : generators)
                {
                    sb.route(contextCore, q, dst, sizes[0] + q, 1);
                }
                setPort(ports[contextCore], q, routing, contextCore, generators, spikeBits, Traffic.TARGET, countId,
                    hopsId);
            }
        }
        final int[] labelDst = IntStream.range(0, cores).filter(c -> kind[c] == -2 || c == readoutCore).toArray();
        for (final int dst : labelDst)
        {
            sb.route(contextCore, m, dst, dst == readoutCore ? sizes[n - 1] : m, 1);
        }
        setPort(ports[contextCore], m, routing, contextCore, labelDst, spikeBits, Traffic.LABEL, countId, hopsId);
        if (loop)
        {
            // target-loop generator (eq. 11): the classification layer's output back to the context core and into S
            final int[] toContext = {contextCore};
            for (int p = 0; p < m; p++)
            {
                sb.route(readoutCore, p, contextCore, p, 1);
                setPort(ports[readoutCore], p, routing, readoutCore, toContext, gradedBits, Traffic.LOOP, countId,
                    hopsId);
                for (final int dst : generators)
                {
                    sb.route(contextCore, m + 1 + p, dst, sizes[0] + m + p, 1);
                }
                setPort(ports[contextCore], m + 1 + p, routing, contextCore, generators, gradedBits, Traffic.LOOP,
                    countId, hopsId);
            }
            fanOut[readoutCore] = 1;
        }
        fanOut[contextCore] = Math.max(generators.length, 0) + labelDst.length;
        // hidden: spikes of every channel to the next layer (input channel only into the readout); partial logits
        for (int c = 0; c < cores; c++)
        {
            final int l = kind[c];
            if (l < 1 || l >= n)
            {
                continue;
            }
            final int k = kOf[c];
            final int lo = loOf[c];
            final int nCur = sizes[l];
            final int[] next = l == n - 1 ? new int[] {readoutCore} : coresOf(kind, l + 1);
            final int rows = l == 1 ? targetRows(lo, k) : k;
            for (int ch = 0; ch < (l == n - 1 ? 1 : channels); ch++)
            {
                final int count = ch == 0 ? k : rows;
                for (int j = 0; j < count; j++)
                {
                    final int port = ch * k + j;
                    for (final int dst : next)
                    {
                        sb.route(c, port, dst, ch * nCur + lo + j, 1);
                    }
                    setPort(ports[c], port, routing, c, next, spikeBits, ch == 0 ? Traffic.SPIKE : Traffic.TARGET,
                        countId, hopsId);
                }
            }
            fanOut[c] = next.length;
            if (fsp && rows > 0)
            {
                final int[] lossDst = {lossCore[l]};
                for (int q = 0; q < m; q++)
                {
                    sb.route(c, channels * k + q, lossCore[l], q, 1);
                    setPort(ports[c], channels * k + q, routing, c, lossDst, gradedBits, Traffic.LOSS, countId,
                        hopsId);
                }
                fanOut[c]++;
            }
        }
        // loss cores: errors back to the layer's cores that have target compartments
        for (int l = 1; fsp && l < n; l++)
        {
            final int layer = l;
            final int[] dst = IntStream.of(coresOf(kind, l)).filter(c -> layer > 1 ||
                targetRows(loOf[c], kOf[c]) > 0).toArray();
            final int errBase = l == 1 ? sizes[0] + 2 * m : channels * sizes[l - 1];
            for (int q = 0; q < m; q++)
            {
                for (final int c : dst)
                {
                    sb.route(lossCore[l], q, c, errBase + q, 1);
                }
                setPort(ports[lossCore[l]], q, routing, lossCore[l], dst, gradedBits, Traffic.LOSS, countId, hopsId);
            }
            fanOut[lossCore[l]] = dst.length;
        }
        for (int c = 0; c < cores; c++)
        {
            if (fanOut[c] > chip.fanOutPerCore().value())
            {
                throw new IllegalArgumentException("core " + c + " (" + coreNames.get(c) + ") sends to fanOut=" +
                    fanOut[c] + " cores but the chip allows fanOutPerCore=" + chip.fanOutPerCore().value() +
                    " (chip " + chip.name() + ")");
            }
        }
        exits = new int[n - 1];
        Arrays.fill(exits, -1);
        exitCorrect = new long[n - 1];
        sim = sb.build();
    }

    private SynapticMemoryBudget addBudget(final String name, final long capacity)
    {
        final SynapticMemoryBudget b = new SynapticMemoryBudget(budgets.size(), capacity);
        budgets.add(b);
        coreNames.add(name);
        return b;
    }

    /** @return how many of layer-1 neurons [lo, lo + k) have a target compartment (the first r of the layer). */
    private int targetRows(final int lo, final int k)
    {
        return hyper.variant().forwardsTargets() ? Math.max(0, Math.min(k, targets - lo)) : 0;
    }

    private void setPort(final PortCosts p, final int port, final XyMeshRouting routing, final int src, final int[] dst,
        final int bits, final Traffic kind, final int[] countId, final int[] hopsId)
    {
        p.set(port, routing.multicast(src, dst), ChipPlumbing.withinTile(board, src, dst), bits,
            countId[kind.ordinal()], hopsId[kind.ordinal()]);
    }

    private static List<int[]> split(final int size, final int maxK)
    {
        final int cores = (size + maxK - 1) / maxK;
        final List<int[]> out = new ArrayList<>();
        int lo = 0;
        for (int c = 0; c < cores; c++)
        {
            final int k = size / cores + (c < size % cores ? 1 : 0);
            out.add(new int[] {lo, k});
            lo += k;
        }
        return out;
    }

    private static void quantize(final double[] a, final org.nmsim.chip.numeric.NumberFormat f)
    {
        for (int i = 0; i < a.length; i++)
        {
            a[i] = f.quantize(a[i], null);
        }
    }

    private void checkCapabilities(final boolean fixedPoint)
    {
        if (!chip.supports(MessageKind.GRADED_SPIKE))
        {
            throw new IllegalArgumentException("chip " + chip.name() + ": sigprop sends graded messages (direct-" +
                "current input" + (hyper.variant().forwardsTargets() ? ", partial logits and local-loss errors" :
                "") + ") but the chip has no graded spikes (graded_payload_bits=0)");
        }
        final Set<PlasticityOp> needed = EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY);
        if (fixedPoint)
        {
            needed.add(PlasticityOp.RANDOM);
        }
        final Set<PlasticityOp> missing = chip.missingOps(needed);
        if (!missing.isEmpty())
        {
            throw new IllegalArgumentException("chip " + chip.name() + ": the plasticity engine lacks " + missing +
                ", which sigprop needs (multiply-accumulate" + (fixedPoint ? ", stochastic rounding" : "") + ")");
        }
    }

    @Override
    public int trainSample(final double[] x, final int label)
    {
        samplesTrained++;
        final int p = run(x, label, true, hyper.variant().forwardsTargets());
        double loss = classifier.loss;
        for (final LossCore lc : losses)
        {
            loss += lc.lossSum / hyper.steps();
        }
        lastLoss = loss;
        for (int l = 0; l < exits.length && !losses.isEmpty(); l++)
        {
            exitCorrect[l] += exits[l] == label ? 1 : 0;
        }
        return p;
    }

    @Override
    public int predict(final double[] x)
    {
        samplesInferred++;
        return run(x, 0, false, hyper.exitEval() && hyper.variant().forwardsTargets());
    }

    private int run(final double[] x, final int label, final boolean learn, final boolean withTargets)
    {
        ChipPlumbing.checkInput(x, sizes);
        final int m = sizes[sizes.length - 1];
        ChipPlumbing.checkLabel(label, sizes);
        for (final PixelCore p : pixels)
        {
            System.arraycopy(x, p.lo, p.x, 0, p.x.length);
        }
        context.label = label;
        context.learning = learn;
        context.targets = withTargets;
        for (final List<LayerCore> layer : hidden)
        {
            for (final LayerCore h : layer)
            {
                h.learning = learn;
                h.targets = withTargets;
            }
        }
        for (final LossCore lc : losses)
        {
            lc.learning = learn;
        }
        classifier.learning = learn;
        classifier.targets = withTargets;
        sim.runSteps(timing.sampleLength());
        for (int l = 0; l < losses.size(); l++)
        {
            exits[l] = withTargets ? losses.get(l).prediction() : -1;
        }
        return classifier.prediction;
    }

    /** @return the last sample's early-exit prediction of every hidden layer (eq. 8); -1 where targets were off. */
    public int[] earlyExits()
    {
        return exits.clone();
    }

    /** @return per hidden layer, the training samples whose early-exit prediction was right. */
    public long[] earlyExitCorrect()
    {
        return exitCorrect.clone();
    }

    /** @return per hidden layer, the last trained sample's local loss L_pred, averaged over the steps. */
    public double[] layerLosses()
    {
        final double[] out = new double[losses.size()];
        for (int l = 0; l < out.length; l++)
        {
            out[l] = losses.get(l).lossSum / hyper.steps();
        }
        return out;
    }

    /** @return the classification layer's loss of the last trained sample (NaN for inference). */
    public double readoutLoss()
    {
        return classifier.loss;
    }

    /** @return the sum of the classification loss and every layer's step-averaged local loss, last sample. */
    @Override
    public double lastSampleLoss()
    {
        return lastLoss;
    }

    /**
     * @param layer weight layer l (0-based: W^l connects layer l to l+1).
     * @return a copy of W^l as [post][pre], gathered from the cores that hold it (host read-out).
     */
    public double[] weights(final int layer)
    {
        final int nPre = sizes[layer];
        final int nPost = sizes[layer + 1];
        final double[] out = new double[nPost * nPre];
        if (layer == sizes.length - 2)
        {
            gather(classifier.w, nPre, 0, nPost, out);
            return out;
        }
        for (final LayerCore h : hidden.get(layer))
        {
            gather(h.w, nPre, h.lo, h.k, out);
        }
        return out;
    }

    /**
     * @param layer weight layer l.
     * @return a copy of b^{l+1}.
     */
    public double[] biases(final int layer)
    {
        if (layer == sizes.length - 2)
        {
            return classifier.b.clone();
        }
        final double[] out = new double[sizes[layer + 1]];
        for (final LayerCore h : hidden.get(layer))
        {
            System.arraycopy(h.b, 0, out, h.lo, h.k);
        }
        return out;
    }

    /** @return S as [neuron][class] for the first r layer-1 neurons (r x m), gathered from layer 1's cores. */
    public double[] targetWeights()
    {
        final int m = sizes[sizes.length - 1];
        final double[] out = new double[targets * m];
        for (final LayerCore h : hidden.get(0))
        {
            if (h.s.length > 0)
            {
                System.arraycopy(h.s, 0, out, h.lo * m, h.s.length);
            }
        }
        return hyper.variant().forwardsTargets() ? out : new double[0];
    }

    /** @return d, the target generator's biases, for the first r layer-1 neurons. */
    public double[] targetBiases()
    {
        final double[] out = new double[targets];
        for (final LayerCore h : hidden.get(0))
        {
            if (h.d.length > 0)
            {
                System.arraycopy(h.d, 0, out, h.lo, h.d.length);
            }
        }
        return hyper.variant().forwardsTargets() ? out : new double[0];
    }

    @Override
    public double[][] allWeights()
    {
        return ChipPlumbing.allWeights(sizes.length - 1, this::weights);
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

    /** @return the hyperparameters. */
    public SigpropHyper hyper()
    {
        return hyper;
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

    /** @return compartments used per core, in core-id order (a hidden neuron uses one per channel it has). */
    public int[] compartments()
    {
        return compartments.clone();
    }

    /**
     * @param kind a memory kind.
     * @return bits of that kind allocated over all cores (FEEDBACK is zero: sigprop has no feedback pathway).
     */
    public long memoryBits(final MemoryKind kind)
    {
        long sum = 0;
        for (final SynapticMemoryBudget b : budgets)
        {
            sum += b.usage(kind);
        }
        return sum;
    }

    @Override
    public int chips()
    {
        return board.chips();
    }

    /** @return messages sent so far by {@link Traffic} kind: spike, target, graded, loss, label. */
    @Override
    public List<MessageTally> messages()
    {
        final List<MessageTally> out = new ArrayList<>();
        for (final Traffic t : Traffic.values())
        {
            out.add(new MessageTally(t.kindName(), t.graded() ? gradedBits : spikeBits, counter(t.countCounter()),
                counter(t.hopsCounter())));
        }
        return out;
    }

    /**
     * @param name a kernel counter name (an {@link OpKind} counter, {@code msg.<kind>}, {@link #TARGET_SYNOPS}).
     * @return its total over cores.
     */
    public long counter(final String name)
    {
        return ChipPlumbing.counter(sim, name);
    }

    /** @return every operation counted so far, summed over cores. */
    public OpCounts counts()
    {
        return ChipPlumbing.counts(sim);
    }

    @Override
    public EnergyReport energy(final EnergyTable table)
    {
        return ChipPlumbing.energy(table, counts(), sim, chip, board.chips());
    }

    /** @return the kernel steps one sample takes. */
    public long kernelStepsPerSample()
    {
        return timing.sampleLength();
    }

    @Override
    public Map<String, Object> describe()
    {
        final Map<String, Object> info = new LinkedHashMap<>();
        info.put("algorithm", hyper.variant().method());
        info.put("steps", hyper.steps());
        info.put("vth", hyper.vth());
        info.put("eta", hyper.eta());
        info.put("etaReadout", hyper.etaReadout());
        info.put("targetSize", targets);
        info.put("targetGrad", hyper.targetGrad());
        info.put("generator", !hyper.loop() ? "target-only (eq. 1)" : loopEta > 0.0 ? "target-loop with error " +
            "integration (eq. 12, loop_eta " + loopEta + ")" : "target-loop (eq. 11)");
        info.put("targetTransport", "second channel: one compartment per neuron and class, target spikes on the " +
            "input channel's routes and synapses");
        info.put("feedbackMemoryBits", memoryBits(MemoryKind.FEEDBACK));
        final Map<String, Object> mm = new LinkedHashMap<>();
        mm.put("mode", math.mode().name());
        mm.put("surrogateMaxAbsError", math.surrogateMaxError());
        info.put("engineMath", mm);
        info.put("numberFormats", numerics.describe());
        if (samplesTrained > 0 && !losses.isEmpty())
        {
            final List<Double> acc = new ArrayList<>();
            for (final long c : exitCorrect)
            {
                acc.add((double)c / samplesTrained);
            }
            info.put("earlyExitTrainAccuracy", acc);
        }
        return info;
    }

    @Override
    public void writeCheckpoint(final DataOutput out) throws IOException
    {
        CheckpointIo.writeHeader(out, CHECKPOINT_MAGIC, identity());
        CheckpointIo.writeKernelState(out, sim.saveState());
        for (final List<LayerCore> layer : hidden)
        {
            for (final LayerCore h : layer)
            {
                CheckpointIo.writeDoubles(out, h.w);
                CheckpointIo.writeDoubles(out, h.b);
                CheckpointIo.writeDoubles(out, h.s);
                CheckpointIo.writeDoubles(out, h.d);
            }
        }
        CheckpointIo.writeDoubles(out, classifier.w);
        CheckpointIo.writeDoubles(out, classifier.b);
        out.writeLong(samplesTrained);
        out.writeLong(samplesInferred);
        CheckpointIo.writeLongs(out, exitCorrect);
    }

    @Override
    public void readCheckpoint(final DataInput in) throws IOException
    {
        CheckpointIo.readHeader(in, CHECKPOINT_MAGIC, identity(), "not a sigprop chip checkpoint (bad magic)");
        sim.restoreState(CheckpointIo.readKernelState(in));
        for (final List<LayerCore> layer : hidden)
        {
            for (final LayerCore h : layer)
            {
                CheckpointIo.readDoubles(in, h.w, "w of h" + h.layer + "[" + h.lo + "]");
                CheckpointIo.readDoubles(in, h.b, "b of h" + h.layer + "[" + h.lo + "]");
                CheckpointIo.readDoubles(in, h.s, "S of h" + h.layer + "[" + h.lo + "]");
                CheckpointIo.readDoubles(in, h.d, "d of h" + h.layer + "[" + h.lo + "]");
            }
        }
        CheckpointIo.readDoubles(in, classifier.w, "readout w");
        CheckpointIo.readDoubles(in, classifier.b, "readout b");
        samplesTrained = in.readLong();
        samplesInferred = in.readLong();
        final long[] ec = CheckpointIo.readLongs(in);
        System.arraycopy(ec, 0, exitCorrect, 0, Math.min(ec.length, exitCorrect.length));
    }

    private String identity()
    {
        return Arrays.toString(sizes) + " " + hyper + " " + chip.name() + " " + numerics.describe() + " " +
            math.mode() + " cores=" + coreNames + (loopEta > 0.0 ? " loopEta=" + loopEta : "");
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

    /** Describes a sigprop chip before it is built. NOT thread safe. */
    public static final class Builder
    {
        private final int[] sizes;
        private SigpropHyper hyper = SigpropHyper.paperDefaults(SigpropVariant.SURROGATE);
        private ChipSpec chip;
        private StorageFormats formats = StorageFormats.defaults();
        private boolean fixedPoint;
        private long seed = 1;
        private int workers = 1;
        private double gain = 1.0;
        private double loopEta;
        private double[][] weights;
        private double[][] biases;
        private double[] target;
        private double[] targetBias;

        private Builder(final int[] sizes)
        {
            if (sizes == null || sizes.length < 3)
            {
                throw new IllegalArgumentException("sizes=" + Arrays.toString(sizes) + " must list input, at least " +
                    "one hidden layer and the classes");
            }
            this.sizes = ChipPlumbing.checkedSizes(sizes);
        }

        /**
         * @param g gain of the hidden layers' initial weights: uniform in {@code +-g / sqrt(fan-in)} (1: PyTorch's
         *          default; the classification layer and S keep gain 1). Without batch normalisation a gain above 1
         *          keeps the deeper layers spiking at threshold 1.0 (the shallow baseline's).
         * @return this builder.
         */
        public Builder initGain(final double g)
        {
            this.gain = ChipPlumbing.checkedGain(g);
            return this;
        }

        /**
         * @param eta eq. 12's error integration on the target loop, in [0, 1] (0, the default: eq. 11's plain loop);
         *            only with the target-loop generator.
         * @return this builder.
         */
        public Builder loopEta(final double eta)
        {
            if (!(eta >= 0.0 && eta <= 1.0))
            {
                throw new IllegalArgumentException("loopEta=" + eta + " must be in [0, 1]");
            }
            this.loopEta = eta;
            return this;
        }

        /**
         * @param h the hyperparameters.
         * @return this builder.
         */
        public Builder hyper(final SigpropHyper h)
        {
            this.hyper = h;
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
            this.formats = f;
            return this;
        }

        /**
         * @param fixed true for the chip's fixed-point formats, false for float64.
         * @return this builder.
         */
        public Builder fixedPoint(final boolean fixed)
        {
            this.fixedPoint = fixed;
            return this;
        }

        /**
         * @param s the seed of every draw.
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
         * @param w   W^l as [post][pre] row-major, l = 0..N-1.
         * @param b   b^{l+1}.
         * @param s   S as [neuron][class] for all n1 layer-1 neurons (rows j >= r are unused).
         * @param d   d, n1 target biases.
         * @return this builder.
         */
        public Builder initialWeights(final double[][] w, final double[][] b, final double[] s, final double[] d)
        {
            this.weights = w;
            this.biases = b;
            this.target = s;
            this.targetBias = d;
            return this;
        }

        /** @return the chip, partitioned, placed and routed; fails naming the limit when it does not fit. */
        public SigpropChip build()
        {
            if (chip == null)
            {
                throw new IllegalArgumentException("chip=null: a chip preset is required");
            }
            if (hyper.targetSize() > sizes[1])
            {
                throw new IllegalArgumentException("targetSize=" + hyper.targetSize() + " must be <= the first " +
                    "hidden layer's size " + sizes[1]);
            }
            return new SigpropChip(this);
        }
    }
}
