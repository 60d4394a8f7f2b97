package org.nmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nmsim.traces.Report;
import org.nmsim.traces.ReportJson;

import picocli.CommandLine;

/** nmsim compare: pass/fail per epoch with the stated tolerance, written into report.json. */
@Timeout(120)
class CompareCommandTest
{
    @TempDir
    static Path dir;

    static Path run;
    static double accuracy;

    @BeforeAll
    static void trainTinyRun() throws Exception
    {
        run = dir.resolve("run");
        final CommandLine cl = Nmsim.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, cl.execute("run", "../examples/fgt-fashion-mnist-quick.yaml", "--train-limit", "40",
            "--test-limit", "50", "--epochs", "1", "--workers", "1", "--out", run.toString()));
        accuracy = ReportJson.read(run.resolve("report.json")).epochs().get(0).testAccuracy();
    }

    private static String compare(final Path reference, final StringWriter err)
    {
        final CommandLine cl = Nmsim.newCommandLine();
        final StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        final int rc = cl.execute("compare", run.toString(), reference.toString());
        return rc + "\n" + out;
    }

    private static Path reference(final String name, final int trainSamples, final double testAcc) throws Exception
    {
        final Path p = dir.resolve(name);
        Files.writeString(p, String.format(Locale.ROOT, "{\"method\": \"fgt\", \"train_samples\": %d, " +
            "\"test_samples\": 1000, \"device\": \"cpu\", \"history\": [{\"epoch\": 1, \"test_acc\": %s, " +
            "\"cos\": NaN}]}", trainSamples, testAcc));
        return p;
    }

    @Test
    void shouldPassWithinTheBinomialToleranceAndFailBeyondIt() throws Exception
    {
        // tolerance = 3 sqrt(p (1-p) (1/50 + 1/1000)) + 0.1 (the default seed spread) with p the reference accuracy
        final double p = accuracy;
        final double tol = 3 * Math.sqrt(p * (1 - p) * (1.0 / 50 + 1.0 / 1000)) + 0.1;
        final String near = compare(reference("near.json", 40, p), new StringWriter());
        assertTrue(near.startsWith("0\n"), near);
        assertTrue(near.contains(String.format(Locale.ROOT, "%9.4f  pass", tol)), near);
        final Report r = ReportJson.read(run.resolve("report.json"));
        assertEquals(2, r.referenceComparison().size());
        assertTrue(r.referenceComparison().get(0).pass());
        assertEquals(tol, r.referenceComparison().get(0).tolerance(), 1e-12);

        // far away: the tolerance is evaluated at the reference's accuracy, at most 3 sqrt(0.25 x 0.021) + 0.1 = 0.32
        final double far = p < 0.5 ? p + 0.45 : p - 0.45;
        final String fails = compare(reference("far.json", 40, far), new StringWriter());
        assertTrue(fails.contains("FAIL"), fails);
        assertFalse(ReportJson.read(run.resolve("report.json")).referenceComparison().get(0).pass());
        assertTrue(Files.exists(run.resolve("compare.json")));
        assertTrue(Files.readString(run.resolve("report.html")).contains("test accuracy, epoch 1"));
    }

    @Test
    void shouldSayWhenTheTrainingSetsDiffer() throws Exception
    {
        final String out = compare(reference("other.json", 3000, 0.7), new StringWriter());
        assertTrue(out.contains("note: the run trained on 40 samples per epoch, the reference on 3000"), out);
    }

    @Test
    void shouldRejectAFileThatIsNotAReferenceCurve() throws Exception
    {
        final Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"epochs\": 3}");
        final StringWriter err = new StringWriter();
        assertTrue(compare(bad, err).startsWith("2\n"));
        assertTrue(err.toString().contains("not a reference curve (no 'history' array"), err.toString());
    }
}
