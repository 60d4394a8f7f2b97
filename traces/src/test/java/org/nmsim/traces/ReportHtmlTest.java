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

        final String dom = dumpDom(html);
        assertRendered(dom, List.of("chart-accuracy", "chart-energy", "chart-utilisation", "chart-raster-0",
            "chart-alignment"));
        assertTrue(dom.contains("Reference comparison") && dom.contains("badge fail"), "reference table shown");
        screenshot(html, SCREENSHOTS.resolve("report.png"), 3200);
    }

    @Test
    @Timeout(120)
    void shouldRenderMinimalReportWithoutOptionalSections() throws Exception
    {
        requireChromium();
        final Path html = dir.resolve("minimal.html");
        Files.writeString(html, ReportHtml.render(SampleReports.minimal(), "minimal"));
        final String dom = dumpDom(html);
        assertRendered(dom, List.of("chart-energy", "chart-utilisation"));
        assertFalse(dom.contains("Reference comparison"));
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
        final String dom = dumpDom(out);
        assertRendered(dom, List.of("chart-accuracy", "chart-energy"));
        assertTrue(dom.contains("loihi-8bit: test") || dom.contains("loihi-8bit"), "series named by run");
        screenshot(out, SCREENSHOTS.resolve("compare.png"), 1500);
    }

    private static void assertRendered(final String dom, final List<String> chartIds)
    {
        assertTrue(dom.contains("data-nmsim-status=\"ok\""), "page status is not ok: " + attribute(dom));
        assertTrue(dom.contains("data-nmsim-charts=\"" + chartIds.size() + "\""), "chart count: " + attribute(dom));
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

    private String dumpDom(final Path html) throws IOException, InterruptedException
    {
        final ProcessResult r = chromium(List.of("--dump-dom", html.toUri().toString()));
        assertEquals(0, r.exitCode, r.stderr);
        return r.stdout;
    }

    private void screenshot(final Path html, final Path png, final int height) throws IOException, InterruptedException
    {
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        final ProcessResult r = chromium(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1280," + height,
            "--hide-scrollbars", html.toUri().toString()));
        assertEquals(0, r.exitCode, r.stderr);
        assertTrue(Files.size(png) > 20_000, "screenshot " + png + " looks empty");
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
