package org.nmsim.chip.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LoihiCubaLifTest
{
    private final long[] spikes = SpikeBits.allocate(64);
    private final UpdateCounts counts = new UpdateCounts();

    private static LoihiCubaLif single(final int du, final int dv, final int vth, final int biasMant,
        final int biasExp)
    {
        return LoihiCubaLif.uniform(1, LoihiCubaLifParams.of(du, dv, vth), biasMant, biasExp);
    }

    private boolean step(final LoihiCubaLif lif, final int... input)
    {
        lif.step(input, spikes, counts);
        return SpikeBits.isSet(spikes, 0);
    }

    @Test
    void shouldWrapCurrentModulo2To24()
    {
        final LoihiCubaLif lif = single(0, 0, 131071, 0, 0);
        lif.setState(0, (1 << 23) - 1, 0);
        step(lif, 32767);
        // decay: (2^23 - 1) * 4095 >> 12 = 8386559; + 32767 << 6 = 2097088 -> 10483647 - 2^24 = -6293569
        assertEquals(-6293569, lif.u(0));
        lif.setState(0, -(1 << 23) + 1, 0);
        step(lif, -32768);
        // -(8386559) - 2097152 = -10483711 + 2^24 = 6293505
        assertEquals(6293505, lif.u(0));
    }

    @Test
    void shouldKeepMinus2To23InTwosComplementButNotInLavaRule()
    {
        // u0 chosen so that decay(u0) + (-32768 << 6) == -2^23 exactly (du = 0): see make_loihi_cases.py
        final LoihiCubaLif twos = single(0, 4095, 131071, 0, 0);
        twos.setState(0, -6292993, 0);
        assertFalse(step(twos, -32768));
        assertEquals(-(1 << 23), twos.u(0));
        assertEquals(-LoihiCubaLif.V_LIMIT, twos.v(0));
        final LoihiCubaLif lava = LoihiCubaLif.uniform(1,
            new LoihiCubaLifParams(0, 4095, 131071, 0, LoihiCubaLifParams.CurrentWrap.LAVA_PY_BIT_ACC), 0, 0);
        lava.setState(0, -6292993, 0);
        assertTrue(step(lava, -32768));
        assertEquals(1 << 23, lava.u(0));
    }

    @Test
    void shouldSaturateVoltageAtBothLimits()
    {
        final LoihiCubaLif lif = single(4095, 0, 131071, -4096, 7);
        for (int t = 0; t < 20; t++)
        {
            step(lif, 0);
        }
        assertEquals(-((1 << 23) - 1), lif.v(0));
        // positive saturation: v clipped to 2^23 - 1, which is above the largest threshold, so it spikes
        final LoihiCubaLif pos = single(4095, 0, 131071, 0, 0);
        pos.setState(0, 0, (1 << 23) - 100);
        assertTrue(step(pos, 32767));
        assertEquals(0, pos.v(0));
    }

    @Test
    void shouldDecayCurrentBy4095Over4096WhenDuIsZero()
    {
        final LoihiCubaLif lif = single(0, 0, 131071, 0, 0);
        lif.setState(0, 4096 * 100, 0);
        step(lif, 0);
        assertEquals(4095 * 100, lif.u(0)); // hidden +1: du = 0 still decays
        assertEquals(4095 * 100, lif.v(0)); // dv = 0: no leak, v = 0 + u
        step(lif, 0);
        assertEquals(4095 * 100 * 4095 / 4096, lif.u(0)); // 409500 * 4095 >> 12 = 409400 (truncated)
        assertEquals(4095 * 100 + 4095 * 100 * 4095 / 4096, lif.v(0));
    }

    @Test
    void shouldClearCurrentWhenDuIs4095AndKeep1Over4096OfVoltageWhenDvIs4095()
    {
        final LoihiCubaLif lif = single(4095, 4095, 131071, 0, 0);
        lif.setState(0, 123456, 4_000_000);
        step(lif, 7);
        assertEquals(7 << 6, lif.u(0));
        assertEquals(4_000_000 / 4096 + (7 << 6), lif.v(0)); // 976 + 448
        lif.setState(0, -123456, -4_000_000);
        step(lif, -7);
        assertEquals(-(7 << 6), lif.u(0));
        assertEquals(-(4_000_000 / 4096) - (7 << 6), lif.v(0)); // rounding toward zero for negatives
    }

    @Test
    void shouldAddLargeBiasWithExponent()
    {
        final LoihiCubaLif lif = single(4095, 0, 131071, 4095, 7);
        assertEquals(4095 << 7, lif.bias(0));
        int spikesSeen = 0;
        int firstSpike = -1;
        for (int t = 0; t < 20; t++)
        {
            if (step(lif, 0))
            {
                spikesSeen++;
                firstSpike = firstSpike < 0 ? t : firstSpike;
            }
        }
        // threshold 131071 << 6 = 8388544; v after t+1 steps = (t+1) * 524160 > 8388544 first at t + 1 = 17
        assertEquals(16, firstSpike);
        assertEquals(1, spikesSeen);
    }

    @Test
    void shouldSpikeOnlyWhenVoltageStrictlyExceedsThreshold()
    {
        final LoihiCubaLif lif = single(4095, 4095, 1, 0, 0);
        assertEquals(64, lif.threshold());
        assertFalse(step(lif, 1));  // v = 64 == threshold: no spike
        assertEquals(64, lif.v(0));
        assertFalse(step(lif, 1));  // v = (64 * 1 >> 12) + 64 = 64
        assertTrue(step(lif, 2));   // v = 128 > 64
        assertEquals(0, lif.v(0));  // reset to zero
        assertEquals(128, lif.u(0)); // u is not reset
    }

    @Test
    void shouldHoldVoltageAtZeroDuringRefractoryPeriod()
    {
        final LoihiCubaLif lif = LoihiCubaLif.uniform(1,
            new LoihiCubaLifParams(4095, 0, 0, 2, LoihiCubaLifParams.CurrentWrap.TWOS_COMPLEMENT), 0, 0);
        assertTrue(step(lif, 1));   // v = 64 > 0
        assertFalse(step(lif, 1));  // refractory 2 -> 1
        assertEquals(0, lif.v(0));
        assertEquals(64, lif.u(0)); // u keeps integrating
        assertFalse(step(lif, 1));  // refractory 1 -> 0
        assertTrue(step(lif, 1));   // integrates again
    }

    @Test
    void shouldRunMultiStepSequenceByHand()
    {
        // du = 2048 -> u * 2047 / 4096, dv = 1024 -> v * 3072 / 4096, vth = 10 -> 640, bias 3 << 2 = 12
        final LoihiCubaLif lif = single(2048, 1024, 10, 3, 2);
        assertFalse(step(lif, 5));   // u = 320; v = 0 + 320 + 12 = 332
        assertEquals(320, lif.u(0));
        assertEquals(332, lif.v(0));
        assertTrue(step(lif, 5));    // u = 159 + 320 = 479; v = 249 + 479 + 12 = 740 > 640 -> spike
        assertEquals(479, lif.u(0));
        assertEquals(0, lif.v(0));
        assertFalse(step(lif, 0));   // u = 479*2047>>12 = 239; v = 0 + 239 + 12 = 251
        assertEquals(239, lif.u(0));
        assertEquals(251, lif.v(0));
    }

    @Test
    void shouldCountActiveAndInactiveUpdatesAndSpikes()
    {
        final LoihiCubaLif lif = LoihiCubaLif.uniform(3, LoihiCubaLifParams.of(4095, 4095, 0), 0, 0);
        counts.clear();
        lif.step(new int[] {0, 1, 0}, spikes, counts);
        assertEquals(1, counts.activeUpdates());
        assertEquals(2, counts.inactiveUpdates());
        assertEquals(1, counts.spikes());
        assertTrue(SpikeBits.isSet(spikes, 1));
        assertFalse(SpikeBits.isSet(spikes, 0));
    }

    @Test
    void shouldRejectOutOfRangeParameters()
    {
        assertEquals("du=5000 out of range [0, 4095] (Loihi 12-bit decay)",
            assertThrows(IllegalArgumentException.class, () -> LoihiCubaLifParams.of(5000, 0, 0)).getMessage());
        assertEquals("du=-1 out of range [0, 4095] (Loihi 12-bit decay)",
            assertThrows(IllegalArgumentException.class, () -> LoihiCubaLifParams.of(-1, 0, 0)).getMessage());
        assertEquals("dv=4096 out of range [0, 4095] (Loihi 12-bit decay)",
            assertThrows(IllegalArgumentException.class, () -> LoihiCubaLifParams.of(0, 4096, 0)).getMessage());
        assertEquals("vthMant=131072 out of range [0, 131071] (Loihi 17-bit unsigned threshold mantissa)",
            assertThrows(IllegalArgumentException.class, () -> LoihiCubaLifParams.of(0, 0, 131072)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoihiCubaLifParams.of(0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new LoihiCubaLifParams(0, 0, 0, 64,
            LoihiCubaLifParams.CurrentWrap.TWOS_COMPLEMENT));
        final LoihiCubaLifParams ok = LoihiCubaLifParams.of(0, 0, 0);
        assertEquals("biasMant[0]=4096 out of range [-4096, 4095] (Loihi 13-bit signed bias mantissa)",
            assertThrows(IllegalArgumentException.class, () -> LoihiCubaLif.uniform(1, ok, 4096, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoihiCubaLif.uniform(1, ok, -4097, 0));
        assertEquals("biasExp[0]=8 out of range [0, 7] (Loihi 3-bit unsigned bias exponent)",
            assertThrows(IllegalArgumentException.class, () -> LoihiCubaLif.uniform(1, ok, 0, 8)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoihiCubaLif.uniform(1, ok, 0, -1));
        final LoihiCubaLif lif = LoihiCubaLif.uniform(1, ok, 0, 0);
        assertEquals("input[0]=32768 out of range [-32768, 32767] (Loihi 16-bit dendritic input)",
            assertThrows(IllegalArgumentException.class, () -> step(lif, 32768)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> lif.setState(0, 1 << 23, 0));
        assertThrows(IllegalArgumentException.class, () -> lif.setState(0, 0, -(1 << 23)));
    }

    /**
     * Bit-accurate vs the float model in the same units: u differs only by the truncation of each decay (&lt; 1
     * per step), damped by (1 - du_f), so |du_err| &lt; 1 / du_f = 4096 / 411; v's error is bounded by
     * (max u error + 1) / dv_f. The threshold is out of reach, so no spike can make the two diverge.
     */
    @Test
    void shouldStayWithinTruncationBoundOfTheFloatModel()
    {
        final LoihiCubaLifParams p = LoihiCubaLifParams.of(410, 205, 131071);
        final int[] zero = new int[1];
        final LoihiCubaLif fixed = new LoihiCubaLif(1, p, zero, zero);
        final LoihiCubaLifFloat ideal = LoihiCubaLifFloat.matching(1, p, zero, zero);
        final double uBound = 4096.0 / 411;
        final double vBound = (uBound + 1) * 4096.0 / 205;
        final org.nmsim.kernel.SplitMix64 rng = new org.nmsim.kernel.SplitMix64(99);
        double maxU = 0;
        for (int t = 0; t < 2000; t++)
        {
            final int a = rng.nextInt(201) - 100;
            fixed.step(new int[] {a}, spikes, counts);
            ideal.step(new double[] {a}, spikes, counts);
            assertEquals(ideal.current(0), fixed.u(0), uBound, "t=" + t);
            assertEquals(ideal.voltage(0), fixed.v(0), vBound, "t=" + t);
            maxU = Math.max(maxU, Math.abs(fixed.u(0)));
        }
        assertTrue(maxU > 10_000, "the sequence should exercise large currents, maxU=" + maxU);
    }

    /** Replays loihi_cuba_lif_cases.csv, written by make_loihi_cases.py from Lava's documented arithmetic. */
    @Test
    void shouldMatchLavaBitAccurateReferenceCasesExactly() throws IOException
    {
        final Map<String, List<long[]>> cases = new LinkedHashMap<>();
        final Map<String, String> wrapOf = new LinkedHashMap<>();
        try (InputStream in = LoihiCubaLifTest.class.getResourceAsStream("loihi_cuba_lif_cases.csv"))
        {
            assertNotNull(in, "loihi_cuba_lif_cases.csv missing");
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = reader.readLine();
            assertEquals("case,wrap,du,dv,vth,neuron,bias_mant,bias_exp,u0,v0,step,a_in,u,v,s", line);
            while ((line = reader.readLine()) != null)
            {
                final String[] f = line.split(",");
                final String key = f[0] + "/" + f[1];
                wrapOf.put(key, f[1]);
                final long[] row = new long[13];
                for (int k = 0; k < 13; k++)
                {
                    row[k] = Long.parseLong(f[k + 2]);
                }
                cases.computeIfAbsent(key, x -> new ArrayList<>()).add(row);
            }
        }
        assertTrue(cases.size() >= 50, "cases=" + cases.size());
        int checked = 0;
        for (final Map.Entry<String, List<long[]>> e : cases.entrySet())
        {
            checked += replay(e.getKey(), LoihiCubaLifParams.CurrentWrap.valueOf(wrapOf.get(e.getKey())),
                e.getValue());
        }
        assertEquals(3738, checked);
    }

    private static int replay(final String name, final LoihiCubaLifParams.CurrentWrap wrap, final List<long[]> rows)
    {
        // row: du dv vth neuron bias_mant bias_exp u0 v0 step a_in u v s
        final long[] first = rows.get(0);
        int n = 0;
        int steps = 0;
        for (final long[] r : rows)
        {
            n = Math.max(n, (int)r[3] + 1);
            steps = Math.max(steps, (int)r[8] + 1);
        }
        final int[] mant = new int[n];
        final int[] exp = new int[n];
        final long[][] byStep = new long[steps * n][];
        for (final long[] r : rows)
        {
            mant[(int)r[3]] = (int)r[4];
            exp[(int)r[3]] = (int)r[5];
            byStep[(int)r[8] * n + (int)r[3]] = r;
        }
        final LoihiCubaLif lif = new LoihiCubaLif(n,
            new LoihiCubaLifParams((int)first[0], (int)first[1], (int)first[2], 0, wrap), mant, exp);
        for (int i = 0; i < n; i++)
        {
            lif.setState(i, (int)byStep[i][6], (int)byStep[i][7]);
        }
        final long[] bits = SpikeBits.allocate(n);
        final UpdateCounts c = new UpdateCounts();
        final int[] input = new int[n];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < n; i++)
            {
                input[i] = (int)byStep[t * n + i][9];
            }
            lif.step(input, bits, c);
            for (int i = 0; i < n; i++)
            {
                final long[] r = byStep[t * n + i];
                final String where = name + " step " + t + " neuron " + i;
                assertEquals(r[10], lif.u(i), where + " u");
                assertEquals(r[11], lif.v(i), where + " v");
                assertEquals(r[12] == 1, SpikeBits.isSet(bits, i), where + " s");
            }
        }
        return rows.size();
    }
}
