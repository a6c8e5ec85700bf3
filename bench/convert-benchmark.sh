#!/usr/bin/env bash
# Conversion benchmark: cgflow-convert against MDAnalysis (XTC -> H5MD) and GROMACS (gmx check -f, XTC decode)
# on the same GROMACS XTC of >= 10^4 atoms and >= 10^3 frames, run side by side on this machine.
# Also: peak memory of cgflow-convert as the trajectory grows (1x, 2x, 4x the frames, as parts).
#
# Usage: bench/convert-benchmark.sh [REPEATS]      (needs: gromacs, python3-mdanalysis, python3-h5py from Debian)
# Writes bench/results/convert-<date>-<HHMM>.md (UTC) and prints it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
repeats="${1:-3}"
work="${CGFLOW_BENCH_DIR:-${TMPDIR:-/tmp}/cgflow-bench}"
mkdir -p "$work" "$here/results"
export GMX_MAXBACKUP=-1 OMP_NUM_THREADS=1
PY=/usr/bin/python3
jar="$repo/java-tools/cgflow-convert/target/cgflow-convert.jar"
[ -f "$jar" ] || { echo "build first: ./cgflow build" >&2; exit 1; }
for tool in gmx "$PY"; do command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install gromacs python3-mdanalysis python3-h5py)" >&2; exit 1; }; done

# gmx_step ARGS...: runs a GROMACS step with its output kept aside, and shows it when the step fails (Debian's mdrun, for
# one, refuses to start on a CPU without the rdtscp instruction, as some virtual machines are)
gmx_step() {
  local log; log=$(mktemp)
  gmx -quiet "$@" >"$log" 2>&1 </dev/null || { echo "convert-benchmark: 'gmx $*' failed in $work:" >&2
    grep -v '^$' "$log" | tail -n 12 >&2; rm -f "$log"; exit 1; }
  rm -f "$log"
}

# 1. the input: SPC/E water, 5.0 nm cube (~12 000 atoms), 1000 frames written every 2 steps
if [ ! -f "$work/water.xtc" ]; then
  (
    cd "$work"
    gmx_step solvate -cs spc216.gro -box 5.0 5.0 5.0 -o water.gro
    nw=$(( ($(sed -n 2p water.gro) ) / 3 ))
    cat > topol.top <<TOP
#include "oplsaa.ff/forcefield.itp"
#include "oplsaa.ff/spce.itp"
[ system ]
water
[ molecules ]
SOL $nw
TOP
    cat > md.mdp <<MDP
integrator = md
dt = 0.002
nsteps = 2000
nstxout-compressed = 2
cutoff-scheme = Verlet
coulombtype = PME
rcoulomb = 1.0
rvdw = 1.0
tcoupl = v-rescale
tc-grps = System
tau-t = 0.1
ref-t = 300
gen-vel = yes
gen-temp = 300
gen-seed = 1
MDP
    printf 'integrator = steep\nnsteps = 500\ncutoff-scheme = Verlet\ncoulombtype = PME\n' > em.mdp
    gmx_step grompp -f em.mdp -c water.gro -p topol.top -o em.tpr -maxwarn 1
    gmx_step mdrun -nt 2 -deffnm em
    gmx_step grompp -f md.mdp -c em.gro -p topol.top -o md.tpr -maxwarn 1
    gmx_step mdrun -nt 2 -deffnm md -c md-out.gro
    mv md.xtc water.xtc
  )
fi
xtc="$work/water.xtc"; gro="$work/water.gro"
atoms=$(sed -n 2p "$gro" | tr -d ' ')
frames=$("$PY" -c "import MDAnalysis as m; print(m.Universe('$gro','$xtc').trajectory.n_frames)" 2>/dev/null)
mb=$(du -m "$xtc" | cut -f1)
bytes=$(stat -c %s "$xtc")

