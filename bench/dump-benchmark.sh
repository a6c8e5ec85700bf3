#!/usr/bin/env bash
# LAMMPS text-dump conversion benchmark: cgflow-convert now, cgflow-convert as of an earlier commit (the
# "before" of a change, built on the fly), and MDAnalysis (reading only, and converting to H5MD), on the
# same 2048-atom, 201-frame LAMMPS dump made here with Debian's LAMMPS. Side by side, one machine, one run.
#
# Usage: bench/dump-benchmark.sh [REPEATS] [BEFORE_COMMIT]
#        (needs: lammps, python3-mdanalysis, python3-h5py from Debian; ./cgflow build first)
# Writes bench/results/dump-<date>-<HHMM>.md (UTC) and prints it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
repeats="${1:-3}"
before="${2:-e9afb3d}"
work="${CGFLOW_BENCH_DIR:-${TMPDIR:-/tmp}/cgflow-bench}/dump"
mkdir -p "$work" "$here/results"
PY=/usr/bin/python3
jar="$repo/java-tools/cgflow-convert/target/cgflow-convert.jar"
[ -f "$jar" ] || { echo "build first: ./cgflow build" >&2; exit 1; }
for tool in lmp "$PY"; do command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install lammps python3-mdanalysis python3-h5py)" >&2; exit 1; }; done

# 1. the input: LJ argon (units real), 2048 atoms from an fcc lattice, 201 frames of "id type x y z"
if [ ! -f "$work/dump.lammpstrj" ]; then
  cat > "$work/in.argon" <<'LMP'
units real
atom_style atomic
lattice fcc 5.72
region box block 0 8 0 8 0 8
create_box 1 box
create_atoms 1 box
mass 1 39.948
pair_style lj/cut 8.5
pair_coeff 1 1 0.2381 3.405
velocity all create 94.4 4928459 loop geom
fix 1 all nvt temp 94.4 94.4 100.0
timestep 5.0
run 1000
write_data data.argon
dump d all custom 10 dump.lammpstrj id type x y z
dump_modify d sort id
run 2000
LMP
  (cd "$work" && lmp -in in.argon -log none -screen none)
fi
dump="$work/dump.lammpstrj"; data="$work/data.argon"
frames=$(grep -c "ITEM: TIMESTEP" "$dump"); atoms=$(sed -n 4p "$dump"); bytes=$(stat -c %s "$dump")

# 2. the earlier cgflow-convert, built from BEFORE_COMMIT in a temporary worktree
old_jar="$work/cgflow-convert-$before.jar"
if [ ! -f "$old_jar" ]; then
  tree=$(mktemp -d "$work/tree.XXXXXX")
  git -C "$repo" worktree add -q --detach "$tree" "$before"
  mvn -B -q -f "$tree/java-tools/pom.xml" -pl cgflow-convert -am -DskipTests package >/dev/null
  cp "$tree/java-tools/cgflow-convert/target/cgflow-convert.jar" "$old_jar"
  git -C "$repo" worktree remove --force "$tree"
fi

cat > "$work/mda_read.py" <<'PYEOF'
import sys, MDAnalysis as mda
u = mda.Universe(sys.argv[1], sys.argv[2], topology_format="DATA", format="LAMMPSDUMP", atom_style="id type x y z")
n = 0
for ts in u.trajectory:
    n += 1
PYEOF
cat > "$work/mda_convert.py" <<'PYEOF'
import sys, MDAnalysis as mda
u = mda.Universe(sys.argv[1], sys.argv[2], topology_format="DATA", format="LAMMPSDUMP", atom_style="id type x y z")
with mda.Writer(sys.argv[3], n_atoms=u.atoms.n_atoms, format="H5MD", convert_units=False) as w:
    for ts in u.trajectory:
        w.write(u.atoms)
PYEOF

measure() {  # CMD...: "best_seconds" over $repeats runs
  local best=""
  for _ in $(seq "$repeats"); do
    rm -f "$work"/out*.h5 "$work"/out*.shards.txt
    /usr/bin/time -f "%e" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || { cat "$work/stderr.txt" >&2; return 1; }
    s=$(cat "$work/time.txt")
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
  done
  echo "$best"
}
conv=(-Xmx1g -XX:TieredStopAtLevel=1 -jar)  # the launcher's JIT setting, for both versions alike
t_new1=$(measure java "${conv[@]}" "$jar" -i "$dump" -s "$data" -o "$work/out.h5" --threads 1)
t_new2=$(measure java "${conv[@]}" "$jar" -i "$dump" -s "$data" -o "$work/out.h5" --threads 2)
t_old1=$(measure java "${conv[@]}" "$old_jar" -i "$dump" -s "$data" -o "$work/out.h5" --threads 1)
t_old2=$(measure java "${conv[@]}" "$old_jar" -i "$dump" -s "$data" -o "$work/out.h5" --threads 2)
t_mdar=$(measure "$PY" -W ignore "$work/mda_read.py" "$data" "$dump")
t_mdac=$(measure "$PY" -W ignore "$work/mda_convert.py" "$data" "$dump" "$work/out.h5")

fps() { awk "BEGIN{printf \"%.0f\", $frames / $1}"; }
mbs() { awk "BEGIN{printf \"%.1f\", $bytes / 1e6 / $1}"; }
ratio() { awk "BEGIN{printf \"%.2f\", $1 / $2}"; }
out="$here/results/dump-$(date -u +%Y%m%d-%H%M).md"  # date and UTC time: a rerun the same day keeps the earlier file
{
  echo "### LAMMPS text dump → H5MD: $atoms atoms × $frames frames ($((bytes / 1000000)) MB of text), best of $repeats"
  echo
  echo "Machine: $(getconf _NPROCESSORS_ONLN) cores; $(java -version 2>&1 | head -1); MDAnalysis $("$PY" -c 'import MDAnalysis; print(MDAnalysis.__version__)' 2>/dev/null); $(lmp -h 2>/dev/null | grep -m1 'Large-scale' | sed 's/^ *//')."
  echo
  echo "| run | wall s | frames/s | MB/s of text |"
  echo "|---|---:|---:|---:|"
  echo "| cgflow-convert, --threads 1 | $t_new1 | $(fps "$t_new1") | $(mbs "$t_new1") |"
  echo "| cgflow-convert, --threads 2 | $t_new2 | $(fps "$t_new2") | $(mbs "$t_new2") |"
  echo "| cgflow-convert before ($before), --threads 1 | $t_old1 | $(fps "$t_old1") | $(mbs "$t_old1") |"
  echo "| cgflow-convert before ($before), --threads 2 | $t_old2 | $(fps "$t_old2") | $(mbs "$t_old2") |"
  echo "| MDAnalysis, read every frame | $t_mdar | $(fps "$t_mdar") | $(mbs "$t_mdar") |"
  echo "| MDAnalysis, convert to H5MD | $t_mdac | $(fps "$t_mdac") | $(mbs "$t_mdac") |"
  echo
  echo "Speed-up over the earlier cgflow: $(ratio "$t_old1" "$t_new1")× (1 thread), $(ratio "$t_old2" "$t_new2")× (2 threads)."
  echo "Against MDAnalysis converting: $(ratio "$t_mdac" "$t_new2")× (2 threads); against MDAnalysis only reading: $(ratio "$t_mdar" "$t_new2")×. Wall times are whole processes (JVM and Python start-up included)."
} | tee "$out"
