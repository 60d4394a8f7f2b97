package org.nmsim.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.message.BurstCode;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.Presets;
import org.nmsim.chip.preset.UserChips;
import org.nmsim.datasets.FashionMnist;
import org.nmsim.learning.Learners;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.MlpChip;
import org.nmsim.learning.OnlineHyper;
import org.nmsim.learning.StorageFormats;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads experiment configurations from YAML (snakeyaml-engine, YAML 1.2 core schema) into a validated
 * {@link ExperimentConfig}. The whole file is checked before anything runs, and every problem is reported at once
 * in a {@link ConfigException}, one line each: the field path, the value and the rule, e.g.
 * {@code algorithm.steps=0 must be >= 1}. Unknown keys and wrong types are errors.
 *
 * <pre>
 * chip:      {preset: spinnaker2, overrides: {...UserChips keys...}, energy: {synop.binary: 10.0}}
 * network:   {sizes: [784, 100, 100, 10], weight_bits: 8, gradient_bits: 16, trace_bits: 16, feedback_bits: 16,
 *             arithmetic: float64 | fixed-point}
 * algorithm: {method: fgt, steps: 6, eta: 0.005, lambda: 0.5, vth: 1.0, a1: 0.25, lambda_m: 0.999,
 *             burst: none | q1 | q20, neuron: deterministic | stochastic, batch: 1, directions: 1, local_loss: 0}
 *            or, for a registered learner (Learners: sfdfa, sigprop, biograd, ...), {method: NAME, ...its own
 *            keys...}, validated by its factory when the learner is built
 * dataset:   {name: fashion-mnist, path: DIR, train_limit: 3000, test_limit: 1000, encoding: direct-current}
 * run:       {epochs: 2, seed: 1, workers: 2, eval_every: 1, alignment_samples: 0, alignment_window: 32}
 * output:    {dir: runs/NAME}
 * probes:    [{population: h1, variable: spikes, neurons: all, every: 1, samples: {first: 1}}, ...]
 * </pre>
 *
 * <p>{@code probes} (optional) is a list; each probe records one variable of one population into
 * {@code OUT/traces/<population>-<variable>.nmtrace}: {@code population} is {@code input}, {@code h1}..{@code
 * h(N-1)} or {@code readout}; {@code variable} is {@code spikes}, {@code u} or {@code trace} (input: spikes, trace;
 * hidden: all three; readout: u); {@code neurons} is {@code all} (default) or a list of indices within the
 * population; {@code every} the sampling interval in algorithmic steps (default 1); {@code samples} which run
 * samples (training then test, counted together in the order run) are recorded: {@code {first: K}}, a list of
 * indices, or {@code all} (default {@code {first: 1}}; all samples of a long run make big files).
 *
 * <p>Threading: stateless; thread safe.
 */
public final class ExperimentConfigs
{
    /** Top-level sections. */
    static final List<String> SECTIONS = List.of("chip", "network", "algorithm", "dataset", "run", "output",
        "probes");
    static final List<String> PROBE_KEYS = List.of("population", "variable", "neurons", "synapses", "every",
        "samples");
    static final List<String> VARIABLES = List.of("spikes", "u", "trace", "weights");
    static final List<String> CHIP_KEYS = List.of("preset", "overrides", "energy");
    static final List<String> NETWORK_KEYS = List.of("sizes", "weight_bits", "gradient_bits", "trace_bits",
        "feedback_bits", "arithmetic");
    static final List<String> ARITHMETICS = List.of("float64", "fixed-point");
    static final List<String> ALGORITHM_KEYS = List.of("method", "steps", "eta", "lambda", "vth", "a1", "lambda_m",
        "burst", "neuron", "batch", "directions", "local_loss");
    static final List<String> NEURONS = List.of("deterministic", "stochastic");
    static final List<String> BURSTS = List.of("none", "q1", "q20");
    static final List<String> DATASET_KEYS = List.of("name", "path", "train_limit", "test_limit", "encoding");
    static final List<String> RUN_KEYS = List.of("epochs", "seed", "workers", "eval_every", "alignment_samples",
        "alignment_window");
    static final List<String> OUTPUT_KEYS = List.of("dir");
    static final List<String> METHODS = List.of("dfa", "fgt", "fgt_wo_m", "fgt_s", "bp");
    static final List<String> DATASETS = List.of("fashion-mnist");
    static final List<String> ENCODINGS = List.of("direct-current");
    static final int FASHION_PIXELS = 28 * 28;
    /** Where runs land by default: runs/NAME, relative to the working directory. */
    static final String DEFAULT_OUTPUT_ROOT = "runs";

