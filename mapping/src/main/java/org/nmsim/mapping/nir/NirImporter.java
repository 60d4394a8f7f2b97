package org.nmsim.mapping.nir;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.nmsim.mapping.net.Connectivity;
import org.nmsim.mapping.net.ConnectivityKind;
import org.nmsim.mapping.net.Network;
import org.nmsim.mapping.net.NetworkException;
import org.nmsim.mapping.net.Population;
import org.nmsim.mapping.net.PopulationRole;
import org.nmsim.mapping.net.Projection;
import org.nmsim.mapping.net.ProjectionRole;
import org.nmsim.mapping.net.Shape;
import org.nmsim.mapping.net.WeightFormat;

/**
 * Reads a NIR graph (an HDF5 file as written by NIR's {@code nir.write}) into a {@link Network}.
 *
 * <p>File layout (neuromorphs/NIR {@code nir/serialization.py}, {@code write}: the graph's {@code to_dict()} written
 * recursively): {@code /version} (string); {@code /node/type} = {@code "NIRGraph"}; one group per node under
 * {@code /node/nodes/<name>} holding a {@code type} string dataset and its parameters as datasets (arrays per
 * neuron, in the neuron shape); {@code /node/edges}, a [E, 2] string dataset of (source, target) node names.
 * A {@code type} attribute is accepted where the dataset is absent.
 *
 * <p>Mapping of NIR's node graph onto populations and projections:
 * <ul>
 *   <li>{@code Input} becomes a population (model {@code "input"}, role INPUT) of the node's {@code shape}.</li>
 *   <li>Neuron nodes become populations named after the node: {@code LIF} ({@code "lif"}: tau, r, v_leak,
 *       v_threshold, v_reset), {@code CubaLIF} ({@code "cuba-lif"}: tau_syn, tau_mem, r, v_leak, v_threshold,
 *       v_reset, w_in), {@code IF} ({@code "if"}: r, v_threshold, v_reset), {@code LI} ({@code "li"}: tau, r,
 *       v_leak). A parameter whose values are equal for every neuron becomes a shared parameter; otherwise it is
 *       kept per neuron. The shape is the parameter arrays' shape. A population that feeds an {@code Output}
 *       node has role OUTPUT.</li>
 *   <li>Weight nodes become projections named after the node: {@code Affine} (weight [out, in] + bias) and
 *       {@code Linear} as DENSE, {@code Conv2d} (groups 1, dilation 1 only) as CONV2D, {@code SumPool2d} and
 *       {@code AvgPool2d} as SUM_POOL2D and AVG_POOL2D. A weight node that feeds neuron nodes projects into
 *       them (one projection each, named {@code node->target} when there are several). A weight node that feeds
 *       another weight node or the graph's output (e.g. SumPool2d -> Flatten -> Affine) gets a population of its
 *       own, model {@code "relay"} (a non-spiking compartment that passes its summed input on), named after
 *       the node.</li>
 *   <li>{@code Flatten} is a reshape: it changes no neuron, only the shape that the next node sees.</li>
 *   <li>An edge from a population straight into a neuron node becomes a ONE_TO_ONE projection with weight 1,
 *       named {@code source->target}.</li>
 * </ul>
 * Imported projections use signed 8-bit weights, delay 1 and the soma; the NIR float weights are kept as initial
 * weights. Any other node type, a malformed file or inconsistent shapes fail with a {@link NirException} that
 * names the file and the element; no network is returned.
 *
 * <p>Threading: stateless; safe to call from several threads.
 */
public final class NirImporter
{
    /** The NIR node types this importer maps. */
    public static final Set<String> SUPPORTED_TYPES = Set.copyOf(new TreeSet<>(List.of("Input", "Output", "Affine",
        "Linear", "Conv2d", "Flatten", "SumPool2d", "AvgPool2d", "LIF", "CubaLIF", "IF", "LI")));

