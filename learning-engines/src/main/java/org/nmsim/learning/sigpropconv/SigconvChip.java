package org.nmsim.learning.sigpropconv;

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

import org.nmsim.chip.energy.EnergyReport;
import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.energy.OpCounts;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.memory.SynapticMemoryBudget;
import org.nmsim.chip.memory.WeightFormat;
import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.noc.BoardTopology;
import org.nmsim.chip.noc.XyMeshRouting;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.PlasticityOp;
import org.nmsim.kernel.KernelConfig;
import org.nmsim.kernel.Simulation;
import org.nmsim.kernel.SimulationBuilder;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.CheckpointIo;
import org.nmsim.learning.ChipNumerics;
import org.nmsim.learning.ChipPlumbing;
import org.nmsim.learning.Counters;
import org.nmsim.learning.MessageTally;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.PortCosts;
import org.nmsim.learning.StorageFormats;
import org.nmsim.learning.sigprop.AdamMoments;
import org.nmsim.learning.sigprop.ClassifierCore;
import org.nmsim.learning.sigprop.ContextCore;
import org.nmsim.learning.sigprop.LossCore;
import org.nmsim.learning.sigprop.PixelCore;
import org.nmsim.learning.sigprop.SigpropHyper;
import org.nmsim.learning.sigprop.SigpropMath;
import org.nmsim.learning.sigprop.SigpropNumerics;
import org.nmsim.learning.sigprop.SigpropVariant;
import org.nmsim.learning.sigprop.Timing;

/**
 * The convolutional spiking network of paper 002 section VI trained on a simulated chip by forward signal
 * propagation, as described in {@link org.nmsim.learning.sigpropconv}. Cores, in core-id order: pixel cores, the
 * context core, hidden layers 1..L+1 (conv layers as ranges of whole 2x2 pooling blocks, then the fc hidden layer as
 * ranges of neurons, partitioned under the chip's compartment and synaptic-memory limits with m + 1 compartments per
 * neuron), one loss core per hidden layer (FSP only), the classification core; placed in id order on the chip mesh,
 * every send priced by its multicast tree.
 *
 * <p>Threading: NOT thread safe; one controlling thread. The kernel runs the cores on its own workers.
 */
public final class SigconvChip implements OnChipLearner
{
    private static final long CHECKPOINT_MAGIC = 0x4E4D5347434E56L;

    private final SigconvArchitecture arch;
    private final SigpropHyper hyper;
    private final ChipSpec chip;
    private final Timing timing;
    private final Simulation sim;
    private final SigpropNumerics numerics;
    private final SigpropMath math;
    private final List<PixelCore> pixels = new ArrayList<>();
    private final ContextCore context;
    private final List<List<SigconvLayerCore>> hidden = new ArrayList<>();
    private final List<LossCore> losses = new ArrayList<>();
    private final ClassifierCore classifier;
    private final List<SynapticMemoryBudget> budgets = new ArrayList<>();
    private final List<String> coreNames = new ArrayList<>();
    private final BoardTopology board;
    private final int spikeBits;
    private final int gradedBits;
    private final AdamMoments.Config adam;
    private final SigconvNorm norm;
    private final int cosineEpochs;
    private int epochsDone;
    private double lastLoss = Double.NaN;
    private int[] ranks;

