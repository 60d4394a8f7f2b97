package org.nmsim.learning.sop;

import java.util.EnumSet;
import java.util.Set;

import org.nmsim.chip.numeric.Rounding;
import org.nmsim.chip.preset.EngineKind;
import org.nmsim.chip.preset.PlasticityOp;

/**
 * What a sum-of-products configuration needs from a chip, for mapping to check against
 * {@code ChipSpec.plasticityOps()} ({@code missingOps}), its engine kind and its synaptic memory budget.
 *
 * <p>Ops: {@link PlasticityOp#MULTIPLY} (factor products), {@link PlasticityOp#ADD} (constants, accumulation),
 * {@link PlasticityOp#SHIFT} (the {@code 2^exponent} scale and the accumulator alignment) always;
 * {@link PlasticityOp#RANDOM} when the configuration rounds stochastically. Never EXP, LOG, DIVIDE or SQRT: the
 * trace decay is the engine's own fixed function, not a rule operation.
 *
 * <p>State: per synapse, the weight plus the delay and tag fields the rules target or read; per input axon, 7 bits
 * for each presynaptic trace a rule reads plus the within-epoch spike time (6 bits) and the x0 bit; per
 * compartment likewise for y1..y3, with y0. Traces no rule reads are not kept (Lava's {@code active_traces}).
 *
 * @param engine                the engine family.
 * @param ops                   operations the engine executes (immutable).
 * @param weightBits            bits of the weight field.
 * @param delayBits             bits of the delay field kept, 0 if unused.
 * @param tagBits               bits of the tag field kept, 0 if unused.
 * @param bitsPerInputAxon      learning state per input axon.
 * @param bitsPerCompartment    learning state per compartment.
 */
public record SopCapabilities(EngineKind engine, Set<PlasticityOp> ops, int weightBits, int delayBits, int tagBits,
    int bitsPerInputAxon, int bitsPerCompartment)
{
    /** Bits of one trace. */
    public static final int TRACE_BITS = 7;

    /** Freezes the op set. */
    public SopCapabilities
    {
        ops = Set.copyOf(ops);
    }

    /**
     * @param config a configuration.
     * @return what it needs.
     */
    public static SopCapabilities of(final SopConfig config)
    {
        final EnumSet<PlasticityOp> ops = EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY, PlasticityOp.SHIFT);
        if (config.rounding() == Rounding.STOCHASTIC)
        {
            ops.add(PlasticityOp.RANDOM);
        }
        int pre = SopConfig.EPOCH_TIME_BITS + 1;
        for (final boolean a : config.activePre())
        {
            pre += a ? TRACE_BITS : 0;
        }
        int post = SopConfig.EPOCH_TIME_BITS + 1;
        for (final boolean a : config.activePost())
        {
            post += a ? TRACE_BITS : 0;
        }
        return new SopCapabilities(EngineKind.SUM_OF_PRODUCTS, ops, config.weight().bits(),
            config.uses(Variable.D) ? config.delay().bits() : 0, config.uses(Variable.T) ? config.tag().bits() : 0,
            pre, post);
    }

    /** @return bits per synapse: weight + delay + tag as kept. */
    public int bitsPerSynapse()
    {
        return weightBits + delayBits + tagBits;
    }

    /**
     * @param axons        input axons of the block.
     * @param compartments compartments of the block.
     * @return total state bits of a dense block of that shape.
     */
    public long bitsForDenseBlock(final int axons, final int compartments)
    {
        return (long)axons * compartments * bitsPerSynapse() + (long)axons * bitsPerInputAxon
            + (long)compartments * bitsPerCompartment;
    }
}
