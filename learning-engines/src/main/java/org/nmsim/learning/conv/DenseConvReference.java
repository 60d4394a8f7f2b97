package org.nmsim.learning.conv;

import java.util.Arrays;

import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.OnlineHyper;
import org.nmsim.learning.Perturbations;

/**
 * NON-LOCAL float64 reference of the convolutional network trained online ({@link ConvChip}'s equations, package
 * doc): whole tensors, explicit convolution and pooling loops, no cores, no messages. It exists only to check the
 * chip; it reads every weight of every layer and is not a model of anything that runs on a chip.
 *
 * <p>Layouts: kernels {@code K^l[o][c][ky][kx]} row-major (PyTorch's {@code Conv2d.weight}), biases per output
 * channel, neurons {@code (c * H + y) * W + x} (PyTorch's NCHW flatten), readout {@code W[q][flat]} (PyTorch's
 * {@code Linear.weight}), feedback {@code M^l / B^l[neuron][q]}.
 *
 * <p>Threading: NOT thread safe.
 */
public final class DenseConvReference
{
    private final ConvArchitecture arch;
    private final int m;
    private final OnlineHyper hyper;
    private final Perturbations draws;
    /** Kernels and biases of hidden layers 1..L (index l - 1), readout weights and biases. */
    final double[][] k;
    final double[][] b;
    final double[] wOut;
    final double[] bOut;
    /** M^l (FGT) or B^l (DFA), [neuron][q]; null entries for FGT (w/o m). */
    final double[][] feedback;
    private final double[][] gradK;
    private final double[][] gradB;
    private final double[] gradW;
    private final double[] gradBOut;
    private int pending;
    private int sample;
    private double lossSum;

    /**
     * @param arch     the architecture.
     * @param classes  readout size m.
     * @param hyper    method (DFA, FGT, FGT_WO_M), T, lambda, V_th, a1, lambda_M, eta, batch.
     * @param kernels  initial kernels per hidden layer (copied).
     * @param biases   initial biases per hidden layer (copied).
     * @param wOut     initial readout weights [q][flat] (copied).
     * @param bOut     initial readout biases (copied).
     * @param feedback initial B (DFA) or M (FGT) per hidden layer, [neuron][q] (copied); null for zero M or none.
     * @param draws    FGT's signs, as {@code sign(null, sample, layer, step, neuron)} (a table, not a stream).
     */
    public DenseConvReference(final ConvArchitecture arch, final int classes, final OnlineHyper hyper,
        final double[][] kernels, final double[][] biases, final double[] wOut, final double[] bOut,
        final double[][] feedback, final Perturbations draws)
    {
        this.arch = arch;
        this.m = classes;
        this.hyper = hyper;
        this.draws = draws;
        final int n = arch.depth();
        k = new double[n][];
        b = new double[n][];
        this.feedback = new double[n][];
        gradK = new double[n][];
        gradB = new double[n][];
        for (int l = 0; l < n; l++)
        {
            k[l] = kernels[l].clone();
            b[l] = biases[l].clone();
            gradK[l] = new double[k[l].length];
            gradB[l] = new double[b[l].length];
            if (hyper.method() != LearningMethod.FGT_WO_M)
            {
                this.feedback[l] = feedback != null && feedback[l] != null ? feedback[l].clone() :
                    new double[arch.layer(l + 1).neurons() * m];
            }
        }
        this.wOut = wOut.clone();
        this.bOut = bOut.clone();
        gradW = new double[wOut.length];
        gradBOut = new double[m];
    }

    /**
     * One training sample: T steps of forward dynamics, errors and gradient accumulation, then the update at the
     * end of the sample (or of the mini-batch).
     *
     * @param x     inputs in [0, 1] (direct current).
     * @param label the class.
     * @return the prediction made during the sample.
     */
    public int train(final double[] x, final int label)
    {
        return run(x, label, true);
    }

    /**
     * @param x inputs.
     * @return the prediction; nothing learns (the sample still counts for the draws' sample index).
     */
    public int predict(final double[] x)
    {
        return run(x, 0, false);
    }

    /** @return the loss summed over the steps of the last trained sample. */
    public double lossSum()
    {
        return lossSum;
    }

