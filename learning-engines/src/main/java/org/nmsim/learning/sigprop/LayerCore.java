package org.nmsim.learning.sigprop;

import java.util.Arrays;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.Counters;
import org.nmsim.learning.PortCosts;

/**
 * A slice {@code [lo, lo + k)} of hidden IF layer {@code l}: the synapses W from the whole layer below, one
 * compartment per neuron and channel (channel 0 the input, channel {@code q + 1} the target of class q), the
 * presynaptic traces per channel, the gradient accumulators and, on layer 1, the target generator's synapses S and
 * biases d feeding the target compartments of neurons {@code lo + j < r}. It runs the package's model
 * ({@link org.nmsim.learning.sigprop}) on what it owns and what is delivered to it; it has no feedback synapses.
 *
 * <h2>Axons</h2>
 * Layer 1: {@code i < n0} pixel intensity i (graded); {@code n0 + q} context spike of class q; {@code n0 + m + p}
 * loop value y_p of the target-loop generator (graded; it adds {@code S_jp y_p} to every target channel). Layer l > 1:
 * {@code c * nPre + i}, spike of presynaptic neuron i in channel c. Then {@code errBase + q}: the error e_q of this
 * layer's local loss.
 * <h2>Ports</h2>
 * {@code c * k + j}: spike of local neuron j in channel c; {@code C * k + q}: partial logit q to the loss core.
 *
 * <p>Threading: NOT thread safe; run by its worker; the host touches it only between runs.
 */
final class LayerCore implements Core
{
    final int layer;
    final int lo;
    final int k;
    final int nPre;
    final int targetsHere;
    final double[] w;
    final double[] b;
    final double[] s;
    final double[] d;
    boolean targets;
    boolean learning;
    private final int m;
    private final int channels;
    private final boolean first;
    private final boolean last;
    private final boolean learns;
    private final int errBase;
    private final SigpropHyper hyper;
    private final SigpropNumerics num;
    private final SigpropMath math;
    private final Counters ids;
    private final boolean fixed;
    private final Timing timing;
    private final PortCosts ports;
    private final double[] v;
    private final boolean[] spk;
    private final double[] acc;
    private final double[] in;
    private final double[] a;
    private final double[] h;
    private final double[] dg;
    private final double[] delta;
    private final double[] e;
    private final double[] gradW;
    private final double[] gradB;
    private final double[] gradS;
    private final double[] gradD;
    private final double[] loopTrace;
    private boolean errorsSeen;
    private final int cSynBinary;
    private final int cSynGraded;
    private final int cSynTarget;
    private final int cActive;
    private final int cInactive;
    private final int cTrace;
    private final int cSynUpdate;
    private final int cMul;
    private final int cAdd;

