package org.nmsim.learning.reference;

/**
 * The hyperparameters of MODEL.md, validated when constructed.
 *
 * @param steps   time steps per sample {@code T}; at least 1.
 * @param lambda  membrane leak and trace decay {@code lambda}, in [0, 1).
 * @param vTh     firing threshold {@code V_th}; finite.
 * @param a1      surrogate width {@code a1}; finite and &gt; 0.
 * @param lambdaM FGT momentum {@code lambda_M}, in [0, 1].
 * @param eta     SGD learning rate {@code eta}; finite and &gt;= 0.
 */
public record ModelHyperparameters(int steps, double lambda, double vTh, double a1, double lambdaM, double eta)
{
    /** Validates every field; the first violation is reported with its name, value and rule. */
    public ModelHyperparameters
    {
        if (steps < 1)
        {
            throw new IllegalArgumentException("steps=" + steps + " must be >= 1");
        }
        if (!(lambda >= 0.0 && lambda < 1.0))
        {
            throw new IllegalArgumentException("lambda=" + lambda + " must be in [0, 1)");
        }
        if (!Double.isFinite(vTh))
        {
            throw new IllegalArgumentException("vTh=" + vTh + " must be finite");
        }
        if (!(a1 > 0.0 && Double.isFinite(a1)))
        {
            throw new IllegalArgumentException("a1=" + a1 + " must be finite and > 0");
        }
        if (!(lambdaM >= 0.0 && lambdaM <= 1.0))
        {
            throw new IllegalArgumentException("lambdaM=" + lambdaM + " must be in [0, 1]");
        }
        if (!(eta >= 0.0 && Double.isFinite(eta)))
        {
            throw new IllegalArgumentException("eta=" + eta + " must be finite and >= 0");
        }
    }

    /**
     * @param steps time steps per sample.
     * @param eta   learning rate.
     * @return MODEL.md's defaults: {@code lambda = 0.5, V_th = 1, a1 = 0.25, lambda_M = 0.999}.
     */
    public static ModelHyperparameters model(final int steps, final double eta)
    {
        return new ModelHyperparameters(steps, 0.5, 1.0, 0.25, 0.999, eta);
    }
}
