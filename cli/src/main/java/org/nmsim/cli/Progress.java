package org.nmsim.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Progress of one pass over a data set: on a terminal a single line rewritten with {@code \r} at most five times a
 * second; otherwise a plain line at every tenth of the pass. Each shows samples/s, the ETA of the pass, the running
 * accuracy and the energy simulated so far.
 *
 * <p>Threading: NOT thread safe; one per pass, driven by the thread that runs it. Uses wall-clock time for
 * display only; nothing simulated depends on it.
 */
final class Progress
{
    private static final long TERMINAL_INTERVAL_NS = 200_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final String label;
    private final int total;
    private final DoubleSupplier joulesSoFar;
    private final long start = System.nanoTime();
    private long lastPrint = start;
    private int nextTenth = 1;
    private boolean dirty;

    /**
     * @param out         where progress goes.
     * @param terminal    true to rewrite one line with {@code \r}.
     * @param label       e.g. {@code epoch 1/3 train}.
     * @param total       samples in the pass.
     * @param joulesSoFar the energy simulated so far, in joules (called only when a line is printed).
     */
    Progress(final PrintWriter out, final boolean terminal, final String label, final int total,
        final DoubleSupplier joulesSoFar)
    {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
        this.joulesSoFar = joulesSoFar;
    }

    /**
     * @param done    samples done.
     * @param correct correct predictions among them.
     */
    void update(final int done, final int correct)
    {
        final long now = System.nanoTime();
        if (terminal)
        {
            if (now - lastPrint >= TERMINAL_INTERVAL_NS || done == total)
            {
                lastPrint = now;
                out.print("\r" + line(done, correct, now) + "   ");
                out.flush();
                dirty = true;
            }
        }
        else if ((long)done * 10 >= (long)nextTenth * total)
        {
            while ((long)done * 10 >= (long)nextTenth * total)
            {
                nextTenth++;
            }
            out.println(line(done, correct, now));
            out.flush();
        }
    }

    /** Ends the pass: moves past the rewritten line on a terminal. */
    void finish()
    {
        if (terminal && dirty)
        {
            out.println();
            out.flush();
        }
    }

    private String line(final int done, final int correct, final long now)
    {
        final double seconds = Math.max(1e-9, (now - start) / 1e9);
        final double rate = done / seconds;
        final double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        return String.format(Locale.ROOT, "  %s %d/%d (%3d%%)  %.1f samples/s  ETA %s  accuracy %.3f  energy %.4f mJ",
            label, done, total, total == 0 ? 100 : (int)(100L * done / total), rate, formatSeconds(eta),
            done == 0 ? 0.0 : (double)correct / done, joulesSoFar.getAsDouble() * 1e3);
    }

    static String formatSeconds(final double s)
    {
        if (!Double.isFinite(s))
        {
            return "?";
        }
        if (s < 60)
        {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        return String.format(Locale.ROOT, "%d min %02d s", (long)s / 60, (long)s % 60);
    }
}
