package org.nmsim.chip.energy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.Sourced;

/**
 * Per-operation energies of one chip, each with its source, plus the chip's static power (ARCHITECTURE.md: "a table
 * of per-operation energies with a source for every entry plus static power x simulated wall time").
 *
 * <h2>Sources</h2>
 * <ul>
 *   <li><b>loihi1</b>: Table 2 of Davies et al. 2018 (HARDWARE.md): synaptic op 23.6 pJ (minimum), synaptic update
 *   120 pJ, neuron update 81 / 52 pJ, spike within a tile 1.7 pJ, hop east-west 3.0 pJ, north-south 4.0 pJ. Every
 *   other entry is a labelled assumption.</li>
 *   <li><b>loihi2</b>: no per-op figures are published; synaptic ops use the Hala Point bound (6.8 pJ, derived,
 *   an upper bound) and everything else reuses Loihi's Table 2, all flagged.</li>
 *   <li><b>spinnaker1/2</b>: per-op energies are <b>unconfirmed</b> (HARDWARE.md); all entries are assumptions:
 *   SpiNNaker 1's synaptic event uses the low end (8 nJ) of the unconfirmed range; SpiNNaker 2's and the neuron
 *   and learning ops are built from Horowitz 45 nm figures; network ops reuse Loihi's Table 2 per 32 bits.</li>
 *   <li>Digital ops of programmable engines, on every chip: Horowitz (ISSCC 2014, 45 nm, 0.9 V; HARDWARE.md):
 *   int32 add 0.1 pJ, int32 multiply 3.1 pJ, fp32 add 0.9 pJ, fp32 multiply 3.7 pJ, 64-bit read from an 8 KB cache
 *   about 10 pJ. Flagged as assumptions because the chips are not 45 nm parts; EXP, LOG, DIVIDE, SQRT, SHIFT and
 *   RANDOM are composed from them (see each entry).</li>
 * </ul>
 *
 * <h2>Network ops and message size</h2>
 * Network entries are published per message (Loihi: per 32-bit spike message); the table charges them per bit-hop,
 * {@code picojoules / referenceBits}, so a message of {@code b} bits costs {@code b / referenceBits} times the
 * published figure. Linear scaling with size is an assumption; for Loihi's own 32-bit spike it is exact.
 *
 * <p>Threading: immutable, thread safe.
 */
public final class EnergyTable
{
    static final String TABLE2 = "HARDWARE.md, Loihi Table 2 (Davies et al. 2018; pre-silicon SPICE, 0.75 V)";
    static final String HOROWITZ = "HARDWARE.md, Horowitz ISSCC 2014 (45 nm, 0.9 V)";
    static final int LOIHI_SPIKE_BITS = 32;

    private final String name;
    private final Map<OpKind, EnergyEntry> entries;
    private final Sourced<Double> staticPowerWatts;

    private EnergyTable(final String name, final Map<OpKind, EnergyEntry> entries,
        final Sourced<Double> staticPowerWatts)
    {
        for (final OpKind op : OpKind.values())
        {
            if (!entries.containsKey(op))
            {
                throw new IllegalStateException("energy table " + name + ": no entry for " + op.counterName());
            }
        }
        this.name = name;
        this.entries = Collections.unmodifiableMap(new EnumMap<>(entries));
        this.staticPowerWatts = staticPowerWatts;
    }

    /**
     * The table for a chip: the per-op figures of its base preset ({@link ChipSpec#base()}) and the chip's static
     * power.
     *
     * @param chip the chip.
     * @return its energy table.
     */
    public static EnergyTable forChip(final ChipSpec chip)
    {
        final Map<OpKind, EnergyEntry> e = new EnumMap<>(OpKind.class);
        horowitz(e);
        switch (chip.base())
        {
            case "loihi1":
                loihiTable2(e, false);
                break;
            case "loihi2":
                loihiTable2(e, true);
                for (final OpKind op : new OpKind[] {OpKind.SYNOP_BINARY, OpKind.SYNOP_SIGNED, OpKind.SYNOP_GRADED,
                    OpKind.SYNOP_BURST})
                {
                    put(e, op, 6.8, "HARDWARE.md, Loihi 2 Hala Point: 2,600 W / 380 T 8-bit synops/s = about 6.8 pJ"
                        + " per synaptic op (derived upper bound, not measured)", true);
                }
                break;
            case "spinnaker1":
            case "spinnaker2":
                spinnaker(e, chip.base().equals("spinnaker1"));
                break;
            default:
                throw new IllegalArgumentException("chip '" + chip.name() + "': no energy table for base '"
                    + chip.base() + "'");
        }
        return new EnergyTable(chip.name(), e, chip.staticPowerWatts());
    }

