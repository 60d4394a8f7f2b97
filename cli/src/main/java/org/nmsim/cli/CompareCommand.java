package org.nmsim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.nmsim.traces.AtomicFiles;
import org.nmsim.traces.Report;
import org.nmsim.traces.ReportHtml;
import org.nmsim.traces.ReportJson;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nmsim compare RUN_DIR REFERENCE.json}: the run's test accuracy per epoch against a reference curve from
 * {@code reference/train_fmnist.py} (the same MODEL.md in PyTorch), as a pass/fail table with a stated tolerance,
 * the final-accuracy gap, and the papers' published numbers for context. The table is written into the run's
 * {@code report.json} (so the HTML report shows it) and into {@code compare.json}.
 *
 * <h2>Tolerance</h2>
 * The run and the reference implement the same arithmetic but draw different random numbers (initial weights,
 * sample order, FGT's perturbations), so their accuracies differ by sampling noise. Per line the tolerance is
 * {@code 3 * sqrt(p (1 - p) (1/n_run + 1/n_ref)) + seedSpread}: three standard errors of the difference of two
 * test-set accuracies (binomial, {@code p} the reference accuracy, {@code n} the test-set sizes), plus
 * {@code --seed-spread} for the run-to-run spread of training itself. Its default, 0.1, is measured: three seeds of
 * the reference on the quick example's 3000-image subset differ by up to 0.12 in test accuracy at a single epoch
 * (reference/results/fgt-fashion-mnist-quick*.json); batch-1 SGD on few samples is that noisy. The check is
 * therefore a guard against an implementation that does not learn like the reference, not a fine comparison; a
 * smaller spread suits longer runs on the full dataset.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = "Compare a run's accuracy per epoch with a reference curve (pass/fail with a stated tolerance) "
        + "and with the papers' numbers.",
    footer = {"", "Example:", "  nmsim compare runs/fgt-fashion-mnist-quick reference/results/fgt_fmnist-subset_eta0.003.json"})
