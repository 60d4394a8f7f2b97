package org.nmsim.datasets;

/** Validation of intensity inputs shared by the static-data encoders. */
final class Intensities
{
    private Intensities()
    {
    }

    static void check(final double[] x, final String encoder)
    {
        for (int n = 0; n < x.length; n++)
        {
            if (!(x[n] >= 0.0 && x[n] <= 1.0))
            {
                throw new IllegalArgumentException("x[" + n + "]=" + x[n] + " (" + encoder +
                    " rule: intensities lie in [0, 1])");
            }
        }
    }

    static void checkSteps(final int steps, final String encoder)
    {
        if (steps <= 0)
        {
            throw new IllegalArgumentException("steps=" + steps + " (" + encoder + " rule: steps > 0)");
        }
    }
}
