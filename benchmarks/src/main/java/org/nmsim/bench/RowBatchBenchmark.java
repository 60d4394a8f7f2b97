package org.nmsim.bench;

import java.util.concurrent.TimeUnit;

import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.SynapticRows;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One step's graded fan-out of a hidden core of the 784-400-400-10 benchmark network: {@code pre} messages, each
 * adding its row of {@code post} weights times its value into the core's accumulators. {@code per-message} is
 * {@link SynapticRows#addScaled} once per message on the weights in one array (what {@code onMessage} did);
 * {@code batched} is {@link SynapticRows#addScaledRows} over the step's messages on the weights held one array per
 * row, as the hidden cores hold them (the same additions in the same order, four messages per pass over the
 * accumulators); {@code per-spike} and {@code batched-spikes} are the same for binary spikes ({@link SynapticRows#add}
 * per spike against {@link SynapticRows#addRows}). Shapes: 400 x 100 (layer 2's FGT signal fan-out) and 784 x 50
 * (layer 1's input).
 * The score is steps per second; synaptic events per second are that times {@code pre * post}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RowBatchBenchmark
{
    @Param({"per-message", "batched", "per-spike", "batched-spikes"})
    public String mode;

    @Param({"400x100", "784x50"})
    public String shape;

    private int pre;
    private int post;
    private double[] w;
    /** The same weights one array per row, as the batched additions take them (and the chip's hidden cores hold). */
    private double[][] rows;
    private double[] acc;
    private int[] idx;
    private int[] bases;
    private double[] vals;
    private boolean batched;
    private boolean spikes;

    @Setup
    public void setUp()
    {
        final String[] p = shape.split("x");
        pre = Integer.parseInt(p[0]);
        post = Integer.parseInt(p[1]);
        batched = mode.startsWith("batched");
        spikes = mode.endsWith("spike") || mode.endsWith("spikes");
        final SplitMix64 r = new SplitMix64(11);
        w = new double[pre * post];
        for (int x = 0; x < w.length; x++)
        {
            w[x] = r.nextDouble() - 0.5;
        }
        rows = new double[pre][];
        acc = new double[post];
        idx = new int[pre];
        bases = new int[pre];
        vals = new double[pre];
        for (int i = 0; i < pre; i++)
        {
            rows[i] = java.util.Arrays.copyOfRange(w, i * post, (i + 1) * post);
            idx[i] = i;
            bases[i] = i * post;
            vals[i] = r.nextDouble() < 0.5 ? -0.25 : 0.25;
        }
    }

    /** @return one accumulator (so the work is not dead). */
    @Benchmark
    public double step()
    {
        if (spikes && batched)
        {
            SynapticRows.addRows(acc, rows, idx, 0, pre, post);
        }
        else if (spikes)
        {
            for (int i = 0; i < pre; i++)
            {
                SynapticRows.add(acc, w, bases[i], post);
            }
        }
        else if (batched)
        {
            SynapticRows.addScaledRows(acc, rows, idx, vals, 0, pre, post);
        }
        else
        {
            for (int i = 0; i < pre; i++)
            {
                SynapticRows.addScaled(acc, w, bases[i], post, vals[i]);
            }
        }
        final double a = acc[post / 2];
        java.util.Arrays.fill(acc, 0.0);
        return a;
    }
}
