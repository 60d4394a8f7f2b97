package org.nmsim.learning;

import org.nmsim.chip.message.BurstCode;

/**
 * Hyperparameters of the online-learning MLP (learning-engines/MODEL.md), validated on construction.
 *
 * @param method  the error path of the hidden layers.
 * @param steps   T, algorithmic time steps per sample, >= 1.
 * @param lambda  membrane and trace leak, in [0, 1).
 * @param vth     threshold, > 0.
 * @param a1      surrogate width, > 0.
 * @param lambdaM momentum of the FGT feedback connections, in [0, 1).
 * @param eta     SGD learning rate, >= 0.
 * @param burst   FGT's forward signals as bursts of signed spikes (paper 000 App. D.1: FGT (Q20), FGT (Q1));
 *                null to send them as graded spikes. Only for the FGT methods.
 * @param stochastic the stochastic neuron model of paper 000 App. A: a hidden neuron spikes when
 *                {@code u + xi > V_th}, with logistic noise {@code xi} of scale {@code a1}, so
 *                {@code P(spike) = sigmoid((u - V_th) / a1)}, whose derivative is exactly the surrogate {@code f}.
 * @param batch   samples whose gradients each core accumulates before it applies their mean,
 *                {@code W <- W - (eta / batch) sum grad W}, >= 1 (1: MODEL.md's per-sample SGD).
 * @param directions K, the independent Rademacher directions {@code v^{l,kappa}} each hidden layer draws per step
 *                (paper 000 Table 1, "FGT (w/o m, s8)": K = 8), >= 1; each travels as its own forward signal
 *                {@code z^{.,l,kappa}} and the gradient estimate is their mean: FGT (w/o m)
 *                {@code g = (1/K) sum_kappa (e . z^{N,l,kappa}) v^{l,kappa}}; FGT and FGT (S) update
 *                {@code M^l} with the mean of the K outer products {@code v z^T}. K > 1 only for the FGT methods.
 * @param localLoss the scale of the local losses of paper 000 App. D.2 (local learning, "+ LL"): every hidden layer
 *                l gets a readout {@code r^l = R^l s^l} trained on its own cross-entropy, whose error adds
 *                {@code localLoss * R^l^T e^l} to the layer's error; 0 for none (the paper uses 0.01), >= 0. Not
 *                with BP.
 */
