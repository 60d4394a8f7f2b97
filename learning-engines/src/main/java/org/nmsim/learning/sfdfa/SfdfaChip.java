package org.nmsim.learning.sfdfa;

import static org.nmsim.learning.ChipPlumbing.coresOf;
import static org.nmsim.learning.ChipPlumbing.gather;

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
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.memory.SynapticMemoryBudget;
import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.noc.BoardTopology;
import org.nmsim.chip.noc.XyMeshRouting;
import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.chip.numeric.Overflow;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.PlasticityOp;
import org.nmsim.kernel.KernelConfig;
import org.nmsim.kernel.Simulation;
import org.nmsim.kernel.SimulationBuilder;
import org.nmsim.learning.CheckpointIo;
import org.nmsim.learning.ChipPlumbing;
import org.nmsim.learning.Counters;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.MessageClass;
import org.nmsim.learning.MessageTally;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.PortCosts;
import org.nmsim.learning.StorageFormats;
import org.nmsim.mapping.place.LearningNeeds;

/**
 * A spiking network trained on chip by SFDFA or by DFA with the same neurons (paper 001): continuous-time LIF
 * neurons with closed-form spike times on the kernel's continuous time model, TTFS input cores, graded spikes that
 * carry the directional derivatives (SFDFA), per-neuron local spike-time gradients, feedback connections learned
 * by eq. 7 (SFDFA) or fixed (DFA), and the spike-count MSE loss (eq. 10) with targets 10 and 3.
 *
 * <h2>Network</h2>
 * Layers {@code 0..N}: TTFS inputs, hidden LIF layers {@code 1..N-1}, and {@code N} output LIF neurons whose spike
 * counts in the window decode the class (most spikes; ties to the lowest class). Every layer is split into the
 * fewest equal slices that fit a core's compartments and synaptic memory; cores are placed in id order (inputs,
 * hidden layers, outputs) on the chip mesh. Every route has the same axonal delay, the kernel's lookahead.
 *
 * <h2>A sample</h2>
 * The host loads the intensities, resets every core and injects a start event into each input core at the
 * sample's start {@code s}; the kernel then runs to {@code s + window + 3 delay}. A training sample's label
 * reaches the output cores at {@code s + delay}; they close the window at {@code s + window}, learn, and send
 * {@code delta = y - n} (and SFDFA's output grades) to every hidden core, which learn at
 * {@code s + window + delay}. Every value crossing cores is a counted message.
 *
 * <p>Threading: NOT thread safe; one controlling thread. The kernel runs the cores on its own workers.
 */
public final class SfdfaChip implements OnChipLearner
{
    /** Bits of per-neuron state (A, B, grade sum, perturbation, next spike time, spike count), 32 each. */
    static final int NEURON_STATE_BITS = 6 * 32;
    private static final long CHECKPOINT_MAGIC = 0x5346444641434B31L; // "SFDFACK1"

    private final int[] sizes;
    private final SfdfaParams params;
    private final ChipSpec chip;
    private final boolean fixedPoint;
    private final Simulation sim;
    private final List<TtfsInputCore> inputs = new ArrayList<>();
    private final List<List<NeuronCore>> layers = new ArrayList<>();
    private final List<SynapticMemoryBudget> budgets = new ArrayList<>();
    private final List<String> coreNames = new ArrayList<>();
    private final BoardTopology board;
    private final NumberFormat[] weightFormats;
    private final GradeCodec codec;
    private final int[] messageBits;
    private final double period;
    private long samples;
    private long trained;
    private int lastPrediction;
    private double lastLoss = Double.NaN;

    /**
     * Builds the chip with weights and feedback drawn from the seed.
     *
     * @param setup  sizes, chip, storage formats, number mode, seed, workers.
     * @param params the hyperparameters.
     */
    public SfdfaChip(final LearnerSetup setup, final SfdfaParams params)
    {
        this(setup, params, null, null);
    }

