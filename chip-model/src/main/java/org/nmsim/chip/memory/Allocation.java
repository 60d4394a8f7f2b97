package org.nmsim.chip.memory;

/**
 * One block of a core's synaptic memory.
 *
 * @param coreId the core.
 * @param kind   what the block holds.
 * @param owner  who asked for it, e.g. {@code "projection fc1"}.
 * @param bits   size of the block in bits.
 */
public record Allocation(int coreId, MemoryKind kind, String owner, long bits)
{
}
