package org.nmsim.chip.energy;

/**
 * The energy of one operation, with its source.
 *
 * @param op            the operation.
 * @param picojoules    energy as published: per event, or for network ops per message of {@code referenceBits}.
 * @param referenceBits for {@link OpKind.Unit#BIT} ops, the message size the figure is for (e.g. 32 for Loihi's
 *                      spike message); 0 for event ops.
 * @param source        where the figure comes from (HARDWARE.md section and publication, or the assumption).
 * @param assumption    true if HARDWARE.md does not confirm the figure for this chip.
 */
public record EnergyEntry(OpKind op, double picojoules, int referenceBits, String source, boolean assumption)
{
    /**
     * Validates the entry.
     *
     * @throws IllegalArgumentException if the energy is negative or not finite, or the reference size does not
     *                                  match the op's unit.
     */
    public EnergyEntry
    {
        if (op == null || source == null || source.isBlank())
        {
            throw new IllegalArgumentException("energy entry: op=" + op + " source=" + source + " must be given");
        }
        if (!(picojoules >= 0.0) || Double.isInfinite(picojoules))
        {
            throw new IllegalArgumentException("energy entry " + op.counterName() + ": picojoules=" + picojoules
                + " must be finite and >= 0");
        }
        if ((op.unit() == OpKind.Unit.BIT) != (referenceBits > 0))
        {
            throw new IllegalArgumentException("energy entry " + op.counterName() + ": referenceBits="
                + referenceBits + " must be > 0 exactly for bit-counted ops (unit=" + op.unit() + ")");
        }
    }

    /** @return energy per counted unit: per event, or per bit-hop ({@code picojoules / referenceBits}). */
    public double picojoulesPerUnit()
    {
        return referenceBits > 0 ? picojoules / referenceBits : picojoules;
    }
}
