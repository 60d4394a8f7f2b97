package org.nmsim.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

import org.nmsim.chip.energy.EnergyReport;
import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.energy.OpCounts;
import org.nmsim.chip.noc.BoardTopology;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.kernel.Simulation;
import org.nmsim.kernel.SplitMix64;

/**
 * Plumbing that the on-chip learners share: totals of kernel counters, message tallies and energy, routing and
 * placement helpers, and weight initialisation. Stateless; each method reads the simulation it is given, from the
 * thread that owns that simulation between steps.
 */
public final class ChipPlumbing
{
    private ChipPlumbing()
    {
    }

    /**
     * @param sim the simulation.
     * @param name a kernel counter name (an {@code OpKind} counter, {@code msg.<kind>}, ...).
     * @return its total over cores.
     */
    public static long counter(final Simulation sim, final String name)
    {
        return sim.counterTotal(sim.counterId(name));
    }

    /**
     * @param sim the simulation.
     * @return every operation counted so far, summed over cores.
     */
    public static OpCounts counts(final Simulation sim)
    {
        return OpCounts.fromCounters(name -> counter(sim, name));
    }

    /**
     * @param sim the simulation.
     * @param bits the payload bits of one message of a class.
     * @return messages sent so far per {@link MessageClass} (in its order), summed over cores.
     */
    public static List<MessageTally> messages(final Simulation sim, final ToIntFunction<MessageClass> bits)
    {
        final List<MessageTally> out = new ArrayList<>();
        for (final MessageClass k : MessageClass.values())
        {
            out.add(new MessageTally(k.kindName(), bits.applyAsInt(k), counter(sim, k.countCounter()),
                counter(sim, k.hopsCounter())));
        }
        return out;
    }

    /**
     * @param table the energy table.
     * @param counts the operations to charge.
     * @param sim the simulation, whose kernel steps give the simulated time.
     * @param chip the chip, whose time step converts steps to seconds.
     * @param chips the chips on the board, each charged static energy.
     * @return energy of everything run so far, with static energy over the simulated time.
     */
    public static EnergyReport energy(final EnergyTable table, final OpCounts counts, final Simulation sim,
        final ChipSpec chip, final int chips)
    {
        final double seconds = sim.currentStep() * chip.timeStepSeconds().value();
        return EnergyReport.of(table, counts, seconds, chips);
    }

    /**
     * The angle between the output weights and a hidden layer's feedback that estimates or replaces their
     * transpose (paper 001's Fig. 10; FGT's M^{N-1}; DFA's B^{N-1}).
     *
     * @param wOut the output weights W^{N-1} as [class][neuron], {@code m * h} values.
     * @param fb   the feedback as [neuron][class], {@code h * m} values.
     * @param m    classes.
     * @param h    neurons of the last hidden layer.
     * @return the angle in degrees, in [0, 180]; NaN when either is zero.
     */
    public static double feedbackAngleDegrees(final double[] wOut, final double[] fb, final int m, final int h)
    {
        double dot = 0;
        double nw = 0;
        double nb = 0;
        for (int q = 0; q < m; q++)
        {
            for (int i = 0; i < h; i++)
            {
                final double a = wOut[q * h + i];
                final double c = fb[i * m + q];
                dot += a * c;
                nw += a * a;
                nb += c * c;
            }
        }
        return Math.toDegrees(Math.acos(Math.max(-1.0, Math.min(1.0, dot / Math.sqrt(nw * nb)))));
    }

    /**
     * @param board the board.
     * @param src the source core.
     * @param dsts the destination cores.
     * @return how many destinations sit on the source's own tile (same chip, same tile coordinates).
     */
    public static int withinTile(final BoardTopology board, final int src, final int[] dsts)
    {
        int same = 0;
        for (final int d : dsts)
        {
            if (board.chipOf(d) == board.chipOf(src) && board.tileX(d) == board.tileX(src) &&
                board.tileY(d) == board.tileY(src))
            {
                same++;
            }
        }
        return same;
    }

    /**
     * @param coreLayer the layer (or kind) of every core.
     * @param layer a layer.
     * @return the cores of that layer, ascending.
     */
    public static int[] coresOf(final int[] coreLayer, final int layer)
    {
        return IntStream.range(0, coreLayer.length).filter(c -> coreLayer[c] == layer).toArray();
    }

    /**
     * @param slices per core, a slice whose first element is its layer.
     * @param layer a layer.
     * @return the cores of that layer, ascending.
     */
    public static int[] coresOf(final List<int[]> slices, final int layer)
    {
        return IntStream.range(0, slices.size()).filter(c -> slices.get(c)[0] == layer).toArray();
    }

    /**
     * @param r the random stream.
     * @param count how many values.
     * @param bound the half-width.
     * @return {@code count} values drawn uniformly from [-bound, bound), in stream order.
     */
    public static double[] uniform(final SplitMix64 r, final int count, final double bound)
    {
        final double[] a = new double[count];
        for (int i = 0; i < count; i++)
        {
            a[i] = (r.nextDouble() * 2.0 - 1.0) * bound;
        }
        return a;
    }

