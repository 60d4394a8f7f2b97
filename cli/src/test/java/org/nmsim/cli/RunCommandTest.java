package org.nmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nmsim.traces.Report;
import org.nmsim.traces.ReportJson;

import picocli.CommandLine;

class RunCommandTest
{
    private static final Path QUICK = Path.of("..", "examples", "fgt-fashion-mnist-quick.yaml");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int nmsim(final String... args)
    {
        final CommandLine cmd = Nmsim.newCommandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    private Path config(final String yaml) throws IOException
    {
        final Path p = dir.resolve("exp.yaml");
        Files.writeString(p, yaml, StandardCharsets.UTF_8);
        return p;
    }

    private String quickWith(final String from, final String to) throws IOException
    {
        final String yaml = Files.readString(QUICK, StandardCharsets.UTF_8);
        assertTrue(yaml.contains(from), from);
        return yaml.replace(from, to);
    }

    private void assertOneLineWithoutStackTrace()
    {
        final String e = err.toString().strip();
        assertFalse(e.isEmpty(), "stderr is empty; stdout: " + out);
        assertEquals(1, e.lines().count(), e);
        assertFalse(e.contains("\tat "), e);
    }

    @Test
    @Timeout(60)
    void shouldRunTheQuickExampleEndToEndAndWriteTheReports() throws IOException
    {
        final Path run = dir.resolve("run");
        final int code = nmsim("run", QUICK.toString(), "--train-limit", "50", "--test-limit", "50", "--epochs", "1",
            "--workers", "1", "--out", run.toString());
        assertEquals(0, code, "stderr: " + err + "\nstdout: " + out);
        final Report report = ReportJson.read(run.resolve(ReportJson.FILE_NAME));
        assertEquals(1, report.epochs().size());
        assertNotNull(report.epochs().get(0).testAccuracy());
        assertTrue(report.energy().totalJoules() > 0, "energy " + report.energy());
        assertEquals(50, report.perSample().training().samples());
        assertEquals(50, report.perSample().inference().samples());
        assertTrue(report.perSample().training().joulesPerSample() > report.perSample().inference().joulesPerSample(),
            "training costs more than inference");
        assertEquals("loihi2", report.run().chipPreset());
        assertEquals(1, report.run().seed());
        assertEquals("fgt", report.run().config().at("/experiment/algorithm/method").asText());
        assertEquals(4, report.populations().size());
        assertTrue(report.cores().stream().anyMatch(c -> c.memory().feedbackBits() > 0), "FGT holds M on chip");
        assertTrue(report.stepTimes().steps() > 0);
        assertTrue(Files.isRegularFile(run.resolve("report.html")));
        assertEquals(Files.readString(QUICK), Files.readString(run.resolve(RunCommand.CONFIG_COPY)));
        try (Stream<Path> files = Files.list(run))
        {
            // the run's outputs, including the checkpoint written after every epoch for --resume, and no temporary file
            assertEquals(List.of(RunCommand.CHECKPOINT, "config.yaml", "report.html", "report.json"),
                files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left behind");
        }
        final String o = out.toString();
        assertTrue(o.contains("energy per training sample"), o);
        assertTrue(o.contains("energy per inference sample"), o);
        assertTrue(o.contains("report: " + run.resolve("report.json")), o);
    }

    @Test
    @Timeout(60)
    void shouldGiveTheSameReportNumbersForAnyWorkerCountAndEvaluateEveryNthEpoch() throws IOException
    {
        final Path cfg = config(quickWith("  seed: 1", "  seed: 7\n  eval_every: 2"));
        final Report[] reports = new Report[2];
        for (int w = 1; w <= 2; w++)
        {
            final Path run = dir.resolve("run-w" + w);
            assertEquals(0, nmsim("run", cfg.toString(), "--train-limit", "20", "--test-limit", "10", "--epochs",
                "3", "--workers", Integer.toString(w), "--out", run.toString()), "stderr: " + err);
            reports[w - 1] = ReportJson.read(run.resolve(ReportJson.FILE_NAME));
        }
        final Report r = reports[0];
        assertEquals(3, r.epochs().size());
        assertEquals(null, r.epochs().get(0).testAccuracy(), "epoch 1 is not evaluated with eval_every 2");
        assertNotNull(r.epochs().get(1).testAccuracy());
        assertNotNull(r.epochs().get(2).testAccuracy(), "the last epoch is always evaluated");
        assertEquals(20L, r.perSample().inference().samples());
        assertEquals(r.epochs(), reports[1].epochs(), "seed 7: accuracy and loss for workers 1 and 2");
        assertEquals(r.energy().byOperation(), reports[1].energy().byOperation(), "seed 7: op counts and energy");
        assertEquals(r.cores(), reports[1].cores(), "seed 7: per-core counts");
    }

    @Test
    void shouldRefuseAMissingConfigFileInOneLine()
    {
        assertEquals(2, nmsim("run", dir.resolve("missing.yaml").toString()));
        assertOneLineWithoutStackTrace();
        assertTrue(err.toString().contains("missing.yaml"), err.toString());
        assertTrue(err.toString().contains("does not exist"), err.toString());
    }

    @Test
    void shouldReportTheLineAndColumnOfAYamlSyntaxError() throws IOException
    {
        assertEquals(2, nmsim("run", config("chip:\n  preset: spinnaker2\n network: [\n").toString()));
        assertTrue(err.toString().contains("YAML syntax error at line"), err.toString());
        assertTrue(err.toString().contains("column"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void shouldListEveryInvalidValueWithoutAStackTrace() throws IOException
    {
        final String yaml = quickWith("steps: 6", "steps: 0").replace("epochs: 3", "epochs: ten");
        assertEquals(2, nmsim("run", config(yaml).toString()));
        final String e = err.toString();
        assertTrue(e.contains("exp.yaml: 2 errors"), e);
        assertTrue(e.contains("  algorithm.steps=0 must be >= 1"), e);
        assertTrue(e.contains("  run.epochs=ten must be an integer"), e);
        assertFalse(e.contains("\tat "), e);
    }

    @Test
    void shouldPrintTheStackTraceOnlyWithVerbose() throws IOException
    {
        assertEquals(2, nmsim("--verbose", "run", config(quickWith("steps: 6", "steps: 0")).toString()));
        assertTrue(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void shouldRefuseAnUnwritableOutputDirectory() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals(2, nmsim("run", QUICK.toString(), "--out", file.resolve("run").toString()));
        assertOneLineWithoutStackTrace();
        assertTrue(err.toString().contains("output.dir=" + file.resolve("run") + " cannot be created"),
            err.toString());
    }

    @Test
    void shouldRefuseAMissingDatasetPath() throws IOException
    {
        final Path missing = dir.resolve("no-such-dir");
        final Path cfg = config(quickWith("name: fashion-mnist", "name: fashion-mnist\n  path: " + missing));
        assertEquals(2, nmsim("run", cfg.toString(), "--out", dir.resolve("run").toString()));
        assertTrue(err.toString().contains("dataset.path=" + missing + " must be an existing directory"),
            err.toString());
    }

    @Test
    void shouldRefuseADatasetDirectoryWithoutTheFilesInOneLine() throws IOException
    {
        final Path empty = Files.createDirectory(dir.resolve("empty"));
        final Path cfg = config(quickWith("name: fashion-mnist", "name: fashion-mnist\n  path: " + empty));
        assertEquals(2, nmsim("run", cfg.toString(), "--out", dir.resolve("run").toString(), "--workers", "1"));
        assertOneLineWithoutStackTrace();
    }

    @Test
    void shouldRefuseAnEngineWithoutMultiplyBeforeWritingAnything() throws IOException
    {
        // loihi2's engine lacks exp and divide, which lookup tables replace; without multiply nothing can
        final Path cfg = config(quickWith("preset: loihi2", "preset: loihi2\n  overrides: {plasticity_ops: [add, "
            + "shift, random]}"));
        assertEquals(2, nmsim("run", cfg.toString(), "--out", dir.resolve("run").toString(), "--workers", "1"));
        assertOneLineWithoutStackTrace();
        assertTrue(err.toString().contains("lacks [MULTIPLY]"), err.toString());
        assertFalse(Files.exists(dir.resolve("run")), "nothing is written before the chip is built");
    }

    @Test
    void shouldPrintAndReportARegisteredLearnersEpochDiagnostics() throws IOException
    {
        // SFDFA reports the angle between its learned feedback and the output weights after every epoch (Fig. 10)
        final Path runDir = dir.resolve("sfdfa");
        assertEquals(0, nmsim("run", "../examples/sfdfa-fashion-mnist.yaml", "--train-limit", "6", "--test-limit",
            "3", "--epochs", "1", "--workers", "1", "--out", runDir.toString()), err.toString());
        assertTrue(out.toString().contains("epoch 1/1: feedback vs output weights, degrees (Fig. 10) "),
            out.toString());
        final String json = Files.readString(runDir.resolve("report.json"));
        assertTrue(json.contains("\"diagnosticsByEpoch\""), json);
        assertTrue(json.contains("\"method\" : \"sfdfa\""), json);
    }

    @Test
    void shouldRunTheAlignmentExampleWithItsDiagnosticForAFewSamples() throws IOException
    {
        // the one example ResumeTest cannot cover (the alignment diagnostic refuses --resume)
        final Path runDir = dir.resolve("fgt-alignment");
        assertEquals(0, nmsim("run", "../examples/fgt-alignment-fashion-mnist.yaml", "--train-limit", "4",
            "--test-limit", "2", "--epochs", "1", "--workers", "1", "--out", runDir.toString()), err.toString());
        assertTrue(out.toString().contains("cosine with BP per hidden layer"), out.toString());
        assertTrue(Files.isRegularFile(runDir.resolve("report.json")));
    }
}
