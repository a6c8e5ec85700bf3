package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cgflow.cli.ToolLauncher;
import io.cgflow.convert.ConvertCommand;
import io.cgflow.io.TestData;
import io.cgflow.reference.ReferenceCommand;
import java.nio.file.Path;

/** The bundled argon through {@code cgflow-convert} and {@code cgflow-reference}, as the tests of this module start. */
final class ArgonReference {
    private ArgonReference() {
    }

    /**
     * Frames 0 … {@code last} of test-data/lj-argon converted into {@code dir}/lj.h5, then reference distributions
     * ({@code ref}, RDFs to 1.2 nm at 94.4 K) and the mapped CG trajectory ({@code cg}).
     */
    static void make(Path dir, int last, Path ref, Path cg) {
        Path aa = dir.resolve("lj.h5");
        ToolLauncher.Outcome c = ToolLauncher.capture(new ConvertCommand(), "-i",
            TestData.file("lj-argon/traj.xtc").toString(), "-s", TestData.file("lj-argon/conf.gro").toString(), "-o",
            aa.toString(), "--last", Integer.toString(last));
        assertEquals(0, c.exitCode(), c.err());
        ToolLauncher.Outcome r = ToolLauncher.capture(new ReferenceCommand(), "-i", aa.toString(), "-m",
            TestData.file("mappings/lj-argon.yaml").toString(), "-o", ref.toString(), "--cg-output", cg.toString(),
            "--temperature", "94.4", "--rdf-max", "1.2");
        assertEquals(0, r.exitCode(), r.err());
    }
}
