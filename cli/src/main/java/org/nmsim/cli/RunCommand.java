package org.nmsim.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.nmsim.chip.energy.EnergyReport;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.memory.SynapticMemoryBudget;
import org.nmsim.chip.noc.ChipMesh;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.datasets.FashionMnist;
import org.nmsim.datasets.LabeledImages;
import org.nmsim.kernel.Simulation;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.EngineMath;
import org.nmsim.learning.GradientAlignment;
import org.nmsim.learning.MessageClass;
import org.nmsim.learning.MessageTally;
import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerFactory;
import org.nmsim.learning.Learners;
import org.nmsim.learning.MlpChip;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.ProbeSink;
import org.nmsim.learning.ProbeSpec;
import org.nmsim.simd.Simd;
import org.nmsim.traces.AtomicFiles;
import org.nmsim.traces.NeuroBenchMetrics;
import org.nmsim.traces.Report;
import org.nmsim.traces.ReportHtml;
import org.nmsim.traces.ReportJson;
import org.nmsim.traces.TraceWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nmsim run EXPERIMENT.yaml}: trains the experiment's online MLP on its simulated chip epoch by epoch,
 * evaluates on the test set, shows progress, and writes {@code OUT/report.json} (atomically), {@code
 * OUT/report.html} and {@code OUT/config.yaml}.
 *
 * <p>Order: the whole config is validated, the data are loaded, the chip is built (it fails when the network does
 * not fit or the chip's engine lacks an operation), the output directory and the probes' trace files
 * ({@code OUT/traces/<population>-<variable>.nmtrace}) are created, then training starts. Any of these failing is
 * bad input: one line (or the list of config errors) and exit code 2.
 *
 * <p>Probes: each core writes its probed values into its own buffer (single writer: its worker); between samples
 * the host drains the buffers in core-id order into one {@link TraceWriter} per probe, so the trace files are the
 * same bytes for any number of workers. The report's raster is one more such probe (h1 spikes of the first test
 * sample of the last evaluation), kept in memory.
 *
 * <p>Threading: one instance per command-line invocation; NOT thread safe. The kernel runs cores on its workers.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Train and evaluate an experiment on a simulated chip and write its reports.",
        "Writes OUT/report.json, OUT/report.html, OUT/config.yaml and, after every epoch, OUT/checkpoint.bin",
        "(OUT defaults to runs/<config name>); --resume continues from the checkpoint."},
    footer = {"", "Example:", "  nmsim run examples/fgt-fashion-mnist-quick.yaml --epochs 1 --train-limit 500"})
public final class RunCommand implements Callable<Integer>
{
    /** The copy of the input config in the run directory. */
    static final String CONFIG_COPY = "config.yaml";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT.yaml", description = "The experiment config.")
    Path configFile;

    @Option(names = "--epochs", paramLabel = "N", description = "Override run.epochs.")
    Integer epochs;

    @Option(names = "--train-limit", paramLabel = "N", description = "Override dataset.train_limit.")
    Integer trainLimit;

    @Option(names = "--test-limit", paramLabel = "N", description = "Override dataset.test_limit.")
    Integer testLimit;

    @Option(names = "--workers", paramLabel = "N", description = "Override run.workers (kernel threads).")
    Integer workers;

    @Option(names = "--out", paramLabel = "DIR", description = "Override output.dir.")
    Path out;

    @Option(names = "--resume", description = "Continue from OUT/checkpoint.bin (written after every epoch) up to "
        + "run.epochs; the result is bit-identical to an uninterrupted run.")
    boolean resume;

    /** The checkpoint written after every epoch, in the run directory. */
    static final String CHECKPOINT = "checkpoint.bin";
    private static final long CHECKPOINT_MAGIC = 0x4E4D52554E434B32L; // "NMRUNCK2": adds per-epoch diagnostics
    private static final long CHECKPOINT_MAGIC_V1 = 0x4E4D52554E434B31L; // "NMRUNCK1"

    /** The raster: at most this many neurons (the first ones of h1) and this many points. */
    static final int RASTER_NEURONS = 100;
    static final int RASTER_MAX_POINTS = 600;
    /** Where the probes' trace files go, under the run directory. */
    static final String TRACES_DIR = "traces";

    /** Counts, messages by kind and energy at one moment, to price a pass by difference. */
    private record Snapshot(long[] counts, long[] messages, double joules)
    {
    }

    /** The spikes of one sample, in memory, for the report's raster. Host thread only; NOT thread safe. */
    private static final class RasterSink implements ProbeSink
    {
        final String population;
        final int sample;
        final int steps;
        final double[] times = new double[RASTER_MAX_POINTS];
        final int[] neurons = new int[RASTER_MAX_POINTS];
        int size;

        RasterSink(final String population, final int sample, final int steps)
        {
            this.population = population;
            this.sample = sample;
            this.steps = steps;
        }

