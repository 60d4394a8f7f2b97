package org.nmsim.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link Encoder} contract, run on every intensity encoder with real Fashion-MNIST images. */
class EncoderContractTest
{
    private static LabeledImages images;

    @BeforeAll
    static void load() throws IOException
    {
        images = FashionMnist.loadBundled(FashionMnist.Split.TEST, OptionalInt.of(4)).images();
    }

    static Stream<Encoder<double[]>> encoders()
    {
        return Stream.of(new DirectCurrentEncoder(8), new PoissonRateEncoder(8, 0.3, 77L),
            new TimeToFirstSpikeEncoder(8));
    }

    @ParameterizedTest
    @MethodSource("encoders")
    void shouldCountEveryMessageKeepCanonicalOrderAndRepeatExactly(final Encoder<double[]> encoder)
    {
        for (int s = 0; s < images.count(); s++)
        {
            final double[] x = images.intensities(s, new double[images.pixelsPerSample()]);
            final Recorded first = new Recorded();
            final long count = encoder.encode(s, x, first);
            assertEquals(first.messages.size(), count, encoder + " sample " + s);
            for (int i = 1; i < first.messages.size(); i++)
            {
                final Recorded.Message a = first.messages.get(i - 1);
                final Recorded.Message b = first.messages.get(i);
                assertTrue(a.time() < b.time() || (a.time() == b.time() && a.neuron() < b.neuron()),
                    encoder + " sample " + s + " message " + i + " out of canonical order");
            }
            for (final Recorded.Message m : first.messages)
            {
                assertTrue(m.neuron() >= 0 && m.neuron() < encoder.channels(x.length), encoder + " neuron");
                assertTrue(m.time() >= 0 && m.time() <= encoder.steps(), encoder + " time=" + m.time());
                if (encoder.timeModel() == Encoder.TimeModel.STEPPED)
                {
                    assertEquals(Math.rint(m.time()), m.time(), encoder + " stepped time must be integral");
                }
            }
            final Recorded again = new Recorded();
            encoder.encode(s, x, again);
            assertEquals(first.messages, again.messages, encoder + " repeat of sample " + s);
        }
    }
}
