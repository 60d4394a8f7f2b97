package org.nmsim.learning.sigpropconv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The network of paper 002 section VI as nmsim builds it: convolutional layers ({@code <C>C<k>}, stride 1, zero
 * padding (k - 1) / 2), each followed by 2x2 max pooling ({@code MP2}), then one fully connected hidden layer of
 * {@code fc} IF neurons and the classification layer of {@code classes} neurons.
 *
 * @param input   input shape {@code [C, H, W]}.
 * @param convs   the conv layers, in order.
 * @param fc      neurons of the fully connected hidden layer.
 * @param classes classes m.
 */
public record SigconvArchitecture(int[] input, List<Conv> convs, int fc, int classes)
{
    /**
     * One conv layer and its pooling.
     *
     * @param cin  input channels.
     * @param hin  input rows (= output rows, padding keeps the size).
     * @param win  input columns.
     * @param cout output channels.
     * @param k    kernel size (odd).
     */
    public record Conv(int cin, int hin, int win, int cout, int k)
    {
        /** @return padding (k - 1) / 2. */
        public int pad()
        {
            return (k - 1) / 2;
        }

        /** @return pooled rows. */
        public int hp()
        {
            return hin / 2;
        }

        /** @return pooled columns. */
        public int wp()
        {
            return win / 2;
        }

        /** @return inputs (cin * hin * win). */
        public int inputs()
        {
            return cin * hin * win;
        }

        /** @return pooled outputs (cout * hp * wp). */
        public int pooled()
        {
            return cout * hp() * wp();
        }

        /** @return weights of one output channel's kernel (cin * k * k). */
        public int kernel()
        {
            return cin * k * k;
        }
    }

    /**
     * @param text    e.g. {@code 16C3-MP2-32C3-MP2}: every conv layer must be followed by MP2.
     * @param input   {@code [C, H, W]}.
     * @param fc      fully connected hidden neurons.
     * @param classes classes.
     * @return the architecture.
     * @throws IllegalArgumentException naming the field, the value and the rule.
     */
    public static SigconvArchitecture parse(final String text, final int[] input, final int fc, final int classes)
    {
        if (input == null || input.length != 3 || Arrays.stream(input).anyMatch(v -> v < 1))
        {
            throw new IllegalArgumentException("input_shape=" + Arrays.toString(input) + " must be [C, H, W] with " +
                "every entry >= 1");
        }
        if (fc < 1)
        {
            throw new IllegalArgumentException("fc=" + fc + " must be >= 1");
        }
        if (classes < 2)
        {
            throw new IllegalArgumentException("classes=" + classes + " must be >= 2");
        }
        if (text == null || text.isBlank())
        {
            throw new IllegalArgumentException("conv=" + text + " must list at least one conv layer, e.g. " +
                "16C3-MP2-32C3-MP2");
        }
        final String[] tokens = text.trim().toUpperCase(Locale.ROOT).split("-");
        final List<Conv> convs = new ArrayList<>();
        int c = input[0];
        int h = input[1];
        int w = input[2];
        for (int i = 0; i < tokens.length; i++)
        {
            final String t = tokens[i];
            final int at = t.indexOf('C');
            int cout = -1;
            int k = -1;
            try
            {
                if (at > 0)
                {
                    cout = Integer.parseInt(t.substring(0, at));
                    k = Integer.parseInt(t.substring(at + 1));
                }
            }
            catch (final NumberFormatException ex)
            {
                cout = -1;
            }
            if (cout < 1 || k < 1 || k % 2 == 0)
            {
                throw new IllegalArgumentException("conv=" + text + ": token " + (i + 1) + " '" + t + "' must be " +
                    "<channels>C<odd kernel size>, e.g. 16C3 (MP2 only after a conv layer)");
            }
            if (i + 1 >= tokens.length || !"MP2".equals(tokens[i + 1]))
            {
                throw new IllegalArgumentException("conv=" + text + ": conv layer '" + t + "' must be followed by " +
                    "MP2 (paper 002 section VI: every conv layer is followed by 2x2 max pooling)");
            }
            if (h % 2 != 0 || w % 2 != 0)
            {
                throw new IllegalArgumentException("conv=" + text + ": layer '" + t + "' sees a " + h + "x" + w +
                    " map; 2x2 max pooling needs even height and width");
            }
            convs.add(new Conv(c, h, w, cout, k));
            c = cout;
            h /= 2;
            w /= 2;
            i++;
        }
        return new SigconvArchitecture(input.clone(), List.copyOf(convs), fc, classes);
    }

    /** @return L, the number of conv layers. */
    public int depth()
    {
        return convs.size();
    }

    /** @return N, the number of weight layers (L conv, the fc hidden layer, the classification layer). */
    public int weightLayers()
    {
        return convs.size() + 2;
    }

    /** @return input size C * H * W. */
    public int inputs()
    {
        return input[0] * input[1] * input[2];
    }

    /** @return the fc hidden layer's inputs: the last conv layer's pooled output. */
    public int fcInputs()
    {
        return convs.get(convs.size() - 1).pooled();
    }

    /**
     * @param l conv layer 1..L.
     * @return its description.
     */
    public Conv conv(final int l)
    {
        return convs.get(l - 1);
    }
}
