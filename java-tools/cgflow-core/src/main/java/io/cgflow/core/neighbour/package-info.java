/**
 * The one neighbour search of cgflow: a cell grid in fractional coordinates that works for orthorhombic
 * and triclinic boxes alike. {@link io.cgflow.core.neighbour.CellGrid} streams the pairs within a
 * cut-off of one configuration to a {@link io.cgflow.core.neighbour.PairVisitor} without storing them
 * (RDF counting); {@link io.cgflow.core.neighbour.NeighbourList} keeps a half or full Verlet list with a
 * skin and rebuilds it when particles have moved far enough (forces, descriptors).
 * {@link io.cgflow.core.neighbour.Exclusions} holds the excluded bead pairs as compact sorted arrays.
 */
package io.cgflow.core.neighbour;