        @Override
        public void record(final long time, final int neuron, final double value)
        {
            if (size < times.length)
            {
                times[size] = time - (long)sample * steps + 1;  // algorithmic step t = 1..T within the sample
                neurons[size] = neuron;
                size++;
            }
        }

        Report.Raster toReport()
        {
            return new Report.Raster(population, sample, Arrays.copyOf(times, size), Arrays.copyOf(neurons, size));
        }
    }

    /** Sums over the passes of one kind (training or inference). */
    private static final class Cost
    {
        long samples;
        double joules;
        final long[] ops = new long[OpKind.values().length];
        final long[] messages;

        /** @param kinds the message kinds the learner tallies ({@link OnChipLearner#messages()}). */
        Cost(final int kinds)
        {
            messages = new long[kinds];
        }

        void add(final Snapshot before, final Snapshot after, final int n)
        {
            samples += n;
            joules += after.joules() - before.joules();
            for (int i = 0; i < ops.length; i++)
            {
                ops[i] += after.counts()[i] - before.counts()[i];
            }
            for (int i = 0; i < messages.length; i++)
            {
                messages[i] += after.messages()[i] - before.messages()[i];
            }
        }

        Report.SampleCost toReport()
        {
            final Map<String, Double> perSample = new LinkedHashMap<>();
            for (final OpKind op : OpKind.values())
            {
                if (ops[op.ordinal()] != 0)
                {
                    perSample.put(op.counterName(), samples == 0 ? 0.0 : (double)ops[op.ordinal()] / samples);
                }
            }
            return new Report.SampleCost(samples, samples == 0 ? 0.0 : joules / samples, perSample);
        }
    }

    @Override
    public Integer call() throws IOException
    {
        try
        {
            return execute();
        }
        catch (final UncheckedIOException ex)
        {
            throw ex.getCause();
        }
    }

    private Integer execute() throws IOException
    {
        final PrintWriter o = spec.commandLine().getOut();
        final long t0 = System.nanoTime();
        final ExperimentConfig cfg = ExperimentConfigs.load(configFile,
            new ExperimentConfigs.Overrides(epochs, trainLimit, testLimit, workers, out));
        final Path dir = cfg.output().dir();
        final ChipSpec chipSpec = cfg.chip().spec();
        final int[] sizes = cfg.network().sizeArray();
        final FashionMnist train = FashionMnist.load(FashionMnist.Split.TRAIN, cfg.dataset().pathOption(),
            cfg.dataset().trainLimitOption());
        final FashionMnist test = FashionMnist.load(FashionMnist.Split.TEST, cfg.dataset().pathOption(),
            cfg.dataset().testLimitOption());
        final LabeledImages trainSet = train.images();
        final LabeledImages testSet = test.images();
        if (resume && (!cfg.probes().isEmpty() || cfg.run().alignmentSamples() > 0))
        {
            throw new IllegalArgumentException("--resume: not supported with " + (cfg.probes().isEmpty() ?
                "run.alignment_samples > 0 (the diagnostic's partial windows are not in the checkpoint)" :
                "probes (their trace files would restart)") + "; run without them or start over");
        }
        try (OnChipLearner chip = cfg.algorithm().isOnlineMlp() ? null : buildPlugin(cfg))
        {
            if (chip != null)
            {
                prepareOutput(dir);
                return train(o, cfg, chip, dir, train, test, null, List.of(), t0);
            }
        }
        final MlpChip.Builder builder = MlpChip.builder(sizes).chip(chipSpec).hyper(cfg.algorithm().hyper())
            .formats(cfg.network().formats()).fixedPoint(cfg.network().fixedPoint()).seed(cfg.run().seed())
            .workers(cfg.run().workers());
        final List<TraceProbeSink> traceSinks = new ArrayList<>();
        for (final ExperimentConfig.Probe p : cfg.probes())
        {
            final TraceProbeSink sink = new TraceProbeSink(dir.resolve(TRACES_DIR).resolve(p.id() + ".nmtrace"), p,
                version());
            traceSinks.add(sink);
            builder.probe(p.spec(), sink);
        }
        // the raster: h1 spikes of the first test sample of the last evaluation (the last epoch always evaluates);
        // run samples are counted training and test together: epochs x train + earlier evaluations x test
        final int epochCount = cfg.run().epochs();
        final long rasterSample = (long)epochCount * trainSet.count() +
            (long)((epochCount - 1) / cfg.run().evalEvery()) * testSet.count();
        final RasterSink raster = testSet.count() > 0 && rasterSample <= Integer.MAX_VALUE ?
            new RasterSink("h1", (int)rasterSample, cfg.algorithm().hyper().steps()) : null;
        if (raster != null)
        {
            builder.probe(new ProbeSpec("h1", ProbeSpec.Variable.SPIKES,
                IntStream.range(0, Math.min(RASTER_NEURONS, sizes[1])).toArray(), 1, new int[] {raster.sample}),
                raster);
        }
        try (MlpChip chip = builder.build())
        {
            prepareOutput(dir);
            try
            {
                openTraces(dir, traceSinks);
                return train(o, cfg, chip, dir, train, test, raster, traceSinks, t0);
            }
            finally
            {
                closeAll(traceSinks);
            }
        }
    }

