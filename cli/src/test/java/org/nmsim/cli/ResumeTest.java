package org.nmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nmsim.traces.Report;
import org.nmsim.traces.ReportJson;

import picocli.CommandLine;

/** A run stopped after an epoch and resumed reaches exactly the numbers of an uninterrupted run. */
@Timeout(120)
class ResumeTest
{
    private static final String QUICK = "../examples/fgt-fashion-mnist-quick.yaml";

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int nmsim(final String... args)
    {
        final CommandLine cl = Nmsim.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private int run(final Path out, final int epochs, final int workers, final boolean resume)
    {
        return resume ? nmsim("run", QUICK, "--train-limit", "40", "--test-limit", "30", "--epochs",
            String.valueOf(epochs), "--workers", String.valueOf(workers), "--out", out.toString(), "--resume") :
            nmsim("run", QUICK, "--train-limit", "40", "--test-limit", "30", "--epochs", String.valueOf(epochs),
                "--workers", String.valueOf(workers), "--out", out.toString());
    }

    @Test
    void shouldReachTheUninterruptedResultAfterStoppingAndResuming() throws Exception
    {
        final Path whole = dir.resolve("whole");
        final Path parts = dir.resolve("parts");
        assertEquals(0, run(whole, 2, 1, false), err.toString());
        assertEquals(0, run(parts, 1, 2, false), err.toString());
        assertTrue(Files.isRegularFile(parts.resolve(RunCommand.CHECKPOINT)), "a checkpoint after every epoch");
        assertEquals(0, run(parts, 2, 1, true), err.toString());
        final Report a = ReportJson.read(whole.resolve("report.json"));
        final Report b = ReportJson.read(parts.resolve("report.json"));
        assertEquals(2, b.epochs().size());
        assertEquals(a.epochs(), b.epochs(), "accuracy and loss per epoch");
        assertEquals(a.perSample(), b.perSample(), "samples, energy and operations per training and inference sample");
        assertEquals(a.energy().dynamicJoules(), b.energy().dynamicJoules());
        assertEquals(a.messages(), b.messages());
        assertEquals(a.cores(), b.cores(), "per-core operation counts and memory");
    }

    @Test
    void shouldRefuseToResumeWithoutACheckpointOrIntoAnotherConfiguration() throws Exception
    {
        assertEquals(2, run(dir.resolve("none"), 2, 1, true));
        assertTrue(err.toString().contains("--resume: no checkpoint at"), err.toString());
        final Path out = dir.resolve("once");
        assertEquals(0, run(out, 1, 1, false));
        final Path other = dir.resolve("other.yaml");
        Files.writeString(other, Files.readString(Path.of(QUICK)).replace("eta: 0.005", "eta: 0.004"));
        assertTrue(Files.readString(other).contains("eta: 0.004"), "the example's eta changed");
        assertEquals(2, nmsim("run", other.toString(), "--train-limit", "40", "--test-limit", "30", "--epochs", "2",
            "--out", out.toString(), "--resume"));
        assertTrue(err.toString().contains("belongs to a different configuration"), err.toString());
        final Path probed = dir.resolve("probed.yaml");
        Files.writeString(probed, Files.readString(Path.of(QUICK)) + "probes:\n  - {population: h1, variable: spikes}\n");
        assertEquals(2, nmsim("run", probed.toString(), "--epochs", "2", "--out", out.toString(), "--resume"));
        assertTrue(err.toString().contains("--resume: not supported with probes"), err.toString());
    }
}
