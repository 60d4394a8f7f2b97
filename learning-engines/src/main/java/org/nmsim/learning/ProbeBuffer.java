package org.nmsim.learning;

import java.util.Arrays;

/**
 * The per-core, per-probe buffer that a core writes its probed values into during its step; the host drains it
 * between samples ({@link #drainInto}). It applies the probe's selection (sample, sampling interval, neurons), so
 * a record that is not selected costs a few comparisons and no memory.
 *
 * <p>Threading: single writer, NOT thread safe. Written only by the worker running the core, during
 * {@code Simulation.runSteps}; read and reset only by the host after {@code runSteps} returned, which orders the
 * worker's writes before the host's reads (the kernel's end-of-run barrier). Its arrays grow to the largest
 * sample's records and are then reused: no allocation on the hot path after the first sampled sample.
 */
final class ProbeBuffer implements ProbeSink
{
    private final boolean[] neuronMask;
    private final int every;
    private final int[] samples;
    private final int steps;
    private long cachedSample = -1;
    private boolean cachedSelected;
    private long[] times = new long[64];
    private int[] neurons = new int[64];
    private double[] values = new double[64];
    private int size;
    private int read;

    ProbeBuffer(final ProbeSpec spec, final int populationSize, final int steps)
    {
        if (spec.neurons() == null)
        {
            neuronMask = null;
        }
        else
        {
            neuronMask = new boolean[populationSize];
            for (final int n : spec.neurons())
            {
                neuronMask[n] = true;
            }
        }
        this.every = spec.every();
        this.samples = spec.samples();
        this.steps = steps;
    }

    @Override
    public void record(final long time, final int neuron, final double value)
    {
        if (time % every != 0 || (neuronMask != null && !neuronMask[neuron]) || !sampleSelected(time / steps))
        {
            return;
        }
        if (size == times.length)
        {
            final int n = size * 2;
            times = Arrays.copyOf(times, n);
            neurons = Arrays.copyOf(neurons, n);
            values = Arrays.copyOf(values, n);
        }
        times[size] = time;
        neurons[size] = neuron;
        values[size] = value;
        size++;
    }

    private boolean sampleSelected(final long sample)
    {
        if (samples == null)
        {
            return true;
        }
        if (sample != cachedSample)
        {
            cachedSample = sample;
            cachedSelected = sample <= Integer.MAX_VALUE && Arrays.binarySearch(samples, (int)sample) >= 0;
        }
        return cachedSelected;
    }

    /** @return the time of the next undrained record, or {@code Long.MAX_VALUE} when none is left. */
    long headTime()
    {
        return read < size ? times[read] : Long.MAX_VALUE;
    }

    /** Hands on every undrained record with this time, in the order written. */
    void drainInto(final long time, final ProbeSink out)
    {
        while (read < size && times[read] == time)
        {
            out.record(times[read], neurons[read], values[read]);
            read++;
        }
    }

    /** Forgets every record (after a full drain). */
    void clear()
    {
        size = 0;
        read = 0;
    }

    /** @return records held. */
    int size()
    {
        return size;
    }
}
