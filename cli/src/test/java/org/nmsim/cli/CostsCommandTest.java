package org.nmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nmsim.datasets.FashionMnist;
import org.nmsim.datasets.LabeledImages;
import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.Learners;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.traces.Report;
import org.nmsim.traces.ReportJson;

import picocli.CommandLine;

/** nmsim costs end to end: the online MLP's methods and registered learners on the same tiny network. */
@Timeout(120)
class CostsCommandTest
{
    /** 784-20-20-10 on SpiNNaker 2, 8-bit weights, 9-bit feedback: small enough for a few samples per method. */
    private static final String TINY = String.join("\n",
        "chip:",
        "  preset: spinnaker2",
        "network:",
        "  sizes: [784, 20, 20, 10]",
        "  weight_bits: 8",
        "  feedback_bits: 9",
        "algorithm:",
        "%s",
        "dataset:",
        "  name: fashion-mnist",
        "  train_limit: 3",
        "  test_limit: 1",
        "run:",
        "  epochs: 1",
        "  seed: 7",
        "  workers: 1",
        "");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int nmsim(final String... args)
    {
        final CommandLine cl = Nmsim.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private Path config(final String name, final String algorithm) throws IOException
    {
        final Path p = dir.resolve(name);
        Files.writeString(p, String.format(TINY, algorithm), StandardCharsets.UTF_8);
        return p;
    }

    private static JsonNode row(final JsonNode doc, final String method)
    {
        for (final JsonNode r : doc.get("rows"))
        {
            if (r.get("method").asText().equals(method))
            {
                return r;
            }
        }
        throw new AssertionError(method + " has no row in " + doc.get("rows"));
    }

    private static long bits(final JsonNode row, final String kind)
    {
        final JsonNode n = row.get("memoryBits").get(kind);
        return n == null ? 0 : n.asLong();
    }

    @Test
    void shouldWriteTheCostTableForEveryMethod(@TempDir final Path costs) throws Exception
    {
        final int rc = nmsim("costs", "../examples/fgt-fashion-mnist-quick.yaml", "--samples", "3", "--out",
            costs.toString(), "--methods", "bp,dfa,fgt,fgt_s,fgt_q1");
        assertEquals(0, rc, out + "\n" + err);
        for (final String m : new String[] {"| bp |", "| dfa |", "| fgt |", "| fgt_s |", "| fgt_q1 |"})
        {
            assertTrue(out.toString().contains(m), m + " missing from:\n" + out);
        }
        assertTrue(Files.readString(costs.resolve("costs.json")).contains("\"method\" : \"fgt_s\""));
        assertTrue(Files.exists(costs.resolve("costs.md")));
    }

    @Test
    void shouldMeasureSigpropNextToBpDfaAndFgtWithZeroFeedbackMemory() throws Exception
    {
        final Path cfg = config("mlp.yaml", "  method: fgt\n  steps: 3\n  eta: 0.01");
        final Path costs = dir.resolve("costs");
        final int rc = nmsim("costs", cfg.toString(), "--samples", "3", "--out", costs.toString(), "--methods",
            "bp,dfa,fgt,sigprop-surrogate,fgt_ll");
        assertEquals(0, rc, out + "\n" + err);
        final JsonNode doc = new ObjectMapper().readTree(costs.resolve("costs.json").toFile());
        assertEquals(5, doc.get("rows").size(), doc.toString());
        // by hand: DFA and FGT hold one 9-bit feedback value per (hidden neuron, class): (20 + 20) x 10 x 9 bits;
        // BP holds a symmetric copy of every weight above the first layer at the 8-bit weight width
        assertEquals((20 + 20) * 10 * 9, bits(row(doc, "dfa"), "FEEDBACK"));
        assertEquals((20 + 20) * 10 * 9, bits(row(doc, "fgt"), "FEEDBACK"));
        assertEquals((20 * 20 + 20 * 10) * 8, bits(row(doc, "bp"), "FEEDBACK"));
        // FGT + LL: each hidden neuron also keeps its 10-wide column of its layer's local readout at the weight width
        assertEquals((20 + 20) * 10 * 9 + (20 + 20) * 10 * 8, bits(row(doc, "fgt_ll"), "FEEDBACK"));
        final JsonNode sig = row(doc, "sigprop-surrogate");
        assertEquals(0, bits(sig, "FEEDBACK"), "sigprop has no feedback connections: " + sig);
        assertTrue(bits(sig, "WEIGHTS") > 0, sig.toString());
        assertEquals("registered", sig.get("learner").asText());
        assertTrue(sig.get("note").asText().contains("built with its own defaults"), sig.toString());
        assertTrue(out.toString().contains("| sigprop-surrogate |"), out.toString());
        for (final String m : new String[] {"bp", "dfa", "fgt", "sigprop-surrogate"})
        {
            final JsonNode r = row(doc, m);
            assertTrue(r.get("joulesPerSample").asDouble() > 0, r.toString());
            assertTrue(r.get("messagesPerSample").get("spike").asDouble() > 0, r.toString());
            assertTrue(r.get("cores").asInt() > 0, r.toString());
        }
        assertTrue(row(doc, "dfa").get("messagesPerSample").get("graded").asDouble() > 0);

        // the same learner built as nmsim run builds it (factory, config's setup, its defaults), trained on the
        // same three samples: the same energy per sample
        final ExperimentConfig c = ExperimentConfigs.load(cfg, new ExperimentConfigs.Overrides(null, 3, null, null,
            null));
        final LabeledImages train = FashionMnist.load(FashionMnist.Split.TRAIN, c.dataset().pathOption(),
            OptionalInt.of(3)).images();
        final AlgorithmParams params = new AlgorithmParams(Map.of("method", "sigprop-surrogate"));
        try (OnChipLearner l = Learners.forMethod("sigprop-surrogate").build(c.learnerSetup(), params))
        {
            params.check();
            final double dynamic0 = l.energy(c.chip().table()).dynamicJoules();
            final double[] x = new double[train.pixelsPerSample()];
            for (int i = 0; i < 3; i++)
            {
                train.intensities(i, x);
                l.trainSample(x, train.label(i));
            }
            final double expected = (l.energy(c.chip().table()).dynamicJoules() - dynamic0) / 3;
            assertEquals(expected, sig.get("joulesPerSample").asDouble(), Math.abs(expected) * 1e-12);
        }
    }

    @Test
    void shouldReportTheTrainingEnergyPerSampleThatNmsimRunReports() throws Exception
    {
        // a sigprop config: the MLP rows use the MLP's defaults and say so; with one training sample nmsim run's
        // shuffle cannot reorder anything, so its training energy per sample is the costs row's total
        final Path cfg = config("sigprop.yaml", "  method: sigprop-surrogate\n  steps: 3");
        final Path costs = dir.resolve("costs");
        assertEquals(0, nmsim("costs", cfg.toString(), "--samples", "1", "--out", costs.toString(), "--methods",
            "dfa,sigprop-surrogate,sigprop-voltage"), out + "\n" + err);
        assertTrue(out.toString().contains("algorithm.method=sigprop-surrogate is not the online MLP's"),
            out.toString());
        final JsonNode doc = new ObjectMapper().readTree(costs.resolve("costs.json").toFile());
        assertTrue(row(doc, "dfa").get("note").asText().contains("the online MLP's defaults T=6"), doc.toString());
        assertFalse(row(doc, "sigprop-surrogate").has("note"), doc.toString());
        assertTrue(row(doc, "sigprop-voltage").get("note").asText().contains("written for sigprop-surrogate"));
        assertEquals(0, bits(row(doc, "sigprop-voltage"), "FEEDBACK"));

        final Path run = dir.resolve("run");
        assertEquals(0, nmsim("run", cfg.toString(), "--train-limit", "1", "--test-limit", "1", "--out",
            run.toString()), out + "\n" + err);
        final Report report = ReportJson.read(run.resolve(ReportJson.FILE_NAME));
        assertEquals(1, report.perSample().training().samples());
        final double expected = report.perSample().training().joulesPerSample();
        assertEquals(expected, row(doc, "sigprop-surrogate").get("totalJoulesPerSample").asDouble(),
            Math.abs(expected) * 1e-12);
    }

    @Test
    void shouldReportALearnerThatCannotRunOnTheChipAsRefused() throws Exception
    {
        // Loihi 2's plasticity engine has no exp or log, which SFDFA's closed-form spike times need
        final Path costs = dir.resolve("costs");
        final int rc = nmsim("costs", "../examples/fgt-fashion-mnist-quick.yaml", "--samples", "1", "--out",
            costs.toString(), "--methods", "fgt,sfdfa");
        assertEquals(0, rc, out + "\n" + err);
        assertTrue(out.toString().contains("| sfdfa | refused |"), out.toString());
        assertTrue(out.toString().contains("- sfdfa: refused: chip loihi2 cannot run sfdfa"), out.toString());
        final JsonNode doc = new ObjectMapper().readTree(costs.resolve("costs.json").toFile());
        assertTrue(row(doc, "sfdfa").get("refused").asText().startsWith("chip loihi2 cannot run sfdfa"));
        assertNotNull(row(doc, "fgt").get("joulesPerSample"));
    }

    /**
     * {@code fgt_wo_m_s8}: FGT (w/o m) with K = 8 directions. Its graded messages exceed K = 1's by, per sample and
     * step, 7 more own signals of each 20-neuron hidden layer, 7 more layer-1 signals passed on by layer 2, and 7
     * more z^N vectors of 10 values for each of the 2 hidden layers: T x 7 x (20 + 20 + 20 + 2 x 10), T = 3.
     */
    @Test
    void shouldMeasureFgtWithEightDirections() throws Exception
    {
        final Path cfg = config("fgt8.yaml", "  method: fgt_wo_m\n  steps: 3\n  eta: 0.01");
        final Path costs = dir.resolve("costs8");
        final int rc = nmsim("costs", cfg.toString(), "--samples", "3", "--out", costs.toString(), "--methods",
            "fgt_wo_m,fgt_wo_m_s8");
        assertEquals(0, rc, out + "\n" + err);
        final JsonNode doc = new ObjectMapper().readTree(costs.resolve("costs.json").toFile());
        final double one = row(doc, "fgt_wo_m").get("messagesPerSample").get("graded").asDouble();
        final double eight = row(doc, "fgt_wo_m_s8").get("messagesPerSample").get("graded").asDouble();
        assertEquals(3 * 7 * (20 + 20 + 20 + 2 * 10), eight - one, 1e-9, "graded messages: " + one + " vs " + eight);
        assertTrue(row(doc, "fgt_wo_m_s8").get("joulesPerSample").asDouble() >
            row(doc, "fgt_wo_m").get("joulesPerSample").asDouble());
        assertTrue(out.toString().contains("| fgt_wo_m_s8 |"), out.toString());
        assertEquals(8, CostsCommand.variant("fgt_wo_m_s8", org.nmsim.learning.OnlineHyper.paperDefaults(
            org.nmsim.learning.LearningMethod.DFA, 3, 0.01)).hyper().directions());
        assertEquals(2, CostsCommand.variant("fgt_s_s2_q1", org.nmsim.learning.OnlineHyper.paperDefaults(
            org.nmsim.learning.LearningMethod.DFA, 3, 0.01)).hyper().directions());
        assertEquals(2, nmsim("costs", cfg.toString(), "--methods", "dfa_s8", "--out", dir.toString()));
        assertTrue(err.toString().contains("--methods: dfa_s8 is unknown"), err.toString());
    }

    @Test
    void shouldRejectAnUnknownMethodListingEveryKnownOne()
    {
        assertEquals(2, nmsim("costs", "../examples/fgt-fashion-mnist-quick.yaml", "--methods", "fgt,sgd",
            "--out", dir.toString()));
        final String e = err.toString();
        assertTrue(e.contains("--methods: sgd is unknown (known: dfa, fgt, fgt_wo_m, fgt_s, bp, "), e);
        for (final String m : Learners.methods())
        {
            assertTrue(e.contains(m), m + " missing from: " + e);
        }
        assertTrue(e.contains("an FGT method may end in _q1 or _q20"), e);
        assertFalse(Files.exists(dir.resolve("costs.json")));
    }
}
