package org.nmsim.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.OnlineHyper;
import org.nmsim.learning.ProbeSpec;
import org.nmsim.learning.StorageFormats;

/**
 * A validated experiment: what {@code nmsim run EXPERIMENT.yaml} trains, on which chip, with which data, and
 * where it writes the report. {@link ExperimentConfigs} reads it from YAML and reports every error at once.
 *
 * <p>Threading: immutable; thread safe.
 *
 * @param name      the experiment name (the config file name without its extension).
 * @param chip      the chip and its energy table.
 * @param network   layer sizes and storage formats.
 * @param algorithm the learning rule and its hyperparameters.
 * @param dataset   the data and its encoding.
 * @param run       epochs, seed, workers.
 * @param output    where the run directory goes.
 * @param probes    what to record into trace files under {@code OUT/traces/}; empty for none.
 */
public record ExperimentConfig(String name, Chip chip, Network network, Algorithm algorithm, Dataset dataset,
    RunSettings run, Output output, List<Probe> probes)
{
    /** Requires every section. */
    public ExperimentConfig
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(chip, "chip");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(output, "output");
        probes = List.copyOf(probes);
    }

    /**
     * One probe: a variable of a population recorded into {@code OUT/traces/<population>-<variable>.nmtrace}.
     *
     * @param population   {@code input}, {@code h1}..{@code h(N-1)} or {@code readout}.
     * @param variable     {@code spikes}, {@code u} or {@code trace} ({@link ProbeSpec} says which population has
     *                     which).
     * @param neurons      neuron indices within the population, ascending; null for all.
     * @param every        the sampling interval in algorithmic steps, >= 1.
     * @param samples      run sample indices (training and test samples counted together, in the order run),
     *                     ascending; null for all.
     */
    public record Probe(String population, String variable, List<Integer> neurons, int every, List<Integer> samples)
    {
        /** Copies the lists. */
        public Probe
        {
            neurons = neurons == null ? null : List.copyOf(neurons);
            samples = samples == null ? null : List.copyOf(samples);
        }

        /** @return the file stem and probe id, e.g. {@code h1-spikes}. */
        public String id()
        {
            return population + "-" + variable;
        }

        /** @return the probe as the chip takes it. */
        public ProbeSpec spec()
        {
            return new ProbeSpec(population, ProbeSpec.Variable.valueOf(variable.toUpperCase(java.util.Locale.ROOT)),
                neurons == null ? null : neurons.stream().mapToInt(Integer::intValue).toArray(), every,
                samples == null ? null : samples.stream().mapToInt(Integer::intValue).toArray());
        }

        Map<String, Object> echo()
        {
            final Map<String, Object> p = new LinkedHashMap<>();
            p.put("population", population);
            p.put("variable", variable);
            p.put("neurons", neurons == null ? "all" : neurons);
            p.put("every", every);
            p.put("samples", samples == null ? "all" : samples);
            return p;
        }
    }

    /**
     * The chip: a preset, optional {@code UserChips} overrides and energy-table overrides, already resolved.
     *
     * @param preset    the base preset name.
     * @param overrides the chip overrides as given (without {@code base}); empty for the plain preset.
     * @param energy    the energy overrides as given (op name to pJ, or {@code static_power_watts}).
     * @param spec      the resolved chip.
     * @param table     the resolved energy table.
     */
    public record Chip(String preset, Map<String, Object> overrides, Map<String, Object> energy, ChipSpec spec,
        EnergyTable table)
    {
        /** Copies the maps. */
        public Chip
        {
            overrides = Map.copyOf(overrides);
            energy = Map.copyOf(energy);
        }
    }

    /**
     * @param sizes      layer sizes, input first, classes last.
     * @param formats    bits per weight, gradient accumulator, trace and feedback weight.
     * @param fixedPoint {@code network.arithmetic: fixed-point}: compute in the chip's fixed-point formats;
     *                   false ({@code float64}, the default) computes in float64 with memory still charged at the
     *                   declared widths.
     */
    public record Network(List<Integer> sizes, StorageFormats formats, boolean fixedPoint)
    {
        /** Copies the sizes. */
        public Network
        {
            sizes = List.copyOf(sizes);
        }

        /** @return the sizes as an array. */
        public int[] sizeArray()
        {
            return sizes.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /**
     * @param methodName {@code algorithm.method} as written (lower case).
     * @param hyper      the online MLP's method and hyperparameters (validated by {@link OnlineHyper}); null for
     *                   the methods of a registered {@link org.nmsim.learning.LearnerFactory}.
     * @param params     the whole {@code algorithm} section as given, for registered factories.
     */
    public record Algorithm(String methodName, OnlineHyper hyper, Map<String, Object> params)
    {
        /** Copies the parameters. */
        public Algorithm
        {
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /** @param hyper the online MLP's method and hyperparameters. */
        public Algorithm(final OnlineHyper hyper)
        {
            this(ExperimentConfigs.methodName(hyper.method()), hyper, Map.of("method",
                ExperimentConfigs.methodName(hyper.method())));
        }

        /** @return the online MLP's method; null for a registered factory's method. */
        public LearningMethod method()
        {
            return hyper == null ? null : hyper.method();
        }

        /** @return true when the method is the online MLP's ({@link org.nmsim.learning.MlpChip}). */
        public boolean isOnlineMlp()
        {
            return hyper != null;
        }

        /**
         * @param command the command that needs the online MLP (for the message).
         * @return the hyperparameters.
         * @throws IllegalArgumentException naming the method when it is not the online MLP's.
         */
        public OnlineHyper requireMlp(final String command)
        {
            if (hyper == null)
            {
                throw new IllegalArgumentException("algorithm.method=" + methodName + ": nmsim " + command +
                    " supports only the online MLP's methods (" + String.join(", ", ExperimentConfigs.METHODS) +
                    ") so far");
            }
            return hyper;
        }
    }

    /**
     * @param name       the dataset ({@code fashion-mnist}).
     * @param path       a directory holding the IDX files; null to use the installed or bundled copy.
     * @param trainLimit at most this many training samples; null for all.
     * @param testLimit  at most this many test samples; null for all.
     * @param encoding   the input encoding ({@code direct-current}).
     */
    public record Dataset(String name, Path path, Integer trainLimit, Integer testLimit, String encoding)
    {
        /** @return the path, if given. */
        public Optional<Path> pathOption()
        {
            return Optional.ofNullable(path);
        }

        /** @return the training limit, if given. */
        public OptionalInt trainLimitOption()
        {
            return trainLimit == null ? OptionalInt.empty() : OptionalInt.of(trainLimit);
        }

        /** @return the test limit, if given. */
        public OptionalInt testLimitOption()
        {
            return testLimit == null ? OptionalInt.empty() : OptionalInt.of(testLimit);
        }
    }

    /**
     * @param epochs    passes over the training set, >= 1.
     * @param seed      the experiment seed (weights, feedback, FGT draws).
     * @param workers   kernel worker threads, >= 1.
     * @param evalEvery evaluate on the test set every this many epochs (and always after the last), >= 1.
     * @param alignmentSamples the first this many training samples of each epoch also measure the gradient
     *                  alignment with BP (paper 000 Fig. 2); 0 turns the diagnostic off.
     * @param alignmentWindow samples whose updates are summed before each cosine, >= 1.
     */
    public record RunSettings(int epochs, long seed, int workers, int evalEvery, int alignmentSamples,
        int alignmentWindow)
    {
    }

    /** @param dir the run directory: report.json, report.html and config.yaml land there. */
    public record Output(Path dir)
    {
    }

    /** @return what a registered learner's factory needs besides its algorithm keys. */
    public LearnerSetup learnerSetup()
    {
        return new LearnerSetup(network.sizeArray(), chip.spec(), network.formats(), network.fixedPoint(), run.seed(),
            run.workers());
    }

    /** @return the configuration as plain maps and lists (the echo written into report.json). */
    public Map<String, Object> echo()
    {
        final Map<String, Object> out = new LinkedHashMap<>();
        final Map<String, Object> c = new LinkedHashMap<>();
        c.put("preset", chip.preset());
        c.put("overrides", new LinkedHashMap<>(chip.overrides()));
        c.put("energy", new LinkedHashMap<>(chip.energy()));
        out.put("chip", c);
        final Map<String, Object> n = new LinkedHashMap<>();
        n.put("sizes", network.sizes());
        n.put("weight_bits", network.formats().weightBits());
        n.put("gradient_bits", network.formats().gradientBits());
        n.put("trace_bits", network.formats().traceBits());
        n.put("feedback_bits", network.formats().feedbackBits());
        n.put("arithmetic", network.fixedPoint() ? "fixed-point" : "float64");
        out.put("network", n);
        final OnlineHyper h = algorithm.hyper();
        final Map<String, Object> a = new LinkedHashMap<>();
        a.put("method", algorithm.methodName());
        if (h == null)
        {
            // a registered learner's own keys, as given (its factory fills the defaults)
            algorithm.params().forEach((k, v) -> a.putIfAbsent(k, v));
        }
        else
        {
            a.put("steps", h.steps());
            a.put("eta", h.eta());
            a.put("lambda", h.lambda());
            a.put("vth", h.vth());
            a.put("a1", h.a1());
            a.put("lambda_m", h.lambdaM());
            a.put("burst", h.burst() == null ? "none" : h.burst() == org.nmsim.chip.message.BurstCode.Q1 ? "q1" :
                "q20");
            a.put("neuron", h.stochastic() ? "stochastic" : "deterministic");
            a.put("batch", h.batch());
        }
        out.put("algorithm", a);
        final Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", dataset.name());
        d.put("path", dataset.path() == null ? null : dataset.path().toString());
        d.put("train_limit", dataset.trainLimit());
        d.put("test_limit", dataset.testLimit());
        d.put("encoding", dataset.encoding());
        out.put("dataset", d);
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("epochs", run.epochs());
        r.put("seed", run.seed());
        r.put("workers", run.workers());
        r.put("eval_every", run.evalEvery());
        r.put("alignment_samples", run.alignmentSamples());
        r.put("alignment_window", run.alignmentWindow());
        out.put("run", r);
        out.put("output", Map.of("dir", output.dir().toString()));
        out.put("probes", probes.stream().map(Probe::echo).toList());
        return out;
    }
}
