package org.nmsim.learning.conv;

import static org.nmsim.learning.ChipPlumbing.uniform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import org.nmsim.learning.ChipNumerics;
import org.nmsim.learning.ChipPlumbing;
import org.nmsim.learning.Counters;
import org.nmsim.learning.EngineMath;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.MessageClass;
import org.nmsim.learning.MessageTally;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.OnlineHyper;
import org.nmsim.learning.Perturbations;
import org.nmsim.learning.PortCosts;
import org.nmsim.learning.Schedule;
import org.nmsim.learning.StorageFormats;

/**
 * The convolutional spiking network of paper 000 §5 ({@code 16C3-AP2-32C3-...-FC}) trained online by FGT, FGT (w/o
 * m) or DFA as local rules on a simulated chip (package doc for the equations). Each hidden convolution layer is
 * split into blocks of output channels (and of rows when one channel's map exceeds a core), each block a
 * {@link ConvCore} holding one copy of its channels' kernels; the readout is one {@link ConvReadoutCore}; pixels
 * enter through {@link ConvInputCore}s. Cores are placed in id order on the chip mesh; every send is priced by its
 * multicast tree.
 *
 * <p>Threading: NOT thread safe; one controlling thread. The kernel runs the cores on its own workers.
 */
public final class ConvChip implements OnChipLearner
{
    private static final long CHECKPOINT_MAGIC = 0x4E4D53434F4E5631L; // "NMSCONV1"

    private final ConvArchitecture arch;
    private final int m;
    private final int[] sizes;
    private final OnlineHyper hyper;
    private final ChipSpec chip;
    private final Schedule schedule;
    private final ChipNumerics numerics;
    private final EngineMath math;
    private final Simulation sim;
    private final List<ConvInputCore> inputs = new ArrayList<>();
    private final List<List<ConvCore>> hidden = new ArrayList<>();
    private final ConvReadoutCore readout;
    private final List<SynapticMemoryBudget> budgets = new ArrayList<>();
    private final List<String> coreNames = new ArrayList<>();
    private final BoardTopology board;
    private final int[] messageBits;
    private final double initGain;

