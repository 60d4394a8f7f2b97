package org.nmsim.learning.biograd;

/**
 * The protocol registers the host writes into every core before it runs a segment (a training sample, an inference,
 * one sleep presentation, a feedback reload), as a chip's host interface configures its cores between runs. They
 * carry no data of other cores: only what to do, from which kernel step, and the segment's number.
 *
 * <p>Each segment of {@code phases * (steps + 1)} kernel steps has the phase structure of learning-engines/MODEL.md:
 * algorithmic step {@code t = rel / phases + 1}, phase {@code rel % phases}; phase 0 is the input cores, phase l the
 * cores of layer l; a message sent in phase l arrives in phase l + 1 (phase 0 of the next step for the output).
 *
 * <p>Threading: written by the host thread only between runs; read by the core's worker during a run (the kernel's
 * run call publishes it).
 */
final class Segment
{
    /** What a segment does. */
    enum Mode
    {
        /** Present a sample and learn from it (errors from t_error on, weight update at the end). */
        TRAIN,
        /** Present a sample; nothing learns and no error is computed. */
        INFER,
        /** One random presentation of the sleep phase, for hidden layer {@link #sleepLayer}. */
        SLEEP,
        /** One kernel step in which cores copy host-loaded feedback weights (Loihi variant, once per epoch). */
        RELOAD
    }

    Mode mode = Mode.INFER;
    /** Kernel step at which the segment starts. */
    long start;
    /** Segment number (for {@link SpikeDraws}). */
    long id;
    /** SLEEP: the hidden layer whose feedback weights this presentation trains. */
    int sleepLayer;
    /** SLEEP: spike probability of the random neurons. */
    double rate;
    /** SLEEP: whether this presentation is the last of its cycle (B is updated after it). */
    boolean applySleep;

    void set(final Mode m, final long startStep, final long segmentId)
    {
        mode = m;
        start = startStep;
        id = segmentId;
    }
}