    private static final Set<String> NEURONS = Set.of("LIF", "CubaLIF", "IF", "LI");
    private static final Set<String> WEIGHTS = Set.of("Affine", "Linear", "Conv2d", "SumPool2d", "AvgPool2d");
    private static final Map<String, List<String>> REQUIRED = Map.of(
        "LIF", List.of("tau", "r", "v_leak", "v_threshold"),
        "CubaLIF", List.of("tau_syn", "tau_mem", "r", "v_leak", "v_threshold"),
        "IF", List.of("r", "v_threshold"),
        "LI", List.of("tau", "r", "v_leak"));
    private static final Map<String, List<String>> OPTIONAL = Map.of(
        "LIF", List.of("v_reset"),
        "CubaLIF", List.of("v_reset", "w_in"),
        "IF", List.of("v_reset"),
        "LI", List.of());
    private static final Map<String, String> MODELS = Map.of("LIF", "lif", "CubaLIF", "cuba-lif", "IF", "if", "LI",
        "li");

    private final String file;
    private final Map<String, NirNode> nodes = new TreeMap<>();
    private final Map<String, List<String>> succ = new HashMap<>();
    private final Map<String, List<String>> pred = new HashMap<>();
    private final Map<String, Shape> shapes = new HashMap<>();
    private final Set<String> resolving = new HashSet<>();

    private NirImporter(final Path path)
    {
        this.file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
    }

    /**
     * @param path a NIR file.
     * @return the network it describes, validated.
     * @throws NirException naming the file and the element when the file is unreadable, malformed, uses an
     *                      unsupported node type, or its shapes are inconsistent.
     */
    public static Network read(final Path path)
    {
        if (path == null)
        {
            throw new NirException("NIR file path=null");
        }
        if (!Files.isRegularFile(path))
        {
            throw new NirException("NIR file " + path + ": does not exist or is not a regular file");
        }
        return new NirImporter(path).importFile(path);
    }

    /**
     * @param path a NIR file.
     * @return the file's {@code /version} string, or {@code "unknown"} when absent.
     */
    public static String version(final Path path)
    {
        final NirImporter importer = new NirImporter(path);
        try (HdfFile hdf = importer.open(path))
        {
            final Node v = hdf.getChild("version");
            return v instanceof Dataset ? importer.string((Dataset)v, "/version") : "unknown";
        }
    }

    private HdfFile open(final Path path)
    {
        try
        {
            return new HdfFile(path);
        }
        catch (final RuntimeException e)
        {
            throw new NirException("NIR file " + file + ": not a readable HDF5 file (" + e.getMessage() + ")");
        }
    }

    private Network importFile(final Path path)
    {
        try (HdfFile hdf = open(path))
        {
            parse(hdf);
            return build();
        }
        catch (final NirException e)
        {
            throw e;
        }
        catch (final NetworkException e)
        {
            throw new NirException("NIR file " + file + ": " + e.getMessage());
        }
        catch (final RuntimeException e)
        {
            throw new NirException("NIR file " + file + ": cannot be read (" + e + ")");
        }
    }

    private NirException error(final String message)
    {
        return new NirException("NIR file " + file + ": " + message);
    }

