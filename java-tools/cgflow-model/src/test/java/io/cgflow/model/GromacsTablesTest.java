package io.cgflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cgflow.cli.ToolLauncher;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.file.ModelFile;
import io.cgflow.potentials.Evaluation;
import io.cgflow.potentials.PotentialDefinition;
import io.cgflow.potentials.Request;
import io.cgflow.potentials.TabulatedBonded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GROMACS reads the exported bonded tables (bond, angle and dihedral type 8, {@code mdrun -tableb}) and gives the
 * model's bonded energies of one chain: a check of the file layout and ranges against the program itself, run when
 * {@code gmx} is installed.
 */
class GromacsTablesTest {
    @TempDir
    Path dir;

    private String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }

    @Test
    void gromacsGivesTheModelsBondedEnergies() throws Exception {
        Path gmx = Path.of("/usr/bin/gmx");
        assumeTrue(Files.isExecutable(gmx), "gmx is not installed");
        TrainedModel model = ModelCommandTest.model(true, 13);
        Path file = dir.resolve("model.h5");
        ModelFile.write(file, model);
        ToolLauncher.Outcome o = ToolLauncher.capture(new ModelCommand(), "export-tables", file.toString(), "--format",
            "gromacs", "-o", dir.toString());
        assertEquals(0, o.exitCode(), o.err());
        // one chain A – B-x – B-x – A: bonds 0.28–0.33 nm, angles about 110–125°, a gauche-like dihedral
        double[] x = {1.0, 1.0, 1.0, 1.3, 1.02, 1.0, 1.42, 1.29, 1.03, 1.72, 1.33, 1.2};
        StringBuilder gro = new StringBuilder("chain\n4\n");
        String[] names = {"A", "B", "B", "A"};
        for (int i = 0; i < 4; i++) {
            gro.append(String.format(Locale.ROOT, "%5d%-5s%5s%5d%8.3f%8.3f%8.3f%n", 1, "CHN", names[i], i + 1,
                x[3 * i], x[3 * i + 1], x[3 * i + 2]));
        }
        gro.append("   4.00000   4.00000   4.00000\n");
        Files.writeString(dir.resolve("conf.gro"), gro.toString());
        Files.writeString(dir.resolve("topol.top"), """
            [ defaults ]
            1 1 no 1.0 1.0
            [ atomtypes ]
            A 15.0 0.0 A 0.0 0.0
            B 15.0 0.0 A 0.0 0.0
            [ moleculetype ]
            CHN 3
            [ atoms ]
            1 A 1 CHN A 1 0 15.0
            2 B 1 CHN B 2 0 15.0
            3 B 1 CHN B 3 0 15.0
            4 A 1 CHN A 4 0 15.0
            [ bonds ]
            1 2 8 0 1.0
            2 3 8 0 1.0
            3 4 8 0 1.0
            [ angles ]
            1 2 3 8 0 1.0
            2 3 4 8 0 1.0
            [ dihedrals ]
            1 2 3 4 8 0 1.0
            [ system ]
            chain
            [ molecules ]
            CHN 1
            """);
        Files.writeString(dir.resolve("run.mdp"), "integrator = md\nnsteps = 0\ncutoff-scheme = Verlet\n"
            + "rlist = 1.0\nrvdw = 1.0\nrcoulomb = 1.0\ncoulombtype = cut-off\npbc = xyz\n");
        run(gmx.toString(), "grompp", "-f", "run.mdp", "-c", "conf.gro", "-p", "topol.top", "-o", "run.tpr",
            "-maxwarn", "5");
        Process mdrun = new ProcessBuilder(gmx.toString(), "mdrun", "-s", "run.tpr", "-nt", "1", "-tableb",
            "table_b0.xvg", "table_a0.xvg", "table_d0.xvg", "-rerun", "conf.gro", "-e", "ener.edr", "-g", "md.log")
            .directory(dir.toFile()).redirectErrorStream(true).start();
        String mdrunOutput = new String(mdrun.getInputStream().readAllBytes());
        assertTrue(mdrun.waitFor(120, TimeUnit.SECONDS), "gmx mdrun");
        // Debian's build needs the rdtscp instruction, which some virtual machines hide: mdrun then refuses to
        // start (not a fault of the tables)
        assumeFalse(mdrun.exitValue() != 0 && mdrunOutput.contains("not supported by the current hardware"),
            "gmx mdrun cannot run on this CPU: " + mdrunOutput.lines().filter(l -> l.contains("rdtscp")).findFirst()
                .orElse("hardware not supported"));
        assertEquals(0, mdrun.exitValue(), "gmx mdrun:\n" + mdrunOutput);
        Process energy = new ProcessBuilder(gmx.toString(), "energy", "-f", "ener.edr", "-o", "e.xvg")
            .directory(dir.toFile()).redirectErrorStream(true).start();
        energy.getOutputStream().write("Tab.-Bonds\nTab.-Angles\nTab.-Dih.\n0\n".getBytes());
        energy.getOutputStream().close();
        String energyOutput = new String(energy.getInputStream().readAllBytes());
        assertTrue(energy.waitFor(60, TimeUnit.SECONDS) && energy.exitValue() == 0, energyOutput);
        double[] gromacs = null;
        for (String line : Files.readAllLines(dir.resolve("e.xvg"))) {
            if (!line.startsWith("#") && !line.startsWith("@") && !line.isBlank()) {
                String[] c = line.trim().split("\\s+");
                gromacs = new double[] {Double.parseDouble(c[1]), Double.parseDouble(c[2]), Double.parseDouble(c[3])};
            }
        }
        assertTrue(gromacs != null, energyOutput);
        CgTopology top = ExportedTablesEnergyTest.chains(1);
        List<Double> cgflow = new ArrayList<>();
        for (PotentialDefinition d : model.bondedDefinitions()) {
            Evaluation out = new Evaluation(4, 0);
            d.evaluator(top).evaluate(x, Box.orthorhombic(4, 4, 4), null, Request.ENERGY, out);
            cgflow.add(out.energy());
            assertTrue(((TabulatedBonded) d).tables().size() == 1);
        }
        System.out.printf("GROMACS bonds %.6f angles %.6f dihedral %.6f; cgflow %.6f %.6f %.6f kJ/mol%n", gromacs[0],
            gromacs[1], gromacs[2], cgflow.get(0), cgflow.get(1), cgflow.get(2));
        for (int k = 0; k < 3; k++) {
            assertEquals(cgflow.get(k), gromacs[k], 2e-4 * Math.max(1, Math.abs(cgflow.get(k))), "term " + k);
        }
    }
}
