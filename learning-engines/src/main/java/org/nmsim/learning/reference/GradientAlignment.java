package org.nmsim.learning.reference;

/**
 * Cosine similarity between gradients, the alignment diagnostic of paper 000 (a method's hidden-layer gradient
 * against BP's on the same state). Stateless.
 */
public final class GradientAlignment
{
    private GradientAlignment()
    {
    }

    /**
     * @param a a gradient.
     * @param b another gradient of the same length.
     * @return {@code <a, b> / (|a| |b|)}, or NaN when either is zero.
     */
    public static double cosine(final double[] a, final double[] b)
    {
        if (a.length != b.length)
        {
            throw new IllegalArgumentException("a.length=" + a.length + " differs from b.length=" + b.length);
        }
        double dot = 0.0;
        double na = 0.0;
        double nb = 0.0;
        for (int i = 0; i < a.length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0.0 || nb == 0.0 ? Double.NaN : dot / Math.sqrt(na * nb);
    }

    /**
     * @param a a matrix gradient, row-major.
     * @param b another of the same shape.
     * @return the cosine of the two matrices taken as flat vectors.
     */
    public static double cosine(final double[][] a, final double[][] b)
    {
        if (a.length != b.length)
        {
            throw new IllegalArgumentException("a has rows=" + a.length + " but b has rows=" + b.length);
        }
        double dot = 0.0;
        double na = 0.0;
        double nb = 0.0;
        for (int r = 0; r < a.length; r++)
        {
            if (a[r].length != b[r].length)
            {
                throw new IllegalArgumentException(
                    "row " + r + ": a has columns=" + a[r].length + " but b has columns=" + b[r].length);
            }
            for (int c = 0; c < a[r].length; c++)
            {
                dot += a[r][c] * b[r][c];
                na += a[r][c] * a[r][c];
                nb += b[r][c] * b[r][c];
            }
        }
        return na == 0.0 || nb == 0.0 ? Double.NaN : dot / Math.sqrt(na * nb);
    }
}
