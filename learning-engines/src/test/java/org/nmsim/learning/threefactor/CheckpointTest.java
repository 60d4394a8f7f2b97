package org.nmsim.learning.threefactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.preset.Presets;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.StorageFormats;

/** A checkpoint written between samples lets a fresh chip of the same description continue bit-identically. */
class CheckpointTest
{
    private static final int[] SIZES = {12, 7, 4};

    private static ThreeFactorChip chip(final ThreeFactorMethod method)
    {
        final ThreeFactorParams p = new ThreeFactorParams(method, 8, 5.0, 10.0, 10.0, 1.0, 5.0, 0.5, 1.0, 2.0, 0.7,
            1.5, 8, 8, 1.0);
        return ThreeFactorChip.builder(SIZES).params(p).chip(Presets.loihi1()).fixedPoint(true)
            .formats(new StorageFormats(8, 16, 16, 8)).seed(11).build();
    }

    private static void train(final ThreeFactorChip c, final SplitMix64 data, final int samples)
    {
        for (int s = 0; s < samples; s++)
        {
            final double[] x = new double[SIZES[0]];
            for (int i = 0; i < x.length; i++)
            {
                x[i] = data.nextDouble();
            }
            c.trainSample(x, data.nextInt(SIZES[SIZES.length - 1]));
        }
    }

    @Test
    void shouldContinueBitIdenticallyAfterRestore() throws IOException
    {
        for (final ThreeFactorMethod method : ThreeFactorMethod.values())
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            final double[][] expected;
            final SplitMix64 data = new SplitMix64(5);
            try (ThreeFactorChip a = chip(method))
            {
                train(a, data, 3);
                a.writeCheckpoint(new DataOutputStream(bytes));
                final long state = data.state();
                train(a, data, 3);
                expected = a.allWeights();
                data.restore(state);
            }
            try (ThreeFactorChip b = chip(method))
            {
                b.readCheckpoint(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                train(b, data, 3);
                for (int l = 0; l < expected.length; l++)
                {
                    assertArrayEquals(expected[l], b.weights(l), 0.0, method + " W" + l + " after restore");
                }
            }
        }
    }

    @Test
    void shouldRefuseACheckpointOfAnotherDescription() throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ThreeFactorChip a = chip(ThreeFactorMethod.EPROP))
        {
            a.writeCheckpoint(new DataOutputStream(bytes));
        }
        try (ThreeFactorChip b = chip(ThreeFactorMethod.DCLL))
        {
            assertThrows(IOException.class,
                () -> b.readCheckpoint(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        }
    }
}
