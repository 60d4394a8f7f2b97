package org.nmsim.learning;

/** How hidden layers receive their error (learning-engines/MODEL.md, "Error at hidden layers"). */
public enum LearningMethod
{
    /** Direct feedback alignment: fixed random feedback B^l from the output error. */
    DFA,
    /** Forward gradient with momentum feedback connections M^l (paper 000 eq. 4-7). */
    FGT,
    /** Vanilla forward gradient: g = (e . z) v, no momentum feedback. */
    FGT_WO_M,
    /** FGT with one sampled layer per step. */
    FGT_S,
    /**
     * Online backpropagation as it would have to run on chip: every hidden layer stores a transposed copy of the
     * weights above it (symmetric backward synapses, loaded from the same initial weights: weight transport) and
     * keeps it in step with locally available values; errors travel backwards one layer per phase as graded
     * messages. No core reads another's memory, but the copies double the weight memory of the upper layers.
     * Supported for at most two hidden layers (the backward sweep must reach each layer before its forward phase).
     */
    BP
}
