package org.nmsim.learning.sigpropconv;

import java.util.Arrays;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.Counters;
import org.nmsim.learning.PortCosts;
import org.nmsim.learning.sigprop.AdamMoments;
import org.nmsim.learning.sigprop.SigpropHyper;
import org.nmsim.learning.sigprop.SigpropMath;
import org.nmsim.learning.sigprop.SigpropNumerics;
import org.nmsim.learning.sigprop.SigpropVariant;
import org.nmsim.learning.sigprop.Timing;

/**
 * A slice of one hidden layer of convolutional sigprop: the pooled units {@code [lo, hi)} of a conv layer (each unit
 * a whole 2x2 pooling block, i.e. 4 IF neurons per channel, units in (channel, pooled row, pooled column) order), or
 * the neurons {@code [lo, hi)} of the fc hidden layer (a unit is one neuron). Every neuron has one compartment per
 * channel (input channel 0, target channel q + 1 of class q). See {@link org.nmsim.learning.sigpropconv} for the
 * model; this class is its local form.
 *
 * <h2>Axons</h2>
 * Layer 1: {@code i < nIn} graded pixel intensity, {@code nIn + q} context spike q (adds S_jq to target channel q + 1
 * of every local neuron), {@code nIn + m + q} error e_q. Other layers: {@code c * nIn + i} spike of input i on channel
 * c, {@code ch * nIn + q} error e_q. Then (conv only) the kernel-gradient partials of sibling cores:
 * {@code syncBase + (localChannel * ranks + rank) * G + g}, G = {@link #syncWidth} (kernel, bias, and with
 * normalisation gamma's gradient and the drive's sum and sum of squares).
 * <h2>Ports</h2>
 * {@code c * units + u} pooled spike of local unit u on channel c; {@code outCh * units + q} partial logit q;
 * {@code outCh * units + m + localChannel * G + g} this core's kernel-gradient partial of a held channel.
 *
 * <p>Threading: NOT thread safe; run by its worker, read by the host between runs.
 */
final class SigconvLayerCore implements Core
{
    final int layer;
    final int lo;
    final int units;
    final double[] w;
    final double[] b;
    final double[] s;
    final double[] d;
    final int cLo;
    final int held;
    boolean learning;
    boolean targets;
    /** Factor on the hidden layers' rate (learning-rate schedule), set by the host between samples. */
    double etaScale = 1.0;
    /** Normalisation (conv layers with {@code algorithm.norm: running}): per held channel gamma, else empty. */
    final double[] gamma;
    /** Per held channel beta, else empty. */
    final double[] beta;
    /** Per held channel running mean of the drive, else empty. */
    final double[] runMean;
    /** Per held channel running variance of the drive, else empty. */
    final double[] runVar;

    private final SigconvArchitecture.Conv cv;
    private final int nIn;
    private final int m;
    private final int ch;
    private final int inCh;
    private final int outCh;
    private final boolean first;
    private final boolean fsp;
    private final int pool;
    private final int neurons;
    private final SigpropHyper hyper;
    private final SigpropNumerics num;
    private final SigpropMath math;
    private final Timing timing;
    private final PortCosts ports;
    private final Counters ids;
    private final boolean fixed;
    private final boolean surrogate;
    private final double[][] cur;
    private final double[][] v;
    private final boolean[][] spk;
    private final double[][] h;
    private final double[][] dg;
    private final double[][] hp;
    private final int[][] arg;
    private final double[][] delta;
    private final double[][] a;
    private final int rLo;
    private final int rows;
    private final double[] e;
    private final double[] gw;
    private final double[] gb;
    private final double[] gs;
    private final double[] gd;
    private final int errBase;
    private final int syncBase;
    private final int ranks;
    private final int[] myRank;
    private final int[] holders;
    private final double[][][] recv;
    private final SplitMix64[] channelStreams;
    private final int cSynBinary;
    private final int cSynGraded;
    private final int cActive;
    private final int cTrace;
    private final int cSynUpdate;
    private final int cMul;
    private final int cAdd;
    private final int cWrite;
    private final int cRead;
    private final int cDiv;
    private final int cSqrt;
    private AdamMoments adamW;
    private AdamMoments adamB;
    private AdamMoments adamS;
    private AdamMoments adamD;
    private AdamMoments adamGamma;
    private AdamMoments adamBeta;
    private final SigconvNorm normCfg;
    private final boolean norm;
    private final double[] alpha;
    private final double[] offset;
    private final double[] invStd;
    private final double[][] pre;
    private final double[] gGamma;
    private final double[] gBeta;
    private final double[] stat1;
    private final double[] stat2;

