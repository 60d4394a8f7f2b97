/**
 * Network descriptions: populations, projections, connectivity, and the exact synapse counts that partitioning
 * charges to core memory. Independent of any chip.
 */
package org.nmsim.mapping.net;
