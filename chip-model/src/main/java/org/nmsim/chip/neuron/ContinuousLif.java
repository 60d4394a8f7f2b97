package org.nmsim.chip.neuron;

/**
 * Event-driven continuous-time LIF neurons with {@code tau = 2 tau_s} and closed-form spike times (SFDFA,
 * paper 001, eq. 1-4; Goeltz et al. 2021), several spikes per neuron, float64 only.
 *
 * <p>Threading: NOT thread safe; the group belongs to one core and is driven by the core's worker in timestamp
 * order per neuron.
 *
 * <h2>Model</h2>
 * Eq. 1: {@code u(t) = sum_j w_j sum_z H(t - t_j^z) [e^{(t_j^z - t)/tau} - e^{(t_j^z - t)/tau_s}]
 * - theta sum_k H(t - t_i^k) e^{(t_i^k - t)/tau}}, with {@code H(0) = 1}. Every term decays with
 * {@code x = e^{-(t - t0)/tau}} or {@code x^2 = e^{-(t - t0)/tau_s}}, so with
 * {@code b = sum w e^{(t_j - t0)/tau} - theta sum e^{(t_i - t0)/tau}} and {@code a = sum w e^{(t_j - t0)/tau_s}}
 * the potential is the quadratic {@code u = b x - a x^2}, and a threshold crossing solves
 * {@code a x^2 - b x + theta = 0}; with {@code t0 = 0} its root {@code x = (b + chi) / (2a)},
 * {@code chi = sqrt(b^2 - 4 a theta)}, is eq. 3-4: {@code t = tau ln(2a / (b + chi))}.
 *
 * <h2>Numerics</h2>
 * The sums of eq. 3 grow like {@code e^{t/tau_s}} and overflow a double after about 700 tau_s. This class
 * therefore keeps {@code a} and {@code b} relative to the neuron's last event time {@code t0} (rebasing
 * multiplies them by {@code e^{-dt/tau_s}} and {@code e^{-dt/tau}}), and takes the largest root in (0, 1] of the
 * quadratic (the first crossing after {@code t0}), computed with the cancellation-free form
 * {@code q = (b + sign(b) chi) / 2}, roots {@code q / a} and {@code theta / q}. The reset of eq. 1 is
 * {@code b -= theta} at the spike time, which sets {@code u} to 0.
 *
 * <h2>Time semantics</h2>
 * An input at time t is integrated after every spike at times {@code <= t} has been emitted (a spike predicted
 * exactly at an input's time fires first); inputs and queries for one neuron must come in non-decreasing time.
 */
public final class ContinuousLif implements CompartmentGroup
{
    /** Most spikes one neuron may emit in one {@link #advanceTo} call; more means a runaway (e.g. vth ~ 0). */
    public static final int MAX_SPIKES_PER_ADVANCE = 1 << 20;

    private final int size;
    private final double tauS;
    private final double tau;
    private final double theta;
    private final double[] t0;
    private final double[] a;
    private final double[] b;

    /**
     * @param size      number of neurons.
     * @param tauS      synaptic time constant {@code tau_s} (s), positive; the membrane's is {@code 2 tau_s}.
     * @param threshold {@code theta}, positive.
     */
    public ContinuousLif(final int size, final double tauS, final double threshold)
    {
        this.size = Checks.size(size);
        this.tauS = Checks.positive("tauS", tauS);
        this.tau = 2.0 * tauS;
        this.theta = Checks.positive("threshold", threshold);
        this.t0 = new double[size];
        this.a = new double[size];
        this.b = new double[size];
    }

    /**
     * Emits every spike of neuron i up to and including time t (given the inputs so far), then moves its
     * reference time to t.
     *
     * @param i         neuron.
     * @param t         time, &gt;= the neuron's current time.
     * @param spikesOut receives the spike times, from {@code offset}.
     * @param offset    first index to write.
     * @return number of spikes written.
     * @throws IllegalArgumentException when t goes back in time or spikesOut is too short.
     */
    public int advanceTo(final int i, final double t, final double[] spikesOut, final int offset)
    {
        checkTime(i, t);
        int n = 0;
        double ts = nextSpikeTime(i);
        while (ts <= t)
        {
            if (offset + n >= spikesOut.length || n >= MAX_SPIKES_PER_ADVANCE)
            {
                throw new IllegalArgumentException("spikesOut.length=" + spikesOut.length + " too short at offset=" +
                    offset + " for the spikes of neuron " + i + " up to t=" + t + " (or a runaway neuron)");
            }
            spikesOut[offset + n++] = ts;
            rebase(i, ts);
            b[i] -= theta;
            ts = nextSpikeTime(i);
        }
        rebase(i, t);
        return n;
    }

