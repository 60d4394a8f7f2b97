package org.nmsim.bench.learning;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nmsim.kernel.SimulationException;

/**
 * How large an FGT MLP nmsim holds in the heap it is given, and how time per sample grows with it. Prints one
 * JSON object per network size (each line starting with {"size":) and a summary object on the last line.
 *
 * <pre>
 * java -Xmx12g -cp CLASSPATH org.nmsim.bench.learning.ScaleMain [--hidden 256,512,1024,2048,4096,8192,16384]
 *      [--layers 2] [--train 3] [--infer 3] [--max-seconds-per-sample 30] [--workers 1] [--preset spinnaker2]
 * </pre>
 *
 * <p>With {@code --depths 2,4,8,...} the sweep is over the number of hidden layers at the first width of
 * {@code --hidden} instead (the spinnaker2 readout core holds at most about 4,096 inputs, so width alone stops there).
 * With {@code --train 0} only inference is timed, and the time limit applies to the inference sample.
 *
 * <p>For each width H the network 784-H-...-H-10 ({@code --layers} hidden layers) is built; its heap is
 * {@code totalMemory - freeMemory} after {@code System.gc()} once it is built, minus the same figure before (with
 * the previous network dropped): this is the JVM's retained heap, measured, not computed from array sizes. The
 * simulated chip's own synaptic memory (bits, from the per-core budgets) is reported beside it. Then {@code --train}
 * samples are trained and {@code --infer} predicted (MlpChip has no inference-only build: inference holds the same
 * arrays). Before the first size, a 784-256-256-10 network trains 30 samples (JIT warm-up, not reported). The
 * sweep stops at the first size whose build or run throws OutOfMemoryError, or whose training sample exceeds
 * {@code --max-seconds-per-sample}.
 */
