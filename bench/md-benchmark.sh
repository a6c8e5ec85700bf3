#!/usr/bin/env bash
# CG molecular dynamics benchmark: cgflow-md against LAMMPS on the same one-bead CG water, side by side.
# 13³ = 2197 beads at 33.4 beads/nm³ (4.04 nm cube), one tabulated pair potential (the same LAMMPS table file
# for both, written by TableFiles: bench/md/MakeWaterSystem.java), cut-off 1.2 nm, Verlet skin 0.1 nm
# (LAMMPS: neighbor 1.0 bin, neigh_modify delay 0 every 1 check yes), Langevin 300 K with γ = 10/ps
# (LAMMPS: fix langevin damp 100 fs + fix nve), dt 2 fs, STEPS steps from the same lattice, a frame and a
# thermo line every 1000 steps. cgflow-md with 1 and 2 threads; LAMMPS serial and mpirun -np 2, each with the
# table interpolated linearly (LAMMPS's fastest scheme) and by cubic splines (as cgflow-md interpolates).
#
# With SYSTEM = argon, the same runs on a Lennard-Jones argon liquid instead: 2197 atoms at ρ* = 0.8
# (20.27 atoms/nm³, 4.77 nm cube), T = 102 K (T* = 0.85), the analytic pair σ = 0.3405 nm, ε = 0.99774 kJ/mol cut and
# shifted at 1.0 nm (LAMMPS lj/cut with pair_modify shift yes, and its OPT package's lj/cut/opt), dt 5 fs, the
# same skin, neighbour settings and thermostat.
#
# CGFLOW_BENCH_PIN=CPU runs the one-core runs (cgflow-md on 1 thread, its JIT and GC threads included, and serial
# LAMMPS) on that one CPU (taskset): one core each, strictly. Unpinned, the JVM's compiler threads take the other core
# while the run warms up; and on a virtual machine the two CPUs need not be equally fast.
# Usage: bench/md-benchmark.sh [STEPS] [REPEATS] [water|argon]   (needs: lammps and an MPI from Debian; ./cgflow build)
# Writes bench/results/md-<date>.md (argon: md-argon-<date>.md) and prints it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
steps="${1:-2000}"
repeats="${2:-1}"
system="${3:-water}"
case "$system" in
  water) work="${CGFLOW_BENCH_DIR:-${TMPDIR:-/tmp}/cgflow-bench}/md" temperature=300 dt=0.002 ;;
  argon) work="${CGFLOW_BENCH_DIR:-${TMPDIR:-/tmp}/cgflow-bench}/md-argon" temperature=102 dt=0.005 ;;
  *) echo "unknown system '$system' (water or argon)" >&2; exit 1 ;;
esac
mkdir -p "$work" "$here/results"
jar="$repo/java-tools/cgflow-md/target/cgflow-md.jar"
[ -f "$jar" ] || { echo "build first: ./cgflow build" >&2; exit 1; }
command -v lmp >/dev/null || { echo "missing lmp (apt-get install lammps)" >&2; exit 1; }
export OMP_NUM_THREADS=1
mpi=(mpirun -np 2)
if [ "$(id -u)" = 0 ]; then mpi=(mpirun --allow-run-as-root --oversubscribe -np 2); fi

# One LAMMPS input for both systems and both variants, which differ only in the pair lines: units real, the
# Langevin thermostat of cgflow-md (damp 100 fs = 1/γ), the same skin and neighbour checks, a frame and a thermo
# line every 1000 steps.
lammps_input() {   # file, pair lines
  cat > "$1" <<LMP
units real
atom_style atomic
boundary p p p
read_data start.data
$2
neighbor 1.0 bin
neigh_modify delay 0 every 1 check yes
velocity all create $temperature 4928459 mom yes dist gaussian
fix 1 all nve
fix 2 all langevin $temperature $temperature 100.0 699483
timestep $(awk "BEGIN{print $dt * 1000}")
thermo 1000
thermo_style custom step temp pe press
dump 1 all custom 1000 traj.lammpstrj id x y z
run $steps
LMP
}
if [ "$system" = water ]; then
  java -cp "$jar" "$here/md/MakeWaterSystem.java" "$work" 13
  # 'linear' is LAMMPS's fastest scheme; 'spline' interpolates by cubic splines, as cgflow-md does
  lammps_input "$work/in.lammps-1" $'pair_style table linear 1000\npair_coeff 1 1 water.table WW 12.0'
  lammps_input "$work/in.lammps-2" $'pair_style table spline 1000\npair_coeff 1 1 water.table WW 12.0'
  variants=(linear spline) labels=("\`table linear\`" "\`table spline\`")
