package org.nmsim.learning.reference;

/**
 * What one training sample produced. Arrays are fresh copies owned by the caller.
 *
 * @param prediction {@code argmax_k sum_t u^N_k[t]} with the weights the sample ran with (ties: lowest index).
 * @param loss       {@code sum_t L[t]}.
 * @param gradW      the sample's accumulated gradients, {@code gradW[l]} for {@code W^l} (n_{l+1} x n_l).
 * @param gradB      {@code gradB[l]} for {@code b^l}, l = 1..N ({@code gradB[0]} is null).
 * @param bpGradW    BP's gradients of the hidden-layer weights {@code W^0..W^{N-2}} on the same forward state
 *                   (entry {@code N-1} is null), when the shadow-BP diagnostic is on; otherwise null.
 * @param trace      the per-step state when tracing is on; otherwise null.
 */
public record SampleResult(int prediction, double loss, double[][][] gradW, double[][] gradB, double[][][] bpGradW,
                           SampleTrace trace)
{
}
