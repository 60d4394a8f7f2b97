package org.nmsim.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.nmsim.chip.neuron.ContinuousLif;
import org.nmsim.chip.neuron.IntegrateAndFire;
import org.nmsim.chip.neuron.LoihiCubaLif;
import org.nmsim.chip.neuron.LoihiCubaLifParams;
import org.nmsim.chip.neuron.NonSpikingReadout;
import org.nmsim.chip.neuron.SpikeBits;
import org.nmsim.chip.neuron.SpinnakerLif;
import org.nmsim.chip.neuron.SpinnakerLifParams;
import org.nmsim.chip.neuron.SteppedCompartments;
import org.nmsim.chip.neuron.StochasticLif;
import org.nmsim.chip.neuron.TwoCompartment;
import org.nmsim.chip.neuron.UpdateCounts;
import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.kernel.SplitMix64;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nmsim replay}: runs one compartment model on a per-step input table and writes the state trace
 * {@code step,neuron,u,v,s} for every step and compartment.
 *
 * <p>Input: a CSV file, one row per step, one column per compartment, an optional header line; for
 * {@code loihi-cuba-lif} each cell is the integer dendritic input before the 6-bit shift, for the other models a
 * decimal input (current or weight sum). The whole file is read and checked before anything runs; bad input or an
 * out-of-range parameter prints one line naming the file, line and column or the parameter, and exits 2.
 * {@code --output} is written atomically (temporary file in the same directory, then an atomic move).
 *
 * <p>Threading: a picocli command object, used once by one thread.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Replay per-step compartment input through one neuron model and write step,neuron,u,v,s.")
