package org.nmsim.mapping.net;

import java.util.Arrays;
import java.util.Map;

/**
 * The reference networks that users map: the 784-400-400-10 MLP and the convolutional network of the FGT paper
 * (shared/papers/000, section 5: "128C3-AP2-256C3-AP2-512C3-AP2-512C3-FC"). Neuron parameters follow the paper's
 * appendix D.3.2: {@code V_th = 1}, leak {@code lambda = 0.5}; the classification layer does not spike or reset
 * and is read out from its accumulated membrane potential ({@code "readout"}).
 *
 * <p>Assumptions where the paper is silent: 3x3 convolutions have stride 1 and padding 1 (spatial size kept, as in
 * OTTT's VGG-style networks that FGT follows); AP2 is 2x2 average pooling with stride 2, represented by a
 * {@code "relay"} population that carries the pooled value to the next convolution; weights are signed 8-bit;
 * delays are 1 step; no initial weights.
 */
public final class Networks
{
    /** Shared LIF parameters of the FGT experiments. */
    public static final Map<String, Double> FGT_LIF = Map.of("v_threshold", 1.0, "lambda", 0.5);

    private Networks()
    {
    }

    /**
     * The MNIST / N-MNIST fully connected network: input(784) -fc1-> h1(400) -fc2-> h2(400) -fc3-> output(10).
     *
     * @return the network.
     */
    public static Network mlp784x400x400x10()
    {
        return mlp(784, 400, 400, 10);
    }

    /**
     * @param sizes layer sizes, input first, at least two.
     * @return a dense feed-forward network: populations input, h1.., output; projections fc1...
     */
    public static Network mlp(final int... sizes)
    {
        if (sizes.length < 2)
        {
            throw new NetworkException("mlp sizes=" + Arrays.toString(sizes) + ": needs at least 2 layers");
        }
        final Network.Builder b = Network.builder();
        String previous = "input";
        b.population(Population.of(previous, sizes[0], "input", Map.of(), PopulationRole.INPUT));
        for (int l = 1; l < sizes.length; l++)
        {
            final boolean last = l == sizes.length - 1;
            final String name = last ? "output" : "h" + l;
            b.population(last ? Population.of(name, sizes[l], "readout", Map.of(), PopulationRole.OUTPUT) :
                Population.of(name, sizes[l], "lif", FGT_LIF, PopulationRole.HIDDEN));
            b.projection(Projection.of("fc" + l, previous, name, Connectivity.dense()));
            previous = name;
        }
        return b.build();
    }

    /**
     * The FGT convolutional network for DVS-CIFAR10: input 2x48x48 (ON/OFF channels, downsampled as in the
     * paper's appendix D.3.1), 10 classes.
     *
     * @return the network.
     */
    public static Network fgtConvNetDvsCifar10()
    {
        return fgtConvNet(2, 48, 48, 10);
    }

    /**
     * The FGT convolutional network: input [C,H,W] -w1-> conv1 (128C3) -ap1-> pool1 -w2-> conv2 (256C3) -ap2-> pool2
     * -w3-> conv3 (512C3) -ap3-> pool3 -w4-> conv4 (512C3) -fc-> output.
     *
     * @param channels input channels.
     * @param height   input height.
     * @param width    input width.
     * @param classes  output classes.
     * @return the network.
     */
    public static Network fgtConvNet(final int channels, final int height, final int width, final int classes)
    {
        final int[] conv = {128, 256, 512, 512};
        final Network.Builder b = Network.builder();
        Shape shape = Shape.chw(channels, height, width);
        b.population(Population.of("input", shape, "input", Map.of(), PopulationRole.INPUT));
        String previous = "input";
        for (int l = 0; l < conv.length; l++)
        {
            final Connectivity.Conv2d c = Connectivity.Conv2d.square(shape.dim(0), conv[l], 3, 1, 1);
            shape = c.outputShape(shape);
            final String name = "conv" + (l + 1);
            b.population(Population.of(name, shape, "lif", FGT_LIF, PopulationRole.HIDDEN));
            b.projection(Projection.of("w" + (l + 1), previous, name, c));
            previous = name;
            if (l < conv.length - 1)
            {
                final Connectivity.Pool2d p = Connectivity.Pool2d.avg(2);
                shape = p.outputShape(shape);
                final String pool = "pool" + (l + 1);
                b.population(Population.of(pool, shape, "relay", Map.of(), PopulationRole.HIDDEN));
                b.projection(Projection.of("ap" + (l + 1), previous, pool, p));
                previous = pool;
            }
        }
        b.population(Population.of("output", classes, "readout", Map.of(), PopulationRole.OUTPUT));
        b.projection(Projection.of("fc", previous, "output", Connectivity.dense()));
        return b.build();
    }
}
