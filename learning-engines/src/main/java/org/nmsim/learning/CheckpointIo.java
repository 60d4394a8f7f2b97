package org.nmsim.learning;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.nmsim.kernel.Simulation;

/**
 * The stream layout shared by every on-chip learner's checkpoint: a header (magic number and identity string),
 * the kernel's state, and length-prefixed arrays of raw IEEE-754 bits. Stateless; safe from any thread.
 *
 * <pre>
 *   header        : long magic, UTF identity
 *   kernel state  : long step, double time, long injected, int cores,
 *                   cores x (long random, long sequence, long[] counters)
 *   long[]        : int length, length x long
 *   double[]      : int length, length x long (Double.doubleToRawLongBits)
 * </pre>
 */
public final class CheckpointIo
{
    private CheckpointIo()
    {
    }

    /**
     * Writes the header: the magic number, then the identity a reader must match.
     *
     * @param out the stream.
     * @param magic the learner's magic number.
     * @param identity what a checkpoint must match (sizes, parameters, chip, formats, cores).
     * @throws IOException on write failure.
     */
    public static void writeHeader(final DataOutput out, final long magic, final String identity) throws IOException
    {
        out.writeLong(magic);
        out.writeUTF(identity);
    }

    /**
     * Reads and checks the header written by {@link #writeHeader}.
     *
     * @param in the stream.
     * @param magic the learner's magic number.
     * @param identity this learner's identity.
     * @param badMagic the message when the magic number does not match.
     * @throws IOException on read failure, a wrong magic number or an identity of another description.
     */
    public static void readHeader(final DataInput in, final long magic, final String identity, final String badMagic)
        throws IOException
    {
        if (in.readLong() != magic)
        {
            throw new IOException(badMagic);
        }
        final String id = in.readUTF();
        if (!id.equals(identity))
        {
            throw new IOException("checkpoint of '" + id + "' cannot be restored into '" + identity + "'");
        }
    }

    /**
     * Writes the kernel's state: step, time, injected count, and per core its random stream, sequence and counters.
     *
     * @param out the stream.
     * @param k the state, from {@link Simulation#saveState()}.
     * @throws IOException on write failure.
     */
    public static void writeKernelState(final DataOutput out, final Simulation.KernelState k) throws IOException
    {
        out.writeLong(k.step());
        out.writeDouble(k.time());
        out.writeLong(k.injected());
        out.writeInt(k.random().length);
        for (int c = 0; c < k.random().length; c++)
        {
            out.writeLong(k.random()[c]);
            out.writeLong(k.sequences()[c]);
            writeLongs(out, k.counters()[c]);
        }
    }

    /**
     * @param in the stream.
     * @return the kernel state written by {@link #writeKernelState}, for {@link Simulation#restoreState}.
     * @throws IOException on read failure.
     */
    public static Simulation.KernelState readKernelState(final DataInput in) throws IOException
    {
        final long step = in.readLong();
        final double time = in.readDouble();
        final long injected = in.readLong();
        final int n = in.readInt();
        final long[] random = new long[n];
        final long[] seqs = new long[n];
        final long[][] counters = new long[n][];
        for (int c = 0; c < n; c++)
        {
            random[c] = in.readLong();
            seqs[c] = in.readLong();
            counters[c] = readLongs(in);
        }
        return new Simulation.KernelState(step, time, injected, random, seqs, counters);
    }

    /**
     * Writes a length-prefixed array of doubles as their raw bits.
     *
     * @param out the stream.
     * @param a the values.
     * @throws IOException on write failure.
     */
    public static void writeDoubles(final DataOutput out, final double[] a) throws IOException
    {
        out.writeInt(a.length);
        for (final double x : a)
        {
            out.writeLong(Double.doubleToRawLongBits(x));
        }
    }

    /**
     * Writes a matrix held one array per row as {@link #writeDoubles} writes the same values in one array, row after
     * row (the same bytes).
     *
     * @param out the stream.
     * @param rows the rows.
     * @throws IOException on write failure.
     */
    public static void writeRows(final DataOutput out, final double[][] rows) throws IOException
    {
        out.writeInt(Math.toIntExact(values(rows)));
        for (final double[] row : rows)
        {
            for (final double x : row)
            {
                out.writeLong(Double.doubleToRawLongBits(x));
            }
        }
    }

    /**
     * Reads what {@link #writeRows} (or {@link #writeDoubles} of the same values) wrote into a matrix held one array
     * per row.
     *
     * @param in the stream.
     * @param into the rows to fill.
     * @param what what is read, for the error message.
     * @throws IOException on a read failure or a length that does not match.
     */
    public static void readRows(final DataInput in, final double[][] into, final String what) throws IOException
    {
        final long n = values(into);
        final int len = in.readInt();
        if (len != n)
        {
            throw new IOException("checkpoint: " + what + " has " + len + " values; this chip holds " + n);
        }
        for (final double[] row : into)
        {
            for (int j = 0; j < row.length; j++)
            {
                row[j] = Double.longBitsToDouble(in.readLong());
            }
        }
    }

    private static long values(final double[][] rows)
    {
        long n = 0;
        for (final double[] row : rows)
        {
            n += row.length;
        }
        return n;
    }

    /**
     * Writes a length-prefixed array of longs.
     *
     * @param out the stream.
     * @param a the values.
     * @throws IOException on write failure.
     */
    public static void writeLongs(final DataOutput out, final long[] a) throws IOException
    {
        out.writeInt(a.length);
        for (final long x : a)
        {
            out.writeLong(x);
        }
    }

    /**
     * @param in the stream.
     * @return a length-prefixed array of longs written by {@link #writeLongs}.
     * @throws IOException on read failure.
     */
    public static long[] readLongs(final DataInput in) throws IOException
    {
        final long[] a = new long[in.readInt()];
        for (int i = 0; i < a.length; i++)
        {
            a[i] = in.readLong();
        }
        return a;
    }

    /**
     * Reads a length-prefixed array written by {@link #writeDoubles} into an array of the same length.
     *
     * @param in the stream.
     * @param into the destination; its length must equal the stored length.
     * @param what the array's name for the error message.
     * @throws IOException on read failure, or when the stored length differs from {@code into.length}.
     */
    public static void readDoubles(final DataInput in, final double[] into, final String what) throws IOException
    {
        final int len = in.readInt();
        if (len != into.length)
        {
            throw new IOException("checkpoint: " + what + " has " + len + " values; this chip holds " + into.length);
        }
        for (int i = 0; i < len; i++)
        {
            into[i] = Double.longBitsToDouble(in.readLong());
        }
    }
}
