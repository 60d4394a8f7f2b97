package org.nmsim.learning.reference;

/** The training methods of MODEL.md that {@link FloatMlpReference} implements. */
public enum ReferenceMethod
{
    /** OTTT_A with spatial backpropagation through the transposed forward weights (non-local). */
    BP,
    /** Direct feedback alignment: {@code g^l = B^l e^N} with fixed random {@code B^l}. */
    DFA,
    /** Forward gradient with momentum feedback connections {@code M^l}, every hidden layer sampled each step. */
    FGT,
    /** Vanilla forward gradient: {@code g^l = <e^N, z^{N,l}> v^l}, no momentum. */
    FGT_WO_M,
    /** FGT with one hidden layer {@code l*} sampled per step; every layer still uses its own {@code M^l}. */
    FGT_S,
    /** Full backpropagation through time with the surrogate derivative; the reset path is not detached. */
    BPTT;

    /** @return true for the three forward-gradient methods, which consume {@link RandomDraws}. */
    public boolean forwardGradient()
    {
        return this == FGT || this == FGT_WO_M || this == FGT_S;
    }

    /** @return true when the method keeps momentum feedback matrices {@code M^l}. */
    public boolean momentum()
    {
        return this == FGT || this == FGT_S;
    }
}
