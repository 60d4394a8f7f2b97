package org.nmsim.learning.sop;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.nmsim.chip.numeric.Rounding;

/**
 * Configuration of a {@link SumOfProductsEngine}: the rules, the learning epoch, the five traces and the synaptic
 * fields the rules change or read. Validated as a whole on construction.
 *
 * <p>Source of the ranges: HARDWARE.md (Loihi: learning epoch 1 to 63 steps, weight field 9 bit signed, delay 6
 * bit, tag 9 bit signed) and Lava {@code src/lava/magma/core/learning/learning_rule.py} (at most one rule per
 * target, one {@code k} across all {@code u_k}, {@code t_epoch >= 1}).
 *
 * @param rules    at most one rule per target (immutable).
 * @param tEpoch   learning epoch in steps, [1, 63] (Lava stores within-epoch times in 6 bits).
 * @param x1       first presynaptic trace.
 * @param x2       second presynaptic trace.
 * @param y1       first postsynaptic trace.
 * @param y2       second postsynaptic trace.
 * @param y3       third postsynaptic trace.
 * @param weight   the weight field (always present).
 * @param delay    the delay field, required if a rule targets dd or reads d; else may be null.
 * @param tag      the tag field, required if a rule targets dt or reads t; else may be null.
 * @param rounding fixed-point rounding of traces and synaptic variables: {@link Rounding#STOCHASTIC} on the chip;
 *                 a deterministic rounding for hand-checked tests and ablations.
 */