    /**
     * @param setup    sizes, chip, storage formats, number mode, seed, workers.
     * @param params   the hyperparameters.
     * @param weights  initial {@code W^l} as {@code [post][pre]}, or null to draw them from the seed.
     * @param feedback initial feedback {@code B^l} as {@code [neuron][class]} per hidden layer, or null to draw it.
     */
    public SfdfaChip(final LearnerSetup setup, final SfdfaParams params, final double[][] weights,
        final double[][] feedback)
    {
        this.sizes = setup.sizes().clone();
        this.params = params;
        this.chip = setup.chip();
        this.fixedPoint = setup.fixedPoint();
        if (sizes.length < 3)
        {
            throw new IllegalArgumentException("sizes=" + Arrays.toString(sizes) + " must list the input, at least " +
                "one hidden layer and the output");
        }
        checkCapabilities(chip, params, fixedPoint);
        final int n = sizes.length - 1;
        final int m = sizes[n];
        final StorageFormats f = setup.formats();
        final double[][] w = weights != null ? copy(weights) : SfdfaMath.initialWeights(sizes, params, setup.seed());
        final double[][] b = feedback != null ? copy(feedback) : SfdfaMath.initialFeedback(sizes, params,
            setup.seed());
        weightFormats = new NumberFormat[n];
        final NumberFormat[] updateFormats = new NumberFormat[n];
        for (int l = 0; l < n; l++)
        {
            weightFormats[l] = fixedPoint ? weightFormat(f.weightBits(), w[l], Rounding.NEAREST_EVEN) :
                IdealFloat64.INSTANCE;
            updateFormats[l] = fixedPoint ? weightFormat(f.weightBits(), w[l], Rounding.STOCHASTIC) :
                IdealFloat64.INSTANCE;
            for (int x = 0; x < w[l].length; x++)
            {
                w[l][x] = weightFormats[l].quantize(w[l][x], null);
            }
        }
        final double[] fbRange = b.length > 0 ? b[b.length - 1] : new double[] {1.0};
        final NumberFormat fbFormat = fixedPoint ? weightFormat(f.feedbackBits(), fbRange, Rounding.STOCHASTIC) :
            IdealFloat64.INSTANCE;
        final NumberFormat fbLoad = fixedPoint ? weightFormat(f.feedbackBits(), fbRange, Rounding.NEAREST_EVEN) :
            IdealFloat64.INSTANCE;
        codec = new GradeCodec(params.payloadBits(), params.payloadIntBits());
        if (fixedPoint || params.payloadBits() > 0)
        {
            chip.checkWeightFormat(new org.nmsim.chip.memory.WeightFormat(f.weightBits(), true),
                "forward weights (network.weight_bits)");
        }
        // partition: layer l slices [lo, lo + k) under the compartment and memory limits
        final List<int[]> slices = partition(f);
        final int cores = slices.size();
        final int coresPerChip = chip.coresPerChip().value();
        board = new BoardTopology(chip.mesh().value(), (cores + coresPerChip - 1) / coresPerChip, 1);
        final XyMeshRouting routing = new XyMeshRouting(board);
        final int spikeBits = chip.messageFormat(MessageKind.BINARY_SPIKE).sizeBits();
        final int gradedBits = chip.messageFormat(MessageKind.GRADED_SPIKE).sizeBits();
        messageBits = new int[] {spikeBits, gradedBits, spikeBits, 0};
        final SimulationBuilder sb = Simulation.builder(KernelConfig.continuous(setup.workers(), setup.seed(),
            params.delay()));
        final Counters counters = new Counters(sb);
        final PortCosts[] costs = new PortCosts[cores];
        for (int c = 0; c < cores; c++)
        {
            final int[] s = slices.get(c);
            final int l = s[0];
            final int lo = s[1];
            final int k = s[2];
            costs[c] = new PortCosts(l == 0 ? k + 1 : l == n ? 2 * k : k, counters);
            if (l == 0)
            {
                final TtfsInputCore in = new TtfsInputCore(lo, k, params.encodingWindow(), lo == 0, costs[c]);
                inputs.add(in);
                sb.addCore(in);
                continue;
            }
            final int nPre = sizes[l - 1];
            final double[] wc = new double[nPre * k];
            for (int j = 0; j < nPre; j++)
            {
                for (int i = 0; i < k; i++)
                {
                    wc[j * k + i] = w[l - 1][(lo + i) * nPre + j];
                }
            }
            final double[] fb = l < n ? new double[k * m] : new double[0];
            for (int i = 0; l < n && i < k; i++)
            {
                for (int q = 0; q < m; q++)
                {
                    fb[i * m + q] = fbLoad.quantize(b[l - 1][(lo + i) * m + q], null);
                }
            }
            final NeuronCore core = new NeuronCore(l, lo, k, nPre, m, l == n, wc, fb, params,
                SfdfaMath.layerEta(sizes, params, l - 1), setup.seed(),
                updateFormats[l - 1], fbFormat, codec, costs[c], counters);
            while (layers.size() < l)
            {
                layers.add(new ArrayList<>());
            }
            layers.get(l - 1).add(core);
            sb.addCore(core);
        }
        // routes: layer l -> every core of layer l + 1; label core -> output cores; outputs -> every hidden core
        final int[] outputCores = coresOf(slices, n);
        final int[] hiddenCores = java.util.stream.IntStream.range(0, cores)
            .filter(c -> slices.get(c)[0] > 0 && slices.get(c)[0] < n).toArray();
        for (int c = 0; c < cores; c++)
        {
            final int[] s = slices.get(c);
            final int l = s[0];
            final int lo = s[1];
            final int k = s[2];
            if (l < n)
            {
                final int[] next = coresOf(slices, l + 1);
                final boolean graded = l > 0 && params.learnedFeedback();
                for (int j = 0; j < k; j++)
                {
                    for (final int dst : next)
                    {
                        sb.route(c, j, dst, lo + j, params.delay());
                    }
                    costs[c].set(j, routing.multicast(c, next), withinTile(c, next), graded ? gradedBits : spikeBits,
                        graded ? MessageClass.GRADED : MessageClass.SPIKE, counters);
                }
                if (l == 0 && lo == 0)
                {
                    for (final int dst : outputCores)
                    {
                        sb.route(c, k, dst, sizes[n - 1] + 2 * m, params.delay());
                    }
                    costs[c].set(k, routing.multicast(c, outputCores), withinTile(c, outputCores), spikeBits,
                        MessageClass.LABEL, counters);
                }
            }
            else
            {
                for (int i = 0; i < k; i++)
                {
                    for (int ch = 0; ch < (params.learnedFeedback() ? 2 : 1); ch++)
                    {
                        for (final int dst : hiddenCores)
                        {
                            sb.route(c, ch * k + i, dst, sizes[slices.get(dst)[0] - 1] + ch * m + lo + i,
                                params.delay());
                        }
                        costs[c].set(ch * k + i, routing.multicast(c, hiddenCores), withinTile(c, hiddenCores),
                            gradedBits, MessageClass.GRADED, counters);
                    }
                }
            }
        }
        period = params.window() + 3 * params.delay();
        sim = sb.build();
    }

