package org.nmsim.datasets;

/**
 * Turns one sample into input messages for the input neurons of a network.
 *
 * <p>Contract of every implementation: the messages of a sample depend only on the encoder's configuration, the
 * sample index and the input, never on earlier calls, the call order or the calling thread; they are delivered in
 * a canonical order (ascending time, ties by ascending neuron); {@code encode} returns the number of messages
 * delivered, which is the input-message count that the cost model charges for the sample.
 *
 * <p>Threading: implementations are immutable and may be used from several threads at once.
 *
 * @param <I> the input type: {@code double[]} intensities in [0, 1] for static data, {@link EventStream} for
 *            event data.
 */
public interface Encoder<I>
{
    /** How {@link EncodedSink#accept}'s time is to be read. */
    enum TimeModel
    {
        /** Integer step indices in [0, steps). */
        STEPPED,
        /** Real times in units of steps, in [0, steps]. */
        CONTINUOUS
    }

    /** @return the time model of the messages. */
    TimeModel timeModel();

    /** @return the number of steps a sample lasts. */
    int steps();

    /**
     * @param input the input size of the sample (pixels, or sensor size for events).
     * @return the number of input neurons (channels) the messages address for that input size.
     */
    int channels(int input);

    /**
     * Encodes one sample.
     *
     * @param sampleIndex the sample's index in its dataset (seeds stochastic encoders).
     * @param input       the sample.
     * @param sink        receives the messages.
     * @return the number of messages delivered.
     */
    long encode(long sampleIndex, I input, EncodedSink sink);
}