    private void parse(final HdfFile hdf)
    {
        final Node root = hdf.getChild("node");
        if (!(root instanceof Group))
        {
            throw error("missing group /node (NIR stores its graph there; found " + hdf.getChildren().keySet() + ")");
        }
        final Group graph = (Group)root;
        final String graphType = type(graph, "/node");
        if (!"NIRGraph".equals(graphType))
        {
            throw error("/node has type " + graphType + ", expected NIRGraph");
        }
        final Node nodesGroup = graph.getChild("nodes");
        if (!(nodesGroup instanceof Group))
        {
            throw error("missing group /node/nodes");
        }
        for (final Map.Entry<String, Node> e : ((Group)nodesGroup).getChildren().entrySet())
        {
            if (!(e.getValue() instanceof Group))
            {
                throw error("/node/nodes/" + e.getKey() + " is not a group");
            }
            final Group g = (Group)e.getValue();
            final String type = type(g, "node " + e.getKey());
            if (!SUPPORTED_TYPES.contains(type))
            {
                throw error("node " + e.getKey() + " has type " + type + ", which is not supported (supported: " +
                    new TreeSet<>(SUPPORTED_TYPES) + ")");
            }
            nodes.put(e.getKey(), new NirNode(e.getKey(), type, g));
            succ.put(e.getKey(), new ArrayList<>());
            pred.put(e.getKey(), new ArrayList<>());
        }
        final Node edgesNode = graph.getChild("edges");
        if (!(edgesNode instanceof Dataset))
        {
            throw error("missing dataset /node/edges");
        }
        final String[] flat = strings((Dataset)edgesNode, "/node/edges");
        if (flat.length % 2 != 0)
        {
            throw error("/node/edges has " + flat.length + " names; must be [E, 2] (source, target) pairs");
        }
        for (int i = 0; i < flat.length; i += 2)
        {
            final String src = flat[i];
            final String dst = flat[i + 1];
            for (final String end : new String[] {src, dst})
            {
                if (!nodes.containsKey(end))
                {
                    throw error("edge " + i / 2 + " (" + src + " -> " + dst + "): " + end + " is not a node (have " +
                        nodes.keySet() + ")");
                }
            }
            if (nodes.get(dst).type.equals("Input"))
            {
                throw error("edge " + i / 2 + " (" + src + " -> " + dst + "): an Input node cannot be a target");
            }
            succ.get(src).add(dst);
            pred.get(dst).add(src);
        }
    }

    private Network build()
    {
        // populations: Input and neuron nodes, plus a relay for each weight node whose output is not only neurons
        final Set<String> pops = new LinkedHashSet<>();
        final Map<String, Shape> popShapes = new HashMap<>();
        final List<String> order = order();
        for (final String name : order)
        {
            final String type = nodes.get(name).type;
            if (type.equals("Input") || NEURONS.contains(type) || (WEIGHTS.contains(type) && needsRelay(name)))
            {
                popShapes.put(name, shape(name));
                pops.add(name);
            }
        }
        final Set<String> outputs = new HashSet<>();
        final List<Projection> projections = new ArrayList<>();
        for (final String name : order)
        {
            final NirNode n = nodes.get(name);
            final List<String> targets = terminals(name);
            if (WEIGHTS.contains(n.type) && pops.contains(name))
            {
                projections.add(weightProjection(n, name, name, popShapes));
            }
            else if (WEIGHTS.contains(n.type))
            {
                for (final String t : targets)
                {
                    projections.add(weightProjection(n, t, targets.size() == 1 ? name : name + "->" + t, popShapes));
                }
                continue;
            }
            if (pops.contains(name))
            {
                for (final String t : targets)
                {
                    if (NEURONS.contains(nodes.get(t).type))
                    {
                        projections.add(identity(name, t, popShapes));
                    }
                    else if (nodes.get(t).type.equals("Output"))
                    {
                        outputs.add(name);
                    }
                }
            }
        }
        final Network.Builder b = Network.builder();
        for (final String name : pops)
        {
            b.population(population(nodes.get(name), popShapes.get(name), outputs.contains(name)));
        }
        projections.forEach(b::projection);
        return b.build();
    }

    private boolean needsRelay(final String weightNode)
    {
        final List<String> t = terminals(weightNode);
        for (final String name : t)
        {
            if (!NEURONS.contains(nodes.get(name).type))
            {
                return true;
            }
        }
        return t.isEmpty();
    }

    /** The non-Flatten nodes reached from {@code name} through Flatten nodes. */
    private List<String> terminals(final String name)
    {
        final List<String> out = new ArrayList<>();
        final Deque<String> todo = new ArrayDeque<>(succ.get(name));
        final Set<String> seen = new HashSet<>();
        while (!todo.isEmpty())
        {
            final String s = todo.removeFirst();
            if (!seen.add(s))
            {
                continue;
            }
            if (nodes.get(s).type.equals("Flatten"))
            {
                todo.addAll(succ.get(s));
            }
            else
            {
                out.add(s);
            }
        }
        return out;
    }

