package org.nmsim.mapping.nir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nmsim.mapping.net.Connectivity;
import org.nmsim.mapping.net.Network;
import org.nmsim.mapping.net.Networks;
import org.nmsim.mapping.net.Population;
import org.nmsim.mapping.net.PopulationRole;
import org.nmsim.mapping.net.Projection;

/** Export is the inverse of import for what NIR can express, and refuses the rest by name. */
@Timeout(30)
class NirExporterTest
{
    private static Path fixture(final String name) throws URISyntaxException
    {
        return Path.of(NirExporterTest.class.getResource(name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp.nir", "conv.nir", "conv_same_avg.nir", "li_readout.nir"})
    void shouldRoundTripImportedNetworks(final String name, @TempDir final Path dir) throws Exception
    {
        final Network imported = NirImporter.read(fixture(name));
        final Path out = dir.resolve(name);
        NirExporter.write(imported, out);
        final Network again = NirImporter.read(out);
        assertEquals(imported, again);
        assertEquals(imported.populations(), again.populations());
        assertEquals(imported.projections(), again.projections());
        assertEquals(NirExporter.VERSION, NirImporter.version(out));
    }

    @Test
    void shouldRefuseParametersWithoutNirEquivalent(@TempDir final Path dir)
    {
        final Path out = dir.resolve("mlp.nir");
        final NirException e = assertThrows(NirException.class,
            () -> NirExporter.write(Networks.mlp784x400x400x10(), out));
        assertEquals("NIR export: population h1: parameter lambda has no NIR LIF equivalent (NIR LIF has " +
            "[tau, r, v_leak, v_threshold, v_reset])", e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void shouldRefuseSparseConnectivityAndDelays(@TempDir final Path dir)
    {
        final Map<String, Double> lif = Map.of("tau", 0.02, "r", 1.0, "v_leak", 0.0, "v_threshold", 1.0);
        final Network.Builder b = Network.builder()
            .population(Population.of("in", 4, "input", Map.of(), PopulationRole.INPUT))
            .population(Population.of("h", 3, "lif", lif, PopulationRole.OUTPUT));
        final Network sparse = Network.builder()
            .population(Population.of("in", 4, "input", Map.of(), PopulationRole.INPUT))
            .population(Population.of("h", 3, "lif", lif, PopulationRole.OUTPUT))
            .projection(Projection.of("s", "in", "h", Connectivity.Sparse.random(0.5, 1)))
            .build();
        assertEquals("NIR export: projection s: SPARSE connectivity has no NIR equivalent",
            assertThrows(NirException.class, () -> NirExporter.write(sparse, dir.resolve("s.nir"))).getMessage());
        final Network delayed = b.projection(Projection.of("fc", "in", "h", Connectivity.dense())
            .withWeights(new float[12], null).withDelay(3)).build();
        assertEquals("NIR export: projection fc: role=FORWARD, delay=3, target=soma cannot be expressed in NIR " +
            "(FORWARD, delay 1, soma only)",
            assertThrows(NirException.class, () -> NirExporter.write(delayed, dir.resolve("d.nir"))).getMessage());
    }
}
