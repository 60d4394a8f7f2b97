package org.nmsim.chip.memory;

/**
 * An allocation did not fit in a core's synaptic memory. Carries the facts a feasibility report needs to suggest a
 * split (more cores, fewer bits per weight).
 */
public final class MemoryBudgetExceededException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    /** The core. */
    private final int coreId;
    /** The kind of the failed request. */
    private final MemoryKind kind;
    /** The owner of the failed request. */
    private final String owner;
    /** Bits requested. */
    private final long requestedBits;
    /** Bits free at the time. */
    private final long freeBits;

    /**
     * @param message       the full message.
     * @param coreId        the core.
     * @param kind          the kind requested.
     * @param owner         the owner.
     * @param requestedBits bits requested.
     * @param freeBits      bits free.
     */
    public MemoryBudgetExceededException(final String message, final int coreId, final MemoryKind kind,
        final String owner, final long requestedBits, final long freeBits)
    {
        super(message);
        this.coreId = coreId;
        this.kind = kind;
        this.owner = owner;
        this.requestedBits = requestedBits;
        this.freeBits = freeBits;
    }

    /** @return the core. */
    public int coreId()
    {
        return coreId;
    }

    /** @return the kind requested. */
    public MemoryKind kind()
    {
        return kind;
    }

    /** @return the owner. */
    public String owner()
    {
        return owner;
    }

    /** @return bits requested. */
    public long requestedBits()
    {
        return requestedBits;
    }

    /** @return bits free when the request failed. */
    public long freeBits()
    {
        return freeBits;
    }
}