    /**
     * @param w a [post][pre] matrix, row-major.
     * @param nPre its columns.
     * @param lo the first row.
     * @param k how many rows.
     * @return rows [lo, lo+k) as a core-local [pre][k] block.
     */
    public static double[] slice(final double[] w, final int nPre, final int lo, final int k)
    {
        final double[] out = new double[nPre * k];
        for (int i = 0; i < nPre; i++)
        {
            for (int j = 0; j < k; j++)
            {
                out[i * k + j] = w[(lo + j) * nPre + i];
            }
        }
        return out;
    }

    /**
     * {@link #slice} held one array per presynaptic neuron: {@code out[i][j] = w[(lo + j) * nPre + i]}.
     *
     * @param w the [post][pre] matrix, row-major.
     * @param nPre its columns.
     * @param lo the first row (postsynaptic neuron).
     * @param k how many rows.
     * @return the core's block, [pre][k].
     */
    public static double[][] sliceRows(final double[] w, final int nPre, final int lo, final int k)
    {
        final double[][] out = new double[nPre][k];
        for (int i = 0; i < nPre; i++)
        {
            for (int j = 0; j < k; j++)
            {
                out[i][j] = w[(lo + j) * nPre + i];
            }
        }
        return out;
    }

    /**
     * {@link #gather} from a block held one array per presynaptic neuron ({@link #sliceRows}).
     *
     * @param block the core's [pre][k] block.
     * @param lo the first row.
     * @param out the [post][pre] matrix, row-major.
     */
    public static void gatherRows(final double[][] block, final int lo, final double[] out)
    {
        final int nPre = block.length;
        for (int i = 0; i < nPre; i++)
        {
            final double[] row = block[i];
            for (int j = 0; j < row.length; j++)
            {
                out[(lo + j) * nPre + i] = row[j];
            }
        }
    }

    /**
     * Writes a core-local [pre][k] block back into rows [lo, lo+k) of a [post][pre] matrix: the inverse of
     * {@link #slice}.
     *
     * @param block the core's [pre][k] block, row-major.
     * @param nPre the matrix's columns.
     * @param lo the first row.
     * @param k how many rows.
     * @param out the [post][pre] matrix, row-major.
     */
    public static void gather(final double[] block, final int nPre, final int lo, final int k, final double[] out)
    {
        for (int i = 0; i < nPre; i++)
        {
            for (int j = 0; j < k; j++)
            {
                out[(lo + j) * nPre + i] = block[i * k + j];
            }
        }
    }

    /**
     * @param layers how many weight layers.
     * @param weights layer l's weights, as a learner's {@code weights(l)} reads them out.
     * @return every weight layer, in order.
     */
    public static double[][] allWeights(final int layers, final IntFunction<double[]> weights)
    {
        final double[][] out = new double[layers][];
        for (int l = 0; l < layers; l++)
        {
            out[l] = weights.apply(l);
        }
        return out;
    }

    /**
     * The layer sizes a chip builder accepts: input, at least one hidden layer and the output, each at least 1.
     *
     * @param sizes the layer sizes, input first.
     * @return a copy of {@code sizes}.
     * @throws IllegalArgumentException naming the first size that breaks the rule.
     */
    public static int[] checkedSizes(final int[] sizes)
    {
        if (sizes == null || sizes.length < 3)
        {
            throw new IllegalArgumentException("sizes must list input, at least one hidden layer and the output");
        }
        for (int l = 0; l < sizes.length; l++)
        {
            if (sizes[l] < 1)
            {
                throw new IllegalArgumentException("sizes[" + l + "]=" + sizes[l] + " must be >= 1");
            }
        }
        return sizes.clone();
    }

    /**
     * The gain a chip builder accepts for its initial weights ({@code algorithm.init_gain}).
     *
     * @param gain the gain.
     * @return {@code gain}.
     * @throws IllegalArgumentException unless it is finite and above 0.
     */
    public static double checkedGain(final double gain)
    {
        if (!(gain > 0) || !Double.isFinite(gain))
        {
            throw new IllegalArgumentException("initGain=" + gain + " must be > 0 and finite");
        }
        return gain;
    }

    /**
     * @param x a sample's inputs.
     * @param sizes the layer sizes, input first.
     * @throws IllegalArgumentException when {@code x} is not as long as the input layer.
     */
    public static void checkInput(final double[] x, final int[] sizes)
    {
        if (x.length != sizes[0])
        {
            throw new IllegalArgumentException("x.length=" + x.length + " must equal the input size " + sizes[0]);
        }
    }

    /**
     * @param label a class index.
     * @param sizes the layer sizes, classes last.
     * @throws IllegalArgumentException when {@code label} is not in [0, classes - 1].
     */
    public static void checkLabel(final int label, final int[] sizes)
    {
        final int m = sizes[sizes.length - 1];
        if (label < 0 || label >= m)
        {
            throw new IllegalArgumentException("label=" + label + " is not a class in [0, " + (m - 1) + "]");
        }
    }
}
