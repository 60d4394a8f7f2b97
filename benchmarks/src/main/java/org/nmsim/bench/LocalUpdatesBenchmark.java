package org.nmsim.bench;

import java.util.concurrent.TimeUnit;

import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.ChipNumerics;
import org.nmsim.learning.LocalUpdates;
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
 * The learning loops of one FGT hidden core of the 784-400-400-10 benchmark network (784 presynaptic neurons, 50
 * neurons, T = 6) for one training sample: T outer-product gradient accumulations {@code gradW += d ahat^T} and the
 * descent {@code W -= eta gradW}. In fixed point each stored value is rounded (16-bit gradients and 8-bit weights,
 * stochastic rounding from the core's stream), step by step; in float64 the T steps are added in one pass fused with
 * the descent ({@link LocalUpdates#accumulateDeferred}), as HiddenCore does; {@code float64-from-zero} is the same
 * pass when the gradient accumulators are known to be all {@code +0.0} (batch 1: HiddenCore's usual case,
 * {@link LocalUpdates#descendDeferredFromZero}), which neither reads nor writes them. Half the traces are zero (Fashion-MNIST
 * has about half its pixels at 0). The score is samples per second; {@code synapse updates/s = score * 784 * 50 *
 * (T / 2 + 1)}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class LocalUpdatesBenchmark
{
    static final int PRE = 784;
    static final int POST = 50;
    static final int STEPS = 6;

    @Param({"fixed-point", "float64", "float64-from-zero"})
    public String mode;

    private boolean fixed;
    private boolean fromZero;
    private int[] steps;
    private NumberFormat gradient;
    private NumberFormat update;
    private double[][] w;
    private double[] grad;
    private double[][] traces;
    /** The traces row by row, as the deferred passes read them: {@code tracesByRow[i * STEPS + s]}. */
    private double[] tracesByRow;
    private double[][] ds;
    private double[] scratch;
    private SplitMix64 rng;

    @Setup
    public void setUp()
    {
        fixed = "fixed-point".equals(mode);
        fromZero = "float64-from-zero".equals(mode);
        steps = new int[STEPS];
        gradient = ChipNumerics.format(16, 12, Rounding.STOCHASTIC);
        update = ChipNumerics.format(8, 8, Rounding.STOCHASTIC);
        final SplitMix64 r = new SplitMix64(5);
        w = new double[PRE][POST];
        for (final double[] row : w)
        {
            for (int j = 0; j < POST; j++)
            {
                row[j] = (r.nextInt(64) - 32) / 256.0;
            }
        }
        grad = new double[PRE * POST];
        traces = new double[STEPS][PRE];
        ds = new double[STEPS][POST];
        for (int s = 0; s < STEPS; s++)
        {
            for (int i = 0; i < PRE; i += 2)
            {
                traces[s][i] = r.nextInt(4096) / 4096.0;
            }
            for (int j = 0; j < POST; j++)
            {
                ds[s][j] = (r.nextInt(2048) - 1024) / 65536.0;
            }
        }
        tracesByRow = new double[PRE * STEPS];
        for (int s = 0; s < STEPS; s++)
        {
            for (int i = 0; i < PRE; i++)
            {
                tracesByRow[i * STEPS + s] = traces[s][i];
            }
        }
        scratch = new double[POST];
        rng = new SplitMix64(7);
    }

    /** @return the weights written by the descent. */
    @Benchmark
    public long sample()
    {
        if (fixed)
        {
            for (int s = 0; s < STEPS; s++)
            {
                LocalUpdates.accumulateOuter(grad, traces[s], ds[s], POST, true, gradient, rng);
            }
            return LocalUpdates.descend(w, grad, 1e-3, true, update, rng);
        }
        if (fromZero)
        {
            return LocalUpdates.descendDeferredFromZero(w, tracesByRow, STEPS, ds, STEPS, POST, 1e-3, scratch, steps);
        }
        return LocalUpdates.accumulateDeferred(w, grad, tracesByRow, STEPS, ds, STEPS, POST, true, 1e-3, scratch,
            steps);
    }
}
