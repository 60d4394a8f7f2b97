#!/usr/bin/python3
"""Writes the NIR test fixtures of org.nmsim.mapping.nir.NirImporterTest.

Run from the repository root (deterministic: same bytes' content every run, no randomness):

    /usr/bin/python3 mapping/src/test/resources/org/nmsim/mapping/nir/make_nir_fixtures.py

Needs only numpy and h5py (python3-h5py), not the nir package. The layout is the one NIR's own writer
produces: neuromorphs/NIR nir/serialization.py write() (commit 0a26462), which stores graph.to_dict()
(nir/ir/node.py: dataclasses.asdict(node) plus "type" = class name; NIRGraph.to_dict recurses into "nodes";
Input adds "shape"; Flatten stores input_type as an array) with write_recursive():
  /version                 string dataset
  /node/type               string dataset "NIRGraph"
  /node/nodes/<name>/...   one group per node; str -> string dataset, np.ndarray -> dataset of that dtype
                           (gzip), dict -> group (e.g. input_type/input), other (int, tuple) -> plain dataset;
                           an empty "metadata" dict is skipped
  /node/edges              2-D variable-length string dataset [E, 2] of (source, target) names
  /node/input_type/<input node name>, /node/output_type/<output node name>: shapes

Weights and parameters are chosen to be exact in float32 so that the Java test can recompute them with the
same formulas (documented next to each array below).
"""
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
VERSION = "1.0.0"  # placeholder for nir.version; the importer records it but does not depend on it
F32 = np.float32


def write_recursive(group, node):
    """nir/serialization.py write_recursive, compression='gzip' (the writer's default)."""
    for k, v in node.items():
        if k == "metadata":
            if not v == {}:
                write_recursive(group.create_group(k), v)
        elif isinstance(v, str):
            group.create_dataset(k, data=v, dtype=h5py.string_dtype())
        elif isinstance(v, np.ndarray):
            group.create_dataset(k, data=v, dtype=v.dtype, compression="gzip")
        elif isinstance(v, dict):
            write_recursive(group.create_group(str(k)), v)
        else:
            group.create_dataset(k, data=v)


def write(filename, nodes, edges):
    inputs = {k: n["shape"] for k, n in nodes.items() if n["type"] == "Input"}
    outputs = {k: n["output_type"]["output"] for k, n in nodes.items() if n["type"] == "Output"}
    graph = {"nodes": nodes, "edges": edges, "input_type": inputs, "output_type": outputs, "metadata": {},
             "type": "NIRGraph"}
    with h5py.File(os.path.join(HERE, filename), "w") as f:
        f.create_dataset("version", data=VERSION, dtype=h5py.string_dtype())
        write_recursive(f.create_group("node"), graph)


# Node dictionaries in the field order of dataclasses.asdict for each nir.ir class.
def input_node(shape):
    shape = np.array(shape, dtype=np.int64)
    return {"input_type": {"input": shape}, "metadata": {}, "type": "Input", "shape": shape}


def output_node(shape):
    return {"output_type": {"output": np.array(shape, dtype=np.int64)}, "metadata": {}, "type": "Output"}


def affine(weight, bias):
    return {"weight": weight, "bias": bias, "type": "Affine"}


def linear(weight):
    return {"weight": weight, "type": "Linear"}


def io_types(shape):
    shape = np.array(shape, dtype=np.int64)
    return {"input_type": {"input": shape}, "output_type": {"output": shape}, "metadata": {}}


def lif(tau, r, v_leak, v_threshold):
    d = {"tau": tau, "r": r, "v_leak": v_leak, "v_threshold": v_threshold, "v_reset": np.zeros_like(v_threshold)}
    d.update(io_types(tau.shape))
    d["type"] = "LIF"
    return d


def cuba_lif(tau_syn, tau_mem, r, v_leak, v_threshold, w_in):
    d = {"tau_syn": tau_syn, "tau_mem": tau_mem, "r": r, "v_leak": v_leak, "v_threshold": v_threshold,
         "v_reset": np.zeros_like(v_threshold), "w_in": w_in}
    d.update(io_types(tau_mem.shape))
    d["type"] = "CubaLIF"
    return d


