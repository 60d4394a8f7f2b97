package org.nmsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.nmsim.chip.message.BurstCode;
import org.nmsim.datasets.FashionMnist;
import org.nmsim.datasets.LabeledImages;
import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.CostTable;
import org.nmsim.learning.LearnerFactory;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.Learners;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.OnlineHyper;
import org.nmsim.traces.AtomicFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nmsim costs}: the training-cost table of paper 000 (Table 5) measured on the experiment's network and
 * chip: memory by kind, operations, messages and energy per training sample for BP (on chip, with symmetric
 * backward synapses), DFA, FGT and FGT(S), and for any registered learner ({@link Learners}: sigprop, SFDFA,
 * e-prop, DCLL, BioGrad), each trained on the same samples with the same seed, formats and workers. A registered
 * learner is measured exactly as {@code nmsim run} measures it (its own {@link OnChipLearner#energy} and
 * {@link OnChipLearner#messages}); one that cannot run the network on the chip is reported as refused, with its
 * own reason.
 */
@Command(
    name = "costs",
    mixinStandardHelpOptions = true,
    description = {"Measure memory (by kind: weights, feedback, traces, learning state), operations, messages and "
        + "energy per training sample of several learning methods on the experiment's network and chip (paper 000 "
        + "Table 5, measured): the online MLP's methods and any registered learner, on the same samples, seed, "
        + "number formats and workers.",
        "The MLP's methods use the config's algorithm keys when it is an MLP config, else the MLP defaults (T=6, "
        + "eta=0.003, the paper's lambda, vth, a1, lambda_m). A registered learner uses the config's algorithm "
        + "keys when the config's method is of its family (keys it does not know are ignored and listed), else "
        + "its own defaults. A learner that cannot run the network on the chip is listed as refused, with its "
        + "reason."},
    footer = {"", "Examples:", "  nmsim costs examples/fgt-fashion-mnist-quick.yaml --samples 50",
        "  nmsim costs examples/sigprop-fashion-mnist.yaml --methods dfa,sigprop-surrogate"})
public final class CostsCommand implements Callable<Integer>
{
    /** The MLP's T when the config is not an MLP config (the bundled bp/dfa/fgt examples' value). */
    static final int MLP_DEFAULT_STEPS = 6;
    /** The MLP's learning rate when the config is not an MLP config (the bundled bp/dfa/fgt examples' value). */
    static final double MLP_DEFAULT_ETA = 0.003;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT.yaml", description = "Experiment config (network, chip, "
        + "hyperparameters, dataset).")
    Path configFile;

    @Option(names = "--samples", defaultValue = "50", description = "Training samples per method (default "
        + "${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--methods", split = ",", defaultValue = "bp,dfa,fgt,fgt_s",
        description = "Methods to compare (default ${DEFAULT-VALUE}): the online MLP's (bp, dfa, fgt, fgt_wo_m, "
            + "fgt_s; an FGT method ending in _s<K> draws K forward-gradient directions per layer and step, e.g. "
            + "fgt_wo_m_s8, paper 000's FGT (w/o m, s8); one ending in _q1 or _q20 sends its signals as bursts, "
            + "e.g. fgt_q1, fgt_s_q1, fgt_wo_m_s8_q1; a method ending in _ll adds local readouts, paper 000's "
            + "\"+ LL\", at the config's local_loss or 0.01, e.g. fgt_ll, dfa_ll) and "
            + "any registered learner (e.g. sigprop-surrogate, sigprop-voltage, sfdfa, eprop, biograd).")
    List<String> methods;

    @Option(names = "--out", description = "Directory for costs.json and costs.md (default: the config's output "
        + "directory).")
    Path out;

    /**
     * @param name a method ({@code fgt}), an FGT method with K directions ({@code fgt_wo_m_s8}: K = 8) and/or a
     *             burst code ({@code fgt_q1}, {@code fgt_s_q20}, {@code fgt_wo_m_s8_q1}); without {@code _s<K>} the
     *             config's K for an FGT method, 1 otherwise.
     * @param base the config's hyperparameters.
     * @return the variant.
     * @throws IllegalArgumentException listing every known method (the MLP's and the registered learners') when
     *                                  the name is unknown.
     */
    static CostTable.Variant variant(final String name, final OnlineHyper base)
    {
        final String lower = name.toLowerCase(Locale.ROOT);
        BurstCode burst = null;
        final boolean ll = lower.endsWith("_ll");
        String method = ll ? lower.substring(0, lower.length() - 3) : lower;
        if (method.endsWith("_q1") || method.endsWith("_q20"))
        {
            burst = method.endsWith("_q1") ? BurstCode.Q1 : BurstCode.Q20;
            method = method.substring(0, method.lastIndexOf('_'));
        }
        int directions = -1;
        final java.util.regex.Matcher s = java.util.regex.Pattern.compile("(.+)_s([0-9]{1,6})").matcher(method);
        if (s.matches() && ExperimentConfigs.METHODS.contains(s.group(1)))
        {
            method = s.group(1);
            directions = Integer.parseInt(s.group(2));
        }
        final boolean fgt = method.startsWith("fgt");
        if (!ExperimentConfigs.METHODS.contains(method) || (burst != null || directions >= 0) && !fgt)
        {
            final List<String> known = new ArrayList<>(ExperimentConfigs.METHODS);
            known.addAll(Learners.methods());
            throw new IllegalArgumentException("--methods: " + name + " is unknown (known: " +
                String.join(", ", known) + "; an FGT method may end in _q1 or _q20 for burst-coded signals, and " +
                "before that in _s<K> for K forward-gradient directions, e.g. fgt_wo_m_s8; any method but bp may " +
                "end in _ll for local readouts)");
        }
        if (directions < 0)
        {
            directions = fgt ? base.directions() : 1;
        }
        else if (directions == 0)
        {
            throw new IllegalArgumentException("--methods: " + name + ": directions=" + directions +
                " must be >= 1");
        }
        final LearningMethod lm = LearningMethod.valueOf(method.toUpperCase(Locale.ROOT));
        final double localLoss = !ll ? 0.0 : base.localLoss() > 0 ? base.localLoss() : 0.01;
        return new CostTable.Variant(lower, new OnlineHyper(lm, base.steps(), base.lambda(), base.vth(), base.a1(),
            base.lambdaM(), base.eta(), burst, base.stochastic(), base.batch(), directions, localLoss));
    }

    /**
     * A registered learner's row: built through its factory from the config's network, chip, formats, seed and
     * workers ({@link ExperimentConfig#learnerSetup()}, as {@code nmsim run} builds it), with the config's algorithm
     * keys when the config's method belongs to the same factory, else with the learner's defaults.
     *
     * @param method  a registered {@code algorithm.method}, lower case.
     * @param factory its factory.
     * @param cfg     the experiment.
     * @return the candidate; its builder throws {@link IllegalArgumentException} with the learner's reason when
     *         it cannot be built.
     */
    static CostTable.Candidate registered(final String method, final LearnerFactory factory,
        final ExperimentConfig cfg)
    {
        final ExperimentConfig.Algorithm alg = cfg.algorithm();
        final boolean ownKeys = !alg.isOnlineMlp() && Learners.forMethod(alg.methodName()) == factory;
        final Map<String, Object> values = new LinkedHashMap<>(ownKeys ? alg.params() : Map.of());
        values.put("method", method);
        final LearnerSetup setup = cfg.learnerSetup();
        return new CostTable.Candidate(method, null, () ->
        {
            final AlgorithmParams params = new AlgorithmParams(values);
            OnChipLearner learner = null;
            try
            {
                learner = factory.build(setup, params);
                if (learner == null || !params.errors().isEmpty())
                {
                    throw new IllegalArgumentException(String.join("; ", params.errors()));
                }
            }
            catch (final IllegalArgumentException ex)
            {
                if (learner != null)
                {
                    learner.close();
                }
                throw ex;
            }
            final List<String> ignored = params.unknownKeys();
            final String note;
            if (!ownKeys)
            {
                note = "built with its own defaults (the config's algorithm section is " + alg.methodName() +
                    "'s)";
            }
            else if (!ignored.isEmpty())
            {
                note = "the config's algorithm keys (written for " + alg.methodName() + "); ignored, not keys of " +
                    method + ": " + String.join(", ", ignored);
            }
            else
            {
                note = method.equals(alg.methodName()) ? null : "the config's algorithm keys (written for " +
                    alg.methodName() + ")";
            }
            return new CostTable.Built(learner, note);
        });
    }

    /**
     * @param names the {@code --methods} values.
     * @param cfg   the experiment.
     * @return one candidate per name, in order.
     * @throws IllegalArgumentException when a name is unknown (before anything is measured).
     */
    static List<CostTable.Candidate> candidates(final List<String> names, final ExperimentConfig cfg)
    {
        final ExperimentConfig.Algorithm alg = cfg.algorithm();
        final OnlineHyper base = alg.isOnlineMlp() ? alg.hyper() :
            OnlineHyper.paperDefaults(LearningMethod.FGT, MLP_DEFAULT_STEPS, MLP_DEFAULT_ETA);
        final String mlpNote = alg.isOnlineMlp() ? null : "the online MLP's defaults T=" + base.steps() + ", eta=" +
            base.eta() + ", lambda=" + base.lambda() + ", vth=" + base.vth() + ", a1=" + base.a1() + ", lambda_m=" +
            base.lambdaM() + " (the config's algorithm section is " + alg.methodName() + "'s)";
        final List<CostTable.Candidate> out = new ArrayList<>();
        for (final String name : names)
        {
            final String lower = name.toLowerCase(Locale.ROOT);
            final LearnerFactory factory = Learners.forMethod(lower);
            if (factory != null)
            {
                out.add(registered(lower, factory, cfg));
                continue;
            }
            final CostTable.Candidate mlp = CostTable.mlpCandidates(cfg.network().sizeArray(), cfg.chip().spec(),
                cfg.network().formats(), cfg.network().fixedPoint(), List.of(variant(name, base)), cfg.run().seed(),
                cfg.run().workers()).get(0);
            out.add(mlpNote == null ? mlp : new CostTable.Candidate(mlp.name(), mlp.method(),
                () -> new CostTable.Built(mlp.builder().get().learner(), mlpNote)));
        }
        return out;
    }

    @Override
    public Integer call() throws IOException
    {
        if (samples < 1)
        {
            throw new IllegalArgumentException("--samples=" + samples + " must be >= 1");
        }
        final ExperimentConfig cfg = ExperimentConfigs.load(configFile,
            new ExperimentConfigs.Overrides(null, samples, null, null, out));
        final List<CostTable.Candidate> candidates = candidates(methods, cfg);
        final PrintWriter o = spec.commandLine().getOut();
        final LabeledImages train = FashionMnist.load(FashionMnist.Split.TRAIN, cfg.dataset().pathOption(),
            OptionalInt.of(samples)).images();
        final double[][] xs = new double[train.count()][train.pixelsPerSample()];
        final int[] labels = new int[train.count()];
        for (int i = 0; i < xs.length; i++)
        {
            train.intensities(i, xs[i]);
            labels[i] = train.label(i);
        }
        o.printf(Locale.ROOT, "nmsim costs %s: %s on %s (%s), %d training samples per method, seed %d, %d worker%s%n",
            cfg.name(), cfg.network().sizes(), cfg.chip().spec().name(), cfg.network().fixedPoint() ?
                "fixed-point" : "float64", xs.length, cfg.run().seed(), cfg.run().workers(),
            cfg.run().workers() == 1 ? "" : "s");
        if (!cfg.algorithm().isOnlineMlp())
        {
            o.printf(Locale.ROOT, "  algorithm.method=%s is not the online MLP's: its methods use the MLP defaults " +
                "(T=%d, eta=%s, the paper's lambda, vth, a1, lambda_m)%n", cfg.algorithm().methodName(),
                MLP_DEFAULT_STEPS, MLP_DEFAULT_ETA);
        }
        o.flush();
        final List<CostTable.Row> rows = CostTable.measureAll(candidates, xs, labels, cfg.chip().table());
        final String md = CostTable.markdown(rows);
        o.print(md);
        final Path dir = cfg.output().dir();
        RunCommand.prepareOutput(dir);
        final List<Map<String, Object>> json = new ArrayList<>();
        for (final CostTable.Row r : rows)
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("method", r.name());
            row.put("learner", r.method() == null ? "registered" : "online-mlp");
            if (r.isRefused())
            {
                row.put("refused", r.refused());
                json.add(row);
                continue;
            }
            row.put("cores", r.cores());
            row.put("memoryBits", r.memoryBits());
            row.put("opsPerSample", r.opsPerSample());
            row.put("messagesPerSample", r.messagesPerSample());
            row.put("joulesPerSample", r.joulesPerSample());
            row.put("totalJoulesPerSample", r.totalJoulesPerSample());
            row.put("kernelStepsPerSample", r.kernelStepsPerSample());
            if (r.note() != null)
            {
                row.put("note", r.note());
            }
            json.add(row);
        }
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("config", cfg.echo());
        doc.put("samplesPerMethod", xs.length);
        doc.put("energyTable", cfg.chip().table().name());
        doc.put("rows", json);
        AtomicFiles.write(dir.resolve("costs.json"),
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc));
        AtomicFiles.write(dir.resolve("costs.md"), md.getBytes(StandardCharsets.UTF_8));
        o.println("written: " + dir.resolve("costs.json") + " and " + dir.resolve("costs.md"));
        o.flush();
        return 0;
    }
}
