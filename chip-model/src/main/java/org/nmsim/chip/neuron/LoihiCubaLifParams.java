package org.nmsim.chip.neuron;

/**
 * Shared parameters of a group of Loihi CUBA LIF compartments (per-compartment biases are passed separately).
 * Ranges are those of the Loihi 1 registers as documented by Lava's {@code PyLifModelBitAcc} and HARDWARE.md;
 * out-of-range values are rejected, never clipped.
 *
 * <p>Threading: immutable; safe to share.
 *
 * @param du              current decay, 12-bit unsigned [0, 4095]; the effective decay is {@code du + 1} (the hidden
 *                        +1, Lava's {@code ds_offset = 1}), so u is multiplied by {@code (4095 - du) / 4096}.
 * @param dv              voltage decay, 12-bit unsigned [0, 4095]; no offset: v is multiplied by
 *                        {@code (4096 - dv) / 4096} ({@code dv = 0} means no leak).
 * @param vthMant         threshold mantissa, 17-bit unsigned [0, 131071]; the threshold is {@code vthMant << 6}.
 * @param refractoryDelay steps during which v is held at 0 after a spike, [0, 63]. 0 (default) reproduces Lava's
 *                        {@code PyLifModelBitAcc}, which has no refractory period. The 6-bit width of the Loihi
 *                        register is an <em>unconfirmed</em> assumption.
 * @param currentWrap     how u leaves the 24-bit range (see {@link CurrentWrap}).
 */
public record LoihiCubaLifParams(int du, int dv, int vthMant, int refractoryDelay, CurrentWrap currentWrap)
{
    /** Largest 12-bit decay constant. */
    public static final int MAX_DECAY = 4095;
    /** Largest 17-bit threshold mantissa. */
    public static final int MAX_VTH_MANT = (1 << 17) - 1;
    /** Largest refractory delay (assumed 6-bit register, unconfirmed). */
    public static final int MAX_REFRACTORY_DELAY = 63;

    /**
     * How u is brought back into 24 bits after decay plus input. The two rules differ only when the exact
     * result is exactly {@code +2^23} or {@code -2^23}.
     */
    public enum CurrentWrap
    {
        /**
         * True 24-bit two's complement, sign-extended: u in [-2^23, 2^23 - 1] (HARDWARE.md: "u wraps modulo
         * 2^24"). The default.
         */
        TWOS_COMPLEMENT,
        /**
         * Lava {@code PyLifModelBitAcc}: subtract 2^24 when {@code u > 2^23}, add 2^24 when {@code u <= -2^23};
         * hence u in [-2^23 + 1, 2^23] and an exact -2^23 becomes +2^23. For replaying Lava traces bit for bit.
         */
        LAVA_PY_BIT_ACC
    }

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the parameter, its value and the allowed range.
     */
    public LoihiCubaLifParams
    {
        check("du", du, 0, MAX_DECAY, "Loihi 12-bit decay");
        check("dv", dv, 0, MAX_DECAY, "Loihi 12-bit decay");
        check("vthMant", vthMant, 0, MAX_VTH_MANT, "Loihi 17-bit unsigned threshold mantissa");
        check("refractoryDelay", refractoryDelay, 0, MAX_REFRACTORY_DELAY, "assumed 6-bit refractory delay");
        if (currentWrap == null)
        {
            throw new IllegalArgumentException("currentWrap=null must be TWOS_COMPLEMENT or LAVA_PY_BIT_ACC");
        }
    }

    /**
     * Parameters without refractory period and with two's complement wrap of u.
     *
     * @param du      current decay [0, 4095].
     * @param dv      voltage decay [0, 4095].
     * @param vthMant threshold mantissa [0, 131071].
     * @return the parameters.
     */
    public static LoihiCubaLifParams of(final int du, final int dv, final int vthMant)
    {
        return new LoihiCubaLifParams(du, dv, vthMant, 0, CurrentWrap.TWOS_COMPLEMENT);
    }

    static void check(final String name, final long value, final long min, final long max, final String rule)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + "=" + value + " out of range [" + min + ", " + max + "] (" +
                rule + ")");
        }
    }
}
