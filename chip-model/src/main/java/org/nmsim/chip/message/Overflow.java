package org.nmsim.chip.message;

/** What an encoder does with a value outside the range of its bit width. */
public enum Overflow
{
    /** Clamp to the nearest representable value. */
    SATURATE,
    /** Throw an {@link ArithmeticException} that names the value, the width and the range. */
    ERROR
}