    /**
     * Integrates an input spike of weight w arriving at time t, after emitting neuron i's spikes up to t.
     *
     * @param i         neuron.
     * @param t         arrival time, &gt;= the neuron's current time.
     * @param w         synaptic weight, finite.
     * @param spikesOut receives the spike times emitted before the input, from {@code offset}.
     * @param offset    first index to write.
     * @return number of spikes written (one neuron update per call for the op counts).
     */
    public int receive(final int i, final double t, final double w, final double[] spikesOut, final int offset)
    {
        Checks.finite("w", w);
        final int n = advanceTo(i, t, spikesOut, offset);
        a[i] += w;
        b[i] += w;
        return n;
    }

    /**
     * The next threshold crossing of neuron i if no further input arrives.
     *
     * @param i neuron.
     * @return the spike time, or {@link Double#POSITIVE_INFINITY} when u never reaches theta.
     */
    public double nextSpikeTime(final int i)
    {
        final double x = largestRootInUnitInterval(a[i], b[i], theta);
        return x > 0 ? t0[i] - tau * Math.log(x) : Double.POSITIVE_INFINITY;
    }

    /**
     * The largest root in (0, 1] of {@code a x^2 - b x + theta = 0}, or 0 when there is none.
     */
    static double largestRootInUnitInterval(final double a, final double b, final double theta)
    {
        if (a == 0)
        {
            final double x = b > 0 ? theta / b : 0.0;
            return x <= 1.0 ? x : 0.0;
        }
        final double disc = b * b - 4.0 * a * theta;
        if (disc < 0)
        {
            return 0.0;
        }
        final double chi = Math.sqrt(disc);
        final double q = 0.5 * (b + Math.copySign(chi, b));
        if (q == 0)
        {
            return 0.0;
        }
        final double r1 = q / a;
        final double r2 = theta / q;
        double best = 0.0;
        if (r1 > 0 && r1 <= 1.0)
        {
            best = r1;
        }
        if (r2 > 0 && r2 <= 1.0 && r2 > best)
        {
            best = r2;
        }
        return best;
    }

    /**
     * @param i neuron.
     * @param t time &gt;= the neuron's current time.
     * @return {@code u(t)} from eq. 1, assuming no spike between the neuron's current time and t.
     */
    public double potential(final int i, final double t)
    {
        checkTime(i, t);
        final double x = Math.exp(-(t - t0[i]) / tau);
        return b[i] * x - a[i] * x * x;
    }

    /**
     * @param i neuron.
     * @return the neuron's current time (its last event or advance).
     */
    public double time(final int i)
    {
        return t0[i];
    }

    private void rebase(final int i, final double t)
    {
        final double dt = t - t0[i];
        if (dt > 0)
        {
            final double x = Math.exp(-dt / tau);
            b[i] *= x;
            a[i] *= x * x;
            t0[i] = t;
        }
    }

    private void checkTime(final int i, final double t)
    {
        if (!(t >= t0[i]) || Double.isInfinite(t))
        {
            throw new IllegalArgumentException("t=" + t + " earlier than neuron " + i + "'s time " + t0[i] +
                " (events must come in non-decreasing time)");
        }
    }

    /** @return {@code tau_s}. */
    public double tauS()
    {
        return tauS;
    }

    /** @return {@code tau = 2 tau_s}. */
    public double tau()
    {
        return tau;
    }

    /** @return the threshold theta. */
    public double threshold()
    {
        return theta;
    }

    @Override
    public int size()
    {
        return size;
    }

    @Override
    public String modelName()
    {
        return "continuous-lif";
    }

    @Override
    public String numberFormat()
    {
        return "float64";
    }

    /** @return the synaptic current term {@code a x^2} at the neuron's current time. */
    @Override
    public double current(final int i)
    {
        return a[i];
    }

    /** @return {@code u} at the neuron's current time. */
    @Override
    public double voltage(final int i)
    {
        return b[i] - a[i];
    }
}
