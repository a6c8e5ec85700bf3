import io.cgflow.core.Provenance;
import io.cgflow.nn.BeadNetwork;
import io.cgflow.nn.PairTablePrior;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.file.ModelFile;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.nn.model.MlpModel;
import io.cgflow.potentials.Table;
import io.cgflow.potentials.TableFiles;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.TypePair;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A network model of the one-bead CG water of bench/md-benchmark.sh, for bench/md-network-benchmark.sh: the water's
 * pair table (water.table of MakeWaterSystem.java, 1.2 nm) as the model's pair-table prior, so that the liquid is the
 * benchmark's own, plus a network of the given shape on bead type W: G2 Gaussians evenly spaced from 0.25 nm to the
 * 0.9 nm cut-off (width = spacing, the trainer's default grid), tanh hidden layers, weights from a fixed seed,
 * scaled so that the network adds a small, smooth perturbation (its forces of order 1 kJ/mol/nm) and the dynamics
 * stays that of the table. Not a trained model: it costs what a trained model of that shape costs.
 *   java -cp cgflow-md.jar MakeWaterModel.java WORK_DIR OUT.h5 GAUSSIANS HIDDEN...   (e.g. 35 32 32)
 */
public class MakeWaterModel {
    public static void main(String[] args) {
        Path work = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int gaussians = Integer.parseInt(args[2]);
        int[] hidden = Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray();
        List<String> types = List.of("W");
        double cutoff = 0.9;
        double rMin = 0.25;
        RadialG2Settings settings = RadialG2Settings.evenlySpaced(types, cutoff, rMin, gaussians,
            (cutoff - rMin) / gaussians);
        MlpArchitecture arch = MlpArchitecture.of(gaussians, Activation.TANH, hidden);
        double[] theta = MlpModel.initialised(arch, 20261130).parameters();
        int output = arch.weightOffset(arch.layers() - 1);
        for (int k = output; k < theta.length; k++) {
            theta[k] *= 0.01;
        }
        // inputs scaled to about unit spread: a G2 value per Gaussian of this liquid is of order 1
        double[] mean = new double[gaussians];
        double[] std = new double[gaussians];
        SplittableRandom random = new SplittableRandom(7);
        for (int c = 0; c < gaussians; c++) {
            mean[c] = random.nextDouble(0.5, 1.5);
            std[c] = 1;
        }
        BeadNetwork network = new BeadNetwork("W", arch, new InputScaling(mean, std), theta);
        // the table's energies as a natural spline (priors are natural splines; the LAMMPS file's end slopes differ)
        Table read = TableFiles.readLammps(work.resolve("water.table"), "WW", null, TableFiles.REAL);
        Table table = Table.natural("W-W", read.start(), read.step(), read.energies());
        TrainedModel model = new TrainedModel(types, settings, List.of(network),
            PairTablePrior.of(List.of(new TabulatedPair.Entry(TypePair.of("W", "W"), table)), 1.2),
            List.of(), new Provenance("MakeWaterModel.java", "1", "java MakeWaterModel.java " + String.join(" ", args),
                List.of()));
        ModelFile.write(out, model);
    }
}
