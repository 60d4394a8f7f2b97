package org.nmsim.traces;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The machine-readable truth of a run, as written to {@code report.json} by {@link ReportJson} and rendered to
 * {@code report.html} by {@link ReportHtml}. Every nested record is one JSON object; JSON field names are the
 * record component names.
 *
 * <p>Threading: immutable (apart from the arrays of {@link Raster}, which must not be changed once built); thread
 * safe.
 *
 * <p>Units: energies in joules unless the name says pJ; times in nanoseconds ({@code Ns}) or seconds
 * ({@code Seconds}); memory in bits; accuracies as fractions in [0, 1].
 *
 * @param formatVersion       the report format version, {@link #FORMAT_VERSION} when written by this nmsim.
 * @param run                 what ran: config echo, version, seed, preset, wall time.
 * @param epochs              accuracy and loss per epoch, in epoch order; empty for inference-only runs.
 * @param cores               per-core operation counts, memory and placement.
 * @param populations         per-population operation counts.
 * @param messages            messages by kind, with their hops.
 * @param energy              energy by operation kind, static and dynamic.
 * @param perSample           energy and operations per training sample and per inference.
 * @param stepTimes           distribution of wall time per simulated step (from an HdrHistogram).
 * @param neurobench          optional: NeuroBench metrics ({@link NeuroBenchMetrics} computes them).
 * @param gradientAlignment   optional: per-layer cosine between the local-rule update and the BP gradient.
 * @param referenceComparison optional: lines compared against reference results, with their tolerance.
 * @param rasters             optional: small spike rasters of one sample, for the plots.
 */
public record Report(
    int formatVersion,
    Run run,
    List<Epoch> epochs,
    List<CoreCounts> cores,
    List<PopulationCounts> populations,
    List<MessageCounts> messages,
    Energy energy,
    PerSample perSample,
    StepTimes stepTimes,
    NeuroBench neurobench,
    List<LayerAlignment> gradientAlignment,
    List<ReferenceLine> referenceComparison,
    List<Raster> rasters)
{
    /** The report format version this nmsim writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** Requires every mandatory section; copies the lists. */
    public Report
    {
        Objects.requireNonNull(run, "run is required");
        epochs = List.copyOf(Objects.requireNonNull(epochs, "epochs is required (empty for inference-only runs)"));
        cores = List.copyOf(Objects.requireNonNull(cores, "cores is required"));
        populations = List.copyOf(Objects.requireNonNull(populations, "populations is required"));
        messages = List.copyOf(Objects.requireNonNull(messages, "messages is required"));
        Objects.requireNonNull(energy, "energy is required");
        Objects.requireNonNull(perSample, "perSample is required");
        Objects.requireNonNull(stepTimes, "stepTimes is required");
        gradientAlignment = gradientAlignment == null ? null : List.copyOf(gradientAlignment);
        referenceComparison = referenceComparison == null ? null : List.copyOf(referenceComparison);
        rasters = rasters == null ? null : List.copyOf(rasters);
    }

    /** Maps in a report iterate in key order, so that the same run always writes the same bytes. */
    private static <V> Map<String, V> sorted(final Map<String, V> map)
    {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /**
     * What ran.
     *
     * @param nmsimVersion    the nmsim version.
     * @param seed            the experiment seed.
     * @param chipPreset      the chip preset name, e.g. {@code "loihi1"}.
     * @param wallTimeSeconds wall-clock duration of the run.
     * @param config          the validated experiment configuration, echoed as a JSON tree.
     */
    public record Run(String nmsimVersion, long seed, String chipPreset, double wallTimeSeconds, JsonNode config)
    {
        /** Requires the names and the config. */
        public Run
        {
            Objects.requireNonNull(nmsimVersion, "run.nmsimVersion is required");
            Objects.requireNonNull(chipPreset, "run.chipPreset is required");
            Objects.requireNonNull(config, "run.config is required");
        }
    }

    /**
     * Accuracy and loss after one epoch; a value not measured is null.
     *
     * @param epoch         the epoch, from 1.
     * @param trainAccuracy training accuracy in [0, 1].
     * @param trainLoss     training loss.
     * @param testAccuracy  test accuracy in [0, 1].
     * @param testLoss      test loss.
     */
    public record Epoch(int epoch, Double trainAccuracy, Double trainLoss, Double testAccuracy, Double testLoss)
    {
    }

    /**
     * One core: where it sits, what it hosts, what it did and what memory it holds.
     *
     * @param core                the core id.
     * @param chip                the chip index, from 0.
     * @param x                   mesh column of the core's tile.
     * @param y                   mesh row of the core's tile.
     * @param populations         the populations (or parts) mapped to it.
     * @param compartmentsUsed    compartments in use.
     * @param compartmentCapacity compartments available.
     * @param ops                 operation kind to count, e.g. {@code "synop": 120345}.
     * @param memory              synaptic memory by kind.
     */
    public record CoreCounts(
        int core,
        int chip,
        int x,
        int y,
        List<String> populations,
        int compartmentsUsed,
        int compartmentCapacity,
        Map<String, Long> ops,
        Memory memory)
    {
        /** Requires the lists, maps and memory; copies them (maps in key order). */
        public CoreCounts
        {
            populations = List.copyOf(Objects.requireNonNull(populations, "cores[].populations is required"));
            ops = sorted(Objects.requireNonNull(ops, "cores[].ops is required"));
            Objects.requireNonNull(memory, "cores[].memory is required");
        }
    }

    /**
     * Synaptic memory of one core, in bits, by kind.
     *
     * @param weightBits        synaptic weights.
     * @param delayBits         synaptic delays.
     * @param learningStateBits plasticity state (tags, eligibility, learning traces).
     * @param feedbackBits      feedback matrices and error pathways added by the algorithm.
     * @param traceBits         pre- and post-synaptic traces.
     * @param capacityBits      the core's synaptic memory.
     */
    public record Memory(
        long weightBits, long delayBits, long learningStateBits, long feedbackBits, long traceBits, long capacityBits)
    {
        /** @return the bits in use. */
        public long usedBits()
        {
            return weightBits + delayBits + learningStateBits + feedbackBits + traceBits;
        }

        /** @return used bits over capacity; 0 when the capacity is 0. */
        public double utilisation()
        {
            return capacityBits == 0 ? 0 : (double)usedBits() / capacityBits;
        }
    }

    /**
     * One population's operation counts, summed over the cores that host it.
     *
     * @param name    the population.
     * @param neurons its size.
     * @param ops     operation kind to count.
     */
    public record PopulationCounts(String name, int neurons, Map<String, Long> ops)
    {
        /** Requires the name and ops; copies the map in key order. */
        public PopulationCounts
        {
            Objects.requireNonNull(name, "populations[].name is required");
            ops = sorted(Objects.requireNonNull(ops, "populations[].ops is required"));
        }
    }

    /**
     * Messages of one kind.
     *
     * @param kind         e.g. {@code "spike"}, {@code "graded24"}, {@code "error"}.
     * @param bits         size of one message in bits.
     * @param count        messages sent.
     * @param hops         tile hops travelled, summed over messages.
     * @param hopHistogram optional: element h counts the messages that travelled h hops.
     */
    public record MessageCounts(String kind, int bits, long count, long hops, List<Long> hopHistogram)
    {
        /** Requires the kind; copies the histogram. */
        public MessageCounts
        {
            Objects.requireNonNull(kind, "messages[].kind is required");
            hopHistogram = hopHistogram == null ? null : List.copyOf(hopHistogram);
        }
    }

    /**
     * Energy of the run.
     *
     * @param byOperation       dynamic energy by operation kind, each with its source.
     * @param dynamicJoules     sum of {@code byOperation[].joules}.
     * @param staticJoules      static power times simulated time.
     * @param staticPowerWatts  static power of the chips used.
     * @param simulatedSeconds  simulated (chip) time the static power was charged for.
     * @param staticSource      where the static power figure comes from.
     * @param staticAssumption  true when the static power is an unconfirmed assumption.
     */
    public record Energy(
        List<EnergyLine> byOperation,
        double dynamicJoules,
        double staticJoules,
        double staticPowerWatts,
        double simulatedSeconds,
        String staticSource,
        boolean staticAssumption)
    {
        /** Requires the lines and the source; copies the list. */
        public Energy
        {
            byOperation = List.copyOf(Objects.requireNonNull(byOperation, "energy.byOperation is required"));
            Objects.requireNonNull(staticSource, "energy.staticSource is required");
        }

        /**
         * Builds the section from its lines, summing the dynamic energy.
         *
         * @param lines            energy by operation kind.
         * @param staticPowerWatts static power.
         * @param simulatedSeconds simulated time.
         * @param staticSource     source of the static power.
         * @param staticAssumption whether it is an assumption.
         * @return the section.
         */
        public static Energy of(
            final List<EnergyLine> lines,
            final double staticPowerWatts,
            final double simulatedSeconds,
            final String staticSource,
            final boolean staticAssumption)
        {
            double dynamic = 0;
            for (final EnergyLine line : lines)
            {
                dynamic += line.joules();
            }
            return new Energy(lines, dynamic, staticPowerWatts * simulatedSeconds, staticPowerWatts, simulatedSeconds,
                staticSource, staticAssumption);
        }

        /** @return dynamic plus static energy. */
        public double totalJoules()
        {
            return dynamicJoules + staticJoules;
        }
    }

    /**
     * Dynamic energy of one operation kind.
     *
     * @param opKind          the operation kind, as in the ops maps.
     * @param count           operations performed.
     * @param picojoulesPerOp energy of one operation.
     * @param joules          count times picojoulesPerOp, in joules.
     * @param source          where the per-op energy comes from, e.g. {@code "Davies et al. 2018, Table 2"}.
     * @param assumption      true when the per-op energy is an unconfirmed assumption or a user override.
     */
    public record EnergyLine(
        String opKind, long count, double picojoulesPerOp, double joules, String source, boolean assumption)
    {
        /** Requires the kind and source. */
        public EnergyLine
        {
            Objects.requireNonNull(opKind, "energy.byOperation[].opKind is required");
            Objects.requireNonNull(source, "energy.byOperation[].source is required (every energy figure has one)");
        }

        /**
         * @param opKind          the operation kind.
         * @param count           operations performed.
         * @param picojoulesPerOp energy of one operation.
         * @param source          its source.
         * @param assumption      whether it is an assumption.
         * @return the line, with joules computed.
         */
        public static EnergyLine of(
            final String opKind, final long count, final double picojoulesPerOp, final String source,
            final boolean assumption)
        {
            return new EnergyLine(opKind, count, picojoulesPerOp, count * picojoulesPerOp * 1e-12, source, assumption);
        }
    }

    /**
     * Cost per sample.
     *
     * @param training  per training sample; null for inference-only runs.
     * @param inference per inference.
     */
    public record PerSample(SampleCost training, SampleCost inference)
    {
    }

    /**
     * The average cost of one sample.
     *
     * @param samples         samples averaged over.
     * @param joulesPerSample total (static and dynamic) energy per sample.
     * @param opsPerSample    operation kind to mean count per sample.
     */
    public record SampleCost(long samples, double joulesPerSample, Map<String, Double> opsPerSample)
    {
        /** Requires the map; copies it in key order. */
        public SampleCost
        {
            opsPerSample = sorted(Objects.requireNonNull(opsPerSample, "perSample.*.opsPerSample is required"));
        }
    }

    /**
     * Wall time per simulated step, from an HdrHistogram recorded per step.
     *
     * @param steps steps recorded.
     * @param p50Ns median.
     * @param p90Ns 90th percentile.
     * @param p99Ns 99th percentile.
     * @param maxNs maximum.
     */
    public record StepTimes(long steps, long p50Ns, long p90Ns, long p99Ns, long maxNs)
    {
    }

    /**
     * NeuroBench metrics (definitions in HARDWARE.md; {@link NeuroBenchMetrics} computes them).
     *
     * @param footprintBytes          bytes of all parameters and buffers, zeros included.
     * @param connectionSparsity      zero weights over all weights of connection layers.
     * @param activationSparsity      zero activations over all activations.
     * @param synapticOpsEffectiveAcs mean effective accumulates per sample (spike inputs).
     * @param synapticOpsEffectiveMacs mean effective multiply-accumulates per sample (non-spike inputs).
     * @param synapticOpsDense        mean dense synaptic operations per sample.
     * @param membraneUpdates         mean membrane potential updates per sample.
     */
    public record NeuroBench(
        long footprintBytes,
        double connectionSparsity,
        double activationSparsity,
        double synapticOpsEffectiveAcs,
        double synapticOpsEffectiveMacs,
        double synapticOpsDense,
        double membraneUpdates)
    {
    }

    /**
     * Alignment of one layer's local update with the backpropagation gradient over training.
     *
     * @param layer  the layer (projection) name.
     * @param points cosine similarity by epoch ({@link NeuroBenchMetrics#cosine(double[], double[])}).
     */
    public record LayerAlignment(String layer, List<AlignmentPoint> points)
    {
        /** Requires the name and points; copies the list. */
        public LayerAlignment
        {
            Objects.requireNonNull(layer, "gradientAlignment[].layer is required");
            points = List.copyOf(Objects.requireNonNull(points, "gradientAlignment[].points is required"));
        }
    }

    /**
     * @param epoch  training progress in epochs (fractional within an epoch).
     * @param cosine cosine similarity in [-1, 1].
     */
    public record AlignmentPoint(double epoch, double cosine)
    {
    }

    /**
     * One line of a reference comparison: passes when {@code |value - reference| <= tolerance}.
     *
     * @param line      what is compared, e.g. {@code "test accuracy, epoch 10"}.
     * @param value     this run's value.
     * @param reference the reference value.
     * @param tolerance the absolute tolerance used.
     * @param pass      whether the value is within tolerance.
     */
    public record ReferenceLine(String line, double value, double reference, double tolerance, boolean pass)
    {
        /** Requires the line name. */
        public ReferenceLine
        {
            Objects.requireNonNull(line, "referenceComparison[].line is required");
        }

        /**
         * @param line      what is compared.
         * @param value     this run's value.
         * @param reference the reference value.
         * @param tolerance the absolute tolerance.
         * @return the line, with pass computed (NaN never passes).
         */
        public static ReferenceLine of(final String line, final double value, final double reference,
            final double tolerance)
        {
            return new ReferenceLine(line, value, reference, tolerance, Math.abs(value - reference) <= tolerance);
        }
    }

    /**
     * A small spike raster of one sample: parallel arrays of spike times and neuron ids. Like every record with
     * array components, {@code equals} compares the arrays by identity; compare JSON to compare content.
     *
     * @param population the population.
     * @param sample     the sample index.
     * @param times      spike times (steps, or ms when continuous).
     * @param neurons    neuron ids, one per time.
     */
    public record Raster(String population, int sample, double[] times, int[] neurons)
    {
        /** Requires parallel arrays of equal length. */
        public Raster
        {
            Objects.requireNonNull(population, "rasters[].population is required");
            Objects.requireNonNull(times, "rasters[].times is required");
            Objects.requireNonNull(neurons, "rasters[].neurons is required");
            if (times.length != neurons.length)
            {
                throw new IllegalArgumentException("rasters[].times has " + times.length + " entries but neurons has "
                    + neurons.length + " (population " + population + "; they must be parallel arrays)");
            }
        }
    }
}
