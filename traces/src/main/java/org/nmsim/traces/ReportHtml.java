package org.nmsim.traces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders {@code report.html} from a {@link Report}: one self-contained page (ECharts and the report data inlined,
 * so it opens offline) with accuracy per epoch, energy by operation kind, per-core utilisation over the chip mesh,
 * spike rasters and tables; and a comparison page of two reports.
 *
 * <p>Threading: stateless; thread safe.
 *
 * <p>The page sets {@code data-nmsim-status="ok"} on {@code <html>} once every chart has rendered, or
 * {@code "error"} with {@code data-nmsim-errors}; tests read these from the DOM of a headless browser.
 */
public final class ReportHtml
{
    /** The file name of a run's HTML report inside its run directory. */
    public static final String FILE_NAME = "report.html";

    private static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars.npm/echarts/pom.properties";
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private ReportHtml()
    {
    }

    /**
     * Re-renders {@code RUN_DIR/report.html} from {@code RUN_DIR/report.json}, atomically.
     *
     * @param runDir the run directory.
     * @return the HTML file written.
     * @throws IOException when the report cannot be read or the page cannot be written.
     */
    public static Path writeForRun(final Path runDir) throws IOException
    {
        final Path out = runDir.resolve(FILE_NAME);
        writeForRun(runDir, out);
        return out;
    }

