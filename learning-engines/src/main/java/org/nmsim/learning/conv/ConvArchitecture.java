package org.nmsim.learning.conv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The convolutional stack of paper 000 §5 in its string notation ({@code 16C3-AP2-32C3-AP2-64C3}), resolved against
 * an input shape: every hidden layer's input and output geometry, whether its output is average-pooled before the
 * next layer, and the flattened size the fully connected readout sees.
 *
 * <p>Rules: tokens are separated by {@code -}; a token is {@code <channels>C3} (a 3x3 convolution, stride 1, padding
 * 1, with that many output channels, >= 1) or {@code AP2} (2x2 average pooling, stride 2, floor); the first token is
 * a convolution; an {@code AP2} follows a convolution (no two in a row) and needs a map of at least 2x2. A trailing
 * {@code -FC} is accepted and ignored (the readout is always fully connected to the classes).
 *
 * @param text     the notation as given.
 * @param channels input channels.
 * @param height   input height.
 * @param width    input width.
 * @param layers   the hidden convolution layers, 1-based in the text (layer 1 first).
 */
public record ConvArchitecture(String text, int channels, int height, int width, List<Layer> layers)
{
    /**
     * One hidden convolution layer.
     *
     * @param cin  input channels.
     * @param hin  input height (after the previous layer's pooling).
     * @param win  input width.
     * @param cout output channels.
     * @param pool whether this layer's output is 2x2 average-pooled before the next layer.
     * @param poolIn whether the previous layer's output is pooled into this one (its senders are pre-pool neurons).
     */
    public record Layer(int cin, int hin, int win, int cout, boolean pool, boolean poolIn)
    {
        /** @return output height (padding 1, stride 1: the input height). */
        public int h()
        {
            return hin;
        }

        /** @return output width. */
        public int w()
        {
            return win;
        }

        /** @return neurons: {@code cout * h * w}. */
        public int neurons()
        {
            return cout * hin * win;
        }

        /** @return fan-in of one neuron's kernel: {@code cin * 9}. */
        public int fanIn()
        {
            return cin * 9;
        }

        /** @return height of the output after this layer's pooling (if any). */
        public int outH()
        {
            return pool ? hin / 2 : hin;
        }

        /** @return width of the output after this layer's pooling (if any). */
        public int outW()
        {
            return pool ? win / 2 : win;
        }
    }

