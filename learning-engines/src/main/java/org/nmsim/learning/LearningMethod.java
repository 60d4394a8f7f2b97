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
    FGT_S
}