    private SigconvChip(final Builder bld)
    {
        arch = bld.arch;
        hyper = bld.hyper;
        chip = bld.chip;
        adam = bld.adam;
        norm = bld.norm;
        cosineEpochs = bld.cosineEpochs;
        final int nW = arch.weightLayers();
        final int hid = arch.depth() + 1;
        final int m = arch.classes();
        final boolean fsp = hyper.variant().forwardsTargets();
        final int ch = fsp ? m + 1 : 1;
        timing = new Timing(nW + 2, hyper.steps());
        checkCapabilities(bld.fixedPoint);
        math = SigpropMath.forChip(chip);
        final int[] fanIn = new int[nW + 1];
        for (int l = 1; l <= nW; l++)
        {
            fanIn[l - 1] = inputsPerNeuron(l);
        }
        fanIn[nW] = m;
        numerics = bld.fixedPoint ? fixedPoint(fanIn, bld.formats, chip.gradedPayloadBits().value(),
            hyper.variant()) : SigpropNumerics.ideal(nW);
        final StorageFormats f = bld.formats;
        chip.checkWeightFormat(new WeightFormat(f.weightBits(), true), "conv, fc and target-generator weights " +
            "(network.weight_bits)");
        spikeBits = chip.messageFormat(MessageKind.BINARY_SPIKE).sizeBits();
        gradedBits = chip.messageFormat(MessageKind.GRADED_SPIKE).sizeBits();

        // parameters: host-loaded (tests) or PyTorch-style uniform bounds from the seed
        final SplitMix64 init = new SplitMix64(SplitMix64.mix(bld.seed ^ 0x51C0L));
        final double[][] wFull = new double[nW][];
        final double[][] bFull = new double[nW][];
        for (int l = 1; l <= nW; l++)
        {
            final int size = l <= arch.depth() ? arch.conv(l).cout() * arch.conv(l).kernel() : l == hid ?
                arch.fc() * arch.fcInputs() : m * arch.fc();
            final int biases = l <= arch.depth() ? arch.conv(l).cout() : l == hid ? arch.fc() : m;
            wFull[l - 1] = bld.weights != null ? bld.weights[l - 1].clone() : uniform(init, size,
                (l < nW ? bld.gain : 1.0) / Math.sqrt(inputsPerNeuron(l)));
            bFull[l - 1] = bld.biases != null ? bld.biases[l - 1].clone() : new double[biases];
            if (wFull[l - 1].length != size || bFull[l - 1].length != biases)
            {
                throw new IllegalArgumentException("initialWeights: layer " + l + " has " + wFull[l - 1].length +
                    " weights and " + bFull[l - 1].length + " biases; the architecture needs " + size + " and " +
                    biases);
            }
            quantize(wFull[l - 1], numerics.weights()[l - 1]);
            quantize(bFull[l - 1], numerics.state());
        }
        final int n1 = arch.conv(1).cout() * arch.conv(1).hin() * arch.conv(1).win();
        final double[] sFull = bld.target != null ? bld.target.clone() : uniform(init, n1 * m, 1.0 / Math.sqrt(m));
        final double[] dFull = bld.targetBias != null ? bld.targetBias.clone() : new double[n1];
        quantize(sFull, numerics.target());
        quantize(dFull, numerics.state());

        // partition
        final int cpc = chip.compartmentsPerCore().value();
        final long capacity = chip.synapticMemoryBitsPerCore().value();
        final List<int[]> slices = new ArrayList<>();
        for (final int[] sl : split(arch.inputs(), cpc))
        {
            slices.add(new int[] {0, sl[0], sl[0] + sl[1]});
        }
        slices.add(new int[] {-1, 0, m});
        final int[][][] plans = new int[hid + 1][][];
        ranks = new int[hid + 1];
        for (int l = 1; l <= hid; l++)
        {
            plans[l] = plan(l, cpc, capacity, f, fsp, ch);
            for (final int[] r : plans[l])
            {
                slices.add(new int[] {l, r[0], r[1]});
            }
        }
        if (fsp)
        {
            for (int l = 1; l <= hid; l++)
            {
                slices.add(new int[] {-2, l, m});
            }
        }
        slices.add(new int[] {nW, 0, m});
        final int cores = slices.size();
        final int chips = (cores + chip.coresPerChip().value() - 1) / chip.coresPerChip().value();
        board = new BoardTopology(chip.mesh().value(), chips, 1);
        final XyMeshRouting routing = new XyMeshRouting(board);
        final SimulationBuilder sb = Simulation.builder(KernelConfig.stepped(bld.workers, bld.seed));
        final Counters counters = new Counters(sb);
        final int[] countId = new int[SigconvTraffic.values().length];
        final int[] hopsId = new int[SigconvTraffic.values().length];
        for (final SigconvTraffic t : SigconvTraffic.values())
        {
            countId[t.ordinal()] = sb.counter(t.countCounter());
            hopsId[t.ordinal()] = sb.counter(t.hopsCounter());
        }
        final PortCosts[] ports = new PortCosts[cores];
        final int[] kind = new int[cores];
        final SigconvLayerCore[] layerCore = new SigconvLayerCore[cores];
        final int[] lossCore = new int[hid + 1];
        ContextCore ctxCore = null;
        ClassifierCore out = null;
        for (int l = 0; l < hid; l++)
        {
            hidden.add(new ArrayList<>());
        }
        for (int c = 0; c < cores; c++)
        {
            final int[] sl = slices.get(c);
            kind[c] = sl[0];
            if (sl[0] == 0)
            {
                final int k = sl[2] - sl[1];
                ports[c] = new PortCosts(k, counters);
                final PixelCore p = new PixelCore(sl[1], k, timing, ports[c], numerics);
                pixels.add(p);
                sb.addCore(p);
                addBudget("input[" + sl[1] + ":" + sl[2] + ")", capacity);
            }
            else if (sl[0] == -1)
            {
                ports[c] = new PortCosts(2 * m + 1, counters);
                ctxCore = new ContextCore(m, timing, ports[c], false);
                sb.addCore(ctxCore);
                addBudget("context[0:" + m + ")", capacity);
            }
            else if (sl[0] == -2)
            {
                ports[c] = new PortCosts(m, counters);
                final LossCore lc = new LossCore(sl[1], m, numerics, math, timing, ports[c], counters);
                losses.add(lc);
                lossCore[sl[1]] = c;
                sb.addCore(lc);
                final SynapticMemoryBudget bud = addBudget("loss" + sl[1] + "[0:" + m + ")", capacity);
                if (math.tableBits(1) > 0)
                {
                    bud.allocate(MemoryKind.OTHER, "loss" + sl[1] + " exp lookup table", math.tableBits(1));
                }
            }
            else if (sl[0] < nW)
            {
                layerCore[c] = buildLayerCore(sl[0], sl[1], sl[2], plans[sl[0]], wFull, bFull, sFull, dFull,
                    counters, bld.seed, ports, c, f, capacity);
                hidden.get(sl[0] - 1).add(layerCore[c]);
                sb.addCore(layerCore[c]);
            }
            else
            {
                ports[c] = new PortCosts(m, counters);
                out = new ClassifierCore(nW, arch.fc(), m, slice(wFull[nW - 1], arch.fc(), 0, m),
                    bFull[nW - 1].clone(), hyper, numerics, math, timing, ports[c], counters);
                sb.addCore(out);
                final String name = "readout[0:" + m + ")";
                final SynapticMemoryBudget rb = addBudget(name, capacity);
                rb.allocate(MemoryKind.WEIGHTS, name + " W", (long)arch.fc() * m * f.weightBits());
                if (adam != null)
                {
                    out.useAdam(adam);
                    rb.allocate(MemoryKind.LEARNING_STATE, name + " Adam moments m, v of W and b",
                        (long)(arch.fc() + 1) * m * AdamMoments.bitsPerWeight(f.gradientBits()));
                }
                rb.allocate(MemoryKind.TRACES, name + " spike counts", (long)arch.fc() * f.traceBits());
                if (math.tableBits(1) > 0)
                {
                    rb.allocate(MemoryKind.OTHER, name + " exp lookup table", math.tableBits(1));
                }
            }
        }
        context = ctxCore;
        classifier = out;
        final int contextCore = pixels.size();
        final int readoutCore = cores - 1;
        final int[][] layerCores = new int[hid + 2][];
        for (int l = 1; l <= hid; l++)
        {
            final int layer = l;
            layerCores[l] = java.util.stream.IntStream.range(0, cores).filter(c -> kind[c] == layer).toArray();
        }
        // pixels: graded intensity to the layer-1 cores whose trace window holds its row
        final SigconvArchitecture.Conv c1 = arch.conv(1);
        for (int c = 0; c < contextCore; c++)
        {
            final PixelCore p = pixels.get(c);
            for (int j = 0; j < p.x.length; j++)
            {
                final int i = p.lo + j;
                final int[] dst = needing(layerCores[1], layerCore, i % (c1.hin() * c1.win()) / c1.win());
                for (final int t : dst)
                {
                    sb.route(c, j, t, i, 1);
                }
                setPort(ports[c], j, routing, c, dst, gradedBits, SigconvTraffic.GRADED, countId, hopsId);
            }
        }
        // context: one-hot spikes into S on every layer-1 core; the label to the loss cores and the classifier
        if (fsp)
        {
            for (int q = 0; q < m; q++)
            {
                for (final int t : layerCores[1])
                {
                    sb.route(contextCore, q, t, c1.inputs() + q, 1);
                }
                setPort(ports[contextCore], q, routing, contextCore, layerCores[1], spikeBits, SigconvTraffic.TARGET,
                    countId, hopsId);
            }
        }
        final int[] labelDst = java.util.stream.IntStream.range(0, cores).filter(c -> kind[c] == -2 ||
            c == readoutCore).toArray();
        for (final int t : labelDst)
        {
            sb.route(contextCore, m, t, t == readoutCore ? arch.fc() : m, 1);
        }
        setPort(ports[contextCore], m, routing, contextCore, labelDst, spikeBits, SigconvTraffic.LABEL, countId,
            hopsId);
        // hidden cores: pooled spikes, partial logits, kernel-gradient partials
        for (int c = 0; c < cores; c++)
        {
            final SigconvLayerCore h = layerCore[c];
            if (h == null)
            {
                continue;
            }
            final int l = h.layer;
            final int outCh = l == hid ? 1 : ch;
            final int nInNext = l < arch.depth() ? arch.conv(l + 1).inputs() : l == arch.depth() ?
                arch.fcInputs() : 0;
            for (int cc = 0; cc < outCh; cc++)
            {
                for (int u = 0; u < h.units; u++)
                {
                    final int port = cc * h.units + u;
                    final int[] dst;
                    final int axon;
                    if (l == hid)
                    {
                        dst = new int[] {readoutCore};
                        axon = h.lo + u;
                    }
                    else if (l == arch.depth())
                    {
                        dst = layerCores[l + 1];
                        axon = cc * nInNext + h.lo + u;
                    }
                    else
                    {
                        final SigconvArchitecture.Conv nx = arch.conv(l + 1);
                        dst = needing(layerCores[l + 1], layerCore, (h.lo + u) % (nx.hin() * nx.win()) / nx.win());
                        axon = cc * nInNext + h.lo + u;
                    }
                    for (final int t : dst)
                    {
                        sb.route(c, port, t, axon, 1);
                    }
                    setPort(ports[c], port, routing, c, dst, spikeBits, cc == 0 ? SigconvTraffic.SPIKE :
                        SigconvTraffic.TARGET, countId, hopsId);
                }
            }
            if (fsp)
            {
                final int[] lossDst = {lossCore[l]};
                for (int q = 0; q < m; q++)
                {
                    sb.route(c, outCh * h.units + q, lossCore[l], q, 1);
                    setPort(ports[c], outCh * h.units + q, routing, c, lossDst, gradedBits, SigconvTraffic.LOSS,
                        countId, hopsId);
                }
            }
            if (fsp && l <= arch.depth())
            {
                final int g = SigconvLayerCore.syncWidth(arch.conv(l), norm != null);
                final int base = outCh * h.units + m;
                for (int lc = 0; lc < h.held; lc++)
                {
                    final int co = h.cLo + lc;
                    final int self = c;
                    final int[] sib = java.util.stream.IntStream.of(layerCores[l]).filter(t -> t != self &&
                        layerCore[t].cLo <= co && co < layerCore[t].cLo + layerCore[t].held).toArray();
                    final int rank = rankOf(layerCores[l], layerCore, co, c);
                    for (int x = 0; x < g; x++)
                    {
                        for (final int t : sib)
                        {
                            final SigconvLayerCore dstCore = layerCore[t];
                            final int syncBase = (l == 1 ? arch.conv(1).inputs() + m : ch * arch.conv(l).inputs()) +
                                m;
                            sb.route(c, base + lc * g + x, t, syncBase + ((co - dstCore.cLo) * ranks[l] + rank) * g +
                                x, 1);
                        }
                        setPort(ports[c], base + lc * g + x, routing, c, sib, gradedBits,
                            SigconvTraffic.KERNEL_SYNC, countId, hopsId);
                    }
                }
            }
        }
        // loss cores: errors back to every core of the layer
        for (int l = 1; fsp && l <= hid; l++)
        {
            final int errBase = l == 1 ? arch.conv(1).inputs() + m : ch * (l <= arch.depth() ?
                arch.conv(l).inputs() : arch.fcInputs());
            for (int q = 0; q < m; q++)
            {
                for (final int t : layerCores[l])
                {
                    sb.route(lossCore[l], q, t, errBase + q, 1);
                }
                setPort(ports[lossCore[l]], q, routing, lossCore[l], layerCores[l], gradedBits, SigconvTraffic.LOSS,
                    countId, hopsId);
            }
        }
        sim = sb.build();
    }

