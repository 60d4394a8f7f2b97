package org.nmsim.chip.memory;

/**
 * A dense weight matrix, row-major, one {@code short} per synapse holding a weight of the declared
 * {@link WeightFormat} (unsigned 16-bit weights are stored as their low 16 bits and read back with a mask).
 * Its memory cost is {@link SynapticFormats#denseBits}. Delays and tags are charged in the cost but not stored here.
 *
 * <p>Threading: NOT thread safe; owned by the worker that owns the core.
 */
public final class DenseSynapses implements SynapticMatrix
{
    private final int coreId;
    private final String owner;
    private final int rows;
    private final int cols;
    private final SynapseEncoding encoding;
    private final boolean unsigned16;
    private final short[] weights;

    /**
     * @param coreId   the core, for error messages.
     * @param owner    the owner label, e.g. {@code "projection fc1"}.
     * @param rows     presynaptic axons.
     * @param cols     postsynaptic compartments.
     * @param encoding the synapse encoding.
     */
    public DenseSynapses(final int coreId, final String owner, final int rows, final int cols,
        final SynapseEncoding encoding)
    {
        if (rows < 1 || cols < 1)
        {
            throw new IllegalArgumentException("core " + coreId + ", " + owner + ": rows=" + rows + " cols=" + cols
                + " must be >= 1");
        }
        this.coreId = coreId;
        this.owner = owner;
        this.rows = rows;
        this.cols = cols;
        this.encoding = encoding;
        this.unsigned16 = !encoding.weight().signed() && encoding.weight().bits() == 16;
        this.weights = new short[Math.multiplyExact(rows, cols)];
    }

    /**
     * @param row    presynaptic axon.
     * @param col    postsynaptic compartment.
     * @param weight the weight; must fit the weight format.
     * @throws IllegalArgumentException if the weight is out of range (names weight, format, core and owner).
     */
    public void set(final int row, final int col, final int weight)
    {
        checkIndex(row, col);
        weights[row * cols + col] = (short)encoding.weight().check(weight, coreId, owner);
    }

    @Override
    public int weight(final int row, final int col)
    {
        checkIndex(row, col);
        final int w = weights[row * cols + col];
        return unsigned16 ? w & 0xFFFF : w;
    }

    @Override
    public int fanOut(final int row, final int[] accumulator)
    {
        final short[] w = weights;
        final int base = row * cols;
        final int n = cols;
        if (unsigned16)
        {
            for (int j = 0; j < n; j++)
            {
                accumulator[j] += w[base + j] & 0xFFFF;
            }
        }
        else
        {
            for (int j = 0; j < n; j++)
            {
                accumulator[j] += w[base + j];
            }
        }
        return n;
    }

    @Override
    public int fanOut(final int row, final int payload, final int[] accumulator)
    {
        final short[] w = weights;
        final int base = row * cols;
        final int n = cols;
        final int mask = unsigned16 ? 0xFFFF : 0xFFFF_FFFF;
        for (int j = 0; j < n; j++)
        {
            accumulator[j] += payload * (w[base + j] & mask);
        }
        return n;
    }

    @Override
    public int rows()
    {
        return rows;
    }

    @Override
    public int cols()
    {
        return cols;
    }

    @Override
    public long storedSynapses()
    {
        return (long)rows * cols;
    }

    @Override
    public SynapseEncoding encoding()
    {
        return encoding;
    }

    @Override
    public long storageBits()
    {
        return SynapticFormats.denseBits(rows, cols, encoding);
    }

    private void checkIndex(final int row, final int col)
    {
        if (row < 0 || row >= rows || col < 0 || col >= cols)
        {
            throw new IndexOutOfBoundsException("core " + coreId + ", " + owner + ": synapse (row=" + row + ", col="
                + col + ") outside rows=" + rows + " cols=" + cols);
        }
    }
}
