package org.nmsim.mapping.net;

/** A network description breaks a rule; thrown before anything is partitioned, placed or run. */
public class NetworkException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the element (population, projection), the value and the violated rule.
     */
    public NetworkException(final String message)
    {
        super(message);
    }
}
