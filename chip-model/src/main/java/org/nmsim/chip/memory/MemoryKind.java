package org.nmsim.chip.memory;

/** What a block of a core's synaptic memory holds. Each allocation has one kind, so usage can be reported by kind. */
public enum MemoryKind
{
    /** Synaptic weights. */
    WEIGHTS,
    /** Synaptic delays. */
    DELAYS,
    /** Synaptic tags (Loihi: 9-bit signed auxiliary variable per synapse). */
    TAGS,
    /** Column indices and row pointers of sparse formats, axon-list headers. */
    INDICES,
    /** Per-synapse or per-neuron state of a learning rule (eligibility, momentum, ...). */
    LEARNING_STATE,
    /** Feedback matrices that a learning algorithm adds (e.g. random projections of DFA). */
    FEEDBACK,
    /** Pre- and postsynaptic traces. */
    TRACES,
    /** Anything else, named by the owner label. */
    OTHER
}