    private ConvChip(final Builder bld)
    {
        initGain = bld.initGain;
        arch = bld.arch;
        m = bld.classes;
        hyper = bld.hyper;
        chip = bld.chip;
        final int depth = arch.depth();
        sizes = new int[depth + 2];
        sizes[0] = arch.senders(0);
        for (int l = 1; l <= depth; l++)
        {
            sizes[l] = arch.layer(l).neurons();
        }
        sizes[depth + 1] = m;
        final LearningMethod method = hyper.method();
        if (method != LearningMethod.FGT && method != LearningMethod.FGT_WO_M && method != LearningMethod.DFA)
        {
            throw new IllegalArgumentException("method=" + method + " is not a convolutional method (FGT, FGT_WO_M, " +
                "DFA)");
        }
        if (hyper.burst() != null || hyper.stochastic())
        {
            throw new IllegalArgumentException("burst=" + hyper.burst() + ", stochastic=" + hyper.stochastic() +
                ": the convolutional learner supports graded FGT signals and deterministic neurons only");
        }
        checkCapabilities(bld.fixedPoint);
        schedule = new Schedule(depth + 2, hyper.steps());
        math = EngineMath.forChip(chip, hyper);
        numerics = bld.fixedPoint ? fixedPoint(arch, m, bld.formats, chip.gradedPayloadBits().value(), bld.initGain) :
            ChipNumerics.ideal(depth + 1);
        final StorageFormats f = bld.formats;
        chip.checkWeightFormat(new WeightFormat(f.weightBits(), true), "forward weights (network.weight_bits)");
        if (method != LearningMethod.FGT_WO_M)
        {
            chip.checkWeightFormat(new WeightFormat(f.feedbackBits(), true),
                "feedback weights (network.feedback_bits)");
        }
        // the plan: input slices, hidden blocks {c0, k, y0, r, band, bands}, the readout
        final int compartments = chip.compartmentsPerCore().value();
        final List<int[]> inputSlices = new ArrayList<>();
        for (int lo = 0; lo < sizes[0]; lo += compartments)
        {
            inputSlices.add(new int[] {lo, Math.min(compartments, sizes[0] - lo)});
        }
        final List<List<int[]>> blocks = new ArrayList<>();
        for (int l = 1; l <= depth; l++)
        {
            blocks.add(plan(l, f));
        }
        final long capacity = chip.synapticMemoryBitsPerCore().value();
        int cores = inputSlices.size() + 1;
        for (final List<int[]> bl : blocks)
        {
            cores += bl.size();
        }
        final int coresPerChip = chip.coresPerChip().value();
        board = new BoardTopology(chip.mesh().value(), (cores + coresPerChip - 1) / coresPerChip, 1);
        final XyMeshRouting routing = new XyMeshRouting(board);
        final int spikeBits = chip.messageFormat(MessageKind.BINARY_SPIKE).sizeBits();
        final int gradedBits = chip.messageFormat(MessageKind.GRADED_SPIKE).sizeBits();
        messageBits = new int[] {spikeBits, gradedBits, spikeBits, spikeBits};

        final SimulationBuilder sb = Simulation.builder(KernelConfig.stepped(bld.workers, bld.seed));
        final Counters counters = new Counters(sb);
        final SplitMix64 init = new SplitMix64(SplitMix64.mix(bld.seed ^ 0xC0417L));
        final double[][] kernels = new double[depth][];
        final double[][] biases = new double[depth][];
        for (int l = 1; l <= depth; l++)
        {
            final ConvArchitecture.Layer g = arch.layer(l);
            kernels[l - 1] = bld.kernels != null ? bld.kernels[l - 1].clone() :
                uniform(init, g.cout() * g.fanIn(), bld.initGain / Math.sqrt(g.fanIn()));
            biases[l - 1] = bld.biases != null ? bld.biases[l - 1].clone() : new double[g.cout()];
            quantize(kernels[l - 1], numerics.weights()[l - 1]);
            quantize(biases[l - 1], numerics.state());
        }
        final int flat = arch.flatSize();
        final double[] wOut = bld.readoutWeights != null ? bld.readoutWeights.clone() :
            uniform(init, m * flat, 1.0 / Math.sqrt(flat));
        final double[] bOut = bld.readoutBiases != null ? bld.readoutBiases.clone() : new double[m];
        quantize(wOut, numerics.weights()[depth]);
        quantize(bOut, numerics.state());
        final double[][] fbFull = new double[depth][];
        for (int l = 1; l <= depth; l++)
        {
            final int neurons = arch.layer(l).neurons();
            if (method == LearningMethod.DFA)
            {
                fbFull[l - 1] = bld.feedback != null ? bld.feedback[l - 1].clone() :
                    uniform(init, neurons * m, 1.0 / Math.sqrt(m));
                for (int x = 0; x < fbFull[l - 1].length; x++)
                {
                    fbFull[l - 1][x] = numerics.feedback().quantize(fbFull[l - 1][x], init);
                }
            }
            else if (method == LearningMethod.FGT)
            {
                fbFull[l - 1] = bld.feedback != null ? bld.feedback[l - 1].clone() : new double[neurons * m];
            }
        }

        // cores in id order: inputs, hidden layers 1..L (channel group major, band minor), readout
        final List<PortCosts> costs = new ArrayList<>();
        final int tableBits = (int)math.tableBits();
        for (final int[] sl : inputSlices)
        {
            final int id = coreNames.size();
            final PortCosts pc = new PortCosts(sl[1] + 1, counters);
            costs.add(pc);
            final ConvInputCore in = new ConvInputCore(sl[0], sl[1], schedule, pc, numerics);
            inputs.add(in);
            sb.addCore(in);
            final String name = "input[" + sl[0] + ":" + (sl[0] + sl[1]) + ")";
            coreNames.add(name);
            budgets.add(new SynapticMemoryBudget(id, capacity));
        }
        for (int l = 1; l <= depth; l++)
        {
            final ConvArchitecture.Layer g = arch.layer(l);
            final List<ConvCore> layerCores = new ArrayList<>();
            for (final int[] bl : blocks.get(l - 1))
            {
                final int id = coreNames.size();
                final int c0 = bl[0];
                final int k = bl[1];
                final int n = k * bl[3] * g.w();
                final int channels = method == LearningMethod.DFA ? 1 : l + 1;
                final int gc = k * (g.fanIn() + 1);
                final PortCosts pc = new PortCosts(channels * n + (bl[5] > 1 ? gc : 0), counters);
                costs.add(pc);
                final double[] w = Arrays.copyOfRange(kernels[l - 1], c0 * g.fanIn(), (c0 + k) * g.fanIn());
                final double[] b = Arrays.copyOfRange(biases[l - 1], c0, c0 + k);
                final double[] fb = new double[fbFull[l - 1] == null ? 0 : n * m];
                final long groupSeed = SplitMix64.mix(bld.seed ^ SplitMix64.mix(((long)l << 32) + c0 + 0x6A09E667L));
                final ConvCore core = new ConvCore(arch, l, bl, m, w, b, fb, hyper, numerics, math, schedule,
                    bld.perturbations, pc, counters, groupSeed);
                if (fbFull[l - 1] != null)
                {
                    for (int j = 0; j < n; j++)
                    {
                        System.arraycopy(fbFull[l - 1], core.globalNeuron(j) * m, fb, j * m, m);
                    }
                }
                final String name = "c" + l + "[" + c0 + ":" + (c0 + k) + ")" + (bl[5] > 1 ? "[y" + bl[2] + ":" +
                    (bl[2] + bl[3]) + ")" : "");
                final SynapticMemoryBudget budget = new SynapticMemoryBudget(id, capacity);
                allocate(budget, name, g, k, bl[3], bl[5], core.inputRowHi() - core.inputRowLo(), f, tableBits);
                layerCores.add(core);
                sb.addCore(core);
                coreNames.add(name);
                budgets.add(budget);
            }
            hidden.add(layerCores);
        }
        final int readoutId = coreNames.size();
        final PortCosts rc = new PortCosts((depth + 1) * m, counters);
        costs.add(rc);
        readout = new ConvReadoutCore(arch, m, toPreMajor(wOut, m, flat), bOut, hyper, numerics, math, schedule, rc,
            counters);
        sb.addCore(readout);
        coreNames.add("readout[0:" + m + ")");
        final SynapticMemoryBudget rb = new SynapticMemoryBudget(readoutId, capacity);
        if ((long)flat * m * (f.weightBits() + f.gradientBits()) + (long)flat * f.traceBits() + tableBits > capacity ||
            m > compartments)
        {
            throw new IllegalArgumentException("readout does not fit chip " + chip.name() + ": " + m + " neurons x " +
                flat + " inputs need " + ((long)flat * m * (f.weightBits() + f.gradientBits()) +
                (long)flat * f.traceBits() + tableBits) + " bits of synaptic memory (weights, gradients, traces) and " +
                m + " compartments on one core; the core has synapticMemoryBitsPerCore=" + capacity +
                " and compartmentsPerCore=" + compartments + " (pool more before the readout, or use fewer channels)");
        }
        rb.allocate(MemoryKind.WEIGHTS, "readout", (long)flat * m * f.weightBits());
        rb.allocate(MemoryKind.LEARNING_STATE, "readout gradients", (long)flat * m * f.gradientBits());
        rb.allocate(MemoryKind.TRACES, "readout presynaptic traces", (long)flat * f.traceBits());
        if (tableBits > 0)
        {
            rb.allocate(MemoryKind.OTHER, "readout softmax lookup table", tableBits);
        }
        budgets.add(rb);

        final int[] fanIn = new int[coreNames.size()];
        route(sb, routing, costs, counters, readoutId, spikeBits, gradedBits, fanIn);
        final int limit = chip.fanInPerCore().value();
        for (int c = 0; c < fanIn.length; c++)
        {
            if (fanIn[c] > limit)
            {
                throw new IllegalArgumentException("core " + c + " (" + coreNames.get(c) + ") needs fanIn=" +
                    fanIn[c] + " input axons but the chip allows fanInPerCore=" + limit + " (chip " + chip.name() +
                    "; use fewer channels per layer)");
            }
        }
        sim = sb.build();
    }

