package org.nmsim.bench.cuba;

/**
 * The CUBA network of Brette et al. (2007), benchmark 2, with the parameters of Brian2's {@code examples/CUBA.py}:
 * leaky integrate-and-fire neurons with exponentially decaying current-based synapses, in millivolts and
 * milliseconds.
 *
 * <pre>
 *   dv/dt  = (ge + gi - (v - El)) / taum     (v held at Vr while refractory)
 *   dge/dt = -ge / taue
 *   dgi/dt = -gi / taui
 *   spike when v &gt; Vt; then v = Vr and the neuron is refractory for refractoryMs
 *   a spike of neuron i &lt; excitatory adds we to ge of every target, of any other neuron wi to gi
 * </pre>
 *
 * @param neurons               network size.
 * @param excitatory            neurons {@code [0, excitatory)} are excitatory, the rest inhibitory.
 * @param connectionProbability Bernoulli probability of each ordered pair (self-connections included, as in
 *                              Brian2's {@code connect(p=...)}).
 * @param dtMs                  step length.
 * @param taumMs                membrane time constant.
 * @param taueMs                excitatory synaptic time constant.
 * @param tauiMs                inhibitory synaptic time constant.
 * @param vtMv                  threshold.
 * @param vrMv                  reset potential.
 * @param elMv                  resting (leak reversal) potential.
 * @param weMv                  excitatory weight, added to ge.
 * @param wiMv                  inhibitory weight, added to gi.
 * @param refractoryMs          refractory period.
 */
public record CubaParameters(
    int neurons,
    int excitatory,
    double connectionProbability,
    double dtMs,
    double taumMs,
    double taueMs,
    double tauiMs,
    double vtMv,
    double vrMv,
    double elMv,
    double weMv,
    double wiMv,
    double refractoryMs)
{
    /** Validates every field; the first violation is reported with field, value and rule. */
    public CubaParameters
    {
        if (neurons < 1)
        {
            throw new IllegalArgumentException("neurons=" + neurons + " must be >= 1");
        }
        if (excitatory < 0 || excitatory > neurons)
        {
            throw new IllegalArgumentException("excitatory=" + excitatory + " must be in [0, neurons=" + neurons + "]");
        }
        if (!(connectionProbability >= 0.0 && connectionProbability < 1.0))
        {
            throw new IllegalArgumentException(
                "connectionProbability=" + connectionProbability + " must be in [0, 1)");
        }
        positive("dtMs", dtMs);
        positive("taumMs", taumMs);
        positive("taueMs", taueMs);
        positive("tauiMs", tauiMs);
        if (taueMs == taumMs || tauiMs == taumMs)
        {
            throw new IllegalArgumentException("taueMs=" + taueMs + ", tauiMs=" + tauiMs + " must differ from taumMs=" +
                taumMs + " (the closed-form propagator divides by the difference)");
        }
        if (!(vrMv < vtMv))
        {
            throw new IllegalArgumentException("vrMv=" + vrMv + " must be below vtMv=" + vtMv);
        }
        if (!(refractoryMs >= 0.0))
        {
            throw new IllegalArgumentException("refractoryMs=" + refractoryMs + " must be >= 0");
        }
    }

    /** @return the parameters of Brian2's {@code examples/CUBA.py}, at Brian2's default dt = 0.1 ms. */
    public static CubaParameters brian2Example()
    {
        return new CubaParameters(
            4000, 3200, 0.02, 0.1,
            20.0, 5.0, 10.0,
            -50.0, -60.0, -49.0,
            60 * 0.27 / 10, -20 * 4.5 / 10,
            5.0);
    }

    /**
     * The refractory period in whole steps, computed as Brian2 2.5 does ({@code timestep(refractory, dt)}, i.e.
     * {@code floor((refractory + 1e-3 dt) / dt)}): a neuron that spikes at step s is held at Vr during steps
     * s+1 .. s+refractorySteps-1 and integrates again from step s+refractorySteps.
     *
     * @return the refractory period in steps.
     */
    public int refractorySteps()
    {
        return (int)Math.floor((refractoryMs + 1e-3 * dtMs) / dtMs);
    }

    /**
     * @param seconds simulated seconds.
     * @return the number of steps, rounded to the nearest step.
     */
    public long stepsFor(final double seconds)
    {
        return Math.round(seconds * 1000.0 / dtMs);
    }

    private static void positive(final String field, final double value)
    {
        if (!(value > 0.0 && Double.isFinite(value)))
        {
            throw new IllegalArgumentException(field + "=" + value + " must be finite and > 0");
        }
    }
}