    /** The single predecessor of a weight or Flatten node. */
    private String source(final NirNode n)
    {
        final List<String> p = pred.get(n.name);
        if (p.size() != 1)
        {
            throw error("node " + n.name + " (" + n.type + ") has " + p.size() + " inputs " + p +
                "; exactly one is supported");
        }
        return p.get(0);
    }

    /** The population carrying the signal of node {@code name}: itself, or through Flatten nodes. */
    private String carrier(final String name)
    {
        String s = name;
        while (nodes.get(s).type.equals("Flatten"))
        {
            s = source(nodes.get(s));
        }
        final NirNode n = nodes.get(s);
        if (n.type.equals("Output"))
        {
            throw error("node " + s + " (Output) cannot feed other nodes");
        }
        return s;
    }

    /** Nodes in breadth-first order from the Input nodes (then any others), names sorted at each step. */
    private List<String> order()
    {
        final List<String> out = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        final Deque<String> todo = new ArrayDeque<>();
        for (final NirNode n : nodes.values())
        {
            if (n.type.equals("Input"))
            {
                todo.add(n.name);
                seen.add(n.name);
            }
        }
        for (final String rest : nodes.keySet())
        {
            while (!todo.isEmpty())
            {
                final String s = todo.removeFirst();
                out.add(s);
                for (final String t : new TreeSet<>(succ.get(s)))
                {
                    if (seen.add(t))
                    {
                        todo.addLast(t);
                    }
                }
            }
            if (seen.add(rest))
            {
                todo.add(rest);
            }
        }
        while (!todo.isEmpty())
        {
            out.add(todo.removeFirst());
        }
        return out;
    }

    /** The output shape of a node, resolved through its inputs. */
    private Shape shape(final String name)
    {
        final Shape known = shapes.get(name);
        if (known != null)
        {
            return known;
        }
        if (!resolving.add(name))
        {
            throw error("node " + name + ": its shape depends on itself through weight or Flatten nodes only");
        }
        final NirNode n = nodes.get(name);
        final Shape s;
        switch (n.type)
        {
            case "Input":
                s = shapeOf(n, ints(n, "shape"), "shape");
                break;
            case "Output":
                s = shape(source(n));
                break;
            case "LIF":
            case "CubaLIF":
            case "IF":
            case "LI":
                s = neuronShapeFromInput(n, neuronShape(n));
                break;
            case "Affine":
            case "Linear":
            {
                final int[] w = dims(n, "weight");
                if (w.length != 2)
                {
                    throw error("node " + name + " (" + n.type + "): weight shape " + Arrays.toString(w) +
                        " must be 2-D [out, in]");
                }
                s = Shape.of(w[0]);
                break;
            }
            case "Conv2d":
                s = conv(n).outputShape(shape(source(n)));
                break;
            case "SumPool2d":
            case "AvgPool2d":
                s = pool(n).outputShape(shape(source(n)));
                break;
            case "Flatten":
                s = flatten(n, shape(source(n)));
                break;
            default:
                throw error("node " + name + " has type " + n.type + ", which is not supported");
        }
        resolving.remove(name);
        shapes.put(name, s);
        return s;
    }

