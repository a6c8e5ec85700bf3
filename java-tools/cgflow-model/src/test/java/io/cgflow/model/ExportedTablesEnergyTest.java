package io.cgflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.cli.ToolLauncher;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.nn.NetworkPotential;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.file.ModelFile;
import io.cgflow.potentials.Evaluation;
import io.cgflow.potentials.Potential;
import io.cgflow.potentials.PotentialDefinition;
import io.cgflow.potentials.PotentialFile;
import io.cgflow.potentials.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For a linear network the exported GROMACS tables are the model: read back as a potential file (POT.yaml naming
 * them), they give the energy of the network, the prior and the bonded tables of a whole configuration, less the
 * network's energy of every bead on its own (a constant).
 */
class ExportedTablesEnergyTest {
    @TempDir
    Path dir;

    /** Chains A – B-x – B-x – A with bonds A-B-x, angles A-B-x-A and the dihedral A-B-x-B-x-A, on a lattice. */
    static CgTopology chains(int molecules) {
        int n = 4 * molecules;
        int[] type = new int[n];
        int[] molecule = new int[n];
        String[] names = new String[n];
        double[] masses = new double[n];
        List<CgTopology.Bonded> bonds = new ArrayList<>();
        List<CgTopology.Bonded> angles = new ArrayList<>();
        List<CgTopology.Bonded> dihedrals = new ArrayList<>();
        for (int m = 0; m < molecules; m++) {
            int o = 4 * m;
            for (int k = 0; k < 4; k++) {
                type[o + k] = k == 0 || k == 3 ? 0 : 1;
                molecule[o + k] = m;
                names[o + k] = "C" + k;
                masses[o + k] = 15;
            }
            for (int k = 0; k < 3; k++) {
                bonds.add(new CgTopology.Bonded("A-B-x", new int[] {o + k, o + k + 1}));
            }
            angles.add(new CgTopology.Bonded("A-B-x-A", new int[] {o, o + 1, o + 2}));
            angles.add(new CgTopology.Bonded("A-B-x-A", new int[] {o + 1, o + 2, o + 3}));
            dihedrals.add(new CgTopology.Bonded("A-B-x-B-x-A", new int[] {o, o + 1, o + 2, o + 3}));
        }
        return new CgTopology(ModelCommandTest.TYPES, type, molecule, names, masses, bonds, angles, dihedrals,
            CgTopology.bondedExclusions(bonds, angles));
    }

    /** Zig-zag chains (bonds about 0.3 nm, angles about 120°) on a cubic grid 0.9 nm apart. */
    static double[] positions(int side, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[12 * side * side * side];
        int m = 0;
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                for (int k = 0; k < side; k++) {
                    double[] c = {0.9 * i + 0.1, 0.9 * j + 0.3, 0.9 * k + 0.3};
                    for (int b = 0; b < 4; b++) {
                        x[12 * m + 3 * b] = c[0] + 0.26 * b + random.nextDouble(-0.02, 0.02);
                        x[12 * m + 3 * b + 1] = c[1] + (b % 2) * 0.15 + random.nextDouble(-0.02, 0.02);
                        x[12 * m + 3 * b + 2] = c[2] + (b == 3 ? 0.1 : 0) + random.nextDouble(-0.02, 0.02);
                    }
                    m++;
                }
            }
        }
        return x;
    }

    static double energy(Potential p, double[] x, Box box, CgTopology top, double cutoff) {
        Evaluation out = new Evaluation(top.size(), p.parameterCount());
        NeighbourList list = cutoff > 0 ? new NeighbourList(top.size(), cutoff, 0.1, NeighbourList.Kind.HALF,
            Exclusions.of(top)) : null;
        p.evaluate(x, box, list, Request.ENERGY, out);
        return out.energy();
    }

    @Test
    void gromacsTablesOfALinearModelGiveItsEnergy() throws IOException {
        TrainedModel model = ModelCommandTest.model(true, 11);
        Path file = dir.resolve("model.h5");
        ModelFile.write(file, model);
        Path tables = dir.resolve("tables");
        ToolLauncher.Outcome o = ToolLauncher.capture(new ModelCommand(), "export-tables", file.toString(), "--format",
            "gromacs", "-o", tables.toString());
        assertEquals(0, o.exitCode(), o.err());
        Files.writeString(tables.resolve("pot.yaml"), """
            types:
              A: {mass: 15}
              B-x: {mass: 15}
            cutoff: 0.8
            pairs:
              - {types: [A, A], style: table, file: table_A_A.xvg}
              - {types: [A, B-x], style: table, file: table_A_B-x.xvg}
              - {types: [B-x, B-x], style: table, file: table_B-x_B-x.xvg}
            bonds:
              - {type: A-B-x, style: table, file: table_b0.xvg}
            angles:
              - {type: A-B-x-A, style: table, file: table_a0.xvg}
            dihedrals:
              - {type: A-B-x-B-x-A, style: table, file: table_d0.xvg}
            """);
        PotentialFile.Contents pot = PotentialFile.read(tables.resolve("pot.yaml"));
        int side = 3;
        CgTopology top = chains(side * side * side);
        Box box = Box.orthorhombic(2.7, 2.7, 2.7);
        double[] x = positions(side, 5);
        double fromTables = energy(pot.potential().evaluator(top), x, box, top, pot.potential().cutoff());
        double network = energy(NetworkPotential.of(model, top), x, box, top, model.cutoff());
        PotentialDefinition prior = model.priorDefinition().orElseThrow();
        double priorEnergy = energy(prior.evaluator(top), x, box, top, prior.cutoff());
        double bonded = 0;
        for (PotentialDefinition d : model.bondedDefinitions()) {
            bonded += energy(d.evaluator(top), x, box, top, 0);
        }
        // the tables hold E(r) − E(∞): the network's energy of every bead on its own is not in them
        double isolated = 0;
        io.cgflow.nn.NetworkEnergy alone = model.plainEnergy();
        for (int i = 0; i < top.size(); i++) {
            isolated += alone.energy(new io.cgflow.nn.descriptor.PairList(1, 0, new int[0], new int[0], new double[0],
                new double[0], new double[0]), new int[] {top.typeOf(i)});
        }
        double whole = network - isolated + priorEnergy + bonded;

        System.out.printf("network %.6f (beads alone %.6f), prior %.6f, bonded %.6f: sum %.9f, from the tables %.9f"
            + " kJ/mol%n", network, isolated, priorEnergy, bonded, whole, fromTables);
        assertTrue(Math.abs(network) > 1 && Math.abs(bonded) > 1, "every part contributes");
        assertEquals(whole, fromTables, 1e-6 * Math.abs(whole) + 1e-6);
    }
}
