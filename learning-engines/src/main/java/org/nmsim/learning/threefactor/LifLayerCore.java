package org.nmsim.learning.threefactor;

import java.util.Arrays;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.learning.Counters;
import org.nmsim.learning.PortCosts;

/**
 * A slice {@code [lo, lo + k)} of LIF layer {@code l} (hidden, or the output layer N) with the synapses from the
 * whole layer {@code l - 1} into it. It runs paper 003 eq. 7-8 and 14-17 on what it owns and what is delivered to
 * it, nothing else.
 *
 * <h2>Per step, in the core's phase (t = 1..T)</h2>
 * <pre>
 *   Q_i  = beta Q_i + P_i          P_i = alpha P_i + S_i^{l-1}     (per presynaptic neuron: dU/dW, dI/dW, eq. 15-16,
 *                                                                   reset term dropped as SuperSpike does)
 *   U_j  = beta U_j + I_j - vth S_j    I_j = alpha I_j + sum_i W_ij S_i^{l-1}    S_j = U_j &gt; vth   (eq. 7-8)
 *   s_j  = sigma'(U_j)                                               (surrogate, {@link SurrogateUnit})
 *   eprop: e_ij = gamma e_ij + (1 - gamma) s_j Q_i                   (eligibility, eq. 17: per synapse)
 * </pre>
 * The output layer then forms its error {@code ebar_j = gamma ebar_j + (1 - gamma)(S_j - target_j)} (the van Rossum
 * error of eq. 13 and 17) and, for eprop, sends it to every hidden core. A learning signal {@code L_j} (output:
 * {@code ebar_j}; hidden: {@code sum_q B_jq err_q} from the errors delivered) is accumulated as
 * {@code grad_ij += L_j e_ij} (eprop) or {@code grad_ij += L_j s_j Q_i} (DCLL, no per-synapse eligibility). A hidden
 * core handles delivered errors at the start of its next kernel step, before its next forward update, so they meet
 * the state of the step they belong to. At the last kernel step of the sample every learning core applies
 * {@code W -= (eta / nPre) grad}.
 *
 * <h2>Axons</h2>
 * {@code i < nPre}: spike of presynaptic neuron i; {@code nPre + q}: error q (hidden); {@code nPre + m}: label
 * (output).
 * <h2>Ports</h2>
 * {@code j}: spike of local neuron j (hidden); {@code k + j}: error of output neuron j (output, eprop).
 *
 * <p>Threading: NOT thread safe; run by its worker; the host touches it only between runs.
 */
final class LifLayerCore implements Core
{
    final int layer;
    final int lo;
    final int k;
    final int nPre;
    final int m;
    final boolean output;
    final double[] w;
    final double[] feedback;
    private final ThreeFactorParams p;
    private final boolean eprop;
    private final boolean sendsErrors;
    private final ThreeFactorNumerics num;
    private final boolean fixed;
    private final SurrogateUnit surrogate;
    private final ErrorLink link;
    private final Phases phases;
    private final PortCosts costs;
    private final Counters ids;
    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double[] grad;
    private final double[] elig;
    private final boolean[] live;
    private final double[] cur;
    private final double[] u;
    private final boolean[] s;
    private final double[] sig;
    private final double[] acc;
    private final double[] sIn;
    private final double[] pTrace;
    private final double[] qTrace;
    private final double[] err;
    private final double[] signal;
    private final double[] ebar;
    final int[] spikeCount;
    final double[] uSum;
    private boolean errorPending;
    private int label;
    boolean learning;
    double lossSum;
    private final int cSyn;
    private final int cActive;
    private final int cInactive;
    private final int cTrace;
    private final int cSynUpdate;
    private final int cMul;
    private final int cAdd;
    private final int cRandom;
    private final int cElig;

