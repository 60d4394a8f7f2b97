package org.nmsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.PlasticityOp;
import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerFactory;
import org.nmsim.learning.Learners;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.StorageFormats;
import org.nmsim.mapping.net.Connectivity;
import org.nmsim.mapping.net.Network;
import org.nmsim.mapping.net.Population;
import org.nmsim.mapping.net.PopulationRole;
import org.nmsim.mapping.net.Projection;
import org.nmsim.mapping.net.ProjectionRole;
import org.nmsim.mapping.net.WeightFormat;
import org.nmsim.mapping.place.FeasibilityReport;
import org.nmsim.mapping.place.LearningNeeds;
import org.nmsim.mapping.place.Mapper;
import org.nmsim.mapping.place.MappingOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nmsim map EXPERIMENT.yaml}: does the experiment's network, with what its learning method adds, fit its
 * chip? Partitions, places and routes it ({@link Mapper}) and prints the feasibility report.
 *
 * <p>What a method adds (the same charges as the training path's partition):
 * <ul>
 *   <li>every method: per forward synapse a gradient accumulator of {@code gradient_bits}, per presynaptic axon
 *   a trace of {@code trace_bits}; graded messages (direct-current input, errors; 16-bit payload assumed); ADD,
 *   MULTIPLY, and for the softmax and the sigmoid surrogate EXP and DIVIDE, or, on engines without them, SHIFT
 *   (lookup tables and a Newton reciprocal, as the training path's EngineMath computes them);</li>
 *   <li>DFA, FGT, FGT(S): a FEEDBACK projection from the output to each hidden layer ({@code m x n_l} weights at
 *   {@code feedback_bits}: B for DFA, M for FGT); FGT variants also need RANDOM;</li>
 *   <li>FGT w/o M: no feedback matrix;</li>
 *   <li>BP: a symmetric FEEDBACK copy of each forward weight matrix above a hidden layer ({@code weight_bits}) with
 *   its own gradient accumulators.</li>
 * </ul>
 *
 * <p>Exit codes: 0 the network fits, 3 it does not fit (the report says why), 2 bad input.
 */
@Command(
    name = "map",
    mixinStandardHelpOptions = true,
    description = "Partition, place and route the experiment's network (plus the feedback and state its learning "
        + "method adds) on its chip and report whether it fits. Exit code 0: fits; 3: does not fit; 2: bad input.",
    footer = {"", "Example:", "  nmsim map examples/fgt-fashion-mnist-quick.yaml --json"})
public final class MapCommand implements Callable<Integer>
{
    /** Exit code when the network does not fit. */
    public static final int EXIT_DOES_NOT_FIT = 3;

    /** Graded payload width the online MLP's errors and input currents are assumed to need. */
    static final int GRADED_PAYLOAD_BITS = 16;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT.yaml", description = "Experiment config (network, chip, "
        + "algorithm).")
    Path configFile;

    @Option(names = "--json", description = "Print the report as JSON instead of text.")
    boolean json;

    @Option(names = "--max-chips", defaultValue = "2147483647", description = "Most chips the board may have "
        + "(default: unbounded).")
    int maxChips;

    @Option(names = "--rate", defaultValue = "0.1", description = "Spikes per neuron per step of non-input "
        + "populations (inputs: 1; default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--iterations", defaultValue = "20000", description = "Swap proposals of the optimised "
        + "placement (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--core-lines", defaultValue = "64", description = "Most per-core lines in the text report "
        + "(default ${DEFAULT-VALUE}).")
    int coreLines;

    @Override
    public Integer call() throws IOException
    {
        final ExperimentConfig cfg = ExperimentConfigs.load(configFile, ExperimentConfigs.Overrides.none());
        final int[] sizes = cfg.network().sizeArray();
        final StorageFormats f = cfg.network().formats();
        final Network net;
        final LearningNeeds needs;
        final int steps;
        if (cfg.algorithm().isOnlineMlp())
        {
            final LearningMethod method = cfg.algorithm().method();
            final boolean local = cfg.algorithm().hyper().localLoss() > 0;
            net = network(sizes, f, method, local);
            needs = needs(sizes, f, method, cfg.chip().spec(), local);
            steps = cfg.algorithm().hyper().steps();
        }
        else
        {
            final LearnerFactory.Footprint fp = pluginFootprint(cfg);
            if (fp == null)
            {
                return learnerPartition(cfg);
            }
            net = fp.network();
            needs = fp.needs();
            steps = 1;
        }
        final MappingOptions options = new MappingOptions(1.0, rate, Map.of(), steps, cfg.run().seed(), iterations,
            maxChips, Map.of());
        final FeasibilityReport r = Mapper.map(net, cfg.chip().spec(), needs, options).report();
        final PrintWriter o = spec.commandLine().getOut();
        o.print(json ? r.json() + System.lineSeparator() : "nmsim map " + cfg.name() + " (" +
            cfg.algorithm().methodName() + ")" + System.lineSeparator() + r.text(coreLines));
        o.flush();
        return r.fits() ? 0 : EXIT_DOES_NOT_FIT;
    }

    /** A registered learner's own description; its parameter problems become a {@link ConfigException}. */
    private LearnerFactory.Footprint pluginFootprint(final ExperimentConfig cfg)
    {
        final LearnerFactory factory = Learners.forMethod(cfg.algorithm().methodName());
        final AlgorithmParams params = new AlgorithmParams(cfg.algorithm().params());
        final LearnerFactory.Footprint fp;
        try
        {
            fp = factory.footprint(cfg.learnerSetup(), params);
            if (fp != null)
            {
                // a learner without a footprint read no keys: its build checks them (learnerPartition)
                params.check();
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(configFile.toString(), List.of(ex.getMessage().split("\n")));
        }
        return fp;
    }

    private static Map<org.nmsim.chip.memory.MemoryKind, Long> nonzero(
        final Map<org.nmsim.chip.memory.MemoryKind, Long> usage)
    {
        final Map<org.nmsim.chip.memory.MemoryKind, Long> out = new java.util.TreeMap<>();
        usage.forEach((k, v) ->
        {
            if (v != 0)
            {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * For a learner that does not describe itself to the generic mapper (the convolutional learner: the mapper has
     * no model of weight-shared kernels): builds it, so its own partition runs against the chip's limits, and prints
     * that partition, core by core. A learner that does not fit fails its build with the limit it broke.
     */
    private int learnerPartition(final ExperimentConfig cfg)
    {
        final LearnerFactory factory = Learners.forMethod(cfg.algorithm().methodName());
        final AlgorithmParams params = new AlgorithmParams(cfg.algorithm().params());
        final PrintWriter o = spec.commandLine().getOut();
        final String head = "nmsim map " + cfg.name() + " (" + cfg.algorithm().methodName() + ")" +
            System.lineSeparator() + "network " + cfg.network().sizes() + " on " + cfg.chip().spec().name() + ": ";
        final org.nmsim.learning.OnChipLearner learner;
        try
        {
            learner = factory.build(cfg.learnerSetup(), params);
            params.check();
        }
        catch (final IllegalArgumentException ex)
        {
            if (!params.errors().isEmpty())
            {
                throw new ConfigException(configFile.toString(), params.errors());
            }
            o.println(head + "DOES NOT FIT");
            o.println("  " + ex.getMessage());
            o.println("(the learner's own partition: the generic mapper has no model of this learner)");
            o.flush();
            return EXIT_DOES_NOT_FIT;
        }
        try (learner)
        {
            o.println(head + "FITS");
            o.println("(the learner's own partition, built against the chip's limits: the generic mapper has no model " +
                "of this learner)");
            o.println("cores used: " + learner.coreNames().size() + " on " + learner.chips() + " chip" +
                (learner.chips() == 1 ? "" : "s"));
            final List<String> names = learner.coreNames();
            final List<org.nmsim.chip.memory.SynapticMemoryBudget> budgets = learner.budgets();
            final int lines = Math.min(names.size(), coreLines);
            for (int c = 0; c < lines; c++)
            {
                final org.nmsim.chip.memory.SynapticMemoryBudget b = budgets.get(c);
                o.println(String.format(java.util.Locale.ROOT, "  %5d %-24s %d/%d bits %s", c, names.get(c),
                    b.usedBits(), b.capacityBits(), nonzero(b.usage())));
            }
            if (lines < names.size())
            {
                o.println("  ... " + (names.size() - lines) + " more cores (--core-lines)");
            }
        }
        o.flush();
        return 0;
    }

    /**
     * @param sizes  layer sizes.
     * @param f      storage formats.
     * @param method the learning method.
     * @return the MLP (input, h1.., output; fc1..) plus the feedback projections the method adds.
     */
    static Network network(final int[] sizes, final StorageFormats f, final LearningMethod method)
    {
        return network(sizes, f, method, false);
    }

    /**
     * @param sizes  layer sizes.
     * @param f      storage formats.
     * @param method the learning method.
     * @param local  local learning (paper 000 App. D.2): a local readout {@code r<l>} per hidden layer, with its
     *               weights {@code R<l>} and the hidden layer's transposed copy {@code R<l>^T} carrying its error.
     * @return the MLP plus the feedback projections and populations the method adds.
     */
    static Network network(final int[] sizes, final StorageFormats f, final LearningMethod method,
        final boolean local)
    {
        final int n = sizes.length - 1;
        final Network.Builder b = Network.builder();
        b.population(Population.of("input", sizes[0], "input", Map.of(), PopulationRole.INPUT));
        for (int l = 1; l <= n; l++)
        {
            b.population(l == n ? Population.of("output", sizes[l], "readout", Map.of(), PopulationRole.OUTPUT) :
                Population.of(layer(l, n), sizes[l], "lif", Map.of(), PopulationRole.HIDDEN));
            b.projection(Projection.of("fc" + l, layer(l - 1, n), layer(l, n), Connectivity.dense())
                .withWeightFormat(new WeightFormat(f.weightBits(), true)));
        }
        for (int l = 1; l < n; l++)
        {
            if (method == LearningMethod.BP)
            {
                b.projection(Projection.of("fc" + (l + 1) + "^T", layer(l + 1, n), layer(l, n),
                    Connectivity.dense()).withWeightFormat(new WeightFormat(f.weightBits(), true))
                    .withTarget("error", ProjectionRole.FEEDBACK));
            }
            else if (method != LearningMethod.FGT_WO_M)
            {
                b.projection(Projection.of((method == LearningMethod.DFA ? "B" : "M") + l, "output", layer(l, n),
                    Connectivity.dense()).withWeightFormat(new WeightFormat(f.feedbackBits(), true))
                    .withTarget("error", ProjectionRole.FEEDBACK));
            }
            if (local)
            {
                b.population(Population.of("r" + l, sizes[n], "readout", Map.of(), PopulationRole.AUXILIARY));
                b.projection(Projection.of("R" + l, layer(l, n), "r" + l, Connectivity.dense())
                    .withWeightFormat(new WeightFormat(f.weightBits(), true)));
                b.projection(Projection.of("R" + l + "^T", "r" + l, layer(l, n), Connectivity.dense())
                    .withWeightFormat(new WeightFormat(f.weightBits(), true)).withTarget("error",
                        ProjectionRole.FEEDBACK));
            }
        }
        return b.build();
    }

    /**
     * @param sizes  layer sizes.
     * @param f      storage formats.
     * @param method the learning method.
     * @return the state, operations and messages the method needs.
     */
    static LearningNeeds needs(final int[] sizes, final StorageFormats f, final LearningMethod method,
        final ChipSpec chip)
    {
        return needs(sizes, f, method, chip, false);
    }

    /**
     * @param local local learning: the local readouts' weights and their copies keep accumulators and traces too.
     * @return the state, operations and messages the method needs.
     * @see #needs(int[], StorageFormats, LearningMethod, ChipSpec)
     */
    static LearningNeeds needs(final int[] sizes, final StorageFormats f, final LearningMethod method,
        final ChipSpec chip, final boolean local)
    {
        final int n = sizes.length - 1;
        final Map<String, Integer> state = new LinkedHashMap<>();
        final Map<String, Integer> traces = new LinkedHashMap<>();
        for (int l = 1; l <= n; l++)
        {
            state.put("fc" + l, f.gradientBits());
            traces.put("fc" + l, f.traceBits());
            if (method == LearningMethod.BP && l > 1)
            {
                state.put("fc" + l + "^T", f.gradientBits());
            }
            if (local && l < n)
            {
                state.put("R" + l, f.gradientBits());
                state.put("R" + l + "^T", f.gradientBits());
                traces.put("R" + l, f.traceBits());
            }
        }
        // as the training path (EngineMath): exp and divide where the engine has them, else lookup tables and a
        // Newton reciprocal, which need shifts instead
        final EnumSet<PlasticityOp> ops = EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY);
        if (chip.missingOps(EnumSet.of(PlasticityOp.EXP, PlasticityOp.DIVIDE)).isEmpty())
        {
            ops.add(PlasticityOp.EXP);
            ops.add(PlasticityOp.DIVIDE);
        }
        else
        {
            ops.add(PlasticityOp.SHIFT);
        }
        if (method != LearningMethod.DFA && method != LearningMethod.BP)
        {
            ops.add(PlasticityOp.RANDOM);
        }
        return new LearningNeeds(state, traces, Map.of(), ops,
            EnumSet.of(MessageKind.BINARY_SPIKE, MessageKind.GRADED_SPIKE), GRADED_PAYLOAD_BITS);
    }

    private static String layer(final int l, final int n)
    {
        return l == 0 ? "input" : l == n ? "output" : "h" + l;
    }
}
