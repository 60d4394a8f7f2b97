/**
 * BioGrad (paper 004, Tang et al., "BioGrad: Biologically Plausible Gradient-Based Learning for Spiking Neural
 * Networks") as local rules on simulated cores: {@link org.nmsim.learning.biograd.BioGradChip} (the learner, methods
 * {@code biograd} and {@code biograd-loihi}, built by {@link org.nmsim.learning.biograd.BioGradFactory}),
 * {@link org.nmsim.learning.biograd.BioGradParams} (Appendix C defaults), and the non-local float64 reference
 * {@link org.nmsim.learning.biograd.BioGradReference} that the chip is tested against.
 *
 * <h2>Choices where the paper leaves room (each stated where it is implemented)</h2>
 * <ul>
 *   <li>Eq. 6 pairs {@code Tr_pre(t)} with {@code z(v(t))} (Appendix A eq. 10), not {@code z(v(t-1))}; the
 *       somatic voltage in {@code Decay} and {@code z} is the value before reset (Appendix A eq. 1).</li>
 *   <li>Error neurons are integrate-and-fire with soft reset at 1.0, driven by {@code +e} and {@code -e}; the output
 *       layer learns by eq. 7 with identity feedback (its apical value is the net error-neuron spike count).</li>
 *   <li>No biases (the paper's equations have none). Training is per sample (Appendix D, non-batched).</li>
 *   <li>Sleep: a cycle sums the Hebbian term {@code Tr_hid Tr_err} over {@code sleepBatch} presentations and
 *       averages the Oja decay {@code Tr_err^2}, as the paper's sleep batch of 128 does; the random neurons' rate is
 *       drawn uniformly per cycle and layer unless {@code sleep_rate} is set; hidden layers sleep top first; the
 *       output spikes are relayed as positive error-neuron spikes.</li>
 *   <li>RandInit draws B i.i.d. uniform with the same RMS as FwdInit's product.</li>
 *   <li>Loihi variant: {@code Tr_pre} per presynaptic neuron without the post-dependent {@code Decay} (a Loihi
 *       pre-trace), {@code Tr_corr += b o_post Tr_pre} (the synaptic tag), apical compartment a signed IF unit
 *       with threshold {@code apical_threshold}; B reloaded by the host once per epoch. Its learning rate default is
 *       ours (see {@link org.nmsim.learning.biograd.BioGradParams#paperDefaults}).</li>
 *   <li>The softmax of eq. 2 is computed on the output core and counted as EXP and DIVIDE, also on loihi1 whose
 *       engine has no exp (reported by {@code describe()}).</li>
 * </ul>
 */
package org.nmsim.learning.biograd;
