/**
 * The convolutional SNN of paper 002 section VI trained on chip by forward signal propagation (sigprop). Placeholder
 * documentation; see the full description below.
 */
package org.nmsim.learning.sigpropconv;
