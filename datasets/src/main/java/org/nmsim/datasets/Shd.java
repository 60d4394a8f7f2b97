package org.nmsim.datasets;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.exceptions.HdfInvalidPathException;

import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Reader of the Spiking Heidelberg Digits (Cramer, Stradmann, Schemmel and Zenke, "The Heidelberg Spiking Data
 * Sets for the Systematic Evaluation of Spiking Neural Networks", IEEE TNNLS 2022; CC BY 4.0) HDF5 files
 * {@code shd_train.h5} and {@code shd_test.h5}, through jhdf (pure Java, no native HDF5).
 *
 * <p>Layout read (the one the published files use):
 * <pre>
 *   /spikes/times   1-D, one row per sample, variable-length (HDF5 vlen) arrays of floating-point spike
 *                   times in seconds
 *   /spikes/units   1-D, one row per sample, vlen arrays of integer channel ids (0..699), one per spike time
 *   /labels         1-D integers, one per sample, 0..19 (digits 0-9 English then German)
 *   /extra/...      speaker and meta information, not read
 * </pre>
 * Any other layout (a missing dataset, fixed-size 2-D arrays, row counts that differ) is rejected with a
 * {@link DatasetFormatException} naming the file and the dataset.
 *
 * <p>Threading: stateless; safe to call from any thread.
 */
public final class Shd
{
    /** Cochlea-model channels of SHD. */
    public static final int CHANNELS = 700;
    /** Classes of SHD (10 English and 10 German digits). */
    public static final int CLASSES = 20;

    private static final String RULE = "SHD rule: /spikes/times and /spikes/units are 1-D vlen arrays, " +
        "/labels is 1-D integer, one row per sample";

    private Shd()
    {
    }

    /**
     * Loads an SHD file.
     *
     * @param file  an SHD HDF5 file.
     * @param limit when present, keep only the first {@code limit} samples (the whole file is still validated).
     * @return the samples.
     * @throws DatasetFormatException when the file is missing, not HDF5, or not in the SHD layout.
     */
    public static SpikeTrains load(final Path file, final OptionalInt limit) throws DatasetFormatException
    {
        final String name = file.toString();
        if (!Files.isRegularFile(file))
        {
            throw new DatasetFormatException(name, "file does not exist (rule: the dataset file must exist)");
        }
        try (HdfFile hdf = new HdfFile(file))
        {
            final Object[] times = vlen(hdf, name, "/spikes/times");
            final Object[] units = vlen(hdf, name, "/spikes/units");
            final Dataset labelsSet = dataset(hdf, name, "/labels");
            if (labelsSet.isVariableLength() || labelsSet.getDimensions().length != 1 ||
                !labelsSet.getJavaType().isPrimitive() || !isIntegral(labelsSet.getJavaType()))
            {
                throw new DatasetFormatException(name, "dataset /labels has dims=" +
                    Arrays.toString(labelsSet.getDimensions()) + " javaType=" + labelsSet.getJavaType() +
                    " (" + RULE + ")");
            }
            final Object labels = labelsSet.getData();
            final int rows = Array.getLength(labels);
            if (times.length != rows || units.length != rows)
            {
                throw new DatasetFormatException(name, "rows differ: /spikes/times=" + times.length +
                    " /spikes/units=" + units.length + " /labels=" + rows + " (" + RULE + ")");
            }
            final int keep = limit.isPresent() ? Math.min(rows, limit.getAsInt()) : rows;
            final float[][] t = new float[keep][];
            final short[][] u = new short[keep][];
            final int[] l = new int[keep];
            for (int i = 0; i < rows; i++)
            {
                final long label = ((Number)Array.get(labels, i)).longValue();
                if (label < 0 || label >= CLASSES)
                {
                    throw new DatasetFormatException(name, "/labels[" + i + "]=" + label +
                        " (SHD rule: labels lie in 0.." + (CLASSES - 1) + ")");
                }
                final int spikes = Array.getLength(times[i]);
                if (Array.getLength(units[i]) != spikes)
                {
                    throw new DatasetFormatException(name, "sample " + i + ": /spikes/times has " + spikes +
                        " entries but /spikes/units has " + Array.getLength(units[i]) +
                        " (SHD rule: one unit per spike time)");
                }
                final float[] ts = new float[spikes];
                final short[] us = new short[spikes];
                final float[] floatRow = times[i] instanceof float[] ? (float[])times[i] : null;
                final int[] intRow = units[i] instanceof int[] ? (int[])units[i] : null;
                for (int k = 0; k < spikes; k++)
                {
                    final double tk = floatRow != null ? floatRow[k] :
                        ((Number)Array.get(times[i], k)).doubleValue();
                    final long uk = intRow != null ? intRow[k] : ((Number)Array.get(units[i], k)).longValue();
                    if (!(tk >= 0.0) || Double.isInfinite(tk))
                    {
                        throw new DatasetFormatException(name, "sample " + i + " spike " + k + ": time=" + tk +
                            " (SHD rule: spike times are finite seconds >= 0)");
                    }
                    if (uk < 0 || uk >= CHANNELS)
                    {
                        throw new DatasetFormatException(name, "sample " + i + " spike " + k + ": unit=" + uk +
                            " (SHD rule: units lie in 0.." + (CHANNELS - 1) + ")");
                    }
                    ts[k] = (float)tk;
                    us[k] = (short)uk;
                }
                if (i < keep)
                {
                    t[i] = ts;
                    u[i] = us;
                    l[i] = (int)label;
                }
            }
            return new SpikeTrains(name, CHANNELS, CLASSES, t, u, l, rows);
        }
        catch (final HdfException ex)
        {
            throw new DatasetFormatException(name, "not a readable HDF5 file: " + ex.getMessage() +
                " (rule: SHD files are HDF5)", ex);
        }
    }

    private static Dataset dataset(final HdfFile hdf, final String name, final String path)
        throws DatasetFormatException
    {
        final Node node;
        try
        {
            node = hdf.getByPath(path);
        }
        catch (final HdfInvalidPathException ex)
        {
            throw new DatasetFormatException(name, "dataset " + path + " is missing (" + RULE + ")", ex);
        }
        if (!(node instanceof Dataset))
        {
            throw new DatasetFormatException(name, path + " is a " + node.getType() + ", not a dataset (" +
                RULE + ")");
        }
        return (Dataset)node;
    }

    private static Object[] vlen(final HdfFile hdf, final String name, final String path)
        throws DatasetFormatException
    {
        final Dataset set = dataset(hdf, name, path);
        if (!set.isVariableLength() || set.getDimensions().length != 1)
        {
            throw new DatasetFormatException(name, "dataset " + path + " has dims=" +
                Arrays.toString(set.getDimensions()) + " variableLength=" + set.isVariableLength() +
                " but must be a 1-D vlen array (" + RULE + ")");
        }
        final Object data = set.getData();
        if (!(data instanceof Object[]))
        {
            throw new DatasetFormatException(name, "dataset " + path + " read as " + data.getClass().getSimpleName() +
                ", not one array per sample (" + RULE + ")");
        }
        final Object[] rows = (Object[])data;
        for (int i = 0; i < rows.length; i++)
        {
            final Class<?> component = rows[i] == null ? null : rows[i].getClass().getComponentType();
            if (component == null || !component.isPrimitive() || component == boolean.class ||
                component == char.class)
            {
                throw new DatasetFormatException(name, "dataset " + path + " row " + i + " is " +
                    (rows[i] == null ? "null" : rows[i].getClass().getSimpleName()) +
                    ", not a numeric array (" + RULE + ")");
            }
        }
        return rows;
    }

    private static boolean isIntegral(final Class<?> type)
    {
        return type == byte.class || type == short.class || type == int.class || type == long.class;
    }
}
