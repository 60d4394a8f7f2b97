package org.nmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.MlpChip;

class ExperimentConfigsTest
{
    private static final String VALID = String.join("\n",
        "chip:",
        "  preset: spinnaker2",
        "network:",
        "  sizes: [784, 100, 100, 10]",
        "algorithm:",
        "  method: fgt",
        "  steps: 6",
        "  eta: 0.005",
        "dataset:",
        "  name: fashion-mnist",
        "run:",
        "  epochs: 2",
        "");

    private static ExperimentConfig parse(final String yaml)
    {
        return ExperimentConfigs.parse("exp", yaml, "exp.yaml", ExperimentConfigs.Overrides.none());
    }

    private static List<String> errors(final String yaml)
    {
        return assertThrows(ConfigException.class, () -> parse(yaml)).errors();
    }

    private static String with(final String from, final String to)
    {
        assertTrue(VALID.contains(from), from);
        return VALID.replace(from, to);
    }

    @Test
    void shouldFillThePaperDefaultsAndADeterministicOutputDir()
    {
        final ExperimentConfig c = parse(VALID);
        assertEquals(LearningMethod.FGT, c.algorithm().method());
        assertEquals(0.5, c.algorithm().hyper().lambda());
        assertEquals(1.0, c.algorithm().hyper().vth());
        assertEquals(0.25, c.algorithm().hyper().a1());
        assertEquals(0.999, c.algorithm().hyper().lambdaM());
        assertEquals(List.of(784, 100, 100, 10), c.network().sizes());
        assertEquals(8, c.network().formats().weightBits());
        assertEquals(Path.of("runs", "exp"), c.output().dir());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.run().workers());
        assertEquals(1, c.run().evalEvery());
        assertEquals("direct-current", c.dataset().encoding());
        assertEquals("spinnaker2", c.chip().spec().name());
    }

    static Stream<String[]> rangeErrors()
    {
        return Stream.of(
            new String[] {"steps: 6", "steps: 0", "algorithm.steps=0 must be >= 1"},
            new String[] {"epochs: 2", "epochs: -1", "run.epochs=-1 must be >= 1"},
            new String[] {"[784, 100, 100, 10]", "[784, -4, 100, 10]", "network.sizes[1]=-4 must be >= 1"},
            new String[] {"eta: 0.005", "eta: -0.1", "algorithm.eta=-0.1 must be finite and >= 0.0"},
            new String[] {"eta: 0.005", "eta: 0.005\n  lambda: 1.0", "algorithm.lambda=1.0 must be in [0.0, 1.0)"},
            new String[] {"eta: 0.005", "eta: 0.005\n  lambda_m: -0.5",
                "algorithm.lambda_m=-0.5 must be in [0.0, 1.0)"},
            new String[] {"[784, 100, 100, 10]", "[784, 100, 100, 10]\n  weight_bits: 65",
                "network.weight_bits=65 must be <= 64"},
            new String[] {"epochs: 2", "epochs: 2\n  workers: 0", "run.workers=0 must be >= 1"},
            new String[] {"name: fashion-mnist", "name: fashion-mnist\n  train_limit: 0",
                "dataset.train_limit=0 must be >= 1"},
            new String[] {"[784, 100, 100, 10]", "[784, 100]",
                "network.sizes=[784, 100] must list at least 3 layers (input, one or more hidden, classes)"},
            new String[] {"[784, 100, 100, 10]", "[784, 100, 100, 7]",
                "network.sizes[3]=7 must be 10 (fashion-mnist has 10 classes)"});
    }

    @ParameterizedTest
    @MethodSource("rangeErrors")
    void shouldNameTheFieldTheValueAndTheRuleOfARangeError(final String from, final String to, final String error)
    {
        assertEquals(List.of(error), errors(with(from, to)));
    }

    @Test
    void shouldListTheKnownNamesOfAnUnknownPresetMethodDatasetOrEncoding()
    {
        assertEquals(List.of("chip.preset=loihi3 is unknown (known: loihi1, loihi2, spinnaker1, spinnaker2)"),
            errors(with("spinnaker2", "loihi3")));
        final List<String> known = new java.util.ArrayList<>(List.of("dfa", "fgt", "fgt_wo_m", "fgt_s", "bp"));
        known.addAll(org.nmsim.learning.Learners.methods());
        assertEquals(List.of("algorithm.method=sgd is unknown (known: " + String.join(", ", known) + ")"),
            errors(with("method: fgt", "method: sgd")));
        assertEquals(List.of("dataset.name=mnist is unknown (known: fashion-mnist)"),
            errors(with("name: fashion-mnist", "name: mnist")));
        assertTrue(errors(with("name: fashion-mnist", "name: fashion-mnist\n  encoding: poisson")).get(0)
            .startsWith("dataset.encoding=poisson is unknown (known: direct-current"));
    }

    @Test
    void shouldReadTheBurstCodeOnlyForFgtMethods()
    {
        assertEquals(null, parse(VALID).algorithm().hyper().burst());
        assertEquals(org.nmsim.chip.message.BurstCode.Q1, parse(with("eta: 0.005", "eta: 0.005\n  burst: q1"))
            .algorithm().hyper().burst());
        assertEquals(org.nmsim.chip.message.BurstCode.Q20, parse(with("eta: 0.005", "eta: 0.005\n  burst: q20"))
            .algorithm().hyper().burst());
        assertEquals(List.of("algorithm.burst=q3 is unknown (known: none, q1, q20)"),
            errors(with("eta: 0.005", "eta: 0.005\n  burst: q3")));
        assertEquals(List.of("algorithm.burst=q1 needs an FGT method (algorithm.method=dfa sends no forward-gradient " +
            "signals)"), errors(with("method: fgt", "method: dfa\n  burst: q1")));
    }

    @Test
    void shouldReadTheMiniBatchAndRefuseItWithTheAlignmentDiagnostic()
    {
        assertEquals(1, parse(VALID).algorithm().hyper().batch());
        assertEquals(16, parse(with("eta: 0.005", "eta: 0.005\n  batch: 16")).algorithm().hyper().batch());
        assertEquals(List.of("algorithm.batch=0 must be >= 1"), errors(with("eta: 0.005", "eta: 0.005\n  batch: 0")));
        assertEquals(List.of("run.alignment_samples=10: the BP alignment diagnostic compares per-sample updates; it " +
            "needs algorithm.batch=1, not 4"), errors(with("eta: 0.005", "eta: 0.005\n  batch: 4")
            .replace("epochs: 2", "epochs: 2\n  alignment_samples: 10")));
    }

    @Test
    void shouldReadTheLocalLossAndRefuseItWithBp()
    {
        assertEquals(0.0, parse(VALID).algorithm().hyper().localLoss());
        assertEquals(0.01, parse(with("eta: 0.005", "eta: 0.005\n  local_loss: 0.01")).algorithm().hyper()
            .localLoss());
        assertEquals(List.of("algorithm.local_loss=-1 must be finite and >= 0.0"),
            errors(with("eta: 0.005", "eta: 0.005\n  local_loss: -1")));
        assertEquals(List.of("algorithm.local_loss=0.01 needs a method without backpropagation (method=bp already " +
            "sends every hidden layer the exact gradient)"),
            errors(with("method: fgt", "method: bp\n  local_loss: 0.01")));
    }

    @Test
    void shouldReadTheForwardGradientDirections()
    {
        assertEquals(1, parse(VALID).algorithm().hyper().directions());
        assertEquals(8, parse(with("method: fgt", "method: fgt_wo_m\n  directions: 8")).algorithm().hyper()
            .directions());
        assertEquals(2, parse(with("eta: 0.005", "eta: 0.005\n  directions: 2")).algorithm().hyper().directions());
        assertEquals(List.of("algorithm.directions=0 must be >= 1"),
            errors(with("eta: 0.005", "eta: 0.005\n  directions: 0")));
        assertEquals(List.of("algorithm.directions=2 needs an FGT method (algorithm.method=dfa draws no " +
            "forward-gradient directions)"), errors(with("method: fgt", "method: dfa\n  directions: 2")));
    }

    @Test
    void shouldReadTheNeuronModel()
    {
        assertEquals(false, parse(VALID).algorithm().hyper().stochastic());
        assertEquals(true, parse(with("eta: 0.005", "eta: 0.005\n  neuron: stochastic")).algorithm().hyper()
            .stochastic());
        assertEquals(List.of("algorithm.neuron=noisy is unknown (known: deterministic, stochastic)"),
            errors(with("eta: 0.005", "eta: 0.005\n  neuron: noisy")));
    }

    @Test
    void shouldReadTheArithmeticDefaultingToFloat64()
    {
        assertEquals(false, parse(VALID).network().fixedPoint());
        assertEquals(true, parse(with("[784, 100, 100, 10]", "[784, 100, 100, 10]\n  arithmetic: fixed-point"))
            .network().fixedPoint());
        assertEquals(List.of("network.arithmetic=double is unknown (known: float64, fixed-point)"),
            errors(with("[784, 100, 100, 10]", "[784, 100, 100, 10]\n  arithmetic: double")));
    }

    @Test
    void shouldRejectUnknownKeysAndSectionsListingTheAllowedOnes()
    {
        assertEquals(List.of("dataset.labels: unknown key (allowed: name, path, train_limit, test_limit, encoding)"),
            errors(with("name: fashion-mnist", "name: fashion-mnist\n  labels: 10")));
        assertEquals(List.of("model: unknown section (allowed: chip, network, algorithm, dataset, run, output, probes)"),
            errors(VALID + "model: {}\n"));
    }

    @Test
    void shouldRejectWrongTypes()
    {
        assertEquals(List.of("run.epochs=ten must be an integer"), errors(with("epochs: 2", "epochs: ten")));
        assertEquals(List.of("algorithm.steps=6.5 must be an integer"), errors(with("steps: 6", "steps: 6.5")));
        assertEquals(List.of("algorithm.eta=fast must be a number"), errors(with("eta: 0.005", "eta: fast")));
        assertEquals(List.of("network.sizes=784 must be a list of layer sizes, e.g. [784, 100, 100, 10]"),
            errors(with("[784, 100, 100, 10]", "784")));
        assertEquals(List.of("run=a list must be a map (keys: epochs, seed, workers, eval_every, alignment_samples, " +
            "alignment_window)"),
            errors(with("run:\n  epochs: 2", "run: [1, 2]\n")));
        assertEquals(List.of("algorithm.method=true must be a non-blank string"),
            errors(with("method: fgt", "method: true")));
    }

    @Test
    void shouldReportMissingRequiredFieldsAndSections()
    {
        assertEquals(List.of("algorithm.steps: missing (required: an integer >= 1)"), errors(with("  steps: 6\n",
            "")));
        assertEquals(List.of("chip: missing section (required: chip, network, algorithm, dataset, run)"),
            errors(with("chip:\n  preset: spinnaker2\n", "")));
    }

    @Test
    void shouldReportEveryErrorAtOnce()
    {
        final String yaml = with("steps: 6", "steps: 0").replace("spinnaker2", "loihi3").replace("epochs: 2",
            "epochs: ten").replace("name: fashion-mnist", "name: fashion-mnist\n  labels: 10");
        final ConfigException ex = assertThrows(ConfigException.class, () -> parse(yaml));
        assertEquals(4, ex.errors().size(), ex.getMessage());
        assertTrue(ex.getMessage().startsWith("exp.yaml: 4 errors"), ex.getMessage());
    }

    @Test
    void shouldPassChipAndEnergyOverridesToTheChipModelAndPrefixItsErrors()
    {
        final ExperimentConfig c = parse(with("preset: spinnaker2", "preset: spinnaker2\n  overrides: {name: sp2x, "
            + "compartments_per_core: 64}\n  energy: {synop.binary: 1.5}"));
        assertEquals("sp2x", c.chip().spec().name());
        assertEquals(64, c.chip().spec().compartmentsPerCore().value());
        assertEquals(1.5, c.chip().table().entry(org.nmsim.chip.energy.OpKind.SYNOP_BINARY).picojoulesPerUnit());
        final List<String> e = errors(with("preset: spinnaker2", "preset: spinnaker2\n  overrides: {wings: 2}\n"));
        assertTrue(e.get(0).startsWith("chip.overrides: chip 'null': unknown key 'wings'"), e.get(0));
        final List<String> en = errors(with("preset: spinnaker2", "preset: spinnaker2\n  energy: {synop.fancy: 1}\n"));
        assertTrue(en.get(0).startsWith("chip.energy: energy op 'synop.fancy' is unknown"), en.get(0));
        assertTrue(errors(with("preset: spinnaker2", "preset: spinnaker2\n  overrides: {base: loihi1}\n")).get(0)
            .startsWith("chip.overrides.base=loihi1 is not allowed"));
    }

    @Test
    void shouldReportTheLineAndColumnOfAYamlSyntaxError()
    {
        final List<String> e = errors("chip:\n  preset: [spinnaker2\nnetwork: {}\n");
        assertEquals(1, e.size());
        assertTrue(e.get(0).startsWith("YAML syntax error at line 3, column 8: expected ',' or ']'"), e.get(0));
    }

    @Test
    void shouldRequireAnExistingDatasetDirectory(@org.junit.jupiter.api.io.TempDir final Path dir)
    {
        final Path missing = dir.resolve("nope");
        assertEquals(List.of("dataset.path=" + missing + " must be an existing directory holding the IDX files"),
            errors(with("name: fashion-mnist", "name: fashion-mnist\n  path: " + missing)));
    }

    @Test
    void shouldApplyCommandLineOverridesBeforeValidating()
    {
        final ExperimentConfig c = ExperimentConfigs.parse("exp", VALID, "exp.yaml",
            new ExperimentConfigs.Overrides(5, 50, 40, 1, Path.of("out")));
        assertEquals(5, c.run().epochs());
        assertEquals(50, c.dataset().trainLimit());
        assertEquals(40, c.dataset().testLimit());
        assertEquals(1, c.run().workers());
        assertEquals(Path.of("out"), c.output().dir());
        final ConfigException ex = assertThrows(ConfigException.class, () -> ExperimentConfigs.parse("exp", VALID,
            "exp.yaml", new ExperimentConfigs.Overrides(0, null, null, null, null)));
        assertEquals(List.of("run.epochs=0 must be >= 1"), ex.errors());
    }

    /** Every config users copy must load and validate (STYLE.md: examples are run by a test). */
    @Test
    void shouldValidateEveryExample() throws IOException
    {
        final Path examples = Path.of("..", "examples");
        final List<Path> files;
        try (Stream<Path> s = Files.list(examples))
        {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 3, "examples: " + files);
        for (final Path f : files)
        {
            final ExperimentConfig c = ExperimentConfigs.load(f, ExperimentConfigs.Overrides.none());
            assertEquals(10, c.network().sizes().get(c.network().sizes().size() - 1), f.toString());
            // the network fits the chip and the chip can run the rule (what `nmsim run` builds first)
            if (c.algorithm().isOnlineMlp())
            {
                try (MlpChip chip = MlpChip.builder(c.network().sizeArray()).chip(c.chip().spec())
                    .hyper(c.algorithm().hyper()).formats(c.network().formats()).workers(1).build())
                {
                    assertTrue(chip.coreNames().size() >= 3, f.toString());
                }
                continue;
            }
            final org.nmsim.learning.AlgorithmParams params = new org.nmsim.learning.AlgorithmParams(
                c.algorithm().params());
            try (org.nmsim.learning.OnChipLearner chip = org.nmsim.learning.Learners.forMethod(
                c.algorithm().methodName()).build(new org.nmsim.learning.LearnerSetup(c.network().sizeArray(),
                c.chip().spec(), c.network().formats(), c.network().fixedPoint(), 1, 1), params))
            {
                params.check();
                assertTrue(chip.coreNames().size() >= 3, f + ": " + chip.coreNames());
            }
        }
    }

    @Test
    void shouldReadProbesWithTheirDefaults()
    {
        final ExperimentConfig c = parse(VALID + String.join("\n",
            "probes:",
            "  - {population: h1, variable: spikes}",
            "  - {population: h2, variable: u, neurons: [0, 5, 99], every: 2, samples: {first: 3}}",
            "  - {population: input, variable: trace, neurons: all, samples: all}",
            "  - {population: readout, variable: u, samples: [4, 10]}",
            ""));
        assertEquals(List.of(
            new ExperimentConfig.Probe("h1", "spikes", null, 1, List.of(0)),
            new ExperimentConfig.Probe("h2", "u", List.of(0, 5, 99), 2, List.of(0, 1, 2)),
            new ExperimentConfig.Probe("input", "trace", null, 1, null),
            new ExperimentConfig.Probe("readout", "u", null, 1, List.of(4, 10))), c.probes());
        assertEquals("h2-u", c.probes().get(1).id());
        assertTrue(parse(VALID).probes().isEmpty());
    }

    @Test
    void shouldReadWeightProbesAsSynapseIdsAndCheckTheirRange()
    {
        // h1 receives 784 x 100 weights: synapse [pre, post] has id pre * 100 + post
        final ExperimentConfig c = parse(VALID + String.join("\n",
            "probes:",
            "  - {population: h1, variable: weights, synapses: [[3, 7], [0, 99], [783, 0]]}",
            ""));
        assertEquals(List.of(new ExperimentConfig.Probe("h1", "weights", List.of(99, 307, 78_300), 1, List.of(0))),
            c.probes());
        assertEquals(List.of(
                "probes[0].synapses[0]=[784, 1] must have 0 <= pre < 784 and 0 <= post < 100 (the weights into this " +
                    "population are 784 x 100)",
                "probes[0].synapses[2]=[1, 2] is listed twice",
                "probes[1].neurons: a weights probe lists synapses, not neurons (synapses: [[pre, post], ...])",
                "probes[2].synapses: only a weights probe takes synapses (variable=u)"),
            errors(VALID + String.join("\n",
                "probes:",
                "  - {population: h1, variable: weights, synapses: [[784, 1], [1, 2], [1, 2]]}",
                "  - {population: h2, variable: weights, neurons: [1]}",
                "  - {population: h2, variable: u, synapses: [[1, 2]]}",
                "")));
    }

    @Test
    void shouldNameTheFieldPathOfEveryProbeError()
    {
        assertEquals(List.of(
                "probes[0].population=h3 is unknown (known: input, h1, h2, readout)",
                "probes[1].variable=v is unknown (known: spikes, u, trace, weights)",
                "probes[2].variable=spikes is not available for population readout (available: u, weights)",
                "probes[3].variable=u is not available for population input (available: spikes, trace)",
                "probes[4].neurons[1]=100 must be < 100 (population h1 has 100 neurons)",
                "probes[5].every=0 must be >= 1",
                "probes[6].samples.first=0 must be >= 1",
                "probes[7].samples=some must be \"all\" or a list of indices or {first: K}",
                "probes[8].neurons[1]=3 must be greater than the index before it (ascending, no duplicates)",
                "probes[9].colour: unknown key (allowed: population, variable, neurons, synapses, every, samples)",
                "probes[10].variable: missing (required)",
                "probes[11]: duplicates probes[4] (h1-u; one trace file per population and variable)",
                "probes[12]=7 must be a map (keys: population, variable, neurons, synapses, every, samples)"),
            errors(VALID + String.join("\n",
                "probes:",
                "  - {population: h3, variable: u}",
                "  - {population: h1, variable: v}",
                "  - {population: readout, variable: spikes}",
                "  - {population: input, variable: u}",
                "  - {population: h1, variable: u, neurons: [99, 100]}",
                "  - {population: h2, variable: spikes, every: 0}",
                "  - {population: h2, variable: u, samples: {first: 0}}",
                "  - {population: input, variable: spikes, samples: some}",
                "  - {population: h2, variable: trace, neurons: [3, 3]}",
                "  - {population: input, variable: trace, colour: red}",
                "  - {population: h1}",
                "  - {population: h1, variable: u}",
                "  - 7",
                "")));
        assertEquals(List.of("probes=a map must be a list of probes {population, variable, neurons, synapses, every, samples}"),
            errors(VALID + "probes: {population: h1}\n"));
    }
}
