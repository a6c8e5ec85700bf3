import io.cgflow.core.Provenance;
import io.cgflow.nn.BeadNetwork;
import io.cgflow.nn.BondedTable;
import io.cgflow.nn.PairTablePrior;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.file.ModelFile;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.Table;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.TypePair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small synthetic model of the three-bead propane of test-data/propane (bead types CH3 and CH2, as mapped by
 * mappings/propane.yaml), for examples, tool tests and the class-data archive of cgflow-model; not a trained one.
 * Linear networks (no hidden layer, so the model is a pair potential) on 12 G2 functions per neighbour type from
 * 0.3 nm to the 0.9 nm cut-off, small weights from a fixed seed; a pair-table prior (a repulsive wall below
 * 0.4 nm, cut-off 0.6 nm); a bond table for CH3-CH2 (½ k (b − 0.154)², k = 200000 kJ/mol/nm², 0.12–0.19 nm) and an
 * angle table for CH3-CH2-CH3 (½ k (θ − 114°)², k = 519.6 kJ/mol/rad², 0–180°), the TraPPE-UA-like bonded terms of
 * the cgflow-md examples. The same command writes the same bytes.
 *   java -Dorg.slf4j.simpleLogger.log.io.jhdf=error -cp java-tools/cgflow-model/target/cgflow-model.jar \
 *       test-data/models/MakeModel.java test-data/models/propane-demo.h5
 */
public class MakeModel {
    public static void main(String[] args) {
        List<String> types = List.of("CH3", "CH2");
        RadialG2Settings settings = RadialG2Settings.evenlySpaced(types, 0.9, 0.3, 12, 0.035);
        SplittableRandom random = new SplittableRandom(20240501);
        List<BeadNetwork> networks = new ArrayList<>();
        int length = settings.length();
        for (String type : types) {
            MlpArchitecture arch = MlpArchitecture.of(length, Activation.IDENTITY);
            double[] theta = new double[arch.parameterCount()];
            for (int k = 0; k < length; k++) {
                theta[k] = random.nextDouble(-0.4, 0.1);
            }
            double[] mean = new double[length];
            double[] std = new double[length];
            for (int c = 0; c < length; c++) {
                mean[c] = 0.2;
                std[c] = 0.5;
            }
            networks.add(new BeadNetwork(type, arch, new InputScaling(mean, std), theta));
        }
        List<TabulatedPair.Entry> walls = new ArrayList<>();
        double[] contact = {0.36, 0.37, 0.38};
        String[][] pairs = {{"CH3", "CH3"}, {"CH3", "CH2"}, {"CH2", "CH2"}};
        for (int p = 0; p < pairs.length; p++) {
            double[] e = new double[81];
            for (int k = 0; k < e.length; k++) {
                double r = 0.2 + 0.005 * k;
                double d = Math.max(0, contact[p] - r) / 0.05;
                e[k] = 10 * d * d * d;
            }
            walls.add(new TabulatedPair.Entry(TypePair.of(pairs[p][0], pairs[p][1]), Table.natural("wall", 0.2, 0.005,
                e)));
        }
        double[] bond = new double[71];
        for (int k = 0; k < bond.length; k++) {
            double b = 0.12 + 0.001 * k;
            bond[k] = 0.5 * 200000 * (b - 0.154) * (b - 0.154);
        }
        double[] angle = new double[181];
        for (int k = 0; k < angle.length; k++) {
            double d = Math.toRadians(k - 114);
            angle[k] = 0.5 * 519.6 * d * d;
        }
        TrainedModel model = new TrainedModel(types, settings, networks, PairTablePrior.of(walls, 0.6), List.of(
            new BondedTable(BondedKind.BOND, "CH3-CH2", Table.natural("bond", 0.12, 0.001, bond)),
            new BondedTable(BondedKind.ANGLE, "CH3-CH2-CH3", Table.natural("angle", 0, 1, angle))),
            new Provenance("MakeModel.java", "1", "java MakeModel.java", List.of()));
        ModelFile.write(Path.of(args[0]), model);
    }
}