    /** Integer bits of FSP-voltage's gradient accumulators, partials and Adam first moments (values up to 1024). */
    public static final int VOLTAGE_GRADIENT_INTEGER_BITS = 10;
    /** Integer bits of FSP-voltage's partial logits and logits (values up to 65536). */
    public static final int VOLTAGE_LOGIT_INTEGER_BITS = 16;

    /**
     * The fixed-point formats: those of {@link SigpropNumerics#fixedPoint}, except for FSP-voltage, whose layer
     * outputs are unbounded voltages instead of g(v - V_th) in [0, 1]: on the default net its kernel gradients reach
     * norms of 1e3 (rms about 30 per conv-2 weight) and its logits |z| of 1.7e3
     * (reference/sigprop_conv/diagnose.py), beyond the gradient format's +-8 and the logit payload's +-1024, so
     * saturation would clip (and, in partial sums of both signs, flip) the gradients. For voltage the gradient format
     * keeps its width with {@value #VOLTAGE_GRADIENT_INTEGER_BITS} integer bits and the logit payload gets
     * {@value #VOLTAGE_LOGIT_INTEGER_BITS}.
     */
    private static SigpropNumerics fixedPoint(final int[] fanIn, final StorageFormats f, final int payloadBits,
        final SigpropVariant variant)
    {
        final SigpropNumerics n = SigpropNumerics.fixedPoint(fanIn, f, payloadBits);
        if (variant != SigpropVariant.VOLTAGE)
        {
            return n;
        }
        final NumberFormat gradient = ChipNumerics.format(f.gradientBits(), f.gradientBits() - 1 -
            VOLTAGE_GRADIENT_INTEGER_BITS, Rounding.STOCHASTIC);
        final int bits = Math.min(32, payloadBits);
        final NumberFormat logit = ChipNumerics.format(bits, Math.max(0, bits - 1 - VOLTAGE_LOGIT_INTEGER_BITS),
            Rounding.NEAREST_EVEN);
        return new SigpropNumerics(n.weights(), n.update(), n.target(), n.targetUp(), n.state(), n.trace(), gradient,
            n.payload(), logit);
    }

