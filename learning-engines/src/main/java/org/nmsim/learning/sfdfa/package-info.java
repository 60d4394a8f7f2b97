/**
 * SFDFA, Spiking Forward Direct Feedback Alignment (paper 001, Bacho and Chu), and DFA with the same neurons, as
 * local rules on a simulated chip in the kernel's continuous time model.
 *
 * <ul>
 *   <li>{@link org.nmsim.learning.sfdfa.SpikeTimeLayer}: continuous-time LIF neurons with {@code tau = 2 tau_s},
 *       closed-form spike times (eq. 3-4), reset by subtraction, spike grades (Algorithm 1) and the local
 *       spike-time gradient through the traces f and h (eq. 15-16), exact (eq. 17) or bounded (eq. 18).</li>
 *   <li>{@link org.nmsim.learning.sfdfa.SfdfaChip}: the on-chip learner (TTFS input cores, neuron cores,
 *       feedback learned by eq. 7 or fixed, Algorithm 2 with the spike-count MSE loss of eq. 10, optional
 *       firing-rate regularisation of Appendix A.1, Adam or SGD with batches), its capability check and its
 *       {@code LearningNeeds} for mapping; the weight alignment of Fig. 10.</li>
 *   <li>{@link org.nmsim.learning.sfdfa.SfdfaReference}: the dense, NON-LOCAL float64 reference.</li>
 *   <li>{@link org.nmsim.learning.sfdfa.CriticalPoints}: the data of Fig. 2.</li>
 *   <li>{@link org.nmsim.learning.sfdfa.SfdfaFactory}: {@code algorithm.method: sfdfa | sfdfa-dfa}.</li>
 * </ul>
 *
 * <h2>Choices where the paper is silent</h2>
 * <ul>
 *   <li>Sign convention: {@code delta = y - n}; every neuron updates {@code w -= eta e grad_loc} with
 *       {@code e = delta} at an output and {@code e = sum_q b_iq delta_q} (plus the regulariser) at a hidden
 *       neuron (Algorithm 2), i.e. {@code dn/dt} is absorbed as a negative constant.</li>
 *   <li>A neuron that did not spike in a sample has no perturbation and no local gradient: it neither updates its
 *       weights nor its feedback row in that sample (eq. 7 is applied to neurons with {@code p_i} drawn).</li>
 *   <li>The firing-rate regulariser uses the sample's own spike count as the estimate of {@code E[n_i]}; its
 *       error {@code beta (n_hat - n_i)} joins the projected error of the hidden neuron.</li>
 *   <li>Every route has one axonal delay (default 1 ms, the kernel's lookahead); the window (default 0.2 s) closes
 *       every layer in its own local time; spikes at or after it are neither fired nor counted.</li>
 *   <li>{@code layer_eta: weight_scale} (not the paper's; off by default) gives each weight layer the learning rate
 *       {@code eta |mean_l| / |mean_0|}. The initial weights shrink with the fan-in while Adam moves every weight by
 *       about eta per step, so with one eta the 400-input layers of the paper's 784-400-400-10 move several times
 *       further relative to their weights than the first; there the output layer falls silent within 1,000
 *       samples at the eta that trains 784-100-10. The paper's own weight scale is not given.</li>
 *   <li>Neuron arithmetic (spike times, traces, local gradients) is float64 in both modes; fixed point applies to
 *       the stored weights and feedback (stochastic rounding from the core's stream) and to the graded payloads.</li>
 * </ul>
 */
package org.nmsim.learning.sfdfa;