    /**
     * The chip's plasticity engine must execute exp and log (closed-form spike times and local gradients), sqrt and
     * division (eq. 3-4, 17-18), multiply-add, and random numbers (perturbations; stochastic rounding); SFDFA's
     * errors and grades need graded spikes.
     *
     * @throws IllegalArgumentException naming the chip and every missing capability.
     */
    static void checkCapabilities(final ChipSpec chip, final SfdfaParams params, final boolean fixedPoint)
    {
        final Set<PlasticityOp> missing = chip.missingOps(needs(params, fixedPoint));
        final boolean graded = chip.supports(MessageKind.GRADED_SPIKE);
        if (!missing.isEmpty() || !graded)
        {
            throw new IllegalArgumentException("chip " + chip.name() + " cannot run " + params.method() + ": " +
                (missing.isEmpty() ? "" : "the plasticity engine lacks " + missing + " (the closed-form spike " +
                    "times t = tau ln(2a / (b + sqrt(b^2 - 4 a theta))) and the local gradients need exp, log, sqrt " +
                    "and division" + (missing.contains(PlasticityOp.RANDOM) ? "; the perturbations and stochastic " +
                    "rounding need random numbers" : "") + ")") + (missing.isEmpty() || graded ? "" :
                    "; ") + (graded ? "" : "it has no graded spikes (graded_payload_bits=0), which carry the output " +
                    "errors" + (params.learnedFeedback() ? " and the spike grades" : "")));
        }
    }