    /** Blocks {c0, k, y0, r, band, bands} of hidden layer l under the compartment and memory limits. */
    private List<int[]> plan(final int l, final StorageFormats f)
    {
        final ConvArchitecture.Layer g = arch.layer(l);
        final int compartments = chip.compartmentsPerCore().value();
        final long capacity = chip.synapticMemoryBitsPerCore().value();
        final int fanInLimit = chip.fanInPerCore().value();
        final int hw = g.h() * g.w();
        final long table = math.tableBits();
        final List<int[]> out = new ArrayList<>();
        if (fanIn(l, g.h(), 1, 1) <= fanInLimit)
        {
            int kMax = Math.min(g.cout(), compartments / hw);
            while (kMax >= 1 && need(g, kMax, g.h(), 1, f, table) > capacity)
            {
                kMax--;
            }
            if (kMax >= 1)
            {
                final int groups = (g.cout() + kMax - 1) / kMax;
                int c0 = 0;
                for (int gi = 0; gi < groups; gi++)
                {
                    final int k = g.cout() / groups + (gi < g.cout() % groups ? 1 : 0);
                    out.add(new int[] {c0, k, 0, g.h(), 0, 1});
                    c0 += k;
                }
                return out;
            }
        }
        // a whole map does not fit (compartments, memory or fan-in): split the maps into bands of rows, each band
        // holding its own copy of its channels' kernels
        int rMax = Math.min(g.h(), compartments / g.w());
        while (rMax >= 1 && (need(g, 1, rMax, bandsOf(g, rMax), f, table) > capacity ||
            fanIn(l, rMax, bandsOf(g, rMax), 1) > fanInLimit))
        {
            rMax--;
        }
        if (rMax < 1)
        {
            final String layerName = "layer c" + l + " (" + g.cout() + "C3 on " + g.h() + "x" + g.w() + ")";
            if (compartments < g.w())
            {
                throw new IllegalArgumentException(layerName + " does not fit chip " + chip.name() + ": one row of " +
                    g.w() + " neurons exceeds compartmentsPerCore=" + compartments);
            }
            if (fanIn(l, 1, g.h(), 1) > fanInLimit)
            {
                throw new IllegalArgumentException(layerName + " does not fit chip " + chip.name() + ": one row of " +
                    "one channel needs fanIn=" + fanIn(l, 1, g.h(), 1) + " input axons (presynaptic neurons of 3 " +
                    "input rows x channels (spikes and FGT signals), errors, partial gradients) but the chip allows " +
                    "fanInPerCore=" + fanInLimit + " (use fewer channels)");
            }
            throw new IllegalArgumentException(layerName + " does not fit chip " + chip.name() + ": one row of one " +
                "channel needs " + need(g, 1, 1, g.h(), f, table) + " bits of synaptic memory (kernel " + g.fanIn() +
                " x (" + f.weightBits() + " weight + " + f.gradientBits() + " gradient bits), traces, feedback, " +
                "partial-gradient buffers) but synapticMemoryBitsPerCore=" + capacity);
        }
        final int bands = bandsOf(g, rMax);
        int kMax = Math.min(g.cout(), compartments / (rMax * g.w()));
        while (kMax > 1 && (need(g, kMax, rMax, bands, f, table) > capacity || fanIn(l, rMax, bands, kMax) >
            fanInLimit))
        {
            kMax--;
        }
        final int groups = (g.cout() + kMax - 1) / kMax;
        int c0 = 0;
        for (int gi = 0; gi < groups; gi++)
        {
            final int k = g.cout() / groups + (gi < g.cout() % groups ? 1 : 0);
            int y0 = 0;
            for (int bd = 0; bd < bands; bd++)
            {
                final int r = g.h() / bands + (bd < g.h() % bands ? 1 : 0);
                out.add(new int[] {c0, k, y0, r, bd, bands});
                y0 += r;
            }
            c0 += k;
        }
        return out;
    }

