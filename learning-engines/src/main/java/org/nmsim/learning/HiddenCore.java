package org.nmsim.learning;

import java.util.Arrays;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.message.BurstCode;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.kernel.SplitMix64;

/**
 * A slice {@code [lo, lo + k)} of hidden LIF layer {@code l}, with the synapses from the whole layer {@code l-1}
 * into it, its presynaptic traces, its feedback memory (B for DFA, M for FGT) and its gradient accumulators. It
 * runs MODEL.md on what it owns and what is delivered to it, nothing else.
 *
 * <h2>Axons</h2>
 * {@code c * nPre + i}: forward channel {@code c} from presynaptic neuron {@code i}; channel 0 carries spikes
 * (graded inputs for layer 1), channel {@code c = 1 + (c' - 1) K + kappa} the FGT signal {@code z^{l-1,c',kappa}}
 * of layer {@code c' < l}'s direction {@code kappa} ({@code K = hyper.directions()}; a graded value, or the signed
 * spike count of its burst when {@code hyper.burst()} is set). {@code fb + q}: error {@code e^N_q};
 * {@code fb + m + kappa m + q}: {@code z^{N,l,kappa}_q}, where {@code fb = (1 + (l - 1) K) nPre}. With K = 1
 * channel {@code c} is layer {@code c}'s signal and {@code fb = l nPre}. With local learning,
 * {@link #LOCAL_ERROR_AXON}{@code + q}: the local readout's error {@code e^{l,local}_q}.
 * <h2>Ports</h2>
 * {@code j}: spike of local neuron j; {@code c * k + j} for {@code c = 1 + (c' - 1) K + kappa}, {@code c' = 1..l}:
 * FGT signal {@code z^{l,c',kappa}_j} (for {@code c' = l}: this core's own perturbation {@code v^{l,kappa}_j}).
 *
 * <p>Threading: NOT thread safe; run by its worker; the host touches it only between runs. Its probe sinks are
 * written only by its worker ({@link ProbeSink}).
 */
