package org.nmsim.mapping.place;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.nmsim.chip.noc.BoardTopology;
import org.nmsim.chip.noc.XyMeshRouting;

/**
 * Places logical cores onto the board's physical cores, minimising total spike-hop traffic: the sum over source
 * cores of (spikes per step of the source) x (links of its XY multicast tree to its destination cores).
 *
 * <ul>
 *   <li>{@link #naive}: logical core i on physical core i (populations in network order, chip by chip, tile by
 *   tile).</li>
 *   <li>{@link #optimised}: simulated annealing over pairwise swaps (a logical core with another logical core or
 *   with a free physical core), starting from the naive placement, with a fixed seed and a linear cooling
 *   schedule; it returns the best placement it visited, so it is never worse than naive by construction.</li>
 * </ul>
 *
 * <p>The search also stops after {@link #WORK_LIMIT} destination evaluations (the sum over recomputed routes of
 * their destination counts), so that a large board with wide multicast routes costs bounded time.
 *
 * <p>Threading: NOT thread safe; deterministic for a given seed.
 */
public final class Placer
{
    /** The most destination evaluations one optimised placement spends. */
    public static final long WORK_LIMIT = 20_000_000L;

    private final XyMeshRouting routing;
    private final int[][] destinations;
    private final double[] rates;
    private final int[][] touching;

    /**
     * @param board        the board.
     * @param destinations for each logical core, the logical cores its spikes go to (may be empty).
     * @param rates        for each logical core, spikes it sends per step.
     */
    public Placer(final BoardTopology board, final int[][] destinations, final double[] rates)
    {
        if (destinations.length != rates.length || destinations.length > board.cores())
        {
            throw new IllegalArgumentException("placer: cores=" + destinations.length + " rates=" + rates.length +
                " must match and fit the board's " + board.cores() + " cores");
        }
        this.routing = new XyMeshRouting(board);
        this.destinations = destinations;
        this.rates = rates;
        final List<List<Integer>> t = new ArrayList<>();
        for (int i = 0; i < destinations.length; i++)
        {
            t.add(new ArrayList<>());
        }
        for (int s = 0; s < destinations.length; s++)
        {
            if (destinations[s].length == 0)
            {
                continue;
            }
            t.get(s).add(s);
            for (final int d : destinations[s])
            {
                if (d != s)
                {
                    t.get(d).add(s);
                }
            }
        }
        touching = new int[destinations.length][];
        for (int i = 0; i < destinations.length; i++)
        {
            touching[i] = t.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** @return physical core i for logical core i. */
    public int[] naive()
    {
        final int[] p = new int[destinations.length];
        for (int i = 0; i < p.length; i++)
        {
            p[i] = i;
        }
        return p;
    }

    /**
     * @param placement physical core of each logical core.
     * @return spikes x links per step.
     */
    public double cost(final int[] placement)
    {
        double total = 0;
        for (int s = 0; s < destinations.length; s++)
        {
            total += routeCost(s, placement);
        }
        return total;
    }

    /**
     * @param iterations swap proposals.
     * @param seed       the search's seed.
     * @return the best placement visited (never costlier than {@link #naive}).
     */
    public int[] optimised(final int iterations, final long seed)
    {
        final int[] start = naive();
        final int slots = routing.board().cores();
        final int n = destinations.length;
        if (n < 2 || iterations == 0)
        {
            return start;
        }
        final int[] place = start.clone();
        final int[] at = new int[slots];
        Arrays.fill(at, -1);
        for (int i = 0; i < n; i++)
        {
            at[place[i]] = i;
        }
        final double[] cost = new double[n];
        double total = 0;
        for (int s = 0; s < n; s++)
        {
            cost[s] = routeCost(s, place);
            total += cost[s];
        }
        final double startTotal = total;
        double best = total;
        int[] bestPlace = place.clone();
        final double t0 = total / Math.max(1, n) * 0.05;
        final SplittableRandom rng = new SplittableRandom(seed);
        final int[] stamp = new int[n];
        final int[] affected = new int[n];
        long work = 0;
        for (int it = 1; it <= iterations && work < WORK_LIMIT; it++)
        {
            final int a = rng.nextInt(n);
            final int slot = rng.nextInt(slots);
            final int b = at[slot];
            if (b == a)
            {
                continue;
            }
            int m = 0;
            m = collect(a, it, stamp, affected, m);
            if (b >= 0)
            {
                m = collect(b, it, stamp, affected, m);
            }
            if (m == 0)
            {
                continue;
            }
            double before = 0;
            for (int i = 0; i < m; i++)
            {
                before += cost[affected[i]];
            }
            final int slotA = place[a];
            swap(place, at, a, b, slotA, slot);
            double after = 0;
            final double[] fresh = new double[m];
            for (int i = 0; i < m; i++)
            {
                fresh[i] = routeCost(affected[i], place);
                work += 2L * destinations[affected[i]].length;
                after += fresh[i];
            }
            final double delta = after - before;
            final double temperature = t0 * (1.0 - (double)it / iterations);
            if (delta <= 0 || (temperature > 0 && rng.nextDouble() < Math.exp(-delta / temperature)))
            {
                for (int i = 0; i < m; i++)
                {
                    cost[affected[i]] = fresh[i];
                }
                total += delta;
                if (total < best - 1e-9 * Math.max(1.0, best))
                {
                    best = total;
                    bestPlace = place.clone();
                }
            }
            else
            {
                swap(place, at, a, b, slot, slotA);
            }
        }
        return cost(bestPlace) < startTotal ? bestPlace : start;
    }

    private int collect(final int core, final int it, final int[] stamp, final int[] affected, final int m)
    {
        int k = m;
        for (final int s : touching[core])
        {
            if (stamp[s] != it)
            {
                stamp[s] = it;
                affected[k++] = s;
            }
        }
        return k;
    }

    private static void swap(final int[] place, final int[] at, final int a, final int b, final int from,
        final int to)
    {
        place[a] = to;
        at[to] = a;
        if (b >= 0)
        {
            place[b] = from;
            at[from] = b;
        }
        else
        {
            at[from] = -1;
        }
    }

    private double routeCost(final int s, final int[] placement)
    {
        final int[] d = destinations[s];
        if (d.length == 0 || rates[s] == 0)
        {
            return 0;
        }
        final int[] phys = new int[d.length];
        for (int i = 0; i < d.length; i++)
        {
            phys[i] = placement[d[i]];
        }
        return rates[s] * routing.multicast(placement[s], phys).totalHops();
    }
}
