package org.nmsim.learning;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.nmsim.chip.energy.EnergyReport;
import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.memory.SynapticMemoryBudget;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.kernel.Simulation;

/**
 * A network trained by local rules on a simulated chip, as {@code nmsim run} drives it: the host loads one sample
 * at a time (pixel intensities in [0, 1] and a label), the chip encodes, runs and learns on its own cores, and the
 * host reads the prediction. Every algorithm nmsim runs on chip (the online MLP's BP/DFA/FGT, SFDFA, sigprop,
 * BioGrad, three-factor rules) implements this, so the run command, reports, energy and NeuroBench metrics are the
 * same for all of them.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>all cross-core values travel as counted kernel messages; every operation is counted on the core that did
 *       it under an {@link org.nmsim.chip.energy.OpKind} counter name registered with the kernel
 *       ({@link Counters});</li>
 *   <li>core {@code c} of {@link #simulation()} is named {@code coreNames().get(c)}, as {@code population[lo:hi)}
 *       (e.g. {@code h1[0:128)}), and {@code budgets().get(c)} is its synaptic memory;</li>
 *   <li>results are bit-identical for any worker count.</li>
 * </ul>
 *
 * <p>Threading: NOT thread safe; one controlling thread.
 */
public interface OnChipLearner extends AutoCloseable
{
    /**
     * Presents one training sample and learns from it.
     *
     * @param x     intensities in [0, 1], length {@code sizes()[0]}.
     * @param label class index.
     * @return the prediction made during the sample (before its update).
     */
    int trainSample(double[] x, int label);

    /**
     * Inference only: nothing learns.
     *
     * @param x intensities in [0, 1].
     * @return the predicted class.
     */
    int predict(double[] x);

    /** @return the last trained sample's loss as the algorithm defines it (per step), NaN when it has none. */
    double lastSampleLoss();

    /**
     * Called by the host after every training epoch (1-based), before the test pass: for per-epoch phases such as
     * BioGrad's sleep or the Loihi variant's feedback reload. The default does nothing.
     *
     * @param epoch the epoch just trained.
     */
    default void endEpoch(final int epoch)
    {
    }

    /**
     * @return algorithmic time steps per sample (T), for per-step metrics such as NeuroBench's activation sparsity;
     *         0 for continuous-time learners, which have no steps.
     */
    default int timeStepsPerSample()
    {
        return 0;
    }

    /**
     * Diagnostics the host reads after every epoch (after {@link #endEpoch}), printed and written into the report:
     * e.g. the angle between learned feedback and forward weights. Host read-outs, not counted. The default has
     * none.
     *
     * @return name to value, in a stable order.
     */
    default Map<String, Double> epochDiagnostics()
    {
        return Map.of();
    }

    /** @return layer sizes, input first, classes last. */
    int[] sizes();

    /** @return the chip the network runs on. */
    ChipSpec chip();

    /** @return the kernel, for its counters and step-time histogram. */
    Simulation simulation();

    /** @return one name per kernel core, in core-id order ({@code population[lo:hi)}). */
    List<String> coreNames();

    /** @return one budget per kernel core, in core-id order. */
    List<SynapticMemoryBudget> budgets();

    /** @return the chips the cores occupy. */
    int chips();

    /**
     * @return messages sent so far, one tally per message kind the learner distinguishes, always in the same
     *         order; the MLP uses {@link MessageClass}. A kind named {@code spike} must count the binary spikes of
     *         the spiking (hidden) neurons: NeuroBench's activation sparsity is computed from it.
     */
    List<MessageTally> messages();

    /**
     * @param table the chip's energy table.
     * @return every counted operation so far, priced.
     */
    EnergyReport energy(EnergyTable table);

    /** @return every forward weight layer as the cores hold it now (any order within a layer). */
    double[][] allWeights();

    /**
     * @return what the report should say about this learner's arithmetic: number formats, lookup tables and their
     *         errors, algorithm variant. Values are strings, numbers, booleans, lists or maps.
     */
    Map<String, Object> describe();

    /**
     * Writes everything learning changes (weights, feedback, optimiser state, random streams) so that
     * {@link #readCheckpoint} continues bit-identically.
     *
     * @param out the stream.
     * @throws IOException when writing fails.
     */
    void writeCheckpoint(DataOutput out) throws IOException;

    /**
     * @param in a stream written by {@link #writeCheckpoint} of a learner built from the same configuration.
     * @throws IOException when reading fails.
     */
    void readCheckpoint(DataInput in) throws IOException;

    @Override
    void close();
}
