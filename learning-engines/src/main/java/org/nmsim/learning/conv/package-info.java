/**
 * The convolutional spiking network of paper 000 §5 (notation {@code 128C3-AP2-256C3-AP2-512C3-AP2-512C3-FC}), trained
 * online on chip by FGT with momentum feedback (eq. 4-8), vanilla forward gradients (FGT w/o m) or DFA, as local
 * rules: the online MLP's model (learning-engines/MODEL.md: neuron, OTTT traces, surrogate, loss, phase schedule)
 * with convolutions in place of dense layers.
 *
 * <h2>Network</h2>
 * Input {@code x} ({@code [C, H, W]}, pixel intensities in [0, 1], direct current every step). Hidden layers
 * {@code l = 1..L}: 3x3 convolutions, stride 1, zero padding 1, with a bias per output channel, and LIF neurons on
 * every (channel, position): {@code u[t] = lambda (u[t-1] - V_th s[t-1]) + (K * in)[t] + b},
 * {@code s = u > V_th}, lambda = 0.5, V_th = 1. {@code AP2} after a layer is 2x2 average pooling (stride 2, floor).
 * The readout is fully connected from the flattened (pooled) last layer to the classes, non-spiking, with
 * {@code e^N[t] = softmax(u^N[t]) - onehot(y)}. The paper's scaled weight standardization is NOT applied: kernels
 * are used as stored. Kernels start uniform in {@code +-1/sqrt(9 C_in)} (PyTorch's default), biases at 0.
 *
 * <h2>Pooling folded into synapses</h2>
 * Average pooling is linear, so there are no pooling neurons: a spike (or FGT signal) of pre-pool neuron
 * {@code (c, y, x)} reaches the cores of the next layer, which add {@code w / 4} (the value times 1/4) at pooled
 * position {@code (y / 2, x / 2)}'s receptive fields; neurons that floor pooling drops send nothing. The next layer's
 * presynaptic trace is the trace of the pooled input (also linear: the 1/4-weighted sum of the pre-pool traces).
 *
 * <h2>Learning (per step, OTTT_A)</h2>
 * For every hidden neuron {@code j = (c, y, x)}: FGT draws {@code v_j = +-1} and propagates
 * {@code z^{l,l} = v}, {@code z^{i+1,l} = conv(pool(z^{i,l})) f(u^{i+1})}, {@code z^{N,l} = W pool(z^{L,l})};
 * {@code M_j <- lambda_M M_j + (1 - lambda_M) v_j z^{N,l}} (width m) and {@code g_j = M_j . e}; FGT (w/o m):
 * {@code g_j = <e, z^{N,l}> v_j}; DFA: {@code g_j = B_j . e} with fixed uniform {@code B_j} in {@code +-1/sqrt(m)}.
 * {@code d_j = g_j f(u_j)}; kernel gradient (weight sharing) {@code grad K[o,c,ky,kx] += sum_{y,x} d(o,y,x)
 * ahat_in(c, y+ky-1, x+kx-1)}, bias {@code grad b[o] += sum_{y,x} d(o,y,x)}; at the end of the sample (or of
 * {@code batch} samples) {@code K <- K - (eta / batch) grad K}.
 *
 * <h2>On chip</h2>
 * One algorithmic step is {@code L + 2} kernel phases (0 input, l layer l, L + 1 readout); a sample is
 * {@code (L + 2)(T + 1)} kernel steps, the last algorithmic step being the learning epoch, as in MODEL.md. A hidden
 * layer is split by output channels into blocks that fit a core's compartments and synaptic memory (kernels,
 * gradient accumulators, presynaptic traces of the input rows it sees, M or B, FGT's signs); when one channel's map
 * does not fit, each channel is split into bands of rows, every band holding its own copy of the channel's kernel
 * (charged to each core that holds it). Bands of one channel keep their copies equal: at the learning epoch each
 * sends its partial kernel and bias gradients to its sibling bands (counted graded messages), and in the next phase
 * every band adds all partials in band order and applies the same update (in fixed point, rounding stochastically
 * from a stream seeded identically on every band of the group). Spikes and FGT signals of each layer travel forward as
 * their own channels; e^N and z^{N,l} come back from the readout core. Every send is priced by its multicast tree
 * (PortCosts), every synaptic op, neuron update, trace update and learning update counted on its core.
 *
 * <p>{@link org.nmsim.learning.conv.DenseConvReference} is the dense, NON-LOCAL float64 reference the chip is tested
 * against; reference/conv/ottt_conv.py is the independent PyTorch computation.
 */
package org.nmsim.learning.conv;
