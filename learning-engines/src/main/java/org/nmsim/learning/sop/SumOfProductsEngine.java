package org.nmsim.learning.sop;

import java.util.Arrays;

import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.kernel.SplitMix64;

/**
 * Loihi-style sum-of-products plasticity engine on one core's dense synaptic block (rows = input axons, columns =
 * compartments, row-major {@code index = axon * compartments + compartment}). The arrays are the core's own
 * synaptic memory: the engine changes them in place and reads nothing outside the core.
 *
 * <p><b>Time.</b> Steps are numbered from 1. Within a step the core calls {@link #preSpike} for every input axon
 * that delivered a spike and {@link #postSpike} for every compartment that fired, then {@link #endStep}. The spike
 * is recorded at the within-epoch time {@code ((step - 1) mod tEpoch) + 1}. At the end of the last step of an epoch
 * ({@code step mod tEpoch == 0}), after that step's spikes, the epoch runs: (1) every rule is applied to every
 * synapse, (2) the traces advance to the end of the epoch, (3) x0, y0 and the spike times clear. This is Lava's
 * order ({@code run_spk}, then {@code run_lrn} when {@code time_step % t_epoch == 0}).
 *
 * <p><b>Products.</b> For synapse (i, j) a product is evaluated only if its dependency holds: x0 if axon i spiked in
 * the epoch, y0 if compartment j spiked, u_k on epochs whose 1-based index is a multiple of {@code 2^k}. Its traces
 * are read at the time of the dependency: the last spike of axon i (x0), of compartment j (y0), or the end of the
 * epoch (u_k); see {@link TraceBank} for how a trace is evaluated at a time. Synaptic factors (w, d, t) read the
 * values from before the epoch, for every target (Lava extracts them once per epoch). A synapse and target with no
 * evaluated product is not written.
 *
 * <p><b>Fixed point</b> ({@link NumericMode#FIXED_POINT}), for a target field of signed width {@code s} and
 * {@code F = 16 - s} fraction bits (F = 7 for 9-bit signed weights):
 * <ol>
 *   <li>{@code acc = z << F} (16-bit signed);</li>
 *   <li>per evaluated product: each factor is {@code var + C} (or its sign), saturated to
 *       {@code [-2^n, 2^n - 1]} for the variable's width n (7 for traces, 9 for w, d, t, 1 for x0, y0); the
 *       product {@code mantissa * f_1 * ... * f_m} is shifted left by {@code exponent + F} (so it is in units of
 *       the field's LSB times {@code 2^exponent}), saturated to 16 bits, and added to {@code acc} with 16-bit
 *       <b>saturation</b> (as Lava's bit-approximate applier saturates each product and each partial sum);</li>
 *   <li>{@code z = saturate(round(acc / 2^F))} with the configured rounding (stochastic: up with probability equal
 *       to the dropped fraction, one draw per write, as Lava's {@code _stochastic_round_synaptic_variable}), then
 *       saturated to the field's declared range.</li>
 * </ol>
 * In float64 ({@link NumericMode#IDEAL_FLOAT64}) the same sum is exact:
 * {@code z += sum mantissa * 2^exponent * prod (var + C)}, with no rounding and no saturation (Lava's
 * floating-point learning model).
 *
 * <p>Lava files this follows: {@code src/lava/magma/core/model/py/connection.py}
 * ({@code _extract_applier_args}, {@code _apply_learning_rules}, {@code _stochastic_round_synaptic_variable},
 * {@code _evaluate_trace}, {@code _update_traces}, {@code run_lrn}), {@code src/lava/magma/core/learning/
 * learning_rule_applier.py} ({@code LearningRuleApplierBitApprox.apply}, {@code LearningRuleApplierFloat}),
 * {@code constants.py}, {@code utils.py} ({@code stochastic_round}), {@code random.py}. Deviations, on purpose:
 * <ul>
 *   <li>Lava's bit-approximate model pre-shifts a wide product right by
 *       {@code factor_width_sum + BITS_LOW - BITS_HIGH + 1} with constants not in the published sources; here the
 *       product is kept exact before the 16-bit saturation (identical whenever the product fits);</li>
 *   <li>Lava draws one random number per epoch and shares it across the whole array (and one per trace
 *       operation kind); here every rounding draws its own number from the core's {@link SplitMix64}, so rounding
 *       is unbiased per synapse; how Loihi's hardware shares random numbers is not published;</li>
 *   <li>Lava evaluates u_k as {@code int(t / t_epoch) % 2 ^ k == 0}, which Python parses as
 *       {@code ((epoch % 2) ^ k) == 0}; here u_k is true every {@code 2^k} epochs, the documented intent;</li>
 *   <li>Lava's weight saturation bounds are {@code [-(2^8) - 1, 2^8 - 1]}; here the declared two's complement
 *       range of the field, and weights narrower than 9 bits are integers in their own LSB (Lava keeps them on the
 *       9-bit scale with low bits truncated).</li>
 * </ul>
 *
 * <p><b>Third factor.</b> Lava's u_k is an epoch gate, not a per-neuron signal. A per-compartment third factor
 * (reward, error) enters as a postsynaptic trace written from outside the rule, {@link #setPostTrace} (Loihi 2
 * style, where graded spikes write y2/y3; that mechanism is *unconfirmed* here).
 *
 * <p>Threading: NOT thread safe; owned by the core's worker. Deterministic: the same inputs and stream give the
 * same weights and counts.
 */
