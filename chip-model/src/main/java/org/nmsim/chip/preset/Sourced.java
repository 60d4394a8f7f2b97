package org.nmsim.chip.preset;

/**
 * A chip fact with its provenance: every number a preset uses carries where it comes from (HARDWARE.md), and
 * whether it is an assumption (a figure HARDWARE.md marks unconfirmed, a derived value, or a modelling choice that
 * no source states). Reports print both; users can override any assumption.
 *
 * @param value      the value.
 * @param source     the source: a HARDWARE.md section and publication, a user override, or the assumption made.
 * @param assumption true if HARDWARE.md does not confirm the value.
 * @param <T>        the value type.
 */
public record Sourced<T>(T value, String source, boolean assumption)
{
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the value or the source is missing.
     */
    public Sourced
    {
        if (value == null || source == null || source.isBlank())
        {
            throw new IllegalArgumentException("sourced value: value=" + value + " source=" + source
                + " must both be given");
        }
    }

    /**
     * @param value  the value.
     * @param source the confirming source.
     * @param <T>    the value type.
     * @return a confirmed fact.
     */
    public static <T> Sourced<T> of(final T value, final String source)
    {
        return new Sourced<>(value, source, false);
    }

    /**
     * @param value  the value.
     * @param source what the assumption rests on.
     * @param <T>    the value type.
     * @return a labelled assumption.
     */
    public static <T> Sourced<T> assumed(final T value, final String source)
    {
        return new Sourced<>(value, source, true);
    }

    @Override
    public String toString()
    {
        return value + " [" + (assumption ? "ASSUMPTION: " : "") + source + "]";
    }
}
