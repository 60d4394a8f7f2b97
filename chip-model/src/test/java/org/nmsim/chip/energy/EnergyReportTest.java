package org.nmsim.chip.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.noc.BoardTopology;
import org.nmsim.chip.noc.HopCounts;
import org.nmsim.chip.noc.XyMeshRouting;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.Presets;

class EnergyReportTest
{
    private static final double EPS = 1e-9;

    @Test
    void shouldPriceTenSpikesFanningOutOnLoihi1ByHand()
    {
        // 10 spikes from core 0 (tile (0,0)) to core 76 (tile 19 = (3,2) in the 8 x 4 tile mesh, 4 cores per tile),
        // each fanning out to 100 synapses there. By hand (HARDWARE.md, Loihi Table 2, 32-bit spike message):
        //   synaptic ops   10 x 100 = 1000 x 23.6 pJ          = 23,600 pJ
        //   east-west hops 10 x 3    =   30 x 3.0 pJ          =     90 pJ
        //   north-south    10 x 2    =   20 x 4.0 pJ          =     80 pJ
        //   within tile    10 x 1    =   10 x 1.7 pJ          =     17 pJ
        //   total                                             = 23,787 pJ = 2.3787e-8 J; static 0 (0 W assumed)
        final ChipSpec chip = Presets.loihi1();
        final XyMeshRouting routing = new XyMeshRouting(BoardTopology.singleChip(chip.mesh().value()));
        final HopCounts hops = routing.unicast(0, 76);
        assertEquals(new HopCounts(3, 2, 0, 0, 1), hops);
        final OpCounts counts = new OpCounts()
            .add(OpKind.SYNOP_BINARY, 10 * 100)
            .addTraffic(hops, chip.messageFormat(MessageKind.BINARY_SPIKE).sizeBits(), 10);
        assertEquals(960L, counts.count(OpKind.HOP_EAST_WEST), "10 messages x 32 bits x 3 links");
        final EnergyReport r = EnergyReport.of(EnergyTable.forChip(chip), counts, 0.01, 1);
        assertEquals(23_600.0, r.line(OpKind.SYNOP_BINARY).joules() * 1e12, EPS);
        assertEquals(90.0, r.line(OpKind.HOP_EAST_WEST).joules() * 1e12, EPS);
        assertEquals(80.0, r.line(OpKind.HOP_NORTH_SOUTH).joules() * 1e12, EPS);
        assertEquals(17.0, r.line(OpKind.SPIKE_WITHIN_TILE).joules() * 1e12, EPS);
        assertEquals(23_787.0, r.dynamicJoules() * 1e12, EPS);
        assertEquals(0.0, r.staticJoules());
        assertEquals(r.dynamicJoules(), r.totalJoules());
        assertTrue(r.line(OpKind.SYNOP_BINARY).source().contains("Table 2"));
    }

    @Test
    void shouldPriceInterChipLinkAndScaleByMessageSize()
    {
        // two Loihi chips side by side; core 28 sits in tile 7 = (7,0) of chip 0, core 128 in tile (0,0) of chip 1:
        // one east-west link, and it crosses the chip border.
        final ChipSpec chip = Presets.loihi1();
        final XyMeshRouting routing = new XyMeshRouting(new BoardTopology(chip.mesh().value(), 2, 1));
        final HopCounts hops = routing.unicast(28, 128);
        assertEquals(new HopCounts(0, 0, 1, 0, 1), hops);
        // 10 messages of 32 bits: inter-chip 10 x 4.0 (assumed) = 40 pJ, within tile 10 x 1.7 = 17 pJ
        final EnergyTable t = EnergyTable.forChip(chip);
        final EnergyReport r32 = EnergyReport.of(t, new OpCounts().addTraffic(hops, 32, 10), 0, 1);
        assertEquals(57.0, r32.dynamicJoules() * 1e12, EPS);
        assertTrue(r32.line(OpKind.HOP_INTER_CHIP).assumption());
        // a 56-bit graded message costs 56/32 as much: (40 + 17) x 1.75 = 99.75 pJ
        final EnergyReport r56 = EnergyReport.of(t, new OpCounts().addTraffic(hops, 56, 10), 0, 1);
        assertEquals(99.75, r56.dynamicJoules() * 1e12, EPS);
    }

    @Test
    void shouldChargeStaticPowerTimesChipsTimesSimulatedTime()
    {
        // 0.5 W (override) x 2 chips x 2 s = 2 J; plus 1000 neuron updates x 52 pJ = 5.2e-8 J
        final EnergyTable t = EnergyTable.forChip(Presets.loihi1()).withOverrides(Map.of("static_power_watts", 0.5));
        final EnergyReport r = EnergyReport.of(t, new OpCounts().add(OpKind.NEURON_UPDATE_INACTIVE, 1000), 2.0, 2);
        assertEquals(2.0, r.staticJoules(), 1e-12);
        assertEquals(5.2e-8, r.dynamicJoules(), 1e-20);
        assertEquals(2.0 + 5.2e-8, r.totalJoules(), 1e-12);
    }

    @Test
    void shouldReadCountsFromNamedKernelCounters()
    {
        final Map<String, Long> kernel = Map.of("synop.binary", 5L, "learning.synaptic_update", 2L);
        final OpCounts c = OpCounts.fromCounters(n -> kernel.getOrDefault(n, 0L));
        // 5 x 23.6 + 2 x 120 = 118 + 240 = 358 pJ
        final EnergyReport r = EnergyReport.of(EnergyTable.forChip(Presets.loihi1()), c, 0, 1);
        assertEquals(358.0, r.dynamicJoules() * 1e12, EPS);
        assertEquals(OpKind.values().length, r.lines().size());
    }
}