    /**
     * Renders the HTML report of {@code RUN_DIR/report.json} to {@code out}, atomically.
     *
     * @param runDir the run directory (or its report.json).
     * @param out    the HTML file.
     * @throws IOException when the report cannot be read or the page cannot be written.
     */
    public static void writeForRun(final Path runDir, final Path out) throws IOException
    {
        final Report report = ReportJson.read(reportFile(runDir));
        AtomicFiles.write(out, render(report, label(runDir)).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Renders the comparison of two runs' reports to {@code out}, atomically.
     *
     * @param runA the first run directory (or its report.json).
     * @param runB the second run directory (or its report.json).
     * @param out  the HTML file.
     * @throws IOException when a report cannot be read or the page cannot be written.
     */
    public static void writeComparison(final Path runA, final Path runB, final Path out) throws IOException
    {
        final Report a = ReportJson.read(reportFile(runA));
        final Report b = ReportJson.read(reportFile(runB));
        String labelA = label(runA);
        String labelB = label(runB);
        if (labelA.equals(labelB))
        {
            labelA = "A: " + labelA;
            labelB = "B: " + labelB;
        }
        AtomicFiles.write(out, renderComparison(a, labelA, b, labelB).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param report the report.
     * @param label  the run's name, e.g. its directory name.
     * @return the self-contained HTML page.
     */
    public static String render(final Report report, final String label)
    {
        final Html h = new Html();
        final Report.Run run = report.run();
        h.raw("<header><h1>nmsim report: ").text(label).raw("</h1><div class=\"meta\">")
            .raw("<span>chip preset <b>").text(run.chipPreset()).raw("</b></span>")
            .raw("<span>seed <b>").text(Long.toString(run.seed())).raw("</b></span>")
            .raw("<span>nmsim <b>").text(run.nmsimVersion()).raw("</b></span>")
            .raw("<span>wall time <b>").text(seconds(run.wallTimeSeconds())).raw("</b></span>")
            .raw("<span>report format <b>").text(Integer.toString(report.formatVersion())).raw("</b></span>")
            .raw("</div></header><main>");

        cards(h, report);

        h.raw("<div class=\"grid2 row\">");
        h.raw("<section><h2>Accuracy per epoch</h2><p class=\"note\">solid: test, dashed: train; loss on the right "
            + "axis</p>");
        chartOrNote(h, "chart-accuracy", "accuracy", !report.epochs().isEmpty(), "no epochs (inference-only run)");
        h.raw("</section>");
        h.raw("<section><h2>Energy by operation kind</h2><p class=\"note\">dynamic energy per kind and static energy;"
            + " pale dashed bars and * mark assumptions</p>");
        h.raw("<div class=\"chart\" id=\"chart-energy\" data-chart=\"energy\"></div></section>");
        h.raw("</div>");

        energyTable(h, report.energy());

        h.raw("<div class=\"grid2 row\">");
        h.raw("<section><h2>Per-core utilisation</h2><p class=\"note\">synaptic memory used / capacity on the chip "
            + "mesh (mean over the cores of a tile); hover for the breakdown</p>");
        chartOrNote(h, "chart-utilisation", "utilisation", !report.cores().isEmpty(), "no cores");
        h.raw("</section>");
        h.raw("<section><h2>Spike raster</h2>");
        final List<Report.Raster> rasters = report.rasters() == null ? List.of() : report.rasters();
        if (rasters.isEmpty())
        {
            h.raw("<p class=\"note\">no raster recorded</p>");
        }
        for (int i = 0; i < rasters.size(); i++)
        {
            final Report.Raster r = rasters.get(i);
            h.raw("<p class=\"note\">population ").text(r.population()).raw(", sample ")
                .text(Integer.toString(r.sample())).raw(", ").text(Integer.toString(r.times().length))
                .raw(" spikes</p>");
            h.raw("<div class=\"chart\" id=\"chart-raster-" + i + "\" data-chart=\"raster\" data-index=\"" + i
                + "\"></div>");
        }
        h.raw("</section></div>");

        if (report.gradientAlignment() != null && !report.gradientAlignment().isEmpty())
        {
            alignment(h, report.gradientAlignment());
        }
        final JsonNode diagnostics = report.run().config().path("diagnosticsByEpoch");
        if (diagnostics.isObject() && diagnostics.size() > 0)
        {
            diagnostics(h, diagnostics);
        }
        if (report.referenceComparison() != null && !report.referenceComparison().isEmpty())
        {
            referenceTable(h, report.referenceComparison());
        }

        h.raw("<div class=\"grid2 row\">");
        costTable(h, report);
        if (report.neurobench() != null)
        {
            neurobench(h, report.neurobench());
        }
        else
        {
            stepTimes(h, report.stepTimes());
        }
        h.raw("</div><div class=\"grid2 row\">");
        messagesTable(h, report.messages());
        populationTable(h, report.populations());
        h.raw("</div><div class=\"grid2 row\">");
        memoryTable(h, report.cores());
        if (report.neurobench() != null)
        {
            stepTimes(h, report.stepTimes());
        }
        h.raw("</div>");

        h.raw("<section><h2>Configuration</h2><details><summary>experiment configuration (echo)</summary><pre>")
            .text(prettyJson(run.config())).raw("</pre></details></section>");
        h.raw("<footer>rendered from report.json by nmsim; the JSON is the truth, this page is a view of it"
            + "</footer></main>");
        return page("nmsim report: " + label, h.toString(), runsJson(List.of(report), List.of(label)));
    }

    /**
     * @param a      the first report.
     * @param labelA its name.
     * @param b      the second report.
     * @param labelB its name.
     * @return the self-contained comparison page: both runs' accuracy curves and energy bars, and key numbers.
     */
    public static String renderComparison(final Report a, final String labelA, final Report b, final String labelB)
    {
        final Html h = new Html();
        h.raw("<header><h1>nmsim comparison: ").text(labelA).raw(" vs ").text(labelB).raw("</h1><div class=\"meta\">")
            .raw("<span>").text(labelA).raw(": ").text(a.run().chipPreset()).raw(", seed ")
            .text(Long.toString(a.run().seed())).raw("</span><span>").text(labelB).raw(": ")
            .text(b.run().chipPreset()).raw(", seed ").text(Long.toString(b.run().seed())).raw("</span>")
            .raw("</div></header><main>");

        h.raw("<section class=\"row\"><h2>Key numbers</h2><table><tr><th></th><th class=\"num\">").text(labelA)
            .raw("</th><th class=\"num\">").text(labelB).raw("</th><th class=\"num\">").text(labelB).raw(" / ")
            .text(labelA).raw("</th></tr>");
        compareRow(h, "final test accuracy", finalTestAccuracy(a), finalTestAccuracy(b), true);
        compareRow(h, "total energy", a.energy().totalJoules(), b.energy().totalJoules(), false);
        compareRow(h, "dynamic energy", a.energy().dynamicJoules(), b.energy().dynamicJoules(), false);
        compareRow(h, "static energy", a.energy().staticJoules(), b.energy().staticJoules(), false);
        compareRow(h, "energy per training sample", joulesPer(a.perSample().training()),
            joulesPer(b.perSample().training()), false);
        compareRow(h, "energy per inference", joulesPer(a.perSample().inference()),
            joulesPer(b.perSample().inference()), false);
        compareRow(h, "cores", a.cores().size(), b.cores().size(), false);
        compareRow(h, "step time p50 (ns)", a.stepTimes().p50Ns(), b.stepTimes().p50Ns(), false);
        compareRow(h, "step time p99 (ns)", a.stepTimes().p99Ns(), b.stepTimes().p99Ns(), false);
        compareRow(h, "wall time (s)", a.run().wallTimeSeconds(), b.run().wallTimeSeconds(), false);
        h.raw("</table></section>");

        h.raw("<section class=\"row\"><h2>Accuracy per epoch</h2><p class=\"note\">solid: test, dashed: train</p>");
        h.raw("<div class=\"chart tall\" id=\"chart-accuracy\" data-chart=\"accuracy\"></div></section>");
        h.raw("<section class=\"row\"><h2>Energy by operation kind</h2><p class=\"note\">pale dashed bars and * mark "
            + "assumptions</p><div class=\"chart tall\" id=\"chart-energy\" data-chart=\"energy\"></div></section>");
        h.raw("<footer>rendered from two report.json files by nmsim</footer></main>");
        return page("nmsim comparison: " + labelA + " vs " + labelB, h.toString(),
            runsJson(List.of(a, b), List.of(labelA, labelB)));
    }

    /**
     * @return the ECharts distribution (minified JS) from the webjar on the class path, for other self-contained
     *         pages (e.g. {@code nmsim critical-points}).
     */
    public static String echartsJs()
    {
        return Echarts.JS;
    }

    private static final class Echarts
    {
        static final String JS = load();

        private static String load()
        {
            final ClassLoader loader = ReportHtml.class.getClassLoader();
            try (InputStream props = loader.getResourceAsStream(WEBJAR_PROPERTIES))
            {
                if (props == null)
                {
                    throw new IllegalStateException(WEBJAR_PROPERTIES + " not on the class path: the ECharts webjar "
                        + "(org.webjars.npm:echarts) is missing (the traces module depends on it)");
                }
                final Properties p = new Properties();
                p.load(props);
                final String resource = "META-INF/resources/webjars/echarts/" + p.getProperty("version")
                    + "/dist/echarts.min.js";
                try (InputStream js = loader.getResourceAsStream(resource))
                {
                    if (js == null)
                    {
                        throw new IllegalStateException(resource + " not in the ECharts webjar version="
                            + p.getProperty("version") + " (the webjar layout changed; update ReportHtml)");
                    }
                    return new String(js.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("ECharts webjar cannot be read: " + ex.getMessage(), ex);
            }
        }
    }

    private static String page(final String title, final String body, final String dataJson)
    {
        final StringBuilder sb = new StringBuilder(Echarts.JS.length() + body.length() + dataJson.length() + 16_384);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\" data-nmsim-status=\"pending\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .append(new Html().text(title)).append("</title>\n<style>\n").append(resource("report.css"))
            .append("</style>\n</head>\n<body>\n").append(body)
            .append("\n<script type=\"application/json\" id=\"nmsim-data\">").append(dataJson).append("</script>\n")
            .append("<script>\n").append(Echarts.JS.replace("</script", "<\\/script")).append("\n</script>\n")
            .append("<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static String runsJson(final List<Report> reports, final List<String> labels)
    {
        final ObjectNode root = MAPPER.createObjectNode();
        final ArrayNode runs = root.putArray("runs");
        for (int i = 0; i < reports.size(); i++)
        {
            final ObjectNode run = runs.addObject();
            run.put("label", labels.get(i));
            try
            {
                run.set("report", MAPPER.readTree(ReportJson.toBytes(reports.get(i))));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        try
        {
            // "<" only occurs inside JSON strings, where \u003c means the same; this keeps "</script>" out.
            return MAPPER.writeValueAsString(root).replace("<", "\\u003c");
        }
        catch (final JsonProcessingException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void cards(final Html h, final Report report)
    {
        h.raw("<div class=\"cards\">");
        final Double acc = finalTestAccuracy(report);
        card(h, "final test accuracy", acc == null ? "n/a" : percent(acc),
            report.epochs().isEmpty() ? "" : "after epoch " + report.epochs().get(report.epochs().size() - 1).epoch());
        card(h, "total energy", joules(report.energy().totalJoules()),
            "dynamic " + joules(report.energy().dynamicJoules()) + ", static " + joules(report.energy().staticJoules()));
        final Report.SampleCost train = report.perSample().training();
        final Report.SampleCost infer = report.perSample().inference();
        card(h, "per training sample", train == null ? "n/a" : joules(train.joulesPerSample()),
            train == null ? "" : "over " + count(train.samples()) + " samples");
        card(h, "per inference", infer == null ? "n/a" : joules(infer.joulesPerSample()),
            infer == null ? "" : "over " + count(infer.samples()) + " samples");
        card(h, "step time p50", nanos(report.stepTimes().p50Ns()), "p99 " + nanos(report.stepTimes().p99Ns())
            + ", max " + nanos(report.stepTimes().maxNs()) + ", " + count(report.stepTimes().steps()) + " steps");
        final int chips = report.cores().stream().mapToInt(Report.CoreCounts::chip).max().orElse(-1) + 1;
        card(h, "cores", Integer.toString(report.cores().size()), chips + (chips == 1 ? " chip" : " chips"));
        h.raw("</div>");
    }

    private static void card(final Html h, final String label, final String value, final String sub)
    {
        h.raw("<div class=\"card\"><div class=\"label\">").text(label).raw("</div><div class=\"value\">").text(value)
            .raw("</div><div class=\"sub\">").text(sub).raw("</div></div>");
    }

    private static void chartOrNote(final Html h, final String id, final String kind, final boolean present,
        final String note)
    {
        if (present)
        {
            h.raw("<div class=\"chart\" id=\"" + id + "\" data-chart=\"" + kind + "\"></div>");
        }
        else
        {
            h.raw("<p class=\"note\">").text(note).raw("</p>");
        }
    }

    private static void energyTable(final Html h, final Report.Energy energy)
    {
        h.raw("<section class=\"row\"><h2>Energy table</h2><p class=\"note\">every per-operation energy with its "
            + "source; assumptions are unconfirmed figures or user overrides</p><table><tr><th>operation</th>"
            + "<th class=\"num\">count</th><th class=\"num\">pJ / op</th><th class=\"num\">energy</th>"
            + "<th class=\"num\">share</th><th>source</th></tr>");
        final double total = energy.totalJoules();
        for (final Report.EnergyLine l : energy.byOperation())
        {
            h.raw("<tr><td>").text(l.opKind()).raw("</td><td class=\"num\">").text(count(l.count()))
                .raw("</td><td class=\"num\">").text(number(l.picojoulesPerOp())).raw("</td><td class=\"num\">")
                .text(joules(l.joules())).raw("</td><td class=\"num\">").text(share(l.joules(), total))
                .raw("</td><td class=\"src\">").text(l.source());
            assumption(h, l.assumption());
            h.raw("</td></tr>");
        }
        h.raw("<tr><td>static</td><td class=\"num\"></td><td class=\"num\"></td><td class=\"num\">")
            .text(joules(energy.staticJoules())).raw("</td><td class=\"num\">").text(share(energy.staticJoules(), total))
            .raw("</td><td class=\"src\">").text(number(energy.staticPowerWatts()) + " W x "
                + number(energy.simulatedSeconds()) + " s simulated; " + energy.staticSource());
        assumption(h, energy.staticAssumption());
        h.raw("</td></tr><tr><th>total</th><th></th><th></th><th class=\"num\">").text(joules(total))
            .raw("</th><th class=\"num\">100 %</th><th></th></tr></table></section>");
    }

    private static void assumption(final Html h, final boolean assumption)
    {
        if (assumption)
        {
            h.raw(" <span class=\"badge assumption\">assumption</span>");
        }
    }

    /**
     * The learner's per-epoch diagnostics (run.config.diagnosticsByEpoch: epoch to name to value): one small chart
     * per name, in the order the learner reports them (report.js reads the same order), and the table of values.
     */
    private static void diagnostics(final Html h, final JsonNode byEpoch)
    {
        final List<String> names = new ArrayList<>();
        final List<String> epochs = new ArrayList<>();
        byEpoch.fields().forEachRemaining(e ->
        {
            epochs.add(e.getKey());
            e.getValue().fieldNames().forEachRemaining(k ->
            {
                if (!names.contains(k))
                {
                    names.add(k);
                }
            });
        });
        h.raw("<section class=\"row\"><h2>Learner diagnostics</h2><p class=\"note\">read by the host after every "
            + "epoch (not counted in operations or energy): e.g. weight norms, the angle between learned feedback and "
            + "forward weights</p><div class=\"grid2\">");
        for (int i = 0; i < names.size(); i++)
        {
            h.raw("<div class=\"chart small\" id=\"chart-diagnostic-" + i + "\" data-chart=\"diagnostic\" "
                + "data-index=\"" + i + "\"></div>");
        }
        h.raw("</div><table><tr><th>epoch</th>");
        for (final String n : names)
        {
            h.raw("<th class=\"num\">").text(n).raw("</th>");
        }
        h.raw("</tr>");
        for (final String e : epochs)
        {
            h.raw("<tr><td>").text(e).raw("</td>");
            for (final String n : names)
            {
                final JsonNode v = byEpoch.path(e).path(n);
                h.raw("<td class=\"num\">").text(v.isNumber() ? fixed3(v.asDouble()) : "n/a").raw("</td>");
            }
            h.raw("</tr>");
        }
        h.raw("</table></section>");
    }

    private static void alignment(final Html h, final List<Report.LayerAlignment> layers)
    {
        h.raw("<section class=\"row\"><h2>Gradient alignment</h2><p class=\"note\">cosine between each layer's "
            + "local-rule update and the backpropagation gradient over training</p>");
        h.raw("<div class=\"chart\" id=\"chart-alignment\" data-chart=\"alignment\"></div>");
        h.raw("<table><tr><th>layer</th><th class=\"num\">points</th><th class=\"num\">first</th>"
            + "<th class=\"num\">final</th><th class=\"num\">min</th><th class=\"num\">max</th>"
            + "<th class=\"num\">mean</th></tr>");
        for (final Report.LayerAlignment l : layers)
        {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (final Report.AlignmentPoint p : l.points())
            {
                min = Math.min(min, p.cosine());
                max = Math.max(max, p.cosine());
                sum += p.cosine();
            }
            final int n = l.points().size();
            h.raw("<tr><td>").text(l.layer()).raw("</td><td class=\"num\">").text(Integer.toString(n))
                .raw("</td><td class=\"num\">").text(n == 0 ? "n/a" : fixed3(l.points().get(0).cosine()))
                .raw("</td><td class=\"num\">").text(n == 0 ? "n/a" : fixed3(l.points().get(n - 1).cosine()))
                .raw("</td><td class=\"num\">").text(n == 0 ? "n/a" : fixed3(min))
                .raw("</td><td class=\"num\">").text(n == 0 ? "n/a" : fixed3(max))
                .raw("</td><td class=\"num\">").text(n == 0 ? "n/a" : fixed3(sum / n)).raw("</td></tr>");
        }
        h.raw("</table></section>");
    }

    private static void referenceTable(final Html h, final List<Report.ReferenceLine> lines)
    {
        final long passed = lines.stream().filter(Report.ReferenceLine::pass).count();
        h.raw("<section class=\"row\"><h2>Reference comparison</h2><p class=\"note\">").text(passed + " of "
            + lines.size() + " lines within tolerance (pass when |value - reference| <= tolerance)")
            .raw("</p><table><tr><th>line</th><th class=\"num\">value</th><th class=\"num\">reference</th>"
                + "<th class=\"num\">difference</th><th class=\"num\">tolerance</th><th>result</th></tr>");
        for (final Report.ReferenceLine l : lines)
        {
            h.raw("<tr><td>").text(l.line()).raw("</td><td class=\"num\">").text(number(l.value()))
                .raw("</td><td class=\"num\">").text(number(l.reference())).raw("</td><td class=\"num\">")
                .text(number(l.value() - l.reference())).raw("</td><td class=\"num\">").text(number(l.tolerance()))
                .raw("</td><td>").raw(l.pass() ? "<span class=\"badge pass\">pass</span>"
                    : "<span class=\"badge fail\">fail</span>").raw("</td></tr>");
        }
        h.raw("</table></section>");
    }

    private static void costTable(final Html h, final Report report)
    {
        final Report.SampleCost train = report.perSample().training();
        final Report.SampleCost infer = report.perSample().inference();
        final TreeMap<String, Boolean> kinds = new TreeMap<>();
        for (final Report.SampleCost c : new Report.SampleCost[] {train, infer})
        {
            if (c != null)
            {
                c.opsPerSample().keySet().forEach(k -> kinds.put(k, true));
            }
        }
        h.raw("<section><h2>Cost per sample</h2><table><tr><th></th><th class=\"num\">training sample</th>"
            + "<th class=\"num\">inference</th></tr>");
        h.raw("<tr><td>samples</td><td class=\"num\">").text(train == null ? "n/a" : count(train.samples()))
            .raw("</td><td class=\"num\">").text(infer == null ? "n/a" : count(infer.samples())).raw("</td></tr>");
        h.raw("<tr><td>energy</td><td class=\"num\">").text(train == null ? "n/a" : joules(train.joulesPerSample()))
            .raw("</td><td class=\"num\">").text(infer == null ? "n/a" : joules(infer.joulesPerSample()))
            .raw("</td></tr>");
        for (final String k : kinds.keySet())
        {
            h.raw("<tr><td>").text(k).raw(" ops</td><td class=\"num\">").text(opsPer(train, k))
                .raw("</td><td class=\"num\">").text(opsPer(infer, k)).raw("</td></tr>");
        }
        h.raw("</table></section>");
    }

    private static String opsPer(final Report.SampleCost cost, final String kind)
    {
        if (cost == null || !cost.opsPerSample().containsKey(kind))
        {
            return "n/a";
        }
        return number(cost.opsPerSample().get(kind));
    }

    private static void neurobench(final Html h, final Report.NeuroBench nb)
    {
        h.raw("<section><h2>NeuroBench metrics</h2><table>");
        kv(h, "footprint", count(nb.footprintBytes()) + " bytes");
        kv(h, "connection sparsity", fixed3(nb.connectionSparsity()));
        kv(h, "activation sparsity", fixed3(nb.activationSparsity()));
        kv(h, "synaptic ops, effective ACs / sample", number(nb.synapticOpsEffectiveAcs()));
        kv(h, "synaptic ops, effective MACs / sample", number(nb.synapticOpsEffectiveMacs()));
        kv(h, "synaptic ops, dense / sample", number(nb.synapticOpsDense()));
        kv(h, "membrane updates / sample", number(nb.membraneUpdates()));
        h.raw("</table></section>");
    }

    private static void stepTimes(final Html h, final Report.StepTimes t)
    {
        h.raw("<section><h2>Step time (wall clock)</h2><table>");
        kv(h, "steps", count(t.steps()));
        kv(h, "p50", nanos(t.p50Ns()));
        kv(h, "p90", nanos(t.p90Ns()));
        kv(h, "p99", nanos(t.p99Ns()));
        kv(h, "max", nanos(t.maxNs()));
        h.raw("</table></section>");
    }

    private static void kv(final Html h, final String key, final String value)
    {
        h.raw("<tr><td>").text(key).raw("</td><td class=\"num\">").text(value).raw("</td></tr>");
    }

    private static void messagesTable(final Html h, final List<Report.MessageCounts> messages)
    {
        h.raw("<section><h2>Messages</h2><table><tr><th>kind</th><th class=\"num\">bits</th><th class=\"num\">count"
            + "</th><th class=\"num\">hops</th><th class=\"num\">hops / msg</th><th class=\"num\">traffic</th></tr>");
        for (final Report.MessageCounts m : messages)
        {
            h.raw("<tr><td>").text(m.kind()).raw("</td><td class=\"num\">").text(Integer.toString(m.bits()))
                .raw("</td><td class=\"num\">").text(count(m.count())).raw("</td><td class=\"num\">")
                .text(count(m.hops())).raw("</td><td class=\"num\">")
                .text(m.count() == 0 ? "n/a" : number((double)m.hops() / m.count())).raw("</td><td class=\"num\">")
                .text(bits((double)m.hops() * m.bits())).raw(" x hop</td></tr>");
        }
        h.raw("</table></section>");
    }

    private static void populationTable(final Html h, final List<Report.PopulationCounts> populations)
    {
        final TreeMap<String, Boolean> kinds = new TreeMap<>();
        populations.forEach(p -> p.ops().keySet().forEach(k -> kinds.put(k, true)));
        h.raw("<section><h2>Operations by population</h2><table><tr><th>population</th><th class=\"num\">neurons</th>");
        for (final String k : kinds.keySet())
        {
            h.raw("<th class=\"num\">").text(k).raw("</th>");
        }
        h.raw("</tr>");
        for (final Report.PopulationCounts p : populations)
        {
            h.raw("<tr><td>").text(p.name()).raw("</td><td class=\"num\">").text(count(p.neurons())).raw("</td>");
            for (final String k : kinds.keySet())
            {
                final Long v = p.ops().get(k);
                h.raw("<td class=\"num\">").text(v == null ? "" : count(v)).raw("</td>");
            }
            h.raw("</tr>");
        }
        h.raw("</table></section>");
    }

    private static void memoryTable(final Html h, final List<Report.CoreCounts> cores)
    {
        final Map<String, long[]> rows = new LinkedHashMap<>();
        final String[] names = {"weights", "delays", "learning state", "feedback", "traces"};
        for (final String n : names)
        {
            rows.put(n, new long[] {0, 0});
        }
        long capacity = 0;
        for (final Report.CoreCounts c : cores)
        {
            final Report.Memory m = c.memory();
            final long[] values = {m.weightBits(), m.delayBits(), m.learningStateBits(), m.feedbackBits(),
                m.traceBits()};
            for (int i = 0; i < names.length; i++)
            {
                final long[] row = rows.get(names[i]);
                row[0] += values[i];
                row[1] = Math.max(row[1], values[i]);
            }
            capacity += m.capacityBits();
        }
        h.raw("<section><h2>Synaptic memory by kind</h2><p class=\"note\">summed over cores, and the largest single "
            + "core</p><table><tr><th>kind</th><th class=\"num\">total</th><th class=\"num\">share of capacity</th>"
            + "<th class=\"num\">largest core</th></tr>");
        long used = 0;
        for (final Map.Entry<String, long[]> e : rows.entrySet())
        {
            used += e.getValue()[0];
            h.raw("<tr><td>").text(e.getKey()).raw("</td><td class=\"num\">").text(bits(e.getValue()[0]))
                .raw("</td><td class=\"num\">").text(share(e.getValue()[0], capacity)).raw("</td><td class=\"num\">")
                .text(bits(e.getValue()[1])).raw("</td></tr>");
        }
        h.raw("<tr><th>used / capacity</th><th class=\"num\">").text(bits(used) + " / " + bits(capacity))
            .raw("</th><th class=\"num\">").text(share(used, capacity)).raw("</th><th></th></tr></table></section>");
    }

    private static void compareRow(final Html h, final String name, final Double a, final Double b,
        final boolean isFraction)
    {
        final boolean energy = !isFraction && name.contains("energy");
        h.raw("<tr><td>").text(name).raw("</td><td class=\"num\">").text(cell(a, isFraction, energy))
            .raw("</td><td class=\"num\">").text(cell(b, isFraction, energy)).raw("</td><td class=\"num\">")
            .text(a == null || b == null || a == 0 ? "n/a" : number(b / a)).raw("</td></tr>");
    }

    private static void compareRow(final Html h, final String name, final double a, final double b,
        final boolean isFraction)
    {
        compareRow(h, name, Double.valueOf(a), Double.valueOf(b), isFraction);
    }

    private static String cell(final Double v, final boolean isFraction, final boolean energy)
    {
        if (v == null)
        {
            return "n/a";
        }
        return isFraction ? percent(v) : energy ? joules(v) : number(v);
    }

    private static Double finalTestAccuracy(final Report report)
    {
        for (int i = report.epochs().size() - 1; i >= 0; i--)
        {
            final Double acc = report.epochs().get(i).testAccuracy();
            if (acc != null)
            {
                return acc;
            }
        }
        return null;
    }

    private static Double joulesPer(final Report.SampleCost cost)
    {
        return cost == null ? null : cost.joulesPerSample();
    }

    private static Path reportFile(final Path run)
    {
        return Files.isDirectory(run) ? run.resolve(ReportJson.FILE_NAME) : run;
    }

    private static String label(final Path run)
    {
        final Path abs = run.toAbsolutePath().normalize();
        final Path dir = Files.isDirectory(abs) || abs.getParent() == null ? abs : abs.getParent();
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }

    private static String prettyJson(final com.fasterxml.jackson.databind.JsonNode node)
    {
        try
        {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        }
        catch (final JsonProcessingException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String resource(final String name)
    {
        try (InputStream in = ReportHtml.class.getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new IllegalStateException("org/nmsim/traces/" + name + " not on the class path (the traces jar "
                    + "is incomplete)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static String number(final double v)
    {
        if (Double.isNaN(v) || Double.isInfinite(v))
        {
            return "n/a";
        }
        final double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e9))
        {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        if (v == Math.rint(v) && a < 1e9)
        {
            return String.format(Locale.ROOT, "%,d", (long)v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    static String joules(final double j)
    {
        final double a = Math.abs(j);
        if (Double.isNaN(j))
        {
            return "n/a";
        }
        if (a == 0)
        {
            return "0 J";
        }
        final String[] units = {"J", "mJ", "µJ", "nJ", "pJ"};
        double scaled = j;
        int u = 0;
        while (Math.abs(scaled) < 1 && u < units.length - 1)
        {
            scaled *= 1000;
            u++;
        }
        return number(scaled) + " " + units[u];
    }

    private static String percent(final double fraction)
    {
        return String.format(Locale.ROOT, "%.2f %%", fraction * 100);
    }

    private static String fixed3(final double v)
    {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String share(final double part, final double total)
    {
        return total == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * part / total);
    }

    private static String count(final long n)
    {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String seconds(final double s)
    {
        return s >= 120 ? String.format(Locale.ROOT, "%.0f min %.0f s", Math.floor(s / 60), s % 60)
            : number(s) + " s";
    }

    private static String nanos(final long ns)
    {
        if (ns >= 1_000_000)
        {
            return number(ns / 1e6) + " ms";
        }
        if (ns >= 1_000)
        {
            return number(ns / 1e3) + " µs";
        }
        return ns + " ns";
    }

    private static String bits(final double b)
    {
        final String[] units = {"bit", "Kibit", "Mibit", "Gibit"};
        double v = b;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1)
        {
            v /= 1024;
            u++;
        }
        return number(u == 0 ? v : Math.round(v * 100) / 100.0) + " " + units[u];
    }

    /** A StringBuilder that escapes text for HTML. */
    private static final class Html
    {
        private final StringBuilder sb = new StringBuilder(32_768);

        Html raw(final String s)
        {
            sb.append(s);
            return this;
        }

        Html text(final String s)
        {
            for (int i = 0; i < s.length(); i++)
            {
                final char c = s.charAt(i);
                switch (c)
                {
                    case '<' -> sb.append("&lt;");
                    case '>' -> sb.append("&gt;");
                    case '&' -> sb.append("&amp;");
                    case '"' -> sb.append("&quot;");
                    case '\'' -> sb.append("&#39;");
                    default -> sb.append(c);
                }
            }
            return this;
        }

        @Override
        public String toString()
        {
            return sb.toString();
        }
    }
}
