package org.nmsim.chip.neuron;

/**
 * Parameter checks with messages that name the parameter, its value and the rule.
 *
 * <p>Threading: stateless.
 */
final class Checks
{
    private Checks()
    {
    }

    static double finite(final String name, final double value)
    {
        if (!Double.isFinite(value))
        {
            throw new IllegalArgumentException(name + "=" + value + " must be finite");
        }
        return value;
    }

    static double positive(final String name, final double value)
    {
        if (!(value > 0) || !Double.isFinite(value))
        {
            throw new IllegalArgumentException(name + "=" + value + " out of range (0, +inf) (must be positive)");
        }
        return value;
    }

    static double inRange(final String name, final double value, final double min, final double max)
    {
        if (!(value >= min && value <= max))
        {
            throw new IllegalArgumentException(name + "=" + value + " out of range [" + min + ", " + max + "]");
        }
        return value;
    }

    static int size(final int size)
    {
        if (size < 1)
        {
            throw new IllegalArgumentException("size=" + size + " out of range [1, 2147483647]");
        }
        return size;
    }

    static void inputLength(final double[] input, final int size)
    {
        if (input.length < size)
        {
            throw new IllegalArgumentException("input.length=" + input.length + " shorter than size=" + size);
        }
    }
}