    private static int bandsOf(final ConvArchitecture.Layer g, final int rows)
    {
        return (g.h() + rows - 1) / rows;
    }

    /**
     * Input axons of a block of layer l with r output rows and k channels (an upper bound: input rows at both
     * edges): the pre-pool senders of its r + 2 input rows on every forward channel, e^N and z^N, and the partial
     * gradients of its sibling bands.
     */
    private long fanIn(final int l, final int r, final int bands, final int k)
    {
        final ConvArchitecture.Layer g = arch.layer(l);
        final boolean fgt = hyper.method() != LearningMethod.DFA;
        final int scale = g.poolIn() ? 2 : 1;
        final long senders = (long)g.cin() * Math.min(g.hin(), r + 2) * scale * g.win() * scale;
        return senders * (fgt ? l : 1) + m + (fgt ? m : 0) + (bands > 1 ? (long)(bands - 1) * k * (g.fanIn() + 1) :
            0);
    }

    /** Synaptic memory bits of one block (the same sum {@link #allocate} charges, traces at their upper bound). */
    private long need(final ConvArchitecture.Layer g, final int k, final int r, final int bands, final StorageFormats f,
        final long table)
    {
        final long n = (long)k * r * g.w();
        final long kernel = (long)k * g.fanIn();
        final LearningMethod method = hyper.method();
        return kernel * (f.weightBits() + f.gradientBits()) +
            (long)g.cin() * Math.min(g.h(), r + 2) * g.w() * f.traceBits() +
            (method == LearningMethod.FGT_WO_M ? 0 : n * m * f.feedbackBits()) +
            (method == LearningMethod.DFA ? 0 : n) +
            (bands > 1 ? (long)(bands - 1) * k * (g.fanIn() + 1) * f.gradientBits() : 0) + table;
    }

    private void allocate(final SynapticMemoryBudget budget, final String name, final ConvArchitecture.Layer g,
        final int k, final int r, final int bands, final int traceRows, final StorageFormats f, final int tableBits)
    {
        final long n = (long)k * r * g.w();
        final long kernel = (long)k * g.fanIn();
        final LearningMethod method = hyper.method();
        budget.allocate(MemoryKind.WEIGHTS, name + " kernels (shared over " + r * g.w() + " positions)",
            kernel * f.weightBits());
        budget.allocate(MemoryKind.LEARNING_STATE, name + " kernel gradients", kernel * f.gradientBits());
        budget.allocate(MemoryKind.TRACES, name + " presynaptic traces", (long)g.cin() * traceRows * g.w() *
            f.traceBits());
        if (method != LearningMethod.FGT_WO_M)
        {
            budget.allocate(MemoryKind.FEEDBACK, name + (method == LearningMethod.DFA ? " B" : " M"),
                n * m * f.feedbackBits());
        }
        if (method != LearningMethod.DFA)
        {
            budget.allocate(MemoryKind.LEARNING_STATE, name + " perturbation signs v", n);
        }
        if (bands > 1)
        {
            budget.allocate(MemoryKind.LEARNING_STATE, name + " partial gradients of " + (bands - 1) +
                " sibling bands", (long)(bands - 1) * k * (g.fanIn() + 1) * f.gradientBits());
        }
        if (tableBits > 0)
        {
            budget.allocate(MemoryKind.OTHER, name + " surrogate/exp lookup table", tableBits);
        }
    }