    /** Fan-in of one neuron of weight layer l (1..N). */
    private int inputsPerNeuron(final int l)
    {
        return l <= arch.depth() ? arch.conv(l).kernel() : l == arch.depth() + 1 ? arch.fcInputs() : arch.fc();
    }

    /**
     * The unit ranges of hidden layer l: as many units per core as the compartments allow, fewer while a core's
     * synaptic memory would overflow.
     */
    private int[][] plan(final int l, final int cpc, final long capacity, final StorageFormats f, final boolean fsp,
        final int ch)
    {
        final boolean conv = l <= arch.depth();
        final int pool = conv ? 4 : 1;
        final int total = conv ? arch.conv(l).pooled() : arch.fc();
        int per = cpc / (pool * ch);
        while (per >= 1)
        {
            final List<int[]> parts = split(total, per);
            boolean fits = true;
            for (final int[] p : parts)
            {
                if (coreBits(l, p[0], p[0] + p[1], f, fsp, ch) > capacity)
                {
                    fits = false;
                    break;
                }
            }
            if (fits)
            {
                final int[][] out = new int[parts.size()][];
                for (int i = 0; i < out.length; i++)
                {
                    out[i] = new int[] {parts.get(i)[0], parts.get(i)[0] + parts.get(i)[1]};
                }
                return out;
            }
            per = per > 8 ? per * 3 / 4 : per - 1;
        }
        throw new IllegalArgumentException("hidden layer " + l + " does not fit chip " + chip.name() + ": one " +
            (conv ? "2x2 pooling block (4 neurons)" : "neuron") + " with " + ch + " compartments each needs " +
            pool * ch + " of the core's " + cpc + " compartments and " + coreBits(l, 0, 1, f, fsp, ch) + " bits of " +
            "synaptic memory (weights, gradients, traces, S); the core has " + capacity + " bits");
    }

    /** Synaptic-memory bits of a core holding units [lo, hi) of hidden layer l (the same sum the budgets charge). */
    private long coreBits(final int l, final int lo, final int hi, final StorageFormats f, final boolean fsp,
        final int ch)
    {
        final int m = arch.classes();
        final int inCh = l == 1 ? 1 : ch;
        final long wg = f.weightBits() + (fsp ? f.gradientBits() : 0) + (fsp && adam != null ?
            AdamMoments.bitsPerWeight(f.gradientBits()) : 0);
        if (l > arch.depth())
        {
            return (long)(hi - lo) * arch.fcInputs() * wg + (fsp ? (long)inCh * arch.fcInputs() * f.traceBits() : 0) +
                (fsp && adam != null ? (long)(hi - lo) * wg : 0) + math.tableBits(2);
        }
        final SigconvArchitecture.Conv cv = arch.conv(l);
        final int per = cv.hp() * cv.wp();
        final int held = (hi - 1) / per - lo / per + 1;
        final int pyLo = held == 1 ? lo % per / cv.wp() : 0;
        final int pyHi = held == 1 ? (hi - 1) % per / cv.wp() : cv.hp() - 1;
        final int rLo = Math.max(0, 2 * pyLo - cv.pad());
        final int rows = Math.min(cv.hin(), 2 * pyHi + 2 + cv.pad()) - rLo;
        final long neurons = 4L * (hi - lo);
        long bits = (long)held * (cv.kernel() + 1) * wg;
        if (fsp)
        {
            bits += (long)inCh * cv.cin() * rows * cv.win() * f.traceBits();
            final long siblings = (per + hi - lo - 1) / (hi - lo) + 1;
            bits += (long)held * SigconvLayerCore.syncWidth(cv, norm != null) * f.gradientBits() * siblings;
            if (norm != null)
            {
                bits += normBits(held, neurons * inCh, f);
            }
            if (l == 1)
            {
                bits += neurons * (m + 1) * wg;
            }
        }
        return bits + math.tableBits(2);
    }

    /**
     * Bits of the normalisation state of a conv core: per held channel gamma, beta, running mean and variance, the
     * derived alpha, offset and 1/sqrt(var + eps) (7 words), gamma's and beta's gradients and the drive's sum and sum
     * of squares (4 words), Adam's moments of gamma and beta; per neuron and normalised channel the drive's sum over
     * the sample. All at the gradient width (the normalisation runs in float64 only; the charge is what a 16-bit
     * implementation would need).
     */
    private long normBits(final long held, final long neuronChannels, final StorageFormats f)
    {
        return (held * 11 + neuronChannels) * f.gradientBits() + (adam != null ? 2 * held *
            AdamMoments.bitsPerWeight(f.gradientBits()) : 0);
    }

