package io.cgflow.reference;

import io.cgflow.cli.ToolLauncher;
import io.cgflow.core.Provenance;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.output.OutputTransaction;
import io.cgflow.io.h5md.H5mdShardWriter;
import io.cgflow.io.h5md.H5mdWriter;
import io.cgflow.io.trajectory.Structure;
import io.cgflow.io.trajectory.TrajectoryFormat;
import io.cgflow.io.trajectory.TrajectoryReader;
import io.cgflow.io.trajectory.Trajectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Test helpers: H5MD inputs made from the committed trajectories, and in-process tool runs. */
final class Fixtures {
    private Fixtures() {
    }

    /** Writes {@code trajectory} as H5MD {@code out} (shards of {@code shardFrames} when given); returns the files. */
    static List<Path> h5md(Path trajectory, Path structure, Path out, OptionalInt shardFrames) {
        Structure s = Trajectories.readStructure(structure, Trajectories.ReadOptions.DEFAULT);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (OutputTransaction tx = new OutputTransaction();
             TrajectoryReader r = Trajectories.open(trajectory, TrajectoryFormat.of(trajectory),
                 Trajectories.ReadOptions.DEFAULT)) {
            H5mdShardWriter w = new H5mdShardWriter(out, shardFrames, tx, writer, s::topology, null,
                () -> new Provenance("test", "0", "test", List.of()), new H5mdWriter.Options(0, "test", "0", 1));
            for (Frame f = r.next(); f != null; f = r.next()) {
                w.add(f);
            }
            List<Path> files = w.finish();
            tx.commit();
            return files;
        } finally {
            writer.shutdownNow();
        }
    }

    static ToolLauncher.Outcome reference(String... args) {
        return ToolLauncher.capture(new ReferenceCommand(), args);
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().collect(Collectors.toList());
        }
    }
}