    /** Forward routes (spikes and FGT signals), errors and z^N back, partial gradients between bands. */
    private void route(final SimulationBuilder sb, final XyMeshRouting routing, final List<PortCosts> costs,
        final Counters counters, final int readoutId, final int spikeBits, final int gradedBits, final int[] fanIn)
    {
        final int depth = arch.depth();
        final boolean fgt = hyper.method() != LearningMethod.DFA;
        int first = inputs.size();
        final int[] layerStart = new int[depth + 2];
        for (int l = 1; l <= depth; l++)
        {
            layerStart[l] = first;
            first += hidden.get(l - 1).size();
        }
        layerStart[depth + 1] = first;
        // senders of layer s (0: input) to layer s + 1 (depth + 1: readout)
        for (int s = 0; s <= depth; s++)
        {
            final boolean pooled = s > 0 && arch.layer(s).pool();
            final int sh = s == 0 ? arch.height() : arch.layer(s).h();
            final int sw = s == 0 ? arch.width() : arch.layer(s).w();
            final int ph = pooled ? sh / 2 : sh;
            final int pw = pooled ? sw / 2 : sw;
            final int nSend = arch.senders(s);
            final int channels = s == 0 || !fgt ? 1 : s + 1;
            final List<int[]> senders = new ArrayList<>(); // {core id, local count}
            if (s == 0)
            {
                for (int c = 0; c < inputs.size(); c++)
                {
                    senders.add(new int[] {c, inputs.get(c).x.length});
                }
            }
            else
            {
                for (int c = 0; c < hidden.get(s - 1).size(); c++)
                {
                    senders.add(new int[] {layerStart[s] + c, hidden.get(s - 1).get(c).n});
                }
            }
            final Map<Integer, int[]> dstsByRow = new LinkedHashMap<>();
            for (int py = 0; py < ph; py++)
            {
                if (s == depth)
                {
                    dstsByRow.put(py, new int[] {readoutId});
                    continue;
                }
                final List<Integer> d = new ArrayList<>();
                final List<ConvCore> next = hidden.get(s);
                for (int c = 0; c < next.size(); c++)
                {
                    if (py >= next.get(c).inputRowLo() && py < next.get(c).inputRowHi())
                    {
                        d.add(layerStart[s + 1] + c);
                    }
                }
                dstsByRow.put(py, d.stream().mapToInt(Integer::intValue).toArray());
            }
            for (int sc = 0; sc < senders.size(); sc++)
            {
                final int src = senders.get(sc)[0];
                final int count = senders.get(sc)[1];
                final ConvCore hc = s == 0 ? null : hidden.get(s - 1).get(sc);
                final PortCosts pc = costs.get(src);
                for (int j = 0; j < count; j++)
                {
                    final int i = s == 0 ? inputs.get(sc).lo + j : hc.globalNeuron(j);
                    final int rem = i % (sh * sw);
                    final int py = pooled ? (rem / sw) / 2 : rem / sw;
                    final int px = pooled ? (rem % sw) / 2 : rem % sw;
                    if (py >= ph || px >= pw)
                    {
                        hc.routed[j] = false;
                        continue;
                    }
                    final int[] dsts = dstsByRow.get(py);
                    final org.nmsim.chip.noc.HopCounts hops = routing.multicast(src, dsts);
                    final int tile = ChipPlumbing.withinTile(board, src, dsts);
                    for (int ch = 0; ch < channels; ch++)
                    {
                        final int port = ch * count + j;
                        for (final int dst : dsts)
                        {
                            sb.route(src, port, dst, ch * nSend + i, 1);
                            fanIn[dst]++;
                        }
                        final boolean spike = ch == 0 && s > 0;
                        pc.set(port, hops, tile, spike ? spikeBits : gradedBits, spike ? MessageClass.SPIKE :
                            MessageClass.GRADED, counters);
                    }
                }
            }
        }
        // the label: input core 0 to the readout
        sb.route(0, inputs.get(0).x.length, readoutId, readout.labelAxon(), 1);
        fanIn[readoutId]++;
        costs.get(0).set(inputs.get(0).x.length, routing.unicast(0, readoutId), ChipPlumbing.withinTile(board, 0,
            new int[] {readoutId}), spikeBits, MessageClass.LABEL, counters);
        // errors to every hidden core; FGT's z^{N,l} to the cores of layer l
        final int[] allHidden = java.util.stream.IntStream.range(inputs.size(), readoutId).toArray();
        final PortCosts rc = costs.get(readoutId);
        for (int q = 0; q < m; q++)
        {
            for (final int dst : allHidden)
            {
                sb.route(readoutId, q, dst, core(dst, layerStart).fb + q, 1);
                fanIn[dst]++;
            }
            rc.set(q, routing.multicast(readoutId, allHidden), ChipPlumbing.withinTile(board, readoutId, allHidden),
                gradedBits, MessageClass.GRADED, counters);
        }
        if (fgt)
        {
            for (int l = 1; l <= depth; l++)
            {
                final int[] layerCores = java.util.stream.IntStream.range(layerStart[l], layerStart[l + 1]).toArray();
                for (int q = 0; q < m; q++)
                {
                    for (final int dst : layerCores)
                    {
                        sb.route(readoutId, l * m + q, dst, core(dst, layerStart).fb + m + q, 1);
                        fanIn[dst]++;
                    }
                    rc.set(l * m + q, routing.multicast(readoutId, layerCores), ChipPlumbing.withinTile(board,
                        readoutId, layerCores), gradedBits, MessageClass.GRADED, counters);
                }
            }
        }
        // partial gradients between the bands of one channel group
        for (int l = 1; l <= depth; l++)
        {
            final List<ConvCore> layer = hidden.get(l - 1);
            for (int a = 0; a < layer.size(); a++)
            {
                final ConvCore src = layer.get(a);
                if (src.bands == 1)
                {
                    continue;
                }
                final int base = a - src.band;
                final int[] sib = new int[src.bands - 1];
                int x = 0;
                for (int bd = 0; bd < src.bands; bd++)
                {
                    if (bd != src.band)
                    {
                        sib[x++] = layerStart[l] + base + bd;
                    }
                }
                final int srcId = layerStart[l] + a;
                final org.nmsim.chip.noc.HopCounts hops = routing.multicast(srcId, sib);
                final int tile = ChipPlumbing.withinTile(board, srcId, sib);
                for (int v = 0; v < src.gc; v++)
                {
                    final int port = src.channels * src.n + v;
                    for (final int dst : sib)
                    {
                        sb.route(srcId, port, dst, core(dst, layerStart).fb + 2 * m + src.band * src.gc + v, 1);
                        fanIn[dst]++;
                    }
                    costs.get(srcId).set(port, hops, tile, gradedBits, MessageClass.GRADED, counters);
                }
            }
        }
    }

