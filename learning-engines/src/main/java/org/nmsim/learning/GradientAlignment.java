package org.nmsim.learning;

/**
 * The gradient-alignment diagnostic of paper 000 Fig. 2: the cosine between a method's update of each hidden
 * layer's incoming weights and the update online BP makes from the same state on the same samples.
 *
 * <p>How: a shadow chip runs {@link LearningMethod#BP} on the same network and chip. Before each measured sample
 * the shadow is loaded (host write) with the trained chip's weights; both train on the sample; each update is the
 * weight difference. Updates are summed over a window of {@code window} consecutive samples (a batch gradient at
 * nearly the same state, as the paper's batch gradients are) before the cosine is taken. The shadow is a
 * measuring instrument: it costs time, never changes the trained chip, and its counters are not reported.
 *
 * <p>Threading: NOT thread safe; driven by the host thread between runs.
 */
public final class GradientAlignment implements AutoCloseable
{
    private final MlpChip shadow;
    private final int window;
    private final double[][] sumMethod;
    private final double[][] sumBp;
    private final double[] cosineSum;
    private int inWindow;
    private int windows;

    /**
     * @param trained the chip being trained (any method).
     * @param window  samples per summed update, >= 1.
     */
    public GradientAlignment(final MlpChip trained, final int window)
    {
        if (window < 1)
        {
            throw new IllegalArgumentException("window=" + window + " must be >= 1");
        }
        final int[] sizes = trained.sizes();
        final OnlineHyper h = trained.hyper();
        this.shadow = MlpChip.builder(sizes).chip(trained.chip())
            .hyper(new OnlineHyper(LearningMethod.BP, h.steps(), h.lambda(), h.vth(), h.a1(), h.lambdaM(), h.eta()))
            .build();
        this.window = window;
        final int hiddenLayers = sizes.length - 2;
        sumMethod = new double[hiddenLayers][];
        sumBp = new double[hiddenLayers][];
        for (int l = 0; l < hiddenLayers; l++)
        {
            sumMethod[l] = new double[sizes[l] * sizes[l + 1]];
            sumBp[l] = new double[sizes[l] * sizes[l + 1]];
        }
        cosineSum = new double[hiddenLayers];
    }

    /**
     * Trains the chip on one sample and measures BP's update from the same state.
     *
     * @param trained the chip being trained.
     * @param x       input.
     * @param label   label.
     * @return the trained chip's prediction.
     */
    public int trainAndMeasure(final MlpChip trained, final double[] x, final int label)
    {
        final double[][] w0 = trained.allWeights();
        final double[][] b0 = trained.allBiases();
        final int prediction = trained.trainSample(x, label);
        shadow.loadWeights(w0, b0);
        shadow.trainSample(x, label);
        for (int l = 0; l < sumMethod.length; l++)
        {
            final double[] after = trained.weights(l);
            final double[] bp = shadow.weights(l);
            for (int i = 0; i < after.length; i++)
            {
                sumMethod[l][i] += w0[l][i] - after[i];
                sumBp[l][i] += w0[l][i] - bp[i];
            }
        }
        if (++inWindow == window)
        {
            for (int l = 0; l < sumMethod.length; l++)
            {
                cosineSum[l] += org.nmsim.learning.reference.GradientAlignment.cosine(sumMethod[l], sumBp[l]);
                java.util.Arrays.fill(sumMethod[l], 0.0);
                java.util.Arrays.fill(sumBp[l], 0.0);
            }
            inWindow = 0;
            windows++;
        }
        return prediction;
    }

    /**
     * @return the mean cosine per hidden layer (layer 1 first) over the windows completed since the last call,
     *         NaN where no window completed; resets the means.
     */
    public double[] takeMeanCosines()
    {
        final double[] out = new double[cosineSum.length];
        for (int l = 0; l < out.length; l++)
        {
            out[l] = windows == 0 ? Double.NaN : cosineSum[l] / windows;
        }
        java.util.Arrays.fill(cosineSum, 0.0);
        windows = 0;
        return out;
    }

    @Override
    public void close()
    {
        shadow.close();
    }
}