    /**
     * A copy with some entries replaced. Keys are op names ({@link OpKind#byName}) with the energy in pJ in the
     * entry's published unit (per event, or per message of the entry's reference size for network ops), or
     * {@code "static_power_watts"}.
     *
     * @param overrides op name to energy.
     * @return the new table; overridden entries are sourced as user overrides.
     * @throws IllegalArgumentException naming an unknown op or a value that is not a non-negative number.
     */
    public EnergyTable withOverrides(final Map<String, ?> overrides)
    {
        final Map<OpKind, EnergyEntry> e = new EnumMap<>(entries);
        Sourced<Double> staticPower = staticPowerWatts;
        final String src = "user override (energy table " + name + ")";
        for (final Map.Entry<String, ?> o : overrides.entrySet())
        {
            if (!(o.getValue() instanceof Number) || !(((Number)o.getValue()).doubleValue() >= 0.0))
            {
                throw new IllegalArgumentException("energy table " + name + ": " + o.getKey() + "=" + o.getValue()
                    + " must be a number >= 0 (pJ, or W for static_power_watts)");
            }
            final double v = ((Number)o.getValue()).doubleValue();
            if (o.getKey().equals("static_power_watts"))
            {
                staticPower = Sourced.of(v, src);
                continue;
            }
            final OpKind op = OpKind.byName(o.getKey());
            e.put(op, new EnergyEntry(op, v, e.get(op).referenceBits(), src, false));
        }
        return new EnergyTable(name, e, staticPower);
    }

    /** @return the chip name the table belongs to. */
    public String name()
    {
        return name;
    }

    /**
     * @param op an op.
     * @return its entry.
     */
    public EnergyEntry entry(final OpKind op)
    {
        return entries.get(op);
    }

    /** @return every entry, in {@link OpKind} order. */
    public Map<OpKind, EnergyEntry> entries()
    {
        return entries;
    }

    /** @return static power of one chip. */
    public Sourced<Double> staticPowerWatts()
    {
        return staticPowerWatts;
    }

    private static void put(final Map<OpKind, EnergyEntry> e, final OpKind op, final double pj, final String source,
        final boolean assumption)
    {
        e.put(op, new EnergyEntry(op, pj, 0, source, assumption));
    }

    private static void putNoc(final Map<OpKind, EnergyEntry> e, final OpKind op, final double pj,
        final String source, final boolean assumption)
    {
        e.put(op, new EnergyEntry(op, pj, LOIHI_SPIKE_BITS, source, assumption));
    }

    private static void horowitz(final Map<OpKind, EnergyEntry> e)
    {
        final String a = "assumption: " + HOROWITZ + " figure used as a proxy; ";
        put(e, OpKind.INT_ADD, 0.1, a + "int32 add 0.1 pJ", true);
        put(e, OpKind.INT_MULTIPLY, 3.1, a + "int32 multiply 3.1 pJ", true);
        put(e, OpKind.FP_ADD, 0.9, a + "fp32 add 0.9 pJ", true);
        put(e, OpKind.FP_MULTIPLY, 3.7, a + "fp32 multiply 3.7 pJ", true);
        put(e, OpKind.SHIFT, 0.1, a + "shift priced as an int32 add (0.1 pJ)", true);
        put(e, OpKind.EXP, 46.0, a + "exp as 10 fp32 multiply-adds (10 x (3.7 + 0.9) = 46 pJ)", true);
        put(e, OpKind.LOG, 46.0, a + "log as 10 fp32 multiply-adds (10 x (3.7 + 0.9) = 46 pJ)", true);
        put(e, OpKind.DIVIDE, 14.8, a + "divide as 4 fp32 multiplies, Newton-Raphson (4 x 3.7 = 14.8 pJ)", true);
        put(e, OpKind.SQRT, 14.8, a + "sqrt as 4 fp32 multiplies, Newton-Raphson (4 x 3.7 = 14.8 pJ)", true);
        put(e, OpKind.RANDOM, 9.6, a + "one random number as 3 int32 multiplies + 3 adds (3 x 3.1 + 3 x 0.1)", true);
        put(e, OpKind.MEMORY_READ_WORD, 10.0, a + "64-bit read from an 8 KB cache about 10 pJ", true);
        put(e, OpKind.MEMORY_WRITE_WORD, 10.0, a + "write priced as a 64-bit read from an 8 KB cache (10 pJ)",
            true);
    }

