/**
 * Forward signal propagation ("sigprop", paper 002: Kohan, Rietman, Siegelmann, "Forward Signal Propagation
 * Learning") on a simulated chip: a fully connected spiking network whose hidden layers learn from targets that
 * travel FORWARD through the same synapses as the input, with a local loss per layer and no feedback connection of
 * any kind. Methods: {@code sigprop-surrogate}, {@code sigprop-voltage}, {@code sigprop-shallow} (section VI).
 *
 * <h2>Network</h2>
 * Layers {@code 0..N}: input (n0 pixel intensities x in [0, 1]), hidden IF layers {@code 1..N-1}, and the
 * classification layer N (m classes; the version of Fig. 2b). {@code W^l} (n_{l+1} x n_l) connects layer l to l+1,
 * {@code b^{l+1}} is its bias. The target generator S (n1 x m, bias d) maps the one-hot context {@code c_q} of class
 * q to the first hidden layer (eq. 1): {@code t_1^q = f(S c_q + d)}. Initialisation: W uniform in
 * {@code [-1/sqrt(n_l), 1/sqrt(n_l))} (the hidden layers' bound times {@code init_gain}, default 1; the shallow
 * baseline at threshold 1.0 needs a gain of about 3 for its hidden layers to spike), S uniform in
 * {@code [-1/sqrt(m), 1/sqrt(m))}, biases 0.
 *
 * <h2>How the targets travel: a second input channel (chosen over time multiplexing)</h2>
 * The paper interleaves inputs and targets in one batch. With one sample at a time on chip, the local loss
 * {@code L_pred} (eq. 9) needs the targets of all m classes at every layer (its cross entropy ranges over the
 * classes). nmsim forwards them as m extra CHANNELS, concurrently with the input: every hidden neuron has one
 * compartment per channel (channel 0 the input, channel {@code q + 1} the target of class q; {@code m + 1}
 * compartments per neuron, charged against the core's compartment limit), all channels share the neuron's synapses
 * and bias, and a target spike is an ordinary binary spike on the same route as the input spike of the same
 * neuron, with the channel in the destination axon ({@code axon = channel * n_pre + i}), so the destination adds the
 * same weight {@code W_ji} to the compartment of that channel. Time multiplexing (input window, then m target
 * windows through one compartment) sends the same messages and synaptic events but takes {@code (m + 1) T} steps
 * per sample and must store every window's outputs and presynaptic traces until the loss is formed; the channel
 * version keeps a sample at T steps. Every target message is counted as kind {@code target}
 * ({@link org.nmsim.learning.sigprop.Traffic}), every synaptic event it causes under {@code synop.binary} and again,
 * for the report, under {@link org.nmsim.learning.sigprop.SigpropChip#TARGET_SYNOPS}; the loss traffic as kind
 * {@code loss}.
 *
 * <h2>Dynamics (per sample; all state starts at 0; steps t = 1..T, T = 4)</h2>
 * <ul>
 *   <li>Input: direct current, {@code x} on every step (graded messages from the pixel cores).</li>
 *   <li>Context: while targets are forwarded, context neuron q spikes at every step into channel q + 1 of layer 1,
 *       where the target generator's synapses {@code S_jq} feed the target compartments.</li>
 *   <li>Hidden layer l, channel c, neuron j (IF, reset by subtraction, spike when v reaches V_th):
 *       {@code v^c_j[t] = v^c_j[t-1] - V_th s^c_j[t-1] + I^c_j[t] + beta^c_j},
 *       {@code s^c_j[t] = 1 if v^c_j[t] >= V_th};
 *       {@code I^0 = W^{l-1} (input spikes or x)}, {@code I^c = W^{l-1} (channel-c spikes)} for l > 1, and on layer 1
 *       {@code I^{q+1}_j = S_jq}; {@code beta = b^l}, except {@code beta = d} for layer 1's target channels.</li>
 *   <li>Layer output in the loss: {@code h^c_j = g(v^c_j - V_th)}, the arc-tangent spike function (eq. 16), for
 *       FSP-surrogate; {@code h^c_j = v^c_j}, the membrane voltage, for FSP-voltage. The next layer always receives
 *       the binary spikes.</li>
 *   <li>Classification layer: {@code u[t] = W^{N-1} s^0_{N-1}[t] + b^N} from the input channel only; the network's
 *       output is {@code ubar = (1/T) sum_t u[t]} (section VI-A), the prediction its argmax (ties to the lowest
 *       index). Targets are not sent to it (Fig. 2b: t_N is not used).</li>
 * </ul>
 *
 * <h2>Local loss of hidden layer l at step t (eq. 6, 8, 9)</h2>
 * {@code z_q = O_dot(h, t_q) = sum_j h^0_j h^{q+1}_j}, {@code L_pred = CE(softmax(z), y)}; the early-exit prediction of
 * the layer is {@code argmax_q sum_t z_q[t]} (eq. 8). The dot product spans the layer, which is split over cores: each
 * core sends its m partial sums to the layer's LOSS CORE (m neurons), which adds them in the kernel's canonical order,
 * forms {@code e = softmax(z) - onehot(y)} and sends e back to the layer's cores. This is a reduction inside one
 * layer: nothing from a later layer reaches an earlier one, and no core stores a feedback weight (every budget's
 * {@code FEEDBACK} use is 0, {@link org.nmsim.learning.sigprop.SigpropChip#memoryBits}).
 *
 * <h2>Gradient (each layer's own loss only; inputs and resets detached)</h2>
 * With reset by subtraction and the reset detached, {@code dv^c_j[t]/dW_ji = a^c_i[t]}, the presynaptic trace of
 * channel c with lambda = 1 (the count of spikes, or sum of intensities, received since the sample began), and
 * {@code dv/db = t}. Per step: {@code delta^0_j = (sum_q e_q h^{q+1}_j) g'_j(v^0)},
 * {@code delta^{q+1}_j = e_q h^0_j g'_j(v^{q+1})} (gradient through the targets, as the paper's autograd has it;
 * {@code target_grad: false} drops it), with {@code g'(x) = 1/(1 + (pi x)^2)} (eq. 17) for FSP-surrogate and
 * {@code g' = 1} for FSP-voltage. Accumulated over the sample: {@code grad W_ji += sum_c delta^c_j a^c_i},
 * {@code grad b_j += t sum_c delta^c_j}; on layer 1 the input channel updates W and b, the target channels S and d
 * ({@code grad S_jq += t delta^{q+1}_j}, {@code grad d_j += t sum_q delta^{q+1}_j}). At the end of the sample:
 * SGD, {@code W -= eta grad W}. The classification layer descends its own {@code CE(softmax(ubar), y)}:
 * {@code W -= eta_readout e rate^T} with {@code rate = (1/T) sum_t s[t]}. FSP-shallow trains only this layer and
 * forwards no targets (no context spikes, no target compartments, no loss cores).
 *
 * <h2>On-chip schedule</h2>
 * One algorithmic step is N + 2 kernel steps ({@link org.nmsim.learning.sigprop.Timing}): phase 0 pixel and context
 * cores; phase l hidden layer l (forward, then its partial logits); phase l + 1 its loss core; phase l + 2 its error
 * step, which accumulates the gradients with the traces of the same step; the classification layer in phase N. A
 * sample takes {@code (N + 2) T} kernel steps; hidden layers update at the error step of step T, the classification
 * layer in phase N of step T. The label travels once per sample from the context core to the loss cores and the
 * classification layer.
 *
 * <h2>Target-loop generator (eq. 11, {@code generator: loop})</h2>
 * The context of target channel q becomes {@code c_q + y[t-1]}, with {@code y[t] = softmax(u[t])} the
 * classification layer's output of the previous step (0 at t = 1): the classification core sends y to the context
 * core (m graded messages per step), which sends it on into S (m graded messages per step, each adding
 * {@code S_jp y_p} to every target channel). This is the one loop from the output back to the input that the paper
 * allows (Fig. 2c); it adds no feedback weights (S is reused) and its traffic is counted as kind {@code loop}. y is
 * treated as a constant input: {@code grad S_jp} gains {@code (sum_t y_p[t-1]) sum_q delta^{q+1}_j}, from a per-core
 * trace of the loop values.
 *
 * <p>Eq. 12 ({@code loop_eta} {@code > 0}): while training, the classification core sends the error-corrected output
 * {@code h - eta e = y - loop_eta (y - onehot(label))} instead of y (e is the cross entropy's gradient at u; m
 * multiplies and 2m adds per step, counted). In the paper the loop value is the whole target; here it is added to
 * every class channel's context {@code c_q}, so the true label's share reaches every channel (the channels are the
 * batch-1 substitute for the paper's in-batch targets). At inference the label is unknown and y is sent (eq. 11).
 *
 * <h2>Sparse targets (section III-E)</h2>
 * {@code target_size = r < n1}: only the first r neurons of layer 1 have target compartments (the generator's output
 * is r wide, zero-filled to n1): S and its gradients take r x m words instead of n1 x m, the context spikes cause r
 * synaptic events instead of n1, at most r neurons send layer-1 target spikes, and layer-1 cores without target
 * neurons send no partial logits. As in the paper, the zero-filled part carries no target, so layer-1 neurons
 * {@code j >= r} receive no gradient; every layer above still gets dense targets.
 *
 * <h2>Numbers</h2>
 * Float64 ("ideal") or the chip's fixed point ({@link org.nmsim.learning.sigprop.SigpropNumerics}): weights at the
 * declared width with per-layer binary points and stochastic rounding of updates and gradient accumulators from
 * each core's own random stream. Non-linear functions per {@link org.nmsim.learning.sigprop.SigpropMath}.
 *
 * <h2>Where this departs from the paper (on purpose, to run online on a chip)</h2>
 * <ul>
 *   <li>SGD with batch 1 (the paper: Adam, lr 5e-4, batch 128, cosine annealing); no batch normalisation.</li>
 *   <li>Reset by subtraction with the reset detached, so that each synapse needs no eligibility of its own (a hard
 *       reset, as in the paper's IF nodes, would make {@code dv/dW} a per-synapse trace); the per-step loss is
 *       differentiated through the integrator (the trace a), not through time otherwise.</li>
 *   <li>The loss is formed per step over the targets of all m classes (the batch-1 substitute for the paper's
 *       in-batch targets).</li>
 *   <li>Not implemented: the target-input generator (eq. 10). The convolutional SNN of section VI is its own
 *       learner ({@link org.nmsim.learning.sigpropconv}).</li>
 * </ul>
 * {@link org.nmsim.learning.sigprop.DenseSigpropReference} is the NON-LOCAL float64 reference of this model, used only
 * by tests.
 */
package org.nmsim.learning.sigprop;
