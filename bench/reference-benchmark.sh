#!/usr/bin/env bash
# Reference-distribution benchmark: cgflow-reference against GROMACS (gmx rdf), MDAnalysis (InterRDF) and
# VOTCA (csg_stat) on one job, identical for every tool: the SPC/E water trajectory of
# convert-benchmark.sh (12 165 atoms, 1 001 frames) mapped to one bead W per molecule at its centre of
# mass, then the W-W radial distribution function from 0 to 1.2 nm, bin width 0.002 nm, all frames.
# Every tool runs side by side on this machine under /usr/bin/time (wall s, peak RSS), best of REPEATS.
# Then the g(r) of the tools are cross-checked (bench/reference/crosscheck.py says how bins are aligned).
#
# Usage: bench/reference-benchmark.sh [REPEATS]
#   needs (Debian): gromacs, votca, python3-mdanalysis; the cgflow jars (./cgflow build). The
#   cgflow-reference rows are skipped with a message while its jar is not built.
# Writes bench/results/reference-<date>-<HHMM>.md (UTC) and prints it.
#
# The exact commands (run in $work/ref/<tool>/; $work = ${CGFLOW_BENCH_DIR:-/tmp/cgflow-bench}):
#   gmx -quiet rdf -f water.xtc -s md.tpr -ref "resname SOL" -sel "resname SOL" -selrpos mol_com
#       -seltype mol_com -bin 0.002 -rmax 1.2 -o gmx-rdf.xvg -xvg none          (selections on the
#       command line: nothing is asked; -rmpbc is on by default, so molecules are made whole)
#   /usr/bin/python3 bench/reference/mda_rdf.py job md.tpr water.xtc mda-rdf.tsv      (mapping + InterRDF)
#   /usr/bin/python3 bench/reference/mda_rdf.py rdf centres.npz mda-rdf.tsv secs.txt  (InterRDF alone; the
#       centres are made beforehand, untimed, by `mda_rdf.py centres`; the row's time is InterRDF.run())
#   csg_stat --top md.tpr --trj water.xtc --cg bench/reference/water-cg.xml
#       --options bench/reference/settings.xml --nt 1|2                 (writes W-W.dist.new)
#   bin/cgflow-reference -i water-00000.h5 -i water-00001.h5 -m bench/reference/water.yaml -o dist.h5
#       --rdf-max 1.2 --rdf-bin 0.002 --threads 1|2   (made beforehand, untimed, by bin/cgflow-convert
#       -i water.xtc -s water.gro -o water.h5: over 128 MiB of positions it writes shards, listed in
#       water.shards.txt, one -i each; a smaller trajectory is a single water.h5)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
ref="$here/reference"
repeats="${1:-3}"
work="${CGFLOW_BENCH_DIR:-${TMPDIR:-/tmp}/cgflow-bench}"
mkdir -p "$work" "$here/results"
export GMX_MAXBACKUP=-1 OMP_NUM_THREADS=1
PY=/usr/bin/python3
for tool in gmx csg_stat "$PY"; do command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install gromacs votca python3-mdanalysis)" >&2; exit 1; }; done

# 1. the input: the water box of convert-benchmark.sh (it builds it on its first run)
if [ ! -f "$work/water.xtc" ] || [ ! -f "$work/md.tpr" ]; then
  echo "no input in $work: running bench/convert-benchmark.sh 1 first (builds the water box)" >&2
  CGFLOW_BENCH_DIR="$work" "$here/convert-benchmark.sh" 1 >/dev/null
fi
xtc="$work/water.xtc"; gro="$work/water.gro"; tpr="$work/md.tpr"
atoms=$(sed -n 2p "$gro" | tr -d ' ')
frames=$("$PY" -c "import MDAnalysis as m; print(m.Universe('$gro','$xtc').trajectory.n_frames)" 2>/dev/null)
beads=$(( atoms / 3 ))
rw="$work/ref"
mkdir -p "$rw"/{gmx,mda,mdardf,csg1,csg2,cg1,cg2,tables}