    /**
     * Command-line overrides, applied to the file's values before validation; null fields leave the file alone.
     *
     * @param epochs     run.epochs.
     * @param trainLimit dataset.train_limit.
     * @param testLimit  dataset.test_limit.
     * @param workers    run.workers.
     * @param out        output.dir.
     */
    public record Overrides(Integer epochs, Integer trainLimit, Integer testLimit, Integer workers, Path out)
    {
        /** @return no overrides. */
        public static Overrides none()
        {
            return new Overrides(null, null, null, null, null);
        }
    }

    private ExperimentConfigs()
    {
    }

    /**
     * Loads and validates a config file.
     *
     * @param file      the YAML file; its name without extension names the experiment.
     * @param overrides command-line overrides.
     * @return the validated config.
     * @throws IOException      when the file cannot be read (one line naming it).
     * @throws ConfigException  listing every problem, or the YAML syntax error with its line and column.
     */
    public static ExperimentConfig load(final Path file, final Overrides overrides) throws IOException
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            throw new NoSuchFileException(file.toString(), null, "config file does not exist");
        }
        final String fileName = file.getFileName().toString();
        final int dot = fileName.lastIndexOf('.');
        return parse(dot > 0 ? fileName.substring(0, dot) : fileName, text, file.toString(), overrides);
    }

    /**
     * Parses and validates YAML text.
     *
     * @param name      the experiment name.
     * @param yaml      the YAML document.
     * @param source    a label for messages (the file name).
     * @param overrides command-line overrides.
     * @return the validated config.
     * @throws ConfigException listing every problem.
     */
    public static ExperimentConfig parse(final String name, final String yaml, final String source,
        final Overrides overrides)
    {
        final Object doc;
        try
        {
            final LoadSettings settings = LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(false).build();
            doc = new Load(settings).loadFromString(yaml);
        }
        catch (final MarkedYamlEngineException ex)
        {
            final String where = ex.getProblemMark().map(m -> "line " + (m.getLine() + 1) + ", column " +
                (m.getColumn() + 1) + ": ").orElse("");
            throw new ConfigException(source, List.of("YAML syntax error at " + where + oneLine(ex.getProblem()) +
                (ex.getContext() == null ? "" : " (" + oneLine(ex.getContext()) + ")")));
        }
        catch (final YamlEngineException ex)
        {
            throw new ConfigException(source, List.of("YAML error: " + oneLine(ex.getMessage())));
        }
        if (!(doc instanceof Map))
        {
            throw new ConfigException(source, List.of("the document must be a map with the sections " + SECTIONS +
                " but is " + (doc == null ? "empty" : describe(doc))));
        }
        return fromMap(name, castMap(doc), source, overrides);
    }

    /**
     * Validates a config given as plain maps (as a YAML loader produces them).
     *
     * @param name      the experiment name.
     * @param doc       the document.
     * @param source    a label for messages.
     * @param overrides command-line overrides.
     * @return the validated config.
     * @throws ConfigException listing every problem.
     */
    public static ExperimentConfig fromMap(final String name, final Map<String, Object> doc, final String source,
        final Overrides overrides)
    {
        final Reader r = new Reader();
        for (final String key : doc.keySet())
        {
            if (!SECTIONS.contains(key))
            {
                r.errors.add(key + ": unknown section (allowed: " + String.join(", ", SECTIONS) + ")");
            }
        }
        final Map<String, Object> chipMap = r.section(doc, "chip", CHIP_KEYS, true);
        final Map<String, Object> netMap = r.section(doc, "network", NETWORK_KEYS, true);
        // a registered factory's method reads its own keys (AlgorithmParams, checked when the learner is built)
        final String pluginMethod = pluginMethod(doc.get("algorithm"));
        final Map<String, Object> algMap = r.section(doc, "algorithm", pluginMethod != null ?
            new ArrayList<>(rawKeys(doc.get("algorithm"))) : ALGORITHM_KEYS, true);
        final Map<String, Object> dataMap = r.section(doc, "dataset", DATASET_KEYS, true);
        final Map<String, Object> runMap = r.section(doc, "run", RUN_KEYS, true);
        final Map<String, Object> outMap = r.section(doc, "output", OUTPUT_KEYS, false);
        if (overrides.epochs() != null)
        {
            runMap.put("epochs", overrides.epochs());
        }
        if (overrides.workers() != null)
        {
            runMap.put("workers", overrides.workers());
        }
        if (overrides.trainLimit() != null)
        {
            dataMap.put("train_limit", overrides.trainLimit());
        }
        if (overrides.testLimit() != null)
        {
            dataMap.put("test_limit", overrides.testLimit());
        }
        if (overrides.out() != null)
        {
            outMap.put("dir", overrides.out().toString());
        }

        // chip
        final String preset = r.string(chipMap, "chip.preset", null, true);
        if (preset != null && !Presets.NAMES.contains(preset))
        {
            r.errors.add("chip.preset=" + preset + " is unknown (known: " + String.join(", ", Presets.NAMES) + ")");
        }
        final Map<String, Object> chipOverrides = r.map(chipMap, "chip.overrides");
        final Map<String, Object> energy = r.map(chipMap, "chip.energy");
        ChipSpec spec = null;
        EnergyTable table = null;
        if (preset != null && Presets.NAMES.contains(preset))
        {
            try
            {
                if (chipOverrides.isEmpty())
                {
                    spec = Presets.byName(preset);
                }
                else if (chipOverrides.containsKey("base"))
                {
                    r.errors.add("chip.overrides.base=" + chipOverrides.get("base") + " is not allowed (the base " +
                        "preset is chip.preset)");
                }
                else
                {
                    final Map<String, Object> m = new LinkedHashMap<>(chipOverrides);
                    m.put("base", preset);
                    spec = UserChips.fromMap(m);
                }
            }
            catch (final IllegalArgumentException ex)
            {
                r.errors.add("chip.overrides: " + ex.getMessage());
            }
            if (spec != null)
            {
                try
                {
                    table = EnergyTable.forChip(spec).withOverrides(energy);
                }
                catch (final IllegalArgumentException ex)
                {
                    r.errors.add("chip.energy: " + ex.getMessage());
                }
            }
        }

        // network
        final List<Integer> sizes = r.sizes(netMap, "network.sizes");
        final StorageFormats defaults = StorageFormats.defaults();
        final int weightBits = r.integer(netMap, "network.weight_bits", defaults.weightBits(), 1, 64);
        final int gradientBits = r.integer(netMap, "network.gradient_bits", defaults.gradientBits(), 1, 64);
        final int traceBits = r.integer(netMap, "network.trace_bits", defaults.traceBits(), 1, 64);
        final int feedbackBits = r.integer(netMap, "network.feedback_bits", defaults.feedbackBits(), 1, 64);

        final String arithmetic = r.string(netMap, "network.arithmetic", ARITHMETICS.get(0), false);
        if (arithmetic != null && !ARITHMETICS.contains(arithmetic))
        {
            r.errors.add("network.arithmetic=" + arithmetic + " is unknown (known: " + String.join(", ", ARITHMETICS) +
                ")");
        }

        // algorithm
        final OnlineHyper paper = OnlineHyper.paperDefaults(LearningMethod.FGT, 1, 0.0);
        final String methodName = r.string(algMap, "algorithm.method", null, true);
        LearningMethod method = null;
        if (methodName != null && pluginMethod == null)
        {
            if (METHODS.contains(methodName.toLowerCase(Locale.ROOT)))
            {
                method = LearningMethod.valueOf(methodName.toUpperCase(Locale.ROOT));
            }
            else
            {
                final List<String> known = new ArrayList<>(METHODS);
                known.addAll(Learners.methods());
                r.errors.add("algorithm.method=" + methodName + " is unknown (known: " + String.join(", ", known) +
                    ")");
            }
        }
        final boolean mlp = pluginMethod == null;
        final int steps = mlp ? r.integerRequired(algMap, "algorithm.steps", 1, Integer.MAX_VALUE) : 1;
        final double eta = mlp ? r.real(algMap, "algorithm.eta", Double.NaN, true, 0.0, true, Double.MAX_VALUE, true) :
            0.0;
        final double lambda = mlp ? r.real(algMap, "algorithm.lambda", paper.lambda(), false, 0.0, true, 1.0, false) :
            paper.lambda();
        final double vth = mlp ? r.real(algMap, "algorithm.vth", paper.vth(), false, 0.0, false, Double.MAX_VALUE,
            true) : paper.vth();
        final double a1 = mlp ? r.real(algMap, "algorithm.a1", paper.a1(), false, 0.0, false, Double.MAX_VALUE, true) :
            paper.a1();
        final double lambdaM = mlp ? r.real(algMap, "algorithm.lambda_m", paper.lambdaM(), false, 0.0, true, 1.0,
            false) : paper.lambdaM();
        final int batch = mlp ? r.integer(algMap, "algorithm.batch", 1, 1, Integer.MAX_VALUE) : 1;
        // local learning (paper 000 App. D.2): the weight of each hidden layer's local readout loss; 0 = none
        final double localLoss = mlp ? r.real(algMap, "algorithm.local_loss", 0.0, false, 0.0, true,
            Double.MAX_VALUE, true) : 0.0;
        if (method == LearningMethod.BP && localLoss > 0)
        {
            r.errors.add("algorithm.local_loss=" + localLoss + " needs a method without backpropagation (method=bp " +
                "already sends every hidden layer the exact gradient)");
        }
        // K forward-gradient directions per hidden layer and step (paper 000 "FGT (w/o m, s8)": K = 8)
        int directions = mlp ? r.integer(algMap, "algorithm.directions", 1, 1, Integer.MAX_VALUE) : 1;
        if (directions > 1 && (method == LearningMethod.DFA || method == LearningMethod.BP))
        {
            r.errors.add("algorithm.directions=" + directions + " needs an FGT method (algorithm.method=" +
                methodName + " draws no forward-gradient directions)");
            directions = 1;
        }
        final String neuron = mlp ? r.string(algMap, "algorithm.neuron", NEURONS.get(0), false) : NEURONS.get(0);
        if (neuron != null && !NEURONS.contains(neuron))
        {
            r.errors.add("algorithm.neuron=" + neuron + " is unknown (known: " + String.join(", ", NEURONS) + ")");
        }
        final String burstName = mlp ? r.string(algMap, "algorithm.burst", "none", false) : "none";
        BurstCode burst = null;
        if (burstName != null && !BURSTS.contains(burstName))
        {
            r.errors.add("algorithm.burst=" + burstName + " is unknown (known: " + String.join(", ", BURSTS) + ")");
        }
        else if (burstName != null && !"none".equals(burstName))
        {
            if (method == LearningMethod.DFA || method == LearningMethod.BP)
            {
                r.errors.add("algorithm.burst=" + burstName + " needs an FGT method (algorithm.method=" + methodName +
                    " sends no forward-gradient signals)");
            }
            else
            {
                burst = "q1".equals(burstName) ? BurstCode.Q1 : BurstCode.Q20;
            }
        }

        // dataset
        final String dataName = r.string(dataMap, "dataset.name", null, true);
        if (dataName != null && !DATASETS.contains(dataName))
        {
            r.errors.add("dataset.name=" + dataName + " is unknown (known: " + String.join(", ", DATASETS) + ")");
        }
        final String pathText = r.string(dataMap, "dataset.path", null, false);
        Path dataPath = null;
        if (pathText != null)
        {
            dataPath = Path.of(pathText);
            if (!Files.isDirectory(dataPath))
            {
                r.errors.add("dataset.path=" + pathText + " must be an existing directory holding the IDX files");
            }
        }
        if ("fashion-mnist".equals(dataName) && sizes.size() >= 3)
        {
            if (sizes.get(0) != FASHION_PIXELS)
            {
                r.errors.add("network.sizes[0]=" + sizes.get(0) + " must be " + FASHION_PIXELS + " (fashion-mnist " +
                    "images have 28 x 28 pixels)");
            }
            if (sizes.get(sizes.size() - 1) != FashionMnist.CLASSES)
            {
                r.errors.add("network.sizes[" + (sizes.size() - 1) + "]=" + sizes.get(sizes.size() - 1) + " must be "
                    + FashionMnist.CLASSES + " (fashion-mnist has " + FashionMnist.CLASSES + " classes)");
            }
        }
        final Integer trainLimit = r.optionalInteger(dataMap, "dataset.train_limit", 1, Integer.MAX_VALUE);
        final Integer testLimit = r.optionalInteger(dataMap, "dataset.test_limit", 1, Integer.MAX_VALUE);
        final String encoding = r.string(dataMap, "dataset.encoding", ENCODINGS.get(0), false);
        if (encoding != null && !ENCODINGS.contains(encoding))
        {
            r.errors.add("dataset.encoding=" + encoding + " is unknown (known: " + String.join(", ", ENCODINGS) +
                "; the online MLP feeds pixel/255 as a constant current, MODEL.md)");
        }

        // run
        final int epochs = r.integerRequired(runMap, "run.epochs", 1, Integer.MAX_VALUE);
        final long seed = r.longValue(runMap, "run.seed", 1L);
        final int workers = r.integer(runMap, "run.workers", Runtime.getRuntime().availableProcessors(), 1, 1024);
        final int evalEvery = r.integer(runMap, "run.eval_every", 1, 1, Integer.MAX_VALUE);
        final int alignmentSamples = r.integer(runMap, "run.alignment_samples", 0, 0, Integer.MAX_VALUE);
        final int alignmentWindow = r.integer(runMap, "run.alignment_window", 32, 1, Integer.MAX_VALUE);

        // output
        final String dir = r.string(outMap, "output.dir", Path.of(DEFAULT_OUTPUT_ROOT, name).toString(), false);

        // probes
        final List<ExperimentConfig.Probe> probes = probes(r, doc.get("probes"), sizes);
        if (!mlp && !probes.isEmpty())
        {
            r.errors.add("probes: not supported for algorithm.method=" + pluginMethod + " (only for the online MLP's " +
                "methods: " + String.join(", ", METHODS) + ")");
        }
        if (mlp && batch > 1 && alignmentSamples > 0)
        {
            r.errors.add("run.alignment_samples=" + alignmentSamples + ": the BP alignment diagnostic compares " +
                "per-sample updates; it needs algorithm.batch=1, not " + batch);
        }
        if (!mlp && alignmentSamples > 0)
        {
            r.errors.add("run.alignment_samples=" + alignmentSamples + ": the BP alignment diagnostic supports only " +
                "the online MLP's methods, not algorithm.method=" + pluginMethod);
        }

        if (!r.errors.isEmpty())
        {
            throw new ConfigException(source, r.errors);
        }
        final ExperimentConfig.Algorithm algorithm = mlp ?
            new ExperimentConfig.Algorithm(new OnlineHyper(method, steps, lambda, vth, a1, lambdaM, eta, burst,
                "stochastic".equals(neuron), batch, directions, localLoss)) :
            new ExperimentConfig.Algorithm(pluginMethod, null, algMap);
        return new ExperimentConfig(name,
            new ExperimentConfig.Chip(preset, chipOverrides, energy, spec, table),
            new ExperimentConfig.Network(sizes, new StorageFormats(weightBits, gradientBits, traceBits, feedbackBits),
                "fixed-point".equals(arithmetic)),
            algorithm,
            new ExperimentConfig.Dataset(dataName, dataPath, trainLimit, testLimit, encoding),
            new ExperimentConfig.RunSettings(epochs, seed, workers, evalEvery, alignmentSamples, alignmentWindow),
            new ExperimentConfig.Output(Path.of(dir)), probes);
    }

    /** @return the lower-case method when the section names a registered factory's method, else null. */
    private static String pluginMethod(final Object section)
    {
        if (!(section instanceof Map))
        {
            return null;
        }
        final Object m = ((Map<?, ?>)section).get("method");
        if (m == null)
        {
            return null;
        }
        final String name = m.toString().toLowerCase(Locale.ROOT);
        return Learners.forMethod(name) == null ? null : name;
    }

    private static List<String> rawKeys(final Object section)
    {
        final List<String> keys = new ArrayList<>();
        for (final Object k : ((Map<?, ?>)section).keySet())
        {
            keys.add(String.valueOf(k));
        }
        return keys;
    }

    private static List<ExperimentConfig.Probe> probes(final Reader r, final Object value, final List<Integer> sizes)
    {
        final List<ExperimentConfig.Probe> out = new ArrayList<>();
        if (value == null)
        {
            return out;
        }
        if (!(value instanceof List))
        {
            r.errors.add("probes=" + describe(value) + " must be a list of probes {" + String.join(", ", PROBE_KEYS) +
                "}");
            return out;
        }
        final List<?> list = (List<?>)value;
        final List<String> pops = sizes.size() >= 3 ? MlpChip.populationNames(sizes.size() - 1) : List.of();
        final Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++)
        {
            final String at = "probes[" + i + "]";
            final Map<String, Object> p = r.section(Map.of(at, list.get(i) == null ? "null" : list.get(i)), at,
                PROBE_KEYS, true);
            if (!(list.get(i) instanceof Map))
            {
                continue;
            }
            final String pop = r.string(p, at + ".population", null, true);
            final int layer = pop == null ? -1 : pops.indexOf(pop);
            if (pop != null && layer < 0 && !pops.isEmpty())
            {
                r.errors.add(at + ".population=" + pop + " is unknown (known: " + String.join(", ", pops) + ")");
            }
            final String var = r.string(p, at + ".variable", null, true);
            boolean varOk = false;
            if (var != null && !VARIABLES.contains(var))
            {
                r.errors.add(at + ".variable=" + var + " is unknown (known: " + String.join(", ", VARIABLES) + ")");
            }
            else if (var != null && layer >= 0)
            {
                final List<String> available = MlpChip.variables(pop);
                varOk = available.contains(var);
                if (!varOk)
                {
                    r.errors.add(at + ".variable=" + var + " is not available for population " + pop +
                        " (available: " + String.join(", ", available) + ")");
                }
            }
            final boolean weights = "weights".equals(var);
            if (weights && p.containsKey("neurons"))
            {
                r.errors.add(at + ".neurons: a weights probe lists synapses, not neurons (synapses: [[pre, post], ...])");
            }
            if (!weights && p.containsKey("synapses"))
            {
                r.errors.add(at + ".synapses: only a weights probe takes synapses (variable=" + var + ")");
            }
            final List<Integer> neurons = weights ? synapses(r, p.get("synapses"), at + ".synapses", layer, sizes) :
                indices(r, p.get("neurons"), at + ".neurons",
                layer >= 0 ? sizes.get(layer) : Integer.MAX_VALUE, layer >= 0 ? " (population " + pop + " has " +
                sizes.get(layer) + " neurons)" : "");
            final int every = r.integer(p, at + ".every", 1, 1, Integer.MAX_VALUE);
            final Object samplesValue = p.get("samples");
            List<Integer> samples = List.of(0);
            if (samplesValue instanceof Map)
            {
                final Map<String, Object> first = r.section(Map.of(at + ".samples", samplesValue), at + ".samples",
                    List.of("first"), true);
                final Integer k = r.optionalInteger(first, at + ".samples.first", 1, Integer.MAX_VALUE);
                if (k == null && !first.containsKey("first"))
                {
                    r.errors.add(at + ".samples.first: missing (required: the number of samples, >= 1)");
                }
                samples = k == null ? List.of(0) : java.util.stream.IntStream.range(0, k).boxed().toList();
            }
            else if (samplesValue != null)
            {
                samples = indices(r, samplesValue, at + ".samples", Integer.MAX_VALUE, "");
            }
            if (varOk)
            {
                final String id = pop + "-" + var;
                final Integer before = seen.putIfAbsent(id, i);
                if (before != null)
                {
                    r.errors.add(at + ": duplicates probes[" + before + "] (" + id + "; one trace file per population "
                        + "and variable)");
                }
                out.add(new ExperimentConfig.Probe(pop, var, neurons, every, samples));
            }
        }
        return out;
    }

    /**
     * A weights probe's synapses {@code [[pre, post], ...]} into the population of {@code layer}, as the record ids
     * {@code pre * n_post + post}, sorted; {@code null} for {@code all} or when absent.
     */
    private static List<Integer> synapses(final Reader r, final Object v, final String path, final int layer,
        final List<Integer> sizes)
    {
        if (v == null || "all".equals(v))
        {
            return null;
        }
        if (!(v instanceof List) || layer < 1)
        {
            r.errors.add(path + "=" + describe(v) + " must be a list of [pre, post] pairs" + (layer < 1 ?
                " (and the population must receive weights: a hidden layer or the readout)" : ""));
            return null;
        }
        final int nPre = sizes.get(layer - 1);
        final int nPost = sizes.get(layer);
        final java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
        final List<?> list = (List<?>)v;
        for (int k = 0; k < list.size(); k++)
        {
            final Object pair = list.get(k);
            if (!(pair instanceof List) || ((List<?>)pair).size() != 2 || !(((List<?>)pair).get(0) instanceof Integer) ||
                !(((List<?>)pair).get(1) instanceof Integer))
            {
                r.errors.add(path + "[" + k + "]=" + describe(pair) + " must be [pre, post] with two integers");
                continue;
            }
            final int pre = (Integer)((List<?>)pair).get(0);
            final int post = (Integer)((List<?>)pair).get(1);
            if (pre < 0 || pre >= nPre || post < 0 || post >= nPost)
            {
                r.errors.add(path + "[" + k + "]=[" + pre + ", " + post + "] must have 0 <= pre < " + nPre +
                    " and 0 <= post < " + nPost + " (the weights into this population are " + nPre + " x " + nPost +
                    ")");
                continue;
            }
            if (!ids.add(pre * nPost + post))
            {
                r.errors.add(path + "[" + k + "]=[" + pre + ", " + post + "] is listed twice");
            }
        }
        return List.copyOf(ids);
    }

    /** @return {@code null} for {@code all}, else ascending distinct indices in [0, limit). */
    private static List<Integer> indices(final Reader r, final Object v, final String path, final int limit,
        final String why)
    {
        if (v == null || "all".equals(v))
        {
            return null;
        }
        if (!(v instanceof List))
        {
            r.errors.add(path + "=" + describe(v) + " must be \"all\" or a list of indices" +
                (path.endsWith(".samples") ? " or {first: K}" : ""));
            return null;
        }
        final List<?> list = (List<?>)v;
        final List<Integer> out = new ArrayList<>();
        for (int j = 0; j < list.size(); j++)
        {
            final Integer x = r.checkedInt(path + "[" + j + "]", list.get(j), 0, Integer.MAX_VALUE);
            if (x == null)
            {
                continue;
            }
            if (x >= limit)
            {
                r.errors.add(path + "[" + j + "]=" + x + " must be < " + limit + why);
                continue;
            }
            if (!out.isEmpty() && x <= out.get(out.size() - 1))
            {
                r.errors.add(path + "[" + j + "]=" + x + " must be greater than the index before it (ascending, " +
                    "no duplicates)");
                continue;
            }
            out.add(x);
        }
        if (list.isEmpty())
        {
            r.errors.add(path + "=[] must list at least one index (or be \"all\")");
        }
        return out;
    }

    /**
     * @param method a method.
     * @return its config name, e.g. {@code fgt_wo_m}.
     */
    static String methodName(final LearningMethod method)
    {
        return method.name().toLowerCase(Locale.ROOT);
    }

    private static String oneLine(final String s)
    {
        return s == null ? "" : s.replace('\n', ' ').strip();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(final Object o)
    {
        return (Map<String, Object>)o;
    }

    private static String describe(final Object value)
    {
        if (value instanceof Map)
        {
            return "a map";
        }
        if (value instanceof List)
        {
            return "a list";
        }
        return String.valueOf(value);
    }

    /** Collects errors while reading typed fields; NOT thread safe. */
    private static final class Reader
    {
        final List<String> errors = new ArrayList<>();
        /** Sections missing or not maps: their required fields are not reported again. */
        final Set<String> unusable = new HashSet<>();

        private void missing(final String path, final String message)
        {
            if (!unusable.contains(path.substring(0, path.indexOf('.'))))
            {
                errors.add(message);
            }
        }

        Map<String, Object> section(final Map<String, Object> doc, final String name, final List<String> allowed,
            final boolean required)
        {
            final Object v = doc.get(name);
            if (v == null)
            {
                if (required && !doc.containsKey(name))
                {
                    unusable.add(name);
                    errors.add(name + ": missing section (required: " + String.join(", ", SECTIONS.subList(0, 5)) +
                        ")");
                }
                return new LinkedHashMap<>();
            }
            if (!(v instanceof Map))
            {
                unusable.add(name);
                errors.add(name + "=" + describe(v) + " must be a map (keys: " + String.join(", ", allowed) + ")");
                return new LinkedHashMap<>();
            }
            final Map<String, Object> m = new LinkedHashMap<>();
            for (final Map.Entry<?, ?> e : ((Map<?, ?>)v).entrySet())
            {
                final String key = String.valueOf(e.getKey());
                if (!allowed.contains(key))
                {
                    errors.add(name + "." + key + ": unknown key (allowed: " + String.join(", ", allowed) + ")");
                }
                else
                {
                    m.put(key, e.getValue());
                }
            }
            return m;
        }

        Map<String, Object> map(final Map<String, Object> section, final String path)
        {
            final Object v = section.get(leaf(path));
            if (v == null)
            {
                return new LinkedHashMap<>();
            }
            if (!(v instanceof Map))
            {
                errors.add(path + "=" + describe(v) + " must be a map");
                return new LinkedHashMap<>();
            }
            final Map<String, Object> m = new LinkedHashMap<>();
            for (final Map.Entry<?, ?> e : ((Map<?, ?>)v).entrySet())
            {
                if (!(e.getKey() instanceof String))
                {
                    errors.add(path + "." + e.getKey() + ": keys must be strings");
                }
                else
                {
                    m.put((String)e.getKey(), e.getValue());
                }
            }
            return m;
        }

        String string(final Map<String, Object> section, final String path, final String dflt, final boolean required)
        {
            final Object v = section.get(leaf(path));
            if (v == null)
            {
                if (required)
                {
                    missing(path, path + ": missing (required)");
                }
                return dflt;
            }
            if (!(v instanceof String) || ((String)v).isBlank())
            {
                errors.add(path + "=" + describe(v) + " must be a non-blank string");
                return dflt;
            }
            return (String)v;
        }

        /** @return the value as a long, or null (error recorded) when it is not an integer. */
        private Long asLong(final String path, final Object v)
        {
            if (v instanceof Integer || v instanceof Long)
            {
                return ((Number)v).longValue();
            }
            if (v instanceof BigInteger)
            {
                errors.add(path + "=" + v + " is out of range (must fit in 64 bits)");
                return null;
            }
            errors.add(path + "=" + describe(v) + " must be an integer");
            return null;
        }

        private Integer checkedInt(final String path, final Object v, final int min, final int max)
        {
            final Long x = asLong(path, v);
            if (x == null)
            {
                return null;
            }
            if (x < min)
            {
                errors.add(path + "=" + x + " must be >= " + min);
                return null;
            }
            if (x > max)
            {
                errors.add(path + "=" + x + " must be <= " + max);
                return null;
            }
            return x.intValue();
        }

        int integer(final Map<String, Object> section, final String path, final int dflt, final int min,
            final int max)
        {
            final Object v = section.get(leaf(path));
            if (v == null)
            {
                return dflt;
            }
            final Integer x = checkedInt(path, v, min, max);
            return x == null ? dflt : x;
        }

        int integerRequired(final Map<String, Object> section, final String path, final int min, final int max)
        {
            final Object v = section.get(leaf(path));
            if (v == null)
            {
                missing(path, path + ": missing (required: an integer >= " + min + ")");
                return min;
            }
            final Integer x = checkedInt(path, v, min, max);
            return x == null ? min : x;
        }

        Integer optionalInteger(final Map<String, Object> section, final String path, final int min, final int max)
        {
            final Object v = section.get(leaf(path));
            return v == null ? null : checkedInt(path, v, min, max);
        }

        long longValue(final Map<String, Object> section, final String path, final long dflt)
        {
            final Object v = section.get(leaf(path));
            if (v == null)
            {
                return dflt;
            }
            final Long x = asLong(path, v);
            return x == null ? dflt : x;
        }

        double real(final Map<String, Object> section, final String path, final double dflt, final boolean required,
            final double lo, final boolean loInclusive, final double hi, final boolean hiInclusive)
        {
            final Object v = section.get(leaf(path));
            if (v == null)
            {
                if (required)
                {
                    missing(path, path + ": missing (required: a number)");
                }
                return dflt;
            }
            if (!(v instanceof Number))
            {
                errors.add(path + "=" + describe(v) + " must be a number");
                return dflt;
            }
            final double x = ((Number)v).doubleValue();
            final boolean okLo = loInclusive ? x >= lo : x > lo;
            final boolean okHi = hiInclusive ? x <= hi : x < hi;
            if (!Double.isFinite(x) || !okLo || !okHi)
            {
                final String rule = hi == Double.MAX_VALUE ? "must be finite and " + (loInclusive ? ">= " : "> ") + lo
                    : "must be in " + (loInclusive ? "[" : "(") + lo + ", " + hi + (hiInclusive ? "]" : ")");
                errors.add(path + "=" + v + " " + rule);
                return dflt;
            }
            return x;
        }

        List<Integer> sizes(final Map<String, Object> section, final String path)
        {
            final Object v = section.get(leaf(path));
            if (v == null)
            {
                missing(path, path + ": missing (required: layer sizes, input first, classes last, e.g. [784, " +
                    "100, 100, 10])");
                return List.of();
            }
            if (!(v instanceof List))
            {
                errors.add(path + "=" + describe(v) + " must be a list of layer sizes, e.g. [784, 100, 100, 10]");
                return List.of();
            }
            final List<?> list = (List<?>)v;
            if (list.size() < 3)
            {
                errors.add(path + "=" + list + " must list at least 3 layers (input, one or more hidden, classes)");
            }
            final List<Integer> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++)
            {
                final Integer x = checkedInt(path + "[" + i + "]", list.get(i), 1, Integer.MAX_VALUE);
                out.add(x == null ? 1 : x);
            }
            return out;
        }

        private static String leaf(final String path)
        {
            return path.substring(path.lastIndexOf('.') + 1);
        }
    }
}
