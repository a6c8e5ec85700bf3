#!/usr/bin/env bash
# The force evaluation of cgflow-md alone (pair kernel, list builds and prunes), on the one-bead CG water of
# bench/md-benchmark.sh: 2000 Langevin steps from the lattice, then FRAMES NVE steps stored every step; the stored
# frames are evaluated in turn by KernelForces (bench/md/KernelTrajectory.java), best of 10 passes.
# Usage: bench/md-kernel-benchmark.sh [FRAMES] [THREADS] [JAR]   (./cgflow build first; JAR: another cgflow-md.jar
# to compare, e.g. one built from an older commit). CGFLOW_BENCH_PIN=CPU runs it on that one CPU (taskset): on a
# virtual machine whose CPUs are not equally fast, unpinned runs land on either (docs/benchmarks.md)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
frames="${1:-200}"
threads="${2:-1}"
jar="${3:-$repo/java-tools/cgflow-md/target/cgflow-md.jar}"
work="${CGFLOW_BENCH_DIR:-${TMPDIR:-/tmp}/cgflow-bench}/md-kernel"
[ -f "$jar" ] || { echo "build first: ./cgflow build" >&2; exit 1; }
mkdir -p "$work"
if [ ! -f "$work/traj-$frames.h5" ]; then
  java -cp "$jar" "$here/md/MakeWaterSystem.java" "$work" 13 >/dev/null
  "$repo/bin/cgflow-md" -c "$work/start.gro" --potential "$work/pot.yaml" -o "$work/eq.h5" --log "$work/eq.tsv" \
    --temperature 300 --steps 2000 --dt 0.002 --friction 10 --output-every 1000 --seed 7 --threads 2 >/dev/null 2>&1
  "$repo/bin/cgflow-md" -c "$work/eq.h5" --potential "$work/pot.yaml" -o "$work/traj-$frames.h5" \
    --log "$work/traj-$frames.tsv" --temperature 300 --steps "$frames" --dt 0.002 --integrator nve --output-every 1 \
    --seed 7 --threads 2 >/dev/null 2>&1
fi
classes="$work/classes-$(sha256sum "$jar" | cut -c1-12)"
if [ ! -d "$classes" ]; then
  mkdir -p "$classes"
  javac -nowarn -cp "$jar" -d "$classes" "$here/md/KernelTrajectory.java"
fi
pin=()
[ -z "${CGFLOW_BENCH_PIN:-}" ] || pin=(taskset -c "$CGFLOW_BENCH_PIN")
(cd "$work" && ${pin[@]+"${pin[@]}"} java -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$classes:$jar" io.cgflow.md.KernelTrajectory \
  pot.yaml "traj-$frames.h5" "$frames" "$threads")
