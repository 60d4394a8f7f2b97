package org.nmsim.traces;

import java.io.IOException;

/**
 * A trace or report file that this nmsim cannot read: wrong magic, unsupported format version, truncated header,
 * malformed JSON. The message names the file, the problem and the rule.
 *
 * <p>Threading: immutable once thrown.
 */
public final class FileFormatException extends IOException
{
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the file, the problem and the rule. */
    public FileFormatException(final String message)
    {
        super(message);
    }

    /**
     * @param message one line naming the file, the problem and the rule.
     * @param cause   the parser's exception.
     */
    public FileFormatException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
