package org.nmsim.chip.noc;

/**
 * A board of identical chips in their own 2D grid. The tile meshes of the chips join into one board-wide mesh
 * of tiles; a link between two tiles of different chips is an inter-chip link, counted and priced separately.
 * Cores have board-wide ids, chip by chip, chips row by row:
 *
 * <pre>
 *   globalCore = chip * chip.cores() + core,   chip = chipY * chipColumns + chipX
 *   globalTileX = chipX * tileColumns + tileX,  globalTileY = chipY * tileRows + tileY
 * </pre>
 *
 * @param chip        the mesh of one chip.
 * @param chipColumns chips east-west, at least 1.
 * @param chipRows    chips north-south, at least 1.
 */
public record BoardTopology(ChipMesh chip, int chipColumns, int chipRows)
{
    /**
     * Validates the grid.
     *
     * @throws IllegalArgumentException if a dimension is below 1.
     */
    public BoardTopology
    {
        if (chip == null || chipColumns < 1 || chipRows < 1)
        {
            throw new IllegalArgumentException("board: chip=" + chip + " chipColumns=" + chipColumns + " chipRows="
                + chipRows + " must be given and >= 1");
        }
    }

    /**
     * @param chip the mesh of the only chip.
     * @return a board of one chip.
     */
    public static BoardTopology singleChip(final ChipMesh chip)
    {
        return new BoardTopology(chip, 1, 1);
    }

    /** @return chips on the board. */
    public int chips()
    {
        return chipColumns * chipRows;
    }

    /** @return cores on the board. */
    public int cores()
    {
        return chips() * chip.cores();
    }

    /** @return board-wide tile columns. */
    public int tileColumns()
    {
        return chipColumns * chip.tileColumns();
    }

    /** @return board-wide tile rows. */
    public int tileRows()
    {
        return chipRows * chip.tileRows();
    }

    /**
     * @param globalCore a board-wide core id.
     * @return the chip holding it.
     */
    public int chipOf(final int globalCore)
    {
        checkCore(globalCore);
        return globalCore / chip.cores();
    }

    /**
     * @param globalCore a board-wide core id.
     * @return the board-wide x of its tile.
     */
    public int tileX(final int globalCore)
    {
        final int c = chipOf(globalCore);
        return (c % chipColumns) * chip.tileColumns() + chip.tileX(chip.tileOf(globalCore % chip.cores()));
    }

    /**
     * @param globalCore a board-wide core id.
     * @return the board-wide y of its tile.
     */
    public int tileY(final int globalCore)
    {
        final int c = chipOf(globalCore);
        return (c / chipColumns) * chip.tileRows() + chip.tileY(chip.tileOf(globalCore % chip.cores()));
    }

    /**
     * @param x board-wide tile x.
     * @param y board-wide tile y.
     * @return a readable router name, e.g. {@code "router (chip 1, tile 5 at x=1, y=1)"}.
     */
    public String routerName(final int x, final int y)
    {
        final int chipIndex = (y / chip.tileRows()) * chipColumns + x / chip.tileColumns();
        final int lx = x % chip.tileColumns();
        final int ly = y % chip.tileRows();
        return "router (chip " + chipIndex + ", tile " + (ly * chip.tileColumns() + lx) + " at x=" + lx + ", y=" + ly
            + ")";
    }

    private void checkCore(final int globalCore)
    {
        if (globalCore < 0 || globalCore >= cores())
        {
            throw new IllegalArgumentException("core=" + globalCore + " outside board of " + cores() + " cores ("
                + chips() + " chips x " + chip.cores() + ")");
        }
    }
}
