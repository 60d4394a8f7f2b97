package org.nmsim.learning.sfdfa;

/**
 * {@code k} continuous-time LIF neurons with {@code tau = 2 tau_s} that share {@code nPre} input axons, with the
 * closed-form spike times of paper 001 (eq. 3-4), several spikes per neuron, reset by subtraction (eq. 1), the
 * spike grades of Algorithm 1 and the exact local spike-time gradient of eq. 14-18 kept online through the traces
 * {@code f} and {@code h}. One object serves one core's slice (on chip), one whole layer (the dense reference) or
 * one neuron (the critical-point analysis), so all three run the same arithmetic.
 *
 * <p>Threading: NOT thread safe; owned by one core (one worker) or one host thread.
 *
 * <h2>Model</h2>
 * Times are seconds since the sample's start. With {@code x = e^{-t/tau}}, eq. 1 is {@code u = B x - A x^2},
 * {@code A = sum_j w_j sum_z e^{2 t_j^z / tau}} (the factor {@code a} of eq. 3) and
 * {@code B = sum_j w_j sum_z e^{t_j^z / tau} - theta sum_k e^{t_i^k / tau}} (the factor {@code b}). The next
 * threshold crossing after the neuron's last event solves {@code A x^2 - B x + theta = 0}:
 * {@code t = tau ln(2A / (B + chi))}, {@code chi = sqrt(B^2 - 4 A theta)} (eq. 3-4). A spike subtracts
 * {@code theta e^{t/tau}} from {@code B}, which sets {@code u} to 0.
 *
 * <h2>Local gradient (eq. 15-18)</h2>
 * Per axon {@code j}: {@code F_j = sum_z e^{2 t_j^z / tau}} and {@code G_j = sum_z e^{t_j^z / tau}} (input spikes
 * so far). Per synapse {@code (i, j)}: {@code R_ij = sum_{z < x} (theta / tau) e^{t_i^z / tau} dt_i^z / dw_ij}, so
 * that eq. 16 is {@code h_ij = G_j - R_ij}. At spike {@code x} of neuron {@code i}:
 * <pre>
 *   exact   (eq. 17): dt/dw_ij = tau (F_j x^2 - h_ij x) / (A x^2 - theta)
 *   bounded (eq. 18): dt/dw_ij = tau (F_j x^2 - h_ij x) / (A x^2)
 * </pre>
 * {@code A x^2} is the synaptic current {@code I_i(t)} (eq. 20); the exact form diverges where it approaches
 * {@code theta} (a grazing crossing, section 2.4). The chosen form also feeds the recurrence of {@code R}
 * (Algorithm 1, line 15). {@code grad_ij} sums dt/dw over the neuron's spikes of the sample (line 14).
 *
 * <h2>Grades (Algorithm 1, lines 8 and 17)</h2>
 * An input spike with grade {@code d} adds {@code w_ij d} to {@code s_i}; a spike carries {@code s_i + p_i} on the
 * neuron's first spike and {@code s_i} after, then {@code s_i = 0}.
 *
 * <h2>Time semantics</h2>
 * Events of one layer must come in non-decreasing time. Before an input at time {@code t} is integrated, every
 * spike predicted at or before {@code t} must be fired ({@link #nextSpike} tells when); spikes at or after the
 * window end are never predicted.
 */
public final class SpikeTimeLayer
{
    private final int k;
    private final int nPre;
    private final double tau;
    private final double theta;
    private final double window;
    private final boolean exact;
    private final double[] w;
    private final double[] f;
    private final double[] g;
    private final double[] a;
    private final double[] b;
    private final double[] last;
    private final double[] next;
    private final double[] s;
    private final double[] p;
    private final int[] count;
    private final double[] r;
    private final double[] grad;