    /** Builds a registered factory's learner; its parameter problems become a {@link ConfigException}. */
    private OnChipLearner buildPlugin(final ExperimentConfig cfg)
    {
        final LearnerFactory f = Learners.forMethod(cfg.algorithm().methodName());
        final AlgorithmParams params = new AlgorithmParams(cfg.algorithm().params());
        OnChipLearner learner = null;
        try
        {
            learner = f.build(cfg.learnerSetup(), params);
            params.check();
            return learner;
        }
        catch (final IllegalArgumentException ex)
        {
            if (learner != null)
            {
                learner.close();
            }
            throw new ConfigException(configFile.toString(), List.of(ex.getMessage().split("\n")));
        }
    }

    private static void openTraces(final Path dir, final List<TraceProbeSink> sinks) throws IOException
    {
        if (sinks.isEmpty())
        {
            return;
        }
        final Path traces = dir.resolve(TRACES_DIR);
        try
        {
            Files.createDirectories(traces);
        }
        catch (final IOException ex)
        {
            throw new IOException("output.dir=" + dir + ": " + traces + " cannot be created (" +
                ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")", ex);
        }
        for (final TraceProbeSink s : sinks)
        {
            s.open();
        }
    }

    private static void closeAll(final List<TraceProbeSink> sinks) throws IOException
    {
        IOException first = null;
        for (final TraceProbeSink s : sinks)
        {
            try
            {
                s.close();
            }
            catch (final IOException ex)
            {
                if (first == null)
                {
                    first = ex;
                }
                else
                {
                    first.addSuppressed(ex);
                }
            }
        }
        if (first != null)
        {
            throw first;
        }
    }

