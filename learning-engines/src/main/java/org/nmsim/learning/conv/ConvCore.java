package org.nmsim.learning.conv;

import java.util.Arrays;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.ChipNumerics;
import org.nmsim.learning.Counters;
import org.nmsim.learning.EngineMath;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.LocalUpdates;
import org.nmsim.learning.OnlineHyper;
import org.nmsim.learning.Perturbations;
import org.nmsim.learning.PortCosts;
import org.nmsim.learning.Schedule;

/**
 * A block of hidden convolution layer {@code l}: output channels {@code [c0, c0 + k)} at output rows
 * {@code [y0, y0 + r)} (all columns), with one copy of those channels' kernels (weight sharing: each kernel is
 * stored once per core that holds it), their gradient accumulators, the presynaptic traces of the pooled input rows
 * {@code [y0 - 1, y0 + r]} it sees, one M / B row of width m per neuron, and each neuron's LIF state. It runs the
 * package's equations on what it owns and what is delivered to it.
 *
 * <h2>Axons</h2>
 * {@code ch * nSend + i}: channel {@code ch} from pre-pool sender neuron {@code i} of layer {@code l - 1} (pixel i
 * for layer 1); channel 0 carries spikes (graded inputs for layer 1), channel {@code ch >= 1} FGT's
 * {@code z^{l-1,ch}}. A sender of a pooled layer adds its value times 1/4 at its pooled position (average pooling
 * folded into the synapses). {@code fb + q}: {@code e^N_q}; {@code fb + m + q}: {@code z^{N,l}_q};
 * {@code fb + 2m + band * gc + x}: partial kernel/bias gradient {@code x} of sibling band {@code band}.
 * <h2>Ports</h2>
 * {@code ch * n + j} for local neuron {@code j} (channel 0 spikes, {@code ch = 1..l} FGT signals);
 * {@code channels * n + x}: this core's partial gradient {@code x} to its sibling bands.
 *
 * <p>Threading: NOT thread safe; run by its worker; the host touches it only between runs.
 */
final class ConvCore implements Core
{
    final int layer;
    final int c0;
    final int k;
    final int y0;
    final int r;
    final int band;
    final int bands;
    final int n;
    final int fb;
    final int gc;
    final int channels;
    final double[] w;
    final double[] b;
    final double[] feedback;
    final double[] gradK;
    final double[] gradB;
    final SplitMix64 groupStream;
    int pendingSamples;
    boolean learning;
    /** Per local neuron: whether its output reaches the next layer (false where floor pooling drops it). */
    boolean[] routed;
    private final ConvArchitecture.Layer g;
    private final int cin;
    private final int h;
    private final int wd;
    private final int iy0;
    private final int rows;
    private final int nSend;
    private final int sendH;
    private final int sendW;
    private final int m;
    private final OnlineHyper hyper;
    private final ChipNumerics num;
    private final NumberFormat weightUpdate;
    private final EngineMath math;
    private final Counters ids;
    private final boolean fixed;
    private final boolean fgt;
    private final Schedule schedule;
    private final Perturbations perturbations;
    private final PortCosts costs;
    private final double[][] partials;
    private final double[] u;
    private final boolean[] s;
    private final double[] acc;
    private final double[] sIn;
    private final double[] ahat;
    private final double[][] zacc;
    private final boolean[] zSeen;
    private final double[] v;
    private final double[] e;
    private final double[] zN;
    private final double[] d;
    private int errors;
    private boolean reduceNext;
    private final int cSynBinary;
    private final int cSynGraded;
    private final int cActive;
    private final int cInactive;
    private final int cTrace;
    private final int cSynUpdate;
    private final int cMul;
    private final int cAdd;
    private final int cRandom;

