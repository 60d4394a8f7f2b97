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
@Timeout(300)
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
        return run(QUICK, 40, 30, out, epochs, workers, resume);
    }

    private int run(final String config, final int train, final int test, final Path out, final int epochs,
        final int workers, final boolean resume)
    {
        final java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", config,
            "--train-limit", String.valueOf(train), "--test-limit", String.valueOf(test), "--epochs",
            String.valueOf(epochs), "--workers", String.valueOf(workers), "--out", out.toString()));
        if (resume)
        {
            args.add("--resume");
        }
        return nmsim(args.toArray(new String[0]));
    }

    /**
     * Every example, the registered learners' included, stopped after one epoch (on 2 workers) and resumed (on 1)
     * ends exactly where an uninterrupted 2-epoch run ends: accuracy, energy, messages and per-core counts. Few
     * samples each: what is tested is the checkpoint, not the learning.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({
        "fgt-fashion-mnist-quick, 40, 30",
        "dfa-fashion-mnist, 12, 6",
        "bp-fashion-mnist, 6, 4",
        "fgt-fashion-mnist, 6, 4",
        "fgt-ll-fashion-mnist, 12, 6",
        "fgt-conv-fashion-mnist, 4, 2",
        "sfdfa-dfa-fashion-mnist, 16, 8",
        "sigprop-fashion-mnist, 16, 8",
        "eprop-fashion-mnist, 8, 4",
        "dcll-fashion-mnist, 8, 4",
        "sfdfa-fashion-mnist, 16, 8",
        "sfdfa-400-fashion-mnist, 6, 4",
        "biograd-fashion-mnist, 8, 4",
        "biograd-loihi-fashion-mnist, 8, 4"})
    void shouldReachTheUninterruptedResultAfterStoppingAndResuming(final String example, final int train,
        final int test) throws Exception
    {
        final String config = "../examples/" + example + ".yaml";
        final Path whole = dir.resolve("whole");
        final Path parts = dir.resolve("parts");
        assertEquals(0, run(config, train, test, whole, 2, 1, false), err.toString());
        assertEquals(0, run(config, train, test, parts, 1, 2, false), err.toString());
        assertTrue(Files.isRegularFile(parts.resolve(RunCommand.CHECKPOINT)), "a checkpoint after every epoch");
        assertEquals(0, run(config, train, test, parts, 2, 1, true), err.toString());
        final Report a = ReportJson.read(whole.resolve("report.json"));
        final Report b = ReportJson.read(parts.resolve("report.json"));
        assertEquals(2, b.epochs().size());
        assertEquals(a.epochs(), b.epochs(), "accuracy and loss per epoch");
        assertEquals(a.perSample(), b.perSample(), "samples, energy and operations per training and inference sample");
        assertEquals(a.energy().dynamicJoules(), b.energy().dynamicJoules());
        assertEquals(a.messages(), b.messages());
        assertEquals(a.cores(), b.cores(), "per-core operation counts and memory");
        assertEquals(a.run().config().get("diagnosticsByEpoch"), b.run().config().get("diagnosticsByEpoch"),
            "the learner's diagnostics of every epoch, the one before the checkpoint included");
        if (a.run().config().has("diagnosticsByEpoch"))
        {
            assertEquals(2, b.run().config().path("diagnosticsByEpoch").size(), "diagnostics of both epochs");
        }
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
        final Path old = dir.resolve("old");
        Files.createDirectories(old);
        Files.write(old.resolve(RunCommand.CHECKPOINT), java.nio.ByteBuffer.allocate(8).putLong(0x4E4D52554E434B31L)
            .array());
        assertEquals(2, run(old, 2, 1, true));
        assertTrue(err.toString().contains("was written by an older nmsim (run checkpoint format 1"), err.toString());
        final Path probed = dir.resolve("probed.yaml");
        Files.writeString(probed, Files.readString(Path.of(QUICK)) + "probes:\n  - {population: h1, variable: spikes}\n");
        assertEquals(2, nmsim("run", probed.toString(), "--epochs", "2", "--out", out.toString(), "--resume"));
        assertTrue(err.toString().contains("--resume: not supported with probes"), err.toString());
    }
}
