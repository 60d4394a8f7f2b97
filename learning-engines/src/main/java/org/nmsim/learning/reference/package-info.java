/**
 * Dense float64 references of the online-learning MLP of {@code learning-engines/MODEL.md}: BP, DFA, FGT,
 * FGT (w/o m), FGT (S) under OTTT_A, and full BPTT through the same dynamics.
 *
 * <p>Everything here is NON-LOCAL on purpose: it reads global weight matrices (BP even reads their transposes)
 * and exists only to check the on-chip implementation and to give the float numbers that on-chip learning is
 * compared with. It must never be used as a learning rule of a simulated core.
 *
 * <p>The golden files that {@code reference/make_golden.py} (PyTorch) writes are read by the tests of this
 * package; both sides are float64 and agree to {@code |a - b| <= 1e-9 * max(1, |b|)}.
 */
package org.nmsim.learning.reference;