    /**
     * @param arch         the architecture.
     * @param layer        hidden layer, 1-based.
     * @param slice        {@code c0, k, y0, r, band, bands}.
     * @param m            classes.
     * @param w            the kernels of channels {@code [c0, c0 + k)}, {@code [o][cin][3][3]} (owned).
     * @param b            their biases (owned).
     * @param feedback     M (zeros) or B per local neuron, {@code [j][q]} (owned); empty for FGT (w/o m).
     * @param hyper        method and hyperparameters.
     * @param num          number formats.
     * @param math         surrogate and softmax evaluation.
     * @param schedule     the phase schedule.
     * @param perturbations FGT's signs.
     * @param costs        this core's port costs.
     * @param counters     counter ids.
     * @param groupSeed    the seed every band of this channel group shares, for identical stochastic rounding of
     *                     the shared kernels.
     */
    ConvCore(final ConvArchitecture arch, final int layer, final int[] slice, final int m, final double[] w,
        final double[] b, final double[] feedback, final OnlineHyper hyper, final ChipNumerics num,
        final EngineMath math, final Schedule schedule, final Perturbations perturbations, final PortCosts costs,
        final Counters counters, final long groupSeed)
    {
        this.layer = layer;
        this.g = arch.layer(layer);
        this.c0 = slice[0];
        this.k = slice[1];
        this.y0 = slice[2];
        this.r = slice[3];
        this.band = slice[4];
        this.bands = slice[5];
        this.cin = g.cin();
        this.h = g.h();
        this.wd = g.w();
        this.n = k * r * wd;
        this.m = m;
        this.iy0 = Math.max(0, y0 - 1);
        this.rows = Math.min(h, y0 + r + 1) - iy0;
        this.nSend = arch.senders(layer - 1);
        if (layer == 1)
        {
            sendH = arch.height();
            sendW = arch.width();
        }
        else
        {
            sendH = arch.layer(layer - 1).h();
            sendW = arch.layer(layer - 1).w();
        }
        this.fgt = hyper.method() != LearningMethod.DFA;
        this.channels = fgt ? layer + 1 : 1;
        this.fb = (fgt ? layer : 1) * nSend;
        this.gc = k * (cin * 9 + 1);
        this.w = w;
        this.b = b;
        this.feedback = feedback;
        this.hyper = hyper;
        this.num = num;
        this.weightUpdate = num.update()[layer - 1];
        this.math = math;
        this.ids = counters;
        this.fixed = !num.isIdeal();
        this.schedule = schedule;
        this.perturbations = perturbations;
        this.costs = costs;
        this.groupStream = new SplitMix64(groupSeed);
        gradK = new double[w.length];
        gradB = new double[k];
        partials = new double[bands > 1 ? bands : 0][gc];
        u = new double[n];
        s = new boolean[n];
        acc = new double[n];
        sIn = new double[cin * rows * wd];
        ahat = new double[sIn.length];
        zacc = new double[fgt ? layer : 0][n];
        zSeen = new boolean[zacc.length];
        v = new double[n];
        e = new double[m];
        zN = new double[m];
        d = new double[n];
        routed = new boolean[n];
        Arrays.fill(routed, true);
        cSynBinary = counters.id(OpKind.SYNOP_BINARY);
        cSynGraded = counters.id(OpKind.SYNOP_GRADED);
        cActive = counters.id(OpKind.NEURON_UPDATE_ACTIVE);
        cInactive = counters.id(OpKind.NEURON_UPDATE_INACTIVE);
        cTrace = counters.id(OpKind.TRACE_UPDATE);
        cSynUpdate = counters.id(OpKind.SYNAPTIC_UPDATE);
        cMul = counters.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY);
        cAdd = counters.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
        cRandom = counters.id(OpKind.RANDOM);
    }

    /** @return the first pooled input row whose trace this core keeps. */
    int inputRowLo()
    {
        return iy0;
    }

    /** @return one past the last pooled input row whose trace this core keeps. */
    int inputRowHi()
    {
        return iy0 + rows;
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        if (axon < fb)
        {
            final int ch = axon / nSend;
            final int i = axon - ch * nSend;
            final int c = i / (sendH * sendW);
            final int rem = i - c * sendH * sendW;
            final int sy = rem / sendW;
            final int sx = rem - sy * sendW;
            final boolean pooled = g.poolIn();
            final int py = pooled ? sy >> 1 : sy;
            final int px = pooled ? sx >> 1 : sx;
            final double raw = ch == 0 && layer > 1 ? 1.0 : Double.longBitsToDouble(payload);
            final double val = pooled ? raw * 0.25 : raw;
            final double[] target;
            if (ch == 0)
            {
                sIn[(c * rows + py - iy0) * wd + px] += val;
                target = acc;
            }
            else
            {
                target = zacc[ch];
                zSeen[ch] = true;
            }
            final int yLo = Math.max(y0, py - 1);
            final int yHi = Math.min(y0 + r - 1, py + 1);
            final int xLo = Math.max(0, px - 1);
            final int xHi = Math.min(wd - 1, px + 1);
            for (int o = 0; o < k; o++)
            {
                final int kb = (o * cin + c) * 9;
                for (int yy = yLo; yy <= yHi; yy++)
                {
                    final int kr = kb + (py - yy + 1) * 3 + px + 1;
                    final int row = (o * r + yy - y0) * wd;
                    for (int xx = xLo; xx <= xHi; xx++)
                    {
                        target[row + xx] += w[kr - xx] * val;
                    }
                }
            }
            final long ops = (long)k * (yHi - yLo + 1) * (xHi - xLo + 1);
            ctx.counters()[ch == 0 && layer > 1 ? cSynBinary : cSynGraded] += ops;
            return;
        }
        final int q = axon - fb;
        if (q < m)
        {
            e[q] = Double.longBitsToDouble(payload);
            errors++;
        }
        else if (q < 2 * m)
        {
            zN[q - m] = Double.longBitsToDouble(payload);
        }
        else
        {
            final int x = q - 2 * m;
            final int from = x / gc;
            partials[from][x - from * gc] = Double.longBitsToDouble(payload);
        }
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        final long step = ctx.step();
        final int rel = schedule.relative(step);
        final int phase = schedule.phase(step);
        final int t = schedule.algorithmicStep(step);
        if (rel == 0)
        {
            resetSample();
        }
        if (phase == 0 && t >= 2)
        {
            if (errors > 0)
            {
                errorStep(ctx, t - 1);
            }
            if (t == schedule.steps() + 1 && learning)
            {
                endOfSample(ctx);
            }
        }
        if (phase == 1 && t == schedule.steps() + 1 && reduceNext)
        {
            reduceAndApply(ctx);
        }
        if (phase == layer && t <= schedule.steps())
        {
            forward(ctx, t);
        }
    }

    private void resetSample()
    {
        Arrays.fill(u, 0.0);
        Arrays.fill(s, false);
        Arrays.fill(acc, 0.0);
        Arrays.fill(sIn, 0.0);
        Arrays.fill(ahat, 0.0);
        for (final double[] z : zacc)
        {
            Arrays.fill(z, 0.0);
        }
        Arrays.fill(zSeen, false);
        errors = 0;
    }

    private void forward(final CoreContext ctx, final int t)
    {
        final long[] counters = ctx.counters();
        final double lambda = hyper.lambda();
        final double vth = hyper.vth();
        LocalUpdates.decayTraces(ahat, sIn, lambda, fixed, num.trace());
        counters[cTrace] += ahat.length;
        int active = 0;
        for (int j = 0; j < n; j++)
        {
            final int o = j / (r * wd);
            final double prev = u[j];
            u[j] = lambda * (prev - (s[j] ? vth : 0.0)) + acc[j] + b[o];
            if (fixed)
            {
                u[j] = num.state().quantize(u[j], null);
            }
            if (prev != 0.0 || acc[j] != 0.0 || b[o] != 0.0)
            {
                active++;
            }
            acc[j] = 0.0;
            s[j] = u[j] > vth;
            if (s[j] && routed[j])
            {
                ctx.send(j, 0L);
                costs.charge(counters, j);
            }
        }
        counters[cActive] += active;
        counters[cInactive] += n - active;
        if (!learning || !fgt)
        {
            return;
        }
        for (int c = 1; c < layer; c++)
        {
            if (!zSeen[c])
            {
                continue;
            }
            final double[] z = zacc[c];
            for (int j = 0; j < n; j++)
            {
                final double zf = z[j] * surrogateOf(u[j], counters);
                z[j] = 0.0;
                sendSignal(ctx, c * n + j, fixed ? num.payload().quantize(zf, null) : zf, j);
            }
            zSeen[c] = false;
            counters[cMul] += n;
        }
        final int sample = schedule.sample(ctx.step());
        for (int j = 0; j < n; j++)
        {
            v[j] = perturbations.sign(ctx.random(), sample, layer, t, 0, globalNeuron(j));
            sendSignal(ctx, layer * n + j, v[j], j);
        }
        counters[cRandom] += n;
    }

    /** @return the layer-wide index {@code (c * H + y) * W + x} of local neuron j. */
    int globalNeuron(final int j)
    {
        final int o = j / (r * wd);
        final int rem = j - o * r * wd;
        return ((c0 + o) * h + y0 + rem / wd) * wd + rem % wd;
    }

    private void sendSignal(final CoreContext ctx, final int port, final double value, final int j)
    {
        if (value != 0.0 && routed[j])
        {
            ctx.send(port, Double.doubleToRawLongBits(value));
            costs.charge(ctx.counters(), port);
        }
    }

    /** The error of algorithmic step {@code t} arrived: g, d = g f(u), kernel and bias gradients. */
    private void errorStep(final CoreContext ctx, final int t)
    {
        final long[] counters = ctx.counters();
        final LearningMethod method = hyper.method();
        final double lm = hyper.lambdaM();
        double dot = 0.0;
        if (method == LearningMethod.FGT_WO_M)
        {
            for (int q = 0; q < m; q++)
            {
                dot += e[q] * zN[q];
            }
            counters[cMul] += m;
            counters[cAdd] += m;
        }
        for (int j = 0; j < n; j++)
        {
            double gj = 0.0;
            final int row = j * m;
            if (method == LearningMethod.FGT_WO_M)
            {
                gj = dot * v[j];
            }
            else
            {
                if (method != LearningMethod.DFA)
                {
                    final double vj = (1.0 - lm) * v[j];
                    for (int q = 0; q < m; q++)
                    {
                        final double mq = lm * feedback[row + q] + vj * zN[q];
                        feedback[row + q] = fixed ? num.feedback().quantize(mq, ctx.random()) : mq;
                    }
                    counters[cMul] += 2L * m;
                    counters[cAdd] += m;
                }
                for (int q = 0; q < m; q++)
                {
                    gj += feedback[row + q] * e[q];
                }
                counters[cMul] += m;
                counters[cAdd] += m;
            }
            final double f = surrogateOf(u[j], counters);
            d[j] = fixed ? num.state().quantize(gj * f, null) : gj * f;
        }
        counters[cMul] += n;
        long updates = 0;
        for (int j = 0; j < n; j++)
        {
            final double dj = d[j];
            final int o = j / (r * wd);
            gradB[o] = fixed ? num.gradient().quantize(gradB[o] + dj, ctx.random()) : gradB[o] + dj;
            if (dj == 0.0)
            {
                continue;
            }
            final int rem = j - o * r * wd;
            final int y = y0 + rem / wd;
            final int x = rem % wd;
            for (int c = 0; c < cin; c++)
            {
                final int kb = (o * cin + c) * 9;
                for (int ky = 0; ky < 3; ky++)
                {
                    final int yy = y + ky - 1;
                    if (yy < 0 || yy >= h)
                    {
                        continue;
                    }
                    final int trow = (c * rows + yy - iy0) * wd;
                    for (int kx = 0; kx < 3; kx++)
                    {
                        final int xx = x + kx - 1;
                        if (xx < 0 || xx >= wd)
                        {
                            continue;
                        }
                        final double a = ahat[trow + xx];
                        if (a == 0.0)
                        {
                            continue;
                        }
                        final int idx = kb + ky * 3 + kx;
                        gradK[idx] = fixed ? num.gradient().quantize(gradK[idx] + dj * a, ctx.random()) :
                            gradK[idx] + dj * a;
                        updates++;
                    }
                }
            }
        }
        counters[cSynUpdate] += updates;
        counters[cMul] += updates;
        counters[cAdd] += updates + n;
        errors = 0;
        Arrays.fill(zN, 0.0);
    }

    /** The end of a training sample: apply the update at the end of a batch, after the bands agreed on it. */
    private void endOfSample(final CoreContext ctx)
    {
        if (++pendingSamples < hyper.batch())
        {
            return;
        }
        pendingSamples = 0;
        if (bands == 1)
        {
            apply(ctx, ctx.random());
            return;
        }
        // weight sharing across bands: every band sends its partial sums; all add them in band order next phase
        final long[] counters = ctx.counters();
        final int kernelValues = k * cin * 9;
        for (int x = 0; x < gc; x++)
        {
            final double val = x < kernelValues ? gradK[x] : gradB[x - kernelValues];
            if (val != 0.0)
            {
                final int port = channels * n + x;
                ctx.send(port, Double.doubleToRawLongBits(val));
                costs.charge(counters, port);
            }
        }
        reduceNext = true;
    }

    private void reduceAndApply(final CoreContext ctx)
    {
        reduceNext = false;
        final int kernelValues = k * cin * 9;
        final long[] counters = ctx.counters();
        for (int x = 0; x < gc; x++)
        {
            double sum = 0.0;
            for (int bd = 0; bd < bands; bd++)
            {
                final double p = bd == band ? (x < kernelValues ? gradK[x] : gradB[x - kernelValues]) :
                    partials[bd][x];
                sum += p;
                partials[bd][x] = 0.0;
            }
            if (fixed)
            {
                sum = num.gradient().quantize(sum, groupStream);
            }
            if (x < kernelValues)
            {
                gradK[x] = sum;
            }
            else
            {
                gradB[x - kernelValues] = sum;
            }
        }
        counters[cAdd] += (long)gc * (bands - 1);
        apply(ctx, groupStream);
    }

    private void apply(final CoreContext ctx, final SplitMix64 rng)
    {
        final double eta = hyper.eta() / hyper.batch();
        final long writes = LocalUpdates.descend(w, gradK, eta, fixed, weightUpdate, rng);
        LocalUpdates.descendBias(b, gradB, eta, fixed, num.state());
        ctx.counters()[cSynUpdate] += writes;
    }

    private double surrogateOf(final double uj, final long[] counters)
    {
        final double f = math.surrogate(uj, counters, ids, fixed);
        return fixed ? num.state().quantize(f, null) : f;
    }
}
