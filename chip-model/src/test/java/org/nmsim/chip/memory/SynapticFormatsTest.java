package org.nmsim.chip.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SynapticFormatsTest
{
    private static final SynapseEncoding W8 = SynapseEncoding.weightsOnly(new WeightFormat(8, true));

    @Test
    void shouldComputeIndexBitsAsCeilLog2()
    {
        assertEquals(0, SynapticFormats.indexBits(1));
        assertEquals(1, SynapticFormats.indexBits(2));
        assertEquals(2, SynapticFormats.indexBits(3));
        assertEquals(10, SynapticFormats.indexBits(1024));
        assertEquals(11, SynapticFormats.indexBits(1025));
    }

    @Test
    void shouldCostDenseAsRowsTimesColsTimesSynapseBits()
    {
        // 1280 x 128 x 8 = 1,310,720 bits: the fc1 example of ARCHITECTURE.md
        assertEquals(1_310_720L, SynapticFormats.denseBits(1280, 128, W8));
        // Loihi-style: 8-bit weight + 6-bit delay + 9-bit tag = 23 bits per synapse
        final SynapseEncoding loihi = new SynapseEncoding(new WeightFormat(8, true), 6, 9);
        assertEquals(10L * 20 * 23, SynapticFormats.denseBits(10, 20, loihi));
    }

    @Test
    void shouldCostCsrWithIndexAndPointerBits()
    {
        // rows=100, cols=1000, nnz=5000: index = ceil(log2 1000) = 10, pointer = ceil(log2 5001) = 13
        // 5000 * (8 + 10) + 101 * 13 = 90,000 + 1,313 = 91,313
        assertEquals(91_313L, SynapticFormats.csrBits(100, 1000, 5000, W8));
        // explicit 32-bit pointers: 90,000 + 101 * 32 = 93,232
        assertEquals(93_232L, SynapticFormats.csrBits(100, 1000, 5000, W8, 32));
        assertThrows(IllegalArgumentException.class, () -> SynapticFormats.csrBits(2, 2, 5, W8));
    }

    @Test
    void shouldPackRowsIntoWholeWords()
    {
        // cols=1024 -> index 10; 8 + 10 = 18 bits -> floor(64/18) = 3 synapses per 64-bit word
        // rows of 0, 1, 3, 4 synapses -> 0 + 1 + 1 + 2 = 4 words = 256 bits
        assertEquals(256L, SynapticFormats.wordPackedBits(new int[] {0, 1, 3, 4}, 1024, W8,
            SynapticFormats.LOIHI_WORD_BITS));
    }
}
