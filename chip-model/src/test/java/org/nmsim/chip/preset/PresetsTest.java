package org.nmsim.chip.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nmsim.chip.memory.WeightFormat;
import org.nmsim.chip.message.MessageKind;

class PresetsTest
{
    @Test
    void shouldMatchHardwareMdForLoihi1()
    {
        final ChipSpec c = Presets.loihi1();
        assertEquals(128, c.coresPerChip().value());
        assertFalse(c.coresPerChip().assumption());
        assertEquals(1024, c.compartmentsPerCore().value());
        // "up to 128 KB" synaptic state per core: 128 * 1024 bytes * 8 bits = 1,048,576 = 2^20 bits
        assertEquals(1L << 20, c.synapticMemoryBitsPerCore().value());
        assertEquals(4096, c.fanInPerCore().value());
        assertEquals(4096, c.fanOutPerCore().value());
        assertEquals(1, c.minWeightBits().value());
        assertEquals(9, c.maxWeightBits().value());
        assertEquals(6, c.delayBits().value());
        assertEquals(32, c.messageFormat(MessageKind.BINARY_SPIKE).sizeBits());
        assertFalse(c.messageFormat(MessageKind.BINARY_SPIKE).assumption());
        assertFalse(c.supports(MessageKind.GRADED_SPIKE));
        assertEquals(0, c.gradedPayloadBits().value());
        assertEquals(EngineKind.SUM_OF_PRODUCTS, c.engine().value());
        assertEquals(Set.of(PlasticityOp.EXP, PlasticityOp.LOG), c.missingOps(EnumSet.of(PlasticityOp.EXP,
            PlasticityOp.LOG, PlasticityOp.ADD)), "a sum-of-products engine cannot run SFDFA's exp/log");
        // 32 tiles of 4 cores (derived from Table 2's "1 to 32 tiles"); the 8 x 4 arrangement is an assumption
        assertEquals(32, c.mesh().value().tiles());
        assertTrue(c.mesh().assumption());
    }

    @Test
    void shouldFlagUnconfirmedLoihi2Figures()
    {
        final ChipSpec c = Presets.loihi2();
        assertEquals(128, c.coresPerChip().value());
        assertFalse(c.coresPerChip().assumption());
        assertEquals(8192, c.compartmentsPerCore().value());
        assertTrue(c.compartmentsPerCore().assumption(), "about 8,192 neurons per core is unconfirmed");
        assertTrue(c.synapticMemoryBitsPerCore().assumption(), "128 KB to 192 KB is unconfirmed");
        assertEquals(24, c.gradedPayloadBits().value());
        assertTrue(c.gradedPayloadBits().assumption(), "24-bit graded payload is unconfirmed");
        assertEquals(56, c.messageFormat(MessageKind.GRADED_SPIKE).sizeBits());
        assertTrue(c.messageFormat(MessageKind.GRADED_SPIKE).assumption());
        assertEquals(EngineKind.PROGRAMMABLE, c.engine().value());
    }

    @Test
    void shouldMatchHardwareMdForSpiNNaker()
    {
        final ChipSpec s1 = Presets.spinnaker1();
        assertEquals(18, s1.coresPerChip().value());
        assertEquals(1023, s1.routingEntriesPerRouter().value());
        assertEquals(40, s1.messageFormat(MessageKind.BINARY_SPIKE).sizeBits());
        assertEquals(72, s1.messageFormat(MessageKind.GRADED_SPIKE).sizeBits());
        assertEquals(32, s1.gradedPayloadBits().value());
        assertEquals(16, s1.maxWeightBits().value());
        assertEquals(4, s1.delayBits().value());
        assertEquals(1e-3, s1.timeStepSeconds().value());
        assertFalse(s1.timeStepSeconds().assumption());
        assertTrue(s1.missingOps(EnumSet.allOf(PlasticityOp.class)).isEmpty());
        final ChipSpec s2 = Presets.spinnaker2();
        assertEquals(152, s2.coresPerChip().value());
        assertEquals(16_384, s2.routingEntriesPerRouter().value());
        assertEquals(1_048_576L, s2.synapticMemoryBitsPerCore().value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"loihi1", "loihi2", "spinnaker1", "spinnaker2"})
    void shouldBuildEveryPresetByNameWithSourcesAndConsistentMesh(final String name)
    {
        final ChipSpec c = Presets.byName(name);
        assertEquals(name, c.name());
        assertEquals(c.coresPerChip().value(), c.mesh().value().cores());
        assertFalse(c.coresPerChip().source().isBlank());
        assertTrue(c.staticPowerWatts().assumption(), "no static power figure is confirmed in HARDWARE.md");
        for (final var f : c.messages().values())
        {
            assertFalse(f.source().isBlank());
        }
    }

    @Test
    void shouldCheckWeightFormatsAgainstChipLimits()
    {
        final ChipSpec c = Presets.loihi1();
        c.checkWeightFormat(new WeightFormat(8, true), "projection fc1");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> c.checkWeightFormat(new WeightFormat(12, true), "projection fc1"));
        assertEquals("weightBits=12 outside chip limits [minWeightBits=1, maxWeightBits=9] (chip loihi1,"
            + " projection fc1)", e.getMessage());
        final IllegalArgumentException u = assertThrows(IllegalArgumentException.class,
            () -> Presets.spinnaker1().checkWeightFormat(new WeightFormat(16, true), "projection fc1"));
        assertTrue(u.getMessage().startsWith("signed weights are not supported"), u.getMessage());
        final IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
            () -> Presets.byName("truenorth"));
        assertTrue(p.getMessage().contains("'truenorth'"), p.getMessage());
    }
}
