package org.nmsim.bench;

import java.util.concurrent.TimeUnit;

import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.ChipNumerics;
import org.nmsim.learning.LocalUpdates;
import org.nmsim.learning.StorageFormats;
import org.nmsim.simd.Simd;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Fixed point's stochastic rounding, the scalar loops against the {@code simd} module's vector kernels
 * ({@code VectorRounding}), in the formats of the fixed-point FGT chip (784-400-400-10,
 * {@link ChipNumerics#fixedPoint} with {@link StorageFormats#defaults()}): gradient accumulation,
 * {@code grad[i][j] = round(grad[i][j] + cols[j] * rows[i])} in the 16-bit gradient format, and the descent
 * {@code w[i][j] = round(w[i][j] - eta * grad[i][j])} for the nonzero gradients in the 8-bit weight update format.
 * Both go through {@link LocalUpdates}, the entry points the chip's cores call, so each benchmark measures the path
 * training takes, per-call set-up included (allocations of up to 10 KB per call: by estimate under 2 % of a call).
 *
 * <p>Which path runs is {@link Simd}'s choice, made once per JVM from the system property {@code nmsim.simd}: each
 * benchmark forks its own JVM with the incubating module resolved and the property set, {@code off} for the scalar
 * benchmarks and {@code on} for the vector ones, and its set-up fails when the JVM chose otherwise (a command-line
 * {@code -jvmArgsAppend} replaces the annotation's arguments). The vector benchmarks run on Java 17 too, where the
 * Vector API is not compiled to vector instructions and they are slower than the scalar loops (which is why
 * {@code nmsim.simd=auto} leaves them off there); their intended figures need JDK 25:
 * {@code java -jar benchmarks/target/benchmarks.jar StochasticRoundingBenchmark -jvm
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}. Compare each vector benchmark with its scalar peer of the same run
 * and JVM.
 *
 * <p>Each invocation rounds {@value #VALUES} values, a common multiple of the row widths: 392 rows of 50, 196 of
 * 100 or 49 of 400. A row is a core's neurons: the benchmark's chip (spinnaker2) holds layer 1 in cores of 50
 * neurons and layer 2 in cores of 100; 400 is a whole layer in one core. The score is values per second at every
 * width; for the descent it counts every column, zero gradients included. The rows are distinct, as a core's are,
 * and their 157 KB of accumulators stay in L2 (1 MB per core on this machine): read the figures as the rounding's
 * own cost, not as memory bandwidth.
 *
 * <p>Three warm-up iterations, one more than the other benchmarks: a vector fork spends its first second compiling
 * the kernels (under 10^6 values/s in it, on both JVMs), and its second is sometimes still short of full speed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@OperationsPerInvocation(StochasticRoundingBenchmark.VALUES)
public class StochasticRoundingBenchmark
{
    /** Values rounded per invocation: 392 x 50 = 196 x 100 = 49 x 400. */
    static final int VALUES = 19_600;
    /** The FGT run's learning rate after its warm-up. */
    static final double ETA = 0.005;
    /**
     * Share of zero columns in the FGT run's fixed-point accumulations (issue 13's sixth pass, in
     * benchmarks/peers/HISTORY.md): zero products still draw, so they cost the accumulation as much as any other
     * column, and they are kept for realism only.
     */
    static final double ZERO_COLUMNS = 0.176;
    /** The FGT network, whose fixed-point formats the benchmark uses. */
    static final int[] FGT = {784, 400, 400, 10};

    private static final String SCALAR = "-Dnmsim.simd=off";
    private static final String VECTOR = "-Dnmsim.simd=on";

    /**
     * Gradient accumulation, kept in range by alternating signs: odd invocations add the products that even ones
     * subtract, so the accumulators only random-walk around their start by the rounding (about sqrt(n) / 2 LSBs
     * after n invocations: a few thousand LSBs after 10^7, where the format saturates at 32,768) and every
     * invocation rounds values in range, as training does, instead of measuring saturation. A reset per invocation
     * would copy as many bytes as the invocation rounds.
     */
    @State(Scope.Thread)
    public static class Accumulation
    {
        @Param({"50", "100", "400"})
        public int width;

        private FixedPointFormat gradient;
        private double[] grad;
        private double[] cols;
        private double[] rows;
        private double[] negated;
        private boolean odd;
        private SplitMix64 rng;

        /** @param params the benchmark's parameters: its name says which path it measures. */
        @Setup(Level.Trial)
        public void setUp(final BenchmarkParams params)
        {
            requirePath(params.getBenchmark(), Simd.enabled());
            fill();
        }

        /** The accumulators, the FGT signals and the traces, from fixed seeds. */
        void fill()
        {
            gradient = (FixedPointFormat)fgt().gradient();
            final SplitMix64 r = new SplitMix64(17);
            grad = new double[VALUES];
            for (int x = 0; x < VALUES; x++)
            {
                // a few steps' sums: +-0.05 is about +-205 LSBs
                grad[x] = gradient.quantize((r.nextDouble() - 0.5) * 0.1, r);
            }
            cols = new double[width];
            for (int j = 0; j < width; j++)
            {
                // FGT signals of up to +-1024 / 65536, so that products are a few LSBs at most
                cols[j] = r.nextDouble() < ZERO_COLUMNS ? 0.0 : (r.nextInt(2048) - 1024) / 65536.0;
            }
            rows = new double[VALUES / width];
            negated = new double[rows.length];
            for (int i = 0; i < rows.length; i++)
            {
                // nonzero traces: accumulateOuter skips the rows of zero traces
                rows[i] = (1 + r.nextInt(4095)) / 4096.0;
                negated[i] = -rows[i];
            }
            odd = false;
            rng = new SplitMix64(23);
        }

        /** @return the accumulator updates made ({@value #VALUES}). */
        long accumulate()
        {
            final double[] factors = odd ? negated : rows;
            odd = !odd;
            return LocalUpdates.accumulateOuter(grad, factors, cols, width, true, gradient, rng);
        }

        /**
         * Fails the iteration when an accumulator reached the format's limits, which the alternating signs are there
         * to prevent: the figure would no longer be that of rounding values in range.
         */
        @TearDown(Level.Iteration)
        public void checkInRange()
        {
            final double lo = gradient.toDouble(gradient.minRaw());
            final double hi = gradient.toDouble(gradient.maxRaw());
            for (int x = 0; x < VALUES; x++)
            {
                if (grad[x] <= lo || grad[x] >= hi)
                {
                    throw new IllegalStateException("accumulator " + x + "=" + grad[x] + " saturated (format " +
                        gradient.describe() + ", width=" + width + "): the benchmark would measure saturation");
                }
            }
        }
    }

    /**
     * The descent, with every invocation starting from the same weights and gradients: it clears the gradients it
     * applies, so they are restored before each invocation, outside the measured time (JMH's per-invocation set-up
     * adds two timestamps, tens of nanoseconds against an invocation of tens of microseconds). The weights are
     * restored too: the same gradients applied again and again would drift them by about a sixteenth of an LSB per
     * invocation, into the 8-bit format's limits (64 LSBs away) within a few thousand invocations, a fraction of a
     * second, and the benchmark would measure saturation.
     */
    @State(Scope.Thread)
    public static class Descent
    {
        @Param({"50", "100", "400"})
        public int width;

        /** Percentage of zero gradients, which draw nothing; 17.6 % is the FGT run's share of zero columns. */
        @Param({"17.6"})
        public double zeroPercent;

        private FixedPointFormat update;
        private double[][] w;
        private double[][] w0;
        private double[] grad;
        private double[] grad0;
        private SplitMix64 rng;

        /** @param params the benchmark's parameters: its name says which path it measures. */
        @Setup(Level.Trial)
        public void setUp(final BenchmarkParams params)
        {
            requirePath(params.getBenchmark(), Simd.enabled());
            fill();
        }

        /** The weights and the gradients to restore, from fixed seeds. */
        void fill()
        {
            final ChipNumerics num = fgt();
            final FixedPointFormat g = (FixedPointFormat)num.gradient();
            // layer 1's weights, 784 presynaptic neurons (layer 2's, 400, have the same 8 fractional bits)
            update = (FixedPointFormat)num.update()[0];
            final SplitMix64 r = new SplitMix64(29);
            final int rowCount = VALUES / width;
            w0 = new double[rowCount][width];
            w = new double[rowCount][width];
            for (final double[] row : w0)
            {
                for (int j = 0; j < width; j++)
                {
                    row[j] = update.quantize((r.nextDouble() - 0.5) * 0.5, r);
                }
            }
            grad0 = new double[VALUES];
            grad = new double[VALUES];
            final double zero = zeroPercent / 100.0;
            for (int x = 0; x < VALUES; x++)
            {
                // |eta * grad| is at most an eighth of a weight LSB (1/256): the draw decides most writes
                grad0[x] = r.nextDouble() < zero ? 0.0 : g.quantize((r.nextDouble() - 0.5) * 0.2, r);
            }
            rng = new SplitMix64(31);
            reset();
        }

        /** Restores the weights and the gradients the last invocation changed. */
        @Setup(Level.Invocation)
        public void reset()
        {
            for (int i = 0; i < w.length; i++)
            {
                System.arraycopy(w0[i], 0, w[i], 0, width);
            }
            System.arraycopy(grad0, 0, grad, 0, VALUES);
        }

        /** @return the weights written: the nonzero gradients. */
        long descend()
        {
            return LocalUpdates.descend(w, grad, ETA, true, update, rng);
        }
    }

    /** @return the updated accumulators' count, {@value #VALUES}. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", Simd.MODULE, SCALAR})
    public long accumulateScalar(final Accumulation s)
    {
        return s.accumulate();
    }

    /** @return the updated accumulators' count, {@value #VALUES}. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", Simd.MODULE, VECTOR})
    public long accumulateVector(final Accumulation s)
    {
        return s.accumulate();
    }

    /** @return the weights written. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", Simd.MODULE, SCALAR})
    public long descendScalar(final Descent s)
    {
        return s.descend();
    }

    /** @return the weights written. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", Simd.MODULE, VECTOR})
    public long descendVector(final Descent s)
    {
        return s.descend();
    }

    /** @return the fixed-point FGT chip's formats (the payload width does not enter the formats used here). */
    static ChipNumerics fgt()
    {
        return ChipNumerics.fixedPoint(FGT, StorageFormats.defaults(), 32);
    }

    /**
     * @param benchmark the benchmark's name, ending in {@code Scalar} or {@code Vector}.
     * @param vector    whether this JVM runs the vector kernels ({@link Simd#enabled()}).
     * @throws IllegalStateException when the JVM runs the other path than the benchmark's name says.
     */
    static void requirePath(final String benchmark, final boolean vector)
    {
        final boolean wanted = benchmark.endsWith("Vector");
        if (wanted != vector)
        {
            throw new IllegalStateException(benchmark + " measures the " + (wanted ? "vector" : "scalar") +
                " path, but this JVM runs the " + (vector ? "vector" : "scalar") + " one (Simd.enabled()=" + vector +
                ", nmsim.simd=" + System.getProperty("nmsim.simd") + ", module " + Simd.MODULE + " resolved=" +
                ModuleLayer.boot().findModule(Simd.MODULE).isPresent() + "): its @Fork sets --add-modules " +
                Simd.MODULE + " and " + (wanted ? VECTOR : SCALAR) + ", unless -jvmArgsAppend replaced them");
        }
    }
}
