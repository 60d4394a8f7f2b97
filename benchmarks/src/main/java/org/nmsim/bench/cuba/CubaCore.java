package org.nmsim.bench.cuba;

import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;

/**
 * One core of the CUBA network: a contiguous block of neurons {@code [first, first + size)}, their state in
 * float64, and the incoming synapses of those neurons, stored by presynaptic neuron in CSR form
 * ({@code rowStart[i] .. rowStart[i + 1]} indexes {@code targets}, the local indices of neuron i's targets in
 * this core, 16 bits each: a core holds at most {@link #MAX_NEURONS} neurons). The weight is implied by the
 * source (we for excitatory, wi for inhibitory), as in the benchmark, so a synapse costs 16 bits. A spike of global neuron i arrives on axon i and is fanned out here, from this core's own arrays.
 *
 * <h2>Integration</h2>
 * Exact (closed-form) integration of the linear system over one step h, the scheme Brian2 selects for these
 * equations ({@code method='linear'}, its "exact" integrator): with {@code u = v - El},
 * <pre>
 *   u(t+h)  = u exp(-h/taum) + ge Ae (exp(-h/taue) - exp(-h/taum)) + gi Ai (exp(-h/taui) - exp(-h/taum))
 *   ge(t+h) = ge exp(-h/taue),   gi(t+h) = gi exp(-h/taui),   Ae = taue/(taue - taum),  Ai = taui/(taui - taum)
 * </pre>
 * with every coefficient computed once. The expression differs from Brian2's sympy-generated one only in
 * rounding.
 *
 * <h2>Time semantics (matching Brian2's schedule)</h2>
 * At step t the kernel first delivers the spikes sent at step t-1 (route delay 1): each adds we or wi to ge or
 * gi of its local targets, in the kernel's canonical order. Then {@link #onStep}: (1) every neuron's state
 * advances by one step from the ge, gi so obtained; (2) neurons still refractory are put back to Vr (Brian2
 * does not write v while refractory, and v is Vr throughout the refractory period); (3) every neuron with
 * v &gt; Vt spikes, in ascending index order: it is reset to Vr, becomes refractory and sends one message. Brian2 applies a spike of step t
 * to ge/gi in the same step, after the state update, so it first acts on v at step t+1: the same as here.
 *
 * <p>Threading: NOT thread safe; driven by the worker that owns the core (see {@link Core}).
 */
public final class CubaCore implements Core
{
    /** Most neurons a core can hold: local target indices are stored in 16 bits. */
    public static final int MAX_NEURONS = 1 << 16;

    private final int first;
    private final int size;
    private final int excitatory;
    private final int[] rowStart;
    private final char[] targets;
    private final double[] v;
    private final double[] ge;
    private final double[] gi;
    private final int[] refractoryNeuron;
    private final int[] refractoryLeft;
    private final int[] crossing;
    private int refractoryCount;

    private final double el;
    private final double vt;
    private final double vr;
    private final double we;
    private final double wi;
    private final double decayM;
    private final double gainE;
    private final double gainI;
    private final double decayE;
    private final double decayI;
    private final int refractorySteps;
    private final int spikesExcCounter;
    private final int spikesInhCounter;
    private final int eventsCounter;

