package org.nmsim.learning.reference;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.nmsim.chip.message.BurstCode;

/**
 * Dense float64 implementation of the online-learning MLP of {@code learning-engines/MODEL.md}, trained by BP,
 * DFA, FGT, FGT (w/o m), FGT (S) under OTTT_A, or by full BPTT. NOT thread safe.
 *
 * <p><b>NON-LOCAL, for comparison only.</b> This class reads global weight matrices (BP multiplies by their
 * transposes, FGT propagates {@code z} through every layer's weights in one method call). It is the float
 * reference that the on-chip engines are checked against, and it must never stand in for a core's learning
 * rule.
 *
 * <h2>Conventions</h2>
 * Layers {@code 0..N} with sizes {@code n_l}; {@code weights[l]} is {@code W^l}, shape {@code n_{l+1} x n_l}
 * (row = post, column = pre); {@code biases[l]} is {@code b^l} for {@code l = 1..N} ({@code biases[0]} is
 * ignored); {@code feedback[l]} is DFA's {@code B^l}, shape {@code n_l x m}, {@code l = 1..N-1}.
 *
 * <h2>Order within one step t (MODEL.md)</h2>
 * <ol>
 *   <li>{@code s^0 = x}, {@code ahat^0 = lambda ahat^0 + x};</li>
 *   <li>for hidden {@code l = 1..N-1} in order: {@code u^l = lambda (u^l - V_th s^l[t-1]) + W^{l-1} s^{l-1}[t]
 *       + b^l}, {@code s^l = [u^l > V_th]} (strict), {@code ahat^l = lambda ahat^l + s^l};</li>
 *   <li>readout {@code u^N = W^{N-1} s^{N-1} + b^N}, {@code e^N = softmax(u^N) - onehot(y)};</li>
 *   <li>hidden errors {@code g^l} by the method (FGT: draw, propagate {@code z}, update {@code M^l}, then
 *       {@code g^l = M^l e^N} with the updated {@code M^l});</li>
 *   <li>accumulate {@code e^N ahat^{N-1 T}}, {@code e^N}, {@code d^l ahat^{l-1 T}}, {@code d^l}.</li>
 * </ol>
 * The weights are constant within a sample; {@link #applyUpdate} changes them. State {@code u, s, ahat} starts at
 * zero each sample; {@code M^l} starts at zero when this object is built and persists across samples.
 *
 * <h2>Surrogate</h2>
 * {@code f(u) = (1/a1) q / (1+q)^2}, {@code q = exp((V_th - u)/a1)}, evaluated as {@code r / (1+r)^2 / a1} with
 * {@code r = exp(-|u - V_th| / a1)}: the same function (it is symmetric in {@code u - V_th}) without the
 * overflow of {@code q} far below threshold. The PyTorch reference uses the same expression.
 *
 * <h2>BPTT</h2>
 * Loss {@code sum_t L[t]}; the reset term stays in the graph (no detach). With {@code delta^l[t] = dL/du^l[t]}:
 * {@code delta^N[t] = e^N[t]}, {@code delta^l[t] = f(u^l[t]) (W^{l T} delta^{l+1}[t] - lambda V_th
 * delta^l[t+1]) + lambda delta^l[t+1]} ({@code delta^l[T+1] = 0}), and {@code grad W^{l-1} = sum_t delta^l[t]
 * s^{l-1}[t]^T}, {@code grad b^l = sum_t delta^l[t]}, with {@code s^0[t] = x}.
 */
public final class FloatMlpReference
{
    private final int[] sizes;
    private final int n;
    private final ReferenceMethod method;
    private final ModelHyperparameters hp;
    private final double[][][] w;
    private final double[][] b;
    private final double[][][] feedback;
    private final double[][][] momentum;
    private final double[][][] accW;
    private final double[][] accB;
    private int pending;
    private boolean tracing;
    private boolean shadowBp;
    private BurstCode burst;
    private boolean stochastic;
    private double localScale;
    private double[][][] local;
    private double[][] localB;
    private double[][][] accLocal;
    private double[][] accLocalB;
    private int directions = 1;