public final class SumOfProductsEngine
{
    private static final int PRE_TRACES = 2;
    private static final int POST_TRACES = 3;
    private static final long ACC_MIN = -(1L << (SynapticField.ACCUMULATOR_BITS - 1));
    private static final long ACC_MAX = (1L << (SynapticField.ACCUMULATOR_BITS - 1)) - 1;
    private static final long PRODUCT_CLAMP = 1L << 40;

    private final SopConfig config;
    private final NumericMode mode;
    private final int axons;
    private final int compartments;
    private final SplitMix64 rng;
    private final SopCounts counts = new SopCounts();
    private final TraceBank pre;
    private final TraceBank post;
    private final double[] preCache;
    private final double[] postCache;
    private final LearningRule[] rules = new LearningRule[Target.values().length];
    private final SynapticField[] fields = new SynapticField[Target.values().length];
    private final int[][] fixed = new int[Target.values().length][];
    private final double[][] ideal = new double[Target.values().length][];
    private final long[] newFixed = new long[Target.values().length];
    private final double[] newIdeal = new double[Target.values().length];
    private final boolean[] written = new boolean[Target.values().length];
    private final int tEpoch;
    private long step = 1;
    private long epochs;

    private SumOfProductsEngine(final SopConfig config, final NumericMode mode, final int axons,
        final int compartments, final SplitMix64 rng)
    {
        if (config == null)
        {
            throw new IllegalArgumentException("sop config=null");
        }
        if (axons < 1 || compartments < 1)
        {
            throw new IllegalArgumentException("sop block axons=" + axons + " compartments=" + compartments
                + ": both must be >= 1");
        }
        if (mode == NumericMode.FIXED_POINT && config.rounding() == Rounding.STOCHASTIC && rng == null)
        {
            throw new IllegalArgumentException("sop rng=null but rounding=STOCHASTIC needs the core's SplitMix64");
        }
        this.config = config;
        this.mode = mode;
        this.axons = axons;
        this.compartments = compartments;
        this.rng = rng;
        this.tEpoch = config.tEpoch();
        this.pre = new TraceBank(axons, config.preParams(), config.activePre(), mode, config.rounding(), rng,
            counts);
        this.post = new TraceBank(compartments, config.postParams(), config.activePost(), mode, config.rounding(),
            rng, counts);
        this.preCache = new double[(tEpoch + 1) * PRE_TRACES * axons];
        this.postCache = new double[(tEpoch + 1) * POST_TRACES * compartments];
        for (final Target t : Target.values())
        {
            rules[t.ordinal()] = config.rule(t);
        }
        fields[Target.DW.ordinal()] = config.weight();
        fields[Target.DD.ordinal()] = config.delay();
        fields[Target.DT.ordinal()] = config.tag();
    }

    /**
     * A fixed-point engine over the core's integer arrays.
     *
     * @param config       the configuration.
     * @param axons        input axons (rows).
     * @param compartments compartments (columns).
     * @param weights      weights, row-major, each in the weight field's range; changed in place.
     * @param delays       delays (required if the rules use d, else may be null).
     * @param tags         tags (required if the rules use t, else may be null).
     * @param rng          the core's stream (required under stochastic rounding).
     * @return the engine.
     * @throws IllegalArgumentException naming the array, its length or the offending value and index.
     */
    public static SumOfProductsEngine fixedPoint(final SopConfig config, final int axons, final int compartments,
        final int[] weights, final int[] delays, final int[] tags, final SplitMix64 rng)
    {
        final SumOfProductsEngine e = new SumOfProductsEngine(config, NumericMode.FIXED_POINT, axons, compartments,
            rng);
        e.fixed[Target.DW.ordinal()] = e.checkFixed(Variable.W, config.weight(), weights, true);
        e.fixed[Target.DD.ordinal()] = e.checkFixed(Variable.D, config.delay(), delays, config.uses(Variable.D));
        e.fixed[Target.DT.ordinal()] = e.checkFixed(Variable.T, config.tag(), tags, config.uses(Variable.T));
        return e;
    }

