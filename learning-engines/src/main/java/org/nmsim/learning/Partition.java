package org.nmsim.learning;

import java.util.ArrayList;
import java.util.List;

import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.memory.SynapticMemoryBudget;
import org.nmsim.chip.memory.WeightFormat;
import org.nmsim.chip.preset.ChipSpec;

/**
 * Splits each layer of the MLP into the fewest equal slices that fit a core: at most the core's compartments,
 * and synaptic memory for the slice's incoming weights, gradient accumulators, presynaptic traces and feedback
 * weights. Every slice's memory is allocated from a {@link SynapticMemoryBudget}, so what is reported is what
 * was allocated. The readout is one core by design: it must fit whole. With local learning (paper 000 App. D.2)
 * every hidden neuron also keeps its column of its layer's local readout R^l (a transposed copy, with gradient
 * accumulators and the trace of its own spikes), and each hidden layer l gets one more core after the readout, the
 * local readout {@code r<l>} (slice {@code {N + l, 0, m}}), which must fit whole like the readout.
 */
final class Partition
{
    final List<int[]> slices = new ArrayList<>();
    final List<SynapticMemoryBudget> budgets = new ArrayList<>();
    final List<String> names = new ArrayList<>();

    private Partition()
    {
    }

    static Partition of(final int[] sizes, final ChipSpec chip, final StorageFormats f, final LearningMethod method,
        final long tableBits)
    {
        return of(sizes, chip, f, method, tableBits, 1, false);
    }

    /**
     * As {@link #of(int[], ChipSpec, StorageFormats, LearningMethod, long)} with K forward-gradient directions: a
     * core of layer l then receives {@code 1 + (l - 1) K} forward channels and K vectors {@code z^{N,l,kappa}}.
     * The K perturbations {@code v^{l,kappa}} a hidden core keeps for the step are, like the single {@code v} of
     * K = 1, per-step working values and not charged to synaptic memory (neither are {@code u}, the received
     * {@code e^N} and {@code z^N}).
     *
     * @param directions K.
     * @param local      true for local learning: local readouts on every hidden layer, their cores last.
     * @return the partition.
     */
    static Partition of(final int[] sizes, final ChipSpec chip, final StorageFormats f, final LearningMethod method,
        final long tableBits, final int directions, final boolean local)
    {
        // forward weights, and the feedback weights (B, M, or BP's copies) that hidden cores store as synapses, must
        // fit the chip's synaptic weight field
        chip.checkWeightFormat(new WeightFormat(f.weightBits(), true), "forward weights (network.weight_bits)");
        if (method != LearningMethod.FGT_WO_M && sizes.length > 2)
        {
            chip.checkWeightFormat(new WeightFormat(method == LearningMethod.BP ? f.weightBits() : f.feedbackBits(),
                true), "feedback weights (network.feedback_bits)");
        }
        final Partition p = new Partition();
        final int n = sizes.length - 1;
        final int m = sizes[n];
        final int compartments = chip.compartmentsPerCore().value();
        final long capacity = chip.synapticMemoryBitsPerCore().value();
        for (int l = 0; l <= n; l++)
        {
            final int size = sizes[l];
            final int nPre = l == 0 ? 0 : sizes[l - 1];
            // feedback per neuron: B or M (m values) for DFA/FGT; for BP the copy of the weights above and its
            // gradient accumulators (sizes[l+1] values each)
            final boolean bp = method == LearningMethod.BP;
            final int feedback = l == 0 || l == n || method == LearningMethod.FGT_WO_M ? 0 : bp ? sizes[l + 1] : m;
            final int feedbackBits = bp ? f.weightBits() + f.gradientBits() : f.feedbackBits();
            // local learning: the neuron's column of R^l with its accumulators, and the trace of its own spikes
            final long localBits = local && l > 0 && l < n ? (long)m * (f.weightBits() + f.gradientBits()) +
                f.traceBits() : 0;
            final long perNeuron = (long)nPre * (f.weightBits() + f.gradientBits()) + (long)feedback * feedbackBits +
                localBits;
            // per core: presynaptic traces, plus the lookup tables of chips without exp/divide (learning layers)
            final long fixed = (long)nPre * f.traceBits() + (l == 0 ? 0 : tableBits);
            final long byMemory = perNeuron == 0 ? Integer.MAX_VALUE : (capacity - fixed) / perNeuron;
            final int maxK = (int)Math.min(compartments, byMemory);
            final String layerName = l == 0 ? "input" : l == n ? "readout" : "h" + l;
            if (maxK < 1 || (l == n && maxK < size))
            {
                final long need = fixed + perNeuron * (l == n ? size : 1);
                throw new IllegalArgumentException("layer " + layerName + " does not fit chip " + chip.name() + ": " +
                    (l == n ? "the readout (" + size + " neurons, one core)" : "one neuron") + " needs " + need +
                    " bits of synaptic memory (" + nPre + " inputs x (" + f.weightBits() + " weight + " +
                    f.gradientBits() + " gradient bits)" + (feedback > 0 ? " + " + feedback + " x " + feedbackBits +
                    " feedback bits" : "") + " + " + nPre + " x " + f.traceBits() + " trace bits) and " +
                    (l == n ? size : 1) + " compartments; the core has " + capacity + " bits and " + compartments +
                    " compartments (use fewer bits per weight or gradient, or a chip with more memory per core)");
            }
            // fan-in: the distinct input axons of a core of this layer (forward channels, errors, FGT's z^N)
            final boolean fgt = method != LearningMethod.DFA && method != LearningMethod.BP;
            final long channels = fgt ? 1 + (long)(l - 1) * directions : 1;
            final long fanIn = l == 0 ? 0 : (long)nPre * channels + (l == n ? 1 : (bp ? sizes[l + 1] : m) +
                (fgt ? (long)directions * m : 0) + (localBits > 0 ? m : 0));
            final int fanInLimit = chip.fanInPerCore().value();
            if (fanIn > fanInLimit)
            {
                throw new IllegalArgumentException("layer " + layerName + " does not fit chip " + chip.name() +
                    ": each core needs fanIn=" + fanIn + " input axons (" + nPre + " presynaptic neurons" +
                    (fgt && l > 1 ? " x " + channels + " channels (spikes and FGT signals" + (directions > 1 ?
                    ", " + directions + " directions per layer" : "") + ")" : "") + " plus errors) but the " +
                    "core accepts fanInPerCore=" + fanInLimit + " (split the presynaptic layer or use a chip with a " +
                    "larger fan-in)");
            }
            final int cores = (size + maxK - 1) / maxK;
            int lo = 0;
            for (int c = 0; c < cores; c++)
            {
                final int k = size / cores + (c < size % cores ? 1 : 0);
                final SynapticMemoryBudget budget = new SynapticMemoryBudget(p.budgets.size(), capacity);
                final String name = layerName + "[" + lo + ":" + (lo + k) + ")";
                if (nPre > 0)
                {
                    budget.allocate(MemoryKind.WEIGHTS, name, (long)nPre * k * f.weightBits());
                    budget.allocate(MemoryKind.LEARNING_STATE, name + " gradients", (long)nPre * k * f.gradientBits());
                    budget.allocate(MemoryKind.TRACES, name + " presynaptic traces", (long)nPre * f.traceBits());
                    if (tableBits > 0)
                    {
                        budget.allocate(MemoryKind.OTHER, name + " surrogate/exp lookup table", tableBits);
                    }
                }
                if (feedback > 0 && bp)
                {
                    budget.allocate(MemoryKind.FEEDBACK, name + " symmetric W^T", (long)k * feedback * f.weightBits());
                    budget.allocate(MemoryKind.LEARNING_STATE, name + " W^T gradients",
                        (long)k * feedback * f.gradientBits());
                }
                else if (feedback > 0)
                {
                    budget.allocate(MemoryKind.FEEDBACK, name + (method == LearningMethod.DFA ? " B" : " M"),
                        (long)k * feedback * f.feedbackBits());
                }
                if (localBits > 0)
                {
                    budget.allocate(MemoryKind.FEEDBACK, name + " local readout R^T", (long)k * m * f.weightBits());
                    budget.allocate(MemoryKind.LEARNING_STATE, name + " R^T gradients", (long)k * m * f.gradientBits());
                    budget.allocate(MemoryKind.TRACES, name + " own-spike traces", (long)k * f.traceBits());
                }
                p.slices.add(new int[] {l, lo, k});
                p.budgets.add(budget);
                p.names.add(name);
                lo += k;
            }
        }
        if (local)
        {
            for (int l = 1; l < n; l++)
            {
                p.addLocalReadout(n, l, sizes[l], m, chip, f, tableBits);
            }
        }
        return p;
    }