    private Shape shapeOf(final NirNode n, final long[] dims, final String what)
    {
        final int[] d = new int[dims.length];
        for (int i = 0; i < dims.length; i++)
        {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE)
            {
                throw error("node " + n.name + " (" + n.type + "): " + what + " " + Arrays.toString(dims) +
                    " has an invalid dimension");
            }
            d[i] = (int)dims[i];
        }
        try
        {
            return Shape.of(d);
        }
        catch (final NetworkException e)
        {
            throw error("node " + n.name + " (" + n.type + "): " + what + ": " + e.getMessage());
        }
    }

    private Shape neuronShape(final NirNode n)
    {
        int[] shape = null;
        String from = null;
        for (final String p : REQUIRED.get(n.type))
        {
            final Dataset d = dataset(n, p);
            if (d.isScalar())
            {
                continue;
            }
            final int[] dims = d.getDimensions();
            if (shape == null)
            {
                shape = dims;
                from = p;
            }
            else if (!Arrays.equals(shape, dims))
            {
                throw error("node " + n.name + " (" + n.type + "): parameter " + p + " has shape " +
                    Arrays.toString(dims) + ", but " + from + " has " + Arrays.toString(shape) +
                    "; all parameters must have the neuron shape");
            }
        }
        if (shape == null)
        {
            throw error("node " + n.name + " (" + n.type + "): every parameter is a scalar; the number of neurons " +
                "cannot be inferred");
        }
        if (shape.length == 0)
        {
            throw error("node " + n.name + " (" + n.type + "): parameter " + from + " is empty");
        }
        return shapeOf(n, Arrays.stream(shape).asLongStream().toArray(), "parameter " + from + " shape");
    }

    /**
     * NIR neuron nodes behind a convolution or pooling (directly or through Flatten) may store flat parameter
     * arrays; such a population takes the [C, H, W] shape of that single input when the sizes agree, since a
     * population's shape is only the layout of its neurons.
     */
    private Shape neuronShapeFromInput(final NirNode n, final Shape own)
    {
        List<String> p = pred.get(n.name);
        while (p.size() == 1 && nodes.get(p.get(0)).type.equals("Flatten"))
        {
            p = pred.get(p.get(0));
        }
        if (own.rank() != 1 || p.size() != 1)
        {
            return own;
        }
        final String type = nodes.get(p.get(0)).type;
        if (!type.equals("Conv2d") && !type.equals("SumPool2d") && !type.equals("AvgPool2d"))
        {
            return own;
        }
        final Shape in = shape(p.get(0));
        return in.size() == own.size() ? in : own;
    }

    private Shape flatten(final NirNode n, final Shape in)
    {
        final long start = scalarLong(n, "start_dim");
        final long end = scalarLong(n, "end_dim");
        if (has(n, "input_type"))
        {
            final Shape declared = shapeOf(n, ints(n, "input_type"), "input_type");
            if (!declared.equals(in))
            {
                throw error("node " + n.name + " (Flatten): input_type " + declared + " does not match the shape " +
                    in + " of its input " + source(n));
            }
        }
        final int rank = in.rank();
        final int s = (int)(start < 0 ? start + rank : start);
        final int e = (int)(end < 0 ? end + rank : end);
        if (s < 0 || e >= rank || s > e)
        {
            throw error("node " + n.name + " (Flatten): start_dim=" + start + ", end_dim=" + end +
                " are not a dimension range of " + in);
        }
        final int[] d = in.dims();
        final int[] out = new int[rank - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++)
        {
            out[k++] = d[i];
        }
        int middle = 1;
        for (int i = s; i <= e; i++)
        {
            middle *= d[i];
        }
        out[k++] = middle;
        for (int i = e + 1; i < rank; i++)
        {
            out[k++] = d[i];
        }
        return Shape.of(out);
    }

    private Connectivity.Conv2d conv(final NirNode n)
    {
        final int[] w = dims(n, "weight");
        if (w.length != 4)
        {
            throw error("node " + n.name + " (Conv2d): weight shape " + Arrays.toString(w) +
                " must be 4-D [out_channels, in_channels, kernel_h, kernel_w]");
        }
        final long groups = scalarLong(n, "groups");
        if (groups != 1)
        {
            throw error("node " + n.name + " (Conv2d): groups=" + groups + " is not supported (only groups=1)");
        }
        final long[] dilation = pair(n, "dilation");
        if (dilation[0] != 1 || dilation[1] != 1)
        {
            throw error("node " + n.name + " (Conv2d): dilation=" + Arrays.toString(dilation) +
                " is not supported (only dilation=1)");
        }
        final long[] stride = pair(n, "stride");
        final long[] padding = padding(n, w[2], w[3], stride);
        final Shape in = shape(source(n));
        if (in.rank() != 3 || in.dim(0) != w[1])
        {
            throw error("node " + n.name + " (Conv2d): weight shape " + Arrays.toString(w) + " needs an input [C=" +
                w[1] + ", H, W], but its input " + source(n) + " has shape " + in);
        }
        if (has(n, "input_shape"))
        {
            final long[] declared = ints(n, "input_shape");
            if (declared.length != 2 || declared[0] != in.dim(1) || declared[1] != in.dim(2))
            {
                throw error("node " + n.name + " (Conv2d): input_shape=" + Arrays.toString(declared) +
                    " does not match the [H, W] of its input " + source(n) + " " + in);
            }
        }
        try
        {
            return new Connectivity.Conv2d(w[1], w[0], w[2], w[3], (int)stride[0], (int)stride[1], (int)padding[0],
                (int)padding[1]);
        }
        catch (final NetworkException e)
        {
            throw error("node " + n.name + " (Conv2d): " + e.getMessage());
        }
    }

    private long[] padding(final NirNode n, final int kh, final int kw, final long[] stride)
    {
        final Dataset d = dataset(n, "padding");
        if (d.getJavaType() == String.class)
        {
            final String p = string(d, "node " + n.name + " padding");
            if (p.equals("valid"))
            {
                return new long[] {0, 0};
            }
            if (p.equals("same") && kh % 2 == 1 && kw % 2 == 1 && stride[0] == 1 && stride[1] == 1)
            {
                return new long[] {(kh - 1) / 2, (kw - 1) / 2};
            }
            throw error("node " + n.name + " (" + n.type + "): padding='" + p + "' is not supported (only 'valid'," +
                " 'same' with odd kernels and stride 1, or integers)");
        }
        return pair(n, "padding");
    }

    private Connectivity.Pool2d pool(final NirNode n)
    {
        final long[] k = pair(n, "kernel_size");
        final long[] s = pair(n, "stride");
        final long[] p = pair(n, "padding");
        final Shape in = shape(source(n));
        if (in.rank() != 3)
        {
            throw error("node " + n.name + " (" + n.type + ") needs an input [C, H, W], but its input " + source(n) +
                " has shape " + in);
        }
        try
        {
            return new Connectivity.Pool2d(n.type.equals("SumPool2d") ? ConnectivityKind.SUM_POOL2D :
                ConnectivityKind.AVG_POOL2D, (int)k[0], (int)k[1], (int)s[0], (int)s[1], (int)p[0], (int)p[1]);
        }
        catch (final NetworkException e)
        {
            throw error("node " + n.name + " (" + n.type + "): " + e.getMessage());
        }
    }

    private Projection weightProjection(final NirNode n, final String target, final String projectionName,
        final Map<String, Shape> popShapes)
    {
        final String src = source(n);
        final String from = carrier(src);
        final Shape in = shape(src);
        final Shape out = shape(n.name);
        final Shape to = popShapes.get(target);
        final String fromText = "from=" + from + " (" + in.size() + ")";
        final String toText = "to=" + target + " (" + to.size() + ")";
        final Connectivity c;
        float[] weights = null;
        float[] bias = null;
        switch (n.type)
        {
            case "Affine":
            case "Linear":
            {
                final int[] w = dims(n, "weight");
                if (w[1] != in.size() || w[0] != to.size())
                {
                    throw error("node " + n.name + " (" + n.type + "): weight shape " + Arrays.toString(w) +
                        " does not match " + fromText + " x " + toText);
                }
                if (in.rank() != 1)
                {
                    throw error("node " + n.name + " (" + n.type + "): input " + src + " has shape " + in +
                        "; a dense layer needs a flat input (add a Flatten node)");
                }
                c = Connectivity.dense();
                weights = floats(n, "weight");
                if (n.type.equals("Affine"))
                {
                    bias = floats(n, "bias");
                    if (bias.length != w[0])
                    {
                        throw error("node " + n.name + " (Affine): bias has " + bias.length + " values, weight shape " +
                            Arrays.toString(w) + " needs " + w[0]);
                    }
                }
                break;
            }
            case "Conv2d":
            {
                final Connectivity.Conv2d conv = conv(n);
                if (to.size() != out.size())
                {
                    throw error("node " + n.name + " (Conv2d): output shape " + out + " (" + out.size() +
                        ") does not match " + toText + " " + to);
                }
                c = conv;
                weights = floats(n, "weight");
                bias = floats(n, "bias");
                if (bias.length != conv.outChannels())
                {
                    throw error("node " + n.name + " (Conv2d): bias has " + bias.length + " values, needs " +
                        conv.outChannels() + " (out_channels)");
                }
                break;
            }
            default:
            {
                final Connectivity.Pool2d pool = pool(n);
                if (to.size() != out.size())
                {
                    throw error("node " + n.name + " (" + n.type + "): output shape " + out + " (" + out.size() +
                        ") does not match " + toText + " " + to);
                }
                c = pool;
                break;
            }
        }
        return new Projection(projectionName, from, target, c, WeightFormat.SIGNED_8, 1, Projection.SOMA,
            ProjectionRole.FORWARD, weights, bias);
    }

    private Projection identity(final String from, final String to, final Map<String, Shape> popShapes)
    {
        final int n = popShapes.get(to).size();
        if (popShapes.get(from).size() != n)
        {
            throw error("edge " + from + " -> " + to + ": " + from + " has " + popShapes.get(from).size() +
                " neurons, " + to + " has " + n + "; a direct edge needs equal sizes");
        }
        final float[] ones = new float[n];
        Arrays.fill(ones, 1.0f);
        return new Projection(from + "->" + to, from, to, Connectivity.oneToOne(), WeightFormat.SIGNED_8, 1,
            Projection.SOMA, ProjectionRole.FORWARD, ones, null);
    }

    private Population population(final NirNode n, final Shape shape, final boolean output)
    {
        final PopulationRole role = n.type.equals("Input") ? PopulationRole.INPUT :
            output ? PopulationRole.OUTPUT : PopulationRole.HIDDEN;
        if (n.type.equals("Input"))
        {
            return Population.of(n.name, shape, "input", Map.of(), role);
        }
        if (WEIGHTS.contains(n.type))
        {
            return Population.of(n.name, shape, "relay", Map.of(), role);
        }
        final Map<String, Double> shared = new TreeMap<>();
        final Map<String, double[]> perNeuron = new TreeMap<>();
        final List<String> names = new ArrayList<>(REQUIRED.get(n.type));
        for (final String p : OPTIONAL.get(n.type))
        {
            if (has(n, p))
            {
                names.add(p);
            }
        }
        for (final String p : names)
        {
            final double[] v = doubles(n, p);
            if (v.length == 1 && dataset(n, p).isScalar())
            {
                shared.put(p, v[0]);
                continue;
            }
            if (v.length != shape.size())
            {
                throw error("node " + n.name + " (" + n.type + "): parameter " + p + " has " + v.length +
                    " values, the population has " + shape.size() + " neurons");
            }
            boolean uniform = true;
            for (final double x : v)
            {
                uniform &= Double.compare(x, v[0]) == 0;
            }
            if (uniform)
            {
                shared.put(p, v[0]);
            }
            else
            {
                perNeuron.put(p, v);
            }
        }
        return new Population(n.name, shape, MODELS.get(n.type), shared, perNeuron, role);
    }

    // ---- HDF5 access, every failure naming the file and the element ----

    private String type(final Group g, final String where)
    {
        final Node t = g.getChild("type");
        if (t instanceof Dataset)
        {
            return string((Dataset)t, where + " type");
        }
        final Attribute a = g.getAttribute("type");
        if (a != null && a.getData() instanceof String)
        {
            return (String)a.getData();
        }
        throw error(where + " has no type (neither a 'type' dataset nor attribute)");
    }

    private String string(final Dataset d, final String where)
    {
        final Object data = d.getData();
        if (data instanceof String)
        {
            return (String)data;
        }
        throw error(where + " is not a string (" + d.getJavaType().getSimpleName() + " " +
            Arrays.toString(d.getDimensions()) + ")");
    }

    private String[] strings(final Dataset d, final String where)
    {
        if (d.isEmpty() || d.getSize() == 0)
        {
            return new String[0]; // h5py writes an empty edge list as an empty float dataset
        }
        if (d.getJavaType() != String.class)
        {
            throw error(where + " is not a string dataset (" + d.getJavaType().getSimpleName() + ")");
        }
        final Object flat = d.getDataFlat();
        if (flat instanceof Object[])
        {
            final Object[] o = (Object[])flat;
            final String[] s = new String[o.length];
            for (int i = 0; i < o.length; i++)
            {
                s[i] = String.valueOf(o[i]);
            }
            return s;
        }
        throw error(where + " is not a string array");
    }

    private boolean has(final NirNode n, final String key)
    {
        return n.group.getChild(key) instanceof Dataset;
    }

    private Dataset dataset(final NirNode n, final String key)
    {
        final Node d = n.group.getChild(key);
        if (!(d instanceof Dataset))
        {
            throw error("node " + n.name + " (" + n.type + "): missing dataset " + key);
        }
        return (Dataset)d;
    }

    private int[] dims(final NirNode n, final String key)
    {
        return dataset(n, key).getDimensions();
    }

    private Object numbers(final NirNode n, final String key)
    {
        final Dataset d = dataset(n, key);
        final Object data = d.isScalar() ? d.getData() : d.getDataFlat();
        if (data instanceof Number || data instanceof float[] || data instanceof double[] || data instanceof long[] ||
            data instanceof int[] || data instanceof short[] || data instanceof byte[])
        {
            return data;
        }
        throw error("node " + n.name + " (" + n.type + "): dataset " + key + " is not numeric (" +
            d.getJavaType().getSimpleName() + ")");
    }

    private double[] doubles(final NirNode n, final String key)
    {
        final Object data = numbers(n, key);
        if (data instanceof Number)
        {
            return new double[] {((Number)data).doubleValue()};
        }
        final int len = Array.getLength(data);
        final double[] out = new double[len];
        for (int i = 0; i < len; i++)
        {
            out[i] = ((Number)Array.get(data, i)).doubleValue();
        }
        return out;
    }

    private float[] floats(final NirNode n, final String key)
    {
        final Object data = numbers(n, key);
        if (data instanceof float[])
        {
            return (float[])data;
        }
        final double[] d = doubles(n, key);
        final float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++)
        {
            out[i] = (float)d[i];
        }
        return out;
    }

    private long[] ints(final NirNode n, final String key)
    {
        final double[] d = doubles(n, key);
        final long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++)
        {
            if (d[i] != Math.rint(d[i]))
            {
                throw error("node " + n.name + " (" + n.type + "): " + key + "[" + i + "]=" + d[i] +
                    " must be an integer");
            }
            out[i] = (long)d[i];
        }
        return out;
    }

    private long scalarLong(final NirNode n, final String key)
    {
        final long[] v = ints(n, key);
        if (v.length != 1)
        {
            throw error("node " + n.name + " (" + n.type + "): " + key + "=" + Arrays.toString(v) +
                " must be a single integer");
        }
        return v[0];
    }

    /** An int or a pair of ints (as NIR stores stride, padding, dilation, kernel_size), as a pair. */
    private long[] pair(final NirNode n, final String key)
    {
        final long[] v = ints(n, key);
        if (v.length == 1)
        {
            return new long[] {v[0], v[0]};
        }
        if (v.length != 2)
        {
            throw error("node " + n.name + " (" + n.type + "): " + key + "=" + Arrays.toString(v) +
                " must be one or two integers");
        }
        return v;
    }

    /** One node of the file: its name, its NIR type and its HDF5 group. */
    private static final class NirNode
    {
        final String name;
        final String type;
        final Group group;

        NirNode(final String name, final String type, final Group group)
        {
            this.name = name;
            this.type = type;
            this.group = group;
        }
    }
}