    /**
     * A fixed-point engine for rules over w only.
     *
     * @param config       the configuration.
     * @param axons        input axons.
     * @param compartments compartments.
     * @param weights      weights, row-major; changed in place.
     * @param rng          the core's stream.
     * @return the engine.
     */
    public static SumOfProductsEngine fixedPoint(final SopConfig config, final int axons, final int compartments,
        final int[] weights, final SplitMix64 rng)
    {
        return fixedPoint(config, axons, compartments, weights, null, null, rng);
    }

    /**
     * A float64 engine over double arrays (no rounding, no saturation).
     *
     * @param config       the configuration (its rounding and field widths are ignored).
     * @param axons        input axons.
     * @param compartments compartments.
     * @param weights      weights, row-major; changed in place.
     * @param delays       delays (required if the rules use d, else may be null).
     * @param tags         tags (required if the rules use t, else may be null).
     * @return the engine.
     */
    public static SumOfProductsEngine ideal(final SopConfig config, final int axons, final int compartments,
        final double[] weights, final double[] delays, final double[] tags)
    {
        final SumOfProductsEngine e = new SumOfProductsEngine(config, NumericMode.IDEAL_FLOAT64, axons,
            compartments, null);
        e.ideal[Target.DW.ordinal()] = e.checkIdeal(Variable.W, weights, true);
        e.ideal[Target.DD.ordinal()] = e.checkIdeal(Variable.D, delays, config.uses(Variable.D));
        e.ideal[Target.DT.ordinal()] = e.checkIdeal(Variable.T, tags, config.uses(Variable.T));
        return e;
    }

    /**
     * A float64 engine for rules over w only.
     *
     * @param config       the configuration.
     * @param axons        input axons.
     * @param compartments compartments.
     * @param weights      weights, row-major; changed in place.
     * @return the engine.
     */
    public static SumOfProductsEngine ideal(final SopConfig config, final int axons, final int compartments,
        final double[] weights)
    {
        return ideal(config, axons, compartments, weights, null, null);
    }

    /** @return the configuration. */
    public SopConfig config()
    {
        return config;
    }

    /** @return the numeric mode. */
    public NumericMode mode()
    {
        return mode;
    }

    /** @return what this configuration needs from a chip. */
    public SopCapabilities capabilities()
    {
        return SopCapabilities.of(config);
    }

    /** @return the op counts (live; reset with {@link SopCounts#reset()}). */
    public SopCounts counts()
    {
        return counts;
    }

    /** @return the current step, 1-based. */
    public long step()
    {
        return step;
    }

    /** @return learning epochs completed. */
    public long epochs()
    {
        return epochs;
    }

    /** @return the within-epoch time of the current step, 1..tEpoch. */
    public int withinEpochTime()
    {
        return (int)((step - 1) % tEpoch) + 1;
    }

    /**
     * Records a presynaptic spike of an input axon in the current step.
     *
     * @param axon the axon.
     */
    public void preSpike(final int axon)
    {
        if (axon < 0 || axon >= axons)
        {
            throw new IndexOutOfBoundsException("axon=" + axon + " out of range [0, " + axons + ")");
        }
        pre.recordSpike(axon, withinEpochTime());
    }

    /**
     * Records a spike of a compartment in the current step.
     *
     * @param compartment the compartment.
     */
    public void postSpike(final int compartment)
    {
        if (compartment < 0 || compartment >= compartments)
        {
            throw new IndexOutOfBoundsException("compartment=" + compartment + " out of range [0, " + compartments
                + ")");
        }
        post.recordSpike(compartment, withinEpochTime());
    }

    /**
     * Ends the current step; runs the learning epoch if the step is the last of one.
     *
     * @return true if a learning epoch ran.
     */
    public boolean endStep()
    {
        final boolean last = withinEpochTime() == tEpoch;
        if (last)
        {
            runEpoch();
        }
        step++;
        return last;
    }

