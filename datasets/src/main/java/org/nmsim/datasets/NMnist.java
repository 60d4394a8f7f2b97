package org.nmsim.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reader of N-MNIST sample files (Orchard, Jayawant, Cohen and Thakor, "Converting static image datasets to
 * spiking neuromorphic datasets using saccades", Frontiers in Neuroscience 2015): ATIS recordings of MNIST digits
 * on a 34 x 34 pixel window, one binary file per sample, in folders {@code Train/<digit>/*.bin} and
 * {@code Test/<digit>/*.bin}.
 *
 * <p>Each event is 40 bits, 5 bytes, no header, no padding:
 * <pre>
 *   byte 0           byte 1           byte 2              byte 3           byte 4
 *   7      ...     0 7      ...     0 7 6     ...     0   7      ...     0 7      ...     0
 *  +----------------+----------------+-+----------------+----------------+----------------+
 *  |   x (uint8)    |   y (uint8)    |p| t bits 22..16  |  t bits 15..8  |  t bits 7..0   |
 *  +----------------+----------------+-+----------------+----------------+----------------+
 *   x = byte0, y = byte1 (0-based pixel address)
 *   p = byte2 bit 7: 1 = ON (brightness increase), 0 = OFF
 *   t = ((byte2 &amp; 0x7F) &lt;&lt; 16) | (byte3 &lt;&lt; 8) | byte4, microseconds, 23 bits
 * </pre>
 * as read by Orchard's {@code Read_Ndataset.m}. The 23-bit timestamp wraps after 2^23 us = 8.39 s; N-MNIST samples
 * last about 0.3 s, so no wrap handling is done (the overflow marker events of later ATIS datasets are not
 * interpreted). A file whose length is not a multiple of 5 is truncated, and is an error.
 *
 * <p>Threading: stateless; safe to call from any thread.
 */
public final class NMnist
{
    /** Sensor window width and height. */
    public static final int SIZE = 34;
    /** Bytes per event. */
    public static final int EVENT_BYTES = 5;

    private NMnist()
    {
    }

    /**
     * Reads one sample file.
     *
     * @param file an N-MNIST {@code .bin} file (plain; gzip is also accepted, detected by its magic).
     * @return its events on a 34 x 34 sensor, in file order.
     * @throws DatasetFormatException when the file is missing, truncated, or holds an address outside the sensor.
     */
    public static EventStream read(final Path file) throws DatasetFormatException
    {
        return read(DataFiles.open(file), file.toString());
    }

    /**
     * Reads one sample from a stream; closes it.
     *
     * @param raw  the bytes of the file.
     * @param name the file name for messages.
     * @return its events on a 34 x 34 sensor, in file order.
     * @throws DatasetFormatException when the stream is truncated or holds an address outside the sensor.
     */
    public static EventStream read(final InputStream raw, final String name) throws DatasetFormatException
    {
        final byte[] bytes;
        try (DataFiles.Decoded in = DataFiles.decode(raw, name))
        {
            bytes = readAll(in, name);
        }
        catch (final DatasetFormatException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            throw new DatasetFormatException(name, "close failed: " + ex, ex);
        }
        if (bytes.length % EVENT_BYTES != 0)
        {
            throw new DatasetFormatException(name, "truncated: length=" + bytes.length +
                " is not a multiple of 5 (N-MNIST rule: 40-bit events, 5 bytes each; " +
                bytes.length % EVENT_BYTES + " trailing bytes)");
        }
        final int n = bytes.length / EVENT_BYTES;
        final int[] x = new int[n];
        final int[] y = new int[n];
        final boolean[] p = new boolean[n];
        final long[] t = new long[n];
        for (int i = 0; i < n; i++)
        {
            final int o = i * EVENT_BYTES;
            x[i] = bytes[o] & 0xFF;
            y[i] = bytes[o + 1] & 0xFF;
            p[i] = (bytes[o + 2] & 0x80) != 0;
            t[i] = ((bytes[o + 2] & 0x7FL) << 16) | ((bytes[o + 3] & 0xFFL) << 8) | (bytes[o + 4] & 0xFFL);
            if (x[i] >= SIZE || y[i] >= SIZE)
            {
                throw new DatasetFormatException(name, "event " + i + " at byte offset " + o + ": x=" + x[i] +
                    " y=" + y[i] + " (N-MNIST rule: addresses lie in the 34 x 34 window)");
            }
        }
        return EventStream.of(name, SIZE, SIZE, x, y, p, t);
    }

    private static byte[] readAll(final DataFiles.Decoded in, final String name) throws DatasetFormatException
    {
        try
        {
            return in.stream().readAllBytes();
        }
        catch (final IOException ex)
        {
            throw DataFiles.streamFailure(in, name, ex);
        }
    }

    /**
     * One sample file and its label.
     *
     * @param file  the {@code .bin} file.
     * @param label the digit, from the name of the folder holding the file.
     */
    public record Sample(Path file, int label)
    {
    }

    /**
     * Lists the samples of a split folder ({@code Train} or {@code Test}) in a canonical order: by label, then by
     * file name.
     *
     * @param splitDir a folder holding {@code 0} .. {@code 9} sub-folders of {@code .bin} files.
     * @return the samples.
     * @throws DatasetFormatException when the folder or a digit sub-folder is missing.
     */
    public static List<Sample> samples(final Path splitDir) throws DatasetFormatException
    {
        if (!Files.isDirectory(splitDir))
        {
            throw new DatasetFormatException(splitDir.toString(),
                "folder does not exist (N-MNIST rule: a split folder holds 0..9 sub-folders)");
        }
        final List<Sample> samples = new ArrayList<>();
        for (int digit = 0; digit <= 9; digit++)
        {
            final Path sub = splitDir.resolve(Integer.toString(digit));
            if (!Files.isDirectory(sub))
            {
                throw new DatasetFormatException(sub.toString(),
                    "folder does not exist (N-MNIST rule: a split folder holds 0..9 sub-folders)");
            }
            try (Stream<Path> files = Files.list(sub))
            {
                final int label = digit;
                files.filter(f -> f.getFileName().toString().endsWith(".bin")).sorted()
                    .forEach(f -> samples.add(new Sample(f, label)));
            }
            catch (final IOException ex)
            {
                throw new DatasetFormatException(sub.toString(), "cannot list: " + ex, ex);
            }
        }
        return samples;
    }
}