    /**
     * @param k      neurons.
     * @param nPre   input axons.
     * @param tauS   synaptic time constant (s); the membrane's is {@code 2 tau_s}.
     * @param theta  threshold, positive.
     * @param window spikes at or after this time (s) are not fired.
     * @param exact  true for eq. 17, false for the bounded eq. 18.
     * @param w      weights as {@code [pre][post]} ({@code w[j * k + i]}); read, never written, by this object.
     */
    public SpikeTimeLayer(final int k, final int nPre, final double tauS, final double theta, final double window,
        final boolean exact, final double[] w)
    {
        if (k < 1 || nPre < 1 || w.length != k * nPre)
        {
            throw new IllegalArgumentException("k=" + k + " nPre=" + nPre + " w.length=" + w.length +
                " must satisfy k >= 1, nPre >= 1, w.length = k * nPre");
        }
        if (!(tauS > 0) || !(theta > 0) || !(window > 0))
        {
            throw new IllegalArgumentException("tauS=" + tauS + " theta=" + theta + " window=" + window +
                " must all be > 0");
        }
        this.k = k;
        this.nPre = nPre;
        this.tau = 2.0 * tauS;
        this.theta = theta;
        this.window = window;
        this.exact = exact;
        this.w = w;
        f = new double[nPre];
        g = new double[nPre];
        a = new double[k];
        b = new double[k];
        last = new double[k];
        next = new double[k];
        s = new double[k];
        p = new double[k];
        count = new int[k];
        r = new double[k * nPre];
        grad = new double[k * nPre];
        reset();
    }

    /** Clears every neuron and trace for a new sample (time 0). */
    public void reset()
    {
        java.util.Arrays.fill(f, 0.0);
        java.util.Arrays.fill(g, 0.0);
        java.util.Arrays.fill(a, 0.0);
        java.util.Arrays.fill(b, 0.0);
        java.util.Arrays.fill(last, 0.0);
        java.util.Arrays.fill(next, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(s, 0.0);
        java.util.Arrays.fill(p, 0.0);
        java.util.Arrays.fill(count, 0);
        java.util.Arrays.fill(r, 0.0);
        java.util.Arrays.fill(grad, 0.0);
    }

    /**
     * Integrates an input spike on axon {@code j} at time {@code t} into every neuron: the traces, {@code A},
     * {@code B}, the grade sums, and the neurons' next spike times. The caller must have fired every spike at or
     * before {@code t} first.
     *
     * @param j     axon.
     * @param t     time (s), not before any neuron's last event.
     * @param grade the input spike's grade {@code d_j} (0 for a plain spike).
     */
    public void integrate(final int j, final double t, final double grade)
    {
        final double e1 = Math.exp(t / tau);
        final double e2 = e1 * e1;
        f[j] += e2;
        g[j] += e1;
        final int base = j * k;
        for (int i = 0; i < k; i++)
        {
            final double wij = w[base + i];
            a[i] += wij * e2;
            b[i] += wij * e1;
            s[i] += wij * grade;
            last[i] = t;
            next[i] = predict(i);
        }
    }

    /**
     * Fires neuron {@code i} at its predicted time {@link #nextSpike}: accumulates its local gradient, applies the
     * reset and returns the spike's grade.
     *
     * @param i            neuron.
     * @param perturbation {@code p_i}, used only if this is the neuron's first spike of the sample.
     * @return the grade the spike carries.
     */
    public double fire(final int i, final double perturbation)
    {
        final double t = next[i];
        if (!(t < window))
        {
            throw new IllegalStateException("neuron " + i + " has no spike to fire (next=" + t + ")");
        }
        final double x = Math.exp(-t / tau);
        final double x2 = x * x;
        final double current = a[i] * x2;
        final double factor = tau / (exact ? current - theta : current);
        final double reset = theta * Math.exp(t / tau);
        final double rScale = reset / tau;
        final int base = i * nPre;
        for (int j = 0; j < nPre; j++)
        {
            final double h = g[j] - r[base + j];
            final double dtdw = factor * (f[j] * x2 - h * x);
            r[base + j] += rScale * dtdw;
            grad[base + j] += dtdw;
        }
        b[i] -= reset;
        final double d = count[i] == 0 ? s[i] + perturbation : s[i];
        if (count[i] == 0)
        {
            p[i] = perturbation;
        }
        s[i] = 0.0;
        count[i]++;
        last[i] = t;
        next[i] = predict(i);
        return d;
    }

    /** Receives the spikes {@link #fireUntil} fires, in time order (ties: lower neuron first). */
    public interface SpikeSink
    {
        /**
         * @param neuron the neuron.
         * @param time   its spike time (s).
         * @param grade  the grade the spike carries.
         */
        void spike(int neuron, double time, double grade);
    }

    /** Gives a neuron's perturbation {@code p_i} when it fires its first spike of the sample. */
    public interface PerturbationSource
    {
        /**
         * @param neuron the neuron.
         * @return {@code p_i}.
         */
        double perturbation(int neuron);
    }

    /**
     * Fires, in time order, every spike predicted at or before {@code t} (ties: lower neuron first).
     *
     * @param t     the time up to which to fire (inclusive); +infinity fires to the window end.
     * @param pert  the perturbations, asked on each neuron's first spike.
     * @param sink  receives each spike.
     * @return spikes fired.
     */
    public int fireUntil(final double t, final PerturbationSource pert, final SpikeSink sink)
    {
        int fired = 0;
        while (true)
        {
            int best = -1;
            double min = Double.POSITIVE_INFINITY;
            for (int i = 0; i < k; i++)
            {
                if (next[i] < min)
                {
                    min = next[i];
                    best = i;
                }
            }
            if (best < 0 || min > t)
            {
                return fired;
            }
            final double d = fire(best, count[best] == 0 ? pert.perturbation(best) : 0.0);
            sink.spike(best, min, d);
            fired++;
        }
    }

    /**
     * The first threshold crossing after the neuron's last event, or +infinity (none before the window end).
     * When rounding leaves {@code u} just above theta at the last event, the spike is due at once.
     */
    private double predict(final int i)
    {
        final double ai = a[i];
        final double bi = b[i];
        if (!(ai > 0) || !(bi > 0))
        {
            return Double.POSITIVE_INFINITY;
        }
        final double disc = bi * bi - 4.0 * ai * theta;
        if (disc < 0)
        {
            return Double.POSITIVE_INFINITY;
        }
        final double q = bi + Math.sqrt(disc);
        final double enter = tau * Math.log(2.0 * ai / q);
        double t = Double.POSITIVE_INFINITY;
        if (enter >= last[i])
        {
            t = enter;
        }
        else if (tau * Math.log(q / (2.0 * theta)) > last[i])
        {
            t = last[i];
        }
        return t < window ? t : Double.POSITIVE_INFINITY;
    }

    /**
     * @param i neuron.
     * @return its next spike time if no further input arrives, +infinity when none before the window end.
     */
    public double nextSpike(final int i)
    {
        return next[i];
    }

    /** @return the earliest {@link #nextSpike} over the neurons. */
    public double earliestSpike()
    {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++)
        {
            min = Math.min(min, next[i]);
        }
        return min;
    }

