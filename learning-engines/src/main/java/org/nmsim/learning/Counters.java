package org.nmsim.learning;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.kernel.SimulationBuilder;

/**
 * The counter ids of every {@link OpKind}, registered with the kernel under {@link OpKind#counterName()}, so
 * {@code ctx.counters()[ids[op.ordinal()]]++} counts an operation on the core that did it.
 */
final class Counters
{
    private final int[] ids = new int[OpKind.values().length];

    Counters(final SimulationBuilder b)
    {
        for (final OpKind op : OpKind.values())
        {
            ids[op.ordinal()] = b.counter(op.counterName());
        }
    }

    int id(final OpKind op)
    {
        return ids[op.ordinal()];
    }
}
