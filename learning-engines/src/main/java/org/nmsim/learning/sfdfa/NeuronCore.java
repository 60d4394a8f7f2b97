package org.nmsim.learning.sfdfa;

import java.util.Arrays;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.learning.Counters;
import org.nmsim.learning.PortCosts;

/**
 * A slice {@code [lo, lo + k)} of a hidden or output layer of continuous-time LIF neurons ({@link SpikeTimeLayer})
 * with the synapses from the whole layer below, its feedback connections (hidden), its local gradients and its
 * optimiser state. It runs paper 001's Algorithms 1 and 2 on what it owns and on what is delivered to it.
 *
 * <h2>Axons</h2>
 * {@code j < nPre}: spike of presynaptic neuron {@code j} (payload: its grade, or 0); {@code nPre + q}: output error
 * {@code delta_q = y_q - n_q}; {@code nPre + m + q}: output grade {@code d_q} (SFDFA); {@code nPre + 2m}: the
 * label (output cores).
 * <h2>Ports</h2>
 * Hidden: {@code i}, the spike of local neuron {@code i}. Output: {@code i}, {@code delta} of local class
 * {@code i}; {@code k + i}, its grade {@code d}.
 * <h2>Protocol of a sample</h2>
 * The host resets the core between runs ({@link #begin}). Input spikes are integrated in time order; each
 * neuron's next spike is predicted in closed form and one timer per core waits for the earliest; spikes at or after
 * the window end are dropped. An output core, told the label at the sample's start, closes the window with a timer
 * at {@code window}: it forms {@code delta} and {@code d}, learns its own weights and sends both to every hidden
 * core, which learn when all of them have arrived (Algorithm 2). Updates are accumulated and applied every
 * {@code batch} samples.
 *
 * <p>Threading: NOT thread safe; run by its worker; the host touches it only between runs.
 */
final class NeuronCore implements Core, SpikeTimeLayer.SpikeSink, SpikeTimeLayer.PerturbationSource
{
    private static final long WINDOW_TAG = -1;

    final int layer;
    final int lo;
    final int k;
    final int nPre;
    final int m;
    final boolean output;
    /** Forward weights {@code [pre][post]}. */
    final double[] w;
    /** Feedback {@code b_iq} as {@code [neuron][class]} (hidden cores). */
    final double[] feedback;
    final SpikeTimeLayer neurons;
    private final SfdfaParams p;
    /** This layer's learning rate ({@link SfdfaMath#layerEta}). */
    private final double eta;
    private final long seed;
    private final NumberFormat weightUpdateFormat;
    private final NumberFormat feedbackFormat;
    private final GradeCodec codec;
    private final PortCosts costs;
    private final double[] gradAcc;
    private final double[] moments;
    private final double[] delta;
    private final double[] dOut;
    private final double[] gradeSum;
    private final int expected;
    private int received;
    private int inBatch;
    private long optimiserSteps;
    private double start;
    private long sample;
    private double pendingTime = Double.POSITIVE_INFINITY;
    private long version;
    boolean learning;
    private int label = -1;
    private CoreContext ctx;
    private final int cSyn;
    private final int cSynBinary;
    private final int cActive;
    private final int cExp;
    private final int cLog;
    private final int cSqrt;
    private final int cDiv;
    private final int cMul;
    private final int cAdd;
    private final int cTrace;
    private final int cSynUpdate;
    private final int cRead;
    private final int cWrite;
    private final int cRandom;

    NeuronCore(final int layer, final int lo, final int k, final int nPre, final int m, final boolean output,
        final double[] w, final double[] feedback, final SfdfaParams p, final double eta, final long seed,
        final NumberFormat weightUpdateFormat, final NumberFormat feedbackFormat,
        final GradeCodec codec, final PortCosts costs, final Counters counters)
    {
        this.layer = layer;
        this.lo = lo;
        this.k = k;
        this.nPre = nPre;
        this.m = m;
        this.output = output;
        this.w = w;
        this.feedback = feedback;
        this.eta = eta;
        this.p = p;
        this.seed = seed;
        this.weightUpdateFormat = weightUpdateFormat;
        this.feedbackFormat = feedbackFormat;
        this.codec = codec;
        this.costs = costs;
        this.neurons = new SpikeTimeLayer(k, nPre, p.tauS(), p.threshold(), p.window(), p.exactGradient(), w);
        this.gradAcc = new double[k * nPre];
        this.moments = new double[p.adam() ? 2 * k * nPre : 0];
        this.delta = new double[m];
        this.dOut = new double[m];
        this.gradeSum = new double[k];
        this.expected = output ? 0 : p.learnedFeedback() ? 2 * m : m;
        cSyn = counters.id(p.learnedFeedback() && layer > 1 ? OpKind.SYNOP_GRADED : OpKind.SYNOP_BINARY);
        cSynBinary = counters.id(OpKind.SYNOP_BINARY);
        cActive = counters.id(OpKind.NEURON_UPDATE_ACTIVE);
        cExp = counters.id(OpKind.EXP);
        cLog = counters.id(OpKind.LOG);
        cSqrt = counters.id(OpKind.SQRT);
        cDiv = counters.id(OpKind.DIVIDE);
        cMul = counters.id(OpKind.FP_MULTIPLY);
        cAdd = counters.id(OpKind.FP_ADD);
        cTrace = counters.id(OpKind.TRACE_UPDATE);
        cSynUpdate = counters.id(OpKind.SYNAPTIC_UPDATE);
        cRead = counters.id(OpKind.MEMORY_READ_WORD);
        cWrite = counters.id(OpKind.MEMORY_WRITE_WORD);
        cRandom = counters.id(OpKind.RANDOM);
    }

