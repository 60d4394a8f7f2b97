package org.nmsim.learning.sfdfa;

/**
 * The critical-point analysis of paper 001, section 3.1 (Fig. 2): the local gradient {@code sum_x dt^x / dw} of a
 * two-input neuron over a grid of its two weights, in the exact form (eq. 17) and the bounded form (eq. 18). The
 * exact form diverges where a spike grazes the threshold ({@code I(t) -> theta}); the bounded form's factor is at
 * most {@code tau / theta}. Data only: plotting is the report's job.
 *
 * <p>Stateless and thread safe.
 */
public final class CriticalPoints
{
    /** The paper's toy: {@code tau_s} (s). */
    public static final double PAPER_TAU_S = 0.01;
    /** The paper's toy: threshold. */
    public static final double PAPER_THETA = 0.01;
    /** The paper's toy: time window (s). */
    public static final double PAPER_WINDOW = 0.01;
    /**
     * Input spike times of the toy's four presynaptic spikes (s). The paper does not list them; two on input 1 at
     * 0 and 1 ms, then two on input 2 at 3 and 4 ms, is this implementation's choice: with a negative second
     * weight the current falls to theta while the potential is near it, inside the window, so grazing crossings
     * (critical points) exist on the grid.
     */
    public static final double[] TOY_SPIKE_TIMES = {0.0, 0.001, 0.003, 0.004};
    /** The axon of each toy input spike. */
    public static final int[] TOY_SPIKE_AXONS = {0, 0, 1, 1};

    private CriticalPoints()
    {
    }

    /**
     * The gradient field of Fig. 2 on a square grid.
     *
     * @param w1            grid values of the first weight.
     * @param w2            grid values of the second weight.
     * @param exactGradient {@code [a][b][2]}: the exact local gradient at {@code (w1[a], w2[b])}.
     * @param boundedGradient {@code [a][b][2]}: the bounded local gradient.
     * @param exactNorm     {@code [a][b]}: the exact gradient's Euclidean norm.
     * @param boundedNorm   {@code [a][b]}: the bounded gradient's norm.
     * @param spikes        {@code [a][b]}: output spikes in the window.
     * @param minMargin     {@code [a][b]}: the smallest {@code (I(t^x) - theta) / theta} over the spikes (small near a
     *                      critical point), +infinity without spikes.
     */
    public record Field(double[] w1, double[] w2, double[][][] exactGradient, double[][][] boundedGradient,
        double[][] exactNorm, double[][] boundedNorm, int[][] spikes, double[][] minMargin)
    {
        /**
         * @return the field as CSV, one grid point per line: {@code w1,w2,exact_dw1,exact_dw2,bounded_dw1,
         *         bounded_dw2,exact_norm,bounded_norm,spikes,min_margin}.
         */
        public String csv()
        {
            final StringBuilder sb = new StringBuilder(
                "w1,w2,exact_dw1,exact_dw2,bounded_dw1,bounded_dw2,exact_norm,bounded_norm,spikes,min_margin\n");
            for (int a = 0; a < w1.length; a++)
            {
                for (int b = 0; b < w2.length; b++)
                {
                    sb.append(w1[a]).append(',').append(w2[b]).append(',').append(exactGradient[a][b][0]).append(',')
                        .append(exactGradient[a][b][1]).append(',').append(boundedGradient[a][b][0]).append(',')
                        .append(boundedGradient[a][b][1]).append(',').append(exactNorm[a][b]).append(',')
                        .append(boundedNorm[a][b]).append(',').append(spikes[a][b]).append(',')
                        .append(minMargin[a][b]).append('\n');
                }
            }
            return sb.toString();
        }
    }

