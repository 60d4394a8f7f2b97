package org.nmsim.bench;

import java.util.concurrent.TimeUnit;

import org.nmsim.chip.memory.CsrSynapses;
import org.nmsim.chip.memory.DenseSynapses;
import org.nmsim.chip.memory.SynapseEncoding;
import org.nmsim.chip.memory.SynapticMatrix;
import org.nmsim.chip.memory.WeightFormat;
import org.nmsim.kernel.SplitMix64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Synaptic fan-out through chip-model's own synaptic memories: {@link DenseSynapses} and {@link CsrSynapses} at 8 and
 * 16-bit weights, 256 rows of 1024 columns (cache resident) at 10 % density for CSR. The score is rows fanned out
 * per second; synaptic events per second are that times the stored synapses per row (1,024 dense, about 102 CSR;
 * the exact CSR count for the fixed seed is printed at setup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SynapticFanOutBenchmark
{
    static final int ROWS = 256;
    static final int COLS = 1024;

    @Param({"dense", "csr"})
    public String format;

    @Param({"8", "16"})
    public int bits;

    private SynapticMatrix matrix;
    private int[] acc;

    @Setup
    public void setUp()
    {
        final SynapseEncoding enc = new SynapseEncoding(new WeightFormat(bits, true), 0, 0);
        final SplitMix64 r = new SplitMix64(3);
        final int max = (1 << (bits - 1)) - 1;
        final int[][] w = new int[ROWS][COLS];
        for (int i = 0; i < ROWS; i++)
        {
            for (int j = 0; j < COLS; j++)
            {
                final boolean present = "dense".equals(format) || r.nextInt(10) == 0;
                w[i][j] = present ? 1 + r.nextInt(max) : 0;
            }
        }
        if ("dense".equals(format))
        {
            final DenseSynapses d = new DenseSynapses(0, "bench", ROWS, COLS, enc);
            for (int i = 0; i < ROWS; i++)
            {
                for (int j = 0; j < COLS; j++)
                {
                    d.set(i, j, w[i][j]);
                }
            }
            matrix = d;
        }
        else
        {
            matrix = CsrSynapses.fromDense(0, "bench", w, enc);
        }
        acc = new int[COLS];
        System.out.println("# " + format + " " + bits + "-bit: " + matrix.storedSynapses() + " stored synapses in " +
            ROWS + " rows");
    }

    /** @return a value depending on every row's fan-out, so the JIT cannot drop the work. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int fanOutEveryRow()
    {
        int ops = 0;
        for (int row = 0; row < ROWS; row++)
        {
            ops += matrix.fanOut(row, acc);
        }
        return ops + acc[COLS - 1];
    }
}