    /**
     * @param layer    hidden layer 1..L+1.
     * @param cv       the conv layer, or null for the fc hidden layer.
     * @param nIn      inputs of the layer.
     * @param lo       first unit.
     * @param hi       end of the units.
     * @param m        classes.
     * @param w        local weights (conv: kernels of channels cLo.., fc: [neuron][input]).
     * @param b        local biases (conv: per held channel, fc: per neuron).
     * @param s        layer 1: S of the local neurons [neuron][m]; else empty.
     * @param d        layer 1: d of the local neurons; else empty.
     * @param last     true for the fc hidden layer (sends the input channel only, to the classification layer).
     * @param hyper    hyperparameters.
     * @param num      number formats.
     * @param math     engine functions.
     * @param timing   phase schedule.
     * @param ports    port costs.
     * @param counters counter ids.
     * @param ranks    largest number of cores holding one channel of this layer (axon layout).
     * @param myRank   per held channel, this core's rank among its holders.
     * @param holders  per held channel, how many cores hold it.
     * @param seed     the chip's seed (fixed point: kernel-update rounding streams shared by the holders).
     * @param normCfg  running-statistics normalisation of a conv layer (FSP, float64), or null for none.
     */
    SigconvLayerCore(final int layer, final SigconvArchitecture.Conv cv, final int nIn, final int lo, final int hi,
        final int m, final double[] w, final double[] b, final double[] s, final double[] d, final boolean last,
        final SigpropHyper hyper, final SigpropNumerics num, final SigpropMath math, final Timing timing,
        final PortCosts ports, final Counters counters, final int ranks, final int[] myRank, final int[] holders,
        final long seed, final SigconvNorm normCfg)
    {
        this.layer = layer;
        this.cv = cv;
        this.nIn = nIn;
        this.lo = lo;
        this.units = hi - lo;
        this.m = m;
        this.w = w;
        this.b = b;
        this.s = s;
        this.d = d;
        this.hyper = hyper;
        this.num = num;
        this.math = math;
        this.timing = timing;
        this.ports = ports;
        this.ids = counters;
        this.fixed = !num.isIdeal();
        this.first = layer == 1;
        this.fsp = hyper.variant().forwardsTargets();
        this.surrogate = hyper.variant() == SigpropVariant.SURROGATE;
        ch = fsp ? m + 1 : 1;
        inCh = first ? 1 : ch;
        outCh = last ? 1 : ch;
        pool = cv == null ? 1 : 4;
        neurons = units * pool;
        if (cv != null)
        {
            final int per = cv.hp() * cv.wp();
            cLo = lo / per;
            held = (hi - 1) / per - cLo + 1;
            final int pyLo = held == 1 ? lo % per / cv.wp() : 0;
            final int pyHi = held == 1 ? (hi - 1) % per / cv.wp() : cv.hp() - 1;
            rLo = Math.max(0, 2 * pyLo - cv.pad());
            rows = Math.min(cv.hin(), 2 * pyHi + 2 + cv.pad()) - rLo;
        }
        else
        {
            cLo = 0;
            held = 0;
            rLo = 0;
            rows = 1;
        }
        this.ranks = ranks;
        this.myRank = myRank;
        this.holders = holders;
        cur = new double[ch][neurons];
        v = new double[ch][neurons];
        spk = new boolean[ch][neurons];
        h = new double[ch][neurons];
        dg = new double[ch][neurons];
        hp = new double[ch][units];
        arg = new int[ch][units];
        delta = new double[ch][neurons];
        a = new double[fsp ? inCh : 0][traceSize()];
        e = new double[m];
        gw = new double[fsp ? w.length : 0];
        gb = new double[fsp ? b.length : 0];
        gs = new double[s.length];
        gd = new double[d.length];
        errBase = first ? nIn + m : ch * nIn;
        syncBase = errBase + m;
        this.normCfg = cv == null ? null : normCfg;
        norm = this.normCfg != null;
        final int nh = norm ? held : 0;
        gamma = new double[nh];
        Arrays.fill(gamma, 1.0);
        beta = new double[nh];
        runMean = new double[nh];
        runVar = new double[nh];
        Arrays.fill(runVar, 1.0);
        alpha = new double[nh];
        offset = new double[nh];
        invStd = new double[nh];
        pre = new double[norm ? ch : 0][neurons];
        gGamma = new double[nh];
        gBeta = new double[nh];
        stat1 = new double[nh];
        stat2 = new double[nh];
        refreshNorm();
        final int g = cv == null ? 0 : syncWidth(cv, norm);
        recv = new double[cv == null || !fsp ? 0 : held][ranks][g];
        channelStreams = new SplitMix64[cv == null ? 0 : held];
        for (int lc = 0; lc < channelStreams.length; lc++)
        {
            channelStreams[lc] = new SplitMix64(SplitMix64.mix(seed ^ (0x5C0L + 7919L * layer + 104_729L *
                (cLo + lc))));
        }
        cSynBinary = counters.id(OpKind.SYNOP_BINARY);
        cSynGraded = counters.id(OpKind.SYNOP_GRADED);
        cActive = counters.id(OpKind.NEURON_UPDATE_ACTIVE);
        cTrace = counters.id(OpKind.TRACE_UPDATE);
        cSynUpdate = counters.id(OpKind.SYNAPTIC_UPDATE);
        cMul = counters.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY);
        cAdd = counters.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
        cWrite = counters.id(OpKind.MEMORY_WRITE_WORD);
        cRead = counters.id(OpKind.MEMORY_READ_WORD);
        cDiv = counters.id(OpKind.DIVIDE);
        cSqrt = counters.id(OpKind.SQRT);
    }

    /**
     * @param cv   a conv layer.
     * @param norm true with running-statistics normalisation.
     * @return values per held channel in one kernel-sync exchange: the kernel's gradient, the bias gradient, and
     *         with normalisation the gamma gradient, the sum and the sum of squares of the drives.
     */
    static int syncWidth(final SigconvArchitecture.Conv cv, final boolean norm)
    {
        return cv.kernel() + 1 + (norm ? 3 : 0);
    }

    /** Recomputes the per-channel affine map (alpha, offset) from gamma, beta and the running statistics. */
    void refreshNorm()
    {
        for (int lc = 0; lc < alpha.length; lc++)
        {
            refreshNorm(lc);
        }
    }

    /** {@link #refreshNorm()} for held channel lc. */
    private void refreshNorm(final int lc)
    {
        invStd[lc] = 1.0 / Math.sqrt(runVar[lc] + normCfg.eps());
        alpha[lc] = gamma[lc] * invStd[lc];
        offset[lc] = beta[lc] - alpha[lc] * runMean[lc];
    }

    /**
     * Switches the layer's learning from SGD to Adam: moments for every local weight, bias, S and d (a conv core
     * keeps moments for its copy of each held kernel; all holders apply the same summed gradient with the channel's
     * shared rounding stream, so moments and copies stay equal). No-op for FSP-shallow (hidden layers do not learn).
     *
     * @param cfg Adam's constants.
     */
    void useAdam(final AdamMoments.Config cfg)
    {
        if (!fsp)
        {
            return;
        }
        adamW = new AdamMoments(cfg, w.length, num.gradient());
        adamB = new AdamMoments(cfg, b.length, num.gradient());
        adamS = new AdamMoments(cfg, s.length, num.gradient());
        adamD = new AdamMoments(cfg, d.length, num.gradient());
        if (norm)
        {
            adamGamma = new AdamMoments(cfg, gamma.length, num.gradient());
            adamBeta = new AdamMoments(cfg, beta.length, num.gradient());
        }
    }

    /** @return the Adam states of w, b, S, d (and gamma, beta with normalisation; checkpoints), or none with SGD. */
    double[][] adamState()
    {
        if (adamW == null)
        {
            return new double[0][];
        }
        return norm ? new double[][] {adamW.state(), adamB.state(), adamS.state(), adamD.state(), adamGamma.state(),
            adamBeta.state()} : new double[][] {adamW.state(), adamB.state(), adamS.state(), adamD.state()};
    }

    /**
     * @param state states from {@link #adamState()}.
     * @throws IllegalArgumentException when they do not fit.
     */
    void restoreAdam(final double[][] state)
    {
        final AdamMoments[] all = adamW == null ? new AdamMoments[0] : norm ? new AdamMoments[] {adamW, adamB, adamS,
            adamD, adamGamma, adamBeta} : new AdamMoments[] {adamW, adamB, adamS, adamD};
        if (state.length != all.length)
        {
            throw new IllegalArgumentException("checkpoint: " + state.length + " Adam arrays for a core of layer " +
                layer + " that has " + all.length);
        }
        for (int i = 0; i < all.length; i++)
        {
            all[i].restore(state[i]);
        }
    }

    /** @return the states of the per-channel kernel-update rounding streams (checkpoints). */
    long[] streamStates()
    {
        final long[] out = new long[channelStreams.length];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = channelStreams[i].state();
        }
        return out;
    }

    /**
     * @param states states from {@link #streamStates()}.
     * @throws IllegalArgumentException when the count differs.
     */
    void restoreStreams(final long[] states)
    {
        if (states.length != channelStreams.length)
        {
            throw new IllegalArgumentException("checkpoint: " + states.length + " rounding-stream states for a core " +
                "of layer " + layer + " that holds " + channelStreams.length + " channels");
        }
        for (int i = 0; i < states.length; i++)
        {
            channelStreams[i].restore(states[i]);
        }
    }

    /** @return presynaptic trace words per channel (conv: the input rows this core's neurons see). */
    int traceSize()
    {
        return cv == null ? nIn : cv.cin() * rows * cv.win();
    }

    /** @return neurons on this core. */
    int neurons()
    {
        return neurons;
    }

    /** @return the first input row of the trace window (conv). */
    int firstRow()
    {
        return rLo;
    }

    /** @return rows of the trace window (conv). */
    int rowCount()
    {
        return rows;
    }

    private int traceIndex(final int i)
    {
        if (cv == null)
        {
            return i;
        }
        final int hw = cv.hin() * cv.win();
        final int ci = i / hw;
        final int iy = i % hw / cv.win();
        final int ix = i % cv.win();
        final int ry = iy - rLo;
        return ry < 0 || ry >= rows ? -1 : (ci * rows + ry) * cv.win() + ix;
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        final long[] counters = ctx.counters();
        if (axon < inCh * nIn)
        {
            final int c = axon / nIn;
            final int i = axon % nIn;
            final double val = first ? Double.longBitsToDouble(payload) : 1.0;
            if (fsp && learning)
            {
                final int ti = traceIndex(i);
                if (ti >= 0)
                {
                    final double nx = a[c][ti] + val;
                    a[c][ti] = fixed ? num.trace().quantize(nx, null) : nx;
                    counters[cTrace]++;
                }
            }
            counters[first ? cSynGraded : cSynBinary] += synapses(c, i, val);
            return;
        }
        if (first && axon < nIn + m)
        {
            final int q = axon - nIn;
            for (int j = 0; j < neurons; j++)
            {
                cur[q + 1][j] += s[j * m + q];
            }
            counters[cSynBinary] += neurons;
            return;
        }
        if (axon < errBase + m)
        {
            e[axon - errBase] = Double.longBitsToDouble(payload);
            return;
        }
        final int g = syncWidth(cv, norm);
        final int x = axon - syncBase;
        recv[x / (ranks * g)][x / g % ranks][x % g] = Double.longBitsToDouble(payload);
    }

    /** Adds input i (value val) of channel c to the currents of every local neuron it reaches; returns the synops. */
    private long synapses(final int c, final int i, final double val)
    {
        final double[] into = cur[c];
        if (cv == null)
        {
            for (int j = 0; j < units; j++)
            {
                into[j] += first ? w[j * nIn + i] * val : w[j * nIn + i];
            }
            return units;
        }
        final int hw = cv.hin() * cv.win();
        final int ci = i / hw;
        final int iy = i % hw / cv.win();
        final int ix = i % cv.win();
        final int k = cv.k();
        final int per = cv.hp() * cv.wp();
        long ops = 0;
        for (int lc = 0; lc < held; lc++)
        {
            final int co = cLo + lc;
            for (int ky = 0; ky < k; ky++)
            {
                final int oy = iy - ky + cv.pad();
                if (oy < 0 || oy >= cv.hin())
                {
                    continue;
                }
                for (int kx = 0; kx < k; kx++)
                {
                    final int ox = ix - kx + cv.pad();
                    if (ox < 0 || ox >= cv.win())
                    {
                        continue;
                    }
                    final int p = co * per + oy / 2 * cv.wp() + ox / 2;
                    if (p < lo || p >= lo + units)
                    {
                        continue;
                    }
                    final int j = (p - lo) * 4 + oy % 2 * 2 + ox % 2;
                    final double wt = w[lc * cv.kernel() + (ci * k + ky) * k + kx];
                    into[j] += first ? wt * val : wt;
                    ops++;
                }
            }
        }
        return ops;
    }

    private int biasIndex(final int j)
    {
        return cv == null ? j : (lo + j / 4) / (cv.hp() * cv.wp()) - cLo;
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        final long step = ctx.step();
        final int rel = timing.relative(step);
        if (rel == 0)
        {
            for (int c = 0; c < ch; c++)
            {
                Arrays.fill(v[c], 0.0);
                Arrays.fill(spk[c], false);
            }
            for (final double[] row : a)
            {
                Arrays.fill(row, 0.0);
            }
            for (final double[] row : pre)
            {
                Arrays.fill(row, 0.0);
            }
        }
        final int phase = timing.phase(step);
        if (phase == layer)
        {
            forward(ctx);
        }
        if (fsp && learning && targets && phase == layer + 2)
        {
            errorStep(ctx, timing.step(step));
        }
        if (fsp && learning && targets && rel == timing.sampleLength() - 1)
        {
            apply(ctx);
        }
    }

    private void forward(final CoreContext ctx)
    {
        final long[] counters = ctx.counters();
        final double vth = hyper.vth();
        final int active = targets ? ch : 1;
        final boolean collect = fsp && learning && targets;
        for (int c = 0; c < active; c++)
        {
            final boolean normed = norm && !(first && c > 0);
            for (int j = 0; j < neurons; j++)
            {
                final double bias = first && c > 0 ? d[j] : b[biasIndex(j)];
                double nv;
                if (normed)
                {
                    final int lc = biasIndex(j);
                    final double drive = cur[c][j] + bias;
                    if (collect)
                    {
                        pre[c][j] += drive;
                        if (c == 0)
                        {
                            stat1[lc] += drive;
                            stat2[lc] += drive * drive;
                        }
                    }
                    nv = v[c][j] - (spk[c][j] ? vth : 0.0) + (alpha[lc] * drive + offset[lc]);
                }
                else
                {
                    nv = v[c][j] - (spk[c][j] ? vth : 0.0) + cur[c][j] + bias;
                }
                if (fixed)
                {
                    nv = num.state().quantize(nv, null);
                }
                v[c][j] = nv;
                spk[c][j] = nv >= vth;
                cur[c][j] = 0.0;
                if (fsp && targets)
                {
                    final double hx = surrogate ? math.g(nv - vth, counters, ids, fixed) : nv;
                    final double dx = surrogate ? math.dg(nv - vth, counters, ids, fixed) : 1.0;
                    h[c][j] = fixed ? num.state().quantize(hx, null) : hx;
                    dg[c][j] = fixed ? num.state().quantize(dx, null) : dx;
                }
            }
            counters[cActive] += neurons;
            counters[cAdd] += 3L * neurons;
            if (normed)
            {
                // alpha * drive + offset; while learning the drive's sum per neuron, and on channel 0 the
                // channel's sum and sum of squares
                counters[cMul] += (long)neurons * (collect && c == 0 ? 2 : 1);
                counters[cAdd] += (long)neurons * (1 + (collect ? 1 : 0) + (collect && c == 0 ? 2 : 0));
                counters[cWrite] += collect ? neurons : 0;
            }
            // pooling: OR of the block's spikes; the pooled h is the block's max, its arg the first max (raster)
            for (int u = 0; u < units; u++)
            {
                final int base = u * pool;
                boolean any = false;
                int best = base;
                for (int k = 0; k < pool; k++)
                {
                    any |= spk[c][base + k];
                    if (fsp && targets && h[c][base + k] > h[c][best])
                    {
                        best = base + k;
                    }
                }
                hp[c][u] = h[c][best];
                arg[c][u] = best;
                if (any && c < outCh)
                {
                    ctx.send(c * units + u, 0L);
                    ports.charge(counters, c * units + u);
                }
            }
            counters[cAdd] += (long)units * (pool - 1);
        }
        if (fsp && targets)
        {
            for (int q = 0; q < m; q++)
            {
                double z = 0.0;
                for (int u = 0; u < units; u++)
                {
                    z += hp[0][u] * hp[q + 1][u];
                }
                final int port = outCh * units + q;
                ctx.send(port, Double.doubleToRawLongBits(fixed ? num.logit().quantize(z, null) : z));
                ports.charge(counters, port);
            }
            counters[cMul] += (long)m * units;
            counters[cAdd] += (long)m * units;
        }
    }

    private void errorStep(final CoreContext ctx, final int t)
    {
        final long[] counters = ctx.counters();
        final SplitMix64 rng = ctx.random();
        for (int c = 0; c < ch; c++)
        {
            Arrays.fill(delta[c], 0.0);
        }
        for (int u = 0; u < units; u++)
        {
            double g0 = 0.0;
            for (int q = 0; q < m; q++)
            {
                g0 += e[q] * hp[q + 1][u];
            }
            delta[0][arg[0][u]] = g0 * dg[0][arg[0][u]];
            for (int q = 0; q < m; q++)
            {
                delta[q + 1][arg[q + 1][u]] = e[q] * hp[0][u] * dg[q + 1][arg[q + 1][u]];
            }
        }
        counters[cMul] += (long)units * (4L * m + 1);
        counters[cAdd] += (long)units * m;
        final int used = first ? 1 : ch;
        long terms = 0;
        for (int j = 0; j < neurons; j++)
        {
            double sum = 0.0;
            boolean any = false;
            for (int c = 0; c < used; c++)
            {
                sum += delta[c][j];
                any |= delta[c][j] != 0.0;
            }
            if (any)
            {
                final int bi = biasIndex(j);
                gb[bi] = gr(gb[bi] + t * sum, rng);
                terms += accumulate(j, used, rng);
                if (norm)
                {
                    // d v / d gamma = (drive sum - t mu) / sqrt(var + eps); the 1 / sqrt factor at the sample's end
                    double gg = 0.0;
                    for (int c = 0; c < used; c++)
                    {
                        gg += delta[c][j] * (pre[c][j] - t * runMean[bi]);
                    }
                    gGamma[bi] += gg;
                    counters[cMul] += 2L * used;
                    counters[cAdd] += 2L * used + 1;
                    counters[cRead] += used;
                }
            }
            if (first)
            {
                double sd = 0.0;
                for (int q = 0; q < m; q++)
                {
                    if (delta[q + 1][j] != 0.0)
                    {
                        gs[j * m + q] = gr(gs[j * m + q] + t * delta[q + 1][j], rng);
                        sd += delta[q + 1][j];
                    }
                }
                gd[j] = gr(gd[j] + t * sd, rng);
                counters[cMul] += m;
                counters[cAdd] += 2L * m;
            }
        }
        counters[cMul] += terms * used;
        counters[cAdd] += terms * used;
        counters[cWrite] += terms;
        if (cv != null && t == timing.steps())
        {
            // this core's partial kernel and bias gradients to the other cores holding the same channels
            final int g = syncWidth(cv, norm);
            final int base = outCh * units + m;
            for (int lc = 0; lc < held; lc++)
            {
                if (holders[lc] < 2)
                {
                    continue;
                }
                for (int x = 0; x < g; x++)
                {
                    final double val = localPartial(lc, x);
                    ctx.send(base + lc * g + x, Double.doubleToRawLongBits(val));
                    ports.charge(counters, base + lc * g + x);
                }
            }
        }
    }

    /** @return this core's partial x of held channel lc in the kernel-sync layout ({@link #syncWidth}). */
    private double localPartial(final int lc, final int x)
    {
        final int kn = cv.kernel();
        if (x < kn)
        {
            return gw[lc * kn + x];
        }
        return x == kn ? gb[lc] : x == kn + 1 ? gGamma[lc] : x == kn + 2 ? stat1[lc] : stat2[lc];
    }

    /** grad W of neuron j += sum_c delta^c_j a^c_i over its inputs; returns the number of inputs visited. */
    private long accumulate(final int j, final int used, final SplitMix64 rng)
    {
        if (cv == null)
        {
            for (int i = 0; i < nIn; i++)
            {
                double g = 0.0;
                for (int c = 0; c < used; c++)
                {
                    g += delta[c][j] * a[c][i];
                }
                gw[j * nIn + i] = gr(gw[j * nIn + i] + g, rng);
            }
            return nIn;
        }
        final int per = cv.hp() * cv.wp();
        final int p = lo + j / 4;
        final int lc = p / per - cLo;
        final int oy = p % per / cv.wp() * 2 + j % 4 / 2;
        final int ox = p % cv.wp() * 2 + j % 2;
        final int k = cv.k();
        long terms = 0;
        for (int ci = 0; ci < cv.cin(); ci++)
        {
            for (int ky = 0; ky < k; ky++)
            {
                final int iy = oy + ky - cv.pad();
                if (iy < 0 || iy >= cv.hin())
                {
                    continue;
                }
                for (int kx = 0; kx < k; kx++)
                {
                    final int ix = ox + kx - cv.pad();
                    if (ix < 0 || ix >= cv.win())
                    {
                        continue;
                    }
                    final int ti = (ci * rows + iy - rLo) * cv.win() + ix;
                    double g = 0.0;
                    for (int c = 0; c < used; c++)
                    {
                        g += delta[c][j] * a[c][ti];
                    }
                    final int wi = lc * cv.kernel() + (ci * k + ky) * k + kx;
                    gw[wi] = gr(gw[wi] + g, rng);
                    terms++;
                }
            }
        }
        return terms;
    }

    private void apply(final CoreContext ctx)
    {
        final long[] counters = ctx.counters();
        final double eta = hyper.eta() * etaScale;
        final SplitMix64 rng = ctx.random();
        long writes = 0;
        if (adamW != null)
        {
            adamW.begin(eta);
            adamB.begin(eta);
            adamS.begin(eta);
            adamD.begin(eta);
            if (norm)
            {
                adamGamma.begin(eta);
                adamBeta.begin(eta);
            }
        }
        if (cv == null)
        {
            writes += descend(w, gw, 0, w.length, eta, num.update()[layer - 1], rng, adamW, rng);
            writes += descend(b, gb, 0, b.length, eta, num.state(), null, adamB, rng);
        }
        else
        {
            final int kn = cv.kernel();
            final int g = syncWidth(cv, norm);
            final double[] total = new double[g];
            for (int lc = 0; lc < held; lc++)
            {
                Arrays.fill(total, 0.0);
                for (int r = 0; r < holders[lc]; r++)
                {
                    for (int x = 0; x < g; x++)
                    {
                        final double part = r == myRank[lc] ? localPartial(lc, x) : recv[lc][r][x];
                        total[x] += part;
                    }
                }
                counters[cAdd] += (long)holders[lc] * g;
                // with normalisation the summed traces are d v / d(K, b) / alpha: scale by alpha; grad beta is the
                // bias sum itself
                final double scale = norm ? alpha[lc] : 1.0;
                for (int x = 0; x < kn; x++)
                {
                    gw[lc * kn + x] = norm ? scale * total[x] : total[x];
                }
                gb[lc] = norm ? scale * total[kn] : total[kn];
                writes += descend(w, gw, lc * kn, kn, eta, num.update()[layer - 1], channelStreams[lc], adamW,
                    channelStreams[lc]);
                writes += descend(b, gb, lc, 1, eta, num.state(), null, adamB, channelStreams[lc]);
                if (norm)
                {
                    counters[cMul] += kn + 2L;
                    writes += normUpdate(ctx, lc, total, eta);
                }
            }
        }
        if (first)
        {
            writes += descend(s, gs, 0, s.length, eta, num.targetUp(), rng, adamS, rng);
            writes += descend(d, gd, 0, d.length, eta, num.state(), null, adamD, rng);
        }
        counters[cSynUpdate] += writes;
        counters[cMul] += writes;
        counters[cAdd] += writes;
        counters[cWrite] += writes;
        if (adamW != null)
        {
            AdamMoments.countExtra(counters, writes, cMul, cAdd, cDiv, cSqrt, cRead, cWrite);
        }
    }

    /**
     * Updates gamma and beta of held channel lc from the summed partials, then the running statistics from the
     * sample's drives (all holders compute the same values), then the channel's affine map; returns the words written.
     */
    private long normUpdate(final CoreContext ctx, final int lc, final double[] total, final double eta)
    {
        final long[] counters = ctx.counters();
        final int kn = cv.kernel();
        gGamma[lc] = total[kn + 1] * invStd[lc];
        gBeta[lc] = total[kn];
        long writes = descend(gamma, gGamma, lc, 1, eta, num.state(), null, adamGamma, channelStreams[lc]);
        writes += descend(beta, gBeta, lc, 1, eta, num.state(), null, adamBeta, channelStreams[lc]);
        final double n = (double)timing.steps() * cv.hin() * cv.win();
        final double mean = total[kn + 2] / n;
        final double var = n > 1 ? (total[kn + 3] - n * mean * mean) / (n - 1) : 0.0;
        final double mom = normCfg.momentum();
        runMean[lc] = (1 - mom) * runMean[lc] + mom * mean;
        runVar[lc] = (1 - mom) * runVar[lc] + mom * var;
        stat1[lc] = 0.0;
        stat2[lc] = 0.0;
        refreshNorm(lc);
        // mean, variance, the two moving averages, 1/sqrt, alpha, offset; gamma's gradient scaled by 1/sqrt
        counters[cMul] += 9;
        counters[cAdd] += 6;
        counters[cDiv] += 3;
        counters[cSqrt] += 1;
        counters[cWrite] += 7;
        counters[cRead] += 4;
        return writes;
    }

    /**
     * SGD ({@code adam == null}: weights with a zero gradient are not touched) or Adam (every weight is updated) on
     * {@code weights[from, from + count)}; clears the gradients; returns the number of weights written.
     */
    private long descend(final double[] weights, final double[] grad, final int from, final int count,
        final double eta, final NumberFormat format, final SplitMix64 rng, final AdamMoments adam,
        final SplitMix64 momentRng)
    {
        long writes = 0;
        for (int x = from; x < from + count; x++)
        {
            if (adam != null)
            {
                final double nw = weights[x] - adam.delta(x, grad[x], momentRng);
                weights[x] = fixed ? format.quantize(nw, rng) : nw;
                writes++;
            }
            else if (grad[x] != 0.0)
            {
                final double nw = weights[x] - eta * grad[x];
                weights[x] = fixed ? format.quantize(nw, rng) : nw;
                writes++;
            }
            grad[x] = 0.0;
        }
        return writes;
    }

    private double gr(final double x, final SplitMix64 rng)
    {
        return fixed ? num.gradient().quantize(x, rng) : x;
    }
}
