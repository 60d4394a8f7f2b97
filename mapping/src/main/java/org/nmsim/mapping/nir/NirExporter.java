package org.nmsim.mapping.nir;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nmsim.mapping.net.Connectivity;
import org.nmsim.mapping.net.ConnectivityKind;
import org.nmsim.mapping.net.Network;
import org.nmsim.mapping.net.Population;
import org.nmsim.mapping.net.PopulationRole;
import org.nmsim.mapping.net.Projection;
import org.nmsim.mapping.net.ProjectionRole;
import org.nmsim.mapping.net.Shape;
import org.nmsim.mapping.net.WeightFormat;

/**
 * Writes a {@link Network} as a NIR graph (HDF5) in the layout that {@link NirImporter} reads and NIR's
 * {@code nir.read} accepts: the inverse of the importer's mapping, so that {@code read(write(n))} equals {@code n}
 * for networks the importer produced.
 *
 * <p>Only what NIR can express is written, and anything else is refused with a {@link NirException} that names
 * the element, never dropped: populations of model {@code input}, {@code lif}, {@code cuba-lif}, {@code if},
 * {@code li} (with exactly the NIR parameters of that model) and {@code relay} (which becomes no node: its
 * producing weight node feeds the relay's consumers); DENSE (Affine, or Linear without bias), CONV2D (Conv2d,
 * dilation 1, groups 1), SUM_POOL2D / AVG_POOL2D, and ONE_TO_ONE with unit weights (a direct edge); FORWARD
 * projections onto the soma with delay 1, initial weights and the signed 8-bit weight format that the importer
 * assigns (NIR weights are floats and carry no format, so any other format is refused rather than lost).
 *
 * <p>Strings are written as fixed-length byte strings (jhdf's string datasets), which NIR's reader decodes like
 * h5py's variable-length strings; arrays are not compressed. The file is written to a temporary sibling and then
 * moved into place, so a failed export leaves no partial file.
 *
 * <p>Threading: stateless; safe to call from several threads.
 */
public final class NirExporter
{
    /**
     * The {@code /version} string written. The layout follows neuromorphs/NIR {@code nir/serialization.py}
     * (commit 0a26462); the matching release number could not be determined from the source and is a placeholder.
     */
    public static final String VERSION = "1.0.0";

    private static final Map<String, String> TYPES = Map.of("lif", "LIF", "cuba-lif", "CubaLIF", "if", "IF", "li",
        "LI");
    private static final Map<String, List<String>> PARAMETERS = Map.of(
        "LIF", List.of("tau", "r", "v_leak", "v_threshold", "v_reset"),
        "CubaLIF", List.of("tau_syn", "tau_mem", "r", "v_leak", "v_threshold", "v_reset", "w_in"),
        "IF", List.of("r", "v_threshold", "v_reset"),
        "LI", List.of("tau", "r", "v_leak"));
    private static final Set<String> OPTIONAL = Set.of("v_reset", "w_in");

    private final Network network;
    private final Map<String, String> producer = new HashMap<>();
    private final Map<String, NodeWriter> nodes = new LinkedHashMap<>();
    private final List<String[]> edges = new ArrayList<>();

    private NirExporter(final Network network)
    {
        this.network = network;
    }

    /**
     * @param network the network.
     * @param path    the file to write (replaced if it exists).
     * @throws NirException naming the element that NIR cannot express, or the file when writing fails.
     */
    public static void write(final Network network, final Path path)
    {
        if (network == null || path == null)
        {
            throw new NirException("NIR export: network=" + network + " and path=" + path + " must be non-null");
        }
        final NirExporter e = new NirExporter(network);
        e.plan();
        e.writeFile(path);
    }

    /** One NIR node: its name and how to write its datasets into its group. */
    private interface NodeWriter
    {
        void write(WritableGroup group);
    }

    private NirException error(final String message)
    {
        return new NirException("NIR export: " + message);
    }

    private void plan()
    {
        // the node that carries each population's signal: itself, or for a relay the weight node producing it
        for (final Population p : network.populations())
        {
            if (p.neuronModel().equals("relay"))
            {
                final List<Projection> in = new ArrayList<>();
                for (final Projection j : network.projections())
                {
                    if (j.to().equals(p.name()))
                    {
                        in.add(j);
                    }
                }
                if (in.size() != 1 || in.get(0).connectivity().kind() == ConnectivityKind.ONE_TO_ONE)
                {
                    throw error("population " + p.name() + ": a relay population needs exactly one incoming " +
                        "weight projection, has " + in.stream().map(Projection::name).toList());
                }
                producer.put(p.name(), in.get(0).name());
            }
            else
            {
                producer.put(p.name(), p.name());
                addNode(p.name(), populationNode(p));
            }
        }
        for (final Projection j : network.projections())
        {
            projection(j);
        }
        final List<Population> outputs = network.populations(PopulationRole.OUTPUT);
        for (final Population o : outputs)
        {
            final String name = outputs.size() == 1 && !nodes.containsKey("output") ? "output" : "output_" + o.name();
            final long[] shape = longs(o.shape());
            addNode(name, g ->
            {
                g.putGroup("output_type").putDataset("output", shape);
                g.putDataset("type", "Output");
            });
            edges.add(new String[] {producer.get(o.name()), name});
        }
    }