    /**
     * Fig. 2 for the paper's toy neuron ({@link #PAPER_TAU_S}, {@link #PAPER_THETA}, {@link #PAPER_WINDOW},
     * {@link #TOY_SPIKE_TIMES}) over {@code [-wMax, wMax]^2}. Critical points need a negative weight: the current
     * must fall to theta while the potential is near it, inside the 10 ms window.
     *
     * @param points grid points per axis, at least 2.
     * @param wMax   largest weight magnitude on each axis (the paper's axis scale is not given; 0.1 = 10 theta gives
     *               0 to 9 spikes).
     * @return the field.
     */
    public static Field paperToy(final int points, final double wMax)
    {
        if (points < 2 || !(wMax > 0))
        {
            throw new IllegalArgumentException("points=" + points + " must be >= 2 and wMax=" + wMax + " > 0");
        }
        final double[] grid = new double[points];
        for (int i = 0; i < points; i++)
        {
            grid[i] = -wMax + 2.0 * wMax * i / (points - 1);
        }
        return field(PAPER_TAU_S, PAPER_THETA, PAPER_WINDOW, TOY_SPIKE_TIMES, TOY_SPIKE_AXONS, grid, grid);
    }

    /**
     * The gradient field of a two-input neuron.
     *
     * @param tauS   synaptic time constant (s).
     * @param theta  threshold.
     * @param window window (s).
     * @param times  input spike times, sorted.
     * @param axons  input spike axons (0 or 1).
     * @param w1     grid of the first weight.
     * @param w2     grid of the second weight.
     * @return the field.
     */
    public static Field field(final double tauS, final double theta, final double window, final double[] times,
        final int[] axons, final double[] w1, final double[] w2)
    {
        final int na = w1.length;
        final int nb = w2.length;
        final double[][][] ge = new double[na][nb][];
        final double[][][] gb = new double[na][nb][];
        final double[][] ne = new double[na][nb];
        final double[][] nbm = new double[na][nb];
        final int[][] spikes = new int[na][nb];
        final double[][] margin = new double[na][nb];
        for (int a = 0; a < na; a++)
        {
            for (int b = 0; b < nb; b++)
            {
                final double[] w = {w1[a], w2[b]};
                final double[] m = {Double.POSITIVE_INFINITY};
                ge[a][b] = gradient(tauS, theta, window, times, axons, w, true, m);
                gb[a][b] = gradient(tauS, theta, window, times, axons, w, false, null);
                ne[a][b] = Math.hypot(ge[a][b][0], ge[a][b][1]);
                nbm[a][b] = Math.hypot(gb[a][b][0], gb[a][b][1]);
                spikes[a][b] = (int)ge[a][b][2];
                margin[a][b] = m[0];
                ge[a][b] = new double[] {ge[a][b][0], ge[a][b][1]};
                gb[a][b] = new double[] {gb[a][b][0], gb[a][b][1]};
            }
        }
        return new Field(w1.clone(), w2.clone(), ge, gb, ne, nbm, spikes, margin);
    }

    /**
     * @return {@code {dL/dw1, dL/dw2, spikes}} where L sums the spike times; {@code margin[0]} receives the smallest
     *         {@code (I - theta) / theta} over the spikes when not null.
     */
    static double[] gradient(final double tauS, final double theta, final double window, final double[] times,
        final int[] axons, final double[] w, final boolean exact, final double[] margin)
    {
        final SpikeTimeLayer n = new SpikeTimeLayer(1, 2, tauS, theta, window, exact, w.clone());
        final SpikeTimeLayer.SpikeSink sink = margin == null ? (i, t, d) ->
        {
        } : (i, t, d) -> margin[0] = Math.min(margin[0], n.current(0, t) / theta - 1.0);
        for (int e = 0; e < times.length; e++)
        {
            n.fireUntil(times[e], i -> 0.0, sink);
            n.integrate(axons[e], times[e], 0.0);
        }
        n.fireUntil(Double.POSITIVE_INFINITY, i -> 0.0, sink);
        return new double[] {n.localGradient(0, 0), n.localGradient(0, 1), n.spikeCount(0)};
    }
}