def if_node(r, v_threshold):
    d = {"r": r, "v_threshold": v_threshold, "v_reset": np.zeros_like(v_threshold)}
    d.update(io_types(r.shape))
    d["type"] = "IF"
    return d


def li(tau, r, v_leak):
    d = {"tau": tau, "r": r, "v_leak": v_leak}
    d.update(io_types(tau.shape))
    d["type"] = "LI"
    return d


def conv2d(input_shape, weight, stride, padding, dilation, groups, bias):
    # Conv2d.__post_init__ turns int stride/padding/dilation into tuples; h5py stores tuples as int64 arrays.
    return {"input_shape": tuple(input_shape), "weight": weight, "stride": (stride, stride),
            "padding": (padding, padding), "dilation": (dilation, dilation), "groups": groups, "bias": bias,
            "type": "Conv2d"}


def sum_pool2d(kernel, stride, padding):
    return {"kernel_size": np.array([kernel, kernel]), "stride": np.array([stride, stride]),
            "padding": np.array([padding, padding]), "type": "SumPool2d"}


def flatten(input_shape, start_dim, end_dim):
    return {"input_type": np.array(input_shape, dtype=np.int64), "start_dim": start_dim, "end_dim": end_dim,
            "type": "Flatten"}


def pattern(shape, modulus, offset, scale):
    """w.flat[k] = ((k % modulus) - offset) * scale, float32 (exact for the values used here)."""
    n = int(np.prod(shape))
    return (((np.arange(n) % modulus) - offset) * scale).astype(F32).reshape(shape)


def full(shape, value, dtype=F32):
    return np.full(shape, value, dtype=dtype)


def mlp():
    # input(12) -fc1-> lif1(8) -fc2-> lif2(3) -> output
    nodes = {
        "input": input_node([12]),
        "fc1": affine(pattern((8, 12), 7, 3, 0.125), pattern((8,), 3, 1, 0.5)),
        "lif1": lif(full(8, 0.02), full(8, 1.0), full(8, 0.0), full(8, 1.0)),
        "fc2": affine(pattern((3, 8), 5, 2, 0.25), np.zeros(3, dtype=F32)),
        # per-neuron thresholds 1.0, 1.5, 2.0 (float64, as a hand-written graph might have them)
        "lif2": lif(full(3, 0.05, np.float64), full(3, 1.0, np.float64), full(3, 0.0, np.float64),
                    np.array([1.0, 1.5, 2.0])),
        "output": output_node([3]),
    }
    edges = [("input", "fc1"), ("fc1", "lif1"), ("lif1", "fc2"), ("fc2", "lif2"), ("lif2", "output")]
    write("mlp.nir", nodes, edges)


