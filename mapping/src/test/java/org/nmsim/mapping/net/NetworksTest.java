package org.nmsim.mapping.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reference networks have the paper's shapes and the hand-computed synapse counts. */
@Timeout(30)
class NetworksTest
{
    @Test
    void shouldBuildThe784x400x400x10Mlp()
    {
        final Network n = Networks.mlp784x400x400x10();
        assertEquals(4, n.populations().size());
        assertEquals(784 * 400, n.stats("fc1").synapses());
        assertEquals(784, n.stats("fc1").maxFanIn());
        assertEquals(400, n.stats("fc1").maxFanOut());
        assertEquals(784L * 400 + 400 * 400 + 400 * 10, n.synapses());
        assertEquals(PopulationRole.OUTPUT, n.population("output").role());
        assertEquals("readout", n.population("output").neuronModel());
        assertEquals(1.0, n.population("h1").parameter("v_threshold", 17), 0.0);
        assertEquals(784L * 400, n.populationStats("h1").synapsesIn());
        assertEquals(400L * 400, n.populationStats("h1").synapsesOut());
    }

    @Test
    void shouldBuildTheFgtConvNetForDvsCifar10()
    {
        final Network n = Networks.fgtConvNetDvsCifar10();
        assertEquals(Shape.chw(2, 48, 48), n.population("input").shape());
        assertEquals(Shape.chw(128, 48, 48), n.population("conv1").shape());
        assertEquals(Shape.chw(128, 24, 24), n.population("pool1").shape());
        assertEquals(Shape.chw(256, 24, 24), n.population("conv2").shape());
        assertEquals(Shape.chw(256, 12, 12), n.population("pool2").shape());
        assertEquals(Shape.chw(512, 12, 12), n.population("conv3").shape());
        assertEquals(Shape.chw(512, 6, 6), n.population("pool3").shape());
        assertEquals(Shape.chw(512, 6, 6), n.population("conv4").shape());
        assertEquals(Shape.of(10), n.population("output").shape());
        // per axis, 3x3 padding 1 over N: 3N - 2 in-bounds taps
        assertEquals(128L * 2 * 142 * 142, n.stats("w1").synapses());
        assertEquals(256L * 128 * 70 * 70, n.stats("w2").synapses());
        assertEquals(512L * 256 * 34 * 34, n.stats("w3").synapses());
        assertEquals(512L * 512 * 16 * 16, n.stats("w4").synapses());
        assertEquals(128L * 48 * 48, n.stats("ap1").synapses());
        assertEquals(512L * 36 * 10, n.stats("fc").synapses());
        assertEquals(2 * 9, n.stats("w1").maxFanIn());
        assertEquals(128 * 9, n.stats("w1").maxFanOut());
        assertEquals(ConnectivityKind.AVG_POOL2D, n.projection("ap3").connectivity().kind());
    }

    @Test
    void shouldBuildTheFgtConvNetForCifar10()
    {
        final Network n = Networks.fgtConvNet(3, 32, 32, 10);
        assertEquals(Shape.chw(512, 4, 4), n.population("conv4").shape());
        assertEquals(512L * 16 * 10, n.stats("fc").synapses());
    }
}
