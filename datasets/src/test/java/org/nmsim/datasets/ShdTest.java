package org.nmsim.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads HDF5 fixtures written by h5py in the layout of the published SHD files; they are made by
 * {@code src/test/resources/org/nmsim/datasets/shd/make_shd_fixture.py} (run there with
 * {@code /usr/bin/python3 make_shd_fixture.py}), which lists the values checked here.
 */
class ShdTest
{
    @TempDir
    Path dir;

    private static Path fixture(final String name) throws URISyntaxException
    {
        return Path.of(ShdTest.class.getResource("/org/nmsim/datasets/shd/" + name).toURI());
    }

    @Test
    void shouldReadVariableLengthTimesUnitsAndLabels() throws Exception
    {
        final SpikeTrains shd = Shd.load(fixture("shd_tiny.h5"), OptionalInt.empty());
        assertEquals(3, shd.count());
        assertEquals(700, shd.channels());
        assertEquals(20, shd.classes());
        assertEquals(7, shd.label(0));
        assertEquals(0, shd.label(1));
        assertEquals(19, shd.label(2));
        assertArrayEquals(new float[] {0.0f, 0.001f, 0.25f}, shd.timesSeconds(0));
        assertArrayEquals(new int[] {0, 699, 3}, shd.units(0));
        assertEquals(0, shd.spikeCount(1));
        assertArrayEquals(new float[] {0.5f, 0.125f}, shd.timesSeconds(2));
        assertArrayEquals(new int[] {12, 12}, shd.units(2));
    }

    @Test
    void shouldReadFloat16TimesAndInt32Units() throws Exception
    {
        final SpikeTrains shd = Shd.load(fixture("shd_tiny_f16.h5"), OptionalInt.empty());
        // 0.001 is not exact in float16: the nearest half is 0.0010004043579101562 (= 1049 * 2^-20)
        assertArrayEquals(new float[] {0.0f, (float)(1049 * 0x1.0p-20), 0.25f}, shd.timesSeconds(0));
        assertArrayEquals(new int[] {0, 699, 3}, shd.units(0));
        assertEquals(19, shd.label(2));
    }

    @Test
    void shouldKeepFirstSamplesUnderLimit() throws Exception
    {
        final SpikeTrains shd = Shd.load(fixture("shd_tiny.h5"), OptionalInt.of(1));
        assertEquals(1, shd.count());
        assertEquals(3, shd.samplesInSource());
    }

    @Test
    void shouldRejectFixedSizeLayoutNamingFileAndDataset() throws Exception
    {
        final Path bad = fixture("shd_bad_layout.h5");
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class,
            () -> Shd.load(bad, OptionalInt.empty()));
        assertTrue(ex.getMessage().startsWith(bad + ": dataset /spikes/times has dims=[3, 2] variableLength=false" +
            " but must be a 1-D vlen array"), ex.getMessage());
    }

    @Test
    void shouldRejectMissingFileAndNonHdf5File() throws IOException
    {
        final Path missing = dir.resolve("shd_train.h5");
        final DatasetFormatException ex = assertThrows(DatasetFormatException.class,
            () -> Shd.load(missing, OptionalInt.empty()));
        assertEquals(missing + ": file does not exist (rule: the dataset file must exist)", ex.getMessage());
        final Path text = Files.writeString(dir.resolve("not.h5"), "hello, not HDF5");
        final DatasetFormatException ex2 = assertThrows(DatasetFormatException.class,
            () -> Shd.load(text, OptionalInt.empty()));
        assertTrue(ex2.getMessage().startsWith(text + ": not a readable HDF5 file"), ex2.getMessage());
    }

    @Test
    void spikeTrainBinningShouldCountSpikesPerStepAndUnitByHand() throws Exception
    {
        // sample 0: t = 0.0 (unit 0), 0.001 (unit 699), 0.25 (unit 3); bins of 0.1 s, 3 steps
        final SpikeTrains shd = Shd.load(fixture("shd_tiny.h5"), OptionalInt.empty());
        final Recorded sink = new Recorded();
        final long count = new SpikeTrainBinningEncoder(3, 0.1).encode(0, shd.sample(0), sink);
        assertEquals(List.of(new Recorded.Message(0, 0, 1.0), new Recorded.Message(0, 699, 1.0),
            new Recorded.Message(2, 3, 1.0)), sink.messages);
        assertEquals(3, count);
        // sample 2: two spikes of unit 12 at 0.5 s and 0.125 s; with 5 steps of 0.1 s only 0.125 s falls inside
        assertEquals(1, new SpikeTrainBinningEncoder(5, 0.1).frames(shd.sample(2))[1][12]);
        assertEquals(2, new SpikeTrainBinningEncoder(6, 0.1).frames(shd.sample(2))[1][12] +
            new SpikeTrainBinningEncoder(6, 0.1).frames(shd.sample(2))[5][12]);
    }
}
