package org.nmsim.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders reports and opens them in headless Chromium: the page must report that every chart rendered, with no
 * JavaScript error, and every chart container must hold an SVG. Screenshots and the sample run directory go to
 * target/report-screenshots/, for people to look at.
 */
class ReportHtmlTest
{
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");

    @TempDir
    Path dir;

    @Test
    void shouldBeSelfContainedWithEchartsInlinedAndDataEscaped()
    {
        final String html = ReportHtml.render(SampleReports.sample(7, 1, 1), "run <7> & co");
        assertTrue(html.contains(ReportHtml.echartsJs().substring(0, 200)), "ECharts is inlined");
        assertFalse(html.matches("(?s).*<script[^>]+src=.*"), "no external scripts");
        assertFalse(html.contains("<link"), "no external style sheets");
        assertTrue(html.contains("nmsim report: run &lt;7&gt; &amp; co"), "label escaped");
        assertTrue(html.contains("\"label\":\"run \\u003c7> & co\""), "'<' in the embedded JSON is escaped");
        assertTrue(html.contains("Davies et al. 2018, Table 2"), "energy sources are shown");
    }

    @Test
    @Timeout(120)
    void shouldRenderEveryChartInHeadlessChromium() throws Exception
    {
        requireChromium();
        final Path runDir = Files.createDirectories(SCREENSHOTS.resolve("run-sfdfa-loihi"));
        ReportJson.write(runDir.resolve(ReportJson.FILE_NAME), SampleReports.sample(7, 1, 1));
        final Path html = ReportHtml.writeForRun(runDir);
        assertEquals(runDir.resolve("report.html"), html);

        final String dom = open(html, SCREENSHOTS.resolve("report.png"), 3200);
        assertRendered(dom, List.of("chart-accuracy", "chart-energy", "chart-utilisation", "chart-raster-0",
            "chart-alignment", "chart-diagnostic-0", "chart-diagnostic-1"));
        assertTrue(dom.contains("Learner diagnostics") && dom.contains("21.250") && dom.contains("|W^0| &lt;norm&gt;"),
            "the diagnostics table, its values and escaped names");
        assertTrue(dom.contains("Reference comparison") && dom.contains("badge fail"), "reference table shown");
    }

    @Test
    @Timeout(120)
    void shouldRenderMinimalMultiChipReportWithNaNAndWithoutOptionalSections() throws Exception
    {
        requireChromium();
        final Path html = dir.resolve("minimal.html");
        final Report base = SampleReports.minimal();
        final Report withNaN = new Report(base.formatVersion(), base.run(), base.epochs(), base.cores(),
            base.populations(), base.messages(), base.energy(), base.perSample(), base.stepTimes(), null,
            List.of(new Report.LayerAlignment("fc1", List.of(new Report.AlignmentPoint(1, Double.NaN),
                new Report.AlignmentPoint(2, 0.5)))), null, null);
        Files.writeString(html, ReportHtml.render(withNaN, "minimal"));
        final String dom = open(html, SCREENSHOTS.resolve("minimal.png"), 1400);
        assertRendered(dom, List.of("chart-energy", "chart-utilisation", "chart-alignment"));
        assertFalse(dom.contains("Reference comparison"));
        assertTrue(dom.contains("no epochs (inference-only run)"));
    }

    @Test
    @Timeout(120)
    void shouldRenderComparisonOfTwoRuns() throws Exception
    {
        requireChromium();
        final Path a = Files.createDirectories(dir.resolve("loihi-8bit"));
        final Path b = Files.createDirectories(dir.resolve("loihi-6bit"));
        ReportJson.write(a.resolve(ReportJson.FILE_NAME), SampleReports.sample(7, 1, 1));
        ReportJson.write(b.resolve(ReportJson.FILE_NAME), SampleReports.sample(8, 0.96, 0.7));
        final Path out = dir.resolve("compare.html");
        ReportHtml.writeComparison(a, b, out);
        final String dom = open(out, SCREENSHOTS.resolve("compare.png"), 1500);
        assertRendered(dom, List.of("chart-accuracy", "chart-energy"));
        assertTrue(dom.contains("loihi-8bit: test") && dom.contains("loihi-6bit: train"), "series named by run");
    }

    private static void assertRendered(final String dom, final List<String> chartIds)
    {
        final String htmlTag = attribute(dom);
        assertTrue(htmlTag.contains("data-nmsim-status=\"ok\""), "page status is not ok: " + htmlTag);
        assertFalse(htmlTag.contains("data-nmsim-errors"), "JavaScript errors: " + htmlTag);
        assertTrue(htmlTag.contains("data-nmsim-charts=\"" + chartIds.size() + "\""), "chart count: " + htmlTag);
        for (final String id : chartIds)
        {
            final int at = dom.indexOf("id=\"" + id + "\"");
            assertTrue(at >= 0, id + " container missing");
            final int next = dom.indexOf("data-chart=", dom.indexOf("data-chart=", at) + 1);
            final String container = dom.substring(at, next < 0 ? dom.length() : next);
            assertTrue(container.contains("<svg") && container.contains("<path"), id + " has no rendered SVG");
        }
    }

    private static String attribute(final String dom)
    {
        final int at = dom.indexOf("<html");
        return dom.substring(at, Math.min(dom.length(), dom.indexOf('>', at) + 1));
    }

    private static void requireChromium()
    {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
            "skipped: " + CHROMIUM + " is absent (apt-get install -y chromium)");
    }

    /** Opens the page once: returns the DOM after its scripts ran, and takes a screenshot 1280 px wide. */
    private String open(final Path html, final Path png, final int height) throws IOException, InterruptedException
    {
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        final ProcessResult r = chromium(List.of("--dump-dom", "--screenshot=" + png.toAbsolutePath(),
            "--window-size=1280," + height, "--hide-scrollbars", html.toUri().toString()));
        assertEquals(0, r.exitCode, r.stderr);
        assertTrue(Files.size(png) > 20_000, "screenshot " + png + " looks empty");
        return r.stdout;
    }

    private ProcessResult chromium(final List<String> args) throws IOException, InterruptedException
    {
        final List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
            "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"), "--virtual-time-budget=5000"));
        cmd.addAll(args);
        final Path out = Files.createTempFile(dir, "chromium", ".out");
        final Path err = Files.createTempFile(dir, "chromium", ".err");
        final Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS))
        {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + cmd);
        }
        return new ProcessResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    }

    private record ProcessResult(int exitCode, String stdout, String stderr)
    {
    }
}