    /**
     * Host, between runs: resets the neurons for a sample that starts at {@code startTime}.
     *
     * @param startTime the sample's start (kernel time).
     * @param index     the sample's index (keys the perturbations).
     * @param learn     whether this sample learns.
     */
    void begin(final double startTime, final long index, final boolean learn)
    {
        start = startTime;
        sample = index;
        learning = learn;
        neurons.reset();
        Arrays.fill(gradeSum, 0.0);
        received = 0;
        label = -1;
        pendingTime = Double.POSITIVE_INFINITY;
    }

    @Override
    public void onMessage(final CoreContext c, final int axon, final long payload)
    {
        ctx = c;
        final long[] counters = c.counters();
        if (axon < nPre)
        {
            final double t = c.time() - start;
            if (!(t < p.window()))
            {
                return;
            }
            neurons.fireUntil(t, this, this);
            final double grade = layer > 1 && p.learnedFeedback() ? codec.decodeGrade(payload) : 0.0;
            neurons.integrate(axon, t, grade);
            counters[layer > 1 && p.learnedFeedback() ? cSyn : cSynBinary] += k;
            counters[cActive] += k;
            counters[cExp]++;
            counters[cTrace] += 2;
            counters[cMul] += 1 + 7L * k;
            counters[cAdd] += 7L * k;
            counters[cSqrt] += k;
            counters[cLog] += k;
            counters[cDiv] += k;
            reschedule(c);
        }
        else if (axon < nPre + m)
        {
            delta[axon - nPre] = codec.decodeError(payload);
            arrived(c);
        }
        else if (axon < nPre + 2 * m)
        {
            dOut[axon - nPre - m] = codec.decodeGrade(payload);
            arrived(c);
        }
        else
        {
            label = (int)payload;
            c.scheduleTimer(Math.max(c.time(), start + p.window()), WINDOW_TAG);
        }
    }

    @Override
    public void onTimer(final CoreContext c, final long tag)
    {
        ctx = c;
        if (tag == WINDOW_TAG)
        {
            closeWindow(c);
            return;
        }
        if (tag != version)
        {
            return;
        }
        pendingTime = Double.POSITIVE_INFINITY;
        neurons.fireUntil(neurons.earliestSpike(), this, this);
        reschedule(c);
    }

    private void reschedule(final CoreContext c)
    {
        final double e = neurons.earliestSpike();
        if (e < Double.POSITIVE_INFINITY && e != pendingTime)
        {
            pendingTime = e;
            version++;
            c.scheduleTimer(Math.max(c.time(), start + e), version);
        }
    }

    @Override
    public double perturbation(final int neuron)
    {
        return output ? 0.0 : SfdfaMath.perturbation(seed, layer, lo + neuron, sample);
    }

    /** A local neuron fired: hidden cores send it, output cores sum its grade. */
    @Override
    public void spike(final int neuron, final double time, final double grade)
    {
        final long[] counters = ctx.counters();
        counters[cExp] += 2;
        counters[cDiv]++;
        counters[cMul] += 4L * nPre + 4;
        counters[cAdd] += 3L * nPre + 2;
        counters[cTrace] += nPre;
        counters[cRead] += 3L * nPre;
        counters[cWrite] += 2L * nPre;
        if (output)
        {
            gradeSum[neuron] += grade;
            return;
        }
        if (neurons.spikeCount(neuron) == 1)
        {
            counters[cRandom]++;
        }
        ctx.send(neuron, p.learnedFeedback() ? codec.encodeGrade(grade) : 0L);
        costs.charge(counters, neuron);
    }