else
  java -cp "$jar" "$here/md/MakeWaterSystem.java" "$work" 13 argon
  # the plain kernel and the OPT package's hand-optimised one, of the same potential
  lammps_input "$work/in.lammps-1" $'pair_style lj/cut 10.0\npair_modify shift yes\npair_coeff 1 1 0.238466 3.405'
  lammps_input "$work/in.lammps-2" $'pair_style lj/cut/opt 10.0\npair_modify shift yes\npair_coeff 1 1 0.238466 3.405'
  variants=(lj/cut lj/cut/opt) labels=("\`lj/cut\`" "\`lj/cut/opt\`")
fi

pin=()
if [ -n "${CGFLOW_BENCH_PIN:-}" ]; then
  command -v taskset >/dev/null || { echo "CGFLOW_BENCH_PIN needs taskset (util-linux)" >&2; exit 1; }
  pin=(taskset -c "$CGFLOW_BENCH_PIN")
fi
on_one_core() {   # threads: the pinning prefix of a one-core run
  if [ "$1" = 1 ]; then echo "${pin[@]}"; fi
}

rows=()
declare -A best=()   # key -> "steps/s wall cpu" of the fastest repeat
keep_best() {   # key rate wall cpu
  if [ -z "${best[$1]:-}" ] || (( $(echo "$2 > ${best[$1]%% *}" | bc -l) )); then best[$1]="$2 $3 $4"; fi
}
rep_cgflow() {   # threads: one run
  local t=$1 s0 s1 err rate wall cpu
  rm -f "$work"/cg-$t.*
  s0=$(date +%s.%N)
  # shellcheck disable=SC2046
  err=$(/usr/bin/time -f "%U %S" -o "$work/cpu.txt" $(on_one_core "$t") "$repo/bin/cgflow-md" -c "$work/start.gro" --potential "$work/pot.yaml" -o "$work/cg-$t.h5" \
    --log "$work/cg-$t.tsv" --temperature "$temperature" --steps "$steps" --dt "$dt" --friction 10 --output-every 1000 \
    --seed 7 --threads "$t" 2>&1 >/dev/null | grep 'steps of')
  s1=$(date +%s.%N)
  # "cgflow-md: 2000 steps of 2197 beads in 7.12 s (281.0 steps/s)"
  rate=$(sed -E 's/.*\(([0-9.]+) steps\/s\).*/\1/' <<<"$err")
  wall=$(echo "$s1 - $s0" | bc -l)
  cpu=$(awk '{print $1 + $2}' "$work/cpu.txt")
  keep_best "cg$t" "$rate" "$wall" "$cpu"
}
row_cgflow() {   # threads
  local t=$1 b=${best[cg$1]} first last wall cpu
  first=$(sed -n 2p "$work/cg-$t.tsv"); last=$(tail -1 "$work/cg-$t.tsv")
  read -r wall cpu <<<"${b#* }"
  rows+=("$(printf '| cgflow-md, %d thread%s | %.1f | %.2f | %.1f | %.1f | %.0f / %.0f | %.1f | %.0f | %.0f |' "$t" \
    "$([ "$t" = 1 ] || echo s)" "${b%% *}" "$(echo "${b%% *} * $dt * 86400 / 1000" | bc -l)" "$wall" "$cpu" \
    "$(cut -f3 <<<"$first")" "$(cut -f7 <<<"$first")" "$(cut -f6 <<<"$last")" "$(cut -f3 <<<"$last")" \
    "$(cut -f7 <<<"$last")")")
}
rep_lammps() {   # key, input, command...: one run, its log kept as lammps-KEY.log
  local key=$1 input=$2; shift 2
  local s0 s1 rate wall cpu
  s0=$(date +%s.%N)
  (cd "$work" && /usr/bin/time -f "%U %S" -o cpu.txt "$@" -in "$input" -log "lammps-$key.log" -screen none)
  s1=$(date +%s.%N)
  rate=$(grep -E '^Performance:' "$work/lammps-$key.log" | sed -E 's/.* ([0-9.]+) timesteps\/s.*/\1/')
  wall=$(echo "$s1 - $s0" | bc -l)
  cpu=$(awk '{print $1 + $2}' "$work/cpu.txt")
  keep_best "$key" "$rate" "$wall" "$cpu"
}
row_lammps() {   # key, label
  local b=${best[$1]} log="$work/lammps-$1.log" first last temp pe press pe0 press0 wall cpu
  # the first and last thermo lines: step temp pe(kcal/mol) press(atm)
  first=$(awk '/^ *Step/{on=1; next} /^Loop time/{on=0} on && NF==4 {print; exit}' "$log")
  last=$(awk '/^ *Step/{on=1; next} /^Loop time/{on=0} on && NF==4 {l=$0} END {print l}' "$log")
  read -r _ _ pe0 press0 <<<"$first"
  read -r _ temp pe press <<<"$last"
  read -r wall cpu <<<"${b#* }"
  rows+=("$(printf '| %s | %.1f | %.2f | %.1f | %.1f | %.0f / %.0f | %.1f | %.0f | %.0f |' "$2" "${b%% *}" \
    "$(echo "${b%% *} * $dt * 86400 / 1000" | bc -l)" "$wall" "$cpu" "$(echo "$pe0 * 4.184" | bc -l)" \
    "$(echo "$press0 * 1.01325" | bc -l)" "$temp" "$(echo "$pe * 4.184" | bc -l)" "$(echo "$press * 1.01325" | bc -l)")")
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
# the programs take turns in every repeat, so that a change in the load of the machine falls on all of them
for ((k = 0; k < repeats; k++)); do
  rep_cgflow 1
  rep_lammps serial in.lammps-1 ${pin[@]+"${pin[@]}"} lmp
  rep_lammps serial-spline in.lammps-2 ${pin[@]+"${pin[@]}"} lmp
  rep_cgflow 2
  rep_lammps mpi in.lammps-1 "${mpi[@]}" lmp
  rep_lammps mpi-spline in.lammps-2 "${mpi[@]}" lmp
done
row_cgflow 1
row_lammps serial "LAMMPS, serial, ${labels[0]}"
row_lammps serial-spline "LAMMPS, serial, ${labels[1]}"
row_cgflow 2
row_lammps mpi "LAMMPS, \`mpirun -np 2\`, ${labels[0]}"
row_lammps mpi-spline "LAMMPS, \`mpirun -np 2\`, ${labels[1]}"

date=$(date -u +%Y%m%d-%H%M)
out="$here/results/md-$date.md"
[ "$system" = water ] || out="$here/results/md-$system-$date.md"
{
  echo "# CG molecular dynamics: cgflow-md against LAMMPS ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  if [ "$system" = water ]; then
  echo "One-bead CG water: 2197 beads, 33.4 beads/nm³, tabulated pair potential (one LAMMPS table file, units real),"
  echo "cut-off 1.2 nm, skin 0.1 nm, Langevin 300 K (γ = 10/ps), dt 2 fs, $steps steps from the same lattice,"
  else
  echo "Lennard-Jones argon: 2197 atoms, 20.27 atoms/nm³ (ρ* = 0.8), σ 0.3405 nm, ε 0.99774 kJ/mol, cut and shifted"
  echo "at 1.0 nm, skin 0.1 nm, Langevin 102 K (T* = 0.85, γ = 10/ps), dt 5 fs, $steps steps from the same lattice,"
  fi
  echo "output every 1000 steps; best of $repeats, the six runs taking turns in each repeat. Machine: $(getconf _NPROCESSORS_ONLN) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(java -version 2>&1 | head -1), LAMMPS $(lmp -h 2>/dev/null | sed -n 's/^Large-scale Atomic.*Simulator - //p' | head -1)."
  echo "steps/s: cgflow-md's own count (run only, after start-up); LAMMPS's Performance line (loop only)."
  echo "wall, CPU: the whole process (start-up, input, JIT and GC threads included); CPU = user + system seconds."
  echo "Step 0 (the same lattice for all): E_pot kJ/mol / P bar, a check that both read the same table."
  echo "T, E_pot, P: the last thermo row (step $steps). Load average before the runs: $load."
  if [ ${#pin[@]} -gt 0 ]; then
  echo "One-core runs pinned to CPU $CGFLOW_BENCH_PIN (taskset): cgflow-md's JIT and GC threads share that core."
  fi
  echo
  echo "| program | steps/s | ns/day | wall s | CPU s | step 0: E_pot / P | T K | E_pot kJ/mol | P bar |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  printf 'cgflow-md / LAMMPS %s, steps/s: %.2f on 1 core, %.2f on 2 cores.\n' "${variants[0]}" \
    "$(echo "${best[cg1]%% *} / ${best[serial]%% *}" | bc -l)" "$(echo "${best[cg2]%% *} / ${best[mpi]%% *}" | bc -l)"
  printf 'cgflow-md / LAMMPS %s, steps/s: %.2f on 1 core, %.2f on 2 cores.\n' "${variants[1]}" \
    "$(echo "${best[cg1]%% *} / ${best[serial-spline]%% *}" | bc -l)" "$(echo "${best[cg2]%% *} / ${best[mpi-spline]%% *}" | bc -l)"
  echo
  echo "Command: \`${CGFLOW_BENCH_PIN:+CGFLOW_BENCH_PIN=$CGFLOW_BENCH_PIN }bench/md-benchmark.sh $steps $repeats $system\`"
} > "$out"
cat "$out"
