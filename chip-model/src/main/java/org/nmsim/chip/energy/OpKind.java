package org.nmsim.chip.energy;

import java.util.Locale;

/**
 * Every operation the simulator counts and the energy model prices. Each has a stable counter name (the kernel
 * registers per-core counters by name) and a unit: most ops count events; network ops count <b>bits</b> moved over
 * one link (bit-hops), so that messages of every size are charged by size and hops (ARCHITECTURE.md, chip-model).
 */
public enum OpKind
{
    /** One synaptic operation triggered by a binary spike (one weight added to one dendrite). */
    SYNOP_BINARY("synop.binary", Unit.EVENT),
    /** One synaptic operation triggered by a signed spike. */
    SYNOP_SIGNED("synop.signed", Unit.EVENT),
    /** One synaptic operation triggered by a graded spike (payload x weight). */
    SYNOP_GRADED("synop.graded", Unit.EVENT),
    /** One synaptic operation triggered by one spike of a burst. */
    SYNOP_BURST("synop.burst", Unit.EVENT),
    /** Update of a compartment that receives input or spikes in the step. */
    NEURON_UPDATE_ACTIVE("neuron.update.active", Unit.EVENT),
    /** Update of a compartment with no input in the step. */
    NEURON_UPDATE_INACTIVE("neuron.update.inactive", Unit.EVENT),
    /** One synaptic (weight) update by the plasticity engine. */
    SYNAPTIC_UPDATE("learning.synaptic_update", Unit.EVENT),
    /** One pre- or postsynaptic trace update. */
    TRACE_UPDATE("learning.trace_update", Unit.EVENT),
    /** Bits handed from a router to a core of its tile (delivery; "spike within a tile"). */
    SPIKE_WITHIN_TILE("noc.within_tile.bits", Unit.BIT),
    /** Bits moved over one east-west link inside a chip. */
    HOP_EAST_WEST("noc.hop.east_west.bits", Unit.BIT),
    /** Bits moved over one north-south link inside a chip. */
    HOP_NORTH_SOUTH("noc.hop.north_south.bits", Unit.BIT),
    /** Bits moved over one chip-to-chip link. */
    HOP_INTER_CHIP("noc.hop.inter_chip.bits", Unit.BIT),
    /** One memory word read outside the synaptic fan-out (e.g. by a programmable engine). */
    MEMORY_READ_WORD("memory.read_word", Unit.EVENT),
    /** One memory word write. */
    MEMORY_WRITE_WORD("memory.write_word", Unit.EVENT),
    /** One mesh-wide barrier synchronisation (end of a step). */
    BARRIER_SYNC("sync.barrier", Unit.EVENT),
    /** Integer add on a programmable engine. */
    INT_ADD("engine.int_add", Unit.EVENT),
    /** Integer multiply on a programmable engine. */
    INT_MULTIPLY("engine.int_multiply", Unit.EVENT),
    /** Floating-point add on a programmable engine. */
    FP_ADD("engine.fp_add", Unit.EVENT),
    /** Floating-point multiply on a programmable engine. */
    FP_MULTIPLY("engine.fp_multiply", Unit.EVENT),
    /** Shift on a programmable engine. */
    SHIFT("engine.shift", Unit.EVENT),
    /** Exponential on a programmable engine. */
    EXP("engine.exp", Unit.EVENT),
    /** Logarithm on a programmable engine. */
    LOG("engine.log", Unit.EVENT),
    /** Division on a programmable engine. */
    DIVIDE("engine.divide", Unit.EVENT),
    /** Square root on a programmable engine. */
    SQRT("engine.sqrt", Unit.EVENT),
    /** One random number on a programmable engine. */
    RANDOM("engine.random", Unit.EVENT);

    /** What one count of an op is. */
    public enum Unit
    {
        /** One operation. */
        EVENT,
        /** One bit over one link (or into one core). */
        BIT
    }

    private static final OpKind[] VALUES = values();

    private final String counterName;
    private final Unit unit;

    OpKind(final String counterName, final Unit unit)
    {
        this.counterName = counterName;
        this.unit = unit;
    }

    /** @return the stable counter name, e.g. {@code "synop.binary"}. */
    public String counterName()
    {
        return counterName;
    }

    /** @return the unit of one count. */
    public Unit unit()
    {
        return unit;
    }

    /**
     * @param name a counter name ({@code "noc.hop.east_west.bits"}) or an enum name ({@code "HOP_EAST_WEST"},
     *             any case).
     * @return the op.
     * @throws IllegalArgumentException naming the unknown op and the known counter names.
     */
    public static OpKind byName(final String name)
    {
        for (final OpKind op : VALUES)
        {
            if (op.counterName.equals(name) || op.name().equals(name.toUpperCase(Locale.ROOT)))
            {
                return op;
            }
        }
        final StringBuilder known = new StringBuilder();
        for (final OpKind op : VALUES)
        {
            known.append(known.length() == 0 ? "" : ", ").append(op.counterName);
        }
        throw new IllegalArgumentException("energy op '" + name + "' is unknown (known: " + known + ")");
    }
}