public record SopConfig(List<LearningRule> rules, int tEpoch, TraceParams x1, TraceParams x2, TraceParams y1,
    TraceParams y2, TraceParams y3, SynapticField weight, SynapticField delay, SynapticField tag, Rounding rounding)
{
    /** Longest learning epoch (6-bit within-epoch time). */
    public static final int MAX_T_EPOCH = 63;
    /** Bits of a within-epoch spike time ({@code tx}, {@code ty}; Lava {@code W_EPOCH_TIME = 6}). */
    public static final int EPOCH_TIME_BITS = 6;

    /**
     * @throws IllegalArgumentException naming the field, its value and the rule broken.
     */
    public SopConfig
    {
        if (rules == null || rules.isEmpty())
        {
            throw new IllegalArgumentException("sop rules=" + rules + ": at least one rule is required");
        }
        rules = List.copyOf(rules);
        if (tEpoch < 1 || tEpoch > MAX_T_EPOCH)
        {
            throw new IllegalArgumentException("sop tEpoch=" + tEpoch + " out of range [1, " + MAX_T_EPOCH + "]");
        }
        if (x1 == null || x2 == null || y1 == null || y2 == null || y3 == null || weight == null || rounding == null)
        {
            throw new IllegalArgumentException("sop traces, weight and rounding are required (use TraceParams.NONE "
                + "for unused traces)");
        }
        final EnumSet<Target> seen = EnumSet.noneOf(Target.class);
        int k = -1;
        String kRule = null;
        for (final LearningRule r : rules)
        {
            if (!seen.add(r.target()))
            {
                throw new IllegalArgumentException("sop rule '" + r.text() + "': a second rule for target "
                    + r.target().symbol() + " (one rule per target)");
            }
            final int rk = r.decimateExponent();
            if (rk >= 0)
            {
                if (k >= 0 && rk != k)
                {
                    throw new IllegalArgumentException("sop rule '" + r.text() + "': u" + rk + " conflicts with u"
                        + k + " in rule '" + kRule + "' (one decimation exponent k per rule set)");
                }
                k = rk;
                kRule = r.text();
            }
        }
        if ((targets(rules).contains(Target.DD) || readsAny(rules, Variable.D)) && delay == null)
        {
            throw new IllegalArgumentException("sop delay=null but a rule targets dd or reads d");
        }
        if ((targets(rules).contains(Target.DT) || readsAny(rules, Variable.T)) && tag == null)
        {
            throw new IllegalArgumentException("sop tag=null but a rule targets dt or reads t");
        }
    }

    /**
     * Loihi defaults: 9-bit signed weights, 6-bit unsigned delays, 9-bit signed tags, stochastic rounding.
     *
     * @param tEpoch learning epoch.
     * @param x1     trace x1.
     * @param x2     trace x2.
     * @param y1     trace y1.
     * @param y2     trace y2.
     * @param y3     trace y3.
     * @param rules  rule strings, e.g. {@code "dw = 2^-2 * x1 * y0 - 2^-2 * y1 * x0"}.
     * @return the configuration.
     */
    public static SopConfig loihi(final int tEpoch, final TraceParams x1, final TraceParams x2, final TraceParams y1,
        final TraceParams y2, final TraceParams y3, final String... rules)
    {
        final List<LearningRule> parsed = new ArrayList<>();
        for (final String r : rules)
        {
            parsed.add(LearningRule.parse(r));
        }
        return new SopConfig(parsed, tEpoch, x1, x2, y1, y2, y3, SynapticField.loihiWeight(),
            new SynapticField("delay", 6, false), new SynapticField("tag", 9, true), Rounding.STOCHASTIC);
    }

    /**
     * @param newRounding a rounding.
     * @return a copy with that rounding.
     */
    public SopConfig withRounding(final Rounding newRounding)
    {
        return new SopConfig(rules, tEpoch, x1, x2, y1, y2, y3, weight, delay, tag, newRounding);
    }

    /**
     * @param newWeight a weight field.
     * @return a copy with that weight field.
     */
    public SopConfig withWeight(final SynapticField newWeight)
    {
        return new SopConfig(rules, tEpoch, x1, x2, y1, y2, y3, newWeight, delay, tag, rounding);
    }

    /**
     * @param target a target.
     * @return its rule, or null.
     */
    public LearningRule rule(final Target target)
    {
        for (final LearningRule r : rules)
        {
            if (r.target() == target)
            {
                return r;
            }
        }
        return null;
    }

    /** @return the {@code k} of the rules' {@code u_k}, or -1. */
    public int decimateExponent()
    {
        for (final LearningRule r : rules)
        {
            if (r.decimateExponent() >= 0)
            {
                return r.decimateExponent();
            }
        }
        return -1;
    }

    /**
     * @param v a variable.
     * @return true if some rule reads it as a factor.
     */
    public boolean reads(final Variable v)
    {
        return readsAny(rules, v);
    }

    /**
     * @param v a synaptic variable (w, d or t).
     * @return true if the engine keeps it: a rule targets it or reads it.
     */
    public boolean uses(final Variable v)
    {
        for (final LearningRule r : rules)
        {
            if (r.target().variable() == v)
            {
                return true;
            }
        }
        return reads(v);
    }

    /** @return the trace parameters of x1, x2. */
    TraceParams[] preParams()
    {
        return new TraceParams[] {x1, x2};
    }

    /** @return the trace parameters of y1, y2, y3. */
    TraceParams[] postParams()
    {
        return new TraceParams[] {y1, y2, y3};
    }

    /** @return which of x1, x2 some rule reads. */
    boolean[] activePre()
    {
        return new boolean[] {reads(Variable.X1), reads(Variable.X2)};
    }

    /** @return which of y1, y2, y3 some rule reads. */
    boolean[] activePost()
    {
        return new boolean[] {reads(Variable.Y1), reads(Variable.Y2), reads(Variable.Y3)};
    }

    private static Set<Target> targets(final List<LearningRule> rules)
    {
        final EnumSet<Target> t = EnumSet.noneOf(Target.class);
        for (final LearningRule r : rules)
        {
            t.add(r.target());
        }
        return t;
    }

    private static boolean readsAny(final List<LearningRule> rules, final Variable v)
    {
        for (final LearningRule r : rules)
        {
            if (r.reads(v))
            {
                return true;
            }
        }
        return false;
    }
}
