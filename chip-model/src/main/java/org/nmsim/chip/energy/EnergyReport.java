package org.nmsim.chip.energy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.nmsim.chip.preset.Sourced;

/**
 * Counts x table: the energy of a run by operation, each line with the source of its figure, plus static energy.
 *
 * @param table            the energy table's name.
 * @param lines            one line per {@link OpKind}, in enum order (zero counts included).
 * @param dynamicJoules    the sum of the lines.
 * @param staticPowerWatts static power per chip, with its source.
 * @param chips            chips powered.
 * @param simulatedSeconds simulated wall time.
 * @param staticJoules     {@code staticPowerWatts * chips * simulatedSeconds}.
 */
public record EnergyReport(String table, List<Line> lines, double dynamicJoules, Sourced<Double> staticPowerWatts,
    int chips, double simulatedSeconds, double staticJoules)
{
    /** Picojoules per joule. */
    private static final double PJ = 1e-12;

    /**
     * One operation's share.
     *
     * @param op                the operation.
     * @param count             counted units (events or bit-hops).
     * @param picojoulesPerUnit energy of one unit.
     * @param joules            {@code count * picojoulesPerUnit * 1e-12}.
     * @param source            source of the figure.
     * @param assumption        whether the figure is an assumption.
     */
    public record Line(OpKind op, long count, double picojoulesPerUnit, double joules, String source,
        boolean assumption)
    {
    }

    /**
     * @param table            the energy table.
     * @param counts           the op counts.
     * @param simulatedSeconds simulated wall time, {@code >= 0} (steps x the chip's time step in stepped mode).
     * @param chips            chips that draw static power, {@code >= 0}.
     * @return the report.
     */
    public static EnergyReport of(final EnergyTable table, final OpCounts counts, final double simulatedSeconds,
        final int chips)
    {
        if (!(simulatedSeconds >= 0.0) || chips < 0)
        {
            throw new IllegalArgumentException("energy report: simulatedSeconds=" + simulatedSeconds + " chips="
                + chips + " must both be >= 0");
        }
        final List<Line> lines = new ArrayList<>();
        double dynamic = 0.0;
        for (final OpKind op : OpKind.values())
        {
            final EnergyEntry e = table.entry(op);
            final long n = counts.count(op);
            final double j = n * e.picojoulesPerUnit() * PJ;
            dynamic += j;
            lines.add(new Line(op, n, e.picojoulesPerUnit(), j, e.source(), e.assumption()));
        }
        final double stat = table.staticPowerWatts().value() * chips * simulatedSeconds;
        return new EnergyReport(table.name(), Collections.unmodifiableList(lines), dynamic,
            table.staticPowerWatts(), chips, simulatedSeconds, stat);
    }

    /**
     * @param op an op.
     * @return its line.
     */
    public Line line(final OpKind op)
    {
        return lines.get(op.ordinal());
    }

    /** @return dynamic + static energy in joules. */
    public double totalJoules()
    {
        return dynamicJoules + staticJoules;
    }
}