    /**
     * @param trace x1 or x2.
     * @param axon  the axon.
     * @return the trace as of the start of the current epoch.
     */
    public double preTrace(final Variable trace, final int axon)
    {
        if (!trace.isPreTrace())
        {
            throw new IllegalArgumentException("preTrace trace=" + trace.symbol() + " is not x1 or x2");
        }
        return pre.value(trace.traceIndex(), axon);
    }

    /**
     * @param trace y1, y2 or y3.
     * @param compartment the compartment.
     * @return the trace as of the start of the current epoch.
     */
    public double postTrace(final Variable trace, final int compartment)
    {
        if (!trace.isPostTrace())
        {
            throw new IllegalArgumentException("postTrace trace=" + trace.symbol() + " is not y1, y2 or y3");
        }
        return post.value(trace.traceIndex(), compartment);
    }

    /**
     * Overwrites a postsynaptic trace, e.g. with a per-compartment third factor (reward or error) that arrived as
     * a message; it then decays and receives impulses like any trace.
     *
     * @param trace       y1, y2 or y3.
     * @param compartment the compartment.
     * @param value       the new value; an integer in [0, 127] in fixed point.
     */
    public void setPostTrace(final Variable trace, final int compartment, final double value)
    {
        if (!trace.isPostTrace())
        {
            throw new IllegalArgumentException("setPostTrace trace=" + trace.symbol() + " is not y1, y2 or y3");
        }
        post.set(trace.traceIndex(), compartment, value);
    }

    private void runEpoch()
    {
        epochs++;
        final int k = config.decimateExponent();
        final boolean u = k >= 0 && epochs % (1L << k) == 0;
        Arrays.fill(preCache, Double.NaN);
        Arrays.fill(postCache, Double.NaN);
        for (int i = 0; i < axons; i++)
        {
            final boolean x0 = pre.spiked(i);
            for (int j = 0; j < compartments; j++)
            {
                final boolean y0 = post.spiked(j);
                if (!x0 && !y0 && !u)
                {
                    continue;
                }
                final int idx = i * compartments + j;
                for (int r = 0; r < rules.length; r++)
                {
                    written[r] = rules[r] != null && (mode == NumericMode.FIXED_POINT
                        ? applyFixed(r, i, j, idx, x0, y0, u) : applyIdeal(r, i, j, idx, x0, y0, u));
                }
                for (int r = 0; r < rules.length; r++)
                {
                    if (written[r])
                    {
                        counts.synapticWrites++;
                        if (mode == NumericMode.FIXED_POINT)
                        {
                            fixed[r][idx] = (int)newFixed[r];
                        }
                        else
                        {
                            ideal[r][idx] = newIdeal[r];
                        }
                    }
                }
            }
        }
        pre.endEpoch(tEpoch);
        post.endEpoch(tEpoch);
    }

    private boolean applyFixed(final int r, final int i, final int j, final int idx, final boolean x0,
        final boolean y0, final boolean u)
    {
        final SynapticField field = fields[r];
        final int f = field.fractionBits();
        long acc = (long)fixed[r][idx] << f;
        boolean any = false;
        for (final Product p : rules[r].products())
        {
            final int te = evaluationTime(p.dependency(), i, j, x0, y0, u);
            if (te == 0)
            {
                continue;
            }
            any = true;
            counts.products++;
            long v = p.mantissa();
            for (final Factor factor : p.factors())
            {
                final long fv = factorFixed(factor, i, j, idx, x0, y0, te);
                v = Math.max(-PRODUCT_CLAMP, Math.min(PRODUCT_CLAMP, v * fv));
                counts.multiplies++;
            }
            final long term = v > ACC_MAX ? ACC_MAX : v < ACC_MIN ? ACC_MIN : saturate16(v << (p.exponent() + f));
            counts.shifts++;
            acc = saturate16(acc + term);
            counts.adds++;
        }
        if (!any)
        {
            return false;
        }
        counts.shifts += 2;
        if (config.rounding() == Rounding.STOCHASTIC)
        {
            counts.randoms++;
        }
        newFixed[r] = field.saturate(FixedPointFormat.shiftRight(acc, f, config.rounding(), rng));
        return true;
    }

    private boolean applyIdeal(final int r, final int i, final int j, final int idx, final boolean x0,
        final boolean y0, final boolean u)
    {
        double acc = ideal[r][idx];
        boolean any = false;
        for (final Product p : rules[r].products())
        {
            final int te = evaluationTime(p.dependency(), i, j, x0, y0, u);
            if (te == 0)
            {
                continue;
            }
            any = true;
            counts.products++;
            double v = p.scale();
            for (final Factor factor : p.factors())
            {
                v *= factorIdeal(factor, i, j, idx, x0, y0, te);
                counts.multiplies++;
            }
            counts.shifts++;
            acc += v;
            counts.adds++;
        }
        if (!any)
        {
            return false;
        }
        counts.shifts += 2;
        newIdeal[r] = acc;
        return true;
    }

