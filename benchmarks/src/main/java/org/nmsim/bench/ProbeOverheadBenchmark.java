package org.nmsim.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.nmsim.chip.preset.Presets;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.MlpChip;
import org.nmsim.learning.OnlineHyper;
import org.nmsim.learning.ProbeSink;
import org.nmsim.learning.ProbeSpec;
import org.nmsim.traces.RecordLayout;
import org.nmsim.traces.TraceMetadata;
import org.nmsim.traces.TraceWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of recording: the online MLP's sample loop ({@code trainSample} and {@code predict}, 784-100-10 DFA,
 * T = 6, on spinnaker2, one kernel worker) without probes and with a spike probe and a {@code u} probe on every
 * neuron of h1 at every step of every sample, streamed into two trace files through {@link TraceWriter}s (the
 * worst case: {@code u} gives 600 records per sample). Scores are samples per second; the ratio
 * {@code probes=spikes_u / probes=none} of the same method in the same run is the recording overhead.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ProbeOverhead}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProbeOverheadBenchmark
{
    /** {@code none}, or {@code spikes_u}: h1 spikes and h1 u, all neurons, every step, every sample. */
    @Param({"none", "spikes_u"})
    public String probes;

    private MlpChip chip;
    private TraceWriter spikes;
    private TraceWriter u;
    private Path dir;
    private double[] x;
    private int label;

    /** A trace writer as a probe sink (what {@code nmsim run} does with its probes). */
    private static ProbeSink sink(final TraceWriter w, final boolean binary)
    {
        return (time, neuron, value) ->
        {
            try
            {
                if (binary)
                {
                    w.spike(time, neuron);
                }
                else
                {
                    w.appendStepped(time, neuron, value);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        };
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final MlpChip.Builder b = MlpChip.builder(784, 100, 10).chip(Presets.spinnaker2())
            .hyper(OnlineHyper.paperDefaults(LearningMethod.DFA, 6, 0.01)).seed(1).workers(1);
        if ("spikes_u".equals(probes))
        {
            dir = Files.createTempDirectory("nmsim-probe-bench");
            spikes = TraceWriter.open(dir.resolve("h1-spikes.nmtrace"), TraceMetadata.steppedSpikes("h1", "bench"),
                RecordLayout.STEPPED_INT32);
            u = TraceWriter.open(dir.resolve("h1-u.nmtrace"), new TraceMetadata("u", "h1", "1", 1, "step", "bench"),
                RecordLayout.STEPPED_FLOAT64);
            b.probe(new ProbeSpec("h1", ProbeSpec.Variable.SPIKES, null, 1, null), sink(spikes, true));
            b.probe(new ProbeSpec("h1", ProbeSpec.Variable.U, null, 1, null), sink(u, false));
        }
        chip = b.build();
        final SplitMix64 r = new SplitMix64(5);
        x = new double[784];
        for (int i = 0; i < x.length; i++)
        {
            // about half the pixels dark, as in Fashion-MNIST
            x[i] = r.nextDouble() < 0.5 ? 0.0 : r.nextDouble();
        }
        label = 3;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        chip.close();
        if (spikes != null)
        {
            spikes.close();
            u.close();
            Files.delete(spikes.path());
            Files.delete(u.path());
            Files.delete(dir);
        }
    }

    @Benchmark
    public int trainSample()
    {
        return chip.trainSample(x, label);
    }

    @Benchmark
    public int predict()
    {
        return chip.predict(x);
    }
}