    /**
     * @param p                parameters.
     * @param first            global index of the core's first neuron.
     * @param rowStart         CSR offsets by global presynaptic neuron, length {@code p.neurons() + 1}.
     * @param targets          local target indices.
     * @param initialV         initial membrane potentials, length = the number of neurons in the core (copied).
     * @param spikesExcCounter counter id for spikes of excitatory neurons.
     * @param spikesInhCounter counter id for spikes of inhibitory neurons.
     * @param eventsCounter    counter id for synaptic events (one per target of an arriving spike).
     */
    CubaCore(final CubaParameters p, final int first, final int[] rowStart, final char[] targets,
        final double[] initialV, final int spikesExcCounter, final int spikesInhCounter, final int eventsCounter)
    {
        if (rowStart.length != p.neurons() + 1)
        {
            throw new IllegalArgumentException("rowStart.length=" + rowStart.length + " must be neurons + 1 = " +
                (p.neurons() + 1) + " (core starting at neuron " + first + ")");
        }
        if (initialV.length > MAX_NEURONS)
        {
            throw new IllegalArgumentException("neurons=" + initialV.length + " exceeds MAX_NEURONS=" + MAX_NEURONS +
                " per core (16-bit local target indices; core starting at neuron " + first + ")");
        }
        this.first = first;
        this.size = initialV.length;
        this.excitatory = p.excitatory();
        this.rowStart = rowStart;
        this.targets = targets;
        this.v = initialV.clone();
        this.ge = new double[size];
        this.gi = new double[size];
        this.refractoryNeuron = new int[size];
        this.refractoryLeft = new int[size];
        this.crossing = new int[size];
        this.el = p.elMv();
        this.vt = p.vtMv();
        this.vr = p.vrMv();
        this.we = p.weMv();
        this.wi = p.wiMv();
        final double h = p.dtMs();
        decayM = Math.exp(-h / p.taumMs());
        decayE = Math.exp(-h / p.taueMs());
        decayI = Math.exp(-h / p.tauiMs());
        gainE = p.taueMs() / (p.taueMs() - p.taumMs()) * (decayE - decayM);
        gainI = p.tauiMs() / (p.tauiMs() - p.taumMs()) * (decayI - decayM);
        this.refractorySteps = p.refractorySteps();
        this.spikesExcCounter = spikesExcCounter;
        this.spikesInhCounter = spikesInhCounter;
        this.eventsCounter = eventsCounter;
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        final int from = rowStart[axon];
        final int to = rowStart[axon + 1];
        final char[] t = targets;
        if (axon < excitatory)
        {
            final double w = we;
            final double[] g = ge;
            for (int k = from; k < to; k++)
            {
                g[t[k]] += w;
            }
        }
        else
        {
            final double w = wi;
            final double[] g = gi;
            for (int k = from; k < to; k++)
            {
                g[t[k]] += w;
            }
        }
        ctx.counters()[eventsCounter] += to - from;
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        integrate();
        holdRefractory();
        final int crossed = findCrossings();
        for (int k = 0; k < crossed; k++)
        {
            spike(ctx, crossing[k]);
        }
    }

    /**
     * (3a) Collects the neurons above threshold into {@link #crossing}: a call-free loop (with the spike handling
     * inline the scan cost more than the whole state update; kept apart it measures about 0.3 ns per neuron).
     *
     * @return the number of neurons collected.
     */
    private int findCrossings()
    {
        final double[] vs = v;
        final int[] out = crossing;
        final double threshold = vt;
        int n = 0;
        for (int j = 0; j < vs.length; j++)
        {
            if (vs[j] > threshold)
            {
                out[n++] = j;
            }
        }
        return n;
    }

    /**
     * (1) Advances every neuron by one step: a branch-free loop over three arrays, written so that C2 can vectorise
     * it (about 0.2 ns per neuron measured at 4,000 neurons per core, which only a vector loop reaches).
     */
    private void integrate()
    {
        final double[] vs = v;
        final double[] es = ge;
        final double[] is = gi;
        final double l = el;
        final double dm = decayM;
        final double ae = gainE;
        final double ai = gainI;
        final double de = decayE;
        final double di = decayI;
        for (int j = 0; j < vs.length; j++)
        {
            final double e = es[j];
            final double i = is[j];
            vs[j] = l + (vs[j] - l) * dm + e * ae + i * ai;
            es[j] = e * de;
            is[j] = i * di;
        }
    }

    /** (2) Puts refractory neurons back to Vr and retires those whose period ends with this step. */
    private void holdRefractory()
    {
        int kept = 0;
        for (int k = 0; k < refractoryCount; k++)
        {
            final int j = refractoryNeuron[k];
            v[j] = vr;
            final int left = refractoryLeft[k] - 1;
            if (left > 0)
            {
                refractoryNeuron[kept] = j;
                refractoryLeft[kept] = left;
                kept++;
            }
        }
        refractoryCount = kept;
    }

    private void spike(final CoreContext ctx, final int j)
    {
        v[j] = vr;
        if (refractorySteps > 1)
        {
            refractoryNeuron[refractoryCount] = j;
            refractoryLeft[refractoryCount] = refractorySteps - 1;
            refractoryCount++;
        }
        ctx.counters()[first + j < excitatory ? spikesExcCounter : spikesInhCounter]++;
        ctx.send(j, 0L);
    }

    /** @return the number of neurons in this core. */
    public int size()
    {
        return size;
    }

    /** @return the number of synapses stored in this core (incoming synapses of its neurons). */
    public int synapses()
    {
        return targets.length;
    }

    /**
     * @param j local neuron index.
     * @return the neuron's membrane potential in mV (for inspection between runs).
     */
    public double v(final int j)
    {
        return v[j];
    }
}
