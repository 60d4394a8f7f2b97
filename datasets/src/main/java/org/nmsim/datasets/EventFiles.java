package org.nmsim.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Generic event-stream files for DVS data that has no loader of its own: CSV text, or the binary layout below.
 * Both may be gzip (detected by the gzip magic). Bin the result into frames with {@link EventBinningEncoder}.
 *
 * <p>CSV: one event per line, {@code x,y,polarity,t_us}; polarity {@code 1} is ON and {@code 0} or {@code -1}
 * OFF; blank lines and lines starting with {@code #} are skipped, and so is a first line that does not start with
 * a digit or sign (a header such as {@code x,y,p,t}). The sensor size is given by the caller.
 *
 * <p>Binary (little-endian), a 16-byte header then 13-byte records:
 * <pre>
 *   offset  size  field
 *   0       4     magic "NMEV" (0x4E 0x4D 0x45 0x56)
 *   4       2     version = 1 (uint16)
 *   6       2     width (uint16, 1..32767)
 *   8       2     height (uint16, 1..32767)
 *   10      2     reserved = 0
 *   12      4     count of events (uint32, below 2^31)
 *   16 + 13 i     event i: x (uint16), y (uint16), polarity (uint8: 1 ON, 0 OFF), t_us (int64, >= 0)
 * </pre>
 * The file ends exactly after {@code count} records.
 *
 * <p>Threading: stateless; safe to call from any thread.
 */
public final class EventFiles
{
    /** Magic of the binary layout, "NMEV" read as a big-endian int. */
    public static final int MAGIC = 0x4E4D4556;
    /** Version of the binary layout. */
    public static final int VERSION = 1;
    /** Header bytes of the binary layout. */
    public static final int HEADER_BYTES = 16;
    /** Bytes per event record of the binary layout. */
    public static final int RECORD_BYTES = 13;

    private EventFiles()
    {
    }

    /**
     * Reads a CSV event file.
     *
     * @param file   the file, plain or gzip.
     * @param width  sensor width.
     * @param height sensor height.
     * @return the events in file order.
     * @throws DatasetFormatException when the file is missing or a line is malformed or out of range; the message
     *                                names the line.
     */
    public static EventStream readCsv(final Path file, final int width, final int height)
        throws DatasetFormatException
    {
        final String name = file.toString();
        final Growing ev = new Growing();
        try (DataFiles.Decoded in = DataFiles.decode(DataFiles.open(file), name);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in.stream(), StandardCharsets.UTF_8)))
        {
            String line;
            int lineNo = 0;
            while ((line = readLine(reader, in, name)) != null)
            {
                lineNo++;
                final String s = line.strip();
                if (s.isEmpty() || s.startsWith("#"))
                {
                    continue;
                }
                final char c0 = s.charAt(0);
                if (lineNo == 1 && !(Character.isDigit(c0) || c0 == '-' || c0 == '+'))
                {
                    continue;
                }
                final String[] f = s.split(",", -1);
                if (f.length != 4)
                {
                    throw new DatasetFormatException(name + ":" + lineNo, "fields=" + f.length + " in \"" + s +
                        "\" (CSV rule: x,y,polarity,t_us)");
                }
                final int x;
                final int y;
                final int p;
                final long t;
                try
                {
                    x = Integer.parseInt(f[0].strip());
                    y = Integer.parseInt(f[1].strip());
                    p = Integer.parseInt(f[2].strip());
                    t = Long.parseLong(f[3].strip());
                }
                catch (final NumberFormatException ex)
                {
                    throw new DatasetFormatException(name + ":" + lineNo, "not an integer: " + ex.getMessage() +
                        " in \"" + s + "\" (CSV rule: x,y,polarity,t_us are integers)", ex);
                }
                if (p != 1 && p != 0 && p != -1)
                {
                    throw new DatasetFormatException(name + ":" + lineNo, "polarity=" + p +
                        " (CSV rule: polarity is 1 for ON, 0 or -1 for OFF)");
                }
                final String problem = EventStream.check(width, height, x, y, t);
                if (problem != null)
                {
                    throw new DatasetFormatException(name + ":" + lineNo, problem);
                }
                ev.add(x, y, p == 1, t);
            }
        }
        catch (final DatasetFormatException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            throw new DatasetFormatException(name, "close failed: " + ex, ex);
        }
        return ev.build(name, width, height);
    }

    private static String readLine(final BufferedReader reader, final DataFiles.Decoded in, final String name)
        throws DatasetFormatException
    {
        try
        {
            return reader.readLine();
        }
        catch (final IOException ex)
        {
            throw DataFiles.streamFailure(in, name, ex);
        }
    }

    /**
     * Reads a binary event file.
     *
     * @param file the file, plain or gzip.
     * @return the events in file order, on the sensor size of the header.
     * @throws DatasetFormatException when the file is missing or violates the layout.
     */
    public static EventStream readBinary(final Path file) throws DatasetFormatException
    {
        return readBinary(DataFiles.open(file), file.toString());
    }

    /**
     * Reads a binary event stream; closes it.
     *
     * @param raw  the bytes of the file, plain or gzip.
     * @param name the file name for messages.
     * @return the events in file order, on the sensor size of the header.
     * @throws DatasetFormatException when the stream violates the layout.
     */
    public static EventStream readBinary(final InputStream raw, final String name) throws DatasetFormatException
    {
        try (DataFiles.Decoded in = DataFiles.decode(raw, name))
        {
            final byte[] header = new byte[HEADER_BYTES];
            final int got = DataFiles.readUpTo(in, header, 0, HEADER_BYTES, name);
            if (got < HEADER_BYTES)
            {
                throw new DatasetFormatException(name, "truncated header: " + got + " of " + HEADER_BYTES +
                    " bytes (NMEV rule: 16-byte header)");
            }
            final ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            final int magic = Integer.reverseBytes(h.getInt(0));
            if (magic != MAGIC)
            {
                throw new DatasetFormatException(name, String.format("magic=0x%08X but expected 0x%08X " +
                    "(NMEV rule: file starts with \"NMEV\")", magic, MAGIC));
            }
            final int version = h.getShort(4) & 0xFFFF;
            final int width = h.getShort(6) & 0xFFFF;
            final int height = h.getShort(8) & 0xFFFF;
            final long count = h.getInt(12) & 0xFFFFFFFFL;
            if (version != VERSION)
            {
                throw new DatasetFormatException(name, "version=" + version + " (NMEV rule: version = 1)");
            }
            if (width == 0 || height == 0 || width > Short.MAX_VALUE || height > Short.MAX_VALUE ||
                count > Integer.MAX_VALUE / RECORD_BYTES)
            {
                throw new DatasetFormatException(name, "width=" + width + " height=" + height + " count=" + count +
                    " (NMEV rule: width, height in 1..32767, count * 13 < 2^31)");
            }
            final byte[] body = new byte[(int)count * RECORD_BYTES];
            final int read = DataFiles.readUpTo(in, body, 0, body.length, name);
            if (read < body.length)
            {
                throw new DatasetFormatException(name, "truncated data: " + read + " of " + body.length +
                    " bytes (NMEV rule: count=" + count + " records of 13 bytes follow the header)");
            }
            if (DataFiles.hasMore(in, name))
            {
                throw new DatasetFormatException(name, "trailing bytes after count=" + count +
                    " records (NMEV rule: the file ends after the last record)");
            }
            final ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
            final int n = (int)count;
            final int[] x = new int[n];
            final int[] y = new int[n];
            final boolean[] p = new boolean[n];
            final long[] t = new long[n];
            for (int i = 0; i < n; i++)
            {
                final int o = i * RECORD_BYTES;
                x[i] = b.getShort(o) & 0xFFFF;
                y[i] = b.getShort(o + 2) & 0xFFFF;
                final int pol = b.get(o + 4) & 0xFF;
                t[i] = b.getLong(o + 5);
                String problem = pol > 1 ? "polarity=" + pol + " (NMEV rule: polarity is 0 or 1)" : null;
                problem = problem != null ? problem : EventStream.check(width, height, x[i], y[i], t[i]);
                if (problem != null)
                {
                    throw new DatasetFormatException(name, "event " + i + " at byte offset " +
                        (HEADER_BYTES + o) + ": " + problem);
                }
                p[i] = pol == 1;
            }
            return EventStream.of(name, width, height, x, y, p, t);
        }
        catch (final DatasetFormatException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            throw new DatasetFormatException(name, "close failed: " + ex, ex);
        }
    }

    /**
     * Writes events in the binary layout (plain, not gzip).
     *
     * @param events the events.
     * @param file   the file to create or replace.
     * @throws IOException when writing fails.
     */
    public static void writeBinary(final EventStream events, final Path file) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + events.count() * RECORD_BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(Integer.reverseBytes(MAGIC)).putShort((short)VERSION).putShort((short)events.width())
            .putShort((short)events.height()).putShort((short)0).putInt(events.count());
        for (int i = 0; i < events.count(); i++)
        {
            b.putShort((short)events.x(i)).putShort((short)events.y(i)).put((byte)(events.polarity(i) ? 1 : 0))
                .putLong(events.timeUs(i));
        }
        try (OutputStream out = Files.newOutputStream(file))
        {
            out.write(b.array());
        }
    }

    /** A growable event list used while parsing. NOT thread safe. */
    private static final class Growing
    {
        private int[] x = new int[1024];
        private int[] y = new int[1024];
        private boolean[] p = new boolean[1024];
        private long[] t = new long[1024];
        private int n;

        void add(final int xi, final int yi, final boolean pi, final long ti)
        {
            if (n == x.length)
            {
                final int cap = 2 * n;
                x = Arrays.copyOf(x, cap);
                y = Arrays.copyOf(y, cap);
                p = Arrays.copyOf(p, cap);
                t = Arrays.copyOf(t, cap);
            }
            x[n] = xi;
            y[n] = yi;
            p[n] = pi;
            t[n] = ti;
            n++;
        }

        EventStream build(final String name, final int width, final int height)
        {
            return EventStream.of(name, width, height, Arrays.copyOf(x, n), Arrays.copyOf(y, n),
                Arrays.copyOf(p, n), Arrays.copyOf(t, n));
        }
    }
}