    /**
     * @param sizes    layer sizes {@code n_0..n_N}; at least three layers (input, one hidden, readout).
     * @param method   the training method.
     * @param hp       hyperparameters.
     * @param weights  initial {@code W^0..W^{N-1}}; copied.
     * @param biases   initial {@code b^1..b^N} at indices 1..N (index 0 ignored); copied.
     * @param feedback DFA's {@code B^1..B^{N-1}} at indices 1..N-1; copied; null for other methods.
     */
    public FloatMlpReference(final int[] sizes, final ReferenceMethod method, final ModelHyperparameters hp,
                             final double[][][] weights, final double[][] biases, final double[][][] feedback)
    {
        if (sizes == null || sizes.length < 3)
        {
            throw new IllegalArgumentException("sizes must list input, at least one hidden layer and the readout " +
                "(layers=" + (sizes == null ? 0 : sizes.length) + ")");
        }
        for (int l = 0; l < sizes.length; l++)
        {
            if (sizes[l] < 1)
            {
                throw new IllegalArgumentException("sizes[" + l + "]=" + sizes[l] + " must be >= 1");
            }
        }
        if (method == null || hp == null)
        {
            throw new IllegalArgumentException("method=" + method + ", hp=" + hp + ": both are required");
        }
        this.sizes = sizes.clone();
        this.n = sizes.length - 1;
        this.method = method;
        this.hp = hp;
        final int m = sizes[n];
        if (weights == null || weights.length != n)
        {
            throw new IllegalArgumentException("weights must hold W^0..W^" + (n - 1) + " (got " +
                (weights == null ? "null" : weights.length + " matrices") + ")");
        }
        w = new double[n][][];
        accW = new double[n][][];
        b = new double[n + 1][];
        accB = new double[n + 1][];
        for (int l = 0; l < n; l++)
        {
            w[l] = copy(weights[l], sizes[l + 1], sizes[l], "W^" + l);
            accW[l] = new double[sizes[l + 1]][sizes[l]];
        }
        if (biases == null || biases.length != n + 1)
        {
            throw new IllegalArgumentException("biases must have length N+1=" + (n + 1) + " (b^l at index l)");
        }
        for (int l = 1; l <= n; l++)
        {
            if (biases[l] == null || biases[l].length != sizes[l])
            {
                throw new IllegalArgumentException("b^" + l + " must have length n_" + l + "=" + sizes[l]);
            }
            b[l] = biases[l].clone();
            accB[l] = new double[sizes[l]];
        }
        if (method == ReferenceMethod.DFA)
        {
            if (feedback == null || feedback.length != n)
            {
                throw new IllegalArgumentException("DFA needs feedback B^1..B^" + (n - 1) + " at indices 1..N-1");
            }
            this.feedback = new double[n][][];
            for (int l = 1; l < n; l++)
            {
                this.feedback[l] = copy(feedback[l], sizes[l], m, "B^" + l);
            }
        }
        else
        {
            this.feedback = null;
        }
        momentum = new double[n][][];
        if (method.momentum())
        {
            for (int l = 1; l < n; l++)
            {
                momentum[l] = new double[sizes[l]][m];
            }
        }
    }

    /**
     * MODEL.md's initialisation from a seeded stream: {@code W^0, W^1, ...} in order, row-major, each entry
     * uniform in {@code [-1/sqrt(n_l), 1/sqrt(n_l))}; then, for DFA, {@code B^1..B^{N-1}} uniform in
     * {@code [-1/sqrt(m), 1/sqrt(m))}; {@code b = 0}.
     *
     * @param sizes  layer sizes.
     * @param method the training method.
     * @param hp     hyperparameters.
     * @param random the experiment's seeded stream; consumed.
     * @return a freshly initialised reference.
     */
    public static FloatMlpReference initialised(final int[] sizes, final ReferenceMethod method,
                                                final ModelHyperparameters hp, final SplittableRandom random)
    {
        final int layers = sizes.length - 1;
        final double[][][] weights = new double[layers][][];
        final double[][] biases = new double[layers + 1][];
        for (int l = 0; l < layers; l++)
        {
            weights[l] = uniform(random, sizes[l + 1], sizes[l], 1.0 / Math.sqrt(sizes[l]));
            biases[l + 1] = new double[sizes[l + 1]];
        }
        double[][][] feedback = null;
        if (method == ReferenceMethod.DFA)
        {
            feedback = new double[layers][][];
            for (int l = 1; l < layers; l++)
            {
                feedback[l] = uniform(random, sizes[l], sizes[layers], 1.0 / Math.sqrt(sizes[layers]));
            }
        }
        return new FloatMlpReference(sizes, method, hp, weights, biases, feedback);
    }

    /** @param on whether {@link #accumulate} records a {@link SampleTrace} (off by default). */
    public void tracing(final boolean on)
    {
        tracing = on;
    }

    /**
     * @param on whether online methods also compute BP's hidden-layer gradients on the same forward state, for
     *           {@link GradientAlignment} (off by default; ignored under BPTT).
     */
    public void shadowBp(final boolean on)
    {
        shadowBp = on;
    }

