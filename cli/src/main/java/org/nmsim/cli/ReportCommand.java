package org.nmsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.nmsim.traces.FileFormatException;
import org.nmsim.traces.ReportHtml;
import org.nmsim.traces.ReportJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nmsim report RUN_DIR}: re-renders RUN_DIR/report.html from RUN_DIR/report.json;
 * {@code nmsim report --compare RUN_A RUN_B [-o OUT.html]}: renders a comparison of two runs.
 *
 * <p>Threading: one instance per command-line invocation; NOT thread safe.
 *
 * <p>Exit codes: 0 written; 2 bad input (wrong arguments, missing or unreadable report.json), with one line on
 * stderr; 1 on other I/O errors (e.g. the output cannot be written).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
        "Re-renders RUN_DIR/report.html from RUN_DIR/report.json, or compares two runs.",
        "The HTML is self-contained (opens offline) and is written atomically."})
public final class ReportCommand implements Callable<Integer>
{
    /** The default output of --compare, in the current directory. */
    static final String DEFAULT_COMPARE_OUTPUT = "compare.html";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--compare", description = "Compare two runs: RUN_A RUN_B (accuracy curves and energy bars).")
    boolean compare;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.html",
        description = "Where to write the HTML (default: RUN_DIR/report.html, or ./" + DEFAULT_COMPARE_OUTPUT
            + " with --compare).")
    Path output;

    @Parameters(paramLabel = "RUN_DIR", arity = "1..2",
        description = "Run directory holding report.json (two with --compare).")
    List<Path> runs;

    @Override
    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        final int expected = compare ? 2 : 1;
        if (runs.size() != expected)
        {
            err.println("nmsim report: got " + runs.size() + " RUN_DIR argument(s) but "
                + (compare ? "--compare needs exactly 2 (RUN_A RUN_B)" : "expected 1 (use --compare RUN_A RUN_B to "
                + "compare two runs)"));
            return 2;
        }
        for (final Path run : runs)
        {
            if (!Files.isDirectory(run) && !Files.isRegularFile(run))
            {
                err.println("nmsim report: RUN_DIR=" + run + " does not exist (give a run directory that holds "
                    + ReportJson.FILE_NAME + ")");
                return 2;
            }
        }
        final Path out = output != null ? output
            : compare ? Path.of(DEFAULT_COMPARE_OUTPUT) : runs.get(0).resolve(ReportHtml.FILE_NAME);
        try
        {
            if (compare)
            {
                ReportHtml.writeComparison(runs.get(0), runs.get(1), out);
            }
            else
            {
                ReportHtml.writeForRun(runs.get(0), out);
            }
        }
        catch (final FileFormatException ex)
        {
            err.println("nmsim report: " + ex.getMessage());
            return 2;
        }
        catch (final NoSuchFileException ex)
        {
            err.println("nmsim report: " + ex.getFile() + ": " + (ex.getReason() == null ? "no such file"
                : ex.getReason()));
            return 2;
        }
        catch (final IOException ex)
        {
            err.println("nmsim report: I/O error while rendering " + out + ": " + ex);
            return 1;
        }
        spec.commandLine().getOut().println("wrote " + out);
        return 0;
    }
}
