package org.nmsim.learning;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.kernel.SimulationBuilder;

/**
 * The counter ids of every {@link OpKind}, registered with the kernel under {@link OpKind#counterName()}, so
 * {@code ctx.counters()[ids[op.ordinal()]]++} counts an operation on the core that did it; and, per
 * {@link MessageClass}, the messages sent ({@code msg.<kind>}) and the mesh links they crossed
 * ({@code msg.<kind>.hops}).
 */
public final class Counters
{
    private final int[] ids = new int[OpKind.values().length];
    private final int[] messageIds = new int[MessageClass.values().length];
    private final int[] hopIds = new int[MessageClass.values().length];

    public Counters(final SimulationBuilder b)
    {
        for (final OpKind op : OpKind.values())
        {
            ids[op.ordinal()] = b.counter(op.counterName());
        }
        for (final MessageClass k : MessageClass.values())
        {
            messageIds[k.ordinal()] = b.counter(k.countCounter());
            hopIds[k.ordinal()] = b.counter(k.hopsCounter());
        }
    }

    public int messages(final MessageClass kind)
    {
        return messageIds[kind.ordinal()];
    }

    public int hops(final MessageClass kind)
    {
        return hopIds[kind.ordinal()];
    }

    public int id(final OpKind op)
    {
        return ids[op.ordinal()];
    }
}