final class HiddenCore implements Core
{
    final int layer;
    final int lo;
    final int k;
    final int nPre;
    final int m;
    /** W^l's slice, one array per presynaptic neuron: {@code w[i][j]} is the weight from i to neuron lo + j. */
    final double[][] w;
    final double[] b;
    /**
     * The feedback memory. DFA's B and FGT's M class by class, {@code feedback[q * k + j]} for class q and neuron j,
     * so that the per-step loops over the neurons vectorise ({@link #feedbackRows} and {@link #loadFeedbackRows}
     * give and take it neuron by neuron); BP's copy of the weights above neuron by neuron,
     * {@code feedback[j * fbWidth + p]}.
     */
    final double[] feedback;
    /** Float64 FGT: (1 - lambda_M) v_j for each neuron, the M update's column factors of one step. */
    private final double[] vScaled;
    private final OnlineHyper hyper;
    private final ChipNumerics num;
    private final EngineMath math;
    private final Counters ids;
    private final boolean fixed;
    private final Schedule schedule;
    private final Perturbations perturbations;
    private final PortCosts costs;
    private final int hiddenLayers;
    /** K, the forward-gradient directions per layer, and the forward channels 1 + (layer - 1) K received. */
    private final int directions;
    private final int channels;
    private final int fb;
    private final int fbWidth;
    private final int errorPhase;
    private final boolean bp;
    private final double[] ownTrace;
    final double[] gradFb;
    final double[] gradW;
    final double[] gradB;
    private final double[] u;
    private final boolean[] s;
    private final double[] acc;
    private final double[] sIn;
    private final double[] ahat;
    private final double[][] zacc;
    private final boolean[] zSeen;
    private final double[] v;
    private final double[] e;
    private final double[] zN;
    private final double[] d;
    private boolean vDrawn;
    /** FGT signals on consecutive ports, sent as blocks. */
    private final PortRun signals;
    /**
     * Float64: the trace and d of each error step whose outer products are not yet in gradW ({@code deferred} of
     * them, from one or more samples), added in one pass ({@link LocalUpdates#accumulateDeferred}) at the
     * descent that ends a mini-batch, or at the end of a sample after which another sample's steps would not fit
     * ({@link #deferSamples}), or before a checkpoint is written; null in fixed point, where each step's products
     * are rounded into gradW as they are made. Where the pass happens does not change a bit of the results: the
     * products are added in the order of the steps either way.
     */
    private double[] deferredTrace;
    private int deferCapacity;
    private double[][] deferredD;
    private final double[] deferredRow;
    private int[] deferredSteps;
    private int deferred;
    /**
     * Float64: every value of gradW is {@code +0.0}, as after construction and after every batch-1 descent, so the
     * sample-end pass need not read or write gradW ({@link LocalUpdates#descendDeferredFromZero}). Recomputed after
     * a descent that started from other values, cleared when gradients are kept for a mini-batch, and recomputed
     * by {@link #gradientsRestored} after a checkpoint writes gradW.
     */
    private boolean gradWZero = true;
    /**
     * Layer 1's input memo. Within a sample W^1 does not change (it is updated after the sample's last forward
     * step), so a step whose graded inputs are the first step's, message for message in the same order, produces
     * the same synaptic sums bit for bit: they are copied from the first step instead of recomputed (the synaptic
     * ops are still counted, as the chip makes them). The first step's messages ({@code memoAxon},
     * {@code memoPayload}) and sums ({@code memoAcc}) are recorded; a later step compares each message with the
     * record and, at the first difference, recomputes its sums from the messages so far (null above layer 1).
     */
    private final int[] memoAxon;
    private final long[] memoPayload;
    private final double[] memoAcc;
    private int memoLen;
    /** The first forward step of the sample has not run yet: messages are recorded. */
    private boolean memoRecording;
    /**
     * Layer 1: the input cores repeat steps 2..T without sending ({@link InputCore#repeats}); this core takes
     * those steps' inputs from the record of step 1 ({@link #reconstructRepeatedInput}).
     */
    boolean inputRepeats;
    /** The record holds the first step's messages and sums (false when they overflowed the record). */
    private boolean memoValid;
    /** Messages of this step matched so far; while true, acc holds none of this step's sums. */
    private boolean memoMatch;
    private int memoPos;
    /**
     * The graded synaptic rows delivered this step and not yet added: each message's row ({@code rowIdx}),
     * value ({@code rowVal}) and destination ({@code rowDst}: 0 for acc, channel {@code c >= 1} for zacc[c]), in
     * delivery order. {@link #flushRows} adds them at the step (before anything reads or clears acc and zacc), with
     * {@link SynapticRows#addScaledRows}: the same additions in the same order as adding each row on delivery.
     */
    private int[] rowIdx = new int[64];
    private double[] rowVal = new double[64];
    private int[] rowDst = new int[64];
    private int rowCount;
    /** The binary spikes delivered this step and not yet added to acc: their rows, in delivery order. */
    private int[] spikeIdx = new int[64];
    private int spikeCount;
    /** {@code rowTargets[0] = acc}, {@code rowTargets[c] = zacc[c]} for {@code c >= 1}. */
    private final double[][] rowTargets;
    private int errors;
    /** Training samples whose gradients are accumulated but not yet applied (mini-batch). */
    int pendingSamples;
    /**
     * Local learning (paper 000 App. D.2; null without): this slice's copy of its layer's local readout weights,
     * transposed ({@code localFb[j * m + q] = R^l_{q, lo + j}}), kept equal to the local readout core's R by applying
     * the same update from the same numbers (the received local error and the trace of its own spikes).
     */
    double[] localFb;
    /** The copy's gradient accumulators (null without local learning). */
    double[] gradLocal;
    private double[] eLocal;
    private int localErrors;
    /** The first axon of the local error (local learning): above every axon of the layout in the class doc. */
    static final int LOCAL_ERROR_AXON = 1 << 28;
    boolean learning;
    /** Probes (null when not probed): own spikes, own u, and the trace ahat of the layer below (layer l-1). */
    ProbeSink spikeProbe;
    ProbeSink uProbe;
    ProbeSink traceProbe;
    /** Weight probe: the record ids ({@code pre * n_post + post}) and local indices of the probed synapses here. */
    ProbeSink weightProbe;
    int[] weightProbeIds;
    int[] weightProbeIndex;
    /** Fixed point: M's stochastic rounding, its format's constants read once (null in float64, other roundings). */
    private final StochasticRounding feedbackRounding;
    private final int cSynBinary;
    private final int cSynGraded;
    private final int cSynBurst;
    private final int cActive;
    private final int cInactive;
    private final int cTrace;
    private final int cSynUpdate;
    private final int cFpMul;
    private final int cFpAdd;
    private final int cRandom;