    private static void loihiTable2(final Map<OpKind, EnergyEntry> e, final boolean reused)
    {
        final String s = reused ? "assumption: Loihi 1 figure reused for Loihi 2 (no published per-op figures); "
            + TABLE2 : TABLE2;
        put(e, OpKind.SYNOP_BINARY, 23.6, s + ": synaptic spike op 23.6 pJ (min)", reused);
        final String syn = "assumption: synaptic spike op (23.6 pJ, min) reused for this message kind; " + TABLE2;
        put(e, OpKind.SYNOP_SIGNED, 23.6, syn, true);
        put(e, OpKind.SYNOP_GRADED, 23.6, syn, true);
        put(e, OpKind.SYNOP_BURST, 23.6, syn, true);
        put(e, OpKind.NEURON_UPDATE_ACTIVE, 81.0, s + ": neuron update, active 81 pJ", reused);
        put(e, OpKind.NEURON_UPDATE_INACTIVE, 52.0, s + ": neuron update, inactive 52 pJ", reused);
        put(e, OpKind.SYNAPTIC_UPDATE, 120.0, s + ": synaptic update (pairwise STDP) 120 pJ", reused);
        put(e, OpKind.TRACE_UPDATE, 3.2, "assumption: not in Table 2; priced as one int32 multiply + add ("
            + HOROWITZ + ": 3.1 + 0.1 pJ)", true);
        putNoc(e, OpKind.SPIKE_WITHIN_TILE, 1.7, s + ": spike within a tile 1.7 pJ per 32-bit spike message",
            reused);
        putNoc(e, OpKind.HOP_EAST_WEST, 3.0, s + ": tile hop east-west 3.0 pJ per 32-bit spike message", reused);
        putNoc(e, OpKind.HOP_NORTH_SOUTH, 4.0, s + ": tile hop north-south 4.0 pJ per 32-bit spike message",
            reused);
        putNoc(e, OpKind.HOP_INTER_CHIP, 4.0, "assumption: no inter-chip figure in HARDWARE.md; the north-south tile"
            + " hop (4.0 pJ per 32 bits, " + TABLE2 + ") used as a lower bound", true);
        put(e, OpKind.BARRIER_SYNC, 0.0, "assumption: " + TABLE2 + " gives barrier time (113 to 465 ns) but no"
            + " energy; 0 pJ until overridden", true);
    }

    private static void spinnaker(final Map<OpKind, EnergyEntry> e, final boolean first)
    {
        if (first)
        {
            final String s = "assumption: HARDWARE.md, SpiNNaker 1: energy per synaptic event UNCONFIRMED (about 8 nJ"
                + " to several uJ in secondary sources); low end 8 nJ = 8000 pJ used";
            for (final OpKind op : new OpKind[] {OpKind.SYNOP_BINARY, OpKind.SYNOP_SIGNED, OpKind.SYNOP_GRADED,
                OpKind.SYNOP_BURST})
            {
                put(e, op, 8000.0, s, true);
            }
        }
        else
        {
            final String s = "assumption: SpiNNaker 2 synaptic event not in HARDWARE.md; priced as one memory word"
                + " read + int32 add (" + HOROWITZ + ": 10 + 0.1 pJ), ignoring instruction overhead";
            for (final OpKind op : new OpKind[] {OpKind.SYNOP_BINARY, OpKind.SYNOP_SIGNED, OpKind.SYNOP_GRADED,
                OpKind.SYNOP_BURST})
            {
                put(e, op, 10.1, s, true);
            }
        }
        final String n = "assumption: SpiNNaker neuron update not in HARDWARE.md; priced as 2 int32 multiplies + 3"
            + " adds + 1 word read + 1 word write (" + HOROWITZ + ": 6.2 + 0.3 + 20 = 26.5 pJ); a programmable core"
            + " updates every neuron every step, so active = inactive";
        put(e, OpKind.NEURON_UPDATE_ACTIVE, 26.5, n, true);
        put(e, OpKind.NEURON_UPDATE_INACTIVE, 26.5, n, true);
        put(e, OpKind.SYNAPTIC_UPDATE, 26.4, "assumption: priced as 1 word read + 1 word write + 2 int32 multiplies"
            + " + 2 adds (" + HOROWITZ + ": 20 + 6.2 + 0.2 = 26.4 pJ)", true);
        put(e, OpKind.TRACE_UPDATE, 3.2, "assumption: priced as one int32 multiply + add (" + HOROWITZ
            + ": 3.1 + 0.1 pJ)", true);
        final String noc = "assumption: SpiNNaker link energy not in HARDWARE.md; Loihi figure per 32 bits reused ("
            + TABLE2 + "): ";
        putNoc(e, OpKind.SPIKE_WITHIN_TILE, 1.7, noc + "spike within a tile 1.7 pJ", true);
        putNoc(e, OpKind.HOP_EAST_WEST, 3.0, noc + "hop east-west 3.0 pJ", true);
        putNoc(e, OpKind.HOP_NORTH_SOUTH, 4.0, noc + "hop north-south 4.0 pJ", true);
        putNoc(e, OpKind.HOP_INTER_CHIP, 4.0, noc + "north-south hop 4.0 pJ as a lower bound for a chip-to-chip"
            + " link", true);
        put(e, OpKind.BARRIER_SYNC, 0.0, "assumption: SpiNNaker steps are timer-driven, no barrier energy; 0 pJ",
            true);
    }
}
