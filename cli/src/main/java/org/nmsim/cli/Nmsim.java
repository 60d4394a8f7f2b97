package org.nmsim.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nmsim} command: entry point of the shaded jar that the {@code ./nmsim} launcher runs.
 */
@Command(
    name = "nmsim",
    mixinStandardHelpOptions = true,
    versionProvider = Nmsim.Version.class,
    description = "Event-driven simulator of neuromorphic hardware with on-chip learning.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Nmsim implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        spec.commandLine().usage(System.out);
        return 0;
    }

    public static void main(final String[] args)
    {
        System.exit(newCommandLine().execute(args));
    }

    /** Builds the command line with the project's error handling: bad input exits 2, one line, no stack trace. */
    public static CommandLine newCommandLine()
    {
        return new CommandLine(new Nmsim());
    }

    /** Reports the version recorded in the jar manifest (or "dev" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String v = Nmsim.class.getPackage().getImplementationVersion();
            return new String[] {"nmsim " + (v == null ? "dev" : v)};
        }
    }
}
