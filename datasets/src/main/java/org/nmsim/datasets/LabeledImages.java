package org.nmsim.datasets;

import java.util.Arrays;

/**
 * A labelled set of greyscale images with unsigned-byte pixels (0..255), such as MNIST or Fashion-MNIST.
 *
 * <p>Immutable and thread safe: the pixels are held privately and handed out as copies or single values.
 */
public final class LabeledImages
{
    private final String source;
    private final int rows;
    private final int cols;
    private final byte[] pixels;
    private final int[] labels;
    private final int classes;
    private final int samplesInSource;

    LabeledImages(final String source, final int rows, final int cols, final byte[] pixels, final int[] labels,
        final int classes, final int samplesInSource)
    {
        this.source = source;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
        this.labels = labels;
        this.classes = classes;
        this.samplesInSource = samplesInSource;
    }

    /**
     * Builds a dataset from memory (for tests and synthetic data); copies the arrays.
     *
     * @param source  a description of where the data came from.
     * @param rows    image height.
     * @param cols    image width.
     * @param pixels  {@code labels.length * rows * cols} pixels, sample-major then row-major.
     * @param labels  one label per sample, in 0..classes-1.
     * @param classes the number of classes.
     * @return the dataset.
     */
    public static LabeledImages of(final String source, final int rows, final int cols, final byte[] pixels,
        final int[] labels, final int classes)
    {
        if (rows <= 0 || cols <= 0 || (long)rows * cols * labels.length != pixels.length)
        {
            throw new IllegalArgumentException("rows=" + rows + " cols=" + cols + " samples=" + labels.length +
                " pixels=" + pixels.length + " (rule: pixels = samples * rows * cols, rows and cols > 0)");
        }
        for (int i = 0; i < labels.length; i++)
        {
            if (labels[i] < 0 || labels[i] >= classes)
            {
                throw new IllegalArgumentException("labels[" + i + "]=" + labels[i] + " classes=" + classes +
                    " (rule: labels lie in 0..classes-1)");
            }
        }
        return new LabeledImages(source, rows, cols, pixels.clone(), labels.clone(), classes, labels.length);
    }

    /** @return where the samples came from (files or resource). */
    public String source()
    {
        return source;
    }

    /** @return the number of samples held. */
    public int count()
    {
        return labels.length;
    }

    /** @return the number of samples in the source files (at least {@link #count()}; more when a limit was used). */
    public int samplesInSource()
    {
        return samplesInSource;
    }

    /** @return image height in pixels. */
    public int rows()
    {
        return rows;
    }

    /** @return image width in pixels. */
    public int cols()
    {
        return cols;
    }

    /** @return {@code rows() * cols()}, the input neurons one image drives. */
    public int pixelsPerSample()
    {
        return rows * cols;
    }

    /** @return the number of classes; labels lie in 0..classes-1. */
    public int classes()
    {
        return classes;
    }

    /**
     * @param sample sample index.
     * @return its label.
     */
    public int label(final int sample)
    {
        return labels[sample];
    }

    /**
     * @param sample sample index.
     * @param pixel  pixel index, {@code row * cols + col}.
     * @return the pixel value 0..255.
     */
    public int pixel(final int sample, final int pixel)
    {
        if (pixel < 0 || pixel >= rows * cols)
        {
            throw new IndexOutOfBoundsException("pixel=" + pixel + " pixelsPerSample=" + rows * cols);
        }
        return pixels[sample * rows * cols + pixel] & 0xFF;
    }

    /**
     * @param sample sample index.
     * @return a copy of its pixels, row-major.
     */
    public byte[] pixels(final int sample)
    {
        final int n = rows * cols;
        checkSample(sample);
        return Arrays.copyOfRange(pixels, sample * n, sample * n + n);
    }

    /**
     * Writes the sample's pixels scaled to [0, 1] ({@code value / 255.0}), the input of the encoders.
     *
     * @param sample sample index.
     * @param dst    an array of at least {@link #pixelsPerSample()} elements.
     * @return {@code dst}.
     */
    public double[] intensities(final int sample, final double[] dst)
    {
        final int n = rows * cols;
        checkSample(sample);
        final int base = sample * n;
        for (int p = 0; p < n; p++)
        {
            dst[p] = (pixels[base + p] & 0xFF) / 255.0;
        }
        return dst;
    }

    private void checkSample(final int sample)
    {
        if (sample < 0 || sample >= labels.length)
        {
            throw new IndexOutOfBoundsException("sample=" + sample + " count=" + labels.length);
        }
    }

    @Override
    public String toString()
    {
        return "LabeledImages[source=" + source + ", count=" + count() + ", rows=" + rows + ", cols=" + cols +
            ", classes=" + classes + "]";
    }
}