    private SigconvLayerCore buildLayerCore(final int l, final int lo, final int hi, final int[][] plan,
        final double[][] wFull, final double[][] bFull, final double[] sFull, final double[] dFull,
        final Counters counters, final long seed, final PortCosts[] ports, final int c, final StorageFormats f,
        final long capacity)
    {
        final int m = arch.classes();
        final boolean fsp = hyper.variant().forwardsTargets();
        final int ch = fsp ? m + 1 : 1;
        final int hid = arch.depth() + 1;
        final boolean conv = l <= arch.depth();
        final int outCh = l == hid ? 1 : ch;
        final int units = hi - lo;
        final double[] w;
        final double[] b;
        double[] s = new double[0];
        double[] d = new double[0];
        int ranksL = 1;
        int[] myRank = new int[0];
        int[] holders = new int[0];
        int g = 0;
        int held = 0;
        String name;
        if (conv)
        {
            final SigconvArchitecture.Conv cv = arch.conv(l);
            final int per = cv.hp() * cv.wp();
            final int cLo = lo / per;
            held = (hi - 1) / per - cLo + 1;
            g = SigconvLayerCore.syncWidth(cv, norm != null);
            w = Arrays.copyOfRange(wFull[l - 1], cLo * cv.kernel(), (cLo + held) * cv.kernel());
            b = Arrays.copyOfRange(bFull[l - 1], cLo, cLo + held);
            myRank = new int[held];
            holders = new int[held];
            for (int lc = 0; lc < held; lc++)
            {
                final int co = cLo + lc;
                for (final int[] r : plan)
                {
                    final boolean holds = r[0] / per <= co && co <= (r[1] - 1) / per;
                    if (holds && r[0] < lo)
                    {
                        myRank[lc]++;
                    }
                    holders[lc] += holds ? 1 : 0;
                }
            }
            for (int co = 0; co < cv.cout(); co++)
            {
                int count = 0;
                for (final int[] r : plan)
                {
                    count += r[0] / per <= co && co <= (r[1] - 1) / per ? 1 : 0;
                }
                ranksL = Math.max(ranksL, count);
            }
            if (l == 1 && fsp)
            {
                final int n0 = 4 * lo;
                s = new double[4 * units * m];
                d = new double[4 * units];
                for (int j = 0; j < 4 * units; j++)
                {
                    final int gj = neuronOf(cv, n0 / 4 + j / 4, j % 4);
                    System.arraycopy(sFull, gj * m, s, j * m, m);
                    d[j] = dFull[gj];
                }
            }
            name = "conv" + l + "[" + lo + ":" + hi + ")";
        }
        else
        {
            final int nIn = arch.fcInputs();
            w = Arrays.copyOfRange(wFull[l - 1], lo * nIn, hi * nIn);
            b = Arrays.copyOfRange(bFull[l - 1], lo, hi);
            name = "fc" + l + "[" + lo + ":" + hi + ")";
        }
        ranks[l] = ranksL;
        ports[c] = new PortCosts(outCh * units + m + held * g, counters);
        final SigconvLayerCore h = new SigconvLayerCore(l, conv ? arch.conv(l) : null, conv ? arch.conv(l).inputs() :
            arch.fcInputs(), lo, hi, m, w, b, s, d, l == hid, hyper, numerics, math, timing, ports[c], counters,
            ranksL, myRank, holders, seed, conv ? norm : null);
        final SynapticMemoryBudget bud = addBudget(name, capacity);
        bud.allocate(MemoryKind.WEIGHTS, name + (conv ? " kernels of " + held + " channels" : " W"),
            (long)(w.length + b.length) * f.weightBits());
        if (fsp)
        {
            bud.allocate(MemoryKind.LEARNING_STATE, name + " weight and bias gradients", (long)(w.length + b.length) *
                f.gradientBits());
            bud.allocate(MemoryKind.TRACES, name + " presynaptic traces", (long)(l == 1 ? 1 : ch) * h.traceSize() *
                f.traceBits());
            if (conv)
            {
                bud.allocate(MemoryKind.LEARNING_STATE, name + " sibling kernel-gradient partials",
                    (long)held * ranksL * g * f.gradientBits());
            }
            if (conv && norm != null)
            {
                final int normed = l == 1 ? 1 : ch;
                bud.allocate(MemoryKind.WEIGHTS, name + " normalisation gamma, beta, running mean and variance, " +
                    "alpha, offset, 1/sqrt(var + eps)", 7L * held * f.gradientBits());
                bud.allocate(MemoryKind.LEARNING_STATE, name + " normalisation gradients, drive sums and moments" +
                    (adam != null ? ", Adam moments of gamma and beta" : ""), normBits(held, (long)h.neurons() *
                    normed, f) - 7L * held * f.gradientBits());
            }
            if (s.length > 0)
            {
                bud.allocate(MemoryKind.WEIGHTS, name + " target generator S and d", (long)(s.length + d.length) *
                    f.weightBits());
                bud.allocate(MemoryKind.LEARNING_STATE, name + " S and d gradients", (long)(s.length + d.length) *
                    f.gradientBits());
            }
            if (adam != null)
            {
                h.useAdam(adam);
                bud.allocate(MemoryKind.LEARNING_STATE, name + " Adam moments m, v of " + (conv ? "kernels, biases"
                    : "W, b") + (s.length > 0 ? ", S and d" : ""), (long)(w.length + b.length + s.length +
                    d.length) * AdamMoments.bitsPerWeight(f.gradientBits()));
            }
            final long tables = math.tableBits(hyper.variant() == org.nmsim.learning.sigprop.SigpropVariant.SURROGATE
                ? 2 : 0);
            if (tables > 0)
            {
                bud.allocate(MemoryKind.OTHER, name + " g and g' lookup tables", tables);
            }
        }
        return h;
    }

    /** @return the conv-1 neuron index (c, y, x) of member k of pooled unit u. */
    private static int neuronOf(final SigconvArchitecture.Conv cv, final int u, final int k)
    {
        final int per = cv.hp() * cv.wp();
        final int c = u / per;
        final int py = u % per / cv.wp();
        final int px = u % cv.wp();
        return (c * cv.hin() + 2 * py + k / 2) * cv.win() + 2 * px + k % 2;
    }

    /** @return the cores of a conv layer whose trace window holds input row y. */
    private static int[] needing(final int[] candidates, final SigconvLayerCore[] cores, final int y)
    {
        return java.util.stream.IntStream.of(candidates).filter(c -> y >= cores[c].firstRow() &&
            y < cores[c].firstRow() + cores[c].rowCount()).toArray();
    }

    private static int rankOf(final int[] layer, final SigconvLayerCore[] cores, final int co, final int self)
    {
        int rank = 0;
        for (final int c : layer)
        {
            if (c < self && cores[c].cLo <= co && co < cores[c].cLo + cores[c].held)
            {
                rank++;
            }
        }
        return rank;
    }

    private SynapticMemoryBudget addBudget(final String name, final long capacity)
    {
        final SynapticMemoryBudget b = new SynapticMemoryBudget(budgets.size(), capacity);
        budgets.add(b);
        coreNames.add(name);
        return b;
    }

    private void setPort(final PortCosts p, final int port, final XyMeshRouting routing, final int src, final int[] dst,
        final int bits, final SigconvTraffic kind, final int[] countId, final int[] hopsId)
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

