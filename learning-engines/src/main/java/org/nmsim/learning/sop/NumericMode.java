package org.nmsim.learning.sop;

/** How a {@link SumOfProductsEngine} computes. */
public enum NumericMode
{
    /**
     * Loihi's datapath as Lava's bit-approximate model describes it: 7-bit traces, 16-bit saturating product
     * accumulation, rounding of traces and synaptic variables by the configured {@link org.nmsim.chip.numeric
     * .Rounding} (stochastic on the chip), saturation of every synaptic variable to its declared range.
     */
    FIXED_POINT,
    /**
     * float64, as Lava's floating-point learning model: no rounding, no saturation of traces, products or
     * synaptic variables; the reference the fixed-point mode is compared against.
     */
    IDEAL_FLOAT64
}