    /**
     * @param code FGT's forward signals quantised as bursts (paper 000 App. D.1, {@link BurstCode#quantize}): the
     *             perturbation {@code v} and every hidden layer's {@code z^{i+1,l} = Q(W^i z^{i,l} f(u^{i+1}))};
     *             the readout's {@code z^{N,l}} stays exact (it is not a spiking neuron). Null (the default) for
     *             graded signals.
     */
    public void burst(final BurstCode code)
    {
        burst = code;
    }

    /**
     * @param on the stochastic neuron model (paper 000 App. A) in training ({@link #accumulate}): a hidden neuron
     *           spikes when {@code u + a1 ln(U / (1 - U)) > V_th}, U from {@link RandomDraws#uniform}. Not
     *           supported by BPTT or {@link #predict}, which stay deterministic.
     */
    public void stochastic(final boolean on)
    {
        stochastic = on;
    }

    /**
     * @param k K, the Rademacher directions {@code v^{l,kappa}} each hidden layer draws per step (paper 000 Table 1,
     *          "FGT (w/o m, s8)"), >= 1 (1, the default, for the paper's single sample). Each is propagated as its
     *          own {@code z^{.,l,kappa}}; FGT (w/o m) uses {@code g^l = (1/K) sum_kappa (e . z^{N,l,kappa})
     *          v^{l,kappa}}, FGT and FGT (S) update {@code M^l <- lambda_M M^l + ((1 - lambda_M) / K) sum_kappa
     *          v^{l,kappa} z^{N,l,kappa T}}. K > 1 only for the forward-gradient methods.
     */
    public void directions(final int k)
    {
        if (k < 1 || k > 1 && !method.forwardGradient())
        {
            throw new IllegalArgumentException("directions=" + k + " must be >= 1, and 1 for method=" + method +
                " (K > 1 directions need a forward-gradient method)");
        }
        directions = k;
    }

    /** @return the method. */
    /**
     * Local learning (paper 000 App. D.2): every hidden layer l gets a readout {@code r^l = R^l s^l + c^l} (biases
     * from zero) with its own cross-entropy at every step; its error {@code e^{l,loc} = softmax(r^l) - onehot(y)}
     * adds {@code scale * R^l^T e^{l,loc}} to the layer's error {@code g^l} (the paper's weight-symmetric
     * propagation through R), and R^l, c^l descend their own gradient {@code e^{l,loc} ahat^{l T}} at the
     * learning rate, unscaled (the paper trains them with AdamW, which a loss scale does not change).
     *
     * @param scale the local losses' weight in the hidden errors, > 0 (the paper: 0.01).
     * @param r     {@code r[l]} = R^l for l = 1..N-1 ({@code m x n_l}); index 0 unused.
     */
    public void localReadouts(final double scale, final double[][][] r)
    {
        if (!(scale > 0) || !Double.isFinite(scale))
        {
            throw new IllegalArgumentException("scale=" + scale + " must be finite and > 0");
        }
        if (r == null || r.length != n)
        {
            throw new IllegalArgumentException("local readouts must hold R^1..R^" + (n - 1) + " at indices 1..N-1");
        }
        localScale = scale;
        local = new double[n][][];
        localB = new double[n][];
        accLocal = new double[n][][];
        accLocalB = new double[n][];
        for (int l = 1; l < n; l++)
        {
            local[l] = copy(r[l], sizes[n], sizes[l], "R^" + l);
            localB[l] = new double[sizes[n]];
            accLocal[l] = new double[sizes[n]][sizes[l]];
            accLocalB[l] = new double[sizes[n]];
        }
    }

    /**
     * @param l a hidden layer.
     * @return a copy of its local readout weights R^l ({@code m x n_l}).
     */
    public double[][] localReadout(final int l)
    {
        if (local == null)
        {
            throw new IllegalStateException("no local readouts (call localReadouts first)");
        }
        return deepCopy(local[l]);
    }

    public ReferenceMethod method()
    {
        return method;
    }

    /** @return the hyperparameters. */
    public ModelHyperparameters hyperparameters()
    {
        return hp;
    }

    /** @return a copy of the layer sizes. */
    public int[] sizes()
    {
        return sizes.clone();
    }

    /** @return a copy of {@code W^l}. */
    public double[][] weights(final int l)
    {
        return deepCopy(w[l]);
    }

    /** @return a copy of {@code b^l}, l = 1..N. */
    public double[] bias(final int l)
    {
        return b[l].clone();
    }

    /** @return a copy of {@code M^l}, hidden l (FGT, FGT (S)). */
    public double[][] momentum(final int l)
    {
        if (momentum[l] == null)
        {
            throw new IllegalStateException("method=" + method + " keeps no momentum M^" + l);
        }
        return deepCopy(momentum[l]);
    }

    /** @return samples accumulated since the last update. */
    public int pending()
    {
        return pending;
    }

