package org.nmsim.chip.preset;

/** The family of a chip's plasticity engine (ARCHITECTURE.md, learning-engines). */
public enum EngineKind
{
    /** Loihi-style rule engine: {@code z := z + sum_i S_i prod_j (V_ij + C_ij)} over traces and synaptic fields. */
    SUM_OF_PRODUCTS,
    /** A programmable per-core engine (SpiNNaker ARM cores, Loihi 2 microcode) running arbitrary local rules. */
    PROGRAMMABLE
}
