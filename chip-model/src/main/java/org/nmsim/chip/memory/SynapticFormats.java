package org.nmsim.chip.memory;

/**
 * The real bit cost of synaptic storage formats, for feasibility and memory budgets.
 *
 * <ul>
 *   <li><b>Dense</b>: {@code rows * cols * (weightBits + delayBits + tagBits)}; positions are implicit.</li>
 *   <li><b>CSR</b> (compressed sparse rows): {@code nnz * (weightBits + delayBits + tagBits + indexBits)
 *   + (rows + 1) * pointerBits}, with {@code indexBits = ceil(log2(cols))} (0 for one column) and, unless given,
 *   {@code pointerBits = ceil(log2(nnz + 1))} (a pointer must reach {@code nnz}).</li>
 *   <li><b>Word-packed rows</b>, an <b>approximation</b> of Loihi's synaptic memory, which HARDWARE.md describes
 *   only as "128 KB (N_syn x 64 bit)": every axon list (row) starts on a 64-bit word boundary, and each word
 *   holds {@code floor(64 / (valueBits + indexBits))} synapses, none straddling a word. Row headers and the
 *   axon-map/dendrite-accumulator memories are not counted.</li>
 * </ul>
 *
 * <p>Threading: stateless, thread safe.
 */
public final class SynapticFormats
{
    /** Word width of Loihi's synaptic memory (HARDWARE.md, Loihi: "N_syn x 64 bit"). */
    public static final int LOIHI_WORD_BITS = 64;

    private SynapticFormats()
    {
    }

    /**
     * @param n a count, {@code >= 1}.
     * @return {@code ceil(log2(n))}: bits to index {@code n} items (0 for {@code n = 1}).
     */
    public static int ceilLog2(final long n)
    {
        if (n < 1)
        {
            throw new IllegalArgumentException("n=" + n + " must be >= 1 to size an index");
        }
        return 64 - Long.numberOfLeadingZeros(n - 1);
    }

    /**
     * @param rows presynaptic axons.
     * @param cols postsynaptic compartments.
     * @param enc  the synapse encoding.
     * @return bits of a dense matrix.
     */
    public static long denseBits(final long rows, final long cols, final SynapseEncoding enc)
    {
        checkShape(rows, cols);
        return Math.multiplyExact(Math.multiplyExact(rows, cols), enc.valueBits());
    }

    /**
     * @param cols postsynaptic compartments.
     * @return bits of one column index.
     */
    public static int indexBits(final long cols)
    {
        return ceilLog2(cols);
    }

    /**
     * CSR cost with the default pointer width {@code ceil(log2(nnz + 1))}.
     *
     * @param rows presynaptic axons.
     * @param cols postsynaptic compartments.
     * @param nnz  stored synapses.
     * @param enc  the synapse encoding.
     * @return bits of the CSR matrix.
     */
    public static long csrBits(final long rows, final long cols, final long nnz, final SynapseEncoding enc)
    {
        return csrBits(rows, cols, nnz, enc, ceilLog2(nnz + 1));
    }

    /**
     * @param rows        presynaptic axons.
     * @param cols        postsynaptic compartments.
     * @param nnz         stored synapses, in {@code [0, rows * cols]}.
     * @param enc         the synapse encoding.
     * @param pointerBits bits of a row pointer.
     * @return bits of the CSR matrix.
     */
    public static long csrBits(final long rows, final long cols, final long nnz, final SynapseEncoding enc,
        final int pointerBits)
    {
        checkShape(rows, cols);
        if (nnz < 0 || nnz > rows * cols)
        {
            throw new IllegalArgumentException("nnz=" + nnz + " must lie in [0, rows*cols=" + rows * cols + "]");
        }
        if (pointerBits < 0)
        {
            throw new IllegalArgumentException("pointerBits=" + pointerBits + " must be >= 0");
        }
        return Math.addExact(Math.multiplyExact(nnz, (long)enc.valueBits() + indexBits(cols)),
            Math.multiplyExact(rows + 1, (long)pointerBits));
    }

    /**
     * Word-packed row cost (the Loihi approximation described in the class comment).
     *
     * @param rowLengths synapses in each row.
     * @param cols       postsynaptic compartments (sizes the index field).
     * @param enc        the synapse encoding.
     * @param wordBits   the memory word width, e.g. {@link #LOIHI_WORD_BITS}.
     * @return bits of whole words used.
     * @throws IllegalArgumentException if one synapse does not fit in a word.
     */
    public static long wordPackedBits(final int[] rowLengths, final long cols, final SynapseEncoding enc,
        final int wordBits)
    {
        final int perSynapse = enc.valueBits() + indexBits(cols);
        if (perSynapse > wordBits)
        {
            throw new IllegalArgumentException("synapse of " + perSynapse + " bits (value " + enc.valueBits()
                + " + index " + indexBits(cols) + ") exceeds wordBits=" + wordBits);
        }
        final int perWord = wordBits / perSynapse;
        long words = 0;
        for (final int len : rowLengths)
        {
            if (len < 0)
            {
                throw new IllegalArgumentException("row length=" + len + " must be >= 0");
            }
            words += (len + perWord - 1) / perWord;
        }
        return Math.multiplyExact(words, (long)wordBits);
    }

    private static void checkShape(final long rows, final long cols)
    {
        if (rows < 1 || cols < 1)
        {
            throw new IllegalArgumentException("synaptic matrix rows=" + rows + " cols=" + cols + " must be >= 1");
        }
    }
}
