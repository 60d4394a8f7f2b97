package org.nmsim.mapping.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad descriptions fail with the element's name, the value and the rule. */
@Timeout(30)
class NetworkValidationTest
{
    private static Population pop(final String name, final int size)
    {
        return Population.of(name, size, "lif", Map.of(), PopulationRole.HIDDEN);
    }

    @Test
    void shouldRejectZeroSizePopulation()
    {
        final NetworkException e = assertThrows(NetworkException.class, () -> pop("h1", 0));
        assertEquals("population h1: size=0 must be > 0 (shape [0])", e.getMessage());
        final NetworkException e2 = assertThrows(NetworkException.class,
            () -> Population.of("c1", Shape.chw(8, 0, 28), "if", Map.of(), PopulationRole.HIDDEN));
        assertEquals("population c1: size=0 must be > 0 (shape [8, 0, 28])", e2.getMessage());
    }

    @Test
    void shouldRejectNegativeAndZeroDelay()
    {
        final Projection p = Projection.of("fc1", "input", "h1", Connectivity.dense());
        assertEquals("projection fc1: delay=-1 must be >= 1 step",
            assertThrows(NetworkException.class, () -> p.withDelay(-1)).getMessage());
        assertEquals("projection fc1: delay=0 must be >= 1 step",
            assertThrows(NetworkException.class, () -> p.withDelay(0)).getMessage());
    }

    @Test
    void shouldRejectUnknownPopulationReference()
    {
        final Network.Builder b = Network.builder().population(pop("input", 784)).population(pop("h1", 400))
            .projection(Projection.of("fc1", "input", "h9", Connectivity.dense()));
        final NetworkException e = assertThrows(NetworkException.class, b::build);
        assertEquals("projection fc1: to=h9 is not a population (have [input, h1])", e.getMessage());
    }

    @Test
    void shouldReportEveryViolationAtOnce()
    {
        final Network.Builder b = Network.builder().population(pop("a", 3)).population(pop("a", 4))
            .projection(Projection.of("p", "x", "a", Connectivity.dense()))
            .projection(Projection.of("p", "a", "a", Connectivity.dense()));
        final String m = assertThrows(NetworkException.class, b::build).getMessage();
        assertEquals("population a: name is not unique; projection p: from=x is not a population (have [a]); " +
            "projection p: name is not unique", m);
    }

    @Test
    void shouldRejectConvolutionShapeMismatch()
    {
        final Network.Builder b = Network.builder()
            .population(Population.of("input", Shape.chw(1, 28, 28), "input", Map.of(), PopulationRole.INPUT))
            .population(Population.of("c1", Shape.chw(8, 27, 27), "if", Map.of(), PopulationRole.HIDDEN))
            .projection(Projection.of("w1", "input", "c1", Connectivity.Conv2d.square(1, 8, 3, 1, 1)));
        final NetworkException e = assertThrows(NetworkException.class, b::build);
        assertEquals("projection w1 (from=input [1, 28, 28], to=c1 [8, 27, 27]): CONV2D output shape [8, 28, 28] = " +
            "[outChannels, floor((H + 2*1 - 3)/1) + 1, floor((W + 2*1 - 3)/1) + 1] from [1, 28, 28] does not match " +
            "to shape [8, 27, 27]", e.getMessage());
    }

    @Test
    void shouldRejectConvolutionChannelMismatchAndFlatSource()
    {
        final Network.Builder b = Network.builder()
            .population(Population.of("input", Shape.of(784), "input", Map.of(), PopulationRole.INPUT))
            .population(Population.of("c1", Shape.chw(8, 28, 28), "if", Map.of(), PopulationRole.HIDDEN))
            .projection(Projection.of("w1", "input", "c1", Connectivity.Conv2d.square(1, 8, 3, 1, 1)));
        assertTrue(assertThrows(NetworkException.class, b::build).getMessage()
            .endsWith("CONV2D needs from shape [C=1, H, W], got [784]"));
    }

