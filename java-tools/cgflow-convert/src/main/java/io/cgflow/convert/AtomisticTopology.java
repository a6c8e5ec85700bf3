package io.cgflow.convert;

import io.cgflow.core.InputException;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.Topology;
import io.cgflow.io.topology.GromacsTopologyReader;
import io.cgflow.io.trajectory.LammpsDataReader;
import io.cgflow.io.trajectory.Structure;
import io.cgflow.io.trajectory.Trajectories;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * The atoms written to H5MD: the structure's, with masses and bonds from a topology file when one is given
 * (GROMACS {@code .top}/{@code .itp} or a LAMMPS data file). Masses guessed from atom names (GRO and PDB
 * structures without a topology) are reported once, summarised.
 */
final class AtomisticTopology {
    private AtomisticTopology() {
    }

    /** The structure completed by {@code topologyFile} (null: the structure as read). */
    static Structure combine(Structure structure, Path topologyFile, Trajectories.ReadOptions options, Logger log) {
        if (topologyFile == null) {
            if (massesGuessed(structure.source())) {
                warnGuessedMasses(structure, log);
            }
            return structure;
        }
        boolean gromacs = GromacsTopologyReader.isTopology(topologyFile);
        Topology top;
        if (gromacs) {
            top = GromacsTopologyReader.read(topologyFile);
        } else if (isLammpsData(topologyFile)) {
            top = LammpsDataReader.read(topologyFile, options.lammpsUnits()).topology();
        } else {
            throw InputException.in(topologyFile, "unknown topology format (GROMACS .top/.itp, or a LAMMPS data file "
                + ".data/.lmp/.lammps/data.*)");
        }
        Topology atoms = structure.topology();
        String structureName = structure.source().getFileName().toString();
        if (top.size() != atoms.size()) {
            throw InputException.in(topologyFile, "has " + top.size() + " atoms but the structure " + structureName
                + " has " + atoms.size() + " (is [ molecules ] in step with the structure?)");
        }
        List<Atom> merged = new ArrayList<>(atoms.size());
        for (int i = 0; i < atoms.size(); i++) {
            Atom s = atoms.atom(i);
            Atom t = top.atom(i);
            if (gromacs && !sameName(s.name(), t.name())) {
                throw InputException.at(topologyFile, "atom " + (i + 1), "is " + t.name() + " of residue "
                    + t.residueName() + " " + t.residueId() + " but atom " + (i + 1) + " of " + structureName + " is "
                    + s.name() + " of residue " + s.residueName() + " " + s.residueId()
                    + ": the topology does not describe this structure (molecule order or counts differ)");
            }
            String element = s.element().isEmpty() ? t.element() : s.element();
            merged.add(new Atom(s.name(), s.residueName(), s.residueId(), t.mass() == 0 ? "" : element, s.type(),
                t.mass()));
        }
        return new Structure(structure.source(), new Topology(merged, top.bonds()), structure.box());
    }

    /** Names agree, allowing the structure's fixed-width name field to have cut a longer topology name. */
    private static boolean sameName(String structureName, String topologyName) {
        return structureName.equals(topologyName) || structureName.length() >= 4
            && topologyName.length() > structureName.length() && topologyName.startsWith(structureName);
    }

    private static boolean isLammpsData(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".data") || name.endsWith(".lmp") || name.endsWith(".lammps") || name.startsWith("data.");
    }

    /** GRO and PDB structures carry no masses: they are guessed from the atom names. */
    private static boolean massesGuessed(Path structure) {
        String name = structure.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".gro") || name.endsWith(".pdb") || name.endsWith(".ent");
    }

    private static void warnGuessedMasses(Structure structure, Logger log) {
        Topology t = structure.topology();
        Map<String, String> guesses = new TreeMap<>();
        int massless = 0;
        for (Atom a : t.atoms()) {
            if (!guesses.containsKey(a.name())) {
                guesses.put(a.name(), a.element().isEmpty() ? "no element, mass 0" : a.element() + " " + a.mass());
            }
            if (a.mass() == 0) {
                massless++;
            }
        }
        List<String> shown = new ArrayList<>();
        for (Map.Entry<String, String> e : guesses.entrySet()) {
            if (shown.size() == 12) {
                shown.add("…");
                break;
            }
            shown.add(e.getKey() + " → " + e.getValue());
        }
        boolean unitedAtom = guesses.keySet().stream().anyMatch(n -> n.matches("C[Hh][1-4]?[0-9]*"));
        log.warn("masses of all {} atoms ({} distinct names) are guessed from atom names, not read from a topology: "
                + "{}{}{}; give the topology (-p topol.top or a LAMMPS data file) for exact masses and bonds",
            t.size(), guesses.size(), String.join(", ", shown),
            massless > 0 ? "; " + massless + " atom(s) have no element and mass 0" : "",
            unitedAtom ? "; names like CH2/CH3 get the carbon mass, wrong for united-atom sites" : "");
    }
}
