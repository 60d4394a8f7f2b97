package org.nmsim.kernel;

/** A kernel configuration or model description breaks a rule; thrown before anything runs. */
public final class KernelConfigException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the field, the value and the violated rule.
     */
    public KernelConfigException(final String message)
    {
        super(message);
    }
}