    @Test
    void shouldRejectOneToOneSizeMismatchAndPoolShapeMismatch()
    {
        final Network.Builder b = Network.builder()
            .population(pop("a", 10)).population(pop("b", 11))
            .population(Population.of("x", Shape.chw(4, 8, 8), "if", Map.of(), PopulationRole.HIDDEN))
            .population(Population.of("y", Shape.chw(4, 3, 3), "relay", Map.of(), PopulationRole.HIDDEN))
            .projection(Projection.of("o", "a", "b", Connectivity.oneToOne()))
            .projection(Projection.of("p", "x", "y", Connectivity.Pool2d.sum(2)));
        final String m = assertThrows(NetworkException.class, b::build).getMessage();
        assertTrue(m.contains("projection o (from=a [10], to=b [11]): ONE_TO_ONE needs equal sizes, from size=10 " +
            "!= to size=11"), m);
        assertTrue(m.contains("projection p (from=x [4, 8, 8], to=y [4, 3, 3]): SUM_POOL2D output shape [4, 4, 4] " +
            "(kernel 2x2, stride 2x2, padding 0x0) from [4, 8, 8] does not match to shape [4, 3, 3]"), m);
    }

    @Test
    void shouldRejectWeightsThatDoNotMatchTheLayout()
    {
        final Network.Builder b = Network.builder().population(pop("input", 784)).population(pop("h1", 400))
            .projection(Projection.of("fc1", "input", "h1", Connectivity.dense())
                .withWeights(new float[785 * 400], new float[400]));
        assertEquals("projection fc1: weights length=314000 does not match layout [400, 784] (313600) for " +
            "from=input (784) x to=h1 (400) DENSE", assertThrows(NetworkException.class, b::build).getMessage());
    }

    @Test
    void shouldRejectExplicitSparsePairsOutOfRangeOrDuplicated()
    {
        final Network.Builder b = Network.builder().population(pop("a", 3)).population(pop("b", 2))
            .projection(Projection.of("s1", "a", "b", Connectivity.Sparse.explicit(new int[] {0, 3}, new int[] {0, 1})))
            .projection(Projection.of("s2", "a", "b", Connectivity.Sparse.explicit(new int[] {2, 2}, new int[] {1, 1})));
        final String m = assertThrows(NetworkException.class, b::build).getMessage();
        assertTrue(m.contains("projection s1 (from=a [3], to=b [2]): sparse pair 1 (pre=3, post=1) is outside from " +
            "size=3 x to size=2"), m);
        assertTrue(m.contains("projection s2 (from=a [3], to=b [2]): sparse pair (pre=2, post=1) appears more than " +
            "once"), m);
    }

    @Test
    void shouldRejectWeightsOnPooling()
    {
        final Network.Builder b = Network.builder()
            .population(Population.of("x", Shape.chw(2, 4, 4), "if", Map.of(), PopulationRole.HIDDEN))
            .population(Population.of("y", Shape.chw(2, 2, 2), "relay", Map.of(), PopulationRole.HIDDEN))
            .projection(Projection.of("p", "x", "y", Connectivity.Pool2d.avg(2)).withWeights(new float[8], null));
        assertEquals("projection p: weights given (8 values) but AVG_POOL2D has fixed weights and no weights",
            assertThrows(NetworkException.class, b::build).getMessage());
    }

    @Test
    void shouldRejectBadFieldValues()
    {
        assertEquals("weight format bits=33 must be in 1..32",
            assertThrows(NetworkException.class, () -> new WeightFormat(33, true)).getMessage());
        assertEquals("sparse probability=1.5 must be in [0, 1]",
            assertThrows(NetworkException.class, () -> Connectivity.Sparse.random(1.5, 1)).getMessage());
        assertEquals("population h1: parameter v_threshold=NaN must be finite",
            assertThrows(NetworkException.class, () -> Population.of("h1", 4, "lif", Map.of("v_threshold", Double.NaN),
                PopulationRole.HIDDEN)).getMessage());
        assertEquals("population h1: per-neuron parameter tau has 3 values, must have size=4",
            assertThrows(NetworkException.class, () -> new Population("h1", Shape.of(4), "lif", Map.of(),
                Map.of("tau", new double[3]), PopulationRole.HIDDEN)).getMessage());
    }
}