public final class ReplayCommand implements Callable<Integer>
{
    /** Exit code for bad input or parameters. */
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true,
        description = "loihi-cuba-lif | spinnaker-lif | if | readout | stochastic-lif | two-compartment | " +
            "continuous-lif")
    String model;

    @Option(names = "--input", required = true, description = "CSV: one row per step, one column per compartment")
    Path input;

    @Option(names = "--output", description = "trace CSV (default: stdout), written atomically")
    Path output;

    @Option(names = "--du", description = "loihi-cuba-lif: current decay [0, 4095] (effective du + 1)")
    String du;

    @Option(names = "--dv", description = "loihi-cuba-lif: voltage decay [0, 4095]")
    String dv;

    @Option(names = "--vth", description = "threshold: loihi-cuba-lif mantissa [0, 131071]; spinnaker-lif mV; if")
    String vth;

    @Option(names = "--bias-mant", description = "loihi-cuba-lif: bias mantissas a,b,... (one, or one per column)")
    String biasMant;

    @Option(names = "--bias-exp", description = "loihi-cuba-lif: bias exponents a,b,... (one, or one per column)")
    String biasExp;

    @Option(names = "--refractory", description = "loihi-cuba-lif: refractory delay in steps [0, 63] (default 0)")
    String refractory;

    @Option(names = "--wrap", description = "loihi-cuba-lif: twos-complement (default) | lava")
    String wrap;

    @Option(names = "--format", description = "spinnaker-lif, if, readout: s16.15 (default for spinnaker-lif) | " +
        "float64 (default for if, readout)")
    String format;

    @Option(names = "--tau-m", description = "spinnaker-lif: membrane time constant ms (default 20)")
    String tauM;

    @Option(names = "--cm", description = "spinnaker-lif: capacitance nF (default 1)")
    String cm;

    @Option(names = "--dt", description = "spinnaker-lif: time step ms (default 1)")
    String dt;

    @Option(names = "--v-rest", description = "spinnaker-lif: resting voltage mV (default -65)")
    String vRest;

    @Option(names = "--v-reset", description = "spinnaker-lif: reset voltage mV (default -65)")
    String vReset;

    @Option(names = "--i-offset", description = "spinnaker-lif: offset current nA (default 0)")
    String iOffset;

    @Option(names = "--t-refract", description = "spinnaker-lif: refractory time ms (default 0.1)")
    String tRefract;

    @Option(names = "--reset", description = "if: zero (default) | subtract")
    String reset;

    @Option(names = "--lambda", description = "readout: leak factor [0, 1] (default 1); stochastic-lif: leak " +
        "(default 0.5)")
    String lambda;

    @Option(names = "--noise", description = "stochastic-lif: logistic noise scale a1 (default 0.25; 0 = deterministic)")
    String noise;

    @Option(names = "--seed", description = "stochastic-lif: seed of the noise stream (default 1)")
    String seed;

    @Option(names = "--tau-s", description = "continuous-lif: synaptic time constant tau_s in s (tau = 2 tau_s; " +
        "default 0.01)")
    String tauS;

    @Option(names = "--theta", description = "continuous-lif: threshold (default 0.01)")
    String theta;

    @Option(names = "--until", description = "continuous-lif: emit spikes up to this time in s (default: last input)")
    String until;

    private int firstDataLine = 1;

    /** Bad input or parameter: the message is the whole one-line report. */
    static final class BadInputException extends Exception
    {
        private static final long serialVersionUID = 1L;

        BadInputException(final String message)
        {
            super(message);
        }
    }

    @Override
    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        try
        {
            final boolean loihi = "loihi-cuba-lif".equals(model);
            if (!List.of("loihi-cuba-lif", "spinnaker-lif", "if", "readout", "stochastic-lif", "two-compartment",
                "continuous-lif").contains(model))
            {
                throw new BadInputException("--model=" + model + " unknown (allowed: loihi-cuba-lif, spinnaker-lif, " +
                    "if, readout, stochastic-lif, two-compartment, continuous-lif)");
            }
            final List<String[]> rows = readTable(input);
            final int columns = rows.isEmpty() ? 0 : rows.get(0).length;
            if ("continuous-lif".equals(model))
            {
                final StringBuilder spikesOut = new StringBuilder("neuron,time\n");
                replayContinuous(rows, columns, spikesOut);
                write(spikesOut);
                return 0;
            }
            final StringBuilder trace = new StringBuilder(rows.size() * columns * 24 + 32);
            trace.append("step,neuron,u,v,s\n");
            if (loihi)
            {
                replayLoihi(rows, columns, trace);
            }
            else
            {
                replayStepped(rows, columns, trace);
            }
            write(trace);
            return 0;
        }
        catch (final BadInputException | IllegalArgumentException e)
        {
            err.println("nmsim replay: " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        }
        catch (final IOException e)
        {
            err.println("nmsim replay: I/O error: " + e);
            err.flush();
            return 1;
        }
    }

    private void replayLoihi(final List<String[]> rows, final int n, final StringBuilder trace)
        throws BadInputException
    {
        final LoihiCubaLifParams.CurrentWrap currentWrap;
        if (wrap == null || "twos-complement".equals(wrap))
        {
            currentWrap = LoihiCubaLifParams.CurrentWrap.TWOS_COMPLEMENT;
        }
        else if ("lava".equals(wrap))
        {
            currentWrap = LoihiCubaLifParams.CurrentWrap.LAVA_PY_BIT_ACC;
        }
        else
        {
            throw new BadInputException("--wrap=" + wrap + " unknown (allowed: twos-complement, lava)");
        }
        final LoihiCubaLifParams params = new LoihiCubaLifParams(requiredInt("--du", du), requiredInt("--dv", dv),
            requiredInt("--vth", vth), refractory == null ? 0 : parseInt("--refractory", refractory), currentWrap);
        final int[] mant = perCompartment("--bias-mant", biasMant, n);
        final int[] exp = perCompartment("--bias-exp", biasExp, n);
        final LoihiCubaLif lif = new LoihiCubaLif(Math.max(n, 1), params, mant, exp);
        final int[] in = new int[n];
        final long[] spikes = SpikeBits.allocate(n);
        final UpdateCounts counts = new UpdateCounts();
        for (int t = 0; t < rows.size(); t++)
        {
            final String[] row = rows.get(t);
            for (int i = 0; i < n; i++)
            {
                in[i] = cellInt(row, t, i);
            }
            lif.step(in, spikes, counts);
            for (int i = 0; i < n; i++)
            {
                trace.append(t).append(',').append(i).append(',').append(lif.u(i)).append(',').append(lif.v(i))
                    .append(',').append(SpikeBits.isSet(spikes, i) ? 1 : 0).append('\n');
            }
        }
    }

    private void replayStepped(final List<String[]> rows, final int n, final StringBuilder trace)
        throws BadInputException
    {
        final SteppedCompartments group = buildStepped(Math.max(n, 1));
        final double[] in = new double[n];
        final long[] spikes = SpikeBits.allocate(n);
        final UpdateCounts counts = new UpdateCounts();
        for (int t = 0; t < rows.size(); t++)
        {
            final String[] row = rows.get(t);
            for (int i = 0; i < n; i++)
            {
                in[i] = cellDouble(row, t, i);
            }
            group.step(in, spikes, counts);
            for (int i = 0; i < n; i++)
            {
                trace.append(t).append(',').append(i).append(',').append(group.current(i)).append(',')
                    .append(group.voltage(i)).append(',').append(SpikeBits.isSet(spikes, i) ? 1 : 0).append('\n');
            }
        }
    }

    private SteppedCompartments buildStepped(final int n) throws BadInputException
    {
        switch (model)
        {
            case "spinnaker-lif":
            {
                final SpinnakerLifParams d = SpinnakerLifParams.pynnDefaults();
                final SpinnakerLifParams p = new SpinnakerLifParams(
                    optDouble("--tau-m", tauM, d.tauM()), optDouble("--cm", cm, d.cM()),
                    optDouble("--dt", dt, d.timeStep()), optDouble("--v-rest", vRest, d.vRest()),
                    optDouble("--v-reset", vReset, d.vReset()), optDouble("--vth", vth, d.vThresh()),
                    optDouble("--i-offset", iOffset, d.iOffset()), optDouble("--t-refract", tRefract, d.tRefract()));
                return new SpinnakerLif(n, p, numberFormat(SpinnakerLif.S16_15), null);
            }
            case "if":
            {
                final IntegrateAndFire.Reset r;
                if (reset == null || "zero".equals(reset))
                {
                    r = IntegrateAndFire.Reset.TO_ZERO;
                }
                else if ("subtract".equals(reset))
                {
                    r = IntegrateAndFire.Reset.BY_SUBTRACTION;
                }
                else
                {
                    throw new BadInputException("--reset=" + reset + " unknown (allowed: zero, subtract)");
                }
                return new IntegrateAndFire(n, optDouble("--vth", vth, 1.0), r, numberFormat(IdealFloat64.INSTANCE),
                    null);
            }
            case "stochastic-lif":
            {
                final double a1 = optDouble("--noise", noise, 0.25);
                return new StochasticLif(n, optDouble("--lambda", lambda, 0.5), optDouble("--vth", vth, 1.0), a1,
                    numberFormat(IdealFloat64.INSTANCE), a1 > 0 ? new SplitMix64(optLong("--seed", seed, 1L)) : null);
            }
            case "two-compartment":
                return new TwoCompartment(n, optDouble("--dv", dv, 0.0), optDouble("--vth", vth, 1.0),
                    numberFormat(IdealFloat64.INSTANCE), null);
            default:
                return new NonSpikingReadout(n, optDouble("--lambda", lambda, 1.0),
                    numberFormat(IdealFloat64.INSTANCE), null);
        }
    }

    /**
     * continuous-lif (paper 001 eq. 1-4): rows are input events {@code time,neuron,weight} in time order; the
     * output lists every spike time in closed form, {@code neuron,time}, in emission order.
     */
    private void replayContinuous(final List<String[]> rows, final int columns, final StringBuilder out)
        throws BadInputException
    {
        if (!rows.isEmpty() && columns != 3)
        {
            throw new BadInputException(input + ": continuous-lif input has " + columns +
                " columns; it needs 3: time,neuron,weight");
        }
        int neurons = 1;
        for (int r = 0; r < rows.size(); r++)
        {
            neurons = Math.max(neurons, cellInt(rows.get(r), r, 1) + 1);
        }
        final ContinuousLif lif = new ContinuousLif(neurons, optDouble("--tau-s", tauS, 0.01),
            optDouble("--theta", theta, 0.01));
        final double[] spikes = new double[1 << 16];
        double last = 0.0;
        for (int r = 0; r < rows.size(); r++)
        {
            final double t = cellDouble(rows.get(r), r, 0);
            final int i = cellInt(rows.get(r), r, 1);
            if (t < last || i < 0)
            {
                throw new BadInputException(input + ": line " + (r + firstDataLine) + ": time=" + t + " neuron=" + i +
                    " (events must be in time order with neuron >= 0)");
            }
            last = t;
            // every neuron's spikes before this event, in neuron order, then the event itself
            emitUntil(lif, neurons, t, spikes, out, false);
            lif.receive(i, t, cellDouble(rows.get(r), r, 2), spikes, 0);
        }
        emitUntil(lif, neurons, optDouble("--until", until, last), spikes, out, true);
    }

    private static void emitUntil(final ContinuousLif lif, final int neurons, final double t, final double[] buf,
        final StringBuilder out, final boolean inclusive)
    {
        for (int i = 0; i < neurons; i++)
        {
            if (lif.time(i) > t)
            {
                continue;
            }
            final double to = inclusive ? t : Math.nextDown(t);
            if (to < lif.time(i))
            {
                continue;
            }
            final int n = lif.advanceTo(i, to, buf, 0);
            for (int k = 0; k < n; k++)
            {
                out.append(i).append(',').append(buf[k]).append('\n');
            }
        }
    }

    private NumberFormat numberFormat(final NumberFormat defaultFormat) throws BadInputException
    {
        if (format == null)
        {
            return defaultFormat;
        }
        if ("float64".equals(format))
        {
            return IdealFloat64.INSTANCE;
        }
        if ("s16.15".equals(format))
        {
            return SpinnakerLif.S16_15;
        }
        throw new BadInputException("--format=" + format + " unknown (allowed: s16.15, float64)");
    }

    private List<String[]> readTable(final Path file) throws BadInputException, IOException
    {
        final List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            String line;
            int lineNo = 0;
            int width = -1;
            int blankLine = 0;
            while ((line = reader.readLine()) != null)
            {
                lineNo++;
                if (line.isBlank())
                {
                    blankLine = blankLine == 0 ? lineNo : blankLine;
                    continue;
                }
                if (blankLine != 0)
                {
                    throw new BadInputException(file + " line " + blankLine + ": empty row");
                }
                final String[] cells = line.split(",", -1);
                for (int c = 0; c < cells.length; c++)
                {
                    cells[c] = cells[c].trim();
                }
                if (lineNo == 1 && isHeader(cells))
                {
                    width = cells.length;
                    continue;
                }
                if (rows.isEmpty())
                {
                    firstDataLine = lineNo;
                }
                if (width < 0)
                {
                    width = cells.length;
                }
                else if (cells.length != width)
                {
                    throw new BadInputException(file + " line " + lineNo + ": " + cells.length +
                        " columns, expected " + width + " (ragged row)");
                }
                rows.add(cells);
            }
        }
        catch (final NoSuchFileException e)
        {
            throw new BadInputException("--input=" + file + " does not exist");
        }
        if (rows.isEmpty())
        {
            throw new BadInputException(file + ": no data rows");
        }
        return rows;
    }

    private static boolean isHeader(final String[] cells)
    {
        for (final String c : cells)
        {
            if (!c.isEmpty() && !looksNumeric(c))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean looksNumeric(final String c)
    {
        final char first = c.charAt(0);
        return Character.isDigit(first) || first == '-' || first == '+' || first == '.';
    }

    private String where(final int row, final int column)
    {
        return input + " line " + (firstDataLine + row) + " column " + (column + 1);
    }

    private int cellInt(final String[] row, final int t, final int i) throws BadInputException
    {
        try
        {
            final long value = Long.parseLong(row[i]);
            if (value < LoihiCubaLif.INPUT_MIN || value > LoihiCubaLif.INPUT_MAX)
            {
                throw new BadInputException(where(t, i) + ": " + value + " out of range [" + LoihiCubaLif.INPUT_MIN +
                    ", " + LoihiCubaLif.INPUT_MAX + "] (Loihi 16-bit dendritic input)");
            }
            return (int)value;
        }
        catch (final NumberFormatException e)
        {
            throw new BadInputException(where(t, i) + ": '" + row[i] + "' is not an integer");
        }
    }

    private double cellDouble(final String[] row, final int t, final int i) throws BadInputException
    {
        try
        {
            final double value = Double.parseDouble(row[i]);
            if (!Double.isFinite(value))
            {
                throw new BadInputException(where(t, i) + ": '" + row[i] + "' is not a finite number");
            }
            return value;
        }
        catch (final NumberFormatException e)
        {
            throw new BadInputException(where(t, i) + ": '" + row[i] + "' is not a number");
        }
    }

    private static int requiredInt(final String name, final String value) throws BadInputException
    {
        if (value == null)
        {
            throw new BadInputException(name + " is required for --model=loihi-cuba-lif");
        }
        return parseInt(name, value);
    }

    private static int parseInt(final String name, final String value) throws BadInputException
    {
        try
        {
            return Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException e)
        {
            throw new BadInputException(name + "=" + value + " is not an integer");
        }
    }

    private static long optLong(final String name, final String value, final long defaultValue)
        throws BadInputException
    {
        if (value == null)
        {
            return defaultValue;
        }
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException e)
        {
            throw new BadInputException(name + "=" + value + " is not an integer");
        }
    }

    private static double optDouble(final String name, final String value, final double defaultValue)
        throws BadInputException
    {
        if (value == null)
        {
            return defaultValue;
        }
        try
        {
            final double d = Double.parseDouble(value.trim());
            if (!Double.isFinite(d))
            {
                throw new BadInputException(name + "=" + value + " is not a finite number");
            }
            return d;
        }
        catch (final NumberFormatException e)
        {
            throw new BadInputException(name + "=" + value + " is not a number");
        }
    }

    private static int[] perCompartment(final String name, final String list, final int n) throws BadInputException
    {
        final int[] out = new int[Math.max(n, 1)];
        if (list == null)
        {
            return out;
        }
        final String[] parts = list.split(",", -1);
        if (parts.length != 1 && parts.length != n)
        {
            throw new BadInputException(name + "=" + list + " has " + parts.length + " values; expected 1 or " + n +
                " (one per input column)");
        }
        for (int i = 0; i < out.length; i++)
        {
            out[i] = parseInt(name, parts[parts.length == 1 ? 0 : i]);
        }
        return out;
    }

    private void write(final CharSequence trace) throws IOException
    {
        if (output == null)
        {
            final PrintWriter out = spec.commandLine().getOut();
            out.append(trace);
            out.flush();
            return;
        }
        final Path target = output.toAbsolutePath();
        final Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try
        {
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)))
            {
                w.append(trace);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        finally
        {
            Files.deleteIfExists(tmp);
        }
    }
}
