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
import org.nmsim.learning.CostTable;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.OnlineHyper;
import org.nmsim.traces.AtomicFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nmsim costs}: the training-cost table of paper 000 (Table 5) measured on the experiment's network and
 * chip: memory, operations and energy per training sample for BP (on chip, with symmetric backward synapses),
 * DFA, FGT and FGT(S), each trained on the same samples from the same initial weights.
 */
@Command(
    name = "costs",
    mixinStandardHelpOptions = true,
    description = "Measure memory, operations and energy per training sample of several learning methods on the "
        + "experiment's network and chip (paper 000 Table 5, measured).",
    footer = {"", "Example:", "  nmsim costs examples/fgt-fashion-mnist-quick.yaml --samples 50"})
public final class CostsCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT.yaml", description = "Experiment config (network, chip, "
        + "hyperparameters, dataset).")
    Path configFile;

    @Option(names = "--samples", defaultValue = "50", description = "Training samples per method (default "
        + "${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--methods", split = ",", defaultValue = "bp,dfa,fgt,fgt_s",
        description = "Methods to compare (default ${DEFAULT-VALUE}); an FGT method ending in _q1 or _q20 sends "
            + "its signals as bursts (e.g. fgt_q1, fgt_s_q1).")
    List<String> methods;

    @Option(names = "--out", description = "Directory for costs.json and costs.md (default: the config's output "
        + "directory).")
    Path out;

    /**
     * @param name a method ({@code fgt}) or an FGT method with a burst code ({@code fgt_q1}, {@code fgt_s_q20}).
     * @param base the config's hyperparameters.
     * @return the variant.
     */
    static CostTable.Variant variant(final String name, final OnlineHyper base)
    {
        final String lower = name.toLowerCase(Locale.ROOT);
        BurstCode burst = null;
        String method = lower;
        if (lower.endsWith("_q1") || lower.endsWith("_q20"))
        {
            burst = lower.endsWith("_q1") ? BurstCode.Q1 : BurstCode.Q20;
            method = lower.substring(0, lower.lastIndexOf('_'));
        }
        final boolean fgt = method.startsWith("fgt");
        if (!ExperimentConfigs.METHODS.contains(method) || burst != null && !fgt)
        {
            throw new IllegalArgumentException("--methods: " + name + " is unknown (known: " +
                String.join(", ", ExperimentConfigs.METHODS) + "; an FGT method may end in _q1 or _q20 for " +
                "burst-coded signals)");
        }
        final LearningMethod lm = LearningMethod.valueOf(method.toUpperCase(Locale.ROOT));
        return new CostTable.Variant(lower, new OnlineHyper(lm, base.steps(), base.lambda(), base.vth(), base.a1(),
            base.lambdaM(), base.eta(), burst, base.stochastic(), base.batch()));
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
        final OnlineHyper base = cfg.algorithm().requireMlp("costs");
        final List<CostTable.Variant> variants = new ArrayList<>();
        for (final String m : methods)
        {
            variants.add(variant(m, base));
        }
        o.printf(Locale.ROOT, "nmsim costs %s: %s on %s, %d training samples per method%n", cfg.name(),
            cfg.network().sizes(), cfg.chip().spec().name(), xs.length);
        o.flush();
        final List<CostTable.Row> rows = CostTable.measureVariants(cfg.network().sizeArray(), cfg.chip().spec(),
            cfg.network().formats(), variants, xs, labels, cfg.chip().table(), cfg.run().seed(), cfg.run().workers());
        final String md = CostTable.markdown(rows);
        o.print(md);
        final Path dir = cfg.output().dir();
        RunCommand.prepareOutput(dir);
        final List<Map<String, Object>> json = new ArrayList<>();
        for (final CostTable.Row r : rows)
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("method", r.name());
            row.put("cores", r.cores());
            row.put("memoryBits", r.memoryBits());
            row.put("opsPerSample", r.opsPerSample());
            row.put("joulesPerSample", r.joulesPerSample());
            row.put("kernelStepsPerSample", r.kernelStepsPerSample());
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
