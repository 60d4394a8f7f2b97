package org.nmsim.traces;

import java.util.Objects;

/**
 * What a trace file holds, written as JSON in its header ({@link TraceFileDescriptor}).
 *
 * <p>Threading: immutable; thread safe.
 *
 * @param variable         the probed variable, e.g. {@code "v"}, {@code "u"}, {@code "spikes"}.
 * @param population       the population the neurons belong to; neuron ids are indices within it.
 * @param unit             the value's unit, e.g. {@code "raw"} for fixed-point words, {@code "mV"}, {@code "1"}.
 * @param samplingInterval the interval between samples, in {@code timeUnit}; 0 for event traces (spikes).
 * @param timeUnit         the unit of record times: {@code "step"} when stepped, {@code "ms"} when continuous.
 * @param nmsimVersion     the nmsim version that wrote the file.
 */
public record TraceMetadata(
    String variable,
    String population,
    String unit,
    double samplingInterval,
    String timeUnit,
    String nmsimVersion)
{
    /** Validates that every name is present and the interval is finite and not negative. */
    public TraceMetadata
    {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(population, "population");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(timeUnit, "timeUnit");
        Objects.requireNonNull(nmsimVersion, "nmsimVersion");
        if (!(samplingInterval >= 0) || Double.isInfinite(samplingInterval))
        {
            throw new IllegalArgumentException(
                "samplingInterval=" + samplingInterval + " must be finite and >= 0 (variable " + variable + ")");
        }
    }

    /**
     * Metadata of a stepped spike trace: variable "spikes", unit "1", sampled on events.
     *
     * @param population   the population.
     * @param nmsimVersion the nmsim version.
     * @return the metadata.
     */
    public static TraceMetadata steppedSpikes(final String population, final String nmsimVersion)
    {
        return new TraceMetadata("spikes", population, "1", 0, "step", nmsimVersion);
    }
}
