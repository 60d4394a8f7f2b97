package org.nmsim.learning.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

/**
 * One golden file written by {@code reference/make_golden.py}, read whole with jhdf. Layout: see that script.
 */
final class GoldenCase
{
    static final String DIRECTORY = "golden";

    final String file;
    final String method;
    final int steps;
    final double lambda;
    final double vTh;
    final double a1;
    final double lambdaM;
    final double eta;
    final int[] sizes;
    final int samples;
    final double[][][] weights;
    final double[][] biases;
    final double[][][] feedback;
    final double[][] x;
    final int[] y;
    /** K, the forward-gradient directions per layer and step (attribute {@code directions}; 1 when absent). */
    final int directions;
    /** v[l][sample][t][kappa][i] for hidden l and direction kappa (null for other methods). */
    final double[][][][][] v;
    /** lstar[sample][t] (FGT (S) only). */
    final int[][] lstar;
    /** expected.get(k): dataset name -> flat float64 values, for sample k. */
    final List<Map<String, double[]>> expected;
    final int[] predictions;

    private GoldenCase(final Path path)
    {
        file = path.getFileName().toString();
        try (HdfFile hdf = new HdfFile(path))
        {
            method = (String)hdf.getAttribute("method").getData();
            steps = (int)number(hdf.getAttribute("T").getData());
            lambda = number(hdf.getAttribute("lambda").getData());
            vTh = number(hdf.getAttribute("V_th").getData());
            a1 = number(hdf.getAttribute("a1").getData());
            lambdaM = number(hdf.getAttribute("lambda_M").getData());
            eta = number(hdf.getAttribute("eta").getData());
            final long[] s = (long[])hdf.getAttribute("sizes").getData();
            sizes = new int[s.length];
            for (int i = 0; i < s.length; i++)
            {
                sizes[i] = Math.toIntExact(s[i]);
            }
            samples = (int)number(hdf.getAttribute("samples").getData());
            directions = hdf.getAttributes().containsKey("directions") ?
                (int)number(hdf.getAttribute("directions").getData()) : 1;
            final int n = sizes.length - 1;
            weights = new double[n][][];
            biases = new double[n + 1][];
            for (int l = 0; l < n; l++)
            {
                weights[l] = (double[][])hdf.getDatasetByPath("/init/W" + l).getData();
                biases[l + 1] = (double[])hdf.getDatasetByPath("/init/b" + (l + 1)).getData();
            }
            if ("dfa".equals(method))
            {
                feedback = new double[n][][];
                for (int l = 1; l < n; l++)
                {
                    feedback[l] = (double[][])hdf.getDatasetByPath("/init/B" + l).getData();
                }
            }
            else
            {
                feedback = null;
            }
            x = (double[][])hdf.getDatasetByPath("/input/x").getData();
            final long[] labels = (long[])hdf.getDatasetByPath("/input/y").getData();
            y = new int[labels.length];
            for (int k = 0; k < labels.length; k++)
            {
                y[k] = Math.toIntExact(labels[k]);
            }
            if (method.startsWith("fgt"))
            {
                v = new double[n][][][][];
                for (int l = 1; l < n; l++)
                {
                    final Object data = hdf.getDatasetByPath("/draws/v" + l).getData();
                    if (data instanceof double[][][][] perDirection)
                    {
                        v[l] = perDirection; // (S, T, K, n_l)
                    }
                    else
                    {
                        // (S, T, n_l): one direction
                        final double[][][] one = (double[][][])data;
                        v[l] = new double[one.length][one[0].length][][];
                        for (int k = 0; k < one.length; k++)
                        {
                            for (int t = 0; t < one[k].length; t++)
                            {
                                v[l][k][t] = new double[][] {one[k][t]};
                            }
                        }
                    }
                }
            }
            else
            {
                v = null;
            }
            if ("fgt_s".equals(method))
            {
                final long[][] ls = (long[][])hdf.getDatasetByPath("/draws/lstar").getData();
                lstar = new int[ls.length][];
                for (int k = 0; k < ls.length; k++)
                {
                    lstar[k] = new int[ls[k].length];
                    for (int t = 0; t < ls[k].length; t++)
                    {
                        lstar[k][t] = Math.toIntExact(ls[k][t]);
                    }
                }
            }
            else
            {
                lstar = null;
            }
            final List<Map<String, double[]>> perSample = new ArrayList<>();
            predictions = new int[samples];
            for (int k = 0; k < samples; k++)
            {
                final Group group = (Group)hdf.getByPath("/sample_" + k);
                final Map<String, double[]> values = new TreeMap<>();
                perSample.add(values);
                predictions[k] = (int)number(group.getAttribute("pred").getData());
                for (final Map.Entry<String, Node> child : group.getChildren().entrySet())
                {
                    values.put(child.getKey(), flatDoubles(((Dataset)child.getValue()).getDataFlat()));
                }
            }
            expected = List.copyOf(perSample);
        }
    }

