package org.nmsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.nmsim.learning.sfdfa.CriticalPoints;
import org.nmsim.traces.AtomicFiles;
import org.nmsim.traces.ReportHtml;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code nmsim critical-points}: paper 001's critical-point analysis (section 3.1, Fig. 2) on its two-input toy
 * neuron (tau_s = 0.01, theta = 0.01, a 0.01 s window): the norm of SFDFA's local spike-time gradient in its exact
 * form (eq. 17), which diverges where a spike's current crosses theta, and in its bounded form (eq. 18), over a
 * grid of the two weights. Writes the field as CSV and as a self-contained HTML page with two heatmaps.
 */
@Command(
    name = "critical-points",
    mixinStandardHelpOptions = true,
    description = "SFDFA's exact vs bounded spike-time gradient over a weight grid of paper 001's toy neuron "
        + "(Fig. 2): writes critical-points.csv and critical-points.html.",
    footer = {"", "Example:", "  nmsim critical-points --points 201 --out runs/critical-points"})
public final class CriticalPointsCommand implements Callable<Integer>
{
    /** The CSV file name. */
    static final String CSV = "critical-points.csv";
    /** The HTML file name. */
    static final String HTML = "critical-points.html";

    @Spec
    CommandSpec spec;

    @Option(names = "--points", defaultValue = "101", description = "Grid points per weight axis, at least 2 "
        + "(default ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--w-max", defaultValue = "0.1", description = "The grid spans [-w-max, w-max] on both weights "
        + "(default ${DEFAULT-VALUE}, ten thresholds; critical points need a negative weight).")
    double wMax;

    @Option(names = "--out", defaultValue = "runs/critical-points", description = "Output directory (default "
        + "${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException
    {
        if (points < 2 || points > 2001)
        {
            throw new IllegalArgumentException("--points=" + points + " must be in [2, 2001]");
        }
        if (!(wMax > 0.0) || Double.isInfinite(wMax))
        {
            throw new IllegalArgumentException("--w-max=" + wMax + " must be positive and finite");
        }
        final CriticalPoints.Field f = CriticalPoints.paperToy(points, wMax);
        RunCommand.prepareOutput(out);
        AtomicFiles.write(out.resolve(CSV), f.csv().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(out.resolve(HTML), html(f).getBytes(StandardCharsets.UTF_8));
        final PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "exact gradient norm: median %.3g, max %.3g (%.0fx the median)%n",
            median(f.exactNorm()), max(f.exactNorm()), max(f.exactNorm()) / median(f.exactNorm()));
        o.printf(Locale.ROOT, "bounded gradient norm: median %.3g, max %.3g (%.1fx the median)%n",
            median(f.boundedNorm()), max(f.boundedNorm()), max(f.boundedNorm()) / median(f.boundedNorm()));
        o.println("written: " + out.resolve(CSV) + " and " + out.resolve(HTML));
        o.flush();
        return 0;
    }

    /** Two heatmaps of log10 of the gradient norms (0 where the neuron did not spike, shown blank). */
    static String html(final CriticalPoints.Field f)
    {
        final StringBuilder data = new StringBuilder();
        data.append("{\"w1\":").append(Arrays.toString(f.w1())).append(",\"w2\":").append(Arrays.toString(f.w2()))
            .append(",\"exact\":").append(cells(f.exactNorm())).append(",\"bounded\":")
            .append(cells(f.boundedNorm())).append('}');
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>nmsim: SFDFA critical points"
            + "</title><style>body{font-family:sans-serif;margin:2em}.chart{width:560px;height:480px;"
            + "display:inline-block}</style><script>" + ReportHtml.echartsJs() + "</script></head><body>"
            + "<h1>SFDFA local gradient near critical points (paper 001, Fig. 2)</h1>"
            + "<p>Toy neuron: two inputs, tau_s = 0.01 s, theta = 0.01, 10 ms window, input spikes at 0 and 1 ms "
            + "(input 1) and 3 and 4 ms (input 2). Colour: log10 of the gradient norm over the weight grid; blank "
            + "where the neuron does not spike. The exact form (eq. 17) diverges where a spike's current crosses "
            + "theta; the bounded form (eq. 18) stays finite.</p>"
            + "<div class=\"chart\" id=\"exact\"></div><div class=\"chart\" id=\"bounded\"></div>"
            + "<script>const d=" + data + ";"
            + "function draw(id,key,title){const c=echarts.init(document.getElementById(id));"
            + "const v=d[key].filter(x=>x[2]!==null).map(x=>x[2]);"
            + "c.setOption({animation:false,title:{text:title},tooltip:{},xAxis:{type:'category',name:'w1',"
            + "data:d.w1.map(x=>x.toFixed(3))},yAxis:{type:'category',name:'w2',data:d.w2.map(x=>x.toFixed(3))},"
            + "visualMap:{min:Math.min(...v),max:Math.max(...v),calculable:true,orient:'horizontal',left:'center',"
            + "bottom:0},series:[{type:'heatmap',progressive:0,data:d[key].filter(x=>x[2]!==null)}]});}"
            + "draw('exact','exact','exact (eq. 17): log10 |grad|');"
            + "draw('bounded','bounded','bounded (eq. 18): log10 |grad|');</script></body></html>";
    }

    /** {@code [[a, b, log10 norm or null], ...]}. */
    private static String cells(final double[][] norm)
    {
        final StringBuilder sb = new StringBuilder("[");
        for (int a = 0; a < norm.length; a++)
        {
            for (int b = 0; b < norm[a].length; b++)
            {
                if (sb.length() > 1)
                {
                    sb.append(',');
                }
                final double v = norm[a][b];
                sb.append('[').append(a).append(',').append(b).append(',')
                    .append(v > 0.0 && Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", Math.log10(v)) : "null")
                    .append(']');
            }
        }
        return sb.append(']').toString();
    }

    /** Median over the grid points where the neuron spiked (norm > 0). */
    static double median(final double[][] norm)
    {
        final double[] v = Arrays.stream(norm).flatMapToDouble(Arrays::stream).filter(x -> x > 0.0 &&
            Double.isFinite(x)).sorted().toArray();
        return v.length == 0 ? 0.0 : v[v.length / 2];
    }

    static double max(final double[][] norm)
    {
        return Arrays.stream(norm).flatMapToDouble(Arrays::stream).filter(Double::isFinite).max().orElse(0.0);
    }
}
