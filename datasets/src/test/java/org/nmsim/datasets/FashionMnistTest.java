package org.nmsim.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest
{
    private static final Path SYSTEM = Path.of(FashionMnist.SYSTEM_DIR);

    @TempDir
    Path dir;

    private static void assertLabelsInRange(final LabeledImages set)
    {
        for (int i = 0; i < set.count(); i++)
        {
            assertTrue(set.label(i) >= 0 && set.label(i) <= 9, "label(" + i + ")=" + set.label(i));
        }
    }

    @Test
    void shouldLoadBundledTrainSubsetWith3000SamplesOf28x28() throws IOException
    {
        final FashionMnist train = FashionMnist.loadBundled(FashionMnist.Split.TRAIN, OptionalInt.empty());
        final LabeledImages set = train.images();
        assertEquals(3000, set.count());
        assertEquals(28, set.rows());
        assertEquals(28, set.cols());
        assertEquals(10, set.classes());
        assertFalse(train.isFullDataset());
        assertTrue(train.source().startsWith("bundled subset"), train.source());
        assertLabelsInRange(set);
    }

    @Test
    void shouldLoadBundledTestSubsetWith1000Samples() throws IOException
    {
        final LabeledImages set = FashionMnist.loadBundled(FashionMnist.Split.TEST, OptionalInt.empty()).images();
        assertEquals(1000, set.count());
        assertLabelsInRange(set);
    }

    @Test
    void shouldFallBackToBundledSubsetWhenNoDirAndNoSystemDir() throws IOException
    {
        final FashionMnist test = FashionMnist.load(FashionMnist.Split.TEST, Optional.empty(), OptionalInt.of(5),
            dir.resolve("absent"));
        assertEquals(5, test.images().count());
        assertEquals(1000, test.images().samplesInSource());
        assertFalse(test.isFullDataset());
    }

    @Test
    void shouldReadGivenDirAndRejectOneMissingFile() throws IOException
    {
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxTest.images(3));
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class,
            () -> FashionMnist.load(FashionMnist.Split.TEST, Optional.of(dir)));
        assertTrue(ex.getMessage().startsWith(dir.resolve("t10k-labels-idx1-ubyte.gz") + ": file does not exist"),
            ex.getMessage());
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxTest.gzip(IdxTest.labels(9, 0, 3)));
        final FashionMnist test = FashionMnist.load(FashionMnist.Split.TEST, Optional.of(dir));
        assertEquals(3, test.images().count());
        assertEquals(9, test.images().label(0));
        assertFalse(test.isFullDataset());
        assertTrue(test.source().startsWith(dir.toString()), test.source());
    }

    @Test
    void shouldMatchFirst3000FullTrainingImagesByteForByteWhenInstalled() throws IOException
    {
        Assumptions.assumeTrue(Files.isDirectory(SYSTEM), FashionMnist.SYSTEM_DIR + " is not installed");
        final FashionMnist full = FashionMnist.load(FashionMnist.Split.TRAIN, Optional.empty(), OptionalInt.of(3000));
        assertTrue(full.isFullDataset(), full.source());
        assertEquals(60_000, full.images().samplesInSource());
        final LabeledImages bundled = FashionMnist.loadBundled(FashionMnist.Split.TRAIN, OptionalInt.empty())
            .images();
        assertEquals(3000, full.images().count());
        for (int i = 0; i < 3000; i++)
        {
            assertArrayEquals(full.images().pixels(i), bundled.pixels(i), "sample " + i);
            assertEquals(full.images().label(i), bundled.label(i), "label of sample " + i);
        }
    }
}
