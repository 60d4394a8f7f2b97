package org.nmsim.mapping.nir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nmsim.mapping.net.Connectivity;
import org.nmsim.mapping.net.ConnectivityKind;
import org.nmsim.mapping.net.Network;
import org.nmsim.mapping.net.Population;
import org.nmsim.mapping.net.PopulationRole;
import org.nmsim.mapping.net.Projection;
import org.nmsim.mapping.net.Shape;
import org.nmsim.mapping.net.SynapseStats;

/**
 * Imports the fixtures written by {@code make_nir_fixtures.py} (same package in test resources) and checks them
 * against the values and formulas in that script.
 */
@Timeout(30)
class NirImporterTest
{
    private static Path fixture(final String name) throws URISyntaxException
    {
        return Path.of(NirImporterTest.class.getResource(name).toURI());
    }

    /** The script's {@code pattern(shape, modulus, offset, scale)}: {@code w[k] = ((k % modulus) - offset) * scale}. */
    private static float[] pattern(final int n, final int modulus, final int offset, final double scale)
    {
        final float[] w = new float[n];
        for (int k = 0; k < n; k++)
        {
            w[k] = (float)(((k % modulus) - offset) * scale);
        }
        return w;
    }

    private static List<String> names(final List<?> elements)
    {
        return elements.stream().map(e -> e instanceof Population ? ((Population)e).name() : ((Projection)e).name())
            .toList();
    }

    @Test
    void shouldImportMlpWithSharedAndPerNeuronParameters() throws Exception
    {
        final Network n = NirImporter.read(fixture("mlp.nir"));
        assertEquals(List.of("input", "lif1", "lif2"), names(n.populations()));
        assertEquals(List.of("fc1", "fc2"), names(n.projections()));

        final Population input = n.population("input");
        assertEquals(Shape.of(12), input.shape());
        assertEquals(PopulationRole.INPUT, input.role());
        assertEquals("input", input.neuronModel());

        final Population lif1 = n.population("lif1");
        assertEquals(Shape.of(8), lif1.shape());
        assertEquals("lif", lif1.neuronModel());
        assertEquals(PopulationRole.HIDDEN, lif1.role());
        assertEquals(Map.of("tau", (double)0.02f, "r", 1.0, "v_leak", 0.0, "v_threshold", 1.0, "v_reset", 0.0),
            lif1.parameters());
        assertTrue(lif1.neuronParameters().isEmpty());

        final Population lif2 = n.population("lif2");
        assertEquals(PopulationRole.OUTPUT, lif2.role());
        assertEquals(0.05, lif2.parameters().get("tau"), 0.0);
        assertFalse(lif2.parameters().containsKey("v_threshold"));
        assertArrayEquals(new double[] {1.0, 1.5, 2.0}, lif2.neuronParameters().get("v_threshold"), 0.0);
        assertEquals(1.5, lif2.parameter("v_threshold", 1), 0.0);

        final Projection fc1 = n.projection("fc1");
        assertEquals("input", fc1.from());
        assertEquals("lif1", fc1.to());
        assertEquals(ConnectivityKind.DENSE, fc1.connectivity().kind());
        assertArrayEquals(pattern(96, 7, 3, 0.125), fc1.weights(), 0.0f);
        assertArrayEquals(pattern(8, 3, 1, 0.5), fc1.bias(), 0.0f);
        assertEquals(1, fc1.delay());
        assertEquals(Projection.SOMA, fc1.target());
        assertEquals(new SynapseStats(96, 12, 12.0, 8, 8.0), n.stats("fc1"));

        final Projection fc2 = n.projection("fc2");
        assertEquals("lif1", fc2.from());
        assertEquals("lif2", fc2.to());
        assertArrayEquals(pattern(24, 5, 2, 0.25), fc2.weights(), 0.0f);
        assertArrayEquals(new float[3], fc2.bias(), 0.0f);
        assertEquals(24, n.stats("fc2").synapses());
    }

    @Test
    void shouldImportConvNetWithRelayForPoolingBeforeDenseLayer() throws Exception
    {
        final Network n = NirImporter.read(fixture("conv.nir"));
        assertEquals(List.of("input", "if1", "pool", "cuba"), names(n.populations()));
        assertEquals(List.of("conv", "pool", "fc"), names(n.projections()));

        assertEquals(Shape.chw(2, 8, 8), n.population("input").shape());
        final Population if1 = n.population("if1");
        assertEquals(Shape.chw(4, 8, 8), if1.shape());
        assertEquals("if", if1.neuronModel());
        assertEquals(Map.of("r", 1.0, "v_threshold", 0.75, "v_reset", 0.0), if1.parameters());
        final Population pool = n.population("pool");
        assertEquals(Shape.chw(4, 4, 4), pool.shape());
        assertEquals("relay", pool.neuronModel());
        assertEquals(PopulationRole.HIDDEN, pool.role());
        final Population cuba = n.population("cuba");
        assertEquals("cuba-lif", cuba.neuronModel());
        assertEquals(PopulationRole.OUTPUT, cuba.role());
        assertEquals(Map.of("tau_syn", (double)0.005f, "tau_mem", (double)0.01f, "r", 1.0, "v_leak", 0.0,
            "v_threshold", 1.0, "v_reset", 0.0, "w_in", 1.0), cuba.parameters());

        final Projection conv = n.projection("conv");
        assertEquals(Connectivity.Conv2d.square(2, 4, 3, 1, 1), conv.connectivity());
        assertEquals("input", conv.from());
        assertEquals("if1", conv.to());
        assertArrayEquals(pattern(72, 9, 4, 0.0625), conv.weights(), 0.0f);
        assertArrayEquals(new float[] {0.5f, -0.5f, 0.25f, 0.0f}, conv.bias(), 0.0f);
        // per axis, 3x3 padding 1 over 8: 3*8 - 2 = 22 in-bounds taps; 4 out x 2 in channels
        assertEquals(4L * 2 * 22 * 22, n.stats("conv").synapses());
        assertEquals(2 * 9, n.stats("conv").maxFanIn());

        final Projection p = n.projection("pool");
        assertEquals(Connectivity.Pool2d.sum(2), p.connectivity());
        assertEquals("if1", p.from());
        assertEquals("pool", p.to());
        assertNull(p.weights());
        assertEquals(256, n.stats("pool").synapses());

        final Projection fc = n.projection("fc");
        assertEquals("pool", fc.from());
        assertEquals("cuba", fc.to());
        assertEquals(ConnectivityKind.DENSE, fc.connectivity().kind());
        assertArrayEquals(pattern(320, 11, 5, 0.03125), fc.weights(), 0.0f);
        assertEquals(320, n.stats("fc").synapses());
    }