# run DIR CMD...: runs CMD in DIR $repeats times, prints "seconds peak_kib" of the best run. If the command
# writes a seconds file $rw/secs.txt (MDAnalysis InterRDF alone), that time is used instead of the wall time.
measure() {
  local dir=$1 best="" peak=""
  shift
  for _ in $(seq "$repeats"); do
    rm -f "$rw/secs.txt"
    (cd "$dir" && /usr/bin/time -f "%e %M" -o "$rw/time.txt" "$@" >"$rw/stdout.txt" 2>"$rw/stderr.txt") \
      || { cat "$rw/stderr.txt" >&2; return 1; }
    read -r s k < "$rw/time.txt"
    [ -f "$rw/secs.txt" ] && read -r s < "$rw/secs.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; peak=$k; fi
  done
  echo "$best $peak"
}

# 2. the peers
echo "gmx rdf ..." >&2
read -r t_gmx m_gmx < <(measure "$rw/gmx" gmx -quiet rdf -f "$xtc" -s "$tpr" -ref "resname SOL" -sel "resname SOL" \
  -selrpos mol_com -seltype mol_com -bin 0.002 -rmax 1.2 -o gmx-rdf.xvg -xvg none)
echo "MDAnalysis ..." >&2
read -r t_mda m_mda < <(measure "$rw/mda" "$PY" -W ignore "$ref/mda_rdf.py" job "$tpr" "$xtc" mda-rdf.tsv)
[ -f "$rw/centres.npz" ] && [ "$rw/centres.npz" -nt "$xtc" ] \
  || "$PY" -W ignore "$ref/mda_rdf.py" centres "$tpr" "$xtc" "$rw/centres.npz"
read -r t_mdr m_mdr < <(measure "$rw/mdardf" "$PY" -W ignore "$ref/mda_rdf.py" rdf "$rw/centres.npz" mda-rdf.tsv "$rw/secs.txt")
echo "csg_stat ..." >&2
read -r t_csg1 m_csg1 < <(measure "$rw/csg1" csg_stat --top "$tpr" --trj "$xtc" --cg "$ref/water-cg.xml" --options "$ref/settings.xml" --nt 1)
read -r t_csg2 m_csg2 < <(measure "$rw/csg2" csg_stat --top "$tpr" --trj "$xtc" --cg "$ref/water-cg.xml" --options "$ref/settings.xml" --nt 2)

for v in t_gmx t_mda t_mdr t_csg1 t_csg2; do [ -n "${!v:-}" ] || { echo "a peer run failed ($v)" >&2; exit 1; }; done

# 3. cgflow-reference (skipped while its jar is not built)
jar="$repo/java-tools/cgflow-reference/target/cgflow-reference.jar"
cgflow=no
export CGFLOW_JAVA_OPTS="${CGFLOW_JAVA_OPTS:--Xmx2g}"
if [ -f "$jar" ] && [ -f "$repo/java-tools/cgflow-convert/target/cgflow-convert.jar" ]; then
  cgflow=yes
  # conversion, not timed. A trajectory over 128 MiB of positions (this one: 146 MB) is written as shards
  # water-00000.h5, water-00001.h5 … listed in water.shards.txt; cgflow-reference takes one -i per shard.
  h5="$work/water.h5"
  if { [ ! -f "$h5" ] || [ "$xtc" -nt "$h5" ]; } && { [ ! -f "$work/water.shards.txt" ] || [ "$xtc" -nt "$work/water.shards.txt" ]; }; then
    echo "cgflow-convert (not timed) ..." >&2
    rm -f "$h5" "$work"/water-[0-9]*.h5 "$work/water.shards.txt"
    "$repo/bin/cgflow-convert" -i "$xtc" -s "$gro" -o "$h5" >/dev/null
  fi
  inputs=()
  if [ -f "$work/water.shards.txt" ] && [ "$work/water.shards.txt" -nt "$xtc" ]; then
    while read -r f _; do [ "${f:0:1}" = "#" ] || inputs+=(-i "$work/$f"); done < "$work/water.shards.txt"
  else
    inputs=(-i "$h5")
  fi
  echo "cgflow-reference ..." >&2
  cgref=("$repo/bin/cgflow-reference" "${inputs[@]}" -m "$ref/water.yaml" -o dist.h5 --rdf-max 1.2 --rdf-bin 0.002)
  read -r t_cg1 m_cg1 < <(measure "$rw/cg1" "${cgref[@]}" --threads 1)
  read -r t_cg2 m_cg2 < <(measure "$rw/cg2" "${cgref[@]}" --threads 2)
  [ -n "${t_cg1:-}" ] && [ -n "${t_cg2:-}" ] || { echo "cgflow-reference failed" >&2; exit 1; }
  (cd "$rw/tables" && "${cgref[@]}" --threads 2 --tables . >/dev/null 2>"$rw/stderr.txt") \
    || { cat "$rw/stderr.txt" >&2; cgflow=failed-tables; }
