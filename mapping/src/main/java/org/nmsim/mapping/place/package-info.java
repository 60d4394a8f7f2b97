/**
 * Partition, place and route a {@link org.nmsim.mapping.net.Network} onto a chip (or a board of chips), and answer
 * whether it fits with a {@link org.nmsim.mapping.place.FeasibilityReport}. Entry point: {@link Mapper}.
 */
package org.nmsim.mapping.place;
