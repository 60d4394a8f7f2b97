package org.nmsim.chip.memory;

/**
 * A sparse weight matrix in compressed-row form: {@code rowStart[r] .. rowStart[r+1]} index the synapses of row
 * {@code r} in {@code colIndex} and {@code weights}. Its memory cost is {@link SynapticFormats#csrBits} (the real
 * widths of indices and pointers, not the Java array widths used here).
 *
 * <p>Threading: NOT thread safe; owned by the worker that owns the core. Immutable once built.
 */
public final class CsrSynapses implements SynapticMatrix
{
    private final int rows;
    private final int cols;
    private final SynapseEncoding encoding;
    private final int[] rowStart;
    private final int[] colIndex;
    private final short[] weights;
    private final boolean unsigned16;

    private CsrSynapses(final int rows, final int cols, final SynapseEncoding encoding, final int[] rowStart,
        final int[] colIndex, final short[] weights)
    {
        this.rows = rows;
        this.cols = cols;
        this.encoding = encoding;
        this.rowStart = rowStart;
        this.colIndex = colIndex;
        this.weights = weights;
        this.unsigned16 = !encoding.weight().signed() && encoding.weight().bits() == 16;
    }

    /**
     * Builds a CSR matrix from the non-zero cells of a dense {@code int[rows][cols]} array (zeros are not stored).
     *
     * @param coreId   the core, for error messages.
     * @param owner    the owner label.
     * @param dense    weights, {@code dense[row][col]}, rectangular.
     * @param encoding the synapse encoding; every weight is range-checked against it.
     * @return the matrix.
     */
    public static CsrSynapses fromDense(final int coreId, final String owner, final int[][] dense,
        final SynapseEncoding encoding)
    {
        final int rows = dense.length;
        final int cols = rows == 0 ? 0 : dense[0].length;
        if (rows < 1 || cols < 1)
        {
            throw new IllegalArgumentException("core " + coreId + ", " + owner + ": rows=" + rows + " cols=" + cols
                + " must be >= 1");
        }
        int nnz = 0;
        for (int r = 0; r < rows; r++)
        {
            if (dense[r].length != cols)
            {
                throw new IllegalArgumentException("core " + coreId + ", " + owner + ": row " + r + " has length="
                    + dense[r].length + " but cols=" + cols);
            }
            for (int c = 0; c < cols; c++)
            {
                if (dense[r][c] != 0)
                {
                    encoding.weight().check(dense[r][c], coreId, owner);
                    nnz++;
                }
            }
        }
        final int[] start = new int[rows + 1];
        final int[] idx = new int[nnz];
        final short[] w = new short[nnz];
        int k = 0;
        for (int r = 0; r < rows; r++)
        {
            start[r] = k;
            for (int c = 0; c < cols; c++)
            {
                if (dense[r][c] != 0)
                {
                    idx[k] = c;
                    w[k] = (short)dense[r][c];
                    k++;
                }
            }
        }
        start[rows] = k;
        return new CsrSynapses(rows, cols, encoding, start, idx, w);
    }

    @Override
    public int fanOut(final int row, final int[] accumulator)
    {
        final int from = rowStart[row];
        final int to = rowStart[row + 1];
        final int[] idx = colIndex;
        final short[] w = weights;
        if (unsigned16)
        {
            for (int k = from; k < to; k++)
            {
                accumulator[idx[k]] += w[k] & 0xFFFF;
            }
        }
        else
        {
            for (int k = from; k < to; k++)
            {
                accumulator[idx[k]] += w[k];
            }
        }
        return to - from;
    }

    @Override
    public int fanOut(final int row, final int payload, final int[] accumulator)
    {
        final int from = rowStart[row];
        final int to = rowStart[row + 1];
        final int[] idx = colIndex;
        final short[] w = weights;
        final int mask = unsigned16 ? 0xFFFF : 0xFFFF_FFFF;
        for (int k = from; k < to; k++)
        {
            accumulator[idx[k]] += payload * (w[k] & mask);
        }
        return to - from;
    }

    @Override
    public int weight(final int row, final int col)
    {
        if (row < 0 || row >= rows || col < 0 || col >= cols)
        {
            throw new IndexOutOfBoundsException("synapse (row=" + row + ", col=" + col + ") outside rows=" + rows
                + " cols=" + cols);
        }
        for (int k = rowStart[row]; k < rowStart[row + 1]; k++)
        {
            if (colIndex[k] == col)
            {
                return unsigned16 ? weights[k] & 0xFFFF : weights[k];
            }
        }
        return 0;
    }

    /**
     * @param row presynaptic axon.
     * @return synapses stored in the row (its fan-out).
     */
    public int rowLength(final int row)
    {
        return rowStart[row + 1] - rowStart[row];
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
        return colIndex.length;
    }

    @Override
    public SynapseEncoding encoding()
    {
        return encoding;
    }

    @Override
    public long storageBits()
    {
        return SynapticFormats.csrBits(rows, cols, colIndex.length, encoding);
    }
}