    /** The local readout of hidden layer l: R^l (m x nPre) with its accumulators and traces, on one core. */
    private void addLocalReadout(final int n, final int l, final int nPre, final int m, final ChipSpec chip,
        final StorageFormats f, final long tableBits)
    {
        final long capacity = chip.synapticMemoryBitsPerCore().value();
        final long need = (long)nPre * m * (f.weightBits() + f.gradientBits()) + (long)nPre * f.traceBits() +
            tableBits;
        final String name = "r" + l + "[0:" + m + ")";
        if (need > capacity || m > chip.compartmentsPerCore().value() || nPre + 1 > chip.fanInPerCore().value())
        {
            throw new IllegalArgumentException("local readout of h" + l + " does not fit chip " + chip.name() + ": " +
                "one core needs " + need + " bits of synaptic memory (" + nPre + " inputs x " + m + " outputs x (" +
                f.weightBits() + " weight + " + f.gradientBits() + " gradient bits) + traces), " + m +
                " compartments and fanIn=" + (nPre + 1) + "; the core has " + capacity + " bits, " +
                chip.compartmentsPerCore().value() + " compartments and fanInPerCore=" + chip.fanInPerCore().value());
        }
        final SynapticMemoryBudget budget = new SynapticMemoryBudget(budgets.size(), capacity);
        budget.allocate(MemoryKind.WEIGHTS, name, (long)nPre * m * f.weightBits());
        budget.allocate(MemoryKind.LEARNING_STATE, name + " gradients", (long)nPre * m * f.gradientBits());
        budget.allocate(MemoryKind.TRACES, name + " presynaptic traces", (long)nPre * f.traceBits());
        if (tableBits > 0)
        {
            budget.allocate(MemoryKind.OTHER, name + " surrogate/exp lookup table", tableBits);
        }
        slices.add(new int[] {n + l, 0, m});
        budgets.add(budget);
        names.add(name);
    }
}
