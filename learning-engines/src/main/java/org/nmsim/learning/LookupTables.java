package org.nmsim.learning;

/**
 * The arithmetic a learning engine's lookup tables share: linear interpolation in a uniformly sampled table, and a
 * reciprocal built from shifts, multiplies and adds. Stateless; safe from any thread.
 */
public final class LookupTables
{
    private LookupTables()
    {
    }

    /**
     * @param table samples at positions 0, 1, ..., {@code table.length - 1}.
     * @param position where to read, in entries; clamped to the table's ends.
     * @return the linear interpolation between the two samples around {@code position}.
     */
    public static double interpolate(final double[] table, final double position)
    {
        if (position <= 0)
        {
            return table[0];
        }
        if (position >= table.length - 1)
        {
            return table[table.length - 1];
        }
        final int i = (int)position;
        final double frac = position - i;
        return table[i] + frac * (table[i + 1] - table[i]);
    }

    /**
     * 1/z for z >= 1 by Newton-Raphson on the mantissa: shifts, multiplies and adds only.
     *
     * @param z the divisor, at least 1.
     * @return its reciprocal after four Newton-Raphson iterations.
     */
    public static double reciprocal(final double z)
    {
        final int k = Math.getExponent(z) + 1;
        final double m = Math.scalb(z, -k);
        double r = 48.0 / 17.0 - 32.0 / 17.0 * m;
        for (int i = 0; i < 4; i++)
        {
            r = r * (2.0 - m * r);
        }
        return Math.scalb(r, -k);
    }
}