    @Test
    void shouldImportSamePaddingFlatNeuronParametersAndPoolingOutput() throws Exception
    {
        final Network n = NirImporter.read(fixture("conv_same_avg.nir"));
        assertEquals(List.of("input", "lif", "avg"), names(n.populations()));
        // the LIF's parameters are flat [72]; a convolution into it gives it the conv's [C, H, W]
        assertEquals(Shape.chw(2, 6, 6), n.population("lif").shape());
        assertEquals(Connectivity.Conv2d.square(1, 2, 3, 1, 1), n.projection("conv").connectivity());
        final Population avg = n.population("avg");
        assertEquals(Shape.chw(2, 3, 3), avg.shape());
        assertEquals("relay", avg.neuronModel());
        assertEquals(PopulationRole.OUTPUT, avg.role());
        assertEquals(ConnectivityKind.AVG_POOL2D, n.projection("avg").connectivity().kind());
        assertEquals(72, n.stats("avg").synapses());
        assertEquals(2L * 16 * 16, n.stats("conv").synapses());
    }

    @Test
    void shouldImportLinearIntoLeakyIntegratorReadout() throws Exception
    {
        final Network n = NirImporter.read(fixture("li_readout.nir"));
        assertEquals(List.of("input", "readout"), names(n.populations()));
        final Population readout = n.population("readout");
        assertEquals("li", readout.neuronModel());
        assertEquals(PopulationRole.OUTPUT, readout.role());
        assertEquals(Map.of("tau", (double)0.1f, "r", 2.0, "v_leak", -0.5), readout.parameters());
        final Projection lin = n.projection("lin");
        assertArrayEquals(pattern(24, 4, 1, 0.5), lin.weights(), 0.0f);
        assertNull(lin.bias());
        assertEquals(24, n.stats("lin").synapses());
        assertEquals("1.0.0", NirImporter.version(fixture("li_readout.nir")));
    }

    @Test
    void shouldRejectUnsupportedNodeNamingNodeAndType() throws Exception
    {
        final NirException e = assertThrows(NirException.class, () -> NirImporter.read(fixture("unsupported.nir")));
        assertEquals("NIR file unsupported.nir: node thr has type Threshold, which is not supported (supported: " +
            "[Affine, AvgPool2d, Conv2d, CubaLIF, Flatten, IF, Input, LI, LIF, Linear, Output, SumPool2d])",
            e.getMessage());
    }

    @Test
    void shouldRejectWeightShapeThatDoesNotMatchNeuronNode() throws Exception
    {
        final NirException e = assertThrows(NirException.class, () -> NirImporter.read(fixture("inconsistent.nir")));
        assertEquals("NIR file inconsistent.nir: node fc1 (Affine): weight shape [8, 12] does not match " +
            "from=input (12) x to=lif1 (7)", e.getMessage());
    }

    @Test
    void shouldRejectEdgeToUnknownNode() throws Exception
    {
        final NirException e = assertThrows(NirException.class, () -> NirImporter.read(fixture("bad_edge.nir")));
        assertEquals("NIR file bad_edge.nir: edge 1 (fc -> lif2): lif2 is not a node (have [fc, input, lif, output])",
            e.getMessage());
    }

    @Test
    void shouldRejectGroupedConvolution() throws Exception
    {
        final NirException e = assertThrows(NirException.class, () -> NirImporter.read(fixture("conv_groups.nir")));
        assertEquals("NIR file conv_groups.nir: node conv (Conv2d): groups=2 is not supported (only groups=1)",
            e.getMessage());
    }

    @Test
    void shouldRejectFileWithoutNodeGroup() throws Exception
    {
        final NirException e = assertThrows(NirException.class, () -> NirImporter.read(fixture("missing_node.nir")));
        assertTrue(e.getMessage().startsWith("NIR file missing_node.nir: missing group /node (NIR stores its graph " +
            "there; found ["), e.getMessage());
    }

    @Test
    void shouldRejectFileThatIsNotHdf5(@TempDir final Path dir) throws IOException
    {
        final Path notes = dir.resolve("notes.nir");
        Files.writeString(notes, "input -> fc1 -> lif1\n".repeat(40), StandardCharsets.UTF_8);
        final NirException e = assertThrows(NirException.class, () -> NirImporter.read(notes));
        assertTrue(e.getMessage().startsWith("NIR file notes.nir: not a readable HDF5 file ("), e.getMessage());
    }

    @Test
    void shouldRejectMissingFile(@TempDir final Path dir)
    {
        final Path missing = dir.resolve("absent.nir");
        final NirException e = assertThrows(NirException.class, () -> NirImporter.read(missing));
        assertEquals("NIR file " + missing + ": does not exist or is not a regular file", e.getMessage());
    }
}
