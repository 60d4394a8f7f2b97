package org.nmsim.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Reader of IDX files, the format of MNIST and Fashion-MNIST (LeCun et al., "THE MNIST DATABASE of handwritten
 * digits"), plain or gzip (detected by the gzip magic 0x1f 0x8b, not by the file name).
 *
 * <p>Layout, all integers big-endian:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+---------------+---------------+
 *  |          0x00 0x00            |     dtype     |     ndims     |  magic
 *  +-------------------------------+---------------+---------------+
 *  |                          dims[0] (items)                      |
 *  +---------------------------------------------------------------+
 *  |                          ... dims[ndims-1]                    |
 *  +---------------------------------------------------------------+
 *  |  data: dims[0] * ... * dims[ndims-1] elements, row-major     ...
 *  +---------------------------------------------------------------+
 * </pre>
 * dtype 0x08 is unsigned byte, the only type read here (0x09 s8, 0x0B s16, 0x0C s32, 0x0D f32, 0x0E f64 are
 * rejected). Labels files have magic 0x00000801 (one dimension), images files 0x00000803 (items, rows, cols).
 * The file must end exactly after the data: a short file and trailing bytes are both errors.
 *
 * <p>Threading: stateless; safe to call from any thread.
 */
public final class Idx
{
    /** dtype code of unsigned bytes. */
    public static final int DTYPE_UNSIGNED_BYTE = 0x08;
    /** Magic of a labels file: unsigned bytes, one dimension. */
    public static final int MAGIC_LABELS = 0x00000801;
    /** Magic of an images file: unsigned bytes, three dimensions. */
    public static final int MAGIC_IMAGES = 0x00000803;

    private Idx()
    {
    }

    /**
     * Loads an images file and its labels file.
     *
     * @param images an IDX file with magic 0x00000803 (items, rows, cols), plain or gzip.
     * @param labels an IDX file with magic 0x00000801 (items), plain or gzip, with as many items as {@code images}.
     * @param limit  when present, keep only the first {@code limit} samples (the whole files are still validated).
     * @return the samples; {@code classes()} is the largest label + 1.
     * @throws DatasetFormatException when a file is missing or violates the format, or the counts differ.
     */
    public static LabeledImages loadPair(final Path images, final Path labels, final OptionalInt limit)
        throws DatasetFormatException
    {
        final IdxBytes img = read(images, 3, limit);
        final IdxBytes lab = read(labels, 1, limit);
        return pair(img, lab, images + " + " + labels, 0);
    }

    /**
     * Combines an images array and a labels array into a dataset.
     *
     * @param classes the number of classes, or 0 to use the largest label + 1.
     */
    static LabeledImages pair(final IdxBytes img, final IdxBytes lab, final String source, final int classes)
        throws DatasetFormatException
    {
        if (img.itemsInFile() != lab.itemsInFile())
        {
            throw new DatasetFormatException(lab.name(), "items=" + lab.itemsInFile() + " but images file " +
                img.name() + " has items=" + img.itemsInFile() + " (rule: one label per image)");
        }
        final int[] labels = new int[lab.items()];
        int max = -1;
        for (int i = 0; i < labels.length; i++)
        {
            labels[i] = lab.data()[i] & 0xFF;
            max = Math.max(max, labels[i]);
        }
        final int k = classes > 0 ? classes : max + 1;
        if (max >= k)
        {
            throw new DatasetFormatException(lab.name(), "label=" + max + " but classes=" + k +
                " (rule: labels lie in 0..classes-1)");
        }
        return new LabeledImages(source, img.dims()[1], img.dims()[2], img.data(), labels, k, img.itemsInFile());
    }

    /**
     * Reads an unsigned-byte IDX file.
     *
     * @param file          the file, plain or gzip.
     * @param expectedNdims the number of dimensions the caller needs (1 for labels, 3 for images).
     * @param limit         when present, keep only the first {@code limit} items.
     * @return the header and the kept items.
     * @throws DatasetFormatException when the file is missing or violates the format.
     */
    public static IdxBytes read(final Path file, final int expectedNdims, final OptionalInt limit)
        throws DatasetFormatException
    {
        return read(DataFiles.open(file), file.toString(), expectedNdims, limit);
    }

    /**
     * Reads an unsigned-byte IDX stream; closes it.
     *
     * @param raw           the bytes of the file, plain or gzip.
     * @param name          the file name for messages.
     * @param expectedNdims the number of dimensions the caller needs (1 for labels, 3 for images).
     * @param limit         when present, keep only the first {@code limit} items.
     * @return the header and the kept items.
     * @throws DatasetFormatException when the stream violates the format.
     */
    public static IdxBytes read(final InputStream raw, final String name, final int expectedNdims,
        final OptionalInt limit) throws DatasetFormatException
    {
        if (limit.isPresent() && limit.getAsInt() < 0)
        {
            throw new IllegalArgumentException("limit=" + limit.getAsInt() + " must be >= 0");
        }
        try (DataFiles.Decoded in = DataFiles.decode(raw, name))
        {
            final byte[] magicBytes = new byte[4];
            final int got = DataFiles.readUpTo(in, magicBytes, 0, 4, name);
            if (got < 4)
            {
                throw new DatasetFormatException(name, "file holds " + got + " bytes, fewer than the 4-byte magic" +
                    " (IDX rule: magic = 0x0000 dtype ndims)");
            }
            final int magic = bigEndianInt(magicBytes, 0);
            final int expectedMagic = (DTYPE_UNSIGNED_BYTE << 8) | expectedNdims;
            final String role = expectedNdims == 1 ? "labels" : expectedNdims == 3 ? "images" : "data";
            final int dtype = magicBytes[2] & 0xFF;
            final int ndims = magicBytes[3] & 0xFF;
            if ((magic >>> 16) != 0 || dtype != DTYPE_UNSIGNED_BYTE || ndims != expectedNdims)
            {
                throw new DatasetFormatException(name, String.format(
                    "magic=0x%08X but expected 0x%08X for %s (IDX rule: magic = 0x0000 0x08 ndims; " +
                    "dtype=0x%02X ndims=%d)", magic, expectedMagic, role, dtype, ndims));
            }
            final byte[] dimBytes = new byte[4 * ndims];
            final int gotDims = DataFiles.readUpTo(in, dimBytes, 0, dimBytes.length, name);
            if (gotDims < dimBytes.length)
            {
                throw new DatasetFormatException(name, "truncated header: " + gotDims + " of " + dimBytes.length +
                    " dimension bytes (IDX rule: ndims=" + ndims + " big-endian int32 sizes follow the magic)");
            }
            final int[] dims = new int[ndims];
            long itemSize = 1;
            for (int d = 0; d < ndims; d++)
            {
                dims[d] = bigEndianInt(dimBytes, 4 * d);
                if (dims[d] < 0 || (d > 0 && dims[d] == 0))
                {
                    throw new DatasetFormatException(name, "dims[" + d + "]=" + Integer.toUnsignedString(dims[d]) +
                        " (IDX rule: sizes are positive int32; dims=" + Arrays.toString(dims) + ")");
                }
                if (d > 0)
                {
                    itemSize *= dims[d];
                }
            }
            final int items = limit.isPresent() ? Math.min(dims[0], limit.getAsInt()) : dims[0];
            final long keptBytes = items * itemSize;
            if (itemSize > Integer.MAX_VALUE || keptBytes > Integer.MAX_VALUE - 8)
            {
                throw new DatasetFormatException(name, "items=" + items + " of itemBytes=" + itemSize +
                    " exceed one Java array (rule: loaded data < 2^31 bytes; use a limit)");
            }
            final long expectedBytes = dims[0] * itemSize;
            final byte[] data = new byte[(int)keptBytes];
            final int read = DataFiles.readUpTo(in, data, 0, data.length, name);
            final long rest = read < data.length ? 0 : DataFiles.drain(in, expectedBytes - keptBytes, name);
            if (read + rest < expectedBytes)
            {
                throw new DatasetFormatException(name, "truncated data: " + (read + rest) + " of " + expectedBytes +
                    " bytes (IDX rule: data length = prod(dims) = prod" + Arrays.toString(dims) + ")");
            }
            if (DataFiles.hasMore(in, name))
            {
                throw new DatasetFormatException(name, "trailing bytes after " + expectedBytes +
                    " data bytes (IDX rule: data length = prod(dims) = prod" + Arrays.toString(dims) + ")");
            }
            return new IdxBytes(name, dims, items, data);
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

    private static int bigEndianInt(final byte[] b, final int offset)
    {
        return ((b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16) | ((b[offset + 2] & 0xFF) << 8) |
            (b[offset + 3] & 0xFF);
    }

    /**
     * The contents of an unsigned-byte IDX file.
     *
     * <p>Immutable: accessors return copies.
     */
    public static final class IdxBytes
    {
        private final String name;
        private final int[] dims;
        private final int items;
        private final byte[] data;

        IdxBytes(final String name, final int[] dims, final int items, final byte[] data)
        {
            this.name = name;
            this.dims = dims;
            this.items = items;
            this.data = data;
        }

        /** @return the file name. */
        public String name()
        {
            return name;
        }

        /** @return the dimensions in the header (dims[0] = items in the file). */
        public int[] dims()
        {
            return dims.clone();
        }

        /** @return the number of items in the file. */
        public int itemsInFile()
        {
            return dims[0];
        }

        /** @return the number of items kept (at most the limit). */
        public int items()
        {
            return items;
        }

        /** @return a copy of the kept items' bytes, row-major. */
        public byte[] bytes()
        {
            return data.clone();
        }

        byte[] data()
        {
            return data;
        }
    }
}