    private void addNode(final String name, final NodeWriter writer)
    {
        if (name.contains("/") || name.equals(".") || nodes.putIfAbsent(name, writer) != null)
        {
            throw error("node name " + name + " is not unique or contains '/' (populations and weight projections " +
                "share NIR's node names)");
        }
    }

    private NodeWriter populationNode(final Population p)
    {
        final long[] shape = longs(p.shape());
        if (p.neuronModel().equals("input"))
        {
            if (!p.parameters().isEmpty() || !p.neuronParameters().isEmpty())
            {
                throw error("population " + p.name() + ": an input population has no NIR parameters, has " +
                    p.parameters().keySet());
            }
            return g ->
            {
                g.putGroup("input_type").putDataset("input", shape);
                g.putDataset("type", "Input");
                g.putDataset("shape", shape);
            };
        }
        final String type = TYPES.get(p.neuronModel());
        if (type == null)
        {
            throw error("population " + p.name() + ": neuron model " + p.neuronModel() + " has no NIR equivalent " +
                "(supported: input, lif, cuba-lif, if, li, relay)");
        }
        final List<String> names = PARAMETERS.get(type);
        final Set<String> given = new LinkedHashSet<>(p.parameters().keySet());
        given.addAll(p.neuronParameters().keySet());
        for (final String g : given)
        {
            if (!names.contains(g))
            {
                throw error("population " + p.name() + ": parameter " + g + " has no NIR " + type + " equivalent " +
                    "(NIR " + type + " has " + names + ")");
            }
        }
        final Map<String, Object> arrays = new LinkedHashMap<>();
        for (final String name : names)
        {
            if (!p.hasParameter(name))
            {
                if (OPTIONAL.contains(name))
                {
                    continue;
                }
                throw error("population " + p.name() + ": NIR " + type + " needs parameter " + name + " (has " +
                    given + ")");
            }
            final double[] v = new double[p.size()];
            for (int i = 0; i < v.length; i++)
            {
                v[i] = p.parameter(name, i);
            }
            arrays.put(name, reshape(v, p.shape()));
        }
        return g ->
        {
            arrays.forEach(g::putDataset);
            g.putGroup("input_type").putDataset("input", shape);
            g.putGroup("output_type").putDataset("output", shape);
            g.putDataset("type", type);
        };
    }