    /**
     * Parses the notation.
     *
     * @param text  e.g. {@code 16C3-AP2-32C3}.
     * @param shape {@code [channels, height, width]} of the input.
     * @param inputSize the network's input size ({@code network.sizes[0]}), which must equal the shape's product.
     * @return the architecture.
     * @throws IllegalArgumentException naming the token and the rule it breaks.
     */
    public static ConvArchitecture parse(final String text, final int[] shape, final int inputSize)
    {
        if (text == null || text.isBlank())
        {
            throw new IllegalArgumentException("algorithm.conv=" + text + " must list at least one convolution, e.g. " +
                "16C3-AP2-32C3");
        }
        if (shape == null || shape.length != 3 || shape[0] < 1 || shape[1] < 1 || shape[2] < 1)
        {
            throw new IllegalArgumentException("algorithm.input_shape=" + java.util.Arrays.toString(shape) +
                " must be [channels, height, width], each >= 1");
        }
        if ((long)shape[0] * shape[1] * shape[2] != inputSize)
        {
            throw new IllegalArgumentException("algorithm.input_shape=" + java.util.Arrays.toString(shape) + " has " +
                (long)shape[0] * shape[1] * shape[2] + " values but network.sizes[0]=" + inputSize);
        }
        final String[] tokens = text.trim().split("-");
        final List<int[]> convs = new ArrayList<>(); // {cout, pool}
        for (int i = 0; i < tokens.length; i++)
        {
            final String tok = tokens[i].trim().toUpperCase(Locale.ROOT);
            final String where = "algorithm.conv=" + text + ": token " + (i + 1) + " '" + tokens[i] + "' ";
            if (tok.equals("FC") && i == tokens.length - 1)
            {
                continue;
            }
            if (tok.equals("AP2"))
            {
                if (convs.isEmpty())
                {
                    throw new IllegalArgumentException(where + "must follow a convolution (the first token is a " +
                        "convolution such as 16C3)");
                }
                final int[] last = convs.get(convs.size() - 1);
                if (last[1] == 1)
                {
                    throw new IllegalArgumentException(where + "follows another AP2 (at most one pooling between " +
                        "convolutions)");
                }
                last[1] = 1;
                continue;
            }
            if (tok.endsWith("C3") && tok.length() > 2 && tok.substring(0, tok.length() - 2).chars()
                .allMatch(Character::isDigit))
            {
                final String digits = tok.substring(0, tok.length() - 2);
                final int c;
                try
                {
                    c = Integer.parseInt(digits);
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException(where + "has a channel count out of range (1 to 65536)", ex);
                }
                if (c < 1 || c > 65536)
                {
                    throw new IllegalArgumentException(where + "has channels=" + c + "; must be in [1, 65536]");
                }
                convs.add(new int[] {c, 0});
                continue;
            }
            throw new IllegalArgumentException(where + "is not <channels>C3 (3x3 convolution) or AP2 (2x2 average " +
                "pooling)" + (tok.matches("\\d+C\\d+") ? "; only 3x3 kernels (C3) are supported" : "") +
                (tok.matches("[AM]P\\d+") ? "; only AP2 pooling is supported" : ""));
        }
        if (convs.isEmpty())
        {
            throw new IllegalArgumentException("algorithm.conv=" + text + " must list at least one convolution");
        }
        final List<Layer> layers = new ArrayList<>();
        int cin = shape[0];
        int h = shape[1];
        int w = shape[2];
        boolean poolIn = false;
        for (int l = 0; l < convs.size(); l++)
        {
            final int[] cv = convs.get(l);
            final boolean pool = cv[1] == 1;
            if (pool && (h < 2 || w < 2))
            {
                throw new IllegalArgumentException("algorithm.conv=" + text + ": the AP2 after convolution " + (l + 1) +
                    " needs a map of at least 2x2 but it is " + h + "x" + w);
            }
            layers.add(new Layer(cin, h, w, cv[0], pool, poolIn));
            cin = cv[0];
            if (pool)
            {
                h /= 2;
                w /= 2;
            }
            poolIn = pool;
        }
        return new ConvArchitecture(text, shape[0], shape[1], shape[2], List.copyOf(layers));
    }

    /** @return the hidden layers L. */
    public int depth()
    {
        return layers.size();
    }

    /**
     * @param l hidden layer, 1-based.
     * @return its geometry.
     */
    public Layer layer(final int l)
    {
        return layers.get(l - 1);
    }

    /** @return the flattened size the readout sees: the last layer's channels times its (pooled) map. */
    public int flatSize()
    {
        final Layer last = layers.get(layers.size() - 1);
        return last.cout() * last.outH() * last.outW();
    }

    /**
     * @param l hidden layer, 1-based; 0 is the input.
     * @return neurons of that layer before pooling (the senders into layer l + 1).
     */
    public int senders(final int l)
    {
        return l == 0 ? channels * height * width : layer(l).neurons();
    }

    /**
     * @param classes the readout size.
     * @return the fan-in of each weight layer (conv layers, then the readout) followed by the classes, the shape
     *         {@code ChipNumerics.fixedPoint} sizes its weight formats by.
     */
    public int[] fanIns(final int classes)
    {
        final int[] out = new int[layers.size() + 2];
        for (int l = 0; l < layers.size(); l++)
        {
            out[l] = layers.get(l).fanIn();
        }
        out[layers.size()] = flatSize();
        out[layers.size() + 1] = classes;
        return out;
    }
}