    LifLayerCore(final int layer, final int lo, final int k, final int nPre, final int m, final boolean output,
        final double[] w, final double[] feedback, final ThreeFactorParams p, final ThreeFactorNumerics num,
        final SurrogateUnit surrogate, final ErrorLink link, final Phases phases, final PortCosts costs,
        final Counters counters, final int eligibilityCounter)
    {
        this.layer = layer;
        this.lo = lo;
        this.k = k;
        this.nPre = nPre;
        this.m = m;
        this.output = output;
        this.w = w;
        this.feedback = feedback;
        this.p = p;
        this.eprop = p.method() == ThreeFactorMethod.EPROP;
        this.sendsErrors = output && eprop;
        this.num = num;
        this.fixed = !num.isIdeal();
        this.surrogate = surrogate;
        this.link = link;
        this.phases = phases;
        this.costs = costs;
        this.ids = counters;
        this.alpha = p.alpha();
        this.beta = p.beta();
        this.gamma = p.gamma();
        grad = new double[nPre * k];
        elig = new double[eprop ? nPre * k : 0];
        live = new boolean[nPre];
        cur = new double[k];
        u = new double[k];
        s = new boolean[k];
        sig = new double[k];
        acc = new double[k];
        sIn = new double[nPre];
        pTrace = new double[nPre];
        qTrace = new double[nPre];
        err = new double[output ? 0 : m];
        signal = new double[k];
        ebar = new double[output ? k : 0];
        spikeCount = new int[output ? k : 0];
        uSum = new double[output ? k : 0];
        cSyn = counters.id(OpKind.SYNOP_BINARY);
        cActive = counters.id(OpKind.NEURON_UPDATE_ACTIVE);
        cInactive = counters.id(OpKind.NEURON_UPDATE_INACTIVE);
        cTrace = counters.id(OpKind.TRACE_UPDATE);
        cSynUpdate = counters.id(OpKind.SYNAPTIC_UPDATE);
        cMul = counters.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY);
        cAdd = counters.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
        cRandom = counters.id(OpKind.RANDOM);
        cElig = eligibilityCounter;
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        if (axon < nPre)
        {
            sIn[axon] += 1.0;
            final int base = axon * k;
            for (int j = 0; j < k; j++)
            {
                acc[j] += w[base + j];
            }
            ctx.counters()[cSyn] += k;
        }
        else if (axon < nPre + m && !output)
        {
            err[axon - nPre] = link.decode(payload);
            errorPending = true;
        }
        else
        {
            label = (int)payload;
        }
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        final long step = ctx.step();
        final int t = phases.algorithmicStep(step);
        if (phases.relative(step) == 0)
        {
            resetSample();
        }
        if (errorPending)
        {
            if (learning)
            {
                hiddenError(ctx);
            }
            Arrays.fill(err, 0.0);
            errorPending = false;
        }
        if (phases.phase(step) == layer && t <= phases.steps())
        {
            forward(ctx);
        }
        if (learning && phases.isLast(step))
        {
            apply(ctx);
        }
    }

    private void resetSample()
    {
        Arrays.fill(cur, 0.0);
        Arrays.fill(u, 0.0);
        Arrays.fill(s, false);
        Arrays.fill(sig, 0.0);
        Arrays.fill(acc, 0.0);
        Arrays.fill(sIn, 0.0);
        Arrays.fill(pTrace, 0.0);
        Arrays.fill(qTrace, 0.0);
        Arrays.fill(elig, 0.0);
        Arrays.fill(live, false);
        Arrays.fill(ebar, 0.0);
        Arrays.fill(spikeCount, 0);
        Arrays.fill(uSum, 0.0);
        lossSum = 0.0;
    }

    private void forward(final CoreContext ctx)
    {
        final long[] counters = ctx.counters();
        if (learning)
        {
            for (int i = 0; i < nPre; i++)
            {
                final double q = beta * qTrace[i] + pTrace[i];
                final double pp = alpha * pTrace[i] + sIn[i];
                qTrace[i] = fixed ? num.trace().quantize(q, null) : q;
                pTrace[i] = fixed ? num.trace().quantize(pp, null) : pp;
            }
            counters[cTrace] += 2L * nPre;
        }
        Arrays.fill(sIn, 0.0);
        final double vth = p.vth();
        int active = 0;
        for (int j = 0; j < k; j++)
        {
            final double un = beta * u[j] + cur[j] - (s[j] ? vth : 0.0);
            final double in = alpha * cur[j] + acc[j];
            if (u[j] != 0.0 || cur[j] != 0.0 || acc[j] != 0.0)
            {
                active++;
            }
            u[j] = fixed ? num.state().quantize(un, null) : un;
            cur[j] = fixed ? num.state().quantize(in, null) : in;
            acc[j] = 0.0;
            s[j] = u[j] > vth;
            if (s[j] && !output)
            {
                ctx.send(j, 0L);
                costs.charge(counters, j);
            }
        }
        counters[cActive] += active;
        counters[cInactive] += k - active;
        if (output)
        {
            for (int j = 0; j < k; j++)
            {
                spikeCount[j] += s[j] ? 1 : 0;
                uSum[j] += u[j];
            }
        }
        if (!learning)
        {
            return;
        }
        for (int j = 0; j < k; j++)
        {
            final double f = surrogate.evaluate(u[j], counters, ids, fixed);
            sig[j] = fixed ? num.state().quantize(f, null) : f;
        }
        if (eprop)
        {
            updateEligibility(ctx);
        }
        if (output)
        {
            outputError(ctx);
        }
    }

    /** e_ij = gamma e_ij + (1 - gamma) s_j Q_i for every synapse whose row has ever seen a presynaptic spike. */
    private void updateEligibility(final CoreContext ctx)
    {
        final long[] counters = ctx.counters();
        final double g1 = 1.0 - gamma;
        long updates = 0;
        for (int i = 0; i < nPre; i++)
        {
            final double q = qTrace[i];
            if (q != 0.0)
            {
                live[i] = true;
            }
            if (!live[i])
            {
                continue;
            }
            final int base = i * k;
            if (fixed)
            {
                for (int j = 0; j < k; j++)
                {
                    elig[base + j] = num.eligibility().quantize(gamma * elig[base + j] + g1 * sig[j] * q,
                        ctx.random());
                }
            }
            else
            {
                for (int j = 0; j < k; j++)
                {
                    elig[base + j] = gamma * elig[base + j] + g1 * sig[j] * q;
                }
            }
            updates += k;
        }
        counters[cElig] += updates;
        counters[cSynUpdate] += updates;
        counters[cMul] += 2 * updates;
        counters[cAdd] += updates;
        if (fixed)
        {
            counters[cRandom] += updates;
        }
    }

    /** The output layer's van Rossum error (eq. 13, 17), its own gradient, and (eprop) the error to hidden cores. */
    private void outputError(final CoreContext ctx)
    {
        final long[] counters = ctx.counters();
        final double g1 = 1.0 - gamma;
        for (int j = 0; j < k; j++)
        {
            final double target = lo + j == label ? p.targetRate() : 0.0;
            final double e = gamma * ebar[j] + g1 * ((s[j] ? 1.0 : 0.0) - target);
            ebar[j] = fixed ? num.signal().quantize(e, null) : e;
            lossSum += 0.5 * ebar[j] * ebar[j];
            signal[j] = ebar[j];
            if (sendsErrors)
            {
                final long payload = link.encode(ebar[j]);
                final int copies = link.copies(payload);
                if (copies > 0)
                {
                    ctx.send(k + j, payload);
                    for (int c = 0; c < copies; c++)
                    {
                        costs.charge(counters, k + j);
                    }
                }
            }
        }
        counters[cMul] += 2L * k;
        counters[cAdd] += 2L * k;
        accumulate(ctx);
    }

    /** The errors of the step just computed arrived: L_j = sum_q B_jq err_q, then accumulate. */
    private void hiddenError(final CoreContext ctx)
    {
        for (int j = 0; j < k; j++)
        {
            double g = 0.0;
            final int row = j * m;
            for (int q = 0; q < m; q++)
            {
                g += feedback[row + q] * err[q];
            }
            signal[j] = fixed ? num.signal().quantize(g, null) : g;
        }
        ctx.counters()[cMul] += (long)k * m;
        ctx.counters()[cAdd] += (long)k * m;
        accumulate(ctx);
    }

    /** grad_ij += L_j e_ij (eprop) or grad_ij += (L_j s_j) Q_i (DCLL). */
    private void accumulate(final CoreContext ctx)
    {
        final long[] counters = ctx.counters();
        long updates = 0;
        if (!eprop)
        {
            for (int j = 0; j < k; j++)
            {
                final double d = signal[j] * sig[j];
                signal[j] = fixed ? num.signal().quantize(d, null) : d;
            }
            counters[cMul] += k;
        }
        for (int i = 0; i < nPre; i++)
        {
            final double q = qTrace[i];
            if (eprop ? !live[i] : q == 0.0)
            {
                continue;
            }
            final int base = i * k;
            for (int j = 0; j < k; j++)
            {
                final double inc = eprop ? signal[j] * elig[base + j] : signal[j] * q;
                grad[base + j] = fixed ? num.gradient().quantize(grad[base + j] + inc, ctx.random()) :
                    grad[base + j] + inc;
            }
            updates += k;
        }
        counters[cSynUpdate] += updates;
        counters[cMul] += updates;
        counters[cAdd] += updates;
        if (fixed)
        {
            counters[cRandom] += updates;
        }
    }

    private void apply(final CoreContext ctx)
    {
        final long[] counters = ctx.counters();
        final double eta = p.eta() / nPre;
        long writes = 0;
        for (int x = 0; x < grad.length; x++)
        {
            if (grad[x] != 0.0)
            {
                final double nw = w[x] - eta * grad[x];
                w[x] = fixed ? num.update()[layer - 1].quantize(nw, ctx.random()) : nw;
                grad[x] = 0.0;
                writes++;
            }
        }
        counters[cSynUpdate] += writes;
        counters[cMul] += writes;
        counters[cAdd] += writes;
        if (fixed)
        {
            counters[cRandom] += writes;
        }
    }
}
