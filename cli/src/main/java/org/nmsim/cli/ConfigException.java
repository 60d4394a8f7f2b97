package org.nmsim.cli;

import java.util.List;

/**
 * An experiment configuration that is invalid: every problem found, one per line, each naming the field path, the
 * value and the rule. A bad-input error (exit code 2).
 */
public final class ConfigException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    /** The problems, one per line, e.g. {@code algorithm.steps=0 must be >= 1}. */
    private final List<String> errors;

    /**
     * @param source the config file (or another label).
     * @param errors the problems, at least one.
     */
    public ConfigException(final String source, final List<String> errors)
    {
        super(source + ": " + errors.size() + (errors.size() == 1 ? " error" : " errors") + System.lineSeparator()
            + "  " + String.join(System.lineSeparator() + "  ", errors));
        this.errors = List.copyOf(errors);
    }

    /** @return the problems, one per entry. */
    public List<String> errors()
    {
        return errors;
    }
}
