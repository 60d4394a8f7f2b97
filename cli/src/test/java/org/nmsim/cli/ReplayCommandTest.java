package org.nmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nmsim.chip.neuron.IntegrateAndFire;
import org.nmsim.chip.neuron.LoihiCubaLif;
import org.nmsim.chip.neuron.LoihiCubaLifParams;
import org.nmsim.chip.neuron.NonSpikingReadout;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.chip.neuron.TwoCompartment;
import org.nmsim.chip.neuron.StochasticLif;
import org.nmsim.chip.neuron.SpikeBits;
import org.nmsim.chip.neuron.SpinnakerLif;
import org.nmsim.chip.neuron.SpinnakerLifParams;
import org.nmsim.chip.neuron.SteppedCompartments;
import org.nmsim.chip.neuron.UpdateCounts;
import org.nmsim.chip.numeric.IdealFloat64;

import picocli.CommandLine;

class ReplayCommandTest
{
    private static final int[][] LOIHI_INPUT = {{100, -3}, {200, 0}, {0, 32767}, {-50, 10}, {300, 300}, {0, 0}};
    private static final double[][] REAL_INPUT = {{0.5, 2.0}, {0.75, -1.0}, {1.5, 0.25}, {0.0, 3.0}};

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        final CommandLine cmd = new CommandLine(new ReplayCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    private Path csv(final String name, final String content) throws IOException
    {
        final Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static String table(final int[][] rows, final boolean header)
    {
        final StringBuilder sb = new StringBuilder(header ? "n0,n1\n" : "");
        for (final int[] r : rows)
        {
            sb.append(r[0]).append(',').append(r[1]).append('\n');
        }
        return sb.toString();
    }

    private static String table(final double[][] rows)
    {
        final StringBuilder sb = new StringBuilder();
        for (final double[] r : rows)
        {
            sb.append(r[0]).append(", ").append(r[1]).append('\n');
        }
        return sb.toString();
    }

    private static String expectedLoihi(final LoihiCubaLif lif)
    {
        final StringBuilder sb = new StringBuilder("step,neuron,u,v,s\n");
        final long[] spikes = SpikeBits.allocate(2);
        final UpdateCounts counts = new UpdateCounts();
        for (int t = 0; t < LOIHI_INPUT.length; t++)
        {
            lif.step(LOIHI_INPUT[t], spikes, counts);
            for (int i = 0; i < 2; i++)
            {
                sb.append(t).append(',').append(i).append(',').append(lif.u(i)).append(',').append(lif.v(i))
                    .append(',').append(SpikeBits.isSet(spikes, i) ? 1 : 0).append('\n');
            }
        }
        return sb.toString();
    }

    private static String expectedStepped(final SteppedCompartments g)
    {
        final StringBuilder sb = new StringBuilder("step,neuron,u,v,s\n");
        final long[] spikes = SpikeBits.allocate(2);
        final UpdateCounts counts = new UpdateCounts();
        for (int t = 0; t < REAL_INPUT.length; t++)
        {
            g.step(REAL_INPUT[t], spikes, counts);
            for (int i = 0; i < 2; i++)
            {
                sb.append(t).append(',').append(i).append(',').append(g.current(i)).append(',')
                    .append(g.voltage(i)).append(',').append(SpikeBits.isSet(spikes, i) ? 1 : 0).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void shouldReplayLoihiToStdoutLikeTheModel() throws IOException
    {
        final Path in = csv("a_in.csv", table(LOIHI_INPUT, true));
        assertEquals(0, run("--model", "loihi-cuba-lif", "--du", "410", "--dv", "205", "--vth", "100",
            "--bias-mant", "5,-7", "--bias-exp", "2,3", "--input", in.toString()), err.toString());
        final LoihiCubaLif lif = new LoihiCubaLif(2, LoihiCubaLifParams.of(410, 205, 100), new int[] {5, -7},
            new int[] {2, 3});
        assertEquals(expectedLoihi(lif), out.toString());
        assertTrue(out.toString().contains(",1\n"), "some spike expected:\n" + out);
    }

    @Test
    void shouldWriteOutputFileAtomically() throws IOException
    {
        final Path in = csv("a_in.csv", table(LOIHI_INPUT, false));
        final Path trace = dir.resolve("trace.csv");
        Files.writeString(trace, "old");
        assertEquals(0, run("--model", "loihi-cuba-lif", "--du", "0", "--dv", "4095", "--vth", "10",
            "--bias-mant", "1", "--bias-exp", "0", "--refractory", "2", "--input", in.toString(),
            "--output", trace.toString()), err.toString());
        final LoihiCubaLif lif = LoihiCubaLif.uniform(2,
            new LoihiCubaLifParams(0, 4095, 10, 2, LoihiCubaLifParams.CurrentWrap.TWOS_COMPLEMENT), 1, 0);
        assertEquals(expectedLoihi(lif), Files.readString(trace));
        assertEquals("", out.toString());
        try (Stream<Path> files = Files.list(dir))
        {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temp file left");
        }
    }

    @Test
    void shouldReplaySpinnakerIfAndReadoutLikeTheModels() throws IOException
    {
        final Path in = csv("i.csv", table(REAL_INPUT));
        assertEquals(0, run("--model", "spinnaker-lif", "--v-rest", "0", "--v-reset", "0", "--vth", "1",
            "--tau-m", "10", "--input", in.toString()), err.toString());
        assertEquals(expectedStepped(new SpinnakerLif(2,
            new SpinnakerLifParams(10, 1, 1, 0, 0, 1, 0, 0.1), SpinnakerLif.S16_15, null)), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("--model", "if", "--vth", "1", "--reset", "subtract", "--input", in.toString()));
        assertEquals(expectedStepped(new IntegrateAndFire(2, 1.0, IntegrateAndFire.Reset.BY_SUBTRACTION,
            IdealFloat64.INSTANCE, null)), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("--model", "readout", "--lambda", "0.5", "--format", "s16.15", "--input",
            in.toString()));
        assertEquals(expectedStepped(new NonSpikingReadout(2, 0.5, SpinnakerLif.S16_15, null)), out.toString());
    }

    @Test
    void shouldReplayStochasticLifAndTwoCompartmentLikeTheModels() throws IOException
    {
        final Path in = csv("s.csv", table(REAL_INPUT));
        assertEquals(0, run("--model", "stochastic-lif", "--lambda", "0.5", "--vth", "1", "--noise", "0.25", "--seed",
            "9", "--input", in.toString()), err.toString());
        assertEquals(expectedStepped(new StochasticLif(2, 0.5, 1.0, 0.25, IdealFloat64.INSTANCE, new SplitMix64(9))),
            out.toString(), "the same seed gives the same noise draws");
        out.getBuffer().setLength(0);
        assertEquals(0, run("--model", "two-compartment", "--dv", "0.25", "--vth", "1", "--input", in.toString()));
        assertEquals(expectedStepped(new TwoCompartment(2, 0.25, 1.0, IdealFloat64.INSTANCE, null)), out.toString());
    }

    @Test
    void shouldReplayContinuousLifSpikeTimesInClosedForm() throws IOException
    {
        // one neuron, tau_s = 0.01 (tau = 0.02), theta = 0.01, one input w at t = 0: paper 001 eq. 1 gives
        // u(t) = w (e^{-t/tau} - e^{-t/tau_s}); with x = e^{-t/tau} and tau = 2 tau_s, e^{-t/tau_s} = x^2, so the
        // crossing solves w (x - x^2) = theta: x = (1 + sqrt(1 - 4 theta / w)) / 2 for the first (rising) crossing,
        // which is eq. 3 with a = b = w: t = tau ln(2a / (b + sqrt(b^2 - 4 a theta))).
        final double w = 0.05;
        final double x = (1 + Math.sqrt(1 - 4 * 0.01 / w)) / 2;
        final double expected = -0.02 * Math.log(x);
        final Path in = csv("e.csv", "time,neuron,weight\n0.0,0," + w + "\n");
        assertEquals(0, run("--model", "continuous-lif", "--tau-s", "0.01", "--theta", "0.01", "--until", "0.1",
            "--input", in.toString()), err.toString());
        final String[] lines = out.toString().split("\n");
        assertEquals("neuron,time", lines[0]);
        assertEquals(2, lines.length, "exactly one spike: " + out);
        assertEquals(expected, Double.parseDouble(lines[1].split(",")[1]), 1e-12);
        out.getBuffer().setLength(0);
        final Path bad = csv("b.csv", "time,neuron,weight\n0.002,0,0.05\n0.001,0,0.05\n");
        assertEquals(2, run("--model", "continuous-lif", "--input", bad.toString()));
        assertTrue(err.toString().contains("events must be in time order"), err.toString());
    }

    private void assertBad(final String expectedMessage, final String... args)
    {
        err.getBuffer().setLength(0);
        assertEquals(ReplayCommand.EXIT_BAD_INPUT, run(args));
        assertEquals("nmsim replay: " + expectedMessage, err.toString().strip());
        assertEquals(1, err.toString().strip().lines().count());
    }

    @Test
    void shouldRejectBadInputWithFileLineAndColumn() throws IOException
    {
        final Path bad = csv("bad.csv", "a,b\n1,2\n3,x\n");
        assertBad(bad + " line 3 column 2: 'x' is not an integer", "--model", "loihi-cuba-lif", "--du", "1",
            "--dv", "1", "--vth", "1", "--input", bad.toString());
        final Path ragged = csv("ragged.csv", "1,2\n3\n");
        assertBad(ragged + " line 2: 1 columns, expected 2 (ragged row)", "--model", "if", "--input",
            ragged.toString());
        final Path big = csv("big.csv", "1\n40000\n");
        assertBad(big + " line 2 column 1: 40000 out of range [-32768, 32767] (Loihi 16-bit dendritic input)",
            "--model", "loihi-cuba-lif", "--du", "1", "--dv", "1", "--vth", "1", "--input", big.toString());
        final Path real = csv("real.csv", "0.5\n1.5e\n");
        assertBad(real + " line 2 column 1: '1.5e' is not a number", "--model", "readout", "--input",
            real.toString());
    }

    @Test
    void shouldRejectOutOfRangeParameters() throws IOException
    {
        final Path in = csv("ok.csv", "1,2\n");
        assertBad("du=5000 out of range [0, 4095] (Loihi 12-bit decay)", "--model", "loihi-cuba-lif", "--du",
            "5000", "--dv", "1", "--vth", "1", "--input", in.toString());
        assertBad("biasExp[1]=9 out of range [0, 7] (Loihi 3-bit unsigned bias exponent)", "--model",
            "loihi-cuba-lif", "--du", "1", "--dv", "1", "--vth", "1", "--bias-exp", "0,9", "--input", in.toString());
        assertBad("--bias-mant=1,2,3 has 3 values; expected 1 or 2 (one per input column)", "--model",
            "loihi-cuba-lif", "--du", "1", "--dv", "1", "--vth", "1", "--bias-mant", "1,2,3", "--input",
            in.toString());
        assertBad("--du is required for --model=loihi-cuba-lif", "--model", "loihi-cuba-lif", "--dv", "1",
            "--vth", "1", "--input", in.toString());
        assertBad("lambda=2.0 out of range [0.0, 1.0]", "--model", "readout", "--lambda", "2", "--input",
            in.toString());
        assertBad("--model=hh unknown (allowed: loihi-cuba-lif, spinnaker-lif, if, readout, stochastic-lif, " +
            "two-compartment, continuous-lif)", "--model", "hh",
            "--input", in.toString());
        assertBad("--input=" + dir.resolve("missing.csv") + " does not exist", "--model", "if", "--input",
            dir.resolve("missing.csv").toString());
    }
}