cat > "$work/mda_convert.py" <<'PYEOF'
import sys, MDAnalysis as mda
u = mda.Universe(sys.argv[1], sys.argv[2])
with mda.Writer(sys.argv[3], n_atoms=u.atoms.n_atoms, format="H5MD") as w:
    for ts in u.trajectory:
        w.write(u.atoms)
PYEOF

# run CMD...: prints "seconds peak_kib" of the best of $repeats runs
measure() {
  local best="" peak=""
  for _ in $(seq "$repeats"); do
    rm -f "$work"/out*.h5 "$work"/out*.shards.txt
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || { cat "$work/stderr.txt" >&2; return 1; }
    read -r s k < "$work/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; peak=$k; fi
  done
  echo "$best $peak"
}

java_opts="${CGFLOW_JAVA_OPTS:--Xmx2g}"
# cgflow-convert as users run it: its launcher (class-data archive, the tool's JIT setting), the same heap
launcher="$repo/bin/cgflow-convert"
read -r t_cg1 m_cg1 < <(measure env CGFLOW_JAVA_OPTS="$java_opts" "$launcher" -i "$xtc" -s "$gro" -o "$work/out.h5" --threads 1)
read -r t_cg2 m_cg2 < <(measure env CGFLOW_JAVA_OPTS="$java_opts" "$launcher" -i "$xtc" -s "$gro" -o "$work/out.h5" --threads 2)
read -r t_mda m_mda < <(measure "$PY" "$work/mda_convert.py" "$gro" "$xtc" "$work/out.h5")
read -r t_gmx m_gmx < <(measure gmx -quiet check -f "$xtc")
read -r t_dec1 m_dec1 < <(measure java $java_opts -cp "$jar" io.cgflow.io.trajectory.DecodeRate "$xtc" 1)
read -r t_dec2 m_dec2 < <(measure java $java_opts -cp "$jar" io.cgflow.io.trajectory.DecodeRate "$xtc" 2)
# memory as the trajectory grows: the same 512 MiB heap limit for 1x, 2x, 4x, 8x the frames (parts)
mem_opts="-Xmx512m"
for k in 1 2 3 4 5 6 7; do [ -f "$work/water-part$k.xtc" ] || python3 "$here/xtc_continue.py" "$xtc" "$work/water-part$k.xtc" "$k"; done
parts() { local n=$1 a=(-i "$xtc"); for k in $(seq 1 $((n - 1))); do a+=(-i "$work/water-part$k.xtc"); done; echo "${a[@]}"; }
read -r t_1x m_1x < <(measure env CGFLOW_JAVA_OPTS="$mem_opts" "$launcher" $(parts 1) -s "$gro" -o "$work/out.h5" --threads 2)
read -r t_2x m_2x < <(measure env CGFLOW_JAVA_OPTS="$mem_opts" "$launcher" $(parts 2) -s "$gro" -o "$work/out.h5" --threads 2)
read -r t_4x m_4x < <(measure env CGFLOW_JAVA_OPTS="$mem_opts" "$launcher" $(parts 4) -s "$gro" -o "$work/out.h5" --threads 2)
read -r t_8x m_8x < <(measure env CGFLOW_JAVA_OPTS="$mem_opts" "$launcher" $(parts 8) -s "$gro" -o "$work/out.h5" --threads 2)
cat > "$work/mda_convert_parts.py" <<'PYEOF'
import sys, MDAnalysis as mda
u = mda.Universe(sys.argv[1], sys.argv[3:])
with mda.Writer(sys.argv[2], n_atoms=u.atoms.n_atoms, format="H5MD") as w:
    for ts in u.trajectory:
        w.write(u.atoms)
PYEOF
read -r t_mda4 m_mda4 < <(measure "$PY" "$work/mda_convert_parts.py" "$gro" "$work/out.h5" "$xtc" "$work"/water-part[123].xtc)

