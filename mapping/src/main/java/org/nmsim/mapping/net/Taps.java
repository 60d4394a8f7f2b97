package org.nmsim.mapping.net;

/** In-bounds kernel taps along one axis; a 2-D window's counts are the products of its two axes' counts. */
final class Taps
{
    final long total;
    final int maxIn;
    final int maxOut;

    private Taps(final long total, final int maxIn, final int maxOut)
    {
        this.total = total;
        this.maxIn = maxIn;
        this.maxOut = maxOut;
    }

    /**
     * @param in     input extent.
     * @param out    output extent.
     * @param kernel kernel extent.
     * @param stride stride.
     * @param pad    padding before (and after) the input.
     * @return total in-bounds taps over all outputs, the most taps of one output, the most uses of one input.
     */
    static Taps of(final int in, final int out, final int kernel, final int stride, final int pad)
    {
        final int[] perIn = new int[in];
        long total = 0;
        int maxIn = 0;
        for (int o = 0; o < out; o++)
        {
            int n = 0;
            for (int k = 0; k < kernel; k++)
            {
                final int i = o * stride - pad + k;
                if (i >= 0 && i < in)
                {
                    n++;
                    perIn[i]++;
                }
            }
            total += n;
            maxIn = Math.max(maxIn, n);
        }
        return new Taps(total, maxIn, max(perIn));
    }

    static int max(final int[] a)
    {
        int m = 0;
        for (final int v : a)
        {
            m = Math.max(m, v);
        }
        return m;
    }
}