    /** @return every golden file on the test class path, by name. */
    static Stream<GoldenCase> all()
    {
        final URL url = GoldenCase.class.getResource(DIRECTORY);
        if (url == null)
        {
            throw new IllegalStateException("golden directory " + DIRECTORY + " is not on the class path");
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI())))
        {
            final List<Path> sorted = files.filter(p -> p.toString().endsWith(".h5")).sorted().toList();
            return sorted.stream().map(GoldenCase::new);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** @return a reference for this case (initial weights, B, hyperparameters and directions). */
    FloatMlpReference reference()
    {
        final FloatMlpReference ref = new FloatMlpReference(sizes, referenceMethod(), hyperparameters(), weights,
            biases, feedback);
        ref.directions(directions);
        return ref;
    }

    ReferenceMethod referenceMethod()
    {
        return ReferenceMethod.valueOf(method.toUpperCase(java.util.Locale.ROOT));
    }

    ModelHyperparameters hyperparameters()
    {
        return new ModelHyperparameters(steps, lambda, vTh, a1, lambdaM, eta);
    }

    /** @return the draws of sample k, read from the file by (step, layer). */
    RandomDraws draws(final int k)
    {
        if (v == null)
        {
            return RandomDraws.none();
        }
        return new RandomDraws()
        {
            @Override
            public int sampledLayer(final int step, final int hidden)
            {
                return lstar[k][step - 1];
            }

            @Override
            public void rademacher(final int step, final int layer, final int direction, final double[] out)
            {
                System.arraycopy(v[layer][k][step - 1][direction], 0, out, 0, out.length);
            }
        };
    }

    @Override
    public String toString()
    {
        return file;
    }

    private static double number(final Object value)
    {
        if (value instanceof Number number)
        {
            return number.doubleValue();
        }
        if (value != null && value.getClass().isArray() && Array.getLength(value) == 1)
        {
            return ((Number)Array.get(value, 0)).doubleValue();
        }
        throw new IllegalStateException("expected a scalar number, got " + value);
    }

    private static double[] flatDoubles(final Object flat)
    {
        if (flat instanceof double[] d)
        {
            return d;
        }
        if (flat instanceof Double d)
        {
            return new double[] {d};
        }
        throw new IllegalStateException("expected float64 data, got " + (flat == null ? null : flat.getClass()));
    }

    /** The chip both golden tests use: cores of at most 3 neurons (the readout must fit one), so layers cross cores. */
    static final org.nmsim.chip.preset.ChipSpec CHIP = org.nmsim.chip.preset.UserChips.fromMap(java.util.Map.of(
        "base", "spinnaker2", "name", "three-neuron-cores", "compartments_per_core", 3));

    /** @return the on-chip learning method of this case. */
    org.nmsim.learning.LearningMethod learningMethod()
    {
        return org.nmsim.learning.LearningMethod.valueOf(method.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * @return a chip builder loaded with this case's initial weights, biases and B, its hyperparameters, and its
     *         recorded draws in place of the cores' own streams, on {@link #CHIP} with 3 workers.
     */
    org.nmsim.learning.MlpChip.Builder chipBuilder()
    {
        final int n = sizes.length - 1;
        final double[][] w = new double[n][];
        final double[][] b = new double[n][];
        for (int l = 0; l < n; l++)
        {
            w[l] = flat(weights[l]);
            b[l] = biases[l + 1].clone();
        }
        final org.nmsim.learning.MlpChip.Builder builder = org.nmsim.learning.MlpChip.builder(sizes).chip(CHIP)
            .hyper(new org.nmsim.learning.OnlineHyper(learningMethod(), steps, lambda, vTh, a1, lambdaM, eta)
                .withDirections(directions))
            .initialWeights(w, b).workers(3).perturbations(replay());
        if (feedback != null)
        {
            final double[][] fb = new double[n - 1][];
            for (int l = 1; l < n; l++)
            {
                fb[l - 1] = flat(feedback[l]);
            }
            builder.feedback(fb);
        }
        return builder;
    }

    /** The reference's recorded draws, handed to the cores in place of their own streams. */
    private org.nmsim.learning.Perturbations replay()
    {
        return new org.nmsim.learning.Perturbations()
        {
            @Override
            public double sign(final org.nmsim.kernel.SplitMix64 coreStream, final int sample, final int layer,
                final int step, final int direction, final int neuron)
            {
                return v[layer][sample][step - 1][direction][neuron];
            }

            @Override
            public int sampledLayer(final int sample, final int step, final int hiddenLayers)
            {
                return lstar[sample][step - 1];
            }
        };
    }

    /** @return a [rows][cols] matrix row-major. */
    static double[] flat(final double[][] m)
    {
        return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
