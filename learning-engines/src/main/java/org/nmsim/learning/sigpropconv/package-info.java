/**
 * The convolutional spiking network of paper 002 section VI ("The SNN has 4 layers. The first two are convolutional
 * layers, each followed by batch normalization, an IF node, and a 2x2 max pooling. The last two layers are fully
 * connected, with one being the classification layer.") trained on a simulated chip by forward signal propagation.
 * Methods {@code sigprop-conv-surrogate}, {@code sigprop-conv-voltage}, {@code sigprop-conv-shallow}: the same three
 * models as the fully connected {@link org.nmsim.learning.sigprop} (read its package documentation first; this one
 * lists what differs).
 *
 * <h2>Network</h2>
 * Input {@code x} ({@code [C, H, W]}, intensities in [0, 1], direct current at every step). Conv layers
 * {@code l = 1..L} ({@code algorithm.conv}, default
 * {@value org.nmsim.learning.sigpropconv.SigconvFactory#DEFAULT_CONV}; the paper gives no channel counts):
 * {@code k x k} kernels, stride 1, zero padding {@code (k - 1) / 2}, one bias per output channel, IF neurons on
 * every (channel, row, column), each layer followed by 2x2 max pooling (stride 2; the map must have even height and
 * width). Layer {@code L + 1}: fully connected IF layer of {@code fc} neurons (default
 * {@value org.nmsim.learning.sigpropconv.SigconvFactory#DEFAULT_FC}) on the flattened pooled output of layer L. Layer
 * {@code L + 2}: the classification layer, exactly as in the FC sigprop ({@code ubar = (1/T) sum_t u[t]}, its own
 * cross entropy, {@code eta_readout}). IF dynamics, V_th (0.5 FSP, 1.0 shallow), T = 4, the arc-tangent surrogate,
 * reset by subtraction with the reset detached: as in the FC sigprop. Initialisation: hidden weights uniform in
 * {@code +-gain / sqrt(fan-in)} ({@code init_gain}, default 1), the classification layer {@code +-1/sqrt(fc)}, S
 * {@code +-1/sqrt(m)}, biases 0.
 *
 * <h2>Targets</h2>
 * As in the FC sigprop: m extra channels, {@code m + 1} compartments per neuron on EVERY hidden layer (conv ones
 * included), target spikes on the routes and synapses of the input channel. The target generator S maps the one-hot
 * context to the target channels of conv layer 1, one row per conv-1 neuron ({@code S: [C1 H W] x m}, dense; bias d per
 * neuron), i.e. {@code t_1^q = f(S c_q + d)} shaped like conv 1's output. Sparse targets and the target-loop generator
 * are not built for this net.
 *
 * <h2>2x2 max pooling, on the layer's own cores</h2>
 * Max pooling is not linear, so it is not folded into synapses (as the conv learner folds average pooling). A conv
 * layer is partitioned into ranges of whole pooling blocks (pooled units in (channel, pooled row, pooled column)
 * order, 4 neurons each, so a core's rows come in pairs); for every block and channel (input and target channels
 * alike) the core computes the pooled spike, the OR of the 4 binary spikes, and sends only pooled spikes onward.
 * <ul>
 *   <li>Layer output in the local loss: the POOLED h, {@code hp^c_u = max_{j in block u} h^c_j} with h as in the FC
 *       sigprop ({@code g(v - V_th)} for surrogate, {@code v} for voltage; both increasing in v, so the max-h neuron is
 *       the max-v neuron, and it is one that spiked whenever any did).</li>
 *   <li>Gradient through max pooling: the whole gradient of {@code hp^c_u} goes to the block's arg max
 *       {@code j* = argmax_j h^c_j} (ties: the first in raster order (0,0), (0,1), (1,0), (1,1)), separately per
 *       channel; the other three neurons get none. {@link org.nmsim.learning.sigpropconv.DenseSigconvReference}
 *       applies the same rule.</li>
 * </ul>
 *
 * <h2>Local loss and gradient (per hidden layer, per step)</h2>
 * {@code z_q = O_dot(hp^0, hp^{q+1}) = sum_u hp^0_u hp^{q+1}_u} over the layer's whole pooled output (the fc layer:
 * its neurons), {@code e = softmax(z) - onehot(y)}; each core sends its m partial sums to the layer's loss core
 * ({@link org.nmsim.learning.sigprop.LossCore}, reused), which sends e back. {@code delta^0_{j*} =
 * (sum_q e_q hp^{q+1}_u) g'(v^0_{j*})} at channel 0's arg max, {@code delta^{q+1}_{j*} = e_q hp^0_u g'(v^{q+1}_{j*})}
 * at channel q+1's arg max. Kernel gradient (weight sharing): {@code grad K[o, c, ky, kx] += sum_{(o, y, x)}
 * sum_ch delta^ch(o, y, x) a^ch(c, y + ky - p, x + kx - p)} with a the presynaptic traces (counts of pooled spikes, or
 * summed intensities on layer 1, since the sample began), bias {@code grad b[o] += t sum delta}; on conv 1 only the
 * input channel updates K and b, the target channels update S and d ({@code grad S_jq += t delta^{q+1}_j}). SGD or Adam
 * at the end of the sample (below).
 *
 * <h2>Optimizer ({@code algorithm.optimizer: sgd | adam}, default sgd)</h2>
 * SGD: {@code W -= eta grad W} (weights whose gradient is 0 are not touched). Adam
 * ({@link org.nmsim.learning.sigprop.AdamMoments}, {@code torch.optim.Adam}'s update; {@code adam_beta1},
 * {@code adam_beta2}, {@code adam_eps}; rates {@code eta} for hidden layers, S and d and {@code eta_readout} for the
 * classification layer, defaults {@value org.nmsim.learning.sigpropconv.SigconvFactory#DEFAULT_ETA_ADAM} and
 * {@value org.nmsim.learning.sigpropconv.SigconvFactory#DEFAULT_ETA_READOUT_ADAM}): a first and second moment per
 * trained weight (kernel weights: one pair per weight of the kernel, its gradient already summed over positions and
 * holders), stored on the core that owns the weight and charged to its LEARNING_STATE budget (fixed point: m and v at
 * twice the gradient width each, 4 x gradient bits per weight); every weight is updated after every sample; per
 * update 6 multiplies, 3 adds, 2 divisions, 1 square root, 2 reads and 2 writes of moment words are counted. A conv
 * channel's holders keep identical moments (same summed gradient, the channel's shared rounding stream). With batch
 * 1 this is Adam on single samples, not the paper's batch 128.
 *
 * <h2>Normalisation ({@code algorithm.norm: none | running}, default none)</h2>
 * The paper puts batch normalisation between each conv layer and its IF neurons (batch 128). The chip trains with
 * batch 1, and the exact per-sample statistics (per channel, over the sample's positions, at every step) would need
 * every core of a channel to exchange partial sums and wait for the total before any of its neurons can integrate:
 * an extra kernel step per conv layer and time step, plus a second exchange in the backward pass (the statistics
 * depend on the sample). Not built. {@code norm: running} instead normalises with RUNNING statistics, as batch norm
 * does in eval mode, in training and inference alike:
 * <ul>
 *   <li>Drive of conv channel o at step t: {@code c_t = (input current) + b_o}; the neuron integrates
 *       {@code gamma_o (c_t - mu_o) / sqrt(var_o + eps) + beta_o} instead of {@code c_t}, on the input channel and
 *       (layers 2..L) the target channels; conv 1's target channels come from S and d and are not normalised. Each
 *       core stores per held channel {@code alpha = gamma / sqrt(var + eps)} and {@code offset = beta - alpha mu}, so
 *       a neuron update costs one multiply and one add more.</li>
 *   <li>{@code mu_o, var_o} are constants within a sample, so the local loss's gradient through the normalisation is
 *       local (no second reduction): {@code dv_t/dK = alpha (dv_t/dK without norm)} (the summed kernel and bias
 *       gradients are scaled by alpha at the sample's end), {@code dv_t/dbeta = t} (beta's gradient is the unscaled
 *       bias sum), {@code dv_t/dgamma = (sum_{s <= t} c_s - t mu) / sqrt(var + eps)}: every neuron keeps the sum of
 *       its drives since the sample began (per normalised channel) and the core accumulates
 *       {@code sum_c delta^c (sum c - t mu)} per held channel at every error step.</li>
 *   <li>Statistics: while training, each core sums {@code c_t} and {@code c_t^2} over its input-channel neurons and
 *       the T steps (targets are left out, as paper 002 suggests for target inputs). At the end of the sample the
 *       running mean and variance move towards the mean and UNBIASED variance of the channel's {@code T H W} drives
 *       ({@code x <- (1 - momentum) x + momentum x_sample}, {@code norm_momentum} default 0.1, {@code norm_eps}
 *       default 1e-5, PyTorch's BatchNorm2d conventions; the statistics are pooled over the T steps: the T steps of
 *       one sample play the role of the batch), after the SGD / Adam step on gamma and beta (rate {@code eta}).
 *       Start: gamma 1, beta 0, mean 0, var 1 (the first sample is unnormalised up to 1/sqrt(1 + eps)).</li>
 *   <li>Cross-core traffic: a channel spread over several cores exchanges its gamma-gradient partial and the two
 *       drive sums in the existing {@code kernel_sync} messages (graded, once per sample after the error step of step
 *       T; 3 more values per held channel per sibling), so all holders apply the same update and keep equal gamma,
 *       beta and statistics. No extra kernel step.</li>
 *   <li>Memory (charged at the gradient width, 16 bits by default): WEIGHTS gamma, beta, mean, var, alpha, offset,
 *       1/sqrt(var + eps) per held channel; LEARNING_STATE gamma's and beta's gradients, the two drive sums, the
 *       siblings' 3 extra partials, one drive sum per neuron and normalised channel, Adam's moments of gamma and
 *       beta.</li>
 *   <li>Ops: per normalised neuron update 1 multiply and 1 add (plus 1 add, and on channel 0 1 multiply and 2 adds,
 *       while learning); per error-step neuron with a gradient 2 multiplies and 2 adds per channel; per held channel
 *       and sample kernel+2 multiplies (the alpha scaling), the statistics' and affine map's 9 multiplies, 6 adds,
 *       3 divisions and 1 square root, and gamma's and beta's SGD / Adam updates.</li>
 *   <li>Only FSP surrogate and voltage, float64 only: FSP-shallow (hidden layers do not learn) and fixed point are
 *       refused with a configuration error (no fixed-point formats are chosen for gamma, beta and the statistics).
 *       Checkpoints carry gamma, beta and the running statistics.</li>
 * </ul>
 * Measured in the same model in PyTorch (reference/sigprop_conv/norm_compare.py, 1000/500 images, 1 epoch, batch 1,
 * default rates, init_gain 3; single runs): normalisation LOWERED test accuracy (surrogate, SGD 1e-3: 38.2 % without,
 * 21.0 % running, 16.4 % with per-step batch statistics at batch 1; Adam 5e-4: 36.4 / 10.2 %; voltage, SGD 1e-4:
 * 69.6 / 62.4 / 64.0 %); at SGD 1e-4 surrogate was 65.2 % with and without; see reference/sigprop_conv/README.md.
 *
 * <h2>Learning-rate schedule ({@code algorithm.schedule: constant | cosine}, default constant)</h2>
 * Paper 002 section VI: cosine annealing with T_max = 64 over 64 epochs, stepped per epoch. {@code schedule: cosine}
 * with {@code schedule_epochs} E (required): after epoch e (1-based, at {@code endEpoch}) every rate (hidden layers,
 * S, d, gamma, beta, classification layer) is {@code 0.5 (1 + cos(pi min(e, E) / E))} times its configured value;
 * epoch 1 trains at the full rate, epochs past E at rate 0 (torch's CosineAnnealingLR with eta_min 0 would rise again).
 * With Adam it scales Adam's step size. A host-side factor loaded into the cores between epochs (no message); the
 * checkpoint keeps the number of epochs done.
 *
 * <h2>FSP-voltage: why the FC rate diverged here (issue 8)</h2>
 * With h = v the local loss {@code CE(softmax(z))}, {@code z_q = sum_u hp^0_u hp^{q+1}_u}, is bilinear in unbounded
 * voltages, and nothing (no surrogate, no batch norm) bounds its gradient: {@code delta} grows with the voltages and
 * the update of a weight grows with the squared presynaptic traces summed over every position of a kernel (and the
 * 1568 inputs of the fc layer). At the FC sigprop's rate 5e-4 one SGD step grows the voltages it came from, and the
 * net diverges: on the default net with init_gain 3 (reference/sigprop_conv/diagnose.py, the same model in PyTorch)
 * the fc layer's loss went from 1.8e3 to 1e74 and its max |v| to 1e36 within 200 samples, and its spike rate
 * settled at exactly 0.500, as if half its neurons spiked at every step and the rest never, leaving the classification
 * layer nearly constant features (the chip measured 3.2 %).
 * The gradient itself was right (the chip matches PyTorch autograd, SigconvChipMatchesPyTorchTest). Fixes: the conv
 * net's own default SGD rate for voltage, {@value org.nmsim.learning.sigpropconv.SigconvFactory#DEFAULT_ETA_VOLTAGE}
 * (PyTorch model, 1000/500 images: 71.6 % at 1e-4, 73.6 % at 5e-5), or Adam, whose steps do not scale with the
 * gradient.
 *
 * <h2>Kernel copies</h2>
 * A conv channel spread over several cores has a copy of its kernel on each (charged to each core's WEIGHTS). To keep
 * the copies equal, every holder sends its partial kernel and bias gradients once per sample (after the error step of
 * step T; kind {@code kernel_sync}, graded) to the other holders, and at the last kernel step of the sample every
 * holder adds all partials in holder-rank order and applies the same update (fixed point: rounded stochastically from
 * a per-channel stream seeded identically on every holder). These exchanges carry nothing from any other layer.
 *
 * <h2>On chip</h2>
 * The phase schedule of the FC sigprop ({@link org.nmsim.learning.sigprop.Timing}, reused) with N = L + 2 weight
 * layers. Reused as they are: pixel, context, loss and classification cores of {@link org.nmsim.learning.sigprop}.
 * Pixel intensities go only to the conv-1 cores whose input-row window needs them, pooled spikes of conv layer l only
 * to the layer-(l+1) cores whose row window needs them (all fc cores after the last conv layer). Units per core: as
 * many as the compartments allow ({@code 4 (m + 1)} per block), fewer while the core's synaptic memory would overflow
 * (weights, gradients, traces of the input-row window, S, sibling partials, tables). Every synaptic event, neuron
 * update, trace update, learning update and message (with its multicast hops) is counted on its core; every
 * per-synapse/per-neuron state is charged to the core's budget; the FEEDBACK charge is 0.
 *
 * <h2>Numbers</h2>
 * Float64, or the chip's fixed point ({@link org.nmsim.learning.sigprop.SigpropNumerics} with each layer's fan-in for
 * its weights' binary point), for all three methods: weights, biases, S, state, h, g', traces, gradient accumulators
 * (stochastic rounding from the core's stream), logits and errors quantized; kernel-gradient partials travel in the
 * gradient format. FSP-voltage's gradients (and Adam first moments) keep the declared gradient width with
 * {@value org.nmsim.learning.sigpropconv.SigconvChip#VOLTAGE_GRADIENT_INTEGER_BITS} integer bits instead of 3, and its
 * logits get {@value org.nmsim.learning.sigpropconv.SigconvChip#VOLTAGE_LOGIT_INTEGER_BITS} integer bits instead of
 * 10: voltages are unbounded, and on the default net its gradients (rms about 30 per conv-2 weight) and logits (|z| up
 * to 1.7e3) exceed +-8 and +-1024.
 *
 * <h2>Not built (departures from the paper)</h2>
 * <ul>
 *   <li>Batch normalisation with batch statistics: NOT built; by default each conv channel has a bias only
 *       (without normalisation the deeper layers can fall silent at the default initialisation; {@code init_gain}
 *       scales the initial hidden weights), and {@code norm: running} normalises with running statistics (above).</li>
 *   <li>Optimizer: SGD or Adam with batch 1 (the paper: Adam, lr 5e-4, batch 128, cosine annealing, mixed
 *       precision); the cosine schedule is per epoch as in the paper.</li>
 *   <li>Sparse targets, the target-loop and target-input generators; early-exit evaluation.</li>
 *   <li>The chip's fan-in and fan-out limits are not checked for this net.</li>
 * </ul>
 * {@link org.nmsim.learning.sigpropconv.DenseSigconvReference} is the NON-LOCAL float64 reference of this model, used
 * only by tests.
 */
package org.nmsim.learning.sigpropconv;
