package org.nmsim.chip.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SynapticMatrixTest
{
    private static final int[][] W = {
        {1, 0, -3, 0},
        {0, 0, 0, 0},
        {127, -128, 0, 5},
    };

    static List<SynapticMatrix> matrices()
    {
        final SynapseEncoding enc = SynapseEncoding.weightsOnly(new WeightFormat(8, true));
        final DenseSynapses d = new DenseSynapses(2, "projection fc1", 3, 4, enc);
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                d.set(r, c, W[r][c]);
            }
        }
        return List.of(d, CsrSynapses.fromDense(2, "projection fc1", W, enc));
    }

    @ParameterizedTest
    @MethodSource("matrices")
    void shouldAddRowIntoAccumulator(final SynapticMatrix m)
    {
        final int[] acc = new int[4];
        m.fanOut(0, acc);
        m.fanOut(2, acc);
        m.fanOut(1, acc);
        assertArrayEquals(new int[] {128, -128, -3, 5}, acc);
        m.fanOut(2, -2, acc);
        assertArrayEquals(new int[] {128 - 254, -128 + 256, -3, 5 - 10}, acc);
        assertEquals(-128, m.weight(2, 1));
        assertEquals(0, m.weight(1, 3));
    }

    @Test
    void shouldCountSynapticOpsAndBitsPerFormat()
    {
        final List<SynapticMatrix> ms = matrices();
        final int[] acc = new int[4];
        assertEquals(4, ms.get(0).fanOut(0, acc), "dense touches every column");
        assertEquals(2, ms.get(1).fanOut(0, acc), "CSR touches stored synapses only");
        assertEquals(3L * 4 * 8, ms.get(0).storageBits());
        // nnz=5, index=ceil(log2 4)=2, pointer=ceil(log2 6)=3: 5*(8+2) + 4*3 = 62
        assertEquals(62L, ms.get(1).storageBits());
    }

    @Test
    void shouldRejectWeightOutsideDeclaredRange()
    {
        final DenseSynapses d = new DenseSynapses(2, "projection fc1", 1, 1,
            SynapseEncoding.weightsOnly(new WeightFormat(8, true)));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.set(0, 0, 300));
        assertEquals("weight=300 exceeds weightBits=8 signed range [-128,127] (core 2, projection fc1)",
            e.getMessage());
        final IllegalArgumentException u = assertThrows(IllegalArgumentException.class,
            () -> CsrSynapses.fromDense(4, "projection fc2", new int[][] {{-1}},
                SynapseEncoding.weightsOnly(new WeightFormat(9, false))));
        assertEquals("weight=-1 exceeds weightBits=9 unsigned range [0,511] (core 4, projection fc2)",
            u.getMessage());
    }

    @Test
    void shouldReadUnsigned16BitWeightsWithoutSignExtension()
    {
        final DenseSynapses d = new DenseSynapses(0, "p", 1, 2,
            SynapseEncoding.weightsOnly(new WeightFormat(16, false)));
        d.set(0, 0, 65535);
        d.set(0, 1, 1);
        final int[] acc = new int[2];
        d.fanOut(0, acc);
        assertArrayEquals(new int[] {65535, 1}, acc);
        final CsrSynapses c = CsrSynapses.fromDense(0, "p", new int[][] {{65535, 0}},
            SynapseEncoding.weightsOnly(new WeightFormat(16, false)));
        final int[] acc2 = new int[2];
        c.fanOut(0, acc2);
        assertEquals(65535, acc2[0]);
    }
}
