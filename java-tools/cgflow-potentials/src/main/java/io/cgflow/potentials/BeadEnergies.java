package io.cgflow.potentials;

import io.cgflow.core.geometry.Box;

/**
 * A potential that gives the energy of the terms one bead takes part in (its bonds, angles, dihedrals), for Monte
 * Carlo moves of single beads: the energy change of moving bead i is the difference of this energy at the two
 * positions.
 */
public interface BeadEnergies {
    /** The energy of every term of this potential that bead {@code bead} takes part in, at positions x. */
    double beadEnergy(double[] x, Box box, int bead);
}
