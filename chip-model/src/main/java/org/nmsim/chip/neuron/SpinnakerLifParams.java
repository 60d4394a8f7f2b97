package org.nmsim.chip.neuron;

/**
 * Parameters of sPyNNaker's current-based LIF ({@code neuron_model_lif_impl.h}), in PyNN units.
 *
 * <p>Threading: immutable; safe to share.
 *
 * @param tauM      membrane time constant [ms], positive.
 * @param cM        membrane capacitance [nF], positive; {@code R = tauM / cM} [MOhm].
 * @param timeStep  machine time step [ms], positive (SpiNNaker default 1 ms).
 * @param vRest     resting voltage [mV].
 * @param vReset    voltage after a spike [mV].
 * @param vThresh   static threshold [mV]; a spike when {@code V >= vThresh} (sPyNNaker's static threshold).
 * @param iOffset   constant offset current [nA].
 * @param tRefract  refractory time [ms], &gt;= 0; {@code ceil(tRefract / timeStep)} steps.
 */
public record SpinnakerLifParams(double tauM, double cM, double timeStep, double vRest, double vReset,
    double vThresh, double iOffset, double tRefract)
{
    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the parameter, its value and the rule.
     */
    public SpinnakerLifParams
    {
        Checks.positive("tauM", tauM);
        Checks.positive("cM", cM);
        Checks.positive("timeStep", timeStep);
        Checks.finite("vRest", vRest);
        Checks.finite("vReset", vReset);
        Checks.finite("vThresh", vThresh);
        Checks.finite("iOffset", iOffset);
        Checks.inRange("tRefract", tRefract, 0.0, 1e6);
    }

    /** @return PyNN's IF_curr_exp defaults: tau_m 20 ms, cm 1 nF, dt 1 ms, rest -65, reset -65, thresh -50, 0.1 ms refractory. */
    public static SpinnakerLifParams pynnDefaults()
    {
        return new SpinnakerLifParams(20.0, 1.0, 1.0, -65.0, -65.0, -50.0, 0.0, 0.1);
    }

    /** @return the refractory period in steps, {@code ceil(tRefract / timeStep)} as sPyNNaker computes it. */
    public int refractorySteps()
    {
        return (int)Math.ceil(tRefract / timeStep);
    }
}
