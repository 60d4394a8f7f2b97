package org.nmsim.chip.noc;

/**
 * The links one message (or one multicast tree) uses, split the way the energy model prices them.
 *
 * @param eastWest            tile-to-tile links east-west inside a chip.
 * @param northSouth          tile-to-tile links north-south inside a chip.
 * @param interChipEastWest   chip-to-chip links crossed east-west.
 * @param interChipNorthSouth chip-to-chip links crossed north-south.
 * @param deliveries          copies handed from a router to a destination core (one per distinct destination).
 */
public record HopCounts(long eastWest, long northSouth, long interChipEastWest, long interChipNorthSouth,
    long deliveries)
{
    /** No links, no deliveries. */
    public static final HopCounts ZERO = new HopCounts(0, 0, 0, 0, 0);

    /** @return chip-to-chip links in both directions. */
    public long interChip()
    {
        return interChipEastWest + interChipNorthSouth;
    }

    /** @return all links, on-chip and inter-chip. */
    public long totalHops()
    {
        return eastWest + northSouth + interChip();
    }

    /**
     * @param o other counts.
     * @return the element-wise sum.
     */
    public HopCounts plus(final HopCounts o)
    {
        return new HopCounts(eastWest + o.eastWest, northSouth + o.northSouth,
            interChipEastWest + o.interChipEastWest, interChipNorthSouth + o.interChipNorthSouth,
            deliveries + o.deliveries);
    }
}
