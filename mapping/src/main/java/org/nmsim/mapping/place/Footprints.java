package org.nmsim.mapping.place;

import java.util.BitSet;

import org.nmsim.mapping.net.Connectivity;
import org.nmsim.mapping.net.Shape;

/**
 * The presynaptic footprint of a slice of a projection's target: which source neurons send at least one synapse
 * into target neurons {@code [lo, hi)} (the slice's input axons of that projection), and how many synapses.
 * Exact for every connectivity kind; neurons are numbered row-major as in {@link Connectivity}.
 *
 * <p>Threading: NOT thread safe (a sparse projection's pairs are realised once and cached).
 */
final class Footprints
{
    private final Connectivity connectivity;
    private final Shape pre;
    private final Shape post;
    private int[] sparseStart;
    private int[] sparsePre;
    private final BitSet scratch = new BitSet();

    Footprints(final Connectivity connectivity, final Shape pre, final Shape post)
    {
        this.connectivity = connectivity;
        this.pre = pre;
        this.post = post;
    }

    /**
     * The counts of one slice.
     *
     * @param axons    distinct source neurons with a synapse into the slice.
     * @param synapses synapses into the slice.
     */
    record Slice(int axons, long synapses)
    {
    }

    /**
     * @param lo first target neuron.
     * @param hi one past the last.
     * @return the slice's counts.
     */
    Slice of(final int lo, final int hi)
    {
        final int k = hi - lo;
        if (connectivity instanceof Connectivity.Dense)
        {
            return new Slice(pre.size(), (long)pre.size() * k);
        }
        if (connectivity instanceof Connectivity.OneToOne)
        {
            return new Slice(k, k);
        }
        if (connectivity instanceof Connectivity.Conv2d)
        {
            final Connectivity.Conv2d c = (Connectivity.Conv2d)connectivity;
            final long[] r = window(lo, hi, null, c.inChannels(), c.kernelH(), c.kernelW(), c.strideH(), c.strideW(),
                c.padH(), c.padW(), false);
            return new Slice((int)r[1], r[0]);
        }
        scratch.clear();
        final long synapses = fill(lo, hi, scratch);
        return new Slice(scratch.cardinality(), synapses);
    }

    /**
     * @param lo first target neuron.
     * @param hi one past the last.
     * @return the source neurons with a synapse into the slice.
     */
    BitSet sources(final int lo, final int hi)
    {
        final BitSet s = new BitSet(pre.size());
        fill(lo, hi, s);
        return s;
    }

    private long fill(final int lo, final int hi, final BitSet s)
    {
        final int k = hi - lo;
        if (connectivity instanceof Connectivity.Dense)
        {
            s.set(0, pre.size());
            return (long)pre.size() * k;
        }
        if (connectivity instanceof Connectivity.OneToOne)
        {
            s.set(lo, hi);
            return k;
        }
        if (connectivity instanceof Connectivity.Sparse)
        {
            return sparse((Connectivity.Sparse)connectivity, lo, hi, s);
        }
        if (connectivity instanceof Connectivity.Conv2d)
        {
            final Connectivity.Conv2d c = (Connectivity.Conv2d)connectivity;
            return window(lo, hi, s, c.inChannels(), c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.padH(),
                c.padW(), false)[0];
        }
        final Connectivity.Pool2d p = (Connectivity.Pool2d)connectivity;
        return window(lo, hi, s, 1, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW(), true)[0];
    }

    private long sparse(final Connectivity.Sparse sp, final int lo, final int hi, final BitSet s)
    {
        if (sparseStart == null)
        {
            final int[][] pairs = sp.realize(pre.size(), post.size());
            final int[] start = new int[post.size() + 1];
            for (final int j : pairs[1])
            {
                start[j + 1]++;
            }
            for (int j = 0; j < post.size(); j++)
            {
                start[j + 1] += start[j];
            }
            final int[] fill = start.clone();
            final int[] pres = new int[pairs[0].length];
            for (int i = 0; i < pairs[0].length; i++)
            {
                pres[fill[pairs[1][i]]++] = pairs[0][i];
            }
            sparseStart = start;
            sparsePre = pres;
        }
        for (int i = sparseStart[lo]; i < sparseStart[hi]; i++)
        {
            s.set(sparsePre[i]);
        }
        return sparseStart[hi] - sparseStart[lo];
    }

    /**
     * Convolution (every input channel feeds every output channel) or pooling ({@code perChannel}: output channel
     * c reads input channel c only) over [C, H, W] populations.
     *
     * @param s the set to fill with source neurons, or null (convolution only) to count them.
     * @return {synapses, distinct source neurons (when s is null)}.
     */
    private long[] window(final int lo, final int hi, final BitSet s, final int inChannels, final int kh,
        final int kw, final int sh, final int sw, final int ph, final int pw, final boolean perChannel)
    {
        final int inH = pre.dim(1);
        final int inW = pre.dim(2);
        final int outH = post.dim(1);
        final int outW = post.dim(2);
        final int outHw = outH * outW;
        final int inHw = inH * inW;
        final boolean[] seen = new boolean[perChannel ? 0 : outHw];
        final boolean[] inSpatial = new boolean[perChannel ? 0 : inHw];
        long synapses = 0;
        for (int i = lo; i < hi; i++)
        {
            final int channel = i / outHw;
            final int sp = i % outHw;
            final int y = sp / outW;
            final int x = sp % outW;
            if (!perChannel && seen[sp])
            {
                synapses += (long)inChannels * taps(y, kh, sh, ph, inH) * taps(x, kw, sw, pw, inW);
                continue;
            }
            long n = 0;
            for (int ky = 0; ky < kh; ky++)
            {
                final int iy = y * sh - ph + ky;
                if (iy < 0 || iy >= inH)
                {
                    continue;
                }
                for (int kx = 0; kx < kw; kx++)
                {
                    final int ix = x * sw - pw + kx;
                    if (ix < 0 || ix >= inW)
                    {
                        continue;
                    }
                    n++;
                    if (perChannel)
                    {
                        s.set(channel * inHw + iy * inW + ix);
                    }
                    else
                    {
                        inSpatial[iy * inW + ix] = true;
                    }
                }
            }
            if (!perChannel)
            {
                seen[sp] = true;
            }
            synapses += n * inChannels;
        }
        long axons = 0;
        if (!perChannel)
        {
            for (int u = 0; u < inHw; u++)
            {
                if (inSpatial[u])
                {
                    axons += inChannels;
                    for (int c = 0; s != null && c < inChannels; c++)
                    {
                        s.set(c * inHw + u);
                    }
                }
            }
        }
        return new long[] {synapses, axons};
    }

    private static int taps(final int o, final int kernel, final int stride, final int pad, final int in)
    {
        int n = 0;
        for (int k = 0; k < kernel; k++)
        {
            final int i = o * stride - pad + k;
            if (i >= 0 && i < in)
            {
                n++;
            }
        }
        return n;
    }
}
