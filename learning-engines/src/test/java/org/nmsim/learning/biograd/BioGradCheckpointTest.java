package org.nmsim.learning.biograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A checkpoint between samples continues bit-identically (weights, B, random streams, sleep schedule). */
@Timeout(30)
class BioGradCheckpointTest
{
    private static final int[] SIZES = {20, 12, 9, 4};

    private static BioGradChip chip()
    {
        final BioGradParams p = new BioGradParams(false, 12, 3, 0.6, 0.3, 0.3, 1.0, 0.05, 1.0, true, false, 1e-3, 3,
            1, 10, 2, 0.0, 0.1, 0, false);
        return BioGradChip.builder(SIZES).params(p).chip(TestChips.loihiWithCompartments(16)).seed(9).build();
    }

    @Test
    void shouldContinueBitIdenticallyFromACheckpoint() throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BioGradChip a = chip(); BioGradChip b = chip())
        {
            for (int s = 0; s < 2; s++)
            {
                a.trainSample(TestChips.randomImage(500 + s, SIZES[0]), s);
            }
            a.writeCheckpoint(new DataOutputStream(bytes));
            b.readCheckpoint(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            for (int s = 2; s < 5; s++)
            {
                a.trainSample(TestChips.randomImage(500 + s, SIZES[0]), s % 4);
                b.trainSample(TestChips.randomImage(500 + s, SIZES[0]), s % 4);
            }
            for (int l = 0; l < 3; l++)
            {
                assertArrayEquals(a.weights(l), b.weights(l), "W" + l);
            }
            assertArrayEquals(a.feedback(1), b.feedback(1), "B1");
            assertArrayEquals(a.feedback(2), b.feedback(2), "B2");
        }
    }
}