    private void projection(final Projection j)
    {
        final String where = "projection " + j.name();
        if (j.role() != ProjectionRole.FORWARD || j.delay() != 1 || !j.target().equals(Projection.SOMA))
        {
            throw error(where + ": role=" + j.role() + ", delay=" + j.delay() + ", target=" + j.target() +
                " cannot be expressed in NIR (FORWARD, delay 1, soma only)");
        }
        if (!j.weightFormat().equals(WeightFormat.SIGNED_8))
        {
                throw error(where + ": weightFormat=" + j.weightFormat() + " cannot be stored in NIR (floats only; " +
                "the importer reads weights back as " + WeightFormat.SIGNED_8 + ")");
        }
        final Population from = network.population(j.from());
        final Population to = network.population(j.to());
        final String source = producer.get(from.name());
        final Connectivity c = j.connectivity();
        if (c.kind() == ConnectivityKind.ONE_TO_ONE)
        {
            final float[] w = j.weights();
            if (w != null)
            {
                for (final float x : w)
                {
                    if (x != 1.0f)
                    {
                        throw error(where + ": ONE_TO_ONE weights other than 1 cannot be expressed in NIR " +
                            "(as a direct edge)");
                    }
                }
            }
            if (to.neuronModel().equals("relay") || j.bias() != null)
            {
                throw error(where + ": a ONE_TO_ONE projection into a relay or with a bias cannot be expressed in NIR");
            }
            edges.add(new String[] {source, to.name()});
            return;
        }
        if (c.kind() == ConnectivityKind.SPARSE)
        {
            throw error(where + ": SPARSE connectivity has no NIR equivalent");
        }
        if (c instanceof Connectivity.Pool2d)
        {
            final Connectivity.Pool2d p = (Connectivity.Pool2d)c;
            addNode(j.name(), g ->
            {
                g.putDataset("kernel_size", new long[] {p.kernelH(), p.kernelW()});
                g.putDataset("stride", new long[] {p.strideH(), p.strideW()});
                g.putDataset("padding", new long[] {p.padH(), p.padW()});
                g.putDataset("type", p.kind() == ConnectivityKind.SUM_POOL2D ? "SumPool2d" : "AvgPool2d");
            });
            edges.add(new String[] {source, j.name()});
        }
        else
        {
            final float[] w = j.weights();
            if (w == null)
            {
                throw error(where + ": NIR needs the weights; this projection has none");
            }
            final float[] bias = j.bias();
            if (c instanceof Connectivity.Conv2d)
            {
                final Connectivity.Conv2d k = (Connectivity.Conv2d)c;
                final float[] b = bias == null ? new float[k.outChannels()] : bias;
                final Object weight = reshape(w, Shape.of(k.outChannels(), k.inChannels(), k.kernelH(), k.kernelW()));
                addNode(j.name(), g ->
                {
                    g.putDataset("input_shape", new long[] {from.shape().dim(1), from.shape().dim(2)});
                    g.putDataset("weight", weight);
                    g.putDataset("stride", new long[] {k.strideH(), k.strideW()});
                    g.putDataset("padding", new long[] {k.padH(), k.padW()});
                    g.putDataset("dilation", new long[] {1, 1});
                    g.putDataset("groups", 1L);
                    g.putDataset("bias", b);
                    g.putDataset("type", "Conv2d");
                });
                edges.add(new String[] {source, j.name()});
            }
            else
            {
                final Object weight = reshape(w, Shape.of(to.size(), from.size()));
                addNode(j.name(), g ->
                {
                    g.putDataset("weight", weight);
                    if (bias != null)
                    {
                        g.putDataset("bias", bias);
                    }
                    g.putDataset("type", bias == null ? "Linear" : "Affine");
                });
                if (from.shape().rank() > 1)
                {
                    final String flat = j.name() + "_flatten";
                    final long[] in = longs(from.shape());
                    addNode(flat, g ->
                    {
                        g.putDataset("input_type", in);
                        g.putDataset("start_dim", 0L);
                        g.putDataset("end_dim", -1L);
                        g.putDataset("type", "Flatten");
                    });
                    edges.add(new String[] {source, flat});
                    edges.add(new String[] {flat, j.name()});
                }
                else
                {
                    edges.add(new String[] {source, j.name()});
                }
            }
        }
        if (!to.neuronModel().equals("relay"))
        {
            edges.add(new String[] {j.name(), to.name()});
        }
    }

    private void writeFile(final Path path)
    {
        final Path dir = path.toAbsolutePath().getParent();
        Path tmp = null;
        try
        {
            tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
            try (WritableHdfFile f = HdfFile.write(tmp))
            {
                f.putDataset("version", VERSION);
                final WritableGroup graph = f.putGroup("node");
                final WritableGroup nodeGroup = graph.putGroup("nodes");
                for (final Map.Entry<String, NodeWriter> e : nodes.entrySet())
                {
                    e.getValue().write(nodeGroup.putGroup(e.getKey()));
                }
                final String[][] e = edges.toArray(new String[0][]);
                graph.putDataset("edges", e.length == 0 ? new String[0] : e);
                final WritableGroup inputType = graph.putGroup("input_type");
                for (final Population p : network.populations(PopulationRole.INPUT))
                {
                    inputType.putDataset(p.name(), longs(p.shape()));
                }
                graph.putGroup("output_type");
                graph.putDataset("type", "NIRGraph");
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException | RuntimeException e)
        {
            if (tmp != null)
            {
                try
                {
                    Files.deleteIfExists(tmp);
                }
                catch (final IOException ignored)
                {
                    // the original failure is the one to report
                }
            }
            throw new NirException("NIR export to " + path + ": writing failed (" + e + ")");
        }
    }

    private static long[] longs(final Shape s)
    {
        return Arrays.stream(s.dims()).asLongStream().toArray();
    }

    /** A flat row-major float[] or double[] as a nested Java array of the shape's rank (jhdf's dimensions). */
    private static Object reshape(final Object flat, final Shape shape)
    {
        return reshape(flat, shape.dims(), 0, 0);
    }

    private static Object reshape(final Object flat, final int[] dims, final int d, final int offset)
    {
        final boolean isFloat = flat instanceof float[];
        if (d == dims.length - 1)
        {
            return isFloat ? Arrays.copyOfRange((float[])flat, offset, offset + dims[d]) :
                Arrays.copyOfRange((double[])flat, offset, offset + dims[d]);
        }
        int stride = 1;
        Class<?> element = isFloat ? float.class : double.class;
        for (int i = d + 1; i < dims.length; i++)
        {
            stride *= dims[i];
            element = Array.newInstance(element, 0).getClass();
        }
        final Object out = Array.newInstance(element, dims[d]);
        for (int i = 0; i < dims[d]; i++)
        {
            Array.set(out, i, reshape(flat, dims, d + 1, offset + i * stride));
        }
        return out;
    }
}
