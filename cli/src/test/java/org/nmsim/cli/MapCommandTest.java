package org.nmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import picocli.CommandLine;

/** nmsim map: exit 0 when the network fits, 3 when it does not, 2 on bad input. */
@Timeout(60)
class MapCommandTest
{
    private static String[] run(final int expectedRc, final String... args)
    {
        final CommandLine cl = Nmsim.newCommandLine();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        final int rc = cl.execute(args);
        assertEquals(expectedRc, rc, out + "\n" + err);
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void shouldReportThatTheQuickExampleFits()
    {
        final String text = run(0, "map", "../examples/fgt-fashion-mnist-quick.yaml")[0];
        assertTrue(text.contains("on loihi2: FITS"), text);
        assertTrue(text.contains("M1"), text);
        final String json = run(0, "map", "../examples/fgt-fashion-mnist-quick.yaml", "--json")[0];
        assertTrue(json.contains("\"fits\" : true"), json);
        assertTrue(json.contains("\"FEEDBACK\""), json);
        assertTrue(json.contains("\"LEARNING_STATE\""), json);
    }

    @Test
    void shouldExitThreeWithTheReasonsOnATooSmallChip(@TempDir final Path dir) throws Exception
    {
        final String quick = Files.readString(Path.of("../examples/fgt-fashion-mnist-quick.yaml"));
        final String small = quick.replace("  preset: loihi2\n", "  preset: loihi1\n  overrides:\n"
            + "    synaptic_memory_bits_per_core: 4000\n    plasticity_ops: [add]\n");
        final Path cfg = dir.resolve("too-small.yaml");
        Files.writeString(cfg, small);
        final String text = run(MapCommand.EXIT_DOES_NOT_FIT, "map", cfg.toString())[0];
        assertTrue(text.contains("DOES NOT FIT"), text);
        assertTrue(text.contains("synaptic memory needs"), text);
        assertTrue(text.contains("more cores do not help: even one neuron per core exceeds a limit"), text);
        // an engine with exp/divide would compute them exactly, one without uses tables that need multiply and shift
        assertTrue(text.contains("plasticity op MULTIPLY"), text);
        assertTrue(text.contains("plasticity op SHIFT"), text);
        assertTrue(text.contains("message GRADED_SPIKE"), text);
    }

    @Test
    void shouldAnswerForSfdfaFromItsFactorysFootprint(@TempDir final Path dir) throws Exception
    {
        // paper 001's learner needs exp, log, divide, sqrt and graded payloads: SpiNNaker 2 has them, Loihi 1's
        // sum-of-products engine does not
        assertTrue(run(0, "map", "../examples/sfdfa-fashion-mnist.yaml")[0].contains("on spinnaker2: FITS"));
        final Path cfg = dir.resolve("sfdfa-loihi1.yaml");
        Files.writeString(cfg, Files.readString(Path.of("../examples/sfdfa-fashion-mnist.yaml"))
            .replace("preset: spinnaker2", "preset: loihi1"));
        final String text = run(MapCommand.EXIT_DOES_NOT_FIT, "map", cfg.toString())[0];
        assertTrue(text.contains("on loihi1: DOES NOT FIT"), text);
        assertTrue(text.contains("plasticity op EXP"), text);
        assertTrue(text.contains("plasticity op LOG"), text);
        assertTrue(text.contains("message GRADED_SPIKE"), text);
    }

    @org.junit.jupiter.api.Test
    void shouldMapTheLocalReadoutsOfLocalLearning()
    {
        final String text = run(0, "map", "../examples/fgt-ll-fashion-mnist.yaml")[0];
        // one local readout population per hidden layer, fed by its layer, its error returned through R^T
        assertTrue(text.contains("  r1                 10 neurons"), text);
        assertTrue(text.contains("  r2                 10 neurons"), text);
        assertTrue(text.contains("{M1=dense, R1^T=dense, fc1=dense}"), text);
        assertTrue(text.contains("{R2=dense}"), text);
    }

    @org.junit.jupiter.api.Test
    void shouldReportTheConvLearnersOwnPartitionAndWhyItDoesNotFit(@TempDir final Path dir) throws Exception
    {
        final String text = run(0, "map", "../examples/fgt-conv-fashion-mnist.yaml", "--core-lines", "5")[0];
        assertTrue(text.contains("on spinnaker2: FITS"), text);
        assertTrue(text.contains("cores used: 62 on 1 chip"), text);
        // the first conv layer's channel 0, a band of 7 rows: its 3x3 kernel stored once (9 x 8 bits)
        assertTrue(text.contains("c1[0:1)[y0:7)"), text);
        assertTrue(text.contains("WEIGHTS=72"), text);
        final Path cfg = dir.resolve("conv-loihi2.yaml");
        Files.writeString(cfg, Files.readString(Path.of("../examples/fgt-conv-fashion-mnist.yaml"))
            .replace("preset: spinnaker2", "preset: loihi2"));
        final String no = run(MapCommand.EXIT_DOES_NOT_FIT, "map", cfg.toString())[0];
        assertTrue(no.contains("on loihi2: DOES NOT FIT"), no);
        assertTrue(no.contains("feedback weights (network.feedback_bits)"), no);
    }

    static List<Path> examples() throws Exception
    {
        try (Stream<Path> s = Files.list(Path.of("../examples")))
        {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void shouldFitEveryExampleBecauseEveryExampleTrains(final Path example)
    {
        final String text = run(0, "map", example.toString())[0];
        assertTrue(text.contains(": FITS"), text);
    }

    private static Path variant(final Path dir, final String example, final String from, final String to)
        throws Exception
    {
        final String base = Files.readString(Path.of("../examples/" + example));
        assertTrue(base.contains(from), from);
        final Path cfg = dir.resolve("variant-" + example);
        Files.writeString(cfg, base.replace(from, to));
        return cfg;
    }

    @Test
    void shouldNotFitEpropWhenItsEligibilityTracesOverflowTheSynapticMemory(@TempDir final Path dir) throws Exception
    {
        // one h1 neuron: 784 x (8 weight + 16 accumulator + 16 eligibility) + 784 x (2 x 16 trace + 6 table) bits
        // + 10 x 8 feedback = 61,232 bits; DCLL's, without the eligibility trace, 48,688 bits
        final String small = "preset: loihi1\n  overrides:\n    synaptic_memory_bits_per_core: 56000";
        final String text = run(MapCommand.EXIT_DOES_NOT_FIT, "map",
            variant(dir, "eprop-fashion-mnist.yaml", "preset: loihi1", small).toString())[0];
        assertTrue(text.contains("DOES NOT FIT"), text);
        assertTrue(text.contains("synaptic memory needs"), text);
        assertTrue(text.contains("more cores do not help"), text);
        run(0, "map", variant(dir, "dcll-fashion-mnist.yaml", "preset: loihi1", small).toString());
    }

    @Test
    void shouldNotFitBioGradOnAnEngineWithoutRandomNumbers(@TempDir final Path dir) throws Exception
    {
        final String text = run(MapCommand.EXIT_DOES_NOT_FIT, "map", variant(dir, "biograd-fashion-mnist.yaml",
            "preset: loihi1", "preset: loihi1\n  overrides:\n    plasticity_ops: [add, multiply, shift]")
            .toString())[0];
        assertTrue(text.contains("DOES NOT FIT"), text);
        assertTrue(text.contains("plasticity op RANDOM"), text);
    }

    @Test
    void shouldNotFitSigpropOnAChipWithoutGradedSpikes(@TempDir final Path dir) throws Exception
    {
        // its pixel input, partial logits and errors are graded messages, which Loihi 1 does not have
        final String text = run(MapCommand.EXIT_DOES_NOT_FIT, "map", variant(dir, "sigprop-fashion-mnist.yaml",
            "preset: spinnaker2", "preset: loihi1").toString())[0];
        assertTrue(text.contains("on loihi1: DOES NOT FIT"), text);
        assertTrue(text.contains("message GRADED_SPIKE"), text);
    }

    @Test
    void shouldExitTwoOnAMissingConfig(@TempDir final Path dir)
    {
        final String err = run(2, "map", dir.resolve("absent.yaml").toString())[1];
        assertTrue(err.startsWith("nmsim map: "), err);
    }
}