    private ConvCore core(final int id, final int[] layerStart)
    {
        for (int l = arch.depth(); l >= 1; l--)
        {
            if (id >= layerStart[l])
            {
                return hidden.get(l - 1).get(id - layerStart[l]);
            }
        }
        throw new IllegalStateException("core " + id + " is not a hidden core");
    }

    private void checkCapabilities(final boolean fixedPoint)
    {
        if (!chip.supports(MessageKind.GRADED_SPIKE))
        {
            throw new IllegalArgumentException("chip " + chip.name() + ": the convolutional learner sends graded " +
                "messages (direct-current input, errors, FGT signals) but the chip has no graded spikes " +
                "(graded_payload_bits=0)");
        }
        final java.util.Set<PlasticityOp> needed = java.util.EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY);
        if (hyper.method() != LearningMethod.DFA || fixedPoint)
        {
            needed.add(PlasticityOp.RANDOM);
        }
        final java.util.Set<PlasticityOp> missing = chip.missingOps(needed);
        if (!missing.isEmpty())
        {
            throw new IllegalArgumentException("chip " + chip.name() + ": the plasticity engine lacks " + missing +
                ", which the convolutional learner needs (Rademacher draws or stochastic rounding, multiply-add)");
        }
    }

    /**
     * The MLP's fixed-point formats ({@link ChipNumerics#fixedPoint}) with each weight layer's binary point leaving
     * room for four times its initial bound: {@code gain / sqrt(9 C_in)} for kernels, {@code 1 / sqrt(flat)} for the
     * readout.
     */
    private static ChipNumerics fixedPoint(final ConvArchitecture arch, final int m, final StorageFormats f,
        final int payloadBits, final double gain)
    {
        final ChipNumerics base = ChipNumerics.fixedPoint(arch.fanIns(m), f, payloadBits);
        final int n = arch.depth() + 1;
        final org.nmsim.chip.numeric.NumberFormat[] w = new org.nmsim.chip.numeric.NumberFormat[n];
        final org.nmsim.chip.numeric.NumberFormat[] up = new org.nmsim.chip.numeric.NumberFormat[n];
        for (int l = 0; l < n; l++)
        {
            final double bound = l < arch.depth() ? gain / Math.sqrt(arch.layer(l + 1).fanIn()) :
                1.0 / Math.sqrt(arch.flatSize());
            final int intBits = (int)Math.ceil(Math.log(4.0 * bound) / Math.log(2));
            final int frac = Math.max(0, Math.min(f.weightBits(), f.weightBits() - 1 - intBits));
            w[l] = ChipNumerics.format(f.weightBits(), frac, org.nmsim.chip.numeric.Rounding.NEAREST_EVEN);
            up[l] = ChipNumerics.format(f.weightBits(), frac, org.nmsim.chip.numeric.Rounding.STOCHASTIC);
        }
        return new ChipNumerics(w, base.state(), base.trace(), base.gradient(), base.feedback(), base.payload(), up);
    }

    private static void quantize(final double[] a, final org.nmsim.chip.numeric.NumberFormat format)
    {
        for (int x = 0; x < a.length; x++)
        {
            a[x] = format.quantize(a[x], null);
        }
    }

    /** [q][flat] to the readout core's [flat][q]. */
    private static double[] toPreMajor(final double[] w, final int m, final int flat)
    {
        final double[] out = new double[w.length];
        for (int q = 0; q < m; q++)
        {
            for (int i = 0; i < flat; i++)
            {
                out[i * m + q] = w[q * flat + i];
            }
        }
        return out;
    }

    @Override
    public int trainSample(final double[] x, final int label)
    {
        return runSample(x, label, true);
    }

    @Override
    public int predict(final double[] x)
    {
        return runSample(x, 0, false);
    }

    private int runSample(final double[] x, final int label, final boolean learn)
    {
        ChipPlumbing.checkInput(x, sizes);
        ChipPlumbing.checkLabel(label, sizes);
        for (final ConvInputCore in : inputs)
        {
            System.arraycopy(x, in.lo, in.x, 0, in.x.length);
            in.label = label;
        }
        for (final List<ConvCore> layer : hidden)
        {
            for (final ConvCore c : layer)
            {
                c.learning = learn;
            }
        }
        readout.learning = learn;
        sim.runSteps(schedule.sampleLength());
        return readout.prediction();
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

    /**
     * Host read-outs (not counted): the Frobenius norm of each layer's kernels and of the readout weights, and of
     * each hidden layer's M (FGT) or B (DFA).
     */
    @Override
    public Map<String, Double> epochDiagnostics()
    {
        final Map<String, Double> out = new LinkedHashMap<>();
        for (int l = 1; l <= arch.depth(); l++)
        {
            out.put("|K^" + l + "| (Frobenius)", norm(kernels(l)));
        }
        out.put("|W^out| (Frobenius)", norm(readoutWeights()));
        for (int l = 1; l <= arch.depth(); l++)
        {
            final double[] fb = feedback(l);
            if (fb != null)
            {
                out.put("|" + (hyper.method() == LearningMethod.DFA ? "B^" : "M^") + l + "| (Frobenius)", norm(fb));
            }
        }
        return out;
    }

    private static double norm(final double[] a)
    {
        double sq = 0.0;
        for (final double x : a)
        {
            sq += x * x;
        }
        return Math.sqrt(sq);
    }

    /**
     * @param l hidden layer, 1-based.
     * @return its kernels {@code [o][c][3][3]}, read from band 0 of each channel group (every band holds the same
     *         copy; host read-out).
     */
    public double[] kernels(final int l)
    {
        final ConvArchitecture.Layer g = arch.layer(l);
        final double[] out = new double[g.cout() * g.fanIn()];
        for (final ConvCore c : hidden.get(l - 1))
        {
            if (c.band == 0)
            {
                System.arraycopy(c.w, 0, out, c.c0 * g.fanIn(), c.w.length);
            }
        }
        return out;
    }

    /**
     * @param l hidden layer, 1-based.
     * @return whether every band of every channel group holds bit-identical kernels and biases (weight sharing
     *         across cores; host read-out for tests).
     */
    public boolean sharedKernelsEqual(final int l)
    {
        ConvCore first = null;
        for (final ConvCore c : hidden.get(l - 1))
        {
            if (c.band == 0)
            {
                first = c;
            }
            else if (!Arrays.equals(first.w, c.w) || !Arrays.equals(first.b, c.b))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param l hidden layer, 1-based.
     * @return its biases per output channel.
     */
    public double[] biases(final int l)
    {
        final double[] out = new double[arch.layer(l).cout()];
        for (final ConvCore c : hidden.get(l - 1))
        {
            if (c.band == 0)
            {
                System.arraycopy(c.b, 0, out, c.c0, c.k);
            }
        }
        return out;
    }

    /** @return the readout weights as [q][flat]. */
    public double[] readoutWeights()
    {
        final int flat = arch.flatSize();
        final double[] out = new double[m * flat];
        for (int i = 0; i < flat; i++)
        {
            for (int q = 0; q < m; q++)
            {
                out[q * flat + i] = readout.w[i * m + q];
            }
        }
        return out;
    }

    /** @return the readout biases. */
    public double[] readoutBiases()
    {
        return readout.b.clone();
    }

    /**
     * @param l hidden layer, 1-based.
     * @return M^l (FGT) or B^l (DFA) as [neuron][q], gathered from the cores; null for FGT (w/o m).
     */
    public double[] feedback(final int l)
    {
        if (hyper.method() == LearningMethod.FGT_WO_M)
        {
            return null;
        }
        final double[] out = new double[arch.layer(l).neurons() * m];
        for (final ConvCore c : hidden.get(l - 1))
        {
            for (int j = 0; j < c.n; j++)
            {
                System.arraycopy(c.feedback, j * m, out, c.globalNeuron(j) * m, m);
            }
        }
        return out;
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

    /** @return kernels of layers 1..L ([o][c][3][3]), then the readout weights ([q][flat]). */
    @Override
    public double[][] allWeights()
    {
        final double[][] out = new double[arch.depth() + 1][];
        for (int l = 1; l <= arch.depth(); l++)
        {
            out[l - 1] = kernels(l);
        }
        out[arch.depth()] = readoutWeights();
        return out;
    }

    /** @return the architecture. */
    public ConvArchitecture architecture()
    {
        return arch;
    }

    /** @return the number formats in use. */
    public ChipNumerics numerics()
    {
        return numerics;
    }

    @Override
    public Map<String, Object> describe()
    {
        final Map<String, Object> info = new LinkedHashMap<>();
        info.put("algorithm", "conv-" + hyper.method().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        info.put("conv", arch.text());
        info.put("inputShape", List.of(arch.channels(), arch.height(), arch.width()));
        info.put("pooling", "2x2 average pooling folded into the next layer's synapses (1/4 per pre-pool spike)");
        info.put("weightStandardization", false);
        info.put("initGain", initGain);
        info.put("steps", hyper.steps());
        info.put("eta", hyper.eta());
        info.put("lambdaM", hyper.lambdaM());
        info.put("batch", hyper.batch());
        final Map<String, Object> em = new LinkedHashMap<>();
        em.put("mode", math.mode().name());
        em.put("surrogateMaxAbsError", math.surrogateMaxError());
        em.put("expMaxRelativeError", math.expMaxRelativeError());
        info.put("engineMath", em);
        info.put("numberFormats", numerics.describe());
        return info;
    }

    private String identity()
    {
        return arch.text() + " " + Arrays.toString(sizes) + " " + hyper + " " + chip.name() + " " +
            numerics.describe() + " cores=" + coreNames;
    }

    @Override
    public void writeCheckpoint(final java.io.DataOutput out) throws java.io.IOException
    {
        CheckpointIo.writeHeader(out, CHECKPOINT_MAGIC, identity());
        CheckpointIo.writeKernelState(out, sim.saveState());
        for (final List<ConvCore> layer : hidden)
        {
            for (final ConvCore c : layer)
            {
                CheckpointIo.writeDoubles(out, c.w);
                CheckpointIo.writeDoubles(out, c.b);
                CheckpointIo.writeDoubles(out, c.feedback);
                CheckpointIo.writeDoubles(out, c.gradK);
                CheckpointIo.writeDoubles(out, c.gradB);
                out.writeInt(c.pendingSamples);
                out.writeLong(c.groupStream.state());
            }
        }
        CheckpointIo.writeDoubles(out, readout.w);
        CheckpointIo.writeDoubles(out, readout.b);
        CheckpointIo.writeDoubles(out, readout.gradW);
        CheckpointIo.writeDoubles(out, readout.gradB);
        out.writeInt(readout.pendingSamples);
    }

    @Override
    public void readCheckpoint(final java.io.DataInput in) throws java.io.IOException
    {
        CheckpointIo.readHeader(in, CHECKPOINT_MAGIC, identity(), "not an nmsim conv checkpoint (bad magic)");
        sim.restoreState(CheckpointIo.readKernelState(in));
        for (final List<ConvCore> layer : hidden)
        {
            for (final ConvCore c : layer)
            {
                CheckpointIo.readDoubles(in, c.w, "kernels of c" + c.layer + "[" + c.c0 + "]");
                CheckpointIo.readDoubles(in, c.b, "biases of c" + c.layer + "[" + c.c0 + "]");
                CheckpointIo.readDoubles(in, c.feedback, "feedback of c" + c.layer + "[" + c.c0 + "]");
                CheckpointIo.readDoubles(in, c.gradK, "kernel gradients of c" + c.layer + "[" + c.c0 + "]");
                CheckpointIo.readDoubles(in, c.gradB, "bias gradients of c" + c.layer + "[" + c.c0 + "]");
                c.pendingSamples = in.readInt();
                c.groupStream.restore(in.readLong());
            }
        }
        CheckpointIo.readDoubles(in, readout.w, "readout w");
        CheckpointIo.readDoubles(in, readout.b, "readout b");
        CheckpointIo.readDoubles(in, readout.gradW, "readout gradients");
        CheckpointIo.readDoubles(in, readout.gradB, "readout bias gradients");
        readout.pendingSamples = in.readInt();
    }

    @Override
    public void close()
    {
        sim.close();
    }

    /**
     * @param arch    the architecture.
     * @param classes the readout size.
     * @return a builder.
     */
    public static Builder builder(final ConvArchitecture arch, final int classes)
    {
        return new Builder(arch, classes);
    }

    /** Describes a convolutional chip before it is built. NOT thread safe. */
    public static final class Builder
    {
        private final ConvArchitecture arch;
        private final int classes;
        private OnlineHyper hyper = OnlineHyper.paperDefaults(LearningMethod.FGT, 6, 1e-3);
        private ChipSpec chip;
        private StorageFormats formats = StorageFormats.defaults();
        private long seed = 1;
        private int workers = 1;
        private boolean fixedPoint;
        private Perturbations perturbations;
        private double[][] kernels;
        private double[][] biases;
        private double[] readoutWeights;
        private double[] readoutBiases;
        private double[][] feedback;
        private double initGain = 1.0;

        private Builder(final ConvArchitecture arch, final int classes)
        {
            if (classes < 2)
            {
                throw new IllegalArgumentException("classes=" + classes + " must be >= 2");
            }
            this.arch = java.util.Objects.requireNonNull(arch, "arch");
            this.classes = classes;
        }

        /**
         * @param h method (FGT, FGT_WO_M or DFA), T, lambda, V_th, a1, lambda_M, eta, batch.
         * @return this builder.
         */
        public Builder hyper(final OnlineHyper h)
        {
            this.hyper = h;
            return this;
        }

        /**
         * @param c the chip preset.
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
         * @param s the experiment seed.
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
         * @param fixed true for the chip's fixed-point formats, false for float64.
         * @return this builder.
         */
        public Builder fixedPoint(final boolean fixed)
        {
            this.fixedPoint = fixed;
            return this;
        }

        /**
         * @param p FGT's signs (tests replay a table; the default draws from each core's stream).
         * @return this builder.
         */
        public Builder perturbations(final Perturbations p)
        {
            this.perturbations = p;
            return this;
        }

        /**
         * Host-loaded initial weights (tests and references).
         *
         * @param k  kernels per hidden layer, [o][c][3][3].
         * @param b  biases per hidden layer.
         * @param w  readout weights [q][flat].
         * @param bo readout biases.
         * @return this builder.
         */
        public Builder initialWeights(final double[][] k, final double[][] b, final double[] w, final double[] bo)
        {
            this.kernels = k;
            this.biases = b;
            this.readoutWeights = w;
            this.readoutBiases = bo;
            return this;
        }

        /**
         * @param fb per hidden layer, B (DFA) or the initial M (FGT) as [neuron][q].
         * @return this builder.
         */
        public Builder feedback(final double[][] fb)
        {
            this.feedback = fb;
            return this;
        }

        /**
         * @param gain multiplies the kernels' initial bound {@code 1/sqrt(9 C_in)} (1: PyTorch's default). Without
         *             the paper's scaled weight standardization, a gain near 3 gives the kernels the spread that
         *             standardization would (std {@code ~1.7/sqrt(fan-in)}), so that deep layers spike at all.
         * @return this builder.
         */
        public Builder initGain(final double gain)
        {
            this.initGain = ChipPlumbing.checkedGain(gain);
            return this;
        }

        /** @return the chip, partitioned, placed and routed; fails naming the limit when it does not fit. */
        public ConvChip build()
        {
            if (chip == null)
            {
                throw new IllegalArgumentException("chip=null: a chip preset is required");
            }
            if (perturbations == null)
            {
                perturbations = Perturbations.coreStreams(seed);
            }
            return new ConvChip(this);
        }
    }
}