    LayerCore(final int layer, final int lo, final int k, final int nPre, final int m, final boolean last,
        final int targetsHere, final double[] w, final double[] b, final double[] s, final double[] d,
        final SigpropHyper hyper, final SigpropNumerics num, final SigpropMath math, final Timing timing,
        final PortCosts ports, final Counters counters, final int targetSynopCounter)
    {
        this.layer = layer;
        this.lo = lo;
        this.k = k;
        this.nPre = nPre;
        this.m = m;
        this.last = last;
        this.first = layer == 1;
        this.learns = hyper.variant().forwardsTargets();
        this.channels = learns ? m + 1 : 1;
        this.targetsHere = learns ? targetsHere : 0;
        this.w = w;
        this.b = b;
        this.s = s;
        this.d = d;
        this.hyper = hyper;
        this.num = num;
        this.math = math;
        this.ids = counters;
        this.fixed = !num.isIdeal();
        this.timing = timing;
        this.ports = ports;
        this.errBase = first ? nPre + 2 * m : channels * nPre;
        loopTrace = new double[first ? m : 0];
        final int inChannels = first ? 1 : channels;
        v = new double[channels * k];
        spk = new boolean[channels * k];
        acc = new double[channels * k];
        in = new double[inChannels * nPre];
        a = new double[inChannels * nPre];
        h = new double[channels * k];
        dg = new double[channels * k];
        delta = new double[channels * k];
        e = new double[m];
        gradW = new double[learns ? nPre * k : 0];
        gradB = new double[learns ? k : 0];
        gradS = new double[s.length];
        gradD = new double[d.length];
        cSynBinary = counters.id(OpKind.SYNOP_BINARY);
        cSynGraded = counters.id(OpKind.SYNOP_GRADED);
        cSynTarget = targetSynopCounter;
        cActive = counters.id(OpKind.NEURON_UPDATE_ACTIVE);
        cInactive = counters.id(OpKind.NEURON_UPDATE_INACTIVE);
        cTrace = counters.id(OpKind.TRACE_UPDATE);
        cSynUpdate = counters.id(OpKind.SYNAPTIC_UPDATE);
        cMul = counters.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY);
        cAdd = counters.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        final long[] counters = ctx.counters();
        if (axon >= errBase)
        {
            e[axon - errBase] = Double.longBitsToDouble(payload);
            errorsSeen = true;
            return;
        }
        if (first)
        {
            if (axon < nPre)
            {
                final double val = Double.longBitsToDouble(payload);
                in[axon] += val;
                final int base = axon * k;
                for (int j = 0; j < k; j++)
                {
                    acc[j] += w[base + j] * val;
                }
                counters[cSynGraded] += k;
            }
            else if (axon >= nPre + m)
            {
                // target-loop generator: y_p reaches every target channel through S's column p
                final int p = axon - nPre - m;
                final double val = Double.longBitsToDouble(payload);
                loopTrace[p] = fixed ? num.trace().quantize(loopTrace[p] + val, null) : loopTrace[p] + val;
                for (int q = 0; q < m; q++)
                {
                    final int base = (q + 1) * k;
                    for (int j = 0; j < targetsHere; j++)
                    {
                        acc[base + j] += s[j * m + p] * val;
                    }
                }
                counters[cSynGraded] += (long)m * targetsHere;
                counters[cSynTarget] += (long)m * targetsHere;
            }
            else
            {
                final int q = axon - nPre;
                final int base = (q + 1) * k;
                for (int j = 0; j < targetsHere; j++)
                {
                    acc[base + j] += s[j * m + q];
                }
                counters[cSynBinary] += targetsHere;
                counters[cSynTarget] += targetsHere;
            }
            return;
        }
        final int c = axon / nPre;
        final int i = axon - c * nPre;
        in[c * nPre + i] += 1.0;
        final int base = i * k;
        final int cb = c * k;
        for (int j = 0; j < k; j++)
        {
            acc[cb + j] += w[base + j];
        }
        counters[cSynBinary] += k;
        if (c > 0)
        {
            counters[cSynTarget] += k;
        }
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        final long step = ctx.step();
        final int phase = timing.phase(step);
        final int t = timing.step(step);
        if (timing.relative(step) == 0)
        {
            resetSample();
        }
        if (phase == layer)
        {
            forward(ctx);
        }
        else if (phase == layer + 2 && learning && targetsHere > 0)
        {
            if (errorsSeen)
            {
                errorStep(ctx, t);
            }
            if (t == timing.steps())
            {
                apply(ctx);
            }
        }
    }

    private void resetSample()
    {
        Arrays.fill(v, 0.0);
        Arrays.fill(spk, false);
        Arrays.fill(acc, 0.0);
        Arrays.fill(in, 0.0);
        Arrays.fill(a, 0.0);
        Arrays.fill(loopTrace, 0.0);
        errorsSeen = false;
    }

    private void forward(final CoreContext ctx)
    {
        final long[] counters = ctx.counters();
        final boolean withTargets = targets && learns;
        final int active = withTargets ? channels : 1;
        final boolean traces = learning && withTargets && targetsHere > 0;
        if (traces)
        {
            final int n = first ? nPre : active * nPre;
            for (int x = 0; x < n; x++)
            {
                final double nx = a[x] + in[x];
                a[x] = fixed ? num.trace().quantize(nx, null) : nx;
            }
            counters[cTrace] += n;
        }
        Arrays.fill(in, 0.0);
        final double vth = hyper.vth();
        final boolean surrogate = hyper.variant() == SigpropVariant.SURROGATE;
        long updated = 0;
        long busy = 0;
        for (int c = 0; c < active; c++)
        {
            final boolean generator = first && c > 0;
            final int n = generator ? targetsHere : k;
            final int cb = c * k;
            final boolean sends = c == 0 || !last;
            for (int j = 0; j < n; j++)
            {
                final int x = cb + j;
                final double bias = generator ? d[j] : b[j];
                final double prev = v[x];
                double nv = prev - (spk[x] ? vth : 0.0) + acc[x] + bias;
                if (fixed)
                {
                    nv = num.state().quantize(nv, null);
                }
                if (prev != 0.0 || acc[x] != 0.0 || bias != 0.0)
                {
                    busy++;
                }
                acc[x] = 0.0;
                v[x] = nv;
                spk[x] = nv >= vth;
                if (spk[x] && sends)
                {
                    ctx.send(x, 0L);
                    ports.charge(counters, x);
                }
                if (withTargets)
                {
                    if (surrogate)
                    {
                        final double hx = math.g(nv - vth, counters, ids, fixed);
                        final double dx = math.dg(nv - vth, counters, ids, fixed);
                        h[x] = fixed ? num.state().quantize(hx, null) : hx;
                        dg[x] = fixed ? num.state().quantize(dx, null) : dx;
                    }
                    else
                    {
                        h[x] = nv;
                        dg[x] = 1.0;
                    }
                }
            }
            updated += n;
        }
        counters[cActive] += busy;
        counters[cInactive] += updated - busy;
        if (!withTargets || targetsHere == 0)
        {
            return;
        }
        // the local prediction O_dot(h, t_q) (eq. 6) over this core's neurons, to the layer's loss core
        for (int q = 0; q < m; q++)
        {
            final int tb = (q + 1) * k;
            double z = 0.0;
            for (int j = 0; j < targetsHere; j++)
            {
                z += h[j] * h[tb + j];
            }
            final int port = channels * k + q;
            ctx.send(port, Double.doubleToRawLongBits(fixed ? num.logit().quantize(z, null) : z));
            ports.charge(counters, port);
        }
        counters[cMul] += (long)m * targetsHere;
        counters[cAdd] += (long)m * targetsHere;
    }

    /** The error of this step's local loss arrived: delta per channel, then the gradients (package model). */
    private void errorStep(final CoreContext ctx, final int t)
    {
        final long[] counters = ctx.counters();
        final SplitMix64 rng = ctx.random();
        final int nT = targetsHere;
        final boolean tg = hyper.targetGrad();
        for (int j = 0; j < nT; j++)
        {
            double g0 = 0.0;
            for (int q = 0; q < m; q++)
            {
                g0 += e[q] * h[(q + 1) * k + j];
            }
            delta[j] = st(g0 * dg[j]);
            if (tg)
            {
                for (int q = 0; q < m; q++)
                {
                    final int x = (q + 1) * k + j;
                    delta[x] = st(e[q] * h[j] * dg[x]);
                }
            }
        }
        counters[cMul] += (long)nT * m * (tg ? 3 : 1) + nT;
        counters[cAdd] += (long)nT * m;
        final double tt = t;
        long updates = 0;
        if (first)
        {
            for (int i = 0; i < nPre; i++)
            {
                final double ai = a[i];
                if (ai == 0.0)
                {
                    continue;
                }
                final int base = i * k;
                for (int j = 0; j < nT; j++)
                {
                    gradW[base + j] = gr(gradW[base + j] + delta[j] * ai, rng);
                }
                updates += nT;
            }
            for (int j = 0; j < nT; j++)
            {
                gradB[j] = gr(gradB[j] + tt * delta[j], rng);
                if (tg)
                {
                    double sum = 0.0;
                    for (int q = 0; q < m; q++)
                    {
                        final double dq = delta[(q + 1) * k + j];
                        gradS[j * m + q] = gr(gradS[j * m + q] + tt * dq, rng);
                        sum += dq;
                    }
                    gradD[j] = gr(gradD[j] + tt * sum, rng);
                    updates += m;
                    if (hyper.loop())
                    {
                        // dv^{q+1}_j / dS_jp also has the loop's sum_t y_p, shared by every channel q
                        for (int p = 0; p < m; p++)
                        {
                            gradS[j * m + p] = gr(gradS[j * m + p] + loopTrace[p] * sum, rng);
                        }
                        updates += m;
                    }
                }
            }
        }
        else
        {
            final int used = tg ? channels : 1;
            for (int i = 0; i < nPre; i++)
            {
                final int base = i * k;
                for (int c = 0; c < used; c++)
                {
                    final double ai = a[c * nPre + i];
                    if (ai == 0.0)
                    {
                        continue;
                    }
                    final int cb = c * k;
                    for (int j = 0; j < k; j++)
                    {
                        gradW[base + j] = gr(gradW[base + j] + delta[cb + j] * ai, rng);
                    }
                    updates += k;
                }
            }
            for (int j = 0; j < k; j++)
            {
                double sum = 0.0;
                for (int c = 0; c < used; c++)
                {
                    sum += delta[c * k + j];
                }
                gradB[j] = gr(gradB[j] + tt * sum, rng);
            }
        }
        counters[cSynUpdate] += updates;
        counters[cMul] += updates;
        counters[cAdd] += updates;
        errorsSeen = false;
    }

    private void apply(final CoreContext ctx)
    {
        final SplitMix64 rng = ctx.random();
        final double eta = hyper.eta();
        long writes = descend(w, gradW, eta, num.update()[layer - 1], rng);
        writes += descend(s, gradS, eta, num.targetUp(), rng);
        for (int j = 0; j < gradB.length; j++)
        {
            b[j] = st(b[j] - eta * gradB[j]);
            gradB[j] = 0.0;
        }
        for (int j = 0; j < gradD.length; j++)
        {
            d[j] = st(d[j] - eta * gradD[j]);
            gradD[j] = 0.0;
        }
        ctx.counters()[cSynUpdate] += writes;
    }

    private long descend(final double[] weights, final double[] grad, final double eta,
        final org.nmsim.chip.numeric.NumberFormat format, final SplitMix64 rng)
    {
        long writes = 0;
        for (int x = 0; x < grad.length; x++)
        {
            if (grad[x] != 0.0)
            {
                final double nw = weights[x] - eta * grad[x];
                weights[x] = fixed ? format.quantize(nw, rng) : nw;
                grad[x] = 0.0;
                writes++;
            }
        }
        return writes;
    }

    private double st(final double x)
    {
        return fixed ? num.state().quantize(x, null) : x;
    }

    private double gr(final double x, final SplitMix64 rng)
    {
        return fixed ? num.gradient().quantize(x, rng) : x;
    }
}
