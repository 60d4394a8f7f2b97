package org.nmsim.learning.sigprop;

import java.util.Arrays;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.Counters;
import org.nmsim.learning.PortCosts;

/**
 * The classification layer of Fig. 2b (m non-spiking neurons on one core) with the synapses from the last hidden
 * layer's input channel. In phase N of every step it computes {@code u[t] = W s[t] + b}; after step T the network's
 * output is the average {@code ubar = (1/T) sum_t u[t]} (section VI-A), the prediction its argmax, and, when
 * learning, the layer descends its own cross entropy {@code CE(softmax(ubar), y)}:
 * {@code W -= eta_readout * e rate^T}, {@code b -= eta_readout * e}, with {@code e = softmax(ubar) - onehot(y)} and
 * {@code rate = (1/T) sum_t s[t]} counted from the spikes it received. Targets are not sent to it.
 *
 * <p>With the target-loop generator (eq. 11), while targets are forwarded it also sends its output
 * {@code y[t] = softmax(u[t])} of steps t < T to the context core (ports p). With {@link #loopEta} {@code > 0} and
 * the label known (training), it sends eq. 12's error-corrected output instead:
 * {@code y - loopEta (y - onehot(label))}, i.e. {@code h - eta e} with {@code e = dCE/du}.
 *
 * <h2>Axons</h2> {@code i}: spike of last-hidden neuron i; {@code nPre}: the label.
 *
 * <p>Threading: NOT thread safe; run by its worker; the host reads the prediction and loss between runs.
 */
public final class ClassifierCore implements Core
{
    final int nPre;
    final int m;
    /** Weights, [pre][class]. */
    public final double[] w;
    /** Biases. */
    public final double[] b;
    /** Whether this sample learns (host-loaded). */
    public boolean learning;
    /** Whether targets are forwarded this sample (host-loaded). */
    public boolean targets;
    /**
     * Eq. 12's error integration on the target loop: 0 sends y (eq. 11); otherwise, while learning, each loop value is
     * {@code y_p - loopEta (y_p - [p == label])}. Host-loaded at build.
     */
    public double loopEta;
    /** Factor on eta_readout (a learning-rate schedule; host-loaded between samples, default 1). */
    public double etaScale = 1.0;
    /** The last trained sample's cross entropy. */
    public double loss;
    /** The last sample's prediction. */
    public int prediction;
    private final int layer;
    private final SigpropHyper hyper;
    private final SigpropNumerics num;
    private final SigpropMath math;
    private final Counters ids;
    private final boolean fixed;
    private final Timing timing;
    private final double[] acc;
    private final double[] uSum;
    private final double[] count;
    private final double[] e;
    private final double[] ubar;
    private final double[] u;
    private final double[] y;
    private final PortCosts ports;
    private final boolean loop;
    private int label;
    private final int cSyn;
    private final int cActive;
    private final int cTrace;
    private final int cSynUpdate;
    private final int cMul;
    private final int cAdd;
    private final int cDiv;
    private final int cSqrt;
    private final int cRead;
    private final int cWrite;
    private AdamMoments adamW;
    private AdamMoments adamB;

