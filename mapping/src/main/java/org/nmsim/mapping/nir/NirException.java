package org.nmsim.mapping.nir;

import org.nmsim.mapping.net.NetworkException;

/** A NIR file cannot be imported; the message names the file, the element and the rule. No network is built. */
public final class NirException extends NetworkException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the file, the node, edge or dataset, and the violated rule.
     */
    public NirException(final String message)
    {
        super(message);
    }
}
