package org.nmsim.chip.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The synaptic memory of one core as a bit budget: weights, delays, tags, indices and all learning state are
 * allocated from it (ARCHITECTURE.md, chip-model). An allocation that does not fit fails with an error that names
 * the core, the request, the kind, the owner and the free space.
 *
 * <p>Threading: NOT thread safe; built by the mapper on one thread before a run.
 */
public final class SynapticMemoryBudget
{
    private final int coreId;
    private final long capacityBits;
    private final List<Allocation> allocations = new ArrayList<>();
    private final long[] usedByKind = new long[MemoryKind.values().length];
    private long usedBits;

    /**
     * @param coreId       the core this budget belongs to.
     * @param capacityBits synaptic memory of the core in bits (e.g. 1,048,576 for Loihi's 128 KB).
     * @throws IllegalArgumentException if {@code capacityBits < 0}.
     */
    public SynapticMemoryBudget(final int coreId, final long capacityBits)
    {
        if (capacityBits < 0)
        {
            throw new IllegalArgumentException("core " + coreId + ": capacityBits=" + capacityBits
                + " must be >= 0");
        }
        this.coreId = coreId;
        this.capacityBits = capacityBits;
    }

    /**
     * Reserves {@code bits} for {@code owner}.
     *
     * @param kind  what the block holds.
     * @param owner who asks, e.g. {@code "projection fc1"}.
     * @param bits  the size, {@code >= 0}.
     * @return the allocation.
     * @throws IllegalArgumentException if {@code bits < 0}.
     * @throws MemoryBudgetExceededException if the block does not fit in the free space.
     */
    public Allocation allocate(final MemoryKind kind, final String owner, final long bits)
    {
        if (bits < 0)
        {
            throw new IllegalArgumentException("core " + coreId + ": allocation of bits=" + bits + " for "
                + label(kind, owner) + " must be >= 0");
        }
        final long free = freeBits();
        if (bits > free)
        {
            throw new MemoryBudgetExceededException("core " + coreId + ": allocation of " + bits + " bits for "
                + label(kind, owner) + " exceeds free space " + free + " bits (capacity " + capacityBits + ", used "
                + usedBits + ")", coreId, kind, owner, bits, free);
        }
        final Allocation a = new Allocation(coreId, kind, owner, bits);
        allocations.add(a);
        usedByKind[kind.ordinal()] += bits;
        usedBits += bits;
        return a;
    }

    /**
     * Reserves the storage of a synaptic matrix, split by kind: {@link MemoryKind#WEIGHTS}, {@link MemoryKind#DELAYS}
     * and {@link MemoryKind#TAGS} ({@code storedSynapses} times each field width), and {@link MemoryKind#INDICES} for
     * the rest of {@link SynapticMatrix#storageBits()} (column indices and row pointers of sparse formats). All or
     * nothing: if the total does not fit, nothing is allocated.
     *
     * @param owner  who asks, e.g. {@code "projection fc1"}.
     * @param matrix the matrix.
     * @return the allocations made (kinds with 0 bits are skipped).
     * @throws MemoryBudgetExceededException if the total does not fit; the message lists the split.
     */
    public List<Allocation> allocate(final String owner, final SynapticMatrix matrix)
    {
        final long n = matrix.storedSynapses();
        final SynapseEncoding enc = matrix.encoding();
        final long weights = Math.multiplyExact(n, (long)enc.weight().bits());
        final long delays = Math.multiplyExact(n, (long)enc.delayBits());
        final long tags = Math.multiplyExact(n, (long)enc.tagBits());
        final long total = matrix.storageBits();
        final long indices = total - weights - delays - tags;
        final long free = freeBits();
        if (total > free)
        {
            throw new MemoryBudgetExceededException("core " + coreId + ": allocation of " + total + " bits for"
                + " synaptic matrix(" + owner + ": weights " + weights + ", delays " + delays + ", tags " + tags
                + ", indices " + indices + ") exceeds free space " + free + " bits (capacity " + capacityBits
                + ", used " + usedBits + ")", coreId, MemoryKind.WEIGHTS, owner, total, free);
        }
        final List<Allocation> out = new ArrayList<>();
        final MemoryKind[] kinds = {MemoryKind.WEIGHTS, MemoryKind.DELAYS, MemoryKind.TAGS, MemoryKind.INDICES};
        final long[] bits = {weights, delays, tags, indices};
        for (int i = 0; i < kinds.length; i++)
        {
            if (bits[i] > 0)
            {
                out.add(allocate(kinds[i], owner, bits[i]));
            }
        }
        return out;
    }

    /**
     * @param kind  what the block would hold.
     * @param bits  the size.
     * @return whether {@link #allocate} of {@code bits} would succeed now.
     */
    public boolean fits(final MemoryKind kind, final long bits)
    {
        return bits >= 0 && bits <= freeBits();
    }

    /** @return the core id. */
    public int coreId()
    {
        return coreId;
    }

    /** @return the capacity in bits. */
    public long capacityBits()
    {
        return capacityBits;
    }

    /** @return bits allocated so far. */
    public long usedBits()
    {
        return usedBits;
    }

    /** @return bits still free. */
    public long freeBits()
    {
        return capacityBits - usedBits;
    }

    /**
     * @param kind a kind.
     * @return bits allocated to {@code kind}.
     */
    public long usage(final MemoryKind kind)
    {
        return usedByKind[kind.ordinal()];
    }

    /** @return bits allocated by kind, every kind present (0 if unused), in enum order. */
    public Map<MemoryKind, Long> usage()
    {
        final EnumMap<MemoryKind, Long> m = new EnumMap<>(MemoryKind.class);
        for (final MemoryKind k : MemoryKind.values())
        {
            m.put(k, usedByKind[k.ordinal()]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** @return the allocations in the order they were made. */
    public List<Allocation> allocations()
    {
        return Collections.unmodifiableList(allocations);
    }

    private static String label(final MemoryKind kind, final String owner)
    {
        return kind.name().toLowerCase(Locale.ROOT) + "(" + owner + ")";
    }
}
