package org.nmsim.chip.noc;

/**
 * The on-chip network of one chip: a 2D mesh of tiles, each tile one router with {@code coresPerTile} cores.
 * Cores are numbered tile by tile, tiles row by row:
 *
 * <pre>
 *   core = tile * coresPerTile + coreInTile,   tile = y * tileColumns + x
 *
 *   y=1 | tile 2: cores 4,5 | tile 3: cores 6,7 |     (tileColumns=2, tileRows=2, coresPerTile=2)
 *   y=0 | tile 0: cores 0,1 | tile 1: cores 2,3 |
 *           x=0                 x=1               x grows east, y grows north
 * </pre>
 *
 * @param tileColumns  tiles east-west, at least 1.
 * @param tileRows     tiles north-south, at least 1.
 * @param coresPerTile cores behind each router, at least 1.
 */
public record ChipMesh(int tileColumns, int tileRows, int coresPerTile)
{
    /**
     * Validates the shape.
     *
     * @throws IllegalArgumentException if a dimension is below 1.
     */
    public ChipMesh
    {
        if (tileColumns < 1 || tileRows < 1 || coresPerTile < 1)
        {
            throw new IllegalArgumentException("chip mesh: tileColumns=" + tileColumns + " tileRows=" + tileRows
                + " coresPerTile=" + coresPerTile + " must all be >= 1");
        }
    }

    /** @return tiles on the chip. */
    public int tiles()
    {
        return tileColumns * tileRows;
    }

    /** @return cores on the chip. */
    public int cores()
    {
        return tiles() * coresPerTile;
    }

    /**
     * @param core a core on the chip.
     * @return its tile.
     */
    public int tileOf(final int core)
    {
        if (core < 0 || core >= cores())
        {
            throw new IllegalArgumentException("core=" + core + " outside chip of " + cores() + " cores");
        }
        return core / coresPerTile;
    }

    /**
     * @param tile a tile.
     * @return its x (east-west) coordinate.
     */
    public int tileX(final int tile)
    {
        return tile % tileColumns;
    }

    /**
     * @param tile a tile.
     * @return its y (north-south) coordinate.
     */
    public int tileY(final int tile)
    {
        return tile / tileColumns;
    }
}