public final class CompareCommand implements Callable<Integer>
{
    /** Reference curves come from Python's json module, which writes NaN for undefined cosines. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .build();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory with report.json.")
    Path runDir;

    @Parameters(index = "1", paramLabel = "REFERENCE.json", description = "A reference curve (reference/results).")
    Path referenceFile;

    @Option(names = "--seed-spread", defaultValue = "0.1", description = "Added tolerance for run-to-run training "
        + "variance, as a fraction (default ${DEFAULT-VALUE}: the spread measured across reference seeds on the "
        + "3000-image subset).")
    double seedSpread;

    @Override
    public Integer call() throws IOException
    {
        if (!(seedSpread >= 0 && seedSpread < 1))
        {
            throw new IllegalArgumentException("--seed-spread=" + seedSpread + " must be in [0, 1)");
        }
        final Path reportFile = runDir.resolve(ReportJson.FILE_NAME);
        final Report report = ReportJson.read(reportFile);
        final JsonNode ref = readReference(referenceFile);
        final JsonNode cfg = report.run().config().path("experiment");
        final String method = cfg.path("algorithm").path("method").asText("?");
        final String refMethod = ref.path("method").asText("?");
        final int nRun = cfg.path("dataset").path("test_limit").asInt(10_000);
        final int nRef = ref.path("test_samples").asInt(10_000);
        final PrintWriter o = spec.commandLine().getOut();
        if (!method.equalsIgnoreCase(refMethod))
        {
            o.printf(Locale.ROOT, "note: the run's method is %s, the reference's is %s%n", method, refMethod);
        }
        final int trainRun = cfg.path("dataset").path("train_limit").asInt(60_000);
        final int trainRef = ref.path("train_samples").asInt(60_000);
        if (trainRun != trainRef)
        {
            o.printf(Locale.ROOT, "note: the run trained on %d samples per epoch, the reference on %d: the curves are " +
                "not comparable epoch by epoch%n", trainRun, trainRef);
        }
        final Map<Integer, Double> refAcc = new LinkedHashMap<>();
        for (final JsonNode e : ref.path("history"))
        {
            if (e.hasNonNull("test_acc"))
            {
                refAcc.put(e.path("epoch").asInt(), e.path("test_acc").asDouble());
            }
        }
        final List<Report.ReferenceLine> lines = new ArrayList<>();
        double lastRun = Double.NaN;
        double lastRef = Double.NaN;
        int lastEpoch = 0;
        for (final Report.Epoch e : report.epochs())
        {
            final Double acc = e.testAccuracy();
            final Double r = refAcc.get(e.epoch());
            if (acc == null || r == null)
            {
                continue;
            }
            lines.add(Report.ReferenceLine.of("test accuracy, epoch " + e.epoch(), acc, r, tolerance(r, nRun, nRef)));
            lastRun = acc;
            lastRef = r;
            lastEpoch = e.epoch();
        }
        if (lines.isEmpty())
        {
            throw new IllegalArgumentException(referenceFile + ": no epoch has a test accuracy in both the run (" +
                report.epochs().size() + " epochs) and the reference (" + refAcc.size() + " epochs)");
        }
        lines.add(Report.ReferenceLine.of("final accuracy gap (epoch " + lastEpoch + ", run - reference)",
            lastRun - lastRef, 0.0, tolerance(lastRef, nRun, nRef)));
        o.printf(Locale.ROOT, "nmsim compare %s vs %s (%s, reference device %s)%n", runDir, referenceFile, refMethod,
            ref.path("device").asText("?"));
        o.printf(Locale.ROOT, "%-48s %9s %9s %9s  %s%n", "line", "nmsim", "reference", "tolerance", "result");
        for (final Report.ReferenceLine l : lines)
        {
            o.printf(Locale.ROOT, "%-48s %9.4f %9.4f %9.4f  %s%n", l.line(), l.value(), l.reference(), l.tolerance(),
                l.pass() ? "pass" : "FAIL");
        }
        final List<Map<String, Object>> context = paperContext(method, cfg);
        for (final Map<String, Object> c : context)
        {
            o.printf(Locale.ROOT, "context: paper %s %s, %s %s: %s %% (%s)%n", c.get("paper"), c.get("table"),
                c.get("network"), c.get("method"), c.get("value"), c.get("setup"));
        }
        final Report updated = new Report(report.formatVersion(), report.run(), report.epochs(), report.cores(),
            report.populations(), report.messages(), report.energy(), report.perSample(), report.stepTimes(),
            report.neurobench(), report.gradientAlignment(), lines, report.rasters());
        ReportJson.write(reportFile, updated);
        ReportHtml.writeForRun(runDir);
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", runDir.toString());
        doc.put("reference", referenceFile.toString());
        doc.put("toleranceRule", "3 * sqrt(p (1 - p) (1/n_run + 1/n_ref)) + seedSpread, seedSpread=" + seedSpread);
        doc.put("lines", lines);
        doc.put("paperContext", context);
        AtomicFiles.write(runDir.resolve("compare.json"),
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc));
        final long failed = lines.stream().filter(l -> !l.pass()).count();
        o.printf(Locale.ROOT, "%d of %d lines within tolerance; written to %s and report.html%n", lines.size() - failed,
            lines.size(), reportFile);
        o.flush();
        return 0;
    }

    private double tolerance(final double p, final int nRun, final int nRef)
    {
        return 3.0 * Math.sqrt(p * (1.0 - p) * (1.0 / nRun + 1.0 / nRef)) + seedSpread;
    }

    private static JsonNode readReference(final Path file) throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException(file + ": reference file not found");
        }
        try
        {
            final JsonNode n = JSON.readTree(file.toFile());
            if (n == null || !n.path("history").isArray())
            {
                throw new IllegalArgumentException(file + ": not a reference curve (no 'history' array of epochs; " +
                    "reference/train_fmnist.py writes them)");
            }
            return n;
        }
        catch (final JsonProcessingException e)
        {
            throw new IllegalArgumentException(file + ": malformed JSON at line " + e.getLocation().getLineNr() +
                ", column " + e.getLocation().getColumnNr());
        }
    }

    /** The papers' numbers for this method, dataset and network, if any: context, never pass/fail. */
    static List<Map<String, Object>> paperContext(final String method, final JsonNode cfg) throws IOException
    {
        final String dataset = cfg.path("dataset").path("name").asText("");
        final StringBuilder net = new StringBuilder();
        for (final JsonNode s : cfg.path("network").path("sizes"))
        {
            net.append(net.length() == 0 ? "" : "-").append(s.asInt());
        }
        final List<Map<String, Object>> out = new ArrayList<>();
        try (InputStream in = CompareCommand.class.getResourceAsStream("paper-numbers.json"))
        {
            if (in == null)
            {
                return out;
            }
            for (final JsonNode r : JSON.readTree(in).path("results"))
            {
                if (r.path("dataset").asText().equals(dataset) && r.path("method").asText().equals(method) &&
                    r.path("network").asText().equals(net.toString()))
                {
                    out.add(JSON.convertValue(r, new TypeReference<Map<String, Object>>()
                    {
                    }));
                }
            }
        }
        return out;
    }
}
