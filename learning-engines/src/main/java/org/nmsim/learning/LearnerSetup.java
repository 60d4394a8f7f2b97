package org.nmsim.learning;

import org.nmsim.chip.preset.ChipSpec;

/**
 * Everything a {@link LearnerFactory} needs besides the algorithm's own parameters.
 *
 * @param sizes      layer sizes, input first, classes last.
 * @param chip       the chip.
 * @param formats    declared storage widths, charged against core memory.
 * @param fixedPoint true to compute in the chip's fixed-point formats; false for float64 arithmetic with memory
 *                   still charged at the declared widths.
 * @param seed       the experiment's seed (every random draw derives from it).
 * @param workers    kernel worker threads (results must not depend on it).
 */
public record LearnerSetup(int[] sizes, ChipSpec chip, StorageFormats formats, boolean fixedPoint, long seed,
    int workers)
{
}