public record OnlineHyper(LearningMethod method, int steps, double lambda, double vth, double a1, double lambdaM,
    double eta, BurstCode burst, boolean stochastic, int batch, int directions, double localLoss)
{
    /** Validates every field; errors name the field, the value and the rule. */
    public OnlineHyper
    {
        if (method == null)
        {
            throw new IllegalArgumentException("method=null: must be one of DFA, FGT, FGT_WO_M, FGT_S");
        }
        require(steps >= 1, "steps=" + steps + " must be >= 1");
        require(lambda >= 0 && lambda < 1, "lambda=" + lambda + " must be in [0, 1)");
        require(vth > 0 && Double.isFinite(vth), "vth=" + vth + " must be finite and > 0");
        require(a1 > 0 && Double.isFinite(a1), "a1=" + a1 + " must be finite and > 0");
        require(lambdaM >= 0 && lambdaM < 1, "lambdaM=" + lambdaM + " must be in [0, 1)");
        require(eta >= 0 && Double.isFinite(eta), "eta=" + eta + " must be finite and >= 0");
        require(batch >= 1, "batch=" + batch + " must be >= 1");
        require(directions >= 1, "directions=" + directions + " must be >= 1");
        require(directions == 1 || method == LearningMethod.FGT || method == LearningMethod.FGT_WO_M ||
            method == LearningMethod.FGT_S, "directions=" + directions + " must be 1 for method=" + method +
            " (K > 1 forward-gradient directions need an FGT method)");
        require(burst == null || method == LearningMethod.FGT || method == LearningMethod.FGT_WO_M ||
            method == LearningMethod.FGT_S, "burst=" + burst + " needs an FGT method (method=" + method + " sends no " +
            "forward-gradient signals)");
        require(localLoss >= 0 && Double.isFinite(localLoss), "local_loss=" + localLoss + " must be finite and >= 0");
        require(localLoss == 0 || method != LearningMethod.BP, "local_loss=" + localLoss + " needs a method without " +
            "backpropagation (method=BP already sends every hidden layer the exact gradient)");
    }

    /** Graded FGT signals (no burst code). See the canonical constructor for the parameters. */
    public OnlineHyper(final LearningMethod method, final int steps, final double lambda, final double vth,
        final double a1, final double lambdaM, final double eta)
    {
        this(method, steps, lambda, vth, a1, lambdaM, eta, null, false, 1, 1, 0.0);
    }

    /** One forward-gradient direction per layer and step (K = 1), no local losses. See the canonical constructor. */
    public OnlineHyper(final LearningMethod method, final int steps, final double lambda, final double vth,
        final double a1, final double lambdaM, final double eta, final BurstCode burst, final boolean stochastic,
        final int batch)
    {
        this(method, steps, lambda, vth, a1, lambdaM, eta, burst, stochastic, batch, 1, 0.0);
    }


    /**
     * @param code a burst code, or null for graded signals.
     * @return these hyperparameters with FGT's signals sent as bursts of {@code code}.
     */
    public OnlineHyper withBurst(final BurstCode code)
    {
        return new OnlineHyper(method, steps, lambda, vth, a1, lambdaM, eta, code, stochastic, batch,
            directions, localLoss);
    }

    /**
     * @param on true for the stochastic neuron model (paper 000 App. A).
     * @return these hyperparameters with that neuron model.
     */
    public OnlineHyper withStochastic(final boolean on)
    {
        return new OnlineHyper(method, steps, lambda, vth, a1, lambdaM, eta, burst, on, batch,
            directions, localLoss);
    }

    /**
     * @param samples the mini-batch size, >= 1.
     * @return these hyperparameters with updates applied every {@code samples} training samples.
     */
    public OnlineHyper withBatch(final int samples)
    {
        return new OnlineHyper(method, steps, lambda, vth, a1, lambdaM, eta, burst, stochastic, samples,
            directions, localLoss);
    }

    /**
     * @param k the forward-gradient directions per hidden layer and step, >= 1 (> 1 only for the FGT methods).
     * @return these hyperparameters with K directions.
     */
    public OnlineHyper withDirections(final int k)
    {
        return new OnlineHyper(method, steps, lambda, vth, a1, lambdaM, eta, burst, stochastic, batch, k, localLoss);
    }

    /**
     * @param scale the local losses' scale (paper 000 App. D.2), >= 0; 0 for none.
     * @return these hyperparameters with local readouts on every hidden layer ("+ LL").
     */
    public OnlineHyper withLocalLoss(final double scale)
    {
        return new OnlineHyper(method, steps, lambda, vth, a1, lambdaM, eta, burst, stochastic, batch, directions,
            scale);
    }

    /**
     * The paper's defaults (paper 000 D.3.2): lambda = 0.5, V_th = 1, a1 = 0.25, lambda_M = 0.999.
     *
     * @param method error path.
     * @param steps  T.
     * @param eta    learning rate.
     * @return the hyperparameters.
     */
    public static OnlineHyper paperDefaults(final LearningMethod method, final int steps, final double eta)
    {
        return new OnlineHyper(method, steps, 0.5, 1.0, 0.25, 0.999, eta);
    }

    /** The sigmoid-derivative surrogate of MODEL.md: f(u) = q / (a1 (1 + q)^2), q = exp((V_th - u) / a1). */
    double surrogate(final double u)
    {
        final double q = Math.exp((vth - u) / a1);
        if (Double.isInfinite(q))
        {
            return 0.0;
        }
        final double d = 1.0 + q;
        return q / (a1 * d * d);
    }

    private static void require(final boolean ok, final String message)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