else
  echo "cgflow-reference: $jar not built yet (./cgflow build): its rows are skipped" >&2
fi

# 4. cross-check of the g(r) (not timed)
echo "cross-check ..." >&2
xargs_cg=()
[ "$cgflow" = yes ] && xargs_cg=("$rw/tables/rdf-W-W.tsv")
xcheck=$("$PY" -W ignore "$ref/crosscheck.py" "$rw/centres.npz" "$rw/gmx/gmx-rdf.xvg" "$rw/csg2/W-W.dist.new" \
  "$rw/mda/mda-rdf.tsv" "${xargs_cg[@]}")

fps() { awk "BEGIN{printf \"%.1f\", $frames / $1}"; }
vs() { if [ "$cgflow" = no ]; then echo "–"; else awk "BEGIN{printf \"%.2f\", $1 / $t_cg2}"; fi; }
row() { echo "| $1 | $2 | $(fps "$2") | $(($3 / 1024)) | $(vs "$2") |"; }
out="$here/results/reference-$(date -u +%Y%m%d-%H%M).md"  # date and UTC time: a rerun the same day keeps the earlier file
gmxv=$(gmx --version 2>/dev/null | grep 'GROMACS version' | sed 's/.*version: *//')
mdav=$("$PY" -c 'import MDAnalysis; print(MDAnalysis.__version__)' 2>/dev/null)
votv=$(csg_stat --help 2>/dev/null | grep -m1 '^csg_stat, version' | sed 's/.*version \([^ ]*\).*/\1/')
javav=$(java -version 2>&1 | head -1)
{
  echo "### Reference g(r): $atoms atoms → $beads W beads × $frames frames, W–W RDF 0–1.2 nm, bin 0.002 nm, best of $repeats"
  echo
  echo "Machine: $(getconf _NPROCESSORS_ONLN) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); GROMACS $gmxv; MDAnalysis $mdav; VOTCA $votv; $javav."
  echo
  echo "| tool | wall s | frames/s | peak RSS MiB | time / cgflow 2 threads |"
  echo "|---|---:|---:|---:|---:|"
  row "GROMACS \`gmx rdf\`, mol_com (1 thread)" "$t_gmx" "$m_gmx"
  row "MDAnalysis map + \`InterRDF\` (whole job)" "$t_mda" "$m_mda"
  row "MDAnalysis \`InterRDF\` alone, centres in memory (time of \`run()\`)" "$t_mdr" "$m_mdr"
  row "VOTCA \`csg_stat --nt 1\`" "$t_csg1" "$m_csg1"
  row "VOTCA \`csg_stat --nt 2\`" "$t_csg2" "$m_csg2"
  if [ "$cgflow" != no ]; then
    row "cgflow-reference --threads 1" "$t_cg1" "$m_cg1"
    row "cgflow-reference --threads 2" "$t_cg2" "$m_cg2"
  fi
  echo
  if [ "$cgflow" != no ]; then
    echo "cgflow-reference speed-up 1→2 threads: $(awk "BEGIN{printf \"%.2f\", $t_cg1 / $t_cg2}")×. Its times include JVM start-up and reading the H5MD (shards of water.h5), not the XTC→H5MD conversion (\`cgflow-convert\`, done once beforehand, untimed); $CGFLOW_JAVA_OPTS."
  else
    echo "cgflow-reference: not built ($jar missing), rows skipped."
  fi
  echo "The MDAnalysis whole-job row includes Python start-up, reading the XTC and the mapping; the InterRDF-alone row is the time of \`InterRDF.run()\` on centres loaded into memory (peak RSS of the whole process)."
  echo
  echo "#### Cross-check of g(r)"
  echo
  echo "gmx and csg_stat bins are centred on the grid points, MDAnalysis and cgflow bins start at them: the pair distances of the same bead centres are recounted at half the bin width (MDAnalysis self_capped_distance), which gives both conventions exactly; each tool is compared with the recount in its own convention, and with the tool of the same convention directly."
  echo
  echo "$xcheck"
} | tee "$out"
