package org.nmsim.learning.sfdfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The counter-based perturbations are standard normal and keyed by (seed, layer, neuron, sample). */
class SfdfaMathTest
{
    @Test
    void shouldDrawStandardNormalPerturbations()
    {
        final int n = 40_000;
        double sum = 0;
        double sq = 0;
        double quart = 0;
        for (int i = 0; i < n; i++)
        {
            final double p = SfdfaMath.perturbation(5, 1 + i % 3, i % 97, i / 97);
            sum += p;
            sq += p * p;
            quart += p * p * p * p;
        }
        // standard errors over 40,000 draws: mean 0.005, variance 0.007, fourth moment 0.05
        assertEquals(0.0, sum / n, 0.025, "mean");
        assertEquals(1.0, sq / n, 0.035, "variance");
        assertEquals(3.0, quart / n, 0.25, "fourth moment (normal: 3)");
        assertEquals(SfdfaMath.perturbation(5, 1, 2, 3), SfdfaMath.perturbation(5, 1, 2, 3), 0.0);
        assertNotEquals(SfdfaMath.perturbation(5, 1, 2, 3), SfdfaMath.perturbation(5, 1, 2, 4));
        assertNotEquals(SfdfaMath.perturbation(5, 1, 2, 3), SfdfaMath.perturbation(6, 1, 2, 3));
    }
}
