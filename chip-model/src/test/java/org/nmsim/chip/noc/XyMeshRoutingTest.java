package org.nmsim.chip.noc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class XyMeshRoutingTest
{
    /** 4 x 4 tiles, 2 cores per tile: core = 2 * (4y + x) + coreInTile. */
    private static final XyMeshRouting MESH = new XyMeshRouting(BoardTopology.singleChip(new ChipMesh(4, 4, 2)));

    @Test
    void shouldCountUnicastHopsByDimension()
    {
        // core 0 at tile (0,0) -> core 22 at tile 11 = (3,2): 3 east-west then 2 north-south
        assertEquals(new HopCounts(3, 2, 0, 0, 1), MESH.unicast(0, 22));
        // back again: same counts (west, then south)
        assertEquals(new HopCounts(3, 2, 0, 0, 1), MESH.unicast(22, 0));
        // the other core in the same tile: no hop, one delivery
        assertEquals(new HopCounts(0, 0, 0, 0, 1), MESH.unicast(0, 1));
    }

    @Test
    void shouldShareLinksInMulticastTree()
    {
        // source (0,0); destinations at tiles (3,2)=core 22, (3,3)=core 30, (1,3)=core 26, (2,0)=core 4.
        // unicast sum: (3+2) + (3+3) + (1+3) + (2+0) = 17 links.
        // tree: row 0 from x=0 to x=3 -> 3 EW; column 3 from y=0 to 3 -> 3 NS; column 1 from y=0 to 3 -> 3 NS.
        final int[] dst = {22, 30, 26, 4};
        final HopCounts tree = MESH.multicast(0, dst);
        assertEquals(new HopCounts(3, 6, 0, 0, 4), tree);
        long unicastSum = 0;
        for (final int d : dst)
        {
            unicastSum += MESH.unicast(0, d).totalHops();
        }
        assertEquals(17L, unicastSum);
        assertTrue(tree.totalHops() < unicastSum);
        // duplicate destinations and both cores of one tile: one extra delivery, no extra link
        assertEquals(new HopCounts(3, 6, 0, 0, 5), MESH.multicast(0, new int[] {22, 30, 26, 4, 5, 22}));
    }

    @Test
    void shouldCountWestAndSouthBranchesOfTree()
    {
        // source at (2,2) = core 20; destinations (0,2)=core 16, (3,0)=core 6, (3,3)=core 30
        // row y=2 from x=0 to x=3: 3 EW; column 3 from y=0 to y=3: 3 NS; column 0 stays at y=2: 0
        assertEquals(new HopCounts(3, 3, 0, 0, 3), MESH.multicast(20, new int[] {16, 6, 30}));
    }

    @Test
    void shouldCountInterChipCrossingsSeparately()
    {
        // chips of 2 x 2 tiles, 1 core per tile, board of 2 x 2 chips: board-wide 4 x 4 tiles.
        final BoardTopology board = new BoardTopology(new ChipMesh(2, 2, 1), 2, 2);
        final XyMeshRouting r = new XyMeshRouting(board);
        // chip 0 core 0 at (0,0) -> chip 3 core 3 (global 15) at (3,3):
        // row 0..3 crosses the chip border between x=1 and x=2 once: 2 EW + 1 inter-chip EW;
        // column 3 from 0..3 crosses between y=1 and y=2 once: 2 NS + 1 inter-chip NS.
        assertEquals(3, board.tileX(15));
        assertEquals(3, board.tileY(15));
        final HopCounts h = r.unicast(0, 15);
        assertEquals(new HopCounts(2, 2, 1, 1, 1), h);
        assertEquals(2L, h.interChip());
        // chip 0 core 1 at (1,0) -> chip 1 core 4 at (2,0): one link, and it is an inter-chip link
        assertEquals(new HopCounts(0, 0, 1, 0, 1), r.unicast(1, 4));
        assertThrows(IllegalArgumentException.class, () -> r.unicast(0, 16));
    }

    @Test
    void shouldListRoutersNeedingEntries()
    {
        final int[] dst = {22, 30, 26, 4};
        // every router of the tree: row 0 x=0..3 (4), column 3 y=1..3 (3), column 1 y=1..3 (3) = 10
        assertEquals(10, MESH.routersNeedingEntries(0, dst, false).length);
        // default routing: source (0,0), turns (1,0),(3,0), deliveries (2,0),(3,2),(3,3),(1,3) = 7 routers;
        // tile index = 4y + x
        assertArrayEquals(new int[] {0, 1, 2, 3, 11, 13, 15}, MESH.routersNeedingEntries(0, dst, true));
    }

    @Test
    void shouldReportRoutingTableOverflowNamingRouterEntriesAndCapacity()
    {
        final RoutingTables t = new RoutingTables(MESH, 1, true);
        t.addRoute("r1", 0, new int[] {22});
        t.validate();
        t.addRoute("r2", 0, new int[] {4});
        assertEquals(2, t.entries(0, 0));
        assertEquals(1, t.entries(3, 2));
        assertEquals(2, t.maxEntries());
        final IllegalStateException e = assertThrows(IllegalStateException.class, t::validate);
        assertEquals("router (chip 0, tile 0 at x=0, y=0): 2 routing entries needed exceed capacity 1 (routing"
            + " entries per router; last route added: r2)", e.getMessage());
    }
}