    /** @return the within-epoch time at which the product's traces are read, or 0 if its dependency is false. */
    private int evaluationTime(final Dependency d, final int i, final int j, final boolean x0, final boolean y0,
        final boolean u)
    {
        switch (d)
        {
            case X0:
                return x0 ? pre.lastSpikeTime(i) : 0;
            case Y0:
                return y0 ? post.lastSpikeTime(j) : 0;
            case U:
                return u ? tEpoch : 0;
            default:
                throw new IllegalStateException("dependency=" + d);
        }
    }

    private long factorFixed(final Factor factor, final int i, final int j, final int idx, final boolean x0,
        final boolean y0, final int te)
    {
        if (factor.constant() != 0)
        {
            counts.adds++;
        }
        final long raw = (long)variableValue(factor.variable(), i, j, idx, x0, y0, te) + factor.constant();
        final long value = factor.sign() ? Long.signum(raw) : raw;
        final int n = factor.variable().widthBits();
        return Math.max(-(1L << n), Math.min((1L << n) - 1, value));
    }

    private double factorIdeal(final Factor factor, final int i, final int j, final int idx, final boolean x0,
        final boolean y0, final int te)
    {
        if (factor.constant() != 0)
        {
            counts.adds++;
        }
        final double raw = variableValue(factor.variable(), i, j, idx, x0, y0, te) + factor.constant();
        return factor.sign() ? Math.signum(raw) : raw;
    }

    private double variableValue(final Variable v, final int i, final int j, final int idx, final boolean x0,
        final boolean y0, final int te)
    {
        switch (v)
        {
            case X0:
                return x0 ? 1 : 0;
            case Y0:
                return y0 ? 1 : 0;
            case X1:
            case X2:
                return preAt(v.traceIndex(), i, te);
            case Y1:
            case Y2:
            case Y3:
                return postAt(v.traceIndex(), j, te);
            case W:
                return synaptic(Target.DW, idx);
            case D:
                return synaptic(Target.DD, idx);
            case T:
                return synaptic(Target.DT, idx);
            default:
                throw new IllegalStateException("variable=" + v);
        }
    }

    private double synaptic(final Target t, final int idx)
    {
        return mode == NumericMode.FIXED_POINT ? fixed[t.ordinal()][idx] : ideal[t.ordinal()][idx];
    }

    private double preAt(final int k, final int lane, final int te)
    {
        final int c = (te * PRE_TRACES + k) * axons + lane;
        double v = preCache[c];
        if (Double.isNaN(v))
        {
            v = pre.evaluate(k, lane, te);
            preCache[c] = v;
            counts.traceEvaluations++;
        }
        return v;
    }

    private double postAt(final int k, final int lane, final int te)
    {
        final int c = (te * POST_TRACES + k) * compartments + lane;
        double v = postCache[c];
        if (Double.isNaN(v))
        {
            v = post.evaluate(k, lane, te);
            postCache[c] = v;
            counts.traceEvaluations++;
        }
        return v;
    }

    private static long saturate16(final long x)
    {
        return x > ACC_MAX ? ACC_MAX : Math.max(x, ACC_MIN);
    }

    private int[] checkFixed(final Variable v, final SynapticField field, final int[] values, final boolean needed)
    {
        if (!needed)
        {
            return values;
        }
        if (values == null || values.length != axons * compartments)
        {
            throw new IllegalArgumentException("sop " + v.symbol() + " array length=" + (values == null ? "null"
                : values.length) + " must be axons*compartments=" + axons * compartments);
        }
        for (int n = 0; n < values.length; n++)
        {
            if (values[n] < field.min() || values[n] > field.max())
            {
                throw new IllegalArgumentException("sop " + field.name() + "[" + n + "]=" + values[n]
                    + " out of range [" + field.min() + ", " + field.max() + "] (" + field.bits() + " bits, signed="
                    + field.signed() + ")");
            }
        }
        return values;
    }

    private double[] checkIdeal(final Variable v, final double[] values, final boolean needed)
    {
        if (needed && (values == null || values.length != axons * compartments))
        {
            throw new IllegalArgumentException("sop " + v.symbol() + " array length=" + (values == null ? "null"
                : values.length) + " must be axons*compartments=" + axons * compartments);
        }
        return values;
    }
}
