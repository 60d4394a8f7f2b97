package org.nmsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.preset.Presets;
import org.nmsim.traces.Report;
import org.nmsim.traces.ReportJson;
import org.nmsim.traces.TraceReader;

import picocli.CommandLine;

/** {@code nmsim run} with probes: trace files, and report.json's messages by kind, raster and NeuroBench metrics. */
class RunProbesTest
{
    /** 784-20-10, T = 3, DFA; 4 training and 2 test samples: run samples 0..3 train, 4..5 test. */
    private static final String CONFIG = String.join("\n",
        "chip: {preset: spinnaker2}",
        "network: {sizes: [784, 20, 10]}",
        "algorithm: {method: dfa, steps: 3, eta: 0.05}",
        "dataset: {name: fashion-mnist, train_limit: 4, test_limit: 2}",
        "run: {epochs: 1, seed: 3}",
        "probes:",
        "  - {population: h1, variable: u, neurons: [0, 7, 19], every: 2, samples: {first: 2}}",
        "  - {population: h1, variable: spikes, samples: all}",
        "  - {population: readout, variable: u, samples: [4, 5]}",
        "");
    private static final int T = 3;

    @TempDir
    Path dir;

    /** One record of a trace file. */
    private record Rec(long step, int neuron, double value)
    {
    }

    private Path run(final int workers) throws IOException
    {
        final Path cfg = dir.resolve("probes.yaml");
        Files.writeString(cfg, CONFIG, StandardCharsets.UTF_8);
        final Path out = dir.resolve("run-w" + workers);
        final StringWriter o = new StringWriter();
        final StringWriter e = new StringWriter();
        final CommandLine cmd = Nmsim.newCommandLine();
        cmd.setOut(new PrintWriter(o));
        cmd.setErr(new PrintWriter(e));
        assertEquals(0, cmd.execute("run", cfg.toString(), "--workers", Integer.toString(workers), "--out",
            out.toString()), "stderr: " + e + "\nstdout: " + o);
        return out;
    }

    private static List<Rec> read(final Path file) throws IOException
    {
        final List<Rec> out = new ArrayList<>();
        try (TraceReader r = TraceReader.open(file))
        {
            while (r.next())
            {
                out.add(new Rec(r.step(), r.neuron(), r.value()));
            }
        }
        return out;
    }

    @Test
    @Timeout(60)
    void shouldWriteTracesWithTheHandCountedRecordsTheSameBytesForOneAndTwoWorkersAndAFullReport()
        throws IOException
    {
        final Path one = run(1);
        final Path two = run(2);
        final Path traces = one.resolve(RunCommand.TRACES_DIR);
        for (final String f : List.of("h1-u.nmtrace", "h1-spikes.nmtrace", "readout-u.nmtrace"))
        {
            assertArrayEquals(Files.readAllBytes(traces.resolve(f)),
                Files.readAllBytes(two.resolve(RunCommand.TRACES_DIR).resolve(f)), f + " for 1 and 2 workers");
        }

        // h1 u, neurons 0, 7, 19, every 2, samples 0 and 1: run steps 0..2 and 3..5, even ones 0, 2 | 4 -> 3 x 3
        final List<Rec> u = read(traces.resolve("h1-u.nmtrace"));
        assertEquals(9, u.size());
        assertEquals(List.of(0L, 2L, 4L), u.stream().map(Rec::step).distinct().toList());
        assertEquals(List.of(0, 7, 19), u.subList(0, 3).stream().map(Rec::neuron).toList());
        try (TraceReader r = TraceReader.open(traces.resolve("h1-u.nmtrace")))
        {
            assertEquals("u", r.metadata().variable());
            assertEquals("h1", r.metadata().population());
            assertEquals(2.0, r.metadata().samplingInterval());
        }
        // readout u: samples 4 and 5, every step, 10 classes
        final List<Rec> out = read(traces.resolve("readout-u.nmtrace"));
        assertEquals(2 * T * 10, out.size());
        assertEquals(4L * T, out.get(0).step());
        assertEquals(6L * T - 1, out.get(out.size() - 1).step());

        // every h1 spike of the run, and the kernel's spike messages: the same number
        final List<Rec> spikes = read(traces.resolve("h1-spikes.nmtrace"));
        final Report report = ReportJson.read(one.resolve(ReportJson.FILE_NAME));
        final Map<String, Report.MessageCounts> byKind = report.messages().stream()
            .collect(Collectors.toMap(Report.MessageCounts::kind, m -> m));
        assertEquals(List.of("burst", "graded", "label", "spike"), byKind.keySet().stream().sorted().toList());
        assertEquals(0L, byKind.get("burst").count(), "graded FGT sends no burst spikes");
        assertEquals(spikes.size(), byKind.get("spike").count());
        assertTrue(spikes.size() > 0, "h1 spikes");
        assertTrue(spikes.stream().allMatch(s -> s.value() == 1.0 && s.neuron() < 20 && s.step() < 6L * T));
        assertEquals(6, byKind.get("label").count(), "one label per sample (4 training, 2 test)");
        assertEquals(Presets.spinnaker2().messageFormat(MessageKind.BINARY_SPIKE).sizeBits(),
            byKind.get("spike").bits());
        assertTrue(byKind.get("graded").count() > 0 && byKind.get("graded").bits() > 0);
        assertEquals(report.messages(), ReportJson.read(two.resolve(ReportJson.FILE_NAME)).messages());

        // raster: h1 spikes of the first test sample (run sample 4), steps 1..T, as in the trace file
        assertEquals(1, report.rasters().size());
        final Report.Raster raster = report.rasters().get(0);
        assertEquals("h1", raster.population());
        assertEquals(4, raster.sample());
        final List<Rec> sample4 = spikes.stream().filter(s -> s.step() / T == 4).toList();
        assertEquals(sample4.size(), raster.times().length);
        for (int i = 0; i < sample4.size(); i++)
        {
            assertEquals(sample4.get(i).step() - 4 * T + 1, raster.times()[i]);
            assertEquals(sample4.get(i).neuron(), raster.neurons()[i]);
        }

        // NeuroBench over the 2 test samples
        final Report.NeuroBench nb = report.neurobench();
        long bits = 0;
        for (final Report.CoreCounts c : report.cores())
        {
            final Report.Memory m = c.memory();
            bits += m.weightBits() + m.delayBits() + m.learningStateBits() + m.feedbackBits() + m.traceBits();
        }
        assertEquals((bits + 7) / 8, nb.footprintBytes(), "footprint = allocated bits / 8");
        final long testSpikes = spikes.stream().filter(s -> s.step() >= 4L * T).count();
        assertEquals(1.0 - testSpikes / (2.0 * T * 20), nb.activationSparsity(), 1e-12,
            "zero activations / (samples x T x 20 hidden neurons)");
        assertTrue(nb.activationSparsity() >= 0 && nb.activationSparsity() <= 1);
        assertEquals(testSpikes * 10 / 2.0, nb.synapticOpsEffectiveAcs(), 1e-9, "each h1 spike reaches 10 weights");
        assertTrue(nb.synapticOpsEffectiveMacs() > 0, "graded pixels into h1");
        assertEquals(T * (784.0 * 20 + 20 * 10), nb.synapticOpsDense());
        assertTrue(nb.synapticOpsEffectiveMacs() <= nb.synapticOpsDense());
        assertTrue(nb.connectionSparsity() >= 0 && nb.connectionSparsity() < 0.5, "float weights are rarely 0");
        assertTrue(nb.membraneUpdates() > 0 && nb.membraneUpdates() <= T * 30.0, "at most 30 neurons x T");
    }
}
