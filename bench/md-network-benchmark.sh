#!/usr/bin/env bash
# The cost of a step with the network potential against the tabulated one, in cgflow-md as users run it: the one-bead
# CG water of bench/md-benchmark.sh (2197 beads, 33.4 beads/nm³, Langevin 300 K, dt 2 fs), equilibrated 1000 steps
# on its pair table; then the table alone (--potential, cut-off 1.2 nm) and, for each network shape, a model whose
# prior is that same table plus a network on G2 descriptors to 0.9 nm (bench/md/MakeWaterModel.java; not trained,
# but it costs what a trained model of its shape costs). steps/s is cgflow-md's own count of the run loop.
# Then Monte Carlo: single-bead moves per second on a 512-bead box of the same liquid, one thread.
# Usage: bench/md-network-benchmark.sh [NETWORK_STEPS] [REPEATS]   (./cgflow build first; the table runs take
# 10 × NETWORK_STEPS so that start-up and compilation weigh alike; best of REPEATS, runs taking turns)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
steps="${1:-200}"
repeats="${2:-1}"
shapes=("9 20 20" "20 32 32" "35 32 32" "40 64 64" "40 64 64 64")
work="${CGFLOW_BENCH_DIR:-${TMPDIR:-/tmp}/cgflow-bench}/md-network"
jar="$repo/java-tools/cgflow-md/target/cgflow-md.jar"
[ -f "$jar" ] || { echo "build first: ./cgflow build" >&2; exit 1; }
mkdir -p "$work/mc" "$here/results"
md=("$repo/bin/cgflow-md" --temperature 300 --dt 0.002 --seed 7)

java -cp "$jar" "$here/md/MakeWaterSystem.java" "$work" 13 >/dev/null
java -cp "$jar" "$here/md/MakeWaterSystem.java" "$work/mc" 8 >/dev/null
for dir in "$work" "$work/mc"; do
  rm -f "$dir"/eq*
  "${md[@]}" -c "$dir/start.gro" --potential "$dir/pot.yaml" -o "$dir/eq.h5" --log "$dir/eq.tsv" --steps 1000 \
    --output-every 1000 --friction 10 --threads 2 >/dev/null 2>&1
done
for shape in "${shapes[@]}"; do
  name="g2-${shape// /-}"
  # shellcheck disable=SC2086
  java -Dorg.slf4j.simpleLogger.log.io.jhdf=error -cp "$jar" "$here/md/MakeWaterModel.java" "$work" \
    "$work/$name.h5" $shape
done

declare -A best=()
run() {   # key, start dir, steps, threads, integrator, force options...: one run, keeps the best steps/s
  local key=$1 dir=$2 n=$3 t=$4 integrator=$5 line rate; shift 5
  rm -f "$dir"/run.*
  line=$("${md[@]}" -c "$dir/eq.h5" "$@" -o "$dir/run.h5" --log "$dir/run.tsv" --steps "$n" \
    --output-every "$n" --integrator "$integrator" --threads "$t" 2>&1 >/dev/null | grep -E '(steps|sweeps) of') \
    || { echo "cgflow-md failed: $key" >&2; exit 1; }
  # steps (or sweeps) over the run loop's seconds, from 'N steps of B beads in T s' (the line's own rate has one
  # decimal, too coarse for a few sweeps per second)
  rate=$(sed -E 's/.* ([0-9]+) (steps|sweeps) of [0-9]+ beads in ([0-9.]+) s.*/\1 \3/' <<<"$line" \
    | awk '{printf "%.4f", $1 / $2}')
  if [ -z "${best[$key]:-}" ] || (( $(echo "$rate > ${best[$key]}" | bc -l) )); then best[$key]=$rate; fi
}
load=$(cut -d' ' -f1-3 /proc/loadavg)
for ((k = 0; k < repeats; k++)); do
  for t in 1 2; do
    run "table-$t" "$work" $((10 * steps)) "$t" langevin --friction 10 --potential "$work/pot.yaml"
    for shape in "${shapes[@]}"; do
      name="g2-${shape// /-}"
      run "$name-$t" "$work" "$steps" "$t" langevin --friction 10 --model "$work/$name.h5"
    done
  done
  run "mc-table" "$work/mc" $((2 * steps)) 1 mc --potential "$work/mc/pot.yaml"
  for shape in "${shapes[@]}"; do
    name="g2-${shape// /-}"
    # a quarter of the MD steps in sweeps (50 for 200): 10 sweeps, as before, were mostly the JIT's warm-up
    # (7.3 sweeps/s against 11.5 in 100 with the 9-G2 network)
    run "mc-$name" "$work/mc" $((steps / 4 > 2 ? steps / 4 : 2)) 1 mc --model "$work/$name.h5"
  done
done

date=$(date -u +%Y%m%d-%H%M)
out="$here/results/md-network-$date.md"
{
  echo "# CG MD: the network potential against the tabulated one ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "One-bead CG water, 2197 beads at 33.4 beads/nm³, equilibrated 1000 steps on its table; Langevin 300 K, dt 2 fs."
  echo "Table: the pair table alone to 1.2 nm ($((10 * steps)) steps). Network: the same table as the model's prior plus"
  echo "G2 descriptors to 0.9 nm and tanh hidden layers ($steps steps). steps/s: cgflow-md's count of the run loop;"
  echo "best of $repeats. Machine: $(getconf _NPROCESSORS_ONLN) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(java -version 2>&1 | head -1). Load average before the runs: $load."
  echo
  echo "| potential | steps/s, 1 thread | × table's step cost | steps/s, 2 threads | × table's step cost |"
  echo "|---|---|---|---|---|"
  printf '| table, r_c 1.2 nm | %.1f | 1 | %.1f | 1 |\n' "${best[table-1]}" "${best[table-2]}"
  for shape in "${shapes[@]}"; do
    name="g2-${shape// /-}"
    read -r g h <<<"$shape"
    printf '| table + network: %s G2, hidden %s | %.1f | %.1f | %.1f | %.1f |\n' "$g" "${h// /-}" "${best[$name-1]}" \
      "$(echo "${best[table-1]} / ${best[$name-1]}" | bc -l)" "${best[$name-2]}" \
      "$(echo "${best[table-2]} / ${best[$name-2]}" | bc -l)"
  done
  echo
  echo "Monte Carlo, 512 beads (8³ lattice, equilibrated 1000 MD steps), one thread, single-bead moves ($((2 * steps)) sweeps with the table, $((steps / 4 > 2 ? steps / 4 : 2)) with a network):"
  echo
  echo "| potential | moves/s |"
  echo "|---|---|"
  printf '| table, r_c 1.2 nm | %.0f |\n' "$(echo "${best[mc-table]} * 512" | bc -l)"
  for shape in "${shapes[@]}"; do
    name="g2-${shape// /-}"
    read -r g h <<<"$shape"
    printf '| table + network: %s G2, hidden %s | %.0f |\n' "$g" "${h// /-}" "$(echo "${best[mc-$name]} * 512" | bc -l)"
  done
  echo
  echo "Command: \`bench/md-network-benchmark.sh $steps $repeats\`"
} > "$out"
cat "$out"
