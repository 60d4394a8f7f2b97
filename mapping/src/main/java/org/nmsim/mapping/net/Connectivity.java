package org.nmsim.mapping.net;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How the neurons of a projection's source population connect to those of its target. Each kind knows its rule
 * against the two shapes, the layout of its weights and its exact synapse counts.
 *
 * <p>Index conventions: neurons are numbered row-major over their population's shape ({@code [C, H, W]}: index
 * {@code (c * H + y) * W + x}).
 */
public sealed interface Connectivity
    permits Connectivity.Dense, Connectivity.Sparse, Connectivity.Conv2d, Connectivity.Pool2d,
    Connectivity.OneToOne
{
    /** @return the kind, for reports. */
    ConnectivityKind kind();

    /**
     * @param pre  source shape.
     * @param post target shape.
     * @return null when the shapes fit this connectivity, else the violated rule (without the projection's name).
     */
    String check(Shape pre, Shape post);

    /**
     * @param pre  source shape.
     * @param post target shape.
     * @return the layout of the weight array, or null where the kind has fixed weights (pooling).
     */
    Shape weightShape(Shape pre, Shape post);

    /**
     * @param pre  source shape.
     * @param post target shape.
     * @return the layout of the bias array, or null where the kind has no bias (pooling).
     */
    Shape biasShape(Shape pre, Shape post);

    /**
     * Exact synapse counts. Only valid after {@link #check} returned null.
     *
     * @param pre  source shape.
     * @param post target shape.
     * @return counts and fan-in/fan-out.
     */
    SynapseStats stats(Shape pre, Shape post);

    /** @return all-to-all connectivity. */
    static Dense dense()
    {
        return new Dense();
    }

    /** @return neuron i to neuron i. */
    static OneToOne oneToOne()
    {
        return new OneToOne();
    }

    /** All-to-all; weights row-major {@code [post][pre]}, bias {@code [post]}. */
    record Dense() implements Connectivity
    {
        @Override
        public ConnectivityKind kind()
        {
            return ConnectivityKind.DENSE;
        }

        @Override
        public String check(final Shape pre, final Shape post)
        {
            return null;
        }

        @Override
        public Shape weightShape(final Shape pre, final Shape post)
        {
            return Shape.of(post.size(), pre.size());
        }

        @Override
        public Shape biasShape(final Shape pre, final Shape post)
        {
            return post.flatten();
        }

        @Override
        public SynapseStats stats(final Shape pre, final Shape post)
        {
            return SynapseStats.of((long)pre.size() * post.size(), pre.size(), post.size(), pre, post);
        }
    }

    /** Neuron i to neuron i; sizes must match; weights and bias {@code [n]}. */
    record OneToOne() implements Connectivity
    {
        @Override
        public ConnectivityKind kind()
        {
            return ConnectivityKind.ONE_TO_ONE;
        }

        @Override
        public String check(final Shape pre, final Shape post)
        {
            return pre.size() == post.size() ? null :
                "ONE_TO_ONE needs equal sizes, from size=" + pre.size() + " != to size=" + post.size();
        }

        @Override
        public Shape weightShape(final Shape pre, final Shape post)
        {
            return post.flatten();
        }

        @Override
        public Shape biasShape(final Shape pre, final Shape post)
        {
            return post.flatten();
        }

        @Override
        public SynapseStats stats(final Shape pre, final Shape post)
        {
            return SynapseStats.of(post.size(), 1, 1, pre, post);
        }
    }

    /**
     * A subset of all-to-all: either random, each (pre, post) pair present with {@code probability}, drawn from
     * {@code seed} (see {@link #realize}), or the explicit pairs {@code (pre[k], post[k])}. Weights and (explicit)
     * pairs are in the same order {@code [k]}; bias {@code [post]}.
     *
     * @param probability connection probability in [0, 1], or NaN for explicit pairs.
     * @param seed        seed of the random draw (ignored for explicit pairs).
     * @param pre         explicit source indices, or null for random.
     * @param post        explicit target indices, or null for random.
     */
    record Sparse(double probability, long seed, int[] pre, int[] post) implements Connectivity
    {
        /** Validates the form: random with a probability, or explicit pairs of equal length. */
        public Sparse
        {
            if (pre == null && post == null)
            {
                if (!(probability >= 0.0 && probability <= 1.0))
                {
                    throw new NetworkException("sparse probability=" + probability + " must be in [0, 1]");
                }
            }
            else
            {
                if (pre == null || post == null || pre.length != post.length)
                {
                    throw new NetworkException("sparse explicit pairs: pre (" + (pre == null ? "null" : pre.length) +
                        ") and post (" + (post == null ? "null" : post.length) + ") must both be given, equally long");
                }
                if (!Double.isNaN(probability))
                {
                    throw new NetworkException("sparse probability=" + probability +
                        " must be NaN when explicit pairs are given");
                }
                pre = pre.clone();
                post = post.clone();
            }
        }

        /**
         * @param probability connection probability.
         * @param seed        seed of the draw.
         * @return random sparse connectivity.
         */
        public static Sparse random(final double probability, final long seed)
        {
            return new Sparse(probability, seed, null, null);
        }

        /**
         * @param pre  source indices.
         * @param post target indices, same length.
         * @return explicit sparse connectivity.
         */
        public static Sparse explicit(final int[] pre, final int[] post)
        {
            return new Sparse(Double.NaN, 0L, pre, post);
        }

        /** @return whether the pairs are explicit. */
        public boolean isExplicit()
        {
            return pre != null;
        }

        @Override
        public int[] pre()
        {
            return pre == null ? null : pre.clone();
        }

        @Override
        public int[] post()
        {
            return post == null ? null : post.clone();
        }

        /**
         * The pairs: the explicit ones, or the random draw. The draw is defined here and nowhere else: one
         * {@link SplittableRandom} seeded with {@code seed}; for post j = 0.., for pre i = 0..: the pair (i, j)
         * exists iff {@code nextDouble() < probability}.
         *
         * @param preSize  source size.
         * @param postSize target size.
         * @return {pre[], post[]} sorted by post, then pre (random), or in the given order (explicit).
         */
        public int[][] realize(final int preSize, final int postSize)
        {
            if (isExplicit())
            {
                return new int[][] {pre.clone(), post.clone()};
            }
            final long expected = (long)Math.ceil(probability * preSize * postSize) + 16;
            int[] a = new int[(int)Math.min(expected, 1 << 20)];
            int[] b = new int[a.length];
            int n = 0;
            final SplittableRandom rng = new SplittableRandom(seed);
            for (int j = 0; j < postSize; j++)
            {
                for (int i = 0; i < preSize; i++)
                {
                    if (rng.nextDouble() < probability)
                    {
                        if (n == a.length)
                        {
                            a = Arrays.copyOf(a, n << 1);
                            b = Arrays.copyOf(b, n << 1);
                        }
                        a[n] = i;
                        b[n] = j;
                        n++;
                    }
                }
            }
            return new int[][] {Arrays.copyOf(a, n), Arrays.copyOf(b, n)};
        }

        @Override
        public ConnectivityKind kind()
        {
            return ConnectivityKind.SPARSE;
        }

        @Override
        public String check(final Shape preShape, final Shape postShape)
        {
            if (!isExplicit())
            {
                return null;
            }
            final long[] keys = new long[pre.length];
            for (int k = 0; k < pre.length; k++)
            {
                if (pre[k] < 0 || pre[k] >= preShape.size() || post[k] < 0 || post[k] >= postShape.size())
                {
                    return "sparse pair " + k + " (pre=" + pre[k] + ", post=" + post[k] +
                        ") is outside from size=" + preShape.size() + " x to size=" + postShape.size();
                }
                keys[k] = (long)post[k] * preShape.size() + pre[k];
            }
            Arrays.sort(keys);
            for (int k = 1; k < keys.length; k++)
            {
                if (keys[k] == keys[k - 1])
                {
                    return "sparse pair (pre=" + keys[k] % preShape.size() + ", post=" + keys[k] / preShape.size() +
                        ") appears more than once";
                }
            }
            return null;
        }

        @Override
        public Shape weightShape(final Shape preShape, final Shape postShape)
        {
            return Shape.of(isExplicit() ? pre.length : realize(preShape.size(), postShape.size())[0].length);
        }

        @Override
        public Shape biasShape(final Shape preShape, final Shape postShape)
        {
            return postShape.flatten();
        }

        /** Exact counts of the explicit pairs or of the realized random draw; O(pre x post) for random. */
        @Override
        public SynapseStats stats(final Shape preShape, final Shape postShape)
        {
            final int[] in = new int[postShape.size()];
            final int[] out = new int[preShape.size()];
            long n = 0;
            if (isExplicit())
            {
                for (int k = 0; k < pre.length; k++)
                {
                    in[post[k]]++;
                    out[pre[k]]++;
                }
                n = pre.length;
            }
            else
            {
                final SplittableRandom rng = new SplittableRandom(seed);
                for (int j = 0; j < in.length; j++)
                {
                    for (int i = 0; i < out.length; i++)
                    {
                        if (rng.nextDouble() < probability)
                        {
                            in[j]++;
                            out[i]++;
                            n++;
                        }
                    }
                }
            }
            return SynapseStats.of(n, Taps.max(in), Taps.max(out), preShape, postShape);
        }

        @Override
        public boolean equals(final Object o)
        {
            if (!(o instanceof Sparse))
            {
                return false;
            }
            final Sparse s = (Sparse)o;
            return Double.compare(probability, s.probability) == 0 && seed == s.seed && Arrays.equals(pre, s.pre) &&
                Arrays.equals(post, s.post);
        }

        @Override
        public int hashCode()
        {
            return Double.hashCode(probability) * 31 + Long.hashCode(seed) + Arrays.hashCode(pre);
        }

        @Override
        public String toString()
        {
            return isExplicit() ? "Sparse[explicit, pairs=" + pre.length + "]" :
                "Sparse[probability=" + probability + ", seed=" + seed + "]";
        }
    }

    /**
     * 2-D convolution (cross-correlation, as PyTorch), dilation 1, groups 1, zero padding. Source [inChannels, H,
     * W], target [outChannels, H', W'] with {@code H' = floor((H + 2 padH - kernelH) / strideH) + 1} (same for W).
     * Weights {@code [outChannels][inChannels][kernelH][kernelW]}, bias {@code [outChannels]}. Padding taps are
     * not synapses.
     *
     * @param inChannels  C_in >= 1.
     * @param outChannels C_out >= 1.
     * @param kernelH     kernel height >= 1.
     * @param kernelW     kernel width >= 1.
     * @param strideH     vertical stride >= 1.
     * @param strideW     horizontal stride >= 1.
     * @param padH        zero rows added above and below, >= 0.
     * @param padW        zero columns added left and right, >= 0.
     */
    record Conv2d(int inChannels, int outChannels, int kernelH, int kernelW, int strideH, int strideW, int padH,
        int padW) implements Connectivity
    {
        /** Validates the hyperparameters. */
        public Conv2d
        {
            if (inChannels < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 ||
                padH < 0 || padW < 0)
            {
                throw new NetworkException("conv2d inChannels=" + inChannels + " outChannels=" + outChannels +
                    " kernel=" + kernelH + "x" + kernelW + " stride=" + strideH + "x" + strideW + " padding=" + padH +
                    "x" + padW + ": channels, kernel and stride must be >= 1, padding >= 0");
            }
        }

        /**
         * @param inChannels  C_in.
         * @param outChannels C_out.
         * @param kernel      square kernel size.
         * @param stride      stride in both directions.
         * @param padding     padding in both directions.
         * @return the convolution.
         */
        public static Conv2d square(final int inChannels, final int outChannels, final int kernel, final int stride,
            final int padding)
        {
            return new Conv2d(inChannels, outChannels, kernel, kernel, stride, stride, padding, padding);
        }

        /**
         * @param in source shape [C_in, H, W].
         * @return the target shape by the standard formula.
         */
        public Shape outputShape(final Shape in)
        {
            return Shape.chw(outChannels, Conv2d.outExtent(in.dim(1), kernelH, strideH, padH),
                Conv2d.outExtent(in.dim(2), kernelW, strideW, padW));
        }

        static int outExtent(final int in, final int kernel, final int stride, final int pad)
        {
            final int span = in + 2 * pad - kernel;
            return span < 0 ? 0 : span / stride + 1;
        }

        @Override
        public ConnectivityKind kind()
        {
            return ConnectivityKind.CONV2D;
        }

        @Override
        public String check(final Shape pre, final Shape post)
        {
            if (pre.rank() != 3 || pre.dim(0) != inChannels)
            {
                return "CONV2D needs from shape [C=" + inChannels + ", H, W], got " + pre;
            }
            final Shape expected = outputShape(pre);
            if (!post.equals(expected))
            {
                return "CONV2D output shape " + expected + " = [outChannels, floor((H + 2*" + padH + " - " + kernelH +
                    ")/" + strideH + ") + 1, floor((W + 2*" + padW + " - " + kernelW + ")/" + strideW +
                    ") + 1] from " + pre + " does not match to shape " + post;
            }
            return null;
        }

        @Override
        public Shape weightShape(final Shape pre, final Shape post)
        {
            return Shape.of(outChannels, inChannels, kernelH, kernelW);
        }

        @Override
        public Shape biasShape(final Shape pre, final Shape post)
        {
            return Shape.of(outChannels);
        }

        @Override
        public SynapseStats stats(final Shape pre, final Shape post)
        {
            final Taps y = Taps.of(pre.dim(1), post.dim(1), kernelH, strideH, padH);
            final Taps x = Taps.of(pre.dim(2), post.dim(2), kernelW, strideW, padW);
            return SynapseStats.of((long)outChannels * inChannels * y.total * x.total,
                inChannels * y.maxIn * x.maxIn, outChannels * y.maxOut * x.maxOut, pre, post);
        }
    }

    /**
     * 2-D pooling per channel (AVG_POOL2D: weight 1/(kernelH kernelW) per tap, zero padding counted in the
     * divisor as PyTorch's default; SUM_POOL2D: weight 1). Source [C, H, W], target [C, H', W'] with the
     * convolution formula. Fixed weights: no weight or bias arrays.
     *
     * @param kind    AVG_POOL2D or SUM_POOL2D.
     * @param kernelH window height >= 1.
     * @param kernelW window width >= 1.
     * @param strideH vertical stride >= 1.
     * @param strideW horizontal stride >= 1.
     * @param padH    padding rows, >= 0.
     * @param padW    padding columns, >= 0.
     */
    record Pool2d(ConnectivityKind kind, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW)
        implements Connectivity
    {
        /** Validates the kind and hyperparameters. */
        public Pool2d
        {
            if (kind != ConnectivityKind.AVG_POOL2D && kind != ConnectivityKind.SUM_POOL2D)
            {
                throw new NetworkException("pool2d kind=" + kind + " must be AVG_POOL2D or SUM_POOL2D");
            }
            if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0)
            {
                throw new NetworkException("pool2d kernel=" + kernelH + "x" + kernelW + " stride=" + strideH + "x" +
                    strideW + " padding=" + padH + "x" + padW + ": kernel and stride must be >= 1, padding >= 0");
            }
        }

        /**
         * @param kernel square window, stride = kernel, no padding.
         * @return average pooling.
         */
        public static Pool2d avg(final int kernel)
        {
            return new Pool2d(ConnectivityKind.AVG_POOL2D, kernel, kernel, kernel, kernel, 0, 0);
        }

        /**
         * @param kernel square window, stride = kernel, no padding.
         * @return sum pooling.
         */
        public static Pool2d sum(final int kernel)
        {
            return new Pool2d(ConnectivityKind.SUM_POOL2D, kernel, kernel, kernel, kernel, 0, 0);
        }

        /** @return the fixed weight of every tap. */
        public double tapWeight()
        {
            return kind == ConnectivityKind.AVG_POOL2D ? 1.0 / (kernelH * kernelW) : 1.0;
        }

        /**
         * @param in source shape [C, H, W].
         * @return the target shape.
         */
        public Shape outputShape(final Shape in)
        {
            return Shape.chw(in.dim(0), Conv2d.outExtent(in.dim(1), kernelH, strideH, padH),
                Conv2d.outExtent(in.dim(2), kernelW, strideW, padW));
        }

        @Override
        public String check(final Shape pre, final Shape post)
        {
            if (pre.rank() != 3)
            {
                return kind + " needs from shape [C, H, W], got " + pre;
            }
            final Shape expected = outputShape(pre);
            if (!post.equals(expected))
            {
                return kind + " output shape " + expected + " (kernel " + kernelH + "x" + kernelW + ", stride " +
                    strideH + "x" + strideW + ", padding " + padH + "x" + padW + ") from " + pre +
                    " does not match to shape " + post;
            }
            return null;
        }

        @Override
        public Shape weightShape(final Shape pre, final Shape post)
        {
            return null;
        }

        @Override
        public Shape biasShape(final Shape pre, final Shape post)
        {
            return null;
        }

        @Override
        public SynapseStats stats(final Shape pre, final Shape post)
        {
            final Taps y = Taps.of(pre.dim(1), post.dim(1), kernelH, strideH, padH);
            final Taps x = Taps.of(pre.dim(2), post.dim(2), kernelW, strideW, padW);
            return SynapseStats.of((long)pre.dim(0) * y.total * x.total, y.maxIn * x.maxIn, y.maxOut * x.maxOut, pre,
                post);
        }
    }
}