def conv(groups=1, name="conv.nir", if_channels=4):
    # input [2, 8, 8] -conv (4x2x3x3, stride 1, padding 1)-> if1 [4, 8, 8] -pool (sum 2x2, stride 2)-> [4, 4, 4]
    # -flat-> [64] -fc (5 x 64)-> cuba(5) -> output
    nodes = {
        "input": input_node([2, 8, 8]),
        "conv": conv2d((8, 8), pattern((4, 2 // groups, 3, 3), 9, 4, 0.0625), 1, 1, 1, groups,
                       np.array([0.5, -0.5, 0.25, 0.0], dtype=F32)),
        "if1": if_node(full((if_channels, 8, 8), 1.0), full((if_channels, 8, 8), 0.75)),
        "pool": sum_pool2d(2, 2, 0),
        "flat": flatten([4, 4, 4], 0, -1),
        "fc": affine(pattern((5, 64), 11, 5, 0.03125), np.zeros(5, dtype=F32)),
        "cuba": cuba_lif(full(5, 0.005), full(5, 0.01), full(5, 1.0), full(5, 0.0), full(5, 1.0), full(5, 1.0)),
        "output": output_node([5]),
    }
    edges = [("input", "conv"), ("conv", "if1"), ("if1", "pool"), ("pool", "flat"), ("flat", "fc"),
             ("fc", "cuba"), ("cuba", "output")]
    write(name, nodes, edges)


def li_readout():
    # input(6) -lin (4 x 6, no bias)-> readout LI(4) -> output
    nodes = {
        "input": input_node([6]),
        "lin": linear(pattern((4, 6), 4, 1, 0.5)),
        "readout": li(full(4, 0.1), full(4, 2.0), full(4, -0.5)),
        "output": output_node([4]),
    }
    edges = [("input", "lin"), ("lin", "readout"), ("readout", "output")]
    write("li_readout.nir", nodes, edges)


def unsupported():
    # a Threshold node (nir/ir/surrogate_gradient.py) between the LIF and the output
    nodes = {
        "input": input_node([4]),
        "fc": affine(pattern((2, 4), 3, 1, 0.5), np.zeros(2, dtype=F32)),
        "lif": lif(full(2, 0.02), full(2, 1.0), full(2, 0.0), full(2, 1.0)),
        "thr": dict(threshold=full(2, 0.5), **io_types((2,)), type="Threshold"),
        "output": output_node([2]),
    }
    edges = [("input", "fc"), ("fc", "lif"), ("lif", "thr"), ("thr", "output")]
    write("unsupported.nir", nodes, edges)


def inconsistent():
    # fc1 maps 12 -> 8, but lif1 has 7 neurons
    nodes = {
        "input": input_node([12]),
        "fc1": affine(pattern((8, 12), 7, 3, 0.125), np.zeros(8, dtype=F32)),
        "lif1": lif(full(7, 0.02), full(7, 1.0), full(7, 0.0), full(7, 1.0)),
        "output": output_node([7]),
    }
    edges = [("input", "fc1"), ("fc1", "lif1"), ("lif1", "output")]
    write("inconsistent.nir", nodes, edges)


def conv_same_avg():
    # input [1, 6, 6] -conv (2x1x3x3, padding 'same' stored as a string)-> lif [72] (flat parameter arrays)
    # -avg (AvgPool2d 2x2, stride 2)-> output: the pool's relay population [2, 3, 3] is the graph's output
    conv_node = conv2d((6, 6), pattern((2, 1, 3, 3), 9, 4, 0.125), 1, 0, 1, 1, np.zeros(2, dtype=F32))
    conv_node["padding"] = "same"
    nodes = {
        "input": input_node([1, 6, 6]),
        "conv": conv_node,
        "lif": lif(full(72, 0.02), full(72, 1.0), full(72, 0.0), full(72, 1.0)),
        "avg": {"kernel_size": np.array([2, 2]), "stride": np.array([2, 2]), "padding": np.array([0, 0]),
                "type": "AvgPool2d"},
        "output": output_node([2, 3, 3]),
    }
    edges = [("input", "conv"), ("conv", "lif"), ("lif", "avg"), ("avg", "output")]
    write("conv_same_avg.nir", nodes, edges)


def bad_edge():
    # the edge list names "lif2", which is not a node
    nodes = {
        "input": input_node([4]),
        "fc": affine(pattern((2, 4), 3, 1, 0.5), np.zeros(2, dtype=F32)),
        "lif": lif(full(2, 0.02), full(2, 1.0), full(2, 0.0), full(2, 1.0)),
        "output": output_node([2]),
    }
    edges = [("input", "fc"), ("fc", "lif2"), ("lif", "output")]
    write("bad_edge.nir", nodes, edges)


def missing_node_group():
    with h5py.File(os.path.join(HERE, "missing_node.nir"), "w") as f:
        f.create_dataset("version", data=VERSION, dtype=h5py.string_dtype())
        f.create_group("graph")


if __name__ == "__main__":
    mlp()
    conv()
    conv(groups=2, name="conv_groups.nir")
    conv_same_avg()
    li_readout()
    unsupported()
    inconsistent()
    bad_edge()
    missing_node_group()
