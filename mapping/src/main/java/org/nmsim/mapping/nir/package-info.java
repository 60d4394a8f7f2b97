/**
 * Import of NIR graphs (Neuromorphic Intermediate Representation, HDF5) as {@link org.nmsim.mapping.net.Network}
 * descriptions.
 */
package org.nmsim.mapping.nir;
