package io.cgflow.io.trajectory;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.Topology;
import java.nio.file.Path;

/** A structure file's particles and, where it has one, its box (null otherwise). */
public record Structure(Path source, Topology topology, Box box) {
}