public final class ScaleMain
{
    private ScaleMain()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception on bad data files.
     */
    public static void main(final String[] args) throws Exception
    {
        int[] widths = {256, 512, 1024, 2048, 4096, 8192, 16384};
        int layers = 2;
        int[] depths = null;
        int train = 3;
        int infer = 3;
        double maxSeconds = 30;
        int workers = 1;
        String preset = "spinnaker2";
        Path data = Files.isDirectory(FashionMnistIdx.FULL) ? FashionMnistIdx.FULL :
            Path.of("datasets/src/main/resources/org/nmsim/datasets/fashion-mnist-subset");
        for (int a = 0; a + 1 < args.length; a += 2)
        {
            final String v = args[a + 1];
            switch (args[a])
            {
                case "--hidden" -> widths = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--layers" -> layers = Integer.parseInt(v);
                case "--depths" -> depths = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--train" -> train = Integer.parseInt(v);
                case "--infer" -> infer = Integer.parseInt(v);
                case "--max-seconds-per-sample" -> maxSeconds = Double.parseDouble(v);
                case "--workers" -> workers = Integer.parseInt(v);
                case "--preset" -> preset = v;
                case "--data" -> data = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[a]);
            }
        }
        final FashionMnistIdx d = FashionMnistIdx.load(data, 30 + train + infer);
        try (BenchChip warm = BenchChip.buildFgt(sizes(256, layers), 6, 0.003, preset, workers, false, 1, 1))
        {
            for (int i = 0; i < 30; i++)
            {
                warm.trainSample(d.x()[i], d.labels()[i]);
            }
        }
        final Runtime rt = Runtime.getRuntime();
        final List<String> rows = new ArrayList<>();
        String stop = "all sizes done";
        final int points = depths == null ? widths.length : depths.length;
        for (int point = 0; point < points; point++)
        {
            final int h = depths == null ? widths[point] : widths[0];
            final int depth = depths == null ? layers : depths[point];
            final int[] sizes = sizes(h, depth);
            long synapses = 0;
            long neurons = 0;
            for (int l = 0; l + 1 < sizes.length; l++)
            {
                synapses += (long)sizes[l] * sizes[l + 1];
            }
            for (final int s : sizes)
            {
                neurons += s;
            }
            final long heap0 = usedAfterGc(rt);
            final long t0 = System.nanoTime();
            // what the sweep reached when it ran out of memory: the build, or the samples after it (with its heap)
            String phase = "the build";
            long builtHeap = -1;
            try (BenchChip chip = BenchChip.buildFgt(sizes, 6, 0.003, preset, workers, false, 1, 1))
            {
                final double buildS = (System.nanoTime() - t0) * 1e-9;
                final long heap = usedAfterGc(rt) - heap0;
                phase = "the samples after the build";
                builtHeap = heap;
                long chipBits = 0;
                final Map<String, Long> byKind = chip.chipMemoryBitsByKind();
                for (final long b : byKind.values())
                {
                    chipBits += b;
                }
                final double[] trainS = new double[train];
                boolean tooSlow = false;
                for (int i = 0; i < train; i++)
                {
                    final long s0 = System.nanoTime();
                    chip.trainSample(d.x()[30 + i], d.labels()[30 + i]);
                    trainS[i] = (System.nanoTime() - s0) * 1e-9;
                    if (trainS[i] > maxSeconds)
                    {
                        tooSlow = true;
                        break;
                    }
                }
                final double[] inferS = new double[tooSlow ? 0 : infer];
                for (int i = 0; i < inferS.length; i++)
                {
                    final long s0 = System.nanoTime();
                    chip.predict(d.x()[30 + train + i]);
                    inferS[i] = (System.nanoTime() - s0) * 1e-9;
                    tooSlow |= train == 0 && inferS[i] > maxSeconds;
                }
                final String row = String.format(Locale.ROOT,
                    "{\"size\": %s, \"hidden_width\": %d, \"hidden_layers\": %d, \"neurons\": %d, \"synapses\": %d, " +
                        "\"cores\": %d, \"chips\": %d, \"build_s\": %.3f, \"heap_bytes\": %d, " +
                        "\"heap_bytes_per_synapse\": %.3f, \"chip_memory_bits\": %d, \"chip_memory_by_kind_bits\": %s, " +
                        "\"train_s_per_sample\": %s, \"infer_s_per_sample\": %s, \"train_s_min\": %s, " +
                        "\"infer_s_min\": %s, \"stopped_too_slow\": %b}",
                    Arrays.toString(sizes), h, depth, neurons, synapses, chip.cores(), chip.chips(), buildS, heap,
                    heap / (double)synapses, chipBits, json(byKind), Arrays.toString(trainS), Arrays.toString(inferS),
                    train == 0 ? "null" : String.format(Locale.ROOT, "%.6f", min(trainS)), inferS.length == 0 ? "null" : String.format(Locale.ROOT, "%.6f", min(inferS)),
                    tooSlow);
                System.out.println(row);
                rows.add(row);
                if (tooSlow)
                {
                    stop = Arrays.toString(sizes) + ": a " + (train == 0 ? "n inference" : " training") +
                        " sample took more than " + maxSeconds + " s";
                    break;
                }
            }
            catch (final OutOfMemoryError e)
            {
                stop = outOfMemory(sizes, h, depth, synapses, phase, builtHeap, e, rt);
                break;
            }
            catch (final SimulationException e)
            {
                // the kernel wraps what a core's callback throws; a core that ran out of heap is the same stop
                if (!(e.getCause() instanceof OutOfMemoryError))
                {
                    throw e;
                }
                stop = outOfMemory(sizes, h, depth, synapses, phase, builtHeap, e.getCause(), rt);
                break;
            }
            catch (final IllegalArgumentException e)
            {
                stop = Arrays.toString(sizes) + ": the chip model refused the network: " + e.getMessage();
                System.out.println("{\"size\": " + Arrays.toString(sizes) + ", \"hidden_width\": " + h +
                    ", \"hidden_layers\": " + depth + ", \"synapses\": " + synapses + ", \"failed\": \"" +
                    e.getMessage().replace("\"", "'") + "\"}");
                break;
            }
        }
        System.out.println(String.format(Locale.ROOT,
            "{\"max_heap_bytes\": %d, \"layers\": %d, \"workers\": %d, \"preset\": \"%s\", \"stop\": \"%s\", " +
                "\"rows\": [%s], \"java\": \"%s\"}",
            rt.maxMemory(), layers, workers, preset, stop.replace("\"", "'"), String.join(", ", rows),
            System.getProperty("java.version")));
    }

    private static int[] sizes(final int h, final int layers)
    {
        final int[] s = new int[layers + 2];
        Arrays.fill(s, h);
        s[0] = 784;
        s[layers + 1] = 10;
        return s;
    }

    /**
     * Prints the failed row of a size that ran out of heap and returns the sweep's stop reason.
     *
     * @param phase     where it ran out: the build, or the samples after it.
     * @param builtHeap the retained heap of the built network, or -1 when the build itself ran out.
     */
    private static String outOfMemory(final int[] sizes, final int h, final int depth, final long synapses,
        final String phase, final long builtHeap, final Throwable e, final Runtime rt)
    {
        System.out.println("{\"size\": " + Arrays.toString(sizes) + ", \"hidden_width\": " + h +
            ", \"hidden_layers\": " + depth + ", \"synapses\": " + synapses +
            (builtHeap >= 0 ? ", \"heap_bytes\": " + builtHeap : "") +
            ", \"failed\": \"OutOfMemoryError in " + phase + "\"}");
        return Arrays.toString(sizes) + ": OutOfMemoryError in " + phase + " (" + e.getMessage() + ")" +
            (builtHeap >= 0 ? ", the built network retaining " + builtHeap + " bytes" : "") + ", maxMemory=" +
            rt.maxMemory();
    }

    private static long usedAfterGc(final Runtime rt)
    {
        System.gc();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double min(final double[] v)
    {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static String json(final Map<String, Long> m)
    {
        final StringBuilder sb = new StringBuilder("{");
        for (final Map.Entry<String, Long> e : m.entrySet())
        {
            sb.append(sb.length() > 1 ? ", " : "").append('"').append(e.getKey()).append("\": ").append(e.getValue());
        }
        return sb.append('}').toString();
    }
}