    private static void quantize(final double[] a, final NumberFormat f)
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
            throw new IllegalArgumentException("chip " + chip.name() + ": convolutional sigprop sends graded " +
                "messages (direct-current input, partial logits, errors, kernel-gradient partials) but the chip has " +
                "no graded spikes (graded_payload_bits=0)");
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
                ", which convolutional sigprop needs");
        }
    }

    @Override
    public int trainSample(final double[] x, final int label)
    {
        final int p = run(x, label, true, hyper.variant().forwardsTargets());
        double loss = classifier.loss;
        for (final LossCore lc : losses)
        {
            loss += lc.lossSum / hyper.steps();
        }
        lastLoss = loss;
        return p;
    }

    @Override
    public int predict(final double[] x)
    {
        return run(x, 0, false, false);
    }

    private int run(final double[] x, final int label, final boolean learn, final boolean withTargets)
    {
        final int[] sizes = sizes();
        ChipPlumbing.checkInput(x, sizes);
        ChipPlumbing.checkLabel(label, sizes);
        for (final PixelCore p : pixels)
        {
            System.arraycopy(x, p.lo, p.x, 0, p.x.length);
        }
        context.label = label;
        context.learning = learn;
        context.targets = withTargets;
        for (final List<SigconvLayerCore> layer : hidden)
        {
            for (final SigconvLayerCore h : layer)
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
        return classifier.prediction;
    }

    @Override
    public double lastSampleLoss()
    {
        return lastLoss;
    }

    /**
     * @param layer weight layer 1..L+2.
     * @return its weights in the layouts of {@link DenseSigconvReference}.
     */
    public double[] weights(final int layer)
    {
        final int hid = arch.depth() + 1;
        if (layer == hid + 1)
        {
            final double[] out = new double[arch.classes() * arch.fc()];
            gather(classifier.w, arch.fc(), 0, arch.classes(), out);
            return out;
        }
        if (layer == hid)
        {
            final double[] out = new double[arch.fc() * arch.fcInputs()];
            for (final SigconvLayerCore h : hidden.get(layer - 1))
            {
                System.arraycopy(h.w, 0, out, h.lo * arch.fcInputs(), h.w.length);
            }
            return out;
        }
        final int kn = arch.conv(layer).kernel();
        final double[] out = new double[arch.conv(layer).cout() * kn];
        final List<SigconvLayerCore> cores = new ArrayList<>(hidden.get(layer - 1));
        java.util.Collections.reverse(cores);
        for (final SigconvLayerCore h : cores)
        {
            System.arraycopy(h.w, 0, out, h.cLo * kn, h.w.length);
        }
        return out;
    }

    /**
     * @param layer weight layer 1..L+2.
     * @return its biases.
     */
    public double[] biases(final int layer)
    {
        final int hid = arch.depth() + 1;
        if (layer == hid + 1)
        {
            return classifier.b.clone();
        }
        final double[] out = new double[layer == hid ? arch.fc() : arch.conv(layer).cout()];
        final List<SigconvLayerCore> cores = new ArrayList<>(hidden.get(layer - 1));
        java.util.Collections.reverse(cores);
        for (final SigconvLayerCore h : cores)
        {
            System.arraycopy(h.b, 0, out, layer == hid ? h.lo : h.cLo, h.b.length);
        }
        return out;
    }

    /**
     * The copies of one conv channel's kernel on different cores must stay equal; this returns the largest
     * difference between any two copies (0 when they are equal).
     *
     * @param layer conv layer 1..L.
     * @return max |copy - first holder's copy| over all channels.
     */
    public double kernelCopySpread(final int layer)
    {
        final double[] ref = weights(layer);
        final int kn = arch.conv(layer).kernel();
        double max = 0.0;
        for (final SigconvLayerCore h : hidden.get(layer - 1))
        {
            for (int x = 0; x < h.w.length; x++)
            {
                max = Math.max(max, Math.abs(h.w[x] - ref[h.cLo * kn + x]));
            }
        }
        return max;
    }

    /** @return S in the reference's layout [conv-1 neuron (c, y, x)][m] (empty for FSP-shallow). */
    public double[] targetWeights()
    {
        final int m = arch.classes();
        final SigconvArchitecture.Conv cv = arch.conv(1);
        final double[] out = new double[hyper.variant().forwardsTargets() ? cv.cout() * cv.hin() * cv.win() * m : 0];
        for (final SigconvLayerCore h : out.length == 0 ? List.<SigconvLayerCore>of() : hidden.get(0))
        {
            for (int j = 0; j < 4 * h.units; j++)
            {
                System.arraycopy(h.s, j * m, out, neuronOf(cv, h.lo + j / 4, j % 4) * m, m);
            }
        }
        return out;
    }

    /** @return d in the reference's layout (empty for FSP-shallow). */
    public double[] targetBiases()
    {
        final SigconvArchitecture.Conv cv = arch.conv(1);
        final double[] out = new double[hyper.variant().forwardsTargets() ? cv.cout() * cv.hin() * cv.win() : 0];
        for (final SigconvLayerCore h : out.length == 0 ? List.<SigconvLayerCore>of() : hidden.get(0))
        {
            for (int j = 0; j < 4 * h.units; j++)
            {
                out[neuronOf(cv, h.lo + j / 4, j % 4)] = h.d[j];
            }
        }
        return out;
    }

    /** @return the architecture. */
    public SigconvArchitecture architecture()
    {
        return arch;
    }

    @Override
    public double[][] allWeights()
    {
        final double[][] out = new double[arch.weightLayers()][];
        for (int l = 1; l <= out.length; l++)
        {
            out[l - 1] = weights(l);
        }
        return out;
    }

    /** @return [inputs, neurons of every conv layer, fc, classes]. */
    @Override
    public int[] sizes()
    {
        final int[] out = new int[arch.depth() + 3];
        out[0] = arch.inputs();
        for (int l = 1; l <= arch.depth(); l++)
        {
            out[l] = arch.conv(l).cout() * arch.conv(l).hin() * arch.conv(l).win();
        }
        out[arch.depth() + 1] = arch.fc();
        out[arch.depth() + 2] = arch.classes();
        return out;
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

    /**
     * @param kind a memory kind.
     * @return bits of that kind charged over all cores.
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

    @Override
    public List<MessageTally> messages()
    {
        final List<MessageTally> out = new ArrayList<>();
        for (final SigconvTraffic t : SigconvTraffic.values())
        {
            out.add(new MessageTally(t.kindName(), t.graded() ? gradedBits : spikeBits, counter(t.countCounter()),
                counter(t.hopsCounter())));
        }
        return out;
    }

    /**
     * @param name a kernel counter.
     * @return its value summed over cores.
     */
    public long counter(final String name)
    {
        return ChipPlumbing.counter(sim, name);
    }

    /** @return the operation counts so far. */
    public OpCounts counts()
    {
        return ChipPlumbing.counts(sim);
    }

    @Override
    public EnergyReport energy(final EnergyTable table)
    {
        return ChipPlumbing.energy(table, counts(), sim, chip, board.chips());
    }

    @Override
    public int timeStepsPerSample()
    {
        return (int)timing.sampleLength();
    }

    @Override
    public Map<String, Object> describe()
    {
        final Map<String, Object> info = new LinkedHashMap<>();
        info.put("algorithm", hyper.variant().method().replace("sigprop-", "sigprop-conv-"));
        info.put("conv", arch.convs().toString());
        info.put("fc", arch.fc());
        info.put("steps", hyper.steps());
        info.put("vth", hyper.vth());
        info.put("eta", hyper.eta());
        info.put("etaReadout", hyper.etaReadout());
        info.put("pooling", "2x2 max on the layer's cores: pooled spike = OR, pooled h = max, gradient to the first" +
            " arg max");
        info.put("batchNorm", norm == null ? "not built (per-channel bias only)" : "running statistics (momentum " +
            norm.momentum() + ", eps " + norm.eps() + "), learned gamma and beta per conv channel");
        if (cosineEpochs > 0)
        {
            info.put("schedule", "cosine over " + cosineEpochs + " epochs");
        }
        info.put("optimizer", adam == null ? "SGD, batch 1" : "Adam, batch 1 (beta1 " + adam.beta1() + ", beta2 " +
            adam.beta2() + ", eps " + adam.eps() + ")");
        info.put("feedbackMemoryBits", memoryBits(MemoryKind.FEEDBACK));
        info.put("cores", coreNames.size());
        info.put("numberFormats", numerics.describe());
        return info;
    }

    @Override
    public void writeCheckpoint(final DataOutput out) throws IOException
    {
        CheckpointIo.writeHeader(out, CHECKPOINT_MAGIC, identity());
        CheckpointIo.writeKernelState(out, sim.saveState());
        for (final List<SigconvLayerCore> layer : hidden)
        {
            for (final SigconvLayerCore h : layer)
            {
                CheckpointIo.writeDoubles(out, h.w);
                CheckpointIo.writeDoubles(out, h.b);
                CheckpointIo.writeDoubles(out, h.s);
                CheckpointIo.writeDoubles(out, h.d);
                CheckpointIo.writeLongs(out, h.streamStates());
                if (norm != null && h.gamma.length > 0)
                {
                    CheckpointIo.writeDoubles(out, h.gamma);
                    CheckpointIo.writeDoubles(out, h.beta);
                    CheckpointIo.writeDoubles(out, h.runMean);
                    CheckpointIo.writeDoubles(out, h.runVar);
                }
                for (final double[] a : h.adamState())
                {
                    CheckpointIo.writeDoubles(out, a);
                }
            }
        }
        CheckpointIo.writeDoubles(out, classifier.w);
        CheckpointIo.writeDoubles(out, classifier.b);
        if (adam != null)
        {
            for (final double[] a : classifier.adamState())
            {
                CheckpointIo.writeDoubles(out, a);
            }
        }
        if (cosineEpochs > 0)
        {
            out.writeInt(epochsDone);
        }
    }

    @Override
    public void readCheckpoint(final DataInput in) throws IOException
    {
        CheckpointIo.readHeader(in, CHECKPOINT_MAGIC, identity(), "not a convolutional sigprop checkpoint (bad " +
            "magic)");
        sim.restoreState(CheckpointIo.readKernelState(in));
        for (final List<SigconvLayerCore> layer : hidden)
        {
            for (final SigconvLayerCore h : layer)
            {
                final String what = "layer " + h.layer + " core at unit " + h.lo;
                CheckpointIo.readDoubles(in, h.w, "w of " + what);
                CheckpointIo.readDoubles(in, h.b, "b of " + what);
                CheckpointIo.readDoubles(in, h.s, "S of " + what);
                CheckpointIo.readDoubles(in, h.d, "d of " + what);
                h.restoreStreams(CheckpointIo.readLongs(in));
                if (norm != null && h.gamma.length > 0)
                {
                    CheckpointIo.readDoubles(in, h.gamma, "norm gamma of " + what);
                    CheckpointIo.readDoubles(in, h.beta, "norm beta of " + what);
                    CheckpointIo.readDoubles(in, h.runMean, "running mean of " + what);
                    CheckpointIo.readDoubles(in, h.runVar, "running variance of " + what);
                    h.refreshNorm();
                }
                final double[][] moments = h.adamState();
                for (int i = 0; i < moments.length; i++)
                {
                    CheckpointIo.readDoubles(in, moments[i], "Adam state " + i + " of " + what);
                }
                h.restoreAdam(moments);
            }
        }
        CheckpointIo.readDoubles(in, classifier.w, "readout w");
        CheckpointIo.readDoubles(in, classifier.b, "readout b");
        if (adam != null)
        {
            final double[][] moments = classifier.adamState();
            CheckpointIo.readDoubles(in, moments[0], "readout Adam state of W");
            CheckpointIo.readDoubles(in, moments[1], "readout Adam state of b");
            classifier.restoreAdam(moments);
        }
        if (cosineEpochs > 0)
        {
            endEpoch(in.readInt());
        }
    }

    private String identity()
    {
        return arch.convs() + " fc=" + arch.fc() + " m=" + arch.classes() + " " + hyper + " " + chip.name() + " " +
            numerics.describe() + " " + math.mode() + (adam == null ? "" : " optimizer=adam " + adam) +
            (norm == null ? "" : " norm=running " + norm) + (cosineEpochs == 0 ? "" : " schedule=cosine " +
            cosineEpochs) + " cores=" + coreNames;
    }

    /**
     * Cosine schedule ({@code algorithm.schedule: cosine}): after epoch e (1-based) the hidden layers, S, d, gamma,
     * beta and the classification layer train at {@code eta * 0.5 (1 + cos(pi min(e, E) / E))} times their rate, E
     * = {@code schedule_epochs} (epoch 1 at the full rate, epochs past E at rate 0). No-op with the constant
     * schedule.
     *
     * @param epoch the epoch just trained.
     */
    @Override
    public void endEpoch(final int epoch)
    {
        if (cosineEpochs == 0)
        {
            return;
        }
        epochsDone = epoch;
        final double factor = cosineFactor(epoch, cosineEpochs);
        for (final List<SigconvLayerCore> layer : hidden)
        {
            for (final SigconvLayerCore h : layer)
            {
                h.etaScale = factor;
            }
        }
        classifier.etaScale = factor;
    }

    /**
     * @param epochsDone epochs trained so far (0 before the first).
     * @param horizon    E, the schedule's epochs (&gt; 0).
     * @return the cosine schedule's factor on the rate of the next epoch, {@code 0.5 (1 + cos(pi min(e, E) / E))}.
     */
    public static double cosineFactor(final int epochsDone, final int horizon)
    {
        return 0.5 * (1.0 + Math.cos(Math.PI * Math.min(epochsDone, horizon) / horizon));
    }

    /** @return the factor now applied to every learning rate (1 with the constant schedule). */
    public double etaFactor()
    {
        return classifier.etaScale;
    }

    /**
     * @param layer conv layer 1..L.
     * @param which 0 gamma, 1 beta, 2 running mean, 3 running variance.
     * @return that normalisation value per output channel (the first holder's copy), empty without normalisation.
     */
    public double[] normalisation(final int layer, final int which)
    {
        if (norm == null)
        {
            return new double[0];
        }
        final double[] out = new double[arch.conv(layer).cout()];
        final List<SigconvLayerCore> cores = new ArrayList<>(hidden.get(layer - 1));
        java.util.Collections.reverse(cores);
        for (final SigconvLayerCore h : cores)
        {
            final double[] src = which == 0 ? h.gamma : which == 1 ? h.beta : which == 2 ? h.runMean : h.runVar;
            System.arraycopy(src, 0, out, h.cLo, src.length);
        }
        return out;
    }

    @Override
    public void close()
    {
        sim.close();
    }

    /**
     * @param arch the network.
     * @return a builder.
     */
    public static Builder builder(final SigconvArchitecture arch)
    {
        return new Builder(arch);
    }

    /** Builds a {@link SigconvChip}. */
    public static final class Builder
    {
        private final SigconvArchitecture arch;
        private SigpropHyper hyper;
        private ChipSpec chip;
        private StorageFormats formats = StorageFormats.defaults();
        private boolean fixedPoint;
        private long seed = 1;
        private int workers = 1;
        private double gain = 1.0;
        private double[][] weights;
        private double[][] biases;
        private double[] target;
        private double[] targetBias;
        private AdamMoments.Config adam;
        private SigconvNorm norm;
        private int cosineEpochs;

        private Builder(final SigconvArchitecture arch)
        {
            if (arch == null)
            {
                throw new IllegalArgumentException("arch=null: an architecture is required");
            }
            this.arch = arch;
        }

        /**
         * @param h hyperparameters (variant, T, V_th, rates).
         * @return this.
         */
        public Builder hyper(final SigpropHyper h)
        {
            this.hyper = h;
            return this;
        }

        /**
         * @param c the chip preset.
         * @return this.
         */
        public Builder chip(final ChipSpec c)
        {
            this.chip = c;
            return this;
        }

        /**
         * @param f storage widths.
         * @return this.
         */
        public Builder formats(final StorageFormats f)
        {
            this.formats = f;
            return this;
        }

        /**
         * @param fixed true for the chip's fixed point.
         * @return this.
         */
        public Builder fixedPoint(final boolean fixed)
        {
            this.fixedPoint = fixed;
            return this;
        }

        /**
         * @param s seed of the initial weights and the cores' streams.
         * @return this.
         */
        public Builder seed(final long s)
        {
            this.seed = s;
            return this;
        }

        /**
         * @param w kernel worker threads.
         * @return this.
         */
        public Builder workers(final int w)
        {
            this.workers = w;
            return this;
        }

        /**
         * @param g gain of the hidden layers' initial weights: uniform in {@code +-g / sqrt(fan-in)} (1: PyTorch's
         *          default). Without batch normalisation a gain above 1 keeps the deeper layers spiking.
         * @return this.
         */
        public Builder initGain(final double g)
        {
            this.gain = ChipPlumbing.checkedGain(g);
            return this;
        }

        /**
         * @param cfg Adam's constants for every trained weight (hidden layers, S and d, classification layer), or
         *            null for SGD (the default).
         * @return this.
         */
        public Builder adam(final AdamMoments.Config cfg)
        {
            this.adam = cfg;
            return this;
        }

        /**
         * @param n running-statistics normalisation of the conv layers (FSP methods, float64 only), or null for none
         *          (the default).
         * @return this.
         */
        public Builder norm(final SigconvNorm n)
        {
            this.norm = n;
            return this;
        }

        /**
         * @param epochs E of the cosine learning-rate schedule ({@link SigconvChip#endEpoch}), or 0 for a constant
         *               rate (the default).
         * @return this.
         */
        public Builder cosine(final int epochs)
        {
            if (epochs < 0)
            {
                throw new IllegalArgumentException("cosine epochs=" + epochs + " must be >= 0 (0: constant rate)");
            }
            this.cosineEpochs = epochs;
            return this;
        }

        /**
         * Host-loaded parameters in the layouts of {@link DenseSigconvReference} (tests).
         *
         * @param w weights of layers 1..L+2.
         * @param b biases of layers 1..L+2.
         * @param s S.
         * @param d d.
         * @return this.
         */
        public Builder initialWeights(final double[][] w, final double[][] b, final double[] s, final double[] d)
        {
            this.weights = w;
            this.biases = b;
            this.target = s;
            this.targetBias = d;
            return this;
        }

        /** @return the chip. */
        public SigconvChip build()
        {
            if (chip == null)
            {
                throw new IllegalArgumentException("chip=null: a chip preset is required");
            }
            if (hyper == null)
            {
                throw new IllegalArgumentException("hyper=null: hyperparameters are required");
            }
            if (hyper.loop() || hyper.targetSize() != 0)
            {
                throw new IllegalArgumentException("hyper: the target-loop generator and sparse targets are not " +
                    "built for the convolutional net (generator=" + (hyper.loop() ? "loop" : "target") +
                    ", targetSize=" + hyper.targetSize() + ")");
            }
            if (norm != null && !hyper.variant().forwardsTargets())
            {
                throw new IllegalArgumentException("norm=running needs an FSP method: " + hyper.variant().method() +
                    " does not train its hidden layers");
            }
            if (norm != null && fixedPoint)
            {
                throw new IllegalArgumentException("norm=running is built for float64 only, not fixed point");
            }
            return new SigconvChip(this);
        }
    }
}
