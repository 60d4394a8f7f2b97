package org.nmsim.chip.preset;

/** Operations a chip's plasticity engine can execute; a learning engine declares the ones it needs. */
public enum PlasticityOp
{
    /** Integer or fixed-point addition. */
    ADD,
    /** Multiplication. */
    MULTIPLY,
    /** Arithmetic shift (multiplication by a power of two). */
    SHIFT,
    /** Exponential. */
    EXP,
    /** Logarithm. */
    LOG,
    /** Division. */
    DIVIDE,
    /** Square root. */
    SQRT,
    /** Random numbers (including stochastic rounding). */
    RANDOM
}