# 200 frames of the same water: whole process against whole process, where fixed costs (JVM start,
# class loading, MDAnalysis import) weigh most; cgflow through its launcher (bin/cgflow-convert, with the
# class-data archive of ./cgflow build) and without the archive (CGFLOW_CDS=0)
if [ ! -f "$work/water-200.xtc" ]; then
  echo 0 | gmx -quiet trjconv -f "$xtc" -s "$gro" -e "$(awk "BEGIN{print 199 * 0.004 + 0.001}")" -o "$work/water-200.xtc" >/dev/null 2>&1
fi
x200="$work/water-200.xtc"
f200=$("$PY" -c "import MDAnalysis as m; print(m.Universe('$gro','$x200').trajectory.n_frames)" 2>/dev/null)
read -r t_s1 m_s1 < <(measure "$launcher" -i "$x200" -s "$gro" -o "$work/out.h5" --threads 1)
read -r t_s2 m_s2 < <(measure "$launcher" -i "$x200" -s "$gro" -o "$work/out.h5" --threads 2)
read -r t_s0 m_s0 < <(measure env CGFLOW_CDS=0 "$launcher" -i "$x200" -s "$gro" -o "$work/out.h5" --threads 2)
read -r t_smda m_smda < <(measure "$PY" -W ignore "$work/mda_convert.py" "$gro" "$x200" "$work/out.h5")
# the same two in turns, one run each per round, compared by medians: a change in the machine's load falls on both
# (CGFLOW_BENCH_ROUNDS rounds, default 10; wall time of each whole process from date +%s%N)
rounds="${CGFLOW_BENCH_ROUNDS:-10}"
turns_cg=() turns_mda=()
for _ in $(seq "$rounds"); do
  rm -f "$work"/out*.h5
  t0=$(date +%s%N)
  "$launcher" -i "$x200" -s "$gro" -o "$work/out.h5" --threads 2 >/dev/null 2>&1 || { echo "cgflow-convert failed" >&2; exit 1; }
  t1=$(date +%s%N)
  rm -f "$work"/out*.h5
  "$PY" -W ignore "$work/mda_convert.py" "$gro" "$x200" "$work/out.h5" >/dev/null 2>&1 || { echo "MDAnalysis failed" >&2; exit 1; }
  t2=$(date +%s%N)
  turns_cg+=($(( (t1 - t0) / 1000 ))) turns_mda+=($(( (t2 - t1) / 1000 )))
done
median_s() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f", m / 1e6}'; }
med_cg=$(median_s "${turns_cg[@]}")
med_mda=$(median_s "${turns_mda[@]}")