    private static String version()
    {
        final String v = Nmsim.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private Integer train(final PrintWriter o, final ExperimentConfig cfg, final OnChipLearner chip, final Path dir,
        final FashionMnist train, final FashionMnist test, final RasterSink raster,
        final List<TraceProbeSink> traceSinks, final long t0) throws IOException
    {
        final ChipSpec chipSpec = cfg.chip().spec();
        final int[] sizes = cfg.network().sizeArray();
        final LabeledImages trainSet = train.images();
        final LabeledImages testSet = test.images();
        final String hyper = cfg.algorithm().isOnlineMlp() ? String.format(Locale.ROOT, "T=%d, eta=%s, ",
            cfg.algorithm().hyper().steps(), cfg.algorithm().hyper().eta()) : "";
        o.printf(Locale.ROOT, "nmsim run %s: %s %s on %s (%d cores, %d chip%s), %s%d epoch%s, seed %d, %d worker%s%n",
            cfg.name(), cfg.algorithm().methodName().toUpperCase(Locale.ROOT),
            cfg.network().sizes().toString().replace(", ", "-").replace("[", "").replace("]", ""),
            chipSpec.name(), chip.coreNames().size(), chip.chips(), chip.chips() == 1 ? "" : "s", hyper,
            cfg.run().epochs(), cfg.run().epochs() == 1 ? "" : "s", cfg.run().seed(), cfg.run().workers(),
            cfg.run().workers() == 1 ? "" : "s");
        o.printf(Locale.ROOT, "  data: %d training samples from %s; %d test samples from %s%n", trainSet.count(),
            train.source(), testSet.count(), test.source());
        o.flush();

        final boolean terminal = System.console() != null;
        final List<Report.Epoch> epochRows = new ArrayList<>();
        final Cost trainCost = new Cost(chip.messages().size());
        final Cost testCost = new Cost(chip.messages().size());
        final double[] x = new double[trainSet.pixelsPerSample()];
        final int[] order = new int[trainSet.count()];
        for (int i = 0; i < order.length; i++)
        {
            order[i] = i;
        }
        final SplitMix64 shuffle = new SplitMix64(SplitMix64.mix(cfg.run().seed() ^ 0x5EEDL));
        final GradientAlignment alignment = cfg.run().alignmentSamples() > 0 && chip instanceof MlpChip mlp ?
            new GradientAlignment(mlp, cfg.run().alignmentWindow()) : null;
        final List<List<Report.AlignmentPoint>> alignmentPoints = new ArrayList<>();
        final Map<String, Object> diagnostics = new LinkedHashMap<>();
        for (int l = 1; l < sizes.length - 1; l++)
        {
            alignmentPoints.add(new ArrayList<>());
        }
        int firstEpoch = 1;
        if (resume)
        {
            firstEpoch = readCheckpoint(dir.resolve(CHECKPOINT), cfg, chip, shuffle, order, epochRows, diagnostics,
                trainCost, testCost) + 1;
            if (firstEpoch > cfg.run().epochs())
            {
                throw new IllegalArgumentException("--resume: " + dir.resolve(CHECKPOINT) + " already holds " +
                    (firstEpoch - 1) + " epochs; run.epochs=" + cfg.run().epochs() + " must be larger to continue");
            }
            o.printf(Locale.ROOT, "  resumed after epoch %d from %s%n", firstEpoch - 1, dir.resolve(CHECKPOINT));
        }
        for (int epoch = firstEpoch; epoch <= cfg.run().epochs(); epoch++)
        {
            for (int i = order.length - 1; i > 0; i--)
            {
                final int j = shuffle.nextInt(i + 1);
                final int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            final String tag = "epoch " + epoch + "/" + cfg.run().epochs();
            Snapshot before = snapshot(chip, cfg);
            final Progress trainProgress = new Progress(o, terminal, tag + " train", order.length,
                () -> chip.energy(cfg.chip().table()).totalJoules());
            int correct = 0;
            double loss = 0;
            for (int k = 0; k < order.length; k++)
            {
                final int s = order[k];
                trainSet.intensities(s, x);
                final int predicted = alignment != null && k < cfg.run().alignmentSamples() ?
                    alignment.trainAndMeasure((MlpChip)chip, x, trainSet.label(s)) :
                    chip.trainSample(x, trainSet.label(s));
                if (predicted == trainSet.label(s))
                {
                    correct++;
                }
                loss += chip.lastSampleLoss();
                trainProgress.update(k + 1, correct);
            }
            trainProgress.finish();
            chip.endEpoch(epoch);
            if (alignment != null)
            {
                final double[] cos = alignment.takeMeanCosines();
                for (int l = 0; l < cos.length; l++)
                {
                    alignmentPoints.get(l).add(new Report.AlignmentPoint(epoch, cos[l]));
                }
                o.printf(Locale.ROOT, "%s: cosine with BP per hidden layer %s%n", tag, Arrays.toString(cos));
            }
            Snapshot after = snapshot(chip, cfg);
            trainCost.add(before, after, order.length);
            final Double trainAcc = order.length == 0 ? null : (double)correct / order.length;
            final Double trainLoss = order.length == 0 ? null : loss / order.length;
            Double testAcc = null;
            if (epoch % cfg.run().evalEvery() == 0 || epoch == cfg.run().epochs())
            {
                before = after;
                final Progress testProgress = new Progress(o, terminal, tag + " test", testSet.count(),
                    () -> chip.energy(cfg.chip().table()).totalJoules());
                int right = 0;
                for (int s = 0; s < testSet.count(); s++)
                {
                    testSet.intensities(s, x);
                    if (chip.predict(x) == testSet.label(s))
                    {
                        right++;
                    }
                    testProgress.update(s + 1, right);
                }
                testProgress.finish();
                after = snapshot(chip, cfg);
                testCost.add(before, after, testSet.count());
                testAcc = testSet.count() == 0 ? null : (double)right / testSet.count();
            }
            epochRows.add(new Report.Epoch(epoch, trainAcc, trainLoss, testAcc, null));
            o.printf(Locale.ROOT, "%s: train accuracy %s, loss %s; test accuracy %s%n", tag, fmt(trainAcc),
                fmt(trainLoss), fmt(testAcc));
            final Map<String, Double> diag = chip.epochDiagnostics();
            if (!diag.isEmpty())
            {
                diagnostics.put(String.valueOf(epoch), new LinkedHashMap<>(diag));
                diag.forEach((k, v) -> o.printf(Locale.ROOT, "%s: %s %.2f%n", tag, k, v));
            }
            o.flush();
            if (cfg.probes().isEmpty() && alignment == null)
            {
                writeCheckpoint(dir.resolve(CHECKPOINT), cfg, chip, epoch, shuffle, order, epochRows, diagnostics,
                    trainCost, testCost);
            }
        }
        final double wall = (System.nanoTime() - t0) / 1e9;
        List<Report.LayerAlignment> layers = null;
        if (alignment != null)
        {
            alignment.close();
            layers = new ArrayList<>();
            for (int l = 0; l < alignmentPoints.size(); l++)
            {
                layers.add(new Report.LayerAlignment("h" + (l + 1), alignmentPoints.get(l)));
            }
        }
        for (final TraceProbeSink s : traceSinks)
        {
            s.close();
            o.printf(Locale.ROOT, "trace: %s (%,d records)%n", s.path(), s.recordCount());
        }
        final Report report = RunReports.build(cfg, chip, epochRows, trainCost.toReport(), testCost.toReport(),
            wall, withDiagnostics(runInfo(cfg, train, test, configFile, chip), diagnostics), layers, testCost,
            raster == null ? null : List.of(raster.toReport()));
        ReportJson.write(dir.resolve(ReportJson.FILE_NAME), report);
        ReportHtml.writeForRun(dir);
        AtomicFiles.write(dir.resolve(CONFIG_COPY), Files.readAllBytes(configFile));
        summary(o, cfg, chip, report, dir, wall);
        return 0;
    }

    /** What a checkpoint must match: the config, less what may change on resume (epochs, workers, output). */
    private static String identity(final ExperimentConfig cfg)
    {
        final Map<String, Object> echo = new LinkedHashMap<>(cfg.echo());
        final Map<String, Object> run = new LinkedHashMap<>(castMap(echo.get("run")));
        run.remove("epochs");
        run.remove("workers");
        echo.put("run", run);
        echo.remove("output");
        return echo.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(final Object o)
    {
        return (Map<String, Object>)o;
    }

    private static void writeCheckpoint(final Path file, final ExperimentConfig cfg, final OnChipLearner chip,
        final int epoch, final SplitMix64 shuffle, final int[] order, final List<Report.Epoch> rows,
        final Map<String, Object> diagnostics, final Cost train, final Cost test) throws IOException
    {
        AtomicFiles.write(file, stream ->
        {
            final java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(stream));
            out.writeLong(CHECKPOINT_MAGIC);
            out.writeUTF(identity(cfg));
            out.writeInt(epoch);
            out.writeLong(shuffle.state());
            out.writeInt(order.length);
            for (final int i : order)
            {
                out.writeInt(i);
            }
            out.writeInt(rows.size());
            for (final Report.Epoch r : rows)
            {
                out.writeInt(r.epoch());
                for (final Double d : new Double[] {r.trainAccuracy(), r.trainLoss(), r.testAccuracy()})
                {
                    out.writeBoolean(d != null);
                    out.writeDouble(d == null ? 0.0 : d);
                }
            }
            // the learner's diagnostics of the epochs so far, so that a resumed run reports every epoch's
            out.writeInt(diagnostics.size());
            for (final Map.Entry<String, Object> e : diagnostics.entrySet())
            {
                out.writeUTF(e.getKey());
                final Map<String, Object> values = castMap(e.getValue());
                out.writeInt(values.size());
                for (final Map.Entry<String, Object> v : values.entrySet())
                {
                    out.writeUTF(v.getKey());
                    out.writeDouble((Double)v.getValue());
                }
            }
            for (final Cost c : new Cost[] {train, test})
            {
                out.writeLong(c.samples);
                out.writeDouble(c.joules);
                for (final long v : c.ops)
                {
                    out.writeLong(v);
                }
                for (final long v : c.messages)
                {
                    out.writeLong(v);
                }
            }
            chip.writeCheckpoint(out);
            out.flush();
        });
    }

    /** @return the epochs the checkpoint holds; restores everything else in place. */
    private static int readCheckpoint(final Path file, final ExperimentConfig cfg, final OnChipLearner chip,
        final SplitMix64 shuffle, final int[] order, final List<Report.Epoch> rows,
        final Map<String, Object> diagnostics, final Cost train, final Cost test) throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("--resume: no checkpoint at " + file + " (a run writes one after " +
                "every epoch)");
        }
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
            Files.newInputStream(file))))
        {
            final long magic = in.readLong();
            if (magic == CHECKPOINT_MAGIC_V1)
            {
                throw new IllegalArgumentException("--resume: " + file + " was written by an older nmsim (run " +
                    "checkpoint format 1, without per-epoch diagnostics); resume it with that version or start again");
            }
            if (magic != CHECKPOINT_MAGIC)
            {
                throw new IllegalArgumentException("--resume: " + file + " is not an nmsim run checkpoint");
            }
            if (!in.readUTF().equals(identity(cfg)))
            {
                throw new IllegalArgumentException("--resume: " + file + " belongs to a different configuration " +
                    "(only run.epochs, run.workers and output may change on resume)");
            }
            final int epoch = in.readInt();
            shuffle.restore(in.readLong());
            if (in.readInt() != order.length)
            {
                throw new IllegalArgumentException("--resume: " + file + " was written for another training set size");
            }
            for (int i = 0; i < order.length; i++)
            {
                order[i] = in.readInt();
            }
            final int n = in.readInt();
            for (int r = 0; r < n; r++)
            {
                final int e = in.readInt();
                final Double[] v = new Double[3];
                for (int k = 0; k < 3; k++)
                {
                    final boolean present = in.readBoolean();
                    final double d = in.readDouble();
                    v[k] = present ? d : null;
                }
                rows.add(new Report.Epoch(e, v[0], v[1], v[2], null));
            }
            final int epochsWithDiagnostics = in.readInt();
            for (int d = 0; d < epochsWithDiagnostics; d++)
            {
                final String key = in.readUTF();
                final int count = in.readInt();
                final Map<String, Double> values = new LinkedHashMap<>();
                for (int k = 0; k < count; k++)
                {
                    values.put(in.readUTF(), in.readDouble());
                }
                diagnostics.put(key, values);
            }
            for (final Cost c : new Cost[] {train, test})
            {
                c.samples = in.readLong();
                c.joules = in.readDouble();
                for (int i = 0; i < c.ops.length; i++)
                {
                    c.ops[i] = in.readLong();
                }
                for (int i = 0; i < c.messages.length; i++)
                {
                    c.messages[i] = in.readLong();
                }
            }
            chip.readCheckpoint(in);
            return epoch;
        }
        catch (final java.io.EOFException ex)
        {
            throw new IllegalArgumentException("--resume: " + file + " is truncated", ex);
        }
    }

    private static Snapshot snapshot(final OnChipLearner chip, final ExperimentConfig cfg)
    {
        final EnergyReport e = chip.energy(cfg.chip().table());
        final long[] counts = new long[OpKind.values().length];
        for (final OpKind op : OpKind.values())
        {
            counts[op.ordinal()] = e.line(op).count();
        }
        final List<MessageTally> tallies = chip.messages();
        final long[] messages = new long[tallies.size()];
        for (int i = 0; i < messages.length; i++)
        {
            messages[i] = tallies.get(i).count();
        }
        return new Snapshot(counts, messages, e.totalJoules());
    }

    /** Adds the learner's per-epoch diagnostics (epoch to name to value) to the run info, when there are any. */
    private static Map<String, Object> withDiagnostics(final Map<String, Object> info,
        final Map<String, Object> diagnostics)
    {
        if (!diagnostics.isEmpty())
        {
            info.put("diagnosticsByEpoch", diagnostics);
        }
        return info;
    }

    private static Map<String, Object> runInfo(final ExperimentConfig cfg, final FashionMnist train,
        final FashionMnist test, final Path configFile, final OnChipLearner chip)
    {
        final Map<String, Object> info = new LinkedHashMap<>(chip.describe());
        info.put("arithmetic", cfg.network().fixedPoint() ? "fixed-point" : "float64");
        info.put("configFile", configFile.toString());
        info.put("experiment", cfg.echo());
        info.put("trainSource", train.source());
        info.put("testSource", test.source());
        info.put("fullDataset", train.isFullDataset());
        info.put("javaVersion", System.getProperty("java.version"));
        info.put("javaVm", System.getProperty("java.vm.name"));
        // the same results either way; recorded because it changes the speed
        info.put("vectorKernels", Simd.enabled());
        return info;
    }

    static void prepareOutput(final Path dir) throws IOException
    {
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new IOException("output.dir=" + dir + " cannot be created (" + ex.getClass().getSimpleName() + ": "
                + ex.getMessage() + ")", ex);
        }
        if (!Files.isWritable(dir))
        {
            throw new IOException("output.dir=" + dir + " is not writable");
        }
    }

    private static String fmt(final Double v)
    {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static void summary(final PrintWriter o, final ExperimentConfig cfg, final OnChipLearner chip,
        final Report report, final Path dir, final double wall)
    {
        o.println();
        o.println("test accuracy by epoch:");
        for (final Report.Epoch e : report.epochs())
        {
            o.printf(Locale.ROOT, "  epoch %d: %s%n", e.epoch(), fmt(e.testAccuracy()));
        }
        final Report.SampleCost tr = report.perSample().training();
        final Report.SampleCost inf = report.perSample().inference();
        o.printf(Locale.ROOT, "energy per training sample: %.4g uJ (over %d samples)%n", tr.joulesPerSample() * 1e6,
            tr.samples());
        o.printf(Locale.ROOT, "energy per inference sample: %.4g uJ (over %d samples)%n",
            inf.joulesPerSample() * 1e6, inf.samples());
        o.printf(Locale.ROOT, "energy in total: %.4g mJ (dynamic %.4g mJ, static %.4g mJ over %.4g s simulated)%n",
            report.energy().totalJoules() * 1e3, report.energy().dynamicJoules() * 1e3,
            report.energy().staticJoules() * 1e3, report.energy().simulatedSeconds());
        o.println("ops by kind (whole run):");
        for (final Report.EnergyLine line : report.energy().byOperation())
        {
            if (line.count() != 0)
            {
                o.printf(Locale.ROOT, "  %-26s %,20d  %.4g mJ%s%n", line.opKind(), line.count(), line.joules() * 1e3,
                    line.assumption() ? "  (assumed figure)" : "");
            }
        }
        if (chip instanceof MlpChip mlp && mlp.engineMath().mode() == EngineMath.Mode.LOOKUP_TABLE)
        {
            o.printf(Locale.ROOT, "surrogate and softmax: lookup tables (no exp/divide in this engine), max error " +
                "%.2g (surrogate, absolute) and %.2g (exp, relative), %d bits per core%n",
                mlp.engineMath().surrogateMaxError(), mlp.engineMath().expMaxRelativeError(),
                mlp.engineMath().tableBits());
        }
        o.printf(Locale.ROOT, "chips %d, cores %d: %s%n", chip.chips(), chip.coreNames().size(),
            String.join(" ", chip.coreNames()));
        final Report.StepTimes st = report.stepTimes();
        o.printf(Locale.ROOT, "kernel step time: p50 %.1f us, p99 %.1f us, max %.1f us over %,d steps; wall %.1f s%n",
            st.p50Ns() / 1e3, st.p99Ns() / 1e3, st.maxNs() / 1e3, st.steps(), wall);
        o.println("report: " + dir.resolve(ReportJson.FILE_NAME) + " and " + dir.resolve(ReportHtml.FILE_NAME)
            + " (config copy: " + dir.resolve(CONFIG_COPY) + ")");
        o.flush();
    }

    /** Builds the {@link Report} of a finished run from the chip's counters and budgets. Stateless. */
    static final class RunReports
    {
        private RunReports()
        {
        }

        static Report build(final ExperimentConfig cfg, final OnChipLearner chip, final List<Report.Epoch> epochs,
            final Report.SampleCost training, final Report.SampleCost inference, final double wall,
            final Map<String, Object> config, final List<Report.LayerAlignment> alignment, final Cost testPasses,
            final List<Report.Raster> rasters)
        {
            final ChipSpec spec = cfg.chip().spec();
            final Simulation sim = chip.simulation();
            final int[] ids = new int[OpKind.values().length];
            for (final OpKind op : OpKind.values())
            {
                ids[op.ordinal()] = sim.counterId(op.counterName());
            }
            final ChipMesh mesh = spec.mesh().value();
            final int coresPerChip = spec.coresPerChip().value();
            final List<Report.CoreCounts> cores = new ArrayList<>();
            final Map<String, Map<String, Long>> popOps = new LinkedHashMap<>();
            final List<String> names = chip.coreNames();
            for (int c = 0; c < names.size(); c++)
            {
                final String name = names.get(c);
                final Map<String, Long> ops = new LinkedHashMap<>();
                final Map<String, Long> pop = popOps.computeIfAbsent(population(name), k -> new LinkedHashMap<>());
                for (final OpKind op : OpKind.values())
                {
                    final long n = sim.counter(c, ids[op.ordinal()]);
                    if (n != 0)
                    {
                        ops.put(op.counterName(), n);
                        pop.merge(op.counterName(), n, Long::sum);
                    }
                }
                final int local = c % coresPerChip;
                final int tile = mesh.tileOf(local);
                final SynapticMemoryBudget b = chip.budgets().get(c);
                final Report.Memory memory = new Report.Memory(
                    b.usage(MemoryKind.WEIGHTS) + b.usage(MemoryKind.INDICES),
                    b.usage(MemoryKind.DELAYS),
                    b.usage(MemoryKind.LEARNING_STATE) + b.usage(MemoryKind.TAGS) + b.usage(MemoryKind.OTHER),
                    b.usage(MemoryKind.FEEDBACK),
                    b.usage(MemoryKind.TRACES),
                    b.capacityBits());
                cores.add(new Report.CoreCounts(c, c / coresPerChip, mesh.tileX(tile), mesh.tileY(tile),
                    List.of(name), neurons(name), spec.compartmentsPerCore().value(), ops, memory));
            }
            final int[] sizes = cfg.network().sizeArray();
            final List<Report.PopulationCounts> pops = new ArrayList<>();
            int layer = 0;
            for (final Map.Entry<String, Map<String, Long>> e : popOps.entrySet())
            {
                pops.add(new Report.PopulationCounts(e.getKey(), sizes[Math.min(layer, sizes.length - 1)],
                    e.getValue()));
                layer++;
            }
            // Messages by kind, counted by the sending cores (MessageClass): a multicast send is one message; hops
            // are the links of its multicast tree. Bits on links = hops x bits (the noc.* energy lines).
            final List<Report.MessageCounts> messages = new ArrayList<>();
            for (final MessageTally t : chip.messages())
            {
                messages.add(new Report.MessageCounts(t.kind(), t.bits(), t.count(), t.hops(), null));
            }
            final EnergyReport er = chip.energy(cfg.chip().table());
            final List<Report.EnergyLine> lines = new ArrayList<>();
            for (final EnergyReport.Line l : er.lines())
            {
                lines.add(new Report.EnergyLine(l.op().counterName(), l.count(), l.picojoulesPerUnit(), l.joules(),
                    l.source(), l.assumption()));
            }
            final Report.Energy energy = Report.Energy.of(lines, er.staticPowerWatts().value() * er.chips(),
                er.simulatedSeconds(), er.staticPowerWatts().source(), er.staticPowerWatts().assumption());
            final Histogram h = sim.windowTimeHistogram();
            final Report.StepTimes stepTimes = new Report.StepTimes(h.getTotalCount(), h.getValueAtPercentile(50),
                h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getMaxValue());
            final String version = Nmsim.class.getPackage().getImplementationVersion();
            final Report.Run run = new Report.Run(version == null ? "dev" : version, cfg.run().seed(), spec.name(),
                wall, new ObjectMapper().valueToTree(config));
            return new Report(Report.FORMAT_VERSION, run, epochs, cores, pops, messages, energy,
                new Report.PerSample(training, inference), stepTimes, neuroBench(cfg, chip, testPasses), alignment,
                null, rasters);
        }

        /**
         * NeuroBench metrics (HARDWARE.md) of the inference (test) passes, from the chip's counters; null when no
         * test sample ran. Per sample = over the test samples, divided by their number.
         */
        static Report.NeuroBench neuroBench(final ExperimentConfig cfg, final OnChipLearner chip, final Cost test)
        {
            if (test == null || test.samples == 0)
            {
                return null;
            }
            final int[] sizes = cfg.network().sizeArray();
            final int steps = chip.timeStepsPerSample();
            if (steps == 0)
            {
                return null;  // continuous time: per-step activation counts do not exist
            }
            final double n = test.samples;
            // footprint = ceil(sum over cores of allocated synaptic-memory bits / 8): weights, gradient
            // accumulators, traces, feedback matrices: every parameter and buffer the chip holds, zeros included
            long bits = 0;
            for (final SynapticMemoryBudget b : chip.budgets())
            {
                bits += b.usedBits();
            }
            final long footprint = (bits + 7) / 8;
            // connection sparsity = zero weights / all weights, over W^0..W^{N-1} as the cores hold them now
            final double connection = NeuroBenchMetrics.connectionSparsity(chip.allWeights());
            // activation sparsity = zero activations / all activations, over the spiking (hidden) layers, the T
            // steps and the test samples: all = samples x T x sum(hidden sizes); nonzero = spikes sent (msg.spike,
            // sent only by hidden neurons)
            long hiddenNeurons = 0;
            for (int l = 1; l < sizes.length - 1; l++)
            {
                hiddenNeurons += sizes[l];
            }
            final long activations = test.samples * steps * hiddenNeurons;
            final long spikes = test.messages[spikeKind(chip)];
            final double activation = NeuroBenchMetrics.activationSparsity(activations - spikes, activations);
            // synaptic ops per sample: effective ACs = synop.binary (a binary spike times each weight it reaches);
            // effective MACs = synop.graded (a nonzero graded input, i.e. pixel, times each weight it reaches; in
            // inference no other graded message carries a synaptic op). The counters include zero weights, so they
            // are exact when connectionSparsity = 0 and an upper bound otherwise.
            // dense = T x sum over layers of n_l x n_{l+1} (every product, zeros included)
            final double acs = test.ops[OpKind.SYNOP_BINARY.ordinal()] / n;
            final double macs = test.ops[OpKind.SYNOP_GRADED.ordinal()] / n;
            long dense = 0;
            for (int l = 0; l < sizes.length - 1; l++)
            {
                dense += (long)sizes[l] * sizes[l + 1];
            }
            // membrane updates per sample = neuron.update.active / samples: hidden neurons whose u changed (its
            // previous value, input or bias nonzero) plus the readout's m per step
            final double membrane = test.ops[OpKind.NEURON_UPDATE_ACTIVE.ordinal()] / n;
            return new Report.NeuroBench(footprint, connection, activation, acs, macs, (double)dense * steps,
                membrane);
        }

        /** @return the index of the {@code spike} kind in the learner's message tallies. */
        static int spikeKind(final OnChipLearner chip)
        {
            final List<MessageTally> tallies = chip.messages();
            for (int i = 0; i < tallies.size(); i++)
            {
                if (MessageClass.SPIKE.kindName().equals(tallies.get(i).kind()))
                {
                    return i;
                }
            }
            throw new IllegalStateException("the learner tallies no 'spike' messages: " + tallies);
        }

        /** @return the population of a core name such as {@code h1[0:64)}: {@code h1}. */
        static String population(final String coreName)
        {
            final int b = coreName.indexOf('[');
            return b < 0 ? coreName : coreName.substring(0, b);
        }

        /** @return the neurons of a core name such as {@code h1[0:64)}: 64; 0 when the name has no range. */
        static int neurons(final String coreName)
        {
            final int b = coreName.indexOf('[');
            final int colon = coreName.indexOf(':', b);
            final int end = coreName.indexOf(')', colon);
            if (b < 0 || colon < 0 || end < 0)
            {
                return 0;
            }
            return Integer.parseInt(coreName.substring(colon + 1, end)) - Integer.parseInt(coreName.substring(b + 1,
                colon));
        }
    }
}
