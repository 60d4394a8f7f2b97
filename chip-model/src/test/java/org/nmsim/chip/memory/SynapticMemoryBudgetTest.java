package org.nmsim.chip.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SynapticMemoryBudgetTest
{
    /** Loihi: 128 KB synaptic state per core (HARDWARE.md) = 128 * 1024 * 8 = 1,048,576 bits. */
    private static final long LOIHI_BITS = 1_048_576L;

    @Test
    void shouldRejectAllocationThatDoesNotFitNamingCoreKindOwnerAndFreeSpace()
    {
        final SynapticMemoryBudget b = new SynapticMemoryBudget(3, LOIHI_BITS);
        final MemoryBudgetExceededException e = assertThrows(MemoryBudgetExceededException.class,
            () -> b.allocate(MemoryKind.WEIGHTS, "projection fc1", 1_310_720L));
        assertEquals("core 3: allocation of 1310720 bits for weights(projection fc1) exceeds free space 1048576"
            + " bits (capacity 1048576, used 0)", e.getMessage());
        assertEquals(1_048_576L, e.freeBits());
        assertEquals(0L, b.usedBits(), "a failed allocation takes nothing");
    }

    @Test
    void shouldReportUsageByKindAndFillExactly()
    {
        final SynapticMemoryBudget b = new SynapticMemoryBudget(0, 1000);
        b.allocate(MemoryKind.WEIGHTS, "projection fc1", 600);
        b.allocate(MemoryKind.TRACES, "projection fc1", 100);
        b.allocate(MemoryKind.WEIGHTS, "projection fc2", 200);
        assertEquals(800L, b.usage(MemoryKind.WEIGHTS));
        assertEquals(100L, b.usage().get(MemoryKind.TRACES));
        assertEquals(0L, b.usage().get(MemoryKind.FEEDBACK));
        assertEquals(100L, b.freeBits());
        assertTrue(b.fits(MemoryKind.FEEDBACK, 100));
        assertFalse(b.fits(MemoryKind.FEEDBACK, 101));
        b.allocate(MemoryKind.FEEDBACK, "dfa B1", 100);
        assertEquals(0L, b.freeBits());
        assertEquals(4, b.allocations().size());
        final MemoryBudgetExceededException e = assertThrows(MemoryBudgetExceededException.class,
            () -> b.allocate(MemoryKind.TAGS, "projection fc2", 1));
        assertEquals("core 0: allocation of 1 bits for tags(projection fc2) exceeds free space 0 bits (capacity"
            + " 1000, used 1000)", e.getMessage());
    }

    @Test
    void shouldSplitMatrixStorageByKindAllOrNothing()
    {
        // CSR 100 x 1000, 5000 synapses of 8-bit weight + 6-bit delay: weights 40,000, delays 30,000,
        // indices 5000 * 10 + 101 * 13 = 51,313 -> total 121,313
        final int[][] w = new int[100][1000];
        for (int r = 0; r < 100; r++)
        {
            for (int k = 0; k < 50; k++)
            {
                w[r][k * 20 + r % 20] = 1;
            }
        }
        final CsrSynapses m = CsrSynapses.fromDense(1, "projection fc2", w,
            new SynapseEncoding(new WeightFormat(8, true), 6, 0));
        assertEquals(121_313L, m.storageBits());
        final SynapticMemoryBudget small = new SynapticMemoryBudget(1, 121_312L);
        final MemoryBudgetExceededException e = assertThrows(MemoryBudgetExceededException.class,
            () -> small.allocate("projection fc2", m));
        assertEquals("core 1: allocation of 121313 bits for synaptic matrix(projection fc2: weights 40000, delays"
            + " 30000, tags 0, indices 51313) exceeds free space 121312 bits (capacity 121312, used 0)",
            e.getMessage());
        assertEquals(0L, small.usedBits());
        final SynapticMemoryBudget b = new SynapticMemoryBudget(1, 1L << 20);
        assertEquals(3, b.allocate("projection fc2", m).size());
        assertEquals(40_000L, b.usage(MemoryKind.WEIGHTS));
        assertEquals(30_000L, b.usage(MemoryKind.DELAYS));
        assertEquals(51_313L, b.usage(MemoryKind.INDICES));
    }
}