    /**
     * @param layer    weight layer N (works in phase N).
     * @param nPre     last hidden layer's neurons.
     * @param m        classes.
     * @param w        weights [pre][class].
     * @param b        biases.
     * @param hyper    hyperparameters.
     * @param num      number formats.
     * @param math     engine functions.
     * @param timing   phase schedule.
     * @param ports    port costs (m ports).
     * @param counters counter ids.
     */
    public ClassifierCore(final int layer, final int nPre, final int m, final double[] w, final double[] b,
        final SigpropHyper hyper, final SigpropNumerics num, final SigpropMath math, final Timing timing,
        final PortCosts ports, final Counters counters)
    {
        this.ports = ports;
        this.loop = hyper.loop() && hyper.variant().forwardsTargets();
        u = new double[m];
        y = new double[m];
        this.layer = layer;
        this.nPre = nPre;
        this.m = m;
        this.w = w;
        this.b = b;
        this.hyper = hyper;
        this.num = num;
        this.math = math;
        this.ids = counters;
        this.fixed = !num.isIdeal();
        this.timing = timing;
        acc = new double[m];
        uSum = new double[m];
        count = new double[nPre];
        e = new double[m];
        ubar = new double[m];
        cSyn = counters.id(OpKind.SYNOP_BINARY);
        cActive = counters.id(OpKind.NEURON_UPDATE_ACTIVE);
        cTrace = counters.id(OpKind.TRACE_UPDATE);
        cSynUpdate = counters.id(OpKind.SYNAPTIC_UPDATE);
        cMul = counters.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY);
        cAdd = counters.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
        cDiv = counters.id(OpKind.DIVIDE);
        cSqrt = counters.id(OpKind.SQRT);
        cRead = counters.id(OpKind.MEMORY_READ_WORD);
        cWrite = counters.id(OpKind.MEMORY_WRITE_WORD);
    }

    /**
     * Switches the layer from SGD to Adam ({@link AdamMoments}, rate {@code eta_readout}): every weight and bias is
     * then updated after every trained sample, also those whose gradient is 0.
     *
     * @param cfg Adam's constants.
     */
    public void useAdam(final AdamMoments.Config cfg)
    {
        adamW = new AdamMoments(cfg, w.length, num.gradient());
        adamB = new AdamMoments(cfg, b.length, num.gradient());
    }

    /** @return the Adam state of W and b (t, m, v each; checkpoints), or null with SGD. */
    public double[][] adamState()
    {
        return adamW == null ? null : new double[][] {adamW.state(), adamB.state()};
    }

    /**
     * @param state a state from {@link #adamState()}.
     * @throws IllegalArgumentException when it does not fit.
     */
    public void restoreAdam(final double[][] state)
    {
        adamW.restore(state[0]);
        adamB.restore(state[1]);
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        if (axon == nPre)
        {
            label = (int)payload;
            return;
        }
        final long[] counters = ctx.counters();
        count[axon] += 1.0;
        counters[cTrace]++;
        final int base = axon * m;
        for (int q = 0; q < m; q++)
        {
            acc[q] += w[base + q];
        }
        counters[cSyn] += m;
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        final long step = ctx.step();
        if (timing.relative(step) == 0)
        {
            Arrays.fill(uSum, 0.0);
            Arrays.fill(count, 0.0);
            loss = Double.NaN;
        }
        if (timing.phase(step) != layer)
        {
            return;
        }
        final long[] counters = ctx.counters();
        for (int q = 0; q < m; q++)
        {
            u[q] = fixed ? num.state().quantize(acc[q] + b[q], null) : acc[q] + b[q];
            uSum[q] += u[q];
            acc[q] = 0.0;
        }
        counters[cAdd] += 2L * m;
        counters[cActive] += m;
        if (timing.step(step) != timing.steps())
        {
            if (loop && targets)
            {
                math.softmaxError(u, -1, y, counters, ids, fixed);
                if (loopEta > 0.0 && learning)
                {
                    // eq. 12: h - eta e, with e = y - onehot(label) the cross entropy's gradient at u
                    for (int p = 0; p < m; p++)
                    {
                        y[p] = y[p] - loopEta * (y[p] - (p == label ? 1.0 : 0.0));
                    }
                    counters[cMul] += m;
                    counters[cAdd] += 2L * m;
                }
                for (int p = 0; p < m; p++)
                {
                    ctx.send(p, Double.doubleToRawLongBits(fixed ? num.payload().quantize(y[p], null) : y[p]));
                    ports.charge(counters, p);
                }
            }
            return;
        }
        int best = 0;
        for (int q = 1; q < m; q++)
        {
            if (uSum[q] > uSum[best])
            {
                best = q;
            }
        }
        prediction = best;
        if (learning)
        {
            learn(ctx, counters);
        }
    }

    private void learn(final CoreContext ctx, final long[] counters)
    {
        final int steps = timing.steps();
        for (int q = 0; q < m; q++)
        {
            ubar[q] = fixed ? num.state().quantize(uSum[q] / steps, null) : uSum[q] / steps;
        }
        counters[cMul] += m;
        loss = math.softmaxError(ubar, label, e, counters, ids, fixed);
        final double eta = hyper.etaReadout() * etaScale;
        final SplitMix64 rng = ctx.random();
        if (adamW != null)
        {
            learnAdam(counters, eta, rng);
            return;
        }
        long writes = 0;
        for (int i = 0; i < nPre; i++)
        {
            if (count[i] == 0.0)
            {
                continue;
            }
            final double rate = count[i] / steps;
            final int base = i * m;
            for (int q = 0; q < m; q++)
            {
                final double nw = w[base + q] - eta * (e[q] * rate);
                w[base + q] = fixed ? num.update()[layer - 1].quantize(nw, rng) : nw;
            }
            writes += m;
        }
        for (int q = 0; q < m; q++)
        {
            final double nb = b[q] - eta * e[q];
            b[q] = fixed ? num.state().quantize(nb, null) : nb;
        }
        counters[cSynUpdate] += writes;
        counters[cMul] += 2 * writes;
        counters[cAdd] += writes + m;
    }

    private void learnAdam(final long[] counters, final double eta, final SplitMix64 rng)
    {
        final int steps = timing.steps();
        adamW.begin(eta);
        adamB.begin(eta);
        for (int i = 0; i < nPre; i++)
        {
            final double rate = count[i] / steps;
            final int base = i * m;
            for (int q = 0; q < m; q++)
            {
                final double nw = w[base + q] - adamW.delta(base + q, e[q] * rate, rng);
                w[base + q] = fixed ? num.update()[layer - 1].quantize(nw, rng) : nw;
            }
        }
        for (int q = 0; q < m; q++)
        {
            final double nb = b[q] - adamB.delta(q, e[q], rng);
            b[q] = fixed ? num.state().quantize(nb, null) : nb;
        }
        final long n = (long)nPre * m + m;
        counters[cSynUpdate] += (long)nPre * m;
        counters[cMul] += n;
        counters[cAdd] += n;
        counters[cWrite] += n;
        AdamMoments.countExtra(counters, n, cMul, cAdd, cDiv, cSqrt, cRead, cWrite);
    }
}