    private static Set<PlasticityOp> needs(final SfdfaParams params, final boolean fixedPoint)
    {
        final Set<PlasticityOp> ops = EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY, PlasticityOp.EXP,
            PlasticityOp.LOG, PlasticityOp.SQRT, PlasticityOp.DIVIDE);
        if (params.learnedFeedback() || fixedPoint)
        {
            ops.add(PlasticityOp.RANDOM);
        }
        return ops;
    }

    /**
     * What SFDFA adds to a network for mapping's feasibility answer ({@code Mapper.map}): per synapse the gradient
     * accumulator, the trace {@code R} of eq. 16, the local gradient and Adam's two moments; per presynaptic axon
     * the traces {@code F} and {@code G}; per neuron its state, plus the feedback row of a hidden neuron (when the
     * network does not carry the feedback pathway as a projection); exp, log, sqrt, division, multiply-add and
     * random numbers; binary spikes, and graded spikes for errors and grades.
     *
     * @param projections the names of the forward projections into learning layers.
     * @param hidden      the names of the hidden populations.
     * @param outputs     the names of the output populations.
     * @param params      the hyperparameters.
     * @param f           the storage widths.
     * @param classes     the number of classes (feedback row length).
     * @param payloadBits the graded payload width the run uses (at least 1).
     * @return the needs.
     */
    public static LearningNeeds learningNeeds(final List<String> projections, final List<String> hidden,
        final List<String> outputs, final SfdfaParams params, final StorageFormats f, final int classes,
        final int payloadBits)
    {
        final Map<String, Integer> perSynapse = new LinkedHashMap<>();
        final Map<String, Integer> perAxon = new LinkedHashMap<>();
        for (final String p : projections)
        {
            perSynapse.put(p, synapseStateBits(params, f));
            perAxon.put(p, 2 * f.traceBits());
        }
        final Map<String, Integer> perNeuron = new LinkedHashMap<>();
        for (final String p : hidden)
        {
            perNeuron.put(p, NEURON_STATE_BITS + classes * f.feedbackBits());
        }
        for (final String p : outputs)
        {
            perNeuron.put(p, NEURON_STATE_BITS);
        }
        return new LearningNeeds(perSynapse, perAxon, perNeuron, needs(params, false),
            EnumSet.of(MessageKind.BINARY_SPIKE, MessageKind.GRADED_SPIKE), payloadBits);
    }

    /** Learning state per synapse besides the weight: gradient accumulator, R, local gradient, Adam moments. */
    static int synapseStateBits(final SfdfaParams params, final StorageFormats f)
    {
        return f.gradientBits() + 2 * f.traceBits() + (params.adam() ? 2 * f.gradientBits() : 0);
    }

    private List<int[]> partition(final StorageFormats f)
    {
        final List<int[]> out = new ArrayList<>();
        final int n = sizes.length - 1;
        final int m = sizes[n];
        final int compartments = chip.compartmentsPerCore().value();
        final long capacity = chip.synapticMemoryBitsPerCore().value();
        for (int l = 0; l <= n; l++)
        {
            final int size = sizes[l];
            final int nPre = l == 0 ? 0 : sizes[l - 1];
            final int fb = l == 0 || l == n ? 0 : m;
            final long perNeuron = l == 0 ? 64 : (long)nPre * (f.weightBits() + synapseStateBits(params, f)) +
                (long)fb * f.feedbackBits() + NEURON_STATE_BITS;
            final long fixed = (long)nPre * 2 * f.traceBits();
            final long byMemory = (capacity - fixed) / perNeuron;
            final int maxK = (int)Math.min(compartments, byMemory);
            final String name = l == 0 ? "input" : l == n ? "output" : "h" + l;
            if (maxK < 1)
            {
                throw new IllegalArgumentException("layer " + name + " does not fit chip " + chip.name() + ": one " +
                    "neuron needs " + (fixed + perNeuron) + " bits of synaptic memory (" + nPre + " inputs x (" +
                    f.weightBits() + " weight + " + synapseStateBits(params, f) + " learning-state bits) + " + fb +
                    " x " + f.feedbackBits() + " feedback bits + " + NEURON_STATE_BITS + " neuron-state bits + " +
                    nPre + " x " + 2 * f.traceBits() + " trace bits); the core has " + capacity + " bits");
            }
            final int cores = (size + maxK - 1) / maxK;
            int lo = 0;
            for (int c = 0; c < cores; c++)
            {
                final int k = size / cores + (c < size % cores ? 1 : 0);
                final SynapticMemoryBudget budget = new SynapticMemoryBudget(budgets.size(), capacity);
                final String coreName = name + "[" + lo + ":" + (lo + k) + ")";
                if (l == 0)
                {
                    budget.allocate(MemoryKind.OTHER, coreName + " TTFS spike-time sort buffer", 64L * k);
                }
                else
                {
                    budget.allocate(MemoryKind.WEIGHTS, coreName, (long)nPre * k * f.weightBits());
                    budget.allocate(MemoryKind.LEARNING_STATE, coreName + " gradient accumulators, local gradients" +
                        (params.adam() ? ", Adam moments" : ""), (long)nPre * k * (f.gradientBits() + f.traceBits() +
                        (params.adam() ? 2 * f.gradientBits() : 0)));
                    budget.allocate(MemoryKind.TRACES, coreName + " per-synapse traces R (eq. 16)",
                        (long)nPre * k * f.traceBits());
                    budget.allocate(MemoryKind.TRACES, coreName + " presynaptic traces F, G", fixed);
                    budget.allocate(MemoryKind.LEARNING_STATE, coreName + " neuron state", (long)k *
                        NEURON_STATE_BITS);
                    if (fb > 0)
                    {
                        budget.allocate(MemoryKind.FEEDBACK, coreName + (params.learnedFeedback() ? " learned b" :
                            " fixed B"), (long)k * fb * f.feedbackBits());
                    }
                }
                out.add(new int[] {l, lo, k});
                budgets.add(budget);
                coreNames.add(coreName);
                lo += k;
            }
        }
        return out;
    }

    /** A fixed-point weight format whose range is 4 times the largest initial magnitude. */
    private static NumberFormat weightFormat(final int bits, final double[] w, final Rounding rounding)
    {
        double max = 1e-12;
        for (final double x : w)
        {
            max = Math.max(max, Math.abs(x));
        }
        final int intBits = (int)Math.ceil(Math.log(4 * max) / Math.log(2));
        final int frac = Math.max(0, Math.min(bits, bits - 1 - intBits));
        return new FixedPointFormat(Math.min(bits, 32), frac, true, rounding, Overflow.SATURATE);
    }

    private int withinTile(final int src, final int[] dsts)
    {
        return ChipPlumbing.withinTile(board, src, dsts);
    }

    private static double[][] copy(final double[][] a)
    {
        final double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++)
        {
            out[i] = a[i].clone();
        }
        return out;
    }

    @Override
    public int trainSample(final double[] x, final int label)
    {
        trained++;
        final int pred = run(x, label, true);
        double loss = 0;
        for (final NeuronCore c : layers.get(layers.size() - 1))
        {
            for (int i = 0; i < c.k; i++)
            {
                final double target = c.lo + i == label ? params.targetTrue() : params.targetFalse();
                final double e = target - c.spikeCount(i);
                loss += e * e;
            }
        }
        lastLoss = loss;
        return pred;
    }

    @Override
    public int predict(final double[] x)
    {
        return run(x, -1, false);
    }

    private int run(final double[] x, final int label, final boolean learn)
    {
        ChipPlumbing.checkInput(x, sizes);
        if (learn)
        {
            ChipPlumbing.checkLabel(label, sizes);
        }
        final double start = sim.currentTime();
        for (int c = 0; c < inputs.size(); c++)
        {
            final TtfsInputCore in = inputs.get(c);
            System.arraycopy(x, in.lo, in.x, 0, in.x.length);
            in.label = learn ? label : -1;
        }
        for (final List<NeuronCore> layer : layers)
        {
            for (final NeuronCore core : layer)
            {
                core.begin(start, samples, learn);
            }
        }
        samples++;
        for (int c = 0; c < inputs.size(); c++)
        {
            sim.inject(c, 0, 0L, start);
        }
        sim.runUntil(start + period);
        int best = 0;
        int bestCount = -1;
        for (final NeuronCore c : layers.get(layers.size() - 1))
        {
            for (int i = 0; i < c.k; i++)
            {
                if (c.spikeCount(i) > bestCount)
                {
                    bestCount = c.spikeCount(i);
                    best = c.lo + i;
                }
            }
        }
        lastPrediction = best;
        return best;
    }

    /** @return the spike counts of every layer's neurons in the last sample, layer 1 first (host read-out). */
    public int[][] lastSpikeCounts()
    {
        final int[][] out = new int[layers.size()][];
        for (int l = 0; l < layers.size(); l++)
        {
            out[l] = new int[sizes[l + 1]];
            for (final NeuronCore c : layers.get(l))
            {
                for (int i = 0; i < c.k; i++)
                {
                    out[l][c.lo + i] = c.spikeCount(i);
                }
            }
        }
        return out;
    }

    /** @return the sum of squared spike-count errors of the last trained sample (eq. 10). */
    @Override
    public double lastSampleLoss()
    {
        return lastLoss;
    }

    /** The Fig. 10 angle ({@link #weightAlignmentDegrees}) after every epoch. */
    @Override
    public java.util.Map<String, Double> epochDiagnostics()
    {
        return java.util.Map.of("feedback vs output weights, degrees (Fig. 10)", weightAlignmentDegrees());
    }

    /**
     * The weight alignment of paper 001, Fig. 10: the angle between the flattened output weights {@code W^{N-1}}
     * and the flattened feedback {@code B^{N-1}} of the last hidden layer (which SFDFA learns to estimate them).
     *
     * @return the angle in degrees, in [0, 180]; 90 for orthogonal, NaN if either is zero.
     */
    public double weightAlignmentDegrees()
    {
        final int n = sizes.length - 1;
        final int m = sizes[n];
        final int h = sizes[n - 1];
        return ChipPlumbing.feedbackAngleDegrees(weights(n - 1), feedback(n - 2), m, h);
    }

    /**
     * @param layer weight layer l (0-based: {@code W^l} connects layer l to l + 1).
     * @return a copy of {@code W^l} as {@code [post][pre]}, gathered from the cores (host read-out).
     */
    public double[] weights(final int layer)
    {
        final int nPre = sizes[layer];
        final double[] out = new double[sizes[layer + 1] * nPre];
        for (final NeuronCore c : layers.get(layer))
        {
            gather(c.w, nPre, c.lo, c.k, out);
        }
        return out;
    }

    /**
     * @param hidden hidden layer index, 0-based (layer 1 is 0).
     * @return a copy of its feedback {@code B} as {@code [neuron][class]} (host read-out).
     */
    public double[] feedback(final int hidden)
    {
        final int m = sizes[sizes.length - 1];
        final double[] out = new double[sizes[hidden + 1] * m];
        for (final NeuronCore c : layers.get(hidden))
        {
            System.arraycopy(c.feedback, 0, out, c.lo * m, c.k * m);
        }
        return out;
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
        return EnergyReport.of(table, ChipPlumbing.counts(sim), sim.currentTime(), board.chips());
    }

    @Override
    public Map<String, Object> describe()
    {
        final Map<String, Object> info = new LinkedHashMap<>();
        info.put("algorithm", params.method());
        info.put("localGradient", params.exactGradient() ? "exact (eq. 17)" : "bounded (eq. 18)");
        info.put("optimizer", params.adam() ? "adam" : "sgd");
        info.put("batch", params.batch());
        info.put("tauS", params.tauS());
        info.put("threshold", params.threshold());
        info.put("window", params.window());
        info.put("delay", params.delay());
        final List<String> wf = new ArrayList<>();
        for (final NumberFormat f : weightFormats)
        {
            wf.add(f.describe());
        }
        info.put("weightFormats", wf);
        info.put("gradePayload", codec.describe());
        info.put("neuronArithmetic", "float64 (closed-form spike times, traces and local gradients)");
        return info;
    }

    @Override
    public void writeCheckpoint(final DataOutput out) throws IOException
    {
        CheckpointIo.writeHeader(out, CHECKPOINT_MAGIC, identity());
        CheckpointIo.writeKernelState(out, sim.saveState());
        for (final List<NeuronCore> layer : layers)
        {
            for (final NeuronCore c : layer)
            {
                CheckpointIo.writeDoubles(out, c.w);
                CheckpointIo.writeDoubles(out, c.feedback);
                CheckpointIo.writeDoubles(out, c.moments());
                CheckpointIo.writeDoubles(out, c.gradientAccumulators());
                CheckpointIo.writeLongs(out, c.batchState());
            }
        }
        out.writeLong(samples);
        out.writeLong(trained);
    }

    @Override
    public void readCheckpoint(final DataInput in) throws IOException
    {
        CheckpointIo.readHeader(in, CHECKPOINT_MAGIC, identity(), "not an SFDFA chip checkpoint (bad magic)");
        sim.restoreState(CheckpointIo.readKernelState(in));
        for (final List<NeuronCore> layer : layers)
        {
            for (final NeuronCore c : layer)
            {
                CheckpointIo.readDoubles(in, c.w, "an array");
                CheckpointIo.readDoubles(in, c.feedback, "an array");
                CheckpointIo.readDoubles(in, c.moments(), "an array");
                CheckpointIo.readDoubles(in, c.gradientAccumulators(), "an array");
                c.restoreBatchState(CheckpointIo.readLongs(in));
            }
        }
        samples = in.readLong();
        trained = in.readLong();
    }

    private String identity()
    {
        return Arrays.toString(sizes) + " " + params + " " + chip.name() + " fixed=" + fixedPoint + " cores=" +
            coreNames;
    }

    /** @return the hyperparameters. */
    public SfdfaParams params()
    {
        return params;
    }

    /** @return the prediction of the last sample. */
    public int lastPrediction()
    {
        return lastPrediction;
    }

    @Override
    public void close()
    {
        sim.close();
    }
}