    /**
     * Runs one sample and adds its gradients to the accumulators (no weight change).
     *
     * @param x     input current {@code x}, length {@code n_0}.
     * @param label the class, in {@code 0..m-1}.
     * @param draws the sample's random draws (forward-gradient methods); may be {@link RandomDraws#none()}.
     * @return the sample's prediction, loss, own gradients and optionally trace and BP gradients.
     */
    public SampleResult accumulate(final double[] x, final int label, final RandomDraws draws)
    {
        if (x == null || x.length != sizes[0])
        {
            throw new IllegalArgumentException("x must have length n_0=" + sizes[0]);
        }
        if (label < 0 || label >= sizes[n])
        {
            throw new IllegalArgumentException("label=" + label + " must be in [0, " + sizes[n] + ")");
        }
        final SampleResult result = method == ReferenceMethod.BPTT ? runBptt(x, label) : runOnline(x, label, draws);
        for (int l = 0; l < n; l++)
        {
            addInto(accW[l], result.gradW()[l]);
            addInto(accB[l + 1], result.gradB()[l + 1]);
        }
        pending++;
        return result;
    }

    /**
     * {@code W <- W - eta * scale * grad W}, {@code b <- b - eta * scale * grad b}, then zeroes the accumulators.
     *
     * @param scale 1 for MODEL.md's batch-1 SGD; {@code 1/B} to average a batch of B samples.
     */
    public void applyUpdate(final double scale)
    {
        final double step = hp.eta() * scale;
        for (int l = 0; l < n; l++)
        {
            for (int i = 0; i < w[l].length; i++)
            {
                for (int j = 0; j < w[l][i].length; j++)
                {
                    w[l][i][j] -= step * accW[l][i][j];
                    accW[l][i][j] = 0.0;
                }
            }
            for (int i = 0; i < b[l + 1].length; i++)
            {
                b[l + 1][i] -= step * accB[l + 1][i];
                accB[l + 1][i] = 0.0;
            }
        }
        for (int l = 1; local != null && l < n; l++)
        {
            for (int q = 0; q < local[l].length; q++)
            {
                for (int i = 0; i < local[l][q].length; i++)
                {
                    local[l][q][i] -= step * accLocal[l][q][i];
                    accLocal[l][q][i] = 0.0;
                }
                localB[l][q] -= step * accLocalB[l][q];
                accLocalB[l][q] = 0.0;
            }
        }
        pending = 0;
    }

    /**
     * MODEL.md's batch-1 step: {@link #accumulate} then {@link #applyUpdate applyUpdate(1)}.
     *
     * @param x     input.
     * @param label class.
     * @param draws random draws.
     * @return the sample's result (computed with the weights before the update).
     */
    public SampleResult trainSample(final double[] x, final int label, final RandomDraws draws)
    {
        final SampleResult result = accumulate(x, label, draws);
        applyUpdate(1.0);
        return result;
    }

    /**
     * @param x input.
     * @return {@code argmax_k sum_t u^N_k[t]}, ties to the lowest index; no learning, no state kept.
     */
    public int predict(final double[] x)
    {
        return argmax(forwardOnly(x, -1, null));
    }

    /**
     * @param x     input.
     * @param label class.
     * @return {@code sum_t L[t]} under the current weights, without learning.
     */
    public double loss(final double[] x, final int label)
    {
        final double[] loss = new double[1];
        forwardOnly(x, label, loss);
        return loss[0];
    }

    // ---------------------------------------------------------------------------------------------------------

    private double[] forwardOnly(final double[] x, final int label, final double[] loss)
    {
        final double lambda = hp.lambda();
        final double vTh = hp.vTh();
        final double[][] u = new double[n][];
        final double[][] s = new double[n][];
        s[0] = x;
        for (int l = 1; l < n; l++)
        {
            u[l] = new double[sizes[l]];
            s[l] = new double[sizes[l]];
        }
        final double[] sum = new double[sizes[n]];
        final double[] uN = new double[sizes[n]];
        final double[] p = new double[sizes[n]];
        for (int t = 1; t <= hp.steps(); t++)
        {
            for (int l = 1; l < n; l++)
            {
                lif(l, u[l], s[l], s[l - 1], lambda, vTh);
            }
            readout(s[n - 1], uN);
            for (int k = 0; k < uN.length; k++)
            {
                sum[k] += uN[k];
            }
            if (loss != null)
            {
                loss[0] += softmax(uN, p, label);
            }
        }
        return sum;
    }

