package org.nmsim.datasets;

/**
 * Receives the input messages an {@link Encoder} produces for one sample: each call is one message to one input
 * neuron, and is counted as one message by the encoder.
 *
 * <p>Time semantics follow the encoder's {@link Encoder.TimeModel}: for {@code STEPPED} encoders {@code time} is
 * an integer step index in {@code [0, steps)} (exact in a double below 2^53); for {@code CONTINUOUS} encoders it
 * is a real time in units of steps.
 *
 * <p>Threading: called on the thread that called {@link Encoder#encode}.
 */
@FunctionalInterface
public interface EncodedSink
{
    /**
     * @param time   step index (stepped) or time in steps (continuous).
     * @param neuron input neuron (channel) index.
     * @param value  the message value: 1.0 for a binary spike, the graded value or count otherwise.
     */
    void accept(double time, int neuron, double value);
}
