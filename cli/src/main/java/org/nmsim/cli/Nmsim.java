package org.nmsim.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code nmsim} command: entry point of the shaded jar that the {@code ./nmsim} launcher runs.
 *
 * <p>Exit codes: 0 success; 2 bad input (an invalid option, configuration, or file), reported as one line on
 * standard error without a stack trace unless {@code --verbose}; 1 an internal error.
 */
@Command(
    name = "nmsim",
    mixinStandardHelpOptions = true,
    versionProvider = Nmsim.Version.class,
    description = "Event-driven simulator of neuromorphic hardware with on-chip learning.",
    subcommands = {RunCommand.class, MapCommand.class, CostsCommand.class, CompareCommand.class, ReportCommand.class,
        ReplayCommand.class, CriticalPointsCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Examples:",
        "  Train FGT on a simulated Loihi 2; does it fit; what each method costs:",
        "    nmsim run examples/fgt-fashion-mnist-quick.yaml",
        "    nmsim map examples/fgt-fashion-mnist-quick.yaml",
        "    nmsim costs examples/fgt-fashion-mnist-quick.yaml",
        "  The kernel demo, and one command's options:",
        "    nmsim demo --workers 2",
        "    nmsim help run"})
public final class Nmsim implements Callable<Integer>
{
    /** Exit code for bad input. */
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
        description = "Print stack traces with errors.")
    boolean verbose;

    @Override
    public Integer call()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    public static void main(final String[] args)
    {
        System.exit(newCommandLine().execute(args));
    }

    /**
     * Builds the command line with the project's error handling.
     *
     * @return the configured command line.
     */
    public static CommandLine newCommandLine()
    {
        final Nmsim root = new Nmsim();
        final CommandLine cl = new CommandLine(root);
        cl.getCommandSpec().exitCodeOnInvalidInput(EXIT_BAD_INPUT);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            final boolean badInput = ex instanceof IllegalArgumentException || ex instanceof IOException ||
                ex instanceof UncheckedIOException;
            commandLine.getErr().println("nmsim " + commandLine.getCommandName() + ": " +
                (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (root.verbose)
            {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return badInput ? EXIT_BAD_INPUT : 1;
        });
        return cl;
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
