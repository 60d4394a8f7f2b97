package org.nmsim.mapping.net;

import java.util.Arrays;

/**
 * An immutable tensor shape, row-major: {@code [n]} for a flat layer, {@code [C, H, W]} for a convolutional one.
 * Dimensions are >= 0; whether a zero-size shape is acceptable is the user's rule (a population rejects it).
 */
public final class Shape
{
    private final int[] dims;
    private final long size;

    private Shape(final int[] dims)
    {
        long s = 1;
        for (final int d : dims)
        {
            if (d < 0)
            {
                throw new NetworkException("shape " + Arrays.toString(dims) + ": dimension " + d + " must be >= 0");
            }
            s *= d;
        }
        if (s > Integer.MAX_VALUE)
        {
            throw new NetworkException(
                "shape " + Arrays.toString(dims) + ": size=" + s + " exceeds " + Integer.MAX_VALUE + " elements");
        }
        this.dims = dims;
        this.size = s;
    }

    /**
     * @param dims the dimensions, outermost first; at least one.
     * @return the shape.
     */
    public static Shape of(final int... dims)
    {
        if (dims == null || dims.length == 0)
        {
            throw new NetworkException("shape=[]: a shape needs at least one dimension");
        }
        return new Shape(dims.clone());
    }

    /**
     * @param channels C.
     * @param height   H.
     * @param width    W.
     * @return the shape [C, H, W].
     */
    public static Shape chw(final int channels, final int height, final int width)
    {
        return of(channels, height, width);
    }

    /** @return the number of dimensions. */
    public int rank()
    {
        return dims.length;
    }

    /**
     * @param i dimension index, 0 = outermost.
     * @return that dimension's extent.
     */
    public int dim(final int i)
    {
        return dims[i];
    }

    /** @return a copy of the dimensions. */
    public int[] dims()
    {
        return dims.clone();
    }

    /** @return the number of elements, the product of the dimensions. */
    public int size()
    {
        return (int)size;
    }

    /** @return the flat shape [size] with the same number of elements. */
    public Shape flatten()
    {
        return of((int)size);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof Shape && Arrays.equals(dims, ((Shape)o).dims);
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(dims);
    }

    /** @return e.g. {@code [8, 28, 28]}. */
    @Override
    public String toString()
    {
        return Arrays.toString(dims);
    }
}
