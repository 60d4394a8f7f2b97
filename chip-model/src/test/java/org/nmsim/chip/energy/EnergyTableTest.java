package org.nmsim.chip.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nmsim.chip.preset.Presets;
import org.nmsim.chip.preset.UserChips;

class EnergyTableTest
{
    @Test
    void shouldHaveUniqueStableCounterNames()
    {
        final Set<String> names = new HashSet<>();
        for (final OpKind op : OpKind.values())
        {
            assertTrue(names.add(op.counterName()), op.counterName());
            assertEquals(op, OpKind.byName(op.counterName()));
            assertEquals(op, OpKind.byName(op.name().toLowerCase(java.util.Locale.ROOT)));
        }
        assertEquals("synop.binary", OpKind.SYNOP_BINARY.counterName());
        assertEquals("noc.hop.east_west.bits", OpKind.HOP_EAST_WEST.counterName());
    }

    @Test
    void shouldCarryLoihiTable2FiguresAsConfirmed()
    {
        final EnergyTable t = EnergyTable.forChip(Presets.loihi1());
        assertEquals(23.6, t.entry(OpKind.SYNOP_BINARY).picojoules());
        assertEquals(120.0, t.entry(OpKind.SYNAPTIC_UPDATE).picojoules());
        assertEquals(81.0, t.entry(OpKind.NEURON_UPDATE_ACTIVE).picojoules());
        assertEquals(52.0, t.entry(OpKind.NEURON_UPDATE_INACTIVE).picojoules());
        assertEquals(1.7, t.entry(OpKind.SPIKE_WITHIN_TILE).picojoules());
        assertEquals(3.0, t.entry(OpKind.HOP_EAST_WEST).picojoules());
        assertEquals(4.0, t.entry(OpKind.HOP_NORTH_SOUTH).picojoules());
        assertEquals(3.0 / 32, t.entry(OpKind.HOP_EAST_WEST).picojoulesPerUnit(), 1e-15);
        for (final OpKind op : new OpKind[] {OpKind.SYNOP_BINARY, OpKind.SYNAPTIC_UPDATE, OpKind.NEURON_UPDATE_ACTIVE,
            OpKind.NEURON_UPDATE_INACTIVE, OpKind.SPIKE_WITHIN_TILE, OpKind.HOP_EAST_WEST, OpKind.HOP_NORTH_SOUTH})
        {
            assertFalse(t.entry(op).assumption(), op + " is in Table 2");
            assertTrue(t.entry(op).source().contains("Table 2"), op.toString());
        }
        assertTrue(t.entry(OpKind.HOP_INTER_CHIP).assumption());
        assertTrue(t.entry(OpKind.BARRIER_SYNC).assumption());
        assertEquals(3.1, t.entry(OpKind.INT_MULTIPLY).picojoules());
        assertEquals(0.1, t.entry(OpKind.INT_ADD).picojoules());
    }

    @ParameterizedTest
    @ValueSource(strings = {"spinnaker1", "spinnaker2", "loihi2"})
    void shouldFlagEveryEntryOfChipsWithoutPublishedFiguresAsAssumption(final String name)
    {
        final EnergyTable t = EnergyTable.forChip(Presets.byName(name));
        for (final EnergyEntry e : t.entries().values())
        {
            assertTrue(e.assumption(), name + " " + e.op());
            assertFalse(e.source().isBlank());
        }
    }

    @Test
    void shouldApplyOverridesByOpNameAndRejectUnknownOps()
    {
        final EnergyTable t = EnergyTable.forChip(Presets.loihi1())
            .withOverrides(Map.of("noc.hop.east_west.bits", 6.0, "BARRIER_SYNC", 100, "static_power_watts", 0.5));
        assertEquals(6.0, t.entry(OpKind.HOP_EAST_WEST).picojoules());
        assertEquals(6.0 / 32, t.entry(OpKind.HOP_EAST_WEST).picojoulesPerUnit(), 1e-15);
        assertFalse(t.entry(OpKind.BARRIER_SYNC).assumption());
        assertTrue(t.entry(OpKind.BARRIER_SYNC).source().startsWith("user override"));
        assertEquals(0.5, t.staticPowerWatts().value());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> t.withOverrides(Map.of("hop_diagonal", 1.0)));
        assertTrue(e.getMessage().startsWith("energy op 'hop_diagonal' is unknown (known: synop.binary,"),
            e.getMessage());
        final IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
            () -> t.withOverrides(Map.of("synop.binary", -1.0)));
        assertEquals("energy table loihi1: synop.binary=-1.0 must be a number >= 0 (pJ, or W for"
            + " static_power_watts)", n.getMessage());
    }

    @Test
    void shouldUseBasePresetTableForUserChip()
    {
        final EnergyTable t = EnergyTable.forChip(UserChips.fromMap(Map.of("base", "loihi1", "name", "mine",
            "static_power_watts", 0.25)));
        assertEquals("mine", t.name());
        assertEquals(23.6, t.entry(OpKind.SYNOP_BINARY).picojoules());
        assertEquals(0.25, t.staticPowerWatts().value());
    }
}
