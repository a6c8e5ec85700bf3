package io.cgflow.mapping;

import io.cgflow.core.topology.Topology;
import java.util.Arrays;

/**
 * How the atoms of each mapped molecule are made whole, fixed once per mapping: for every molecule the atoms
 * in the order they are placed, and for each the atom (earlier in that order) whose minimum image it is taken
 * at. With bonds, the order is a breadth-first walk of the molecule's bond graph from its first atom (as
 * GROMACS {@code trjconv -pbc mol} and MDAnalysis {@code unwrap} do), so molecules longer than half the box
 * come out whole. Bead atoms the walk does not reach, and all atoms when the topology has no bonds, are
 * placed at the minimum image of their bead's first placed atom (bead-local references).
 */
final class MoleculeTraversal {
    /** Placed atoms of molecule m: {@code order[start[m]] … order[start[m+1]-1]} (global atom indices). */
    final int[] order;
    final int[] start;
    /** For each entry of {@code order}: index within its molecule's run of the reference atom, or -1 (as read). */
    final int[] parent;
    /** Bead atoms as indices within their molecule's run of {@code order}. */
    final int[][] beadLocal;
    /** Bead atoms that had to fall back to a bead-local reference although the topology has bonds. */
    final int unreached;
    final boolean bonded;
    final int largestMolecule;

    private MoleculeTraversal(int[] order, int[] start, int[] parent, int[][] beadLocal, int unreached, boolean bonded) {
        this.order = order;
        this.start = start;
        this.parent = parent;
        this.beadLocal = beadLocal;
        this.unreached = unreached;
        this.bonded = bonded;
        int largest = 0;
        for (int m = 0; m + 1 < start.length; m++) {
            largest = Math.max(largest, start[m + 1] - start[m]);
        }
        this.largestMolecule = largest;
    }

    /**
     * @param molecules    atoms of each molecule instance (global indices, molecule order; first atom = root)
     * @param beadAtoms    atoms of each bead (global indices); beads grouped by molecule, in molecule order
     * @param beadMolecule molecule of each bead
     */
    static MoleculeTraversal of(Topology topology, int[][] molecules, int[][] beadAtoms, int[] beadMolecule) {
        int n = topology.size();
        boolean bonded = topology.bondCount() > 0;
        // bond graph in compressed rows
        int[] bonds = topology.bonds();
        int[] offset = new int[n + 1];
        for (int b : bonds) {
            offset[b + 1]++;
        }
        for (int i = 0; i < n; i++) {
            offset[i + 1] += offset[i];
        }
        int[] neighbours = new int[bonds.length];
        int[] fill = Arrays.copyOf(offset, n);
        for (int k = 0; k < bonds.length; k += 2) {
            neighbours[fill[bonds[k]]++] = bonds[k + 1];
            neighbours[fill[bonds[k + 1]]++] = bonds[k];
        }

        int total = 0;
        for (int[] m : molecules) {
            total += m.length;
        }
        int[] order = new int[total];
        int[] parent = new int[total];
        int[] start = new int[molecules.length + 1];
        int[][] beadLocal = new int[beadAtoms.length][];
        int[] member = new int[n];     // 1 + molecule-local index while the molecule is processed, else 0
        int[] placedAt = new int[n];   // 1 + run index once placed, else 0
        int unreached = 0;
        int cursor = 0;
        int bead = 0;
        for (int m = 0; m < molecules.length; m++) {
            int[] atoms = molecules[m];
            start[m] = cursor;
            for (int a = 0; a < atoms.length; a++) {
                member[atoms[a]] = a + 1;
            }
            if (bonded) {
                // breadth-first from the first atom; order doubles as the queue
                int head = cursor;
                order[cursor] = atoms[0];
                parent[cursor] = -1;
                placedAt[atoms[0]] = 1;
                cursor++;
                while (head < cursor) {
                    int a = order[head];
                    for (int k = offset[a]; k < offset[a + 1]; k++) {
                        int b = neighbours[k];
                        if (member[b] != 0 && placedAt[b] == 0) {
                            order[cursor] = b;
                            parent[cursor] = head - start[m];
                            placedAt[b] = cursor - start[m] + 1;
                            cursor++;
                        }
                    }
                    head++;
                }
            }
            int firstBead = bead;
            for (; bead < beadAtoms.length && beadMolecule[bead] == m; bead++) {
                int reference = -1;
                for (int a : beadAtoms[bead]) {
                    if (placedAt[a] != 0) {
                        reference = placedAt[a] - 1;
                        break;
                    }
                }
                for (int a : beadAtoms[bead]) {
                    if (placedAt[a] != 0) {
                        continue;
                    }
                    if (bonded) {
                        unreached++;
                    }
                    order[cursor] = a;
                    parent[cursor] = reference;
                    placedAt[a] = cursor - start[m] + 1;
                    if (reference < 0) {
                        reference = cursor - start[m];
                    }
                    cursor++;
                }
            }
            for (int b = firstBead; b < bead; b++) {
                beadLocal[b] = new int[beadAtoms[b].length];
                for (int k = 0; k < beadAtoms[b].length; k++) {
                    beadLocal[b][k] = placedAt[beadAtoms[b][k]] - 1;
                }
            }
            for (int a : atoms) {
                member[a] = 0;
                placedAt[a] = 0;
            }
        }
        start[molecules.length] = cursor;
        return new MoleculeTraversal(Arrays.copyOf(order, cursor), start, Arrays.copyOf(parent, cursor), beadLocal,
            unreached, bonded);
    }
}