    HiddenCore(final int layer, final int lo, final int k, final int nPre, final int m, final int hiddenLayers,
        final double[][] w, final double[] b, final double[] feedback, final int fbWidth, final OnlineHyper hyper,
        final ChipNumerics num, final EngineMath math, final Schedule schedule, final Perturbations perturbations,
        final PortCosts costs, final Counters counters)
    {
        this.math = math;
        this.ids = counters;
        this.fbWidth = fbWidth;
        this.bp = hyper.method() == LearningMethod.BP;
        this.errorPhase = bp ? hiddenLayers - layer : 0;
        this.ownTrace = new double[bp || hyper.localLoss() > 0 ? k : 0];
        this.gradFb = new double[bp ? k * fbWidth : 0];
        this.num = num;
        this.fixed = !num.isIdeal();
        this.layer = layer;
        this.lo = lo;
        this.k = k;
        this.nPre = nPre;
        this.m = m;
        this.hiddenLayers = hiddenLayers;
        this.w = w;
        this.b = b;
        this.feedback = bp ? feedback : transpose(feedback, k, fbWidth);
        this.hyper = hyper;
        this.schedule = schedule;
        this.perturbations = perturbations;
        this.costs = costs;
        this.directions = hyper.directions();
        this.channels = 1 + (layer - 1) * directions;
        this.fb = channels * nPre;
        gradW = new double[nPre * k];
        gradB = new double[k];
        u = new double[k];
        s = new boolean[k];
        acc = new double[k];
        sIn = new double[nPre];
        ahat = new double[nPre];
        zacc = new double[channels][k];
        rowTargets = zacc.clone();
        rowTargets[0] = acc;
        zSeen = new boolean[channels];
        v = new double[directions * k];
        e = new double[fbWidth];
        zN = new double[directions * m];
        d = new double[k];
        vScaled = new double[k];
        signals = new PortRun(k);
        deferredRow = fixed ? null : new double[k];
        deferSamples(defaultDeferredSamples(nPre, k, hyper));
        memoAxon = layer == 1 ? new int[nPre] : null;
        memoPayload = layer == 1 ? new long[nPre] : null;
        memoAcc = layer == 1 ? new double[k] : null;
        feedbackRounding = fixed ? StochasticRounding.of(num.feedback()) : null;
        cSynBinary = counters.id(OpKind.SYNOP_BINARY);
        cSynGraded = counters.id(OpKind.SYNOP_GRADED);
        cSynBurst = counters.id(OpKind.SYNOP_BURST);
        cActive = counters.id(OpKind.NEURON_UPDATE_ACTIVE);
        cInactive = counters.id(OpKind.NEURON_UPDATE_INACTIVE);
        cTrace = counters.id(OpKind.TRACE_UPDATE);
        cSynUpdate = counters.id(OpKind.SYNAPTIC_UPDATE);
        cFpMul = counters.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY);
        cFpAdd = counters.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
        cRandom = counters.id(OpKind.RANDOM);
    }

    /**
     * Float64: how many samples' error steps a core defers by default: a whole mini-batch's, within two limits, the
     * size of W (so deferring at most doubles the memory the gradients take) and 64 samples; at least one sample.
     *
     * @param nPre  presynaptic neurons.
     * @param k     the core's neurons.
     * @param hyper the hyperparameters (batch and steps).
     * @return the samples, >= 1.
     */
    static int defaultDeferredSamples(final int nPre, final int k, final OnlineHyper hyper)
    {
        final long perSample = (long)(nPre + k) * hyper.steps();
        return (int)Math.max(1, Math.min(Math.min(hyper.batch(), 64), (long)nPre * k / perSample));
    }

    /**
     * Float64: sizes the deferred buffer for the error steps of {@code samples} samples. The results do not depend
     * on it (bit for bit); a larger buffer reads and writes gradW less often in a mini-batch. Only while nothing is
     * deferred (between samples, after the descent or a flush); no effect in fixed point.
     *
     * @param samples >= 1.
     */
    void deferSamples(final int samples)
    {
        if (samples < 1 || deferred != 0)
        {
            throw new IllegalArgumentException("deferred samples " + samples + " (>= 1, with none deferred: " +
                deferred + ")");
        }
        if (fixed)
        {
            return;
        }
        deferCapacity = samples * hyper.steps();
        // the traces presynaptic neuron by neuron (its steps side by side), as the pass reads them
        deferredTrace = new double[nPre * deferCapacity];
        deferredD = new double[deferCapacity][k];
        deferredSteps = new int[deferCapacity];
    }

    /**
     * Turns on local learning: the slice's transposed copy of R^l; the local error {@code e^{l,local}_q} then
     * arrives on axon {@link #LOCAL_ERROR_AXON}{@code + q}.
     *
     * @param copy {@code k * m} values, {@code copy[j * m + q] = R^l_{q, lo + j}}; kept by this core.
     */
    void localReadout(final double[] copy)
    {
        localFb = copy;
        gradLocal = new double[copy.length];
        eLocal = new double[m];
    }

    @Override
    public void onMessages(final CoreContext ctx, final int[] axons, final long[] payloads, final int n)
    {
        // the default's loop, with onMessage bound to this class (no interface dispatch per message)
        for (int i = 0; i < n; i++)
        {
            onMessage(ctx, axons[i], payloads[i]);
        }
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        if (axon >= LOCAL_ERROR_AXON)
        {
            eLocal[axon - LOCAL_ERROR_AXON] = Double.longBitsToDouble(payload);
            localErrors++;
            return;
        }
        if (axon < fb)
        {
            // the channel c = axon / nPre without an integer division (c < channels, a handful at most)
            int c = 0;
            int i = axon;
            while (i >= nPre)
            {
                i -= nPre;
                c++;
            }
            final long[] counters = ctx.counters();
            if (c == 0)
            {
                if (layer == 1)
                {
                    final double val = Double.longBitsToDouble(payload);
                    sIn[i] += val;
                    counters[cSynGraded] += k;
                    if (memoRecording)
                    {
                        if (memoLen < memoAxon.length)
                        {
                            memoAxon[memoLen] = axon;
                            memoPayload[memoLen] = payload;
                            memoLen++;
                        }
                        else
                        {
                            memoValid = false;
                        }
                    }
                    else if (memoMatch)
                    {
                        if (memoValid && memoPos < memoLen && memoAxon[memoPos] == axon &&
                            memoPayload[memoPos] == payload)
                        {
                            memoPos++;
                            return;
                        }
                        memoReplay();
                    }
                    addRow(0, i, val);
                }
                else
                {
                    sIn[i] += 1.0;
                    if (spikeCount == spikeIdx.length)
                    {
                        spikeIdx = Arrays.copyOf(spikeIdx, spikeCount << 1);
                    }
                    spikeIdx[spikeCount++] = i;
                    counters[cSynBinary] += k;
                }
                return;
            }
            final BurstCode burst = hyper.burst();
            // a burst arrives as its signed spike count: each spike adds +-w (a burst synaptic op,
            // synop.burst), and the sum is scaled by the burst's step s / T_B once
            final double val = burst == null ? Double.longBitsToDouble(payload) : burst.decode((int)payload);
            addRow(c, i, val);
            zSeen[c] = true;
            if (burst == null)
            {
                counters[cSynGraded] += k;
            }
            else
            {
                counters[cSynBurst] += (long)k * Math.abs(payload);
            }
            return;
        }
        final int r = axon - fb;
        if (r < fbWidth)
        {
            e[r] = Double.longBitsToDouble(payload);
            errors++;
        }
        else
        {
            zN[r - m] = Double.longBitsToDouble(payload);
        }
    }

    /** Queues synaptic row {@code i} times {@code val} for {@code rowTargets[dst]} ({@link #flushRows}). */
    private void addRow(final int dst, final int i, final double val)
    {
        if (rowCount == rowIdx.length)
        {
            final int c = rowCount << 1;
            rowIdx = Arrays.copyOf(rowIdx, c);
            rowVal = Arrays.copyOf(rowVal, c);
            rowDst = Arrays.copyOf(rowDst, c);
        }
        rowIdx[rowCount] = i;
        rowVal[rowCount] = val;
        rowDst[rowCount] = dst;
        rowCount++;
    }

    /**
     * Adds the queued rows, each run of consecutive rows with one destination in one call: every accumulator gets
     * its products in delivery order (rows for other destinations touch other arrays), so the sums are those of
     * adding each row on delivery, bit for bit. Then the queued binary spikes' rows, in delivery order
     * ({@link SynapticRows#addRows}).
     */
    private void flushRows()
    {
        final int n = rowCount;
        int x = 0;
        while (x < n)
        {
            final int dst = rowDst[x];
            int end = x + 1;
            while (end < n && rowDst[end] == dst)
            {
                end++;
            }
            SynapticRows.addScaledRows(rowTargets[dst], w, rowIdx, rowVal, x, end - x, k);
            x = end;
        }
        rowCount = 0;
        // binary spikes add to acc, which (above layer 1) receives nothing else: their order among themselves is kept
        SynapticRows.addRows(acc, w, spikeIdx, 0, spikeCount, k);
        spikeCount = 0;
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        flushRows();
        final long step = ctx.step();
        final int rel = schedule.relative(step);
        final int phase = schedule.phase(step);
        final int t = schedule.algorithmicStep(step);
        if (rel == 0)
        {
            resetSample();
        }
        if (phase == errorPhase && t >= 2)
        {
            if (errors > 0 || localErrors > 0)
            {
                errorStep(ctx);
            }
            if (t == schedule.steps() + 1)
            {
                if (learning)
                {
                    applyUpdate(ctx);
                }
                else
                {
                    flushDeferred(false, 0.0);
                }
            }
        }
        if (phase == layer && t <= schedule.steps())
        {
            forward(ctx, t);
        }
    }

    private void resetSample()
    {
        Arrays.fill(u, 0.0);
        Arrays.fill(s, false);
        Arrays.fill(acc, 0.0);
        Arrays.fill(sIn, 0.0);
        Arrays.fill(ahat, 0.0);
        for (final double[] z : zacc)
        {
            Arrays.fill(z, 0.0);
        }
        Arrays.fill(zSeen, false);
        Arrays.fill(ownTrace, 0.0);
        errors = 0;
        localErrors = 0;
        vDrawn = false;
        memoLen = 0;
        memoPos = 0;
        memoRecording = true;
        memoValid = true;
        memoMatch = true;
    }

    /**
     * Layer 1: this step's messages so far matched the record, but the step will not reuse the recorded sums (a
     * message differs, or fewer came): adds the matched messages' rows to acc now, in their order.
     */
    private void memoReplay()
    {
        for (int x = 0; x < memoPos; x++)
        {
            addRow(0, memoAxon[x], Double.longBitsToDouble(memoPayload[x]));
        }
        memoMatch = false;
    }

    /**
     * Layer 1 with repeated input, at steps 2..T: the input cores counted this step's graded messages as sent but
     * did not send them. They are step 1's, message for message (direct-current input), so they are taken from
     * the record: their values added to the trace input as on delivery, their deliveries and synaptic ops counted,
     * and (by the caller) the recorded sums used.
     */
    private void reconstructRepeatedInput(final CoreContext ctx)
    {
        if (memoPos != 0 || !memoValid)
        {
            throw new IllegalStateException("layer 1 core [" + lo + ", " + (lo + k) + "): the input cores repeat " +
                "their messages, but " + memoPos + " arrived at this step (record of step 1 complete: " + memoValid +
                ")");
        }
        for (int x = 0; x < memoLen; x++)
        {
            sIn[memoAxon[x]] += Double.longBitsToDouble(memoPayload[x]);
        }
        ctx.counters()[cSynGraded] += (long)memoLen * k;
        ctx.countDelivered(memoLen);
        memoPos = memoLen;
    }

    /** Layer 1, at a forward step: records the first step's sums, or sets acc from the record when it applies. */
    private void memoForward(final CoreContext ctx)
    {
        if (memoRecording)
        {
            System.arraycopy(acc, 0, memoAcc, 0, k);
            memoRecording = false;
        }
        else if (memoMatch)
        {
            if (inputRepeats)
            {
                reconstructRepeatedInput(ctx);
            }
            if (memoValid && memoPos == memoLen)
            {
                System.arraycopy(memoAcc, 0, acc, 0, k);
            }
            else
            {
                memoReplay();
            }
        }
        memoMatch = true;
        memoPos = 0;
    }

    private void forward(final CoreContext ctx, final int t)
    {
        final long[] counters = ctx.counters();
        if (memoAxon != null)
        {
            memoForward(ctx);
            // a replay queues the matched rows
            flushRows();
        }
        final double lambda = hyper.lambda();
        final double vth = hyper.vth();
        LocalUpdates.decayTraces(ahat, sIn, lambda, fixed, num.trace());
        counters[cTrace] += nPre;
        final long time = schedule.runStep(ctx.step());
        if (traceProbe != null)
        {
            for (int i = 0; i < nPre; i++)
            {
                traceProbe.record(time, i, ahat[i]);
            }
        }
        int active = 0;
        for (int j = 0; j < k; j++)
        {
            final double prev = u[j];
            u[j] = lambda * (prev - (s[j] ? vth : 0.0)) + acc[j] + b[j];
            if (fixed)
            {
                u[j] = num.state().quantize(u[j], null);
            }
            if (prev != 0.0 || acc[j] != 0.0 || b[j] != 0.0)
            {
                active++;
            }
            acc[j] = 0.0;
            if (hyper.stochastic())
            {
                final double xi = math.logisticNoise(perturbations.uniform(ctx.random(), sampleOf(ctx), layer, t,
                    lo + j), counters, ids, fixed);
                counters[cRandom]++;
                s[j] = u[j] + xi > vth;
            }
            else
            {
                s[j] = u[j] > vth;
            }
            if (s[j])
            {
                ctx.send(j, 0L);
                costs.charge(counters, j);
                if (spikeProbe != null)
                {
                    spikeProbe.record(time, lo + j, 1.0);
                }
            }
            if (uProbe != null)
            {
                uProbe.record(time, lo + j, u[j]);
            }
        }
        counters[cActive] += active;
        counters[cInactive] += k - active;
        if (ownTrace.length > 0 && learning)
        {
            // BP and local learning keep the trace of their own spikes: the presynaptic factor of the copy's updates
            for (int j = 0; j < k; j++)
            {
                final double tr = lambda * ownTrace[j] + (s[j] ? 1.0 : 0.0);
                ownTrace[j] = fixed ? num.trace().quantize(tr, null) : tr;
            }
            counters[cTrace] += k;
        }
        if (!learning || hyper.method() == LearningMethod.DFA || bp)
        {
            return;
        }
        // FGT: propagate the signals of earlier layers, then add this layer's own perturbation
        final int sample = schedule.sample(ctx.step());
        for (int c = 1; c < channels; c++)
        {
            if (!zSeen[c])
            {
                continue;
            }
            final double[] z = zacc[c];
            for (int j = 0; j < k; j++)
            {
                final double f = surrogateOf(u[j], counters);
                final double zf = z[j] * f;
                z[j] = 0.0;
                sendSignal(ctx, c * k + j, fixed && hyper.burst() == null ? num.payload().quantize(zf, null) : zf);
            }
            signals.flush(ctx);
            zSeen[c] = false;
            counters[cFpMul] += k;
        }
        vDrawn = hyper.method() != LearningMethod.FGT_S ||
            perturbations.sampledLayer(sample, t, hiddenLayers) == layer;
        if (!vDrawn)
        {
            return;
        }
        // directions kappa = 0..K-1 in order, neurons in order within each (Perturbations#sign's draw order)
        for (int kappa = 0; kappa < directions; kappa++)
        {
            final int port = (channels + kappa) * k;
            for (int j = 0; j < k; j++)
            {
                final int x = kappa * k + j;
                v[x] = perturbations.sign(ctx.random(), sample, layer, t, kappa, lo + j);
                sendSignal(ctx, port + j, v[x]);
            }
            signals.flush(ctx);
        }
        counters[cRandom] += (long)directions * k;
    }

    /**
     * Sends an FGT signal: one graded spike carrying the value, or, with a burst code, a burst of
     * {@code |count|} signed spikes (simulated as one kernel message carrying the count, charged as its spikes).
     * Zero is not sent. Signals on consecutive ports are queued and go out as one block ({@link PortRun}); the
     * caller sends what is queued with {@code signals.flush} before anything else.
     */
    private void sendSignal(final CoreContext ctx, final int port, final double value)
    {
        final BurstCode burst = hyper.burst();
        final long payload;
        if (burst == null)
        {
            if (value == 0.0)
            {
                return;
            }
            payload = Double.doubleToRawLongBits(value);
            costs.charge(ctx.counters(), port);
        }
        else
        {
            final int count = burst.encode(value);
            if (count == 0)
            {
                return;
            }
            payload = count;
            costs.charge(ctx.counters(), port, Math.abs(count));
        }
        signals.add(ctx, port, payload);
    }

    /** The error of algorithmic step t-1 arrived: form d = g * f(u) and accumulate the gradients (MODEL.md). */
    private void errorStep(final CoreContext ctx)
    {
        final long[] counters = ctx.counters();
        final LearningMethod method = hyper.method();
        final boolean momentum = method == LearningMethod.FGT || method == LearningMethod.FGT_S;
        final boolean byClass = momentum || method == LearningMethod.DFA;
        if (momentum && vDrawn)
        {
            // M <- lambda_M M + (1 - lambda_M) v z^T ((1 - lambda_M) / K sum_kappa v^kappa z^kappa T with K > 1)
            counters[cFpMul] += (directions > 1 ? 2L + directions : 2L) * m * k;
            counters[cFpAdd] += (long)directions * m * k;
            if (!fixed)
            {
                updateMomentumByClass();
            }
        }
        if (byClass && !fixed)
        {
            // g = B e or M e into d, class by class over the neurons: each neuron's sum runs over the classes in
            // order from +0.0, as its own dot product would
            Arrays.fill(d, 0.0);
            for (int q = 0; q < m; q++)
            {
                final double eq = e[q];
                final int base = q * k;
                for (int j = 0; j < k; j++)
                {
                    d[j] += feedback[base + j] * eq;
                }
            }
        }
        for (int j = 0; j < k; j++)
        {
            double g = 0.0;
            if (bp)
            {
                final int row = j * fbWidth;
                for (int q = 0; q < fbWidth; q++)
                {
                    g += feedback[row + q] * e[q];
                }
            }
            else if (method == LearningMethod.FGT_WO_M)
            {
                if (vDrawn)
                {
                    // g = (1/K) sum_kappa (e . z^{N,l,kappa}) v^{l,kappa}_j (K = 1: (e . z^{N,l}) v_j)
                    for (int kappa = 0; kappa < directions; kappa++)
                    {
                        double dot = 0.0;
                        final int zo = kappa * m;
                        for (int q = 0; q < m; q++)
                        {
                            dot += e[q] * zN[zo + q];
                        }
                        g = kappa == 0 ? dot * v[j] : g + dot * v[kappa * k + j];
                    }
                    if (directions > 1)
                    {
                        g /= directions;
                    }
                }
            }
            else if (!fixed)
            {
                g = d[j];
            }
            else
            {
                // fixed point: neuron by neuron, M's row rounded before the neuron's bias accumulator (the stream's
                // order of draws)
                if (momentum && vDrawn)
                {
                    updateMomentumRow(j, ctx.random());
                }
                for (int q = 0; q < m; q++)
                {
                    g += feedback[q * k + j] * e[q];
                }
            }
            if (localFb != null)
            {
                // local learning: the local loss's error through the (symmetric) local readout, scaled
                double gl = 0.0;
                final int lrow = j * m;
                for (int q = 0; q < m; q++)
                {
                    gl += localFb[lrow + q] * eLocal[q];
                }
                g += hyper.localLoss() * gl;
            }
            final double f = surrogateOf(u[j], counters);
            if (fixed)
            {
                d[j] = num.state().quantize(g * f, null);
                gradB[j] = num.gradient().quantize(gradB[j] + d[j], ctx.random());
            }
            else
            {
                d[j] = g * f;
                gradB[j] += d[j];
            }
        }
        counters[cFpMul] += (long)k * fbWidth + k;
        counters[cFpAdd] += (long)k * fbWidth + k;
        if (directions > 1 && method == LearningMethod.FGT_WO_M)
        {
            // the other K - 1 dot products and scaled sums per neuron, and the division by K
            counters[cFpMul] += (long)(directions - 1) * k * (fbWidth + 1) + k;
            counters[cFpAdd] += (long)(directions - 1) * k * (fbWidth + 1);
        }
        if (bp)
        {
            backward(ctx);
        }
        if (localFb != null)
        {
            counters[cFpMul] += (long)k * (m + 1);
            counters[cFpAdd] += (long)k * (m + 1);
            // the copy's update, dR_{qj} = e^{l,local}_q * ahat_j: what the local readout core accumulates
            counters[cSynUpdate] += LocalUpdates.accumulateOuter(gradLocal, ownTrace, eLocal, m, fixed,
                num.gradient(), ctx.random());
        }
        if (fixed)
        {
            final long updates = LocalUpdates.accumulateOuter(gradW, ahat, d, k, true, num.gradient(),
                ctx.random());
            counters[cSynUpdate] += updates;
        }
        else
        {
            // float64: recorded and added later in the same order (accumulateDeferred, see deferredTrace); the
            // synaptic updates are counted here, as accumulateOuter counts them: k per nonzero trace
            long rows = 0;
            for (int i = 0, x = deferred; i < nPre; i++, x += deferCapacity)
            {
                final double a = ahat[i];
                deferredTrace[x] = a;
                rows += a != 0.0 ? 1 : 0;
            }
            System.arraycopy(d, 0, deferredD[deferred], 0, k);
            deferred++;
            counters[cSynUpdate] += rows * k;
        }
        errors = 0;
        localErrors = 0;
        Arrays.fill(zN, 0.0);
        vDrawn = false;
    }

    /**
     * BP: send d^l down to layer l-1 (whose copy of W^{l-1 T} turns it into g^{l-1}), and accumulate the update
     * of this core's copy of the weights above it, {@code dW_{qj} = e_q * ahat_j}, from the received error and
     * the trace of its own spikes: the same numbers the owner of those weights uses, so the copy stays equal.
     */
    private void backward(final CoreContext ctx)
    {
        final long[] counters = ctx.counters();
        if (layer > 1)
        {
            for (int j = 0; j < k; j++)
            {
                final int port = k + j;
                ctx.send(port, Double.doubleToRawLongBits(fixed ? num.payload().quantize(d[j], null) : d[j]));
                costs.charge(counters, port);
            }
        }
        final long updates = LocalUpdates.accumulateOuter(gradFb, ownTrace, e, fbWidth, fixed, num.gradient(),
            ctx.random());
        counters[cSynUpdate] += updates;
    }

    private void applyUpdate(final CoreContext ctx)
    {
        if (++pendingSamples < hyper.batch())
        {
            if (!fixed && deferred + hyper.steps() > deferCapacity)
            {
                flushDeferred(false, 0.0);
            }
            return;
        }
        pendingSamples = 0;
        final double eta = hyper.eta() / hyper.batch();
        long writes = fixed ? LocalUpdates.descend(w, gradW, eta, true, num.update()[layer - 1], ctx.random()) :
            flushDeferred(true, eta);
        if (bp)
        {
            writes += LocalUpdates.descend(feedback, gradFb, eta, fixed, num.update()[layer], ctx.random());
        }
        if (localFb != null)
        {
            writes += LocalUpdates.descend(localFb, gradLocal, eta, fixed, num.update()[layer], ctx.random());
        }
        LocalUpdates.descendBias(b, gradB, eta, fixed, num.state());
        ctx.counters()[cSynUpdate] += writes;
        if (weightProbe != null)
        {
            // the weights after this sample's update, timed at the sample's last step
            final long time = (long)schedule.sample(ctx.step()) * schedule.steps() + schedule.steps() - 1;
            for (int x = 0; x < weightProbeIds.length; x++)
            {
                final int at = weightProbeIndex[x];
                weightProbe.record(time, weightProbeIds[x], w[at / k][at % k]);
            }
        }
    }

    /**
     * Float64: adds the sample's recorded outer products to gradW and, with {@code descend}, applies and clears it
     * ({@link LocalUpdates#accumulateDeferred}: bit-identical to accumulating every step and then descending).
     *
     * @return the weights written.
     */
    private long flushDeferred(final boolean descend, final double eta)
    {
        if (fixed)
        {
            return 0;
        }
        if (deferred == 0 && !descend)
        {
            return 0;
        }
        final long writes;
        if (descend && gradWZero)
        {
            writes = LocalUpdates.descendDeferredFromZero(w, deferredTrace, deferCapacity, deferredD, deferred, k, eta,
                deferredRow, deferredSteps);
        }
        else
        {
            writes = LocalUpdates.accumulateDeferred(w, gradW, deferredTrace, deferCapacity, deferredD, deferred, k,
                descend, eta, deferredRow, deferredSteps);
            gradWZero = descend && LocalUpdates.allPositiveZero(gradW);
        }
        deferred = 0;
        return writes;
    }

    /** Float64: the step's M update, class by class over the neurons (each value as {@link #updateMomentumRow}). */
    private void updateMomentumByClass()
    {
        final double lm = hyper.lambdaM();
        if (directions > 1)
        {
            final double scale = (1.0 - lm) / directions;
            for (int q = 0; q < m; q++)
            {
                final int base = q * k;
                for (int j = 0; j < k; j++)
                {
                    feedback[base + j] = lm * feedback[base + j] + scale * sumVz(j, q);
                }
            }
            return;
        }
        for (int j = 0; j < k; j++)
        {
            vScaled[j] = (1.0 - lm) * v[j];
        }
        for (int q = 0; q < m; q++)
        {
            final double zq = zN[q];
            final int base = q * k;
            for (int j = 0; j < k; j++)
            {
                feedback[base + j] = lm * feedback[base + j] + vScaled[j] * zq;
            }
        }
    }

    /** Fixed point: neuron j's row of the step's M update, classes in order, each value rounded from the stream. */
    private void updateMomentumRow(final int j, final SplitMix64 rng)
    {
        final double lm = hyper.lambdaM();
        if (directions > 1)
        {
            final double scale = (1.0 - lm) / directions;
            for (int q = 0; q < m; q++)
            {
                final int x = q * k + j;
                feedback[x] = quantizeFeedback(lm * feedback[x] + scale * sumVz(j, q), rng);
            }
            return;
        }
        final double vj = (1.0 - lm) * v[j];
        for (int q = 0; q < m; q++)
        {
            final int x = q * k + j;
            feedback[x] = quantizeFeedback(lm * feedback[x] + vj * zN[q], rng);
        }
    }

    /** K > 1: {@code sum_kappa v^kappa_j z^{N,kappa}_q}, directions in order, for neuron j and class q. */
    private double sumVz(final int j, final int q)
    {
        double vz = v[j] * zN[q];
        for (int kappa = 1; kappa < directions; kappa++)
        {
            vz += v[kappa * k + j] * zN[kappa * m + q];
        }
        return vz;
    }

    /** @return a copy of the feedback memory neuron by neuron ({@code [j * fbWidth + q]}), as the builder gave it. */
    double[] feedbackRows()
    {
        return bp ? feedback.clone() : transpose(feedback, fbWidth, k);
    }

    /** Replaces the feedback memory with {@code rows}, neuron by neuron as {@link #feedbackRows} gives it. */
    void loadFeedbackRows(final double[] rows)
    {
        System.arraycopy(bp ? rows : transpose(rows, k, fbWidth), 0, feedback, 0, feedback.length);
    }

    /** The transpose of a {@code rows x cols} matrix held row by row: {@code out[c * rows + r] = a[r * cols + c]}. */
    private static double[] transpose(final double[] a, final int rows, final int cols)
    {
        final double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                out[c * rows + r] = a[r * cols + c];
            }
        }
        return out;
    }

    /** A value of M in its format: with the format's stochastic rounding from the hoisted constants when it has one. */
    private double quantizeFeedback(final double x, final SplitMix64 rng)
    {
        return feedbackRounding != null ? feedbackRounding.quantize(x, rng) : num.feedback().quantize(x, rng);
    }

    /** Float64: adds the deferred products to gradW, so that gradW holds every gradient so far (a checkpoint). */
    void flushGradients()
    {
        flushDeferred(false, 0.0);
    }

    /**
     * Called after gradW was written from outside (a checkpoint): drops what was deferred (the checkpoint's
     * accumulators replace it) and re-establishes whether gradW is all {@code +0.0}.
     */
    void gradientsRestored()
    {
        deferred = 0;
        gradWZero = LocalUpdates.allPositiveZero(gradW);
    }

    private int sampleOf(final CoreContext ctx)
    {
        return schedule.sample(ctx.step());
    }

    /** The surrogate as this core's engine evaluates it (exactly or from its table); stored in the state format. */
    private double surrogateOf(final double uj, final long[] counters)
    {
        final double f = math.surrogate(uj, counters, ids, fixed);
        return fixed ? num.state().quantize(f, null) : f;
    }
}
