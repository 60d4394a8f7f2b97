package org.nmsim.learning.sigpropconv;

/**
 * Constants of the conv layers' running-statistics normalisation ({@code algorithm.norm: running}; see
 * {@link org.nmsim.learning.sigpropconv} for the definition and its on-chip cost).
 *
 * @param momentum weight of the latest sample's statistics in the running mean and variance, in (0, 1].
 * @param eps      added to the running variance under the square root, &gt; 0.
 */
public record SigconvNorm(double momentum, double eps)
{
    /** PyTorch BatchNorm2d's momentum. */
    public static final double DEFAULT_MOMENTUM = 0.1;
    /** PyTorch BatchNorm2d's eps. */
    public static final double DEFAULT_EPS = 1e-5;

    /**
     * @param momentum see the record.
     * @param eps      see the record.
     * @throws IllegalArgumentException when out of range.
     */
    public SigconvNorm
    {
        if (!(momentum > 0.0 && momentum <= 1.0))
        {
            throw new IllegalArgumentException("norm momentum=" + momentum + " must be in (0, 1]");
        }
        if (!(eps > 0.0 && Double.isFinite(eps)))
        {
            throw new IllegalArgumentException("norm eps=" + eps + " must be > 0 and finite");
        }
    }
}
