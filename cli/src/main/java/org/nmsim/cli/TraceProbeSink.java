package org.nmsim.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.nmsim.learning.ProbeSink;
import org.nmsim.traces.RecordLayout;
import org.nmsim.traces.TraceMetadata;
import org.nmsim.traces.TraceWriter;

/**
 * A probe's records streamed into its trace file through a {@link TraceWriter}: binary spikes as
 * {@link RecordLayout#STEPPED_INT32} (value 1), graded input values, {@code u} and {@code trace} as
 * {@link RecordLayout#STEPPED_FLOAT64}. Times are the run's algorithmic steps ({@link ProbeSink#record}).
 *
 * <p>Threading: NOT thread safe; single writer: the host thread, which {@code MlpChip} hands the records to between
 * samples. The file is opened by {@link #open()} (after the run directory exists) and is complete after
 * {@link #close()}.
 */
final class TraceProbeSink implements ProbeSink, AutoCloseable
{
    private final Path path;
    private final TraceMetadata metadata;
    private final RecordLayout layout;
    private TraceWriter writer;

    TraceProbeSink(final Path path, final ExperimentConfig.Probe probe, final String nmsimVersion)
    {
        this.path = path;
        final boolean spikes = "spikes".equals(probe.variable());
        // hidden spikes are binary; the input "spikes" are the graded values it sends
        this.layout = spikes && !"input".equals(probe.population()) ? RecordLayout.STEPPED_INT32 :
            RecordLayout.STEPPED_FLOAT64;
        this.metadata = new TraceMetadata(probe.variable(), probe.population(), "1", spikes ? 0 : probe.every(),
            "step", nmsimVersion);
    }

    /** Creates the file and writes its header. */
    void open() throws IOException
    {
        writer = TraceWriter.open(path, metadata, layout);
    }

    @Override
    public void record(final long time, final int neuron, final double value)
    {
        try
        {
            if (layout == RecordLayout.STEPPED_INT32)
            {
                writer.spike(time, neuron);
            }
            else
            {
                writer.appendStepped(time, neuron, value);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(path + ": trace write failed", ex);
        }
    }

    /** @return the trace file. */
    Path path()
    {
        return path;
    }

    /** @return records written so far. */
    long recordCount()
    {
        return writer == null ? 0 : writer.recordCount();
    }

    @Override
    public void close() throws IOException
    {
        if (writer != null)
        {
            writer.close();
        }
    }
}