    /**
     * @param i neuron.
     * @param t time, not before the neuron's last event and with no spike in between.
     * @return {@code u_i(t)} (eq. 1).
     */
    public double potential(final int i, final double t)
    {
        final double x = Math.exp(-t / tau);
        return b[i] * x - a[i] * x * x;
    }

    /**
     * @param i neuron.
     * @param t time.
     * @return the synaptic current {@code I_i(t) = A x^2} (eq. 20) for the inputs integrated so far.
     */
    public double current(final int i, final double t)
    {
        final double x = Math.exp(-t / tau);
        return a[i] * x * x;
    }

    /** @return spikes neuron i fired this sample. */
    public int spikeCount(final int i)
    {
        return count[i];
    }

    /** @return neuron i's perturbation {@code p_i} (0 until its first spike). */
    public double perturbation(final int i)
    {
        return p[i];
    }

    /** @return the local gradient {@code sum_x dt_i^x / dw_ij} of the sample so far. */
    public double localGradient(final int i, final int j)
    {
        return grad[i * nPre + j];
    }

    /** @return the local gradients as {@code [post][pre]} (the live array: do not write). */
    double[] localGradients()
    {
        return grad;
    }

    /** @return neurons. */
    public int size()
    {
        return k;
    }

    /** @return input axons. */
    public int inputs()
    {
        return nPre;
    }

    /** @return {@code tau = 2 tau_s}. */
    public double tau()
    {
        return tau;
    }

    /** @return the threshold. */
    public double threshold()
    {
        return theta;
    }
}
