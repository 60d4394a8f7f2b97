package org.nmsim.mapping.net;

/** The connectivity kinds of {@link Connectivity}, for reports and switches. */
public enum ConnectivityKind
{
    /** All-to-all. */
    DENSE,
    /** A subset of all-to-all: random with a probability and a seed, or explicit (pre, post) pairs. */
    SPARSE,
    /** 2-D convolution over [C, H, W] populations. */
    CONV2D,
    /** 2-D average pooling, per channel. */
    AVG_POOL2D,
    /** 2-D sum pooling, per channel. */
    SUM_POOL2D,
    /** Neuron i to neuron i. */
    ONE_TO_ONE
}
