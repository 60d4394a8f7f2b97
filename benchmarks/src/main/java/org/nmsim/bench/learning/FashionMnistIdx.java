package org.nmsim.bench.learning;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The first {@code count} Fashion-MNIST training images (pixel / 255, as MODEL.md and reference/train_fmnist.py
 * present them) and labels, read from gzipped IDX files. Kept here rather than taken from the datasets module,
 * which the benchmarks module does not depend on.
 *
 * @param x      images, each of length 784, values in [0, 1].
 * @param labels class indices.
 */
record FashionMnistIdx(double[][] x, int[] labels)
{
    /** The Debian package's full set. */
    static final Path FULL = Path.of("/usr/share/datasets/fashion-mnist");

    /**
     * @param dir   directory with train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz.
     * @param count images wanted; fails if the file has fewer.
     * @return the images and labels.
     * @throws IOException on a missing or malformed file.
     */
    static FashionMnistIdx load(final Path dir, final int count) throws IOException
    {
        final double[][] x = new double[count][784];
        final int[] y = new int[count];
        try (DataInputStream in = open(dir.resolve("train-images-idx3-ubyte.gz"), 0x803, count))
        {
            in.readInt();
            in.readInt();
            final byte[] img = new byte[784];
            for (int i = 0; i < count; i++)
            {
                in.readFully(img);
                for (int p = 0; p < 784; p++)
                {
                    x[i][p] = (img[p] & 0xFF) / 255.0;
                }
            }
        }
        try (DataInputStream in = open(dir.resolve("train-labels-idx1-ubyte.gz"), 0x801, count))
        {
            for (int i = 0; i < count; i++)
            {
                y[i] = in.readUnsignedByte();
            }
        }
        return new FashionMnistIdx(x, y);
    }

    private static DataInputStream open(final Path file, final int magic, final int count) throws IOException
    {
        final InputStream raw = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        final DataInputStream in = new DataInputStream(raw);
        final int m = in.readInt();
        final int n = in.readInt();
        if (m != magic || n < count)
        {
            in.close();
            throw new IOException(file + ": magic=" + Integer.toHexString(m) + " (want " + Integer.toHexString(magic) +
                "), items=" + n + " (want >= count=" + count + ")");
        }
        return in;
    }
}
