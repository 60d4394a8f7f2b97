package org.nmsim.chip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BurstCodeTest
{
    @Test
    void shouldEncodeQ20AsCountOfHalfUnitSpikes()
    {
        // Q20: T_B = 20, s = 10 -> step s/T_B = 0.5. x = 3.3 -> floor(0.33 * 20) = floor(6.6) = 6 -> Q = 3.0.
        assertEquals(6, BurstCode.Q20.encode(3.3));
        assertEquals(3.0, BurstCode.Q20.quantize(3.3), 0.0);
        assertEquals(0.3, BurstCode.Q20.quantizationError(3.3), 1e-12);
        assertEquals(0.5, BurstCode.Q20.step(), 0.0);
    }

    @Test
    void shouldFloorNegativeValuesTowardsMinusScale()
    {
        // x = -0.1 -> floor(-0.01 * 20) = floor(-0.2) = -1 -> Q = -0.5 (paper uses floor, not round)
        assertEquals(-1, BurstCode.Q20.encode(-0.1));
        assertEquals(-0.5, BurstCode.Q20.quantize(-0.1), 0.0);
    }

    @Test
    void shouldClampToWindowOfOneSpikePerSubStep()
    {
        assertEquals(20, BurstCode.Q20.encode(1e9));
        assertEquals(-20, BurstCode.Q20.encode(-1e9));
        assertEquals(10.0, BurstCode.Q20.quantize(25.0), 0.0);
        assertEquals(15.0, BurstCode.Q20.quantizationError(25.0), 0.0);
    }

    @Test
    void shouldEncodeQ1AsSingleTernarySpike()
    {
        // Q1: T_B = 1, s = 1 -> count = floor(clamp(x,-1,1)) in {-1, 0, 1}; equal to the paper's printed formula.
        assertEquals(0, BurstCode.Q1.encode(0.7));
        assertEquals(1, BurstCode.Q1.encode(1.0));
        assertEquals(1, BurstCode.Q1.encode(4.0));
        assertEquals(-1, BurstCode.Q1.encode(-0.2));
        assertEquals(-1.0, BurstCode.Q1.decode(-1), 0.0);
    }

    @Test
    void shouldBoundErrorByStepInsideRange()
    {
        for (int i = -1000; i <= 1000; i++)
        {
            final double x = i * 0.00999;
            final double e = BurstCode.Q20.quantizationError(x);
            assertTrue(e >= 0.0 && e < BurstCode.Q20.step(), "x=" + x + " error=" + e);
        }
    }

    @Test
    void shouldRejectCountBeyondWindowAndNaN()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> BurstCode.Q20.decode(21));
        assertTrue(e.getMessage().contains("count=21"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BurstCode.Q20.encode(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new BurstCode(0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new BurstCode(4, -1.0));
    }

    @Test
    void shouldChargeOneSignedSpikePerCountUnit()
    {
        assertEquals(7L * 32, BurstCode.bitsOnWire(-7, 32));
        assertEquals(0L, BurstCode.bitsOnWire(0, 40));
    }
}