    /** Output core: the window is over. */
    private void closeWindow(final CoreContext c)
    {
        neurons.fireUntil(Double.POSITIVE_INFINITY, this, this);
        final long[] counters = c.counters();
        for (int i = 0; i < k; i++)
        {
            final double target = lo + i == label ? p.targetTrue() : p.targetFalse();
            delta[i] = target - neurons.spikeCount(i);
            c.send(i, codec.encodeError(delta[i]));
            costs.charge(counters, i);
            if (p.learnedFeedback())
            {
                c.send(k + i, codec.encodeGrade(gradeSum[i]));
                costs.charge(counters, k + i);
            }
        }
        if (learning)
        {
            for (int i = 0; i < k; i++)
            {
                accumulate(i, delta[i], counters);
            }
            endOfSample(c);
        }
    }

    private void arrived(final CoreContext c)
    {
        if (++received < expected || !learning)
        {
            return;
        }
        final long[] counters = c.counters();
        for (int i = 0; i < k; i++)
        {
            final int n = neurons.spikeCount(i);
            if (n == 0 && p.regBeta() == 0)
            {
                continue;
            }
            double e = 0;
            for (int q = 0; q < m; q++)
            {
                e += feedback[i * m + q] * delta[q];
            }
            e += p.regBeta() * (p.regTarget() - n);
            counters[cMul] += m + 1;
            counters[cAdd] += m + 1;
            counters[cRead] += m;
            accumulate(i, e, counters);
        }
        if (p.learnedFeedback())
        {
            // eq. 7 with the perturbation drawn on the neuron's first spike; a silent neuron has none and keeps b
            for (int i = 0; i < k; i++)
            {
                if (neurons.spikeCount(i) == 0)
                {
                    continue;
                }
                final double pi = neurons.perturbation(i);
                for (int q = 0; q < m; q++)
                {
                    final int x = i * m + q;
                    feedback[x] = feedbackFormat.quantize((1 - p.alpha()) * feedback[x] + p.alpha() * dOut[q] * pi,
                        c.random());
                }
                counters[cMul] += 3L * m;
                counters[cAdd] += m;
                counters[cRead] += m;
                counters[cWrite] += m;
                counters[cSynUpdate] += m;
                if (!feedbackFormat.isIdeal())
                {
                    counters[cRandom] += m;
                }
            }
        }
        endOfSample(c);
    }

    /** Adds {@code e * grad_loc} of neuron i to its gradient accumulators. */
    private void accumulate(final int i, final double e, final long[] counters)
    {
        if (neurons.spikeCount(i) == 0)
        {
            return;
        }
        final int base = i * nPre;
        for (int j = 0; j < nPre; j++)
        {
            gradAcc[base + j] += e * neurons.localGradient(i, j);
        }
        counters[cMul] += nPre;
        counters[cAdd] += nPre;
        counters[cRead] += 2L * nPre;
        counters[cWrite] += nPre;
    }

    private void endOfSample(final CoreContext c)
    {
        if (++inBatch < p.batch())
        {
            return;
        }
        inBatch = 0;
        optimiserSteps++;
        final long[] counters = c.counters();
        final double scale = 1.0 / p.batch();
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < nPre; j++)
            {
                final int x = i * nPre + j;
                final int wx = j * k + i;
                final double next = SfdfaMath.step(w[wx], gradAcc[x] * scale, moments, x, optimiserSteps, p, eta);
                w[wx] = weightUpdateFormat.quantize(next, c.random());
                gradAcc[x] = 0.0;
            }
        }
        final long syn = (long)k * nPre;
        counters[cSynUpdate] += syn;
        counters[cRead] += syn * (p.adam() ? 4 : 2);
        counters[cWrite] += syn * (p.adam() ? 4 : 2);
        counters[cMul] += syn * (p.adam() ? 8 : 2);
        counters[cAdd] += syn * (p.adam() ? 5 : 1);
        if (p.adam())
        {
            counters[cSqrt] += syn;
            counters[cDiv] += syn;
        }
        if (!weightUpdateFormat.isIdeal())
        {
            counters[cRandom] += syn;
        }
    }

    /** @return spikes local neuron i fired in the current sample (host read-out between runs). */
    int spikeCount(final int i)
    {
        return neurons.spikeCount(i);
    }

    /** @return optimiser state (checkpoints). */
    double[] moments()
    {
        return moments;
    }

    /** @return gradient accumulators (checkpoints). */
    double[] gradientAccumulators()
    {
        return gradAcc;
    }

    /** @return {@code {inBatch, optimiserSteps}} (checkpoints). */
    long[] batchState()
    {
        return new long[] {inBatch, optimiserSteps};
    }

    /** Restores {@link #batchState()}. */
    void restoreBatchState(final long[] s)
    {
        inBatch = (int)s[0];
        optimiserSteps = s[1];
    }
}
