package org.nmsim.chip.noc;

import java.util.Arrays;

/**
 * Dimension-order (XY) routing on the board-wide tile mesh of a {@link BoardTopology}: a message first travels
 * east-west along the source tile's row to the destination column, then north-south to the destination tile.
 *
 * <p><b>Multicast</b> builds the union of the XY paths from one source to every destination; because every path
 * starts along the same row, the union is a tree: one row segment through the source, plus one column segment per
 * destination column. Each link of the tree carries the message once, so a tree never uses more links than the sum
 * of the unicast paths, and usually far fewer.
 *
 * <p>A link whose two tiles lie on different chips is an inter-chip link: it is counted in
 * {@link HopCounts#interChipEastWest()} or {@link HopCounts#interChipNorthSouth()}, not in the on-chip counts.
 * Delivery from a router to a core of its own tile is one {@link HopCounts#deliveries() delivery} per distinct
 * destination core (a destination on the source core itself also counts as one delivery and no hops).
 *
 * <p>Threading: immutable, thread safe. Allocates per call (mapping time, not the spike hot path: the simulator
 * charges precomputed {@link HopCounts} per route).
 */
public final class XyMeshRouting
{
    private final BoardTopology board;

    /**
     * @param board the board.
     */
    public XyMeshRouting(final BoardTopology board)
    {
        this.board = board;
    }

    /** @return the board. */
    public BoardTopology board()
    {
        return board;
    }

    /**
     * @param sourceCore      board-wide id of the sending core.
     * @param destinationCore board-wide id of the receiving core.
     * @return the links of the XY path and one delivery.
     */
    public HopCounts unicast(final int sourceCore, final int destinationCore)
    {
        return multicast(sourceCore, new int[] {destinationCore});
    }

    /**
     * @param sourceCore       board-wide id of the sending core.
     * @param destinationCores board-wide ids of the receiving cores (duplicates count once).
     * @return the links of the multicast tree and one delivery per distinct destination core.
     */
    public HopCounts multicast(final int sourceCore, final int[] destinationCores)
    {
        final int sx = board.tileX(sourceCore);
        final int sy = board.tileY(sourceCore);
        final int[] cores = distinct(destinationCores);
        if (cores.length == 0)
        {
            return HopCounts.ZERO;
        }
        final int cols = board.tileColumns();
        final int[] colLo = new int[cols];
        final int[] colHi = new int[cols];
        Arrays.fill(colLo, Integer.MAX_VALUE);
        Arrays.fill(colHi, Integer.MIN_VALUE);
        int rowLo = sx;
        int rowHi = sx;
        for (final int c : cores)
        {
            final int x = board.tileX(c);
            final int y = board.tileY(c);
            rowLo = Math.min(rowLo, x);
            rowHi = Math.max(rowHi, x);
            colLo[x] = Math.min(colLo[x], Math.min(y, sy));
            colHi[x] = Math.max(colHi[x], Math.max(y, sy));
        }
        final int w = board.chip().tileColumns();
        final int h = board.chip().tileRows();
        final long rowLinks = rowHi - rowLo;
        final long rowCross = Math.floorDiv(rowHi, w) - Math.floorDiv(rowLo, w);
        long colLinks = 0;
        long colCross = 0;
        for (int x = 0; x < cols; x++)
        {
            if (colHi[x] >= colLo[x])
            {
                colLinks += colHi[x] - colLo[x];
                colCross += Math.floorDiv(colHi[x], h) - Math.floorDiv(colLo[x], h);
            }
        }
        return new HopCounts(rowLinks - rowCross, colLinks - colCross, rowCross, colCross, cores.length);
    }

    /**
     * The routers (board-wide tile indices {@code y * board.tileColumns() + x}) that need a routing entry for a
     * multicast route. Without default routing, every router the tree visits. With default routing (SpiNNaker's
     * convention: a packet that no entry matches goes straight on), only the source router, routers where the
     * tree turns or branches into a column, and routers that deliver to a local core.
     *
     * @param sourceCore       board-wide id of the sending core.
     * @param destinationCores board-wide ids of the receiving cores.
     * @param defaultRouting   whether straight-through routers may omit the entry.
     * @return distinct router indices, ascending.
     */
    public int[] routersNeedingEntries(final int sourceCore, final int[] destinationCores,
        final boolean defaultRouting)
    {
        final int sx = board.tileX(sourceCore);
        final int sy = board.tileY(sourceCore);
        final int cols = board.tileColumns();
        final int rows = board.tileRows();
        final boolean[] mark = new boolean[cols * rows];
        mark[sy * cols + sx] = true;
        for (final int c : distinct(destinationCores))
        {
            final int x = board.tileX(c);
            final int y = board.tileY(c);
            mark[y * cols + x] = true;
            mark[sy * cols + x] = true;
            if (!defaultRouting)
            {
                for (int i = Math.min(sx, x); i <= Math.max(sx, x); i++)
                {
                    mark[sy * cols + i] = true;
                }
                for (int j = Math.min(sy, y); j <= Math.max(sy, y); j++)
                {
                    mark[j * cols + x] = true;
                }
            }
        }
        int n = 0;
        for (final boolean b : mark)
        {
            n += b ? 1 : 0;
        }
        final int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < mark.length; i++)
        {
            if (mark[i])
            {
                out[k++] = i;
            }
        }
        return out;
    }

    private static int[] distinct(final int[] cores)
    {
        final int[] s = cores.clone();
        Arrays.sort(s);
        int n = 0;
        for (int i = 0; i < s.length; i++)
        {
            if (i == 0 || s[i] != s[i - 1])
            {
                s[n++] = s[i];
            }
        }
        return Arrays.copyOf(s, n);
    }
}
