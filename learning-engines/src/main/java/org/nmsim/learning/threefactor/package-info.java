/**
 * Three-factor learning on chip, after paper 003 (Neftci, Mostafa, Zenke, "Surrogate gradient learning in spiking
 * neural networks"): SuperSpike / random e-prop ({@code algorithm.method: eprop}, section V-B, eq. 13-17) and deep
 * continuous local learning ({@code dcll}, section V-D, eq. 19), as per-neuron local rules on simulated cores
 * ({@link org.nmsim.learning.threefactor.ThreeFactorChip}, built by
 * {@link org.nmsim.learning.threefactor.ThreeFactorFactory}).
 *
 * <h2>Model (all in algorithmic steps of 1 ms)</h2>
 * <ul>
 *   <li>Neurons: current-based LIF, eq. 7-8: {@code I[n+1] = alpha I[n] + W S[n]},
 *   {@code U[n+1] = beta U[n] + I[n] - vth S[n]}, {@code S = U > vth}; stored in 24-bit fixed point (Loihi's u, v
 *   width) in fixed-point mode.</li>
 *   <li>Input: Poisson (Bernoulli per step) spikes generated on the input cores from a counter hash of the seed
 *   ({@link org.nmsim.learning.threefactor.PoissonDraws}), so the encoding needs only binary spikes and runs on
 *   Loihi 1, which has no graded spikes.</li>
 *   <li>Forward-in-time derivatives, eq. 14-16 with SuperSpike's two approximations (surrogate for Theta', reset
 *   term dropped): per presynaptic neuron {@code P = dI/dW} and {@code Q = dU/dW}, which do not depend on the
 *   postsynaptic neuron, so each core keeps them once per input axon.</li>
 *   <li>Eligibility, eq. 17 (eprop only): {@code e_ij = eps * [sigma'(U_i) Q_j]}, one value per synapse, charged to
 *   core memory as LEARNING_STATE ({@code eligibility_bits} each) and counted per update (counter
 *   {@value org.nmsim.learning.threefactor.ThreeFactorChip#ELIGIBILITY_COUNTER}, also priced as a synaptic update).
 *   {@code eps} is the van Rossum kernel of eq. 13, taken first order and normalised:
 *   {@code x = gamma x + (1 - gamma) input}.</li>
 *   <li>Output: m LIF neurons on one core, loss eq. 13 against a target spike train whose rate is
 *   {@code target_rate} for the label's neuron and 0 for the others; error {@code ebar = eps * (S - S*)};
 *   prediction = most output spikes (ties: larger summed U, then lowest index).</li>
 *   <li>eprop hidden learning signal: {@code L_i = sum_q B_iq ebar_q} with a fixed random B (uniform in
 *   +-1/sqrt(m), each row centred to sum 0 so that a label-independent error drives no drift), sent from the output
 *   core as graded spikes, or as burst codes ({@link org.nmsim.chip.message.BurstCode}) on chips without graded
 *   spikes. Update {@code dW_ij = -(eta / nPre) sum_n L_i[n] e_ij[n]}, accumulated over the sample and applied at
 *   its end.</li>
 *   <li>DCLL: each hidden layer l has a local readout core with a fixed random G^l (uniform in +-1/sqrt(n_l),
 *   rows centred); it receives the layer's spikes and the label (one counted message per sample), computes
 *   {@code err = G^T (eps * S^l) - local_target onehot(label)} and sends it to layer l only. Layer l's update is
 *   {@code dW_ij = -(eta / nPre) sum_n sigma'(U_i) (G err)_i Q_j}: no per-synapse eligibility (O(N) state, as the
 *   paper says). The output layer learns from its own van Rossum error with the same O(N) rule.</li>
 *   <li>Surrogate: SuperSpike's fast-sigmoid derivative {@code 1 / (1 + b |U - vth|)^2}, exact on engines that
 *   divide, else a 257-entry table with linear interpolation
 *   ({@link org.nmsim.learning.threefactor.SurrogateUnit}).</li>
 * </ul>
 *
 * <h2>Not here</h2>
 * No {@code eprop-global}: paper 003 defines no broadcast-error variant (SuperSpike's hidden errors go "like in
 * random BP or direct feedback alignment", which is {@code eprop}). Recurrent weights V of eq. 2 are not modelled
 * (feed-forward networks only, as SuperSpike and DCLL use). Burst-coded errors are delivered in one kernel step
 * (the burst window's duration is not simulated), but every spike of a burst is counted and priced.
 *
 * <p>{@link org.nmsim.learning.threefactor.DenseThreeFactorReference} is the NON-LOCAL dense float64 reference
 * that the on-chip float64 mode must match.
 */
package org.nmsim.learning.threefactor;