    private SampleResult runOnline(final double[] x, final int label, final RandomDraws draws)
    {
        final int steps = hp.steps();
        final double lambda = hp.lambda();
        final double vTh = hp.vTh();
        final double lambdaM = hp.lambdaM();
        final int m = sizes[n];
        final double[][] u = new double[n][];
        final double[][] s = new double[n][];
        final double[][] ahat = new double[n][];
        final double[][] fu = new double[n][];
        final double[][] g = new double[n][];
        final double[][] d = new double[n][];
        final double[][] z = new double[n][];
        final double[][][] v = new double[n][][];
        for (int l = 0; l < n; l++)
        {
            ahat[l] = new double[sizes[l]];
            if (l >= 1)
            {
                u[l] = new double[sizes[l]];
                s[l] = new double[sizes[l]];
                fu[l] = new double[sizes[l]];
                g[l] = new double[sizes[l]];
                d[l] = new double[sizes[l]];
                z[l] = new double[directions * m];
                v[l] = new double[directions][sizes[l]];
            }
        }
        final double[][][] gradW = zerosLike(w);
        final double[][] gradB = new double[n + 1][];
        for (int l = 1; l <= n; l++)
        {
            gradB[l] = new double[sizes[l]];
        }
        final boolean shadow = shadowBp;
        final double[][][] bpW = shadow ? new double[n][][] : null;
        final double[][] bpG = shadow ? new double[n][] : null;
        if (shadow)
        {
            for (int l = 1; l < n; l++)
            {
                bpW[l - 1] = new double[sizes[l]][sizes[l - 1]];
                bpG[l] = new double[sizes[l]];
            }
        }
        final SampleTrace trace = tracing ? new SampleTrace(sizes, steps, method) : null;
        final double[] uN = new double[m];
        final double[] e = new double[m];
        final double[] sum = new double[m];
        double totalLoss = 0.0;
        for (int t = 1; t <= steps; t++)
        {
            // forward
            s[0] = x;
            for (int i = 0; i < sizes[0]; i++)
            {
                ahat[0][i] = lambda * ahat[0][i] + x[i];
            }
            for (int l = 1; l < n; l++)
            {
                lif(l, u[l], s[l], s[l - 1], lambda, vTh);
                if (stochastic)
                {
                    resample(l, t, u[l], s[l], vTh, draws);
                }
                for (int i = 0; i < sizes[l]; i++)
                {
                    ahat[l][i] = lambda * ahat[l][i] + s[l][i];
                    fu[l][i] = surrogate(u[l][i]);
                }
            }
            readout(s[n - 1], uN);
            for (int k = 0; k < m; k++)
            {
                sum[k] += uN[k];
            }
            final double lossT = softmax(uN, e, label);
            e[label] -= 1.0;
            totalLoss += lossT;
            // hidden errors
            switch (method)
            {
                case BP -> bpErrors(e, fu, g);
                case DFA ->
                {
                    for (int l = 1; l < n; l++)
                    {
                        matVec(feedback[l], e, g[l]);
                    }
                }
                case FGT, FGT_WO_M, FGT_S -> forwardGradient(t, e, fu, v, z, g, draws, lambdaM);
                default -> throw new IllegalStateException("method=" + method + " is not an online method");
            }
            if (local != null)
            {
                localErrors(s, ahat, g, label);
            }
            // gradients (OTTT_A)
            outerAdd(gradW[n - 1], e, ahat[n - 1]);
            addInto(gradB[n], e);
            for (int l = 1; l < n; l++)
            {
                for (int i = 0; i < sizes[l]; i++)
                {
                    d[l][i] = g[l][i] * fu[l][i];
                }
                outerAdd(gradW[l - 1], d[l], ahat[l - 1]);
                addInto(gradB[l], d[l]);
            }
            if (shadow)
            {
                bpErrors(e, fu, bpG);
                for (int l = 1; l < n; l++)
                {
                    final double[] dl = new double[sizes[l]];
                    for (int i = 0; i < sizes[l]; i++)
                    {
                        dl[i] = bpG[l][i] * fu[l][i];
                    }
                    outerAdd(bpW[l - 1], dl, ahat[l - 1]);
                }
            }
            if (trace != null)
            {
                final int i = t - 1;
                for (int l = 0; l < n; l++)
                {
                    trace.ahat[l][i] = ahat[l].clone();
                }
                for (int l = 1; l < n; l++)
                {
                    trace.u[l][i] = u[l].clone();
                    trace.s[l][i] = s[l].clone();
                    trace.g[l][i] = g[l].clone();
                    trace.d[l][i] = d[l].clone();
                    if (trace.z != null)
                    {
                        trace.z[l][i] = z[l].clone();
                    }
                    if (trace.m != null)
                    {
                        trace.m[l][i] = deepCopy(momentum[l]);
                    }
                }
                trace.u[n][i] = uN.clone();
                trace.e[i] = e.clone();
                trace.loss[i] = lossT;
            }
        }
        return new SampleResult(argmax(sum), totalLoss, gradW, gradB, bpW, trace);
    }

