package org.nmsim.datasets;

import java.io.IOException;

/**
 * A dataset file is missing, unreadable, truncated or not in the format its loader expects.
 *
 * <p>Checked (an {@link IOException}) on purpose: every loader of this module does file I/O, and a caller that
 * handles I/O failures handles these with them. The message is one line, {@code "FILE: PROBLEM"}, where the problem
 * carries {@code name=value} context and names the rule of the format that was violated.
 */
public final class DatasetFormatException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final String file;

    /**
     * @param file    the file (path or classpath resource) that was being read.
     * @param problem what is wrong, with {@code name=value} context and the violated rule.
     */
    public DatasetFormatException(final String file, final String problem)
    {
        super(file + ": " + problem);
        this.file = file;
    }

    /**
     * @param file    the file (path or classpath resource) that was being read.
     * @param problem what is wrong, with {@code name=value} context and the violated rule.
     * @param cause   the underlying I/O failure.
     */
    public DatasetFormatException(final String file, final String problem, final Throwable cause)
    {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** @return the file (path or classpath resource) that was being read. */
    public String file()
    {
        return file;
    }
}