    private int run(final double[] x, final int label, final boolean learn)
    {
        final int n = arch.depth();
        final double lambda = hyper.lambda();
        final double vth = hyper.vth();
        final double[][] u = new double[n][];
        final double[][] s = new double[n][];
        final double[][] ahatIn = new double[n][];
        for (int l = 0; l < n; l++)
        {
            final ConvArchitecture.Layer g = arch.layer(l + 1);
            u[l] = new double[g.neurons()];
            s[l] = new double[g.neurons()];
            ahatIn[l] = new double[g.cin() * g.hin() * g.win()];
        }
        final int flat = arch.flatSize();
        final double[] ahatR = new double[flat];
        final double[] sumU = new double[m];
        lossSum = 0.0;
        for (int t = 1; t <= hyper.steps(); t++)
        {
            double[] in = x;
            for (int l = 0; l < n; l++)
            {
                final ConvArchitecture.Layer g = arch.layer(l + 1);
                for (int i = 0; i < in.length; i++)
                {
                    ahatIn[l][i] = lambda * ahatIn[l][i] + in[i];
                }
                final double[] cur = conv(in, k[l], g);
                for (int j = 0; j < u[l].length; j++)
                {
                    final int o = j / (g.h() * g.w());
                    u[l][j] = lambda * (u[l][j] - vth * s[l][j]) + cur[j] + b[l][o];
                    s[l][j] = u[l][j] > vth ? 1.0 : 0.0;
                }
                in = pool(s[l], g);
            }
            for (int i = 0; i < flat; i++)
            {
                ahatR[i] = lambda * ahatR[i] + in[i];
            }
            final double[] uN = linear(in);
            for (int q = 0; q < m; q++)
            {
                uN[q] += bOut[q];
                sumU[q] += uN[q];
            }
            if (!learn)
            {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (final double v : uN)
            {
                max = Math.max(max, v);
            }
            double zsum = 0.0;
            final double[] e = new double[m];
            for (int q = 0; q < m; q++)
            {
                e[q] = Math.exp(uN[q] - max);
                zsum += e[q];
            }
            for (int q = 0; q < m; q++)
            {
                e[q] = e[q] / zsum - (q == label ? 1.0 : 0.0);
            }
            lossSum += Math.log(zsum) + max - uN[label];
            for (int q = 0; q < m; q++)
            {
                gradBOut[q] += e[q];
                for (int i = 0; i < flat; i++)
                {
                    gradW[q * flat + i] += e[q] * ahatR[i];
                }
            }
            for (int l = 0; l < n; l++)
            {
                hiddenError(l, t, u, ahatIn[l], e);
            }
        }
        if (learn && ++pending == hyper.batch())
        {
            pending = 0;
            final double eta = hyper.eta() / hyper.batch();
            for (int l = 0; l < n; l++)
            {
                descend(k[l], gradK[l], eta);
                descend(b[l], gradB[l], eta);
            }
            descend(wOut, gradW, eta);
            descend(bOut, gradBOut, eta);
        }
        sample++;
        int best = 0;
        for (int q = 1; q < m; q++)
        {
            if (sumU[q] > sumU[best])
            {
                best = q;
            }
        }
        return best;
    }

    /** g^l by the method, d^l = g^l f(u^l), and the kernel and bias gradients of layer l + 1 (0-based l). */
    private void hiddenError(final int l, final int t, final double[][] u, final double[] ahatIn, final double[] e)
    {
        final ConvArchitecture.Layer g = arch.layer(l + 1);
        final int nl = g.neurons();
        final double[] grad = new double[nl];
        final LearningMethod method = hyper.method();
        if (method == LearningMethod.DFA)
        {
            for (int j = 0; j < nl; j++)
            {
                for (int q = 0; q < m; q++)
                {
                    grad[j] += feedback[l][j * m + q] * e[q];
                }
            }
        }
        else
        {
            final double[] v = new double[nl];
            for (int j = 0; j < nl; j++)
            {
                v[j] = draws.sign(null, sample, l + 1, t, 0, j);
            }
            // z^{l,l} = v; z^{i+1,l} = conv(pool(z^{i,l})) * f(u^{i+1}); z^{N,l} = W pool(z^{L,l})
            double[] z = v;
            for (int i = l + 1; i < arch.depth(); i++)
            {
                final ConvArchitecture.Layer gi = arch.layer(i + 1);
                final double[] zz = conv(pool(z, arch.layer(i)), k[i], gi);
                for (int j = 0; j < zz.length; j++)
                {
                    zz[j] *= surrogate(u[i][j]);
                }
                z = zz;
            }
            final double[] zN = linear(pool(z, arch.layer(arch.depth())));
            if (method == LearningMethod.FGT_WO_M)
            {
                double dot = 0.0;
                for (int q = 0; q < m; q++)
                {
                    dot += e[q] * zN[q];
                }
                for (int j = 0; j < nl; j++)
                {
                    grad[j] = dot * v[j];
                }
            }
            else
            {
                final double lm = hyper.lambdaM();
                for (int j = 0; j < nl; j++)
                {
                    for (int q = 0; q < m; q++)
                    {
                        feedback[l][j * m + q] = lm * feedback[l][j * m + q] + (1.0 - lm) * v[j] * zN[q];
                        grad[j] += feedback[l][j * m + q] * e[q];
                    }
                }
            }
        }
        final int h = g.h();
        final int w = g.w();
        for (int o = 0; o < g.cout(); o++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    final int j = (o * h + y) * w + x;
                    final double d = grad[j] * surrogate(u[l][j]);
                    gradB[l][o] += d;
                    for (int c = 0; c < g.cin(); c++)
                    {
                        for (int ky = 0; ky < 3; ky++)
                        {
                            final int yy = y + ky - 1;
                            if (yy < 0 || yy >= h)
                            {
                                continue;
                            }
                            for (int kx = 0; kx < 3; kx++)
                            {
                                final int xx = x + kx - 1;
                                if (xx < 0 || xx >= w)
                                {
                                    continue;
                                }
                                gradK[l][((o * g.cin() + c) * 3 + ky) * 3 + kx] += d * ahatIn[(c * h + yy) * w + xx];
                            }
                        }
                    }
                }
            }
        }
    }

    /** 3x3 convolution, stride 1, zero padding 1, no bias: explicit loops. */
    static double[] conv(final double[] in, final double[] kernel, final ConvArchitecture.Layer g)
    {
        final int h = g.h();
        final int w = g.w();
        final double[] out = new double[g.neurons()];
        for (int o = 0; o < g.cout(); o++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    double acc = 0.0;
                    for (int c = 0; c < g.cin(); c++)
                    {
                        for (int ky = 0; ky < 3; ky++)
                        {
                            final int yy = y + ky - 1;
                            if (yy < 0 || yy >= h)
                            {
                                continue;
                            }
                            for (int kx = 0; kx < 3; kx++)
                            {
                                final int xx = x + kx - 1;
                                if (xx >= 0 && xx < w)
                                {
                                    acc += kernel[((o * g.cin() + c) * 3 + ky) * 3 + kx] * in[(c * h + yy) * w + xx];
                                }
                            }
                        }
                    }
                    out[(o * h + y) * w + x] = acc;
                }
            }
        }
        return out;
    }

    /** The layer's output after its pooling (2x2 average, floor), or the output itself. */
    static double[] pool(final double[] s, final ConvArchitecture.Layer g)
    {
        if (!g.pool())
        {
            return s.clone();
        }
        final int h = g.h();
        final int w = g.w();
        final int ph = g.outH();
        final int pw = g.outW();
        final double[] out = new double[g.cout() * ph * pw];
        for (int c = 0; c < g.cout(); c++)
        {
            for (int y = 0; y < ph; y++)
            {
                for (int x = 0; x < pw; x++)
                {
                    final int base = (c * h + 2 * y) * w + 2 * x;
                    out[(c * ph + y) * pw + x] = 0.25 * (s[base] + s[base + 1] + s[base + w] + s[base + w + 1]);
                }
            }
        }
        return out;
    }

    private double[] linear(final double[] in)
    {
        final int flat = in.length;
        final double[] out = new double[m];
        for (int q = 0; q < m; q++)
        {
            double acc = 0.0;
            for (int i = 0; i < flat; i++)
            {
                acc += wOut[q * flat + i] * in[i];
            }
            out[q] = acc;
        }
        return out;
    }

    private double surrogate(final double u)
    {
        final double q = Math.exp((hyper.vth() - u) / hyper.a1());
        if (Double.isInfinite(q))
        {
            return 0.0;
        }
        return q / (hyper.a1() * (1.0 + q) * (1.0 + q));
    }

    private static void descend(final double[] w, final double[] grad, final double eta)
    {
        for (int i = 0; i < w.length; i++)
        {
            w[i] -= eta * grad[i];
        }
        Arrays.fill(grad, 0.0);
    }

    /**
     * @param l hidden layer, 1-based.
     * @return a copy of its kernels.
     */
    public double[] kernels(final int l)
    {
        return k[l - 1].clone();
    }

    /**
     * @param l hidden layer, 1-based.
     * @return a copy of its biases.
     */
    public double[] biases(final int l)
    {
        return b[l - 1].clone();
    }

    /** @return a copy of the readout weights [q][flat]. */
    public double[] readoutWeights()
    {
        return wOut.clone();
    }

    /** @return a copy of the readout biases. */
    public double[] readoutBiases()
    {
        return bOut.clone();
    }

    /**
     * @param l hidden layer, 1-based.
     * @return a copy of M^l or B^l, [neuron][q]; null for FGT (w/o m).
     */
    public double[] feedback(final int l)
    {
        return feedback[l - 1] == null ? null : feedback[l - 1].clone();
    }
}