fps() { awk "BEGIN{printf \"%.0f\", $frames * ${2:-1} / $1}"; }
mbs() { awk "BEGIN{printf \"%.1f\", $bytes * ${2:-1} / 1e6 / $1}"; }
ratio() { awk "BEGIN{printf \"%.2f\", $1 / $2}"; }
out="$here/results/convert-$(date -u +%Y%m%d-%H%M).md"  # date and UTC time: a rerun the same day keeps the earlier file
{
  echo "### Conversion: $atoms atoms × $frames frames, GROMACS XTC ($mb MB), best of $repeats"
  echo
  echo "Machine: $(getconf _NPROCESSORS_ONLN) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1); $(gmx --version 2>/dev/null | grep 'GROMACS version' | sed 's/  */ /g'); MDAnalysis $("$PY" -c 'import MDAnalysis; print(MDAnalysis.__version__)' 2>/dev/null)."
  echo
  echo "| run | wall s | frames/s | MB/s of XTC | peak RSS MiB |"
  echo "|---|---:|---:|---:|---:|"
  echo "| cgflow-convert XTC→H5MD, --threads 1 | $t_cg1 | $(fps $t_cg1) | $(mbs $t_cg1) | $((m_cg1/1024)) |"
  echo "| cgflow-convert XTC→H5MD, --threads 2 | $t_cg2 | $(fps $t_cg2) | $(mbs $t_cg2) | $((m_cg2/1024)) |"
  echo "| MDAnalysis XTC→H5MD (H5MDWriter) | $t_mda | $(fps $t_mda) | $(mbs $t_mda) | $((m_mda/1024)) |"
  echo "| GROMACS \`gmx check -f\` (decode only) | $t_gmx | $(fps $t_gmx) | $(mbs $t_gmx) | $((m_gmx/1024)) |"
  echo "| cgflow XTC decode only (\`DecodeRate\`), 1 thread | $t_dec1 | $(fps $t_dec1) | $(mbs $t_dec1) | $((m_dec1/1024)) |"
  echo "| cgflow XTC decode only (\`DecodeRate\`), 2 threads | $t_dec2 | $(fps $t_dec2) | $(mbs $t_dec2) | $((m_dec2/1024)) |"
  echo "| cgflow-convert, 1× frames, -Xmx512m, --threads 2 | $t_1x | $(fps $t_1x 1) | $(mbs $t_1x 1) | $((m_1x/1024)) |"
  echo "| cgflow-convert, 2× frames (2 parts), -Xmx512m, --threads 2 | $t_2x | $(fps $t_2x 2) | $(mbs $t_2x 2) | $((m_2x/1024)) |"
  echo "| cgflow-convert, 4× frames (4 parts), -Xmx512m, --threads 2 | $t_4x | $(fps $t_4x 4) | $(mbs $t_4x 4) | $((m_4x/1024)) |"
  echo "| cgflow-convert, 8× frames (8 parts), -Xmx512m, --threads 2 | $t_8x | $(fps $t_8x 8) | $(mbs $t_8x 8) | $((m_8x/1024)) |"
  echo "| MDAnalysis, 4× frames (4 parts, ChainReader) | $t_mda4 | $(fps $t_mda4 4) | $(mbs $t_mda4 4) | $((m_mda4/1024)) |"
  echo
  echo "Speed-up over MDAnalysis: $(ratio $t_mda $t_cg1)× (1 thread), $(ratio $t_mda $t_cg2)× (2 threads) on one copy; $(ratio $t_mda4 $t_4x)× on 4× the frames (start-up costs amortised)."
  echo "XTC decode time relative to \`gmx check -f\`: $(ratio $t_dec1 $t_gmx) (1 thread), $(ratio $t_dec2 $t_gmx) (2 threads); the whole conversion relative to it: $(ratio $t_cg1 $t_gmx) (1 thread), $(ratio $t_cg2 $t_gmx) (2 threads). Wall times include JVM start-up; cgflow runs through bin/cgflow-convert (class-data archive; C1 compiler below 100 MB of input), the decode probe with plain java -jar."
  echo
  echo "#### $f200 frames of the same water, whole process against whole process"
  echo
  echo "| run | wall s | peak RSS MiB |"
  echo "|---|---:|---:|"
  echo "| \`bin/cgflow-convert\` (class-data archive), --threads 1 | $t_s1 | $((m_s1/1024)) |"
  echo "| \`bin/cgflow-convert\` (class-data archive), --threads 2 | $t_s2 | $((m_s2/1024)) |"
  echo "| \`bin/cgflow-convert\` without the archive (CGFLOW_CDS=0), --threads 2 | $t_s0 | $((m_s0/1024)) |"
  echo "| MDAnalysis XTC→H5MD | $t_smda | $((m_smda/1024)) |"
  echo
  echo "Speed-up over MDAnalysis on $f200 frames: $(ratio $t_smda $t_s1)× (1 thread), $(ratio $t_smda $t_s2)× (2 threads); the class-data archive saves $(awk "BEGIN{printf \"%.2f\", $t_s0 - $t_s2}") s."
  echo
  echo "In turns, $rounds rounds of one run each (--threads 2): cgflow-convert median $med_cg s, MDAnalysis median $med_mda s: $(ratio $med_mda $med_cg)× by the medians."
  echo
  echo "Peak memory at 1×/2×/4×/8× frames with the same 512 MiB heap limit: $((m_1x/1024)) / $((m_2x/1024)) / $((m_4x/1024)) / $((m_8x/1024)) MiB (default shards of 128 MiB of positions). Other runs: $java_opts."
} | tee "$out"