    /** @return {@code x} through the burst code (a copy), or {@code x} itself when signals are graded. */
    private double[] quantized(final double[] x)
    {
        if (burst == null)
        {
            return x;
        }
        final double[] q = new double[x.length];
        for (int i = 0; i < x.length; i++)
        {
            q[i] = burst.quantize(x[i]);
        }
        return q;
    }

    /**
     * FGT, FGT (w/o m), FGT (S) at step t: draws, z propagation, momentum update, then g^l. {@code z[l]} holds the
     * K vectors {@code z^{N,l,kappa}} one after the other.
     */
    private void forwardGradient(final int t, final double[] e, final double[][] fu, final double[][][] v,
                                 final double[][] z, final double[][] g, final RandomDraws draws, final double lambdaM)
    {
        final int m = sizes[n];
        for (int l = 1; l < n; l++)
        {
            Arrays.fill(z[l], 0.0);
        }
        final int first;
        final int last;
        if (method == ReferenceMethod.FGT_S)
        {
            final int star = draws.sampledLayer(t, n - 1);
            if (star < 1 || star > n - 1)
            {
                throw new IllegalStateException("sampledLayer=" + star + " at step " + t + " must be in [1, " +
                    (n - 1) + "]");
            }
            first = star;
            last = star;
        }
        else
        {
            first = 1;
            last = n - 1;
        }
        final int dirs = directions;
        for (int l = first; l <= last; l++)
        {
            final double[] zl = new double[m];
            for (int kappa = 0; kappa < dirs; kappa++)
            {
                final double[] vk = v[l][kappa];
                draws.rademacher(t, l, kappa, vk);
                double[] zz = quantized(vk);
                for (int i = l; i <= n - 2; i++)
                {
                    final double[] next = new double[sizes[i + 1]];
                    matVec(w[i], zz, next);
                    for (int k = 0; k < next.length; k++)
                    {
                        next[k] *= fu[i + 1][k];
                    }
                    zz = quantized(next);
                }
                matVec(w[n - 1], zz, zl);
                System.arraycopy(zl, 0, z[l], kappa * m, m);
            }
            if (method == ReferenceMethod.FGT_WO_M)
            {
                // g = (1/K) sum_kappa (e . z^{N,l,kappa}) v^{l,kappa}; summed per neuron in kappa order
                final double[] dots = new double[dirs];
                for (int kappa = 0; kappa < dirs; kappa++)
                {
                    double dot = 0.0;
                    for (int k = 0; k < m; k++)
                    {
                        dot += e[k] * z[l][kappa * m + k];
                    }
                    dots[kappa] = dot;
                }
                for (int i = 0; i < sizes[l]; i++)
                {
                    double gi = dots[0] * v[l][0][i];
                    for (int kappa = 1; kappa < dirs; kappa++)
                    {
                        gi += dots[kappa] * v[l][kappa][i];
                    }
                    g[l][i] = dirs > 1 ? gi / dirs : gi;
                }
            }
            else
            {
                final double[][] ml = momentum[l];
                final double scale = (1.0 - lambdaM) / dirs;
                for (int i = 0; i < sizes[l]; i++)
                {
                    for (int k = 0; k < m; k++)
                    {
                        double vz = v[l][0][i] * z[l][k];
                        for (int kappa = 1; kappa < dirs; kappa++)
                        {
                            vz += v[l][kappa][i] * z[l][kappa * m + k];
                        }
                        ml[i][k] = lambdaM * ml[i][k] + scale * vz;
                    }
                }
            }
        }
        if (method != ReferenceMethod.FGT_WO_M)
        {
            for (int l = 1; l < n; l++)
            {
                matVec(momentum[l], e, g[l]);
            }
        }
    }

    /** BP: {@code g^{N-1} = W^{N-1 T} e}, {@code g^l = W^{l T} (g^{l+1} f(u^{l+1}))}. */
    /** Local learning: each hidden layer's local readout error, added to g^l, and R^l's gradient accumulated. */
    private void localErrors(final double[][] s, final double[][] ahat, final double[][] g, final int label)
    {
        final int m = sizes[n];
        final double[] r = new double[m];
        final double[] el = new double[m];
        for (int l = 1; l < n; l++)
        {
            matVec(local[l], s[l], r);
            for (int q = 0; q < m; q++)
            {
                r[q] += localB[l][q];
            }
            softmax(r, el, label);
            el[label] -= 1.0;
            for (int i = 0; i < sizes[l]; i++)
            {
                double gl = 0.0;
                for (int q = 0; q < m; q++)
                {
                    gl += local[l][q][i] * el[q];
                }
                g[l][i] += localScale * gl;
            }
            outerAdd(accLocal[l], el, ahat[l]);
            addInto(accLocalB[l], el);
        }
    }

