package org.nmsim.bench.learning;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.nmsim.simd.Simd;

/**
 * Training throughput of nmsim's on-chip FGT MLP (MlpChip) on Fashion-MNIST, the counterpart of
 * {@code reference/bench_training.py}; prints one JSON object on its last line.
 *
 * <pre>
 * java -cp CLASSPATH org.nmsim.bench.learning.TrainingThroughputMain [--sizes 784,400,400,10] [--T 6]
 *      [--eta 0.005] [--workers 1] [--fixed-point false] [--samples 300] [--warmup 1000] [--preset spinnaker2]
 *      [--seed 1] [--data DIR] [--batch 1] [--batch-warmup 2 * batch]
 * </pre>
 *
 * <p>One chip is built (timed separately, {@code build_s}), trained on the first {@code --warmup} images (JIT
 * warm-up, discarded), then on the next {@code --samples} images, timed in wall time and process CPU time (all
 * threads: the kernel's workers, the JIT and the GC). Batch 1 SGD, as MODEL.md defines it.
 *
 * <p>With {@code --batch B}: the chip's mini-batch mode ({@link org.nmsim.learning.OnlineHyper#withBatch}: every
 * core accumulates B samples' gradients and applies their mean, {@code W <- W - (eta / B) sum grad W}), the
 * counterpart of {@code bench_training.py --mode batched --batch B}, whose samples go through the network together.
 * At eta 0.005 a network trained in batches of 128 from its initial weights is still silent after thousands of
 * samples, and a silent network is less work for nmsim (no hidden spikes), not for PyTorch. So the warm-up samples
 * are trained at batch 1 as above (the network learns), a second chip starts from the weights, biases and M they
 * reached, trains {@code --batch-warmup} samples in batches (JIT warm-up of that mode, discarded), and then the
 * next {@code --samples} in batches are timed; {@code online_accuracy} shows that it is still a learning
 * network.
 *
 * <p>The defaults time a network that learns: at eta 0.005 (the quick example's) the network is nearly silent for
 * its first few hundred samples and then learns, so the 1,000 warm-up samples also take it past that start (online
 * accuracy about 0.4 over samples 1,000 to 1,300 in float64, reported as {@code online_accuracy}). The earlier
 * defaults, {@code --eta 0.003 --warmup 100}, time a network that is still at chance (online accuracy about 0.09):
 * fewer spikes, fewer nonzero traces, so less work per sample than a learning network does.
 */
public final class TrainingThroughputMain
{
    private TrainingThroughputMain()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception on bad data files.
     */
    public static void main(final String[] args) throws Exception
    {
        int[] sizes = {784, 400, 400, 10};
        int steps = 6;
        double eta = 0.005;
        int workers = 1;
        boolean fixed = false;
        int samples = 300;
        int warmup = 1000;
        String preset = "spinnaker2";
        long seed = 1;
        int batch = 1;
        int batchWarmup = -1;
        Path data = Files.isDirectory(FashionMnistIdx.FULL) ? FashionMnistIdx.FULL :
            Path.of("datasets/src/main/resources/org/nmsim/datasets/fashion-mnist-subset");
        for (int a = 0; a + 1 < args.length; a += 2)
        {
            final String v = args[a + 1];
            switch (args[a])
            {
                case "--sizes" -> sizes = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--T" -> steps = Integer.parseInt(v);
                case "--eta" -> eta = Double.parseDouble(v);
                case "--workers" -> workers = Integer.parseInt(v);
                case "--fixed-point" -> fixed = Boolean.parseBoolean(v);
                case "--samples" -> samples = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--preset" -> preset = v;
                case "--seed" -> seed = Long.parseLong(v);
                case "--data" -> data = Path.of(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--batch-warmup" -> batchWarmup = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[a]);
            }
        }
        if (args.length % 2 != 0)
        {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " needs a value");
        }
        if (batchWarmup < 0)
        {
            batchWarmup = batch == 1 ? 0 : 2 * batch;
        }
        final FashionMnistIdx d = FashionMnistIdx.load(data, warmup + batchWarmup + samples);
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
        final long b0 = System.nanoTime();
        BenchChip chip = BenchChip.buildFgt(sizes, steps, eta, preset, workers, fixed, seed, 1);
        try
        {
            final double buildS = (System.nanoTime() - b0) * 1e-9;
            for (int i = 0; i < warmup; i++)
            {
                chip.trainSample(d.x()[i], d.labels()[i]);
            }
            if (batch > 1)
            {
                final BenchChip online = chip;
                chip = BenchChip.buildFgt(sizes, steps, eta, preset, workers, fixed, seed, batch, online);
                online.close();
                for (int i = warmup; i < warmup + batchWarmup; i++)
                {
                    chip.trainSample(d.x()[i], d.labels()[i]);
                }
            }
            final int first = warmup + batchWarmup;
            final long c0 = os.getProcessCpuTime();
            final long w0 = System.nanoTime();
            int correct = 0;
            for (int i = first; i < first + samples; i++)
            {
                correct += chip.trainSample(d.x()[i], d.labels()[i]) == d.labels()[i] ? 1 : 0;
            }
            final double wall = (System.nanoTime() - w0) * 1e-9;
            final double cpu = (os.getProcessCpuTime() - c0) * 1e-9;
            System.out.println(String.format(Locale.ROOT,
                "{\"impl\": \"nmsim\", \"mode\": \"%s\", \"batch\": %d, \"workers\": %d, \"dtype\": \"%s\", " +
                    "\"sizes\": %s, \"T\": %d, \"eta\": %s, \"method\": \"fgt\", \"preset\": \"%s\", \"cores\": %d, " +
                    "\"chips\": %d, \"kernel_steps_per_sample\": %d, \"samples\": %d, \"warmup\": %d, " +
                    "\"batch_warmup\": %d, \"build_s\": %.4f, \"wall_s\": %.6f, \"cpu_s\": %.6f, " +
                    "\"samples_per_s\": %.4f, \"samples_per_cpu_s\": %.4f, \"online_accuracy\": %.4f, " +
                    "\"data\": \"%s\", \"java\": \"%s\", \"vector_kernels\": %b}",
                batch == 1 ? "online" : "batched", batch, workers, fixed ? "fixed-point" : "float64",
                Arrays.toString(sizes), steps, eta, preset, chip.cores(), chip.chips(), chip.kernelStepsPerSample(),
                samples, warmup, batchWarmup, buildS, wall, cpu, samples / wall, samples / cpu,
                correct / (double)samples, data.toAbsolutePath(), System.getProperty("java.version"),
                Simd.enabled()));
        }
        finally
        {
            chip.close();
        }
    }
}
