package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cgflow.md.MdSettings;
import io.cgflow.nn.BondedTable;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainable bonded tables of a layout, as the trainer lays them out (Trainer.bondedTables). */
class ModelLayoutTest {
    @Test
    void dihedralTablesArePeriodicOverTheFullTurnBondAndAngleTablesNatural() {
        RadialG2Settings descriptor = RadialG2Settings.evenlySpaced(List.of("A"), 0.9, 0.3, 12, 0.05);
        MlpArchitecture arch = MlpArchitecture.of(12, Activation.TANH, 8);
        boolean[] all36 = new boolean[36];
        java.util.Arrays.fill(all36, true);
        List<ModelLayout.BondedSpec> bonded = List.of(
            new ModelLayout.BondedSpec(BondedKind.BOND, "A-A", 0.3, 0.01, 11, new boolean[11]),
            new ModelLayout.BondedSpec(BondedKind.ANGLE, "A-A-A", 90, 9, 11, new boolean[11]),
            // as Trainer.bondedTables lays out every dihedral: 36 knots from -180 degrees, 10 degrees apart
            new ModelLayout.BondedSpec(BondedKind.DIHEDRAL, "A-A-A-A", -180, 10, 36, all36));
        ModelLayout layout = new ModelLayout(List.of("A"), descriptor, arch, List.of(InputScaling.identity(12)),
            new ModelLayout.Prior(List.of("A"), new double[] {0.3}, MdSettings.KB * 300, 1), bonded);
        double[] theta = layout.initial(1, new double[11 + 11 + 36]);
        List<BondedTable> tables = layout.bondedTables(theta);
        assertEquals(Table.Boundary.NATURAL, tables.get(0).table().boundary());
        assertEquals(Table.Boundary.NATURAL, tables.get(1).table().boundary());
        Table dihedral = tables.get(2).table();
        assertEquals(Table.Boundary.PERIODIC, dihedral.boundary(), "a dihedral table wraps around");
        assertEquals(360.0, dihedral.size() * dihedral.step(), 1e-9);
        // the model of θ (what the trainer writes and samples with) builds; before, a dihedral failed here with
        // "dihedral table ... must be periodic with its points covering 360 degrees"
        assertEquals(3, layout.model(theta, new io.cgflow.core.Provenance("test", "0", "test", List.of()))
            .bonded().size());
        assertEquals(3, layout.bondedDefinitions(theta).size(), "one bond, one angle and one dihedral definition");
    }
}