    private void bpErrors(final double[] e, final double[][] fu, final double[][] g)
    {
        matTVec(w[n - 1], e, g[n - 1]);
        for (int l = n - 2; l >= 1; l--)
        {
            final double[] dd = new double[sizes[l + 1]];
            for (int i = 0; i < dd.length; i++)
            {
                dd[i] = g[l + 1][i] * fu[l + 1][i];
            }
            matTVec(w[l], dd, g[l]);
        }
    }

    private SampleResult runBptt(final double[] x, final int label)
    {
        final int steps = hp.steps();
        final double lambda = hp.lambda();
        final double vTh = hp.vTh();
        final int m = sizes[n];
        // forward, storing u^l[t], s^l[t] for every step
        final double[][][] us = new double[n + 1][steps][];
        final double[][][] ss = new double[n][steps][];
        final double[][] es = new double[steps][];
        final double[] lossT = new double[steps];
        final double[][] u = new double[n][];
        final double[][] s = new double[n][];
        s[0] = x;
        for (int l = 1; l < n; l++)
        {
            u[l] = new double[sizes[l]];
            s[l] = new double[sizes[l]];
        }
        final double[] sum = new double[m];
        double totalLoss = 0.0;
        for (int t = 1; t <= steps; t++)
        {
            ss[0][t - 1] = x;
            for (int l = 1; l < n; l++)
            {
                lif(l, u[l], s[l], s[l - 1], lambda, vTh);
                us[l][t - 1] = u[l].clone();
                ss[l][t - 1] = s[l].clone();
            }
            final double[] uN = new double[m];
            readout(s[n - 1], uN);
            us[n][t - 1] = uN;
            for (int k = 0; k < m; k++)
            {
                sum[k] += uN[k];
            }
            final double[] e = new double[m];
            lossT[t - 1] = softmax(uN, e, label);
            e[label] -= 1.0;
            es[t - 1] = e;
            totalLoss += lossT[t - 1];
        }
        // backward through time
        final double[][][] gradW = zerosLike(w);
        final double[][] gradB = new double[n + 1][];
        for (int l = 1; l <= n; l++)
        {
            gradB[l] = new double[sizes[l]];
        }
        final double[][][] delta = new double[n + 1][steps][];
        for (int t = steps; t >= 1; t--)
        {
            delta[n][t - 1] = es[t - 1];
            for (int l = n - 1; l >= 1; l--)
            {
                final double[] ds = new double[sizes[l]];
                matTVec(w[l], delta[l + 1][t - 1], ds);
                final double[] next = t < steps ? delta[l][t] : null;
                final double[] dl = new double[sizes[l]];
                for (int i = 0; i < sizes[l]; i++)
                {
                    double dsi = ds[i];
                    if (next != null)
                    {
                        dsi += -lambda * vTh * next[i];
                    }
                    dl[i] = surrogate(us[l][t - 1][i]) * dsi + (next != null ? lambda * next[i] : 0.0);
                }
                delta[l][t - 1] = dl;
            }
            for (int l = 1; l <= n; l++)
            {
                outerAdd(gradW[l - 1], delta[l][t - 1], ss[l - 1][t - 1]);
                addInto(gradB[l], delta[l][t - 1]);
            }
        }
        SampleTrace trace = null;
        if (tracing)
        {
            trace = new SampleTrace(sizes, steps, method);
            for (int t = 0; t < steps; t++)
            {
                for (int l = 1; l <= n; l++)
                {
                    trace.u[l][t] = us[l][t];
                    trace.delta[l][t] = delta[l][t];
                }
                for (int l = 1; l < n; l++)
                {
                    trace.s[l][t] = ss[l][t];
                }
                trace.e[t] = es[t];
                trace.loss[t] = lossT[t];
            }
        }
        return new SampleResult(argmax(sum), totalLoss, gradW, gradB, null, trace);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** One LIF step of hidden layer l: reset by subtraction with the previous spikes, then the strict threshold. */
    private void lif(final int l, final double[] u, final double[] s, final double[] in, final double lambda,
                     final double vTh)
    {
        final double[][] wl = w[l - 1];
        final double[] bl = b[l];
        for (int i = 0; i < u.length; i++)
        {
            final double[] row = wl[i];
            double acc = 0.0;
            for (int j = 0; j < row.length; j++)
            {
                acc += row[j] * in[j];
            }
            u[i] = lambda * (u[i] - vTh * s[i]) + acc + bl[i];
            s[i] = u[i] > vTh ? 1.0 : 0.0;
        }
    }

    /** The stochastic neuron: the spikes of layer l at step t redrawn as {@code u + xi > V_th}. */
    private void resample(final int l, final int t, final double[] u, final double[] s, final double vTh,
                          final RandomDraws draws)
    {
        for (int i = 0; i < u.length; i++)
        {
            final double uni = draws.uniform(t, l, i);
            s[i] = u[i] + hp.a1() * Math.log(uni / (1.0 - uni)) > vTh ? 1.0 : 0.0;
        }
    }

    private void readout(final double[] in, final double[] uN)
    {
        matVec(w[n - 1], in, uN);
        for (int k = 0; k < uN.length; k++)
        {
            uN[k] += b[n][k];
        }
    }

    /** The surrogate derivative f(u) of MODEL.md, in its overflow-free symmetric form. */
    double surrogate(final double u)
    {
        final double r = Math.exp(-Math.abs(u - hp.vTh()) / hp.a1());
        return r / ((1.0 + r) * (1.0 + r)) / hp.a1();
    }

    /**
     * Writes softmax(u) = exp(u - max u) / sum into p and returns {@code -log p[label]} (0 when label &lt; 0).
     */
    private static double softmax(final double[] u, final double[] p, final int label)
    {
        double max = Double.NEGATIVE_INFINITY;
        for (final double v : u)
        {
            max = Math.max(max, v);
        }
        double sum = 0.0;
        for (int k = 0; k < u.length; k++)
        {
            p[k] = Math.exp(u[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < u.length; k++)
        {
            p[k] /= sum;
        }
        return label < 0 ? 0.0 : -Math.log(p[label]);
    }

    private static int argmax(final double[] v)
    {
        int best = 0;
        for (int k = 1; k < v.length; k++)
        {
            if (v[k] > v[best])
            {
                best = k;
            }
        }
        return best;
    }

    private static void matVec(final double[][] a, final double[] x, final double[] y)
    {
        for (int i = 0; i < a.length; i++)
        {
            double acc = 0.0;
            for (int j = 0; j < x.length; j++)
            {
                acc += a[i][j] * x[j];
            }
            y[i] = acc;
        }
    }

    private static void matTVec(final double[][] a, final double[] x, final double[] y)
    {
        Arrays.fill(y, 0.0);
        for (int i = 0; i < a.length; i++)
        {
            final double xi = x[i];
            for (int j = 0; j < y.length; j++)
            {
                y[j] += a[i][j] * xi;
            }
        }
    }

    private static void outerAdd(final double[][] a, final double[] col, final double[] row)
    {
        for (int i = 0; i < col.length; i++)
        {
            final double ci = col[i];
            if (ci == 0.0)
            {
                continue;
            }
            final double[] ai = a[i];
            for (int j = 0; j < row.length; j++)
            {
                ai[j] += ci * row[j];
            }
        }
    }

    private static void addInto(final double[] a, final double[] x)
    {
        for (int i = 0; i < a.length; i++)
        {
            a[i] += x[i];
        }
    }

    private static void addInto(final double[][] a, final double[][] x)
    {
        for (int i = 0; i < a.length; i++)
        {
            addInto(a[i], x[i]);
        }
    }

    private static double[][][] zerosLike(final double[][][] a)
    {
        final double[][][] z = new double[a.length][][];
        for (int l = 0; l < a.length; l++)
        {
            z[l] = new double[a[l].length][a[l][0].length];
        }
        return z;
    }

    private static double[][] deepCopy(final double[][] a)
    {
        final double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++)
        {
            c[i] = a[i].clone();
        }
        return c;
    }

    private static double[][] copy(final double[][] a, final int rows, final int cols, final String name)
    {
        if (a == null || a.length != rows)
        {
            throw new IllegalArgumentException(name + " must have rows=" + rows + " (got " +
                (a == null ? "null" : a.length) + ")");
        }
        final double[][] c = new double[rows][];
        for (int i = 0; i < rows; i++)
        {
            if (a[i] == null || a[i].length != cols)
            {
                throw new IllegalArgumentException(name + " row " + i + " must have columns=" + cols);
            }
            for (final double v : a[i])
            {
                if (!Double.isFinite(v))
                {
                    throw new IllegalArgumentException(name + " row " + i + " holds " + v + " (rule: finite values)");
                }
            }
            c[i] = a[i].clone();
        }
        return c;
    }

    private static double[][] uniform(final SplittableRandom random, final int rows, final int cols, final double bound)
    {
        final double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                a[i][j] = (random.nextDouble() * 2.0 - 1.0) * bound;
            }
        }
        return a;
    }
}
