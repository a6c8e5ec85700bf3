#!/usr/bin/env bash
# Iterative coarse-graining benchmark: VOTCA's Inverse Monte Carlo (csg_inverse, LAMMPS as the CG engine) against
# cgflow-train, one after the other on this machine, on ONE target: the W-W g(r) of the one-bead-per-water CG model
# of test-data/spce-water (800 SPC/E waters, 300 K, 201 frames; mapping test-data/mappings/spce-water.yaml).
#
#   1. reference: bin/cgflow-convert, then bin/cgflow-reference --rdf-bin 0.01 --rdf-max 1.4 --temperature 300
#      --cg-output start.h5 --tables (bins [k w, (k+1) w), g normalised by N(N-1) pairs)
#   2. target: the fitted bins are cgflow-train's: from the first bin whose g exceeds 0.01 (its default
#      contact-threshold; 0.245 nm here) to fit-max 0.9 nm (last bin centre 0.895 nm): 66 bins. VOTCA gets the same
#      bins as its grid (min 0.245, max 0.895, step 0.01: csg_stat centres bins on grid points) and the same numbers,
#      times (N-1)/N because csg_stat normalises g by N^2 pairs. Checked: csg_stat on the mapped reference trajectory
#      (written as a LAMMPS dump) gives cgflow-reference's g to the printed max |dg| after scaling by N/(N-1).
#   3. VOTCA 2022 csg_inverse, method imc, like its spce/ibi_lammps tutorial (spce/imc for the IMC part):
#      LAMMPS units real, pair_style table linear 1000 (table 0.20-0.895 nm, 0.002 nm apart, made by VOTCA),
#      Langevin 300 K (damp 200 fs), dt 2 fs, 2 ps equilibration + 40 ps sampling per iteration from the same start
#      (the last frame of the mapped reference: 800 beads, 2.8696 nm cube), a frame every 0.2 ps (201 frames) to
#      csg_stat --do-imc, update smoothed twice (post_update smooth), serial lmp, csg_stat on all cores.
#      PMF start. Wall time per iteration from csg_inverse's log, RMS from each step's W-W.dist.new (x N/(N-1)).
#      Then the same without the smoothing of the update (not in --quick).
#   4. cgflow-train --hidden linear (a pair potential on 0.02 nm Gaussians) with fit-max 0.9 and otherwise its
#      defaults (cut-off from the RDF peak, 2 replicas x 50 frames per round, Gauss-Newton), --threads 2; TRAIN.tsv
#      has per-iteration wall time and the RMS over the same 66 bins against the same target. Then the same with
#      cut-off 0.9 nm (VOTCA's range), the linear run again stopped at the iteration that first reached VOTCA's
#      final RMS (its model is checked below), and the default network (2x16 tanh) for a few iterations.
#   5. independent check: every final potential in CG MD from the same start (10 ps equilibration + 100 ps, a
#      frame every 0.5 ps, 200 frames, Langevin 5/ps), the RDF by bin/cgflow-reference of the CG trajectory, RMS
#      over the same bins by bench/imc/imc_helper.py: VOTCA's last potential (step_NNN/W-W.pot.new) in LAMMPS and in
#      cgflow-md (the LAMMPS table VOTCA writes, as a POT.yaml table), cgflow's models with cgflow-md --model and
#      as the pair tables of cgflow-model export-tables in cgflow-md; VOTCA's run without smoothing in LAMMPS.
#
# Usage: bench/imc-benchmark.sh [--quick]
#   --quick: 2 IMC iterations, 4 cgflow iterations, the network's iteration 0 only, 10 ps checks (a smoke test; results go
#   to the work folder only). Needs (Debian): votca, lammps, python3-h5py, python3-numpy (installed with apt-get
#   when missing and run as root); the cgflow jars (built with mvn -o when missing).
#   Work folder: ${CGFLOW_BENCH_DIR:-/tmp/cgflow-bench}/imc (imc-quick with --quick), rebuilt on every run.
# Writes bench/results/imc-<date>.md and prints it. Runs for about 70 min on 2 shared cores (--quick: 12 min).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
helper="$here/imc/imc_helper.py"
PY=/usr/bin/python3
quick=0
for a in "$@"; do
  case $a in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,40p' "$0"; exit 0 ;;
    *) echo "unknown argument $a (--quick)" >&2; exit 1 ;;
  esac
done
if ((quick)); then
  votca_iter=2; train_iter=4; nl_iter=0; check_eq=1000; check_steps=5000; name=imc-quick
else
  votca_iter=10; train_iter=30; nl_iter=2; check_eq=5000; check_steps=55000; name=imc
fi
check_every=250                 # 0.5 ps
check_first=$((check_eq / check_every + 1))   # cgflow-md frames before this are equilibration (frame 0 = start)
rdf_bin=0.01; rdf_max=1.4; fit_max=0.9; threshold=0.01
work="${CGFLOW_BENCH_DIR:-${TMPDIR:-/tmp}/cgflow-bench}/$name"
data="$repo/test-data/spce-water"
mapping="$repo/test-data/mappings/spce-water.yaml"

# 0. tools
missing=()
command -v lmp >/dev/null || missing+=(lammps)
command -v csg_inverse >/dev/null || missing+=(votca)
"$PY" -c 'import h5py, numpy' 2>/dev/null || missing+=(python3-h5py python3-numpy)
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then apt-get install -y "${missing[@]}" >&2
  else echo "missing Debian packages: ${missing[*]} (apt-get install ${missing[*]})" >&2; exit 1; fi
fi
for t in cgflow-convert cgflow-reference cgflow-md cgflow-model cgflow-train; do
  if [ ! -f "$repo/java-tools/$t/target/$t.jar" ]; then
    echo "building the cgflow jars (mvn package -DskipTests) ..." >&2
    (cd "$repo/java-tools" && { mvn -B -o -q package -DskipTests || mvn -B -q package -DskipTests; }) >&2
    break
  fi
done
train=("$repo/bin/cgflow-java-tool" cgflow-train 0.1.0)
[ -x "$repo/bin/cgflow-train" ] && train=("$repo/bin/cgflow-train")
export OMP_NUM_THREADS=1

rm -rf "$work"
mkdir -p "$work" "$here/results"
cd "$work"
uptime_start=$(uptime)
# load average every 10 s while the benchmark runs (the machine is shared); stopped at exit
( while :; do echo "$(date +%s) $(cut -d' ' -f1-3 /proc/loadavg)" >> load.txt; sleep 10; done ) &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT
declare -A t_begin t_end up_begin up_end cpu wall
phase_begin() { t_begin[$1]=$(date +%s.%N); up_begin[$1]=$(cut -d' ' -f1-3 /proc/loadavg); }
phase_end() { t_end[$1]=$(date +%s.%N); up_end[$1]=$(cut -d' ' -f1-3 /proc/loadavg)
  wall[$1]=$(awk -v a="${t_begin[$1]}" -v b="${t_end[$1]}" 'BEGIN{printf "%.1f", b - a}'); }
mean_load() { awk -v a="${t_begin[$1]}" -v b="${t_end[$1]}" '$1 >= a && $1 <= b {s += $2; n++}
  END {if (n) printf "%.2f (%d samples)", s / n, n; else print "-"}' load.txt; }
# timed LOG CMD...: runs CMD under /usr/bin/time with its output to LOG; prints its CPU seconds (user + system,
# children included)
timed() {
  local log=$1 rc=0
  shift
  /usr/bin/time -f "%U %S" -o cpu.txt "$@" > "$log" 2>&1 || rc=$?
  awk 'END {printf "%.1f", $1 + $2}' cpu.txt
  return $rc
}

# 1. reference
echo "reference ..." >&2
mkdir ref && cd ref
"$repo/bin/cgflow-convert" -i "$data/traj.xtc" -s "$data/conf.gro" -p "$data/topol.top" -o water.h5 --threads 2 >/dev/null 2>&1
"$repo/bin/cgflow-reference" -i water.h5 -m "$mapping" -o ref.h5 --cg-output start.h5 --rdf-bin $rdf_bin \
  --rdf-max $rdf_max --temperature 300 --tables tables --threads 2 >/dev/null 2>&1
target="$work/ref/tables/rdf-W-W.tsv"
rmin=$("$PY" "$helper" first-bin "$target" $threshold)
rmax=$(awk -v f=$fit_max -v w=$rdf_bin 'BEGIN{printf "%.6f", (int(f / w + 1e-9) - 0.5) * w}')
read -r beads boxnm frames_ref < <("$PY" "$helper" lammps start.h5 start.data ref.dump | awk '{print $1, $4, $6}')
ref_noise=$(awk -v a="$rmin" -v b="$rmax" '!/^#/ && $1 >= a - 1e-9 && $1 <= b + 1e-9 {s += $3 * $3; n++}
  END {printf "%.5f", sqrt(s / n)}' "$target")
scale=$(awk -v n="$beads" 'BEGIN{printf "%.10f", n / (n - 1)}')
# 2. the VOTCA target and the csg_stat check of it
"$PY" "$helper" target "$target" "$beads" "$rmin" "$rmax" W-W.dist.tgt >/dev/null
mkdir csgcheck
cat > csgcheck/settings.xml <<XML
<cg>
  <non-bonded>
    <name>W-W</name>
    <type1>Bead1</type1>
    <type2>Bead1</type2>
    <min>$rmin</min>
    <max>$rmax</max>
    <step>$rdf_bin</step>
  </non-bonded>
  <nbsearch>grid</nbsearch>
</cg>
XML
(cd csgcheck && csg_stat --top ../start.data --trj ../ref.dump --options settings.xml --nt 2 >csg_stat.log 2>&1)
read -r _ csg_raw_rms csg_raw_max _ < <("$PY" "$helper" rms "$target" "$rmin" "$rmax" csgcheck/W-W.dist.new)
read -r _ csg_rms csg_max nbins < <("$PY" "$helper" rms "$target" "$rmin" "$rmax" "csgcheck/W-W.dist.new:$scale")
cd "$work"

# 3. VOTCA IMC: run_votca NAME SMOOTH(yes|no) -> $work/NAME: votca.tsv (step, wall s, LAMMPS s, RMS, max |dg|) and
#    W_W.final.pot (the potential after the last update as a LAMMPS table)
run_votca() {
  local n=$1 smooth=$2
  echo "VOTCA IMC ($n), $votca_iter iterations ..." >&2
  mkdir "$work/$n" && cd "$work/$n"
  cp ../ref/start.data ../ref/W-W.dist.tgt .
  local post=""
  if [ "$smooth" = yes ]; then
    post="<post_update>smooth</post_update>
      <post_update_options>
        <smooth>
          <iterations>2</iterations>
        </smooth>
      </post_update_options>"
  fi
  cat > settings.xml <<XML
<cg>
  <non-bonded>
    <name>W-W</name>
    <type1>Bead1</type1>
    <type2>Bead1</type2>
    <min>$rmin</min>
    <max>$rmax</max>
    <step>$rdf_bin</step>
    <inverse>
      <target>W-W.dist.tgt</target>
      $post
      <imc>
        <group>W-W</group>
      </imc>
      <lammps>
        <table>W_W.pot</table>
        <scale>10</scale>
        <y_scale>0.239006</y_scale>
        <table_begin>0.20</table_begin>
        <table_bins>0.002</table_bins>
      </lammps>
    </inverse>
  </non-bonded>
  <inverse>
    <kBT>2.49434</kBT>
    <program>lammps</program>
    <lammps>
      <command>lmp</command>
      <script>cg.in</script>
      <topol>start.data</topol>
      <traj>traj.dump</traj>
    </lammps>
    <initial_configuration>maindir</initial_configuration>
    <filelist>start.data cg.in</filelist>
    <iterations_max>$votca_iter</iterations_max>
    <method>imc</method>
  </inverse>
</cg>
XML
  cat > cg.in <<LMP
# one-bead SPC/E water (VOTCA spce/ibi_lammps style): 2 ps equilibration, 40 ps sampling, a frame every 0.2 ps
units           real
atom_style      atomic
read_data       start.data
velocity        all create 300 87287
pair_style      table linear 1000
pair_coeff      1 1 W_W.pot VOTCA $lmp_cut
timestep        2.0
fix             1 all nve
fix             2 all langevin 300 300 200 545454
thermo          1000
run             1000
dump            1 all atom 100 traj.dump
run             20000
LMP
  local ok=1
  phase_begin "$n"
  cpu[$n]=$(timed csg_inverse.out csg_inverse --options settings.xml) || ok=0   # it logs to inverse.log itself
  phase_end "$n"
  # step, seconds (csg_inverse's own count; step 0, the preparation: the rest of the process's wall time), LAMMPS
  # loop seconds, RMS, max |dg|; the steps that finished
  local steps_sum d k secs lmp_s r m
  steps_sum=$(awk '/^step [0-9]+ done, needed/ {t[$2] = $5} END {for (k in t) s += t[k]; print s + 0}' inverse.log)
  for d in step_[0-9][0-9][0-9]; do
    k=$((10#${d#step_}))
    secs=$(sed -n "s/^step $k done, needed \([0-9]*\) secs.*/\1/p" inverse.log | tail -1)
    if ((k == 0)); then   # unknown when a step failed (its time is in the process's)
      awk -v w="${wall[$n]}" -v s="$steps_sum" -v ok=$ok 'BEGIN {if (ok) printf "0 %.0f - - -\n", w - s; else print "0 - - - -"}'
      continue
    fi
    [ -n "$secs" ] && [ -f "$d/W-W.dist.new" ] || continue
    lmp_s=$(awk '/^Loop time of/ {s += $4} END {printf "%.1f", s}' "$d/log.lammps")
    read -r _ r m _ < <("$PY" "$helper" rms "$target" "$rmin" "$rmax" "$d/W-W.dist.new:$scale")
    echo "$k $secs $lmp_s $r $m"
  done > votca.tsv
  if ((!ok)); then   # which step stopped, and LAMMPS's or csg_inverse's last error line
    d=$(ls -d step_[0-9][0-9][0-9] | tail -1)
    { echo "csg_inverse stopped in $d after ${wall[$n]} s: $(grep -h -m1 '^ERROR' "$d/log.lammps" 2>/dev/null \
        || grep -m1 'critical' csg_inverse.out | sed 's/^[# ]*//')"; } > failed.txt
    cat failed.txt >&2
    cd "$work"
    return 1
  fi
  # the last potential as a LAMMPS table (VOTCA's own conversion, in a scratch copy of the step)
  cp -r "$last" convert && (cd convert && csg_call --options ../settings.xml --ia-type non-bonded --ia-name W-W \
    convert_potential lammps W-W.pot.new ../W_W.final.pot > convert.log 2>&1)
  cd "$work"
}
lmp_cut=$(awk -v r="$rmax" 'BEGIN{printf "%.2f", r * 10}')
last=$(printf 'step_%03d' "$votca_iter")
run_votca votca yes
votca_final=$(awk 'END {print $4}' votca/votca.tsv)
votca_frames=$(grep -c TIMESTEP votca/step_001/traj.dump)
if ((!quick)); then   # the same without the smoothing of the update (spce/imc smooths it twice)
  run_votca votca-nosmooth no || { echo "VOTCA IMC without smoothing failed (kept going)" >&2; cd "$work"; }
fi

# 4. cgflow-train
echo "cgflow-train ..." >&2
mkdir train && cd train
printf 'fit-max: %s\n' $fit_max > linear.yaml
printf 'fit-max: %s\ncutoff: %s\n' $fit_max $fit_max > linear-cut09.yaml
run_train() {   # name settings iterations [extra options]
  local n=$1 s=$2 it=$3; shift 3
  phase_begin "$n"
  cpu[$n]=$(timed "$n.log" "${train[@]}" -i ../ref/ref.h5 --start ../ref/start.h5 -o "$n.h5" --threads 2 \
    --max-iterations "$it" --settings "$s" "$@") || { cat "$n.log" >&2; return 1; }
  phase_end "$n"
}
col() { awk -F'\t' -v c="$2" 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == c) k = i; next} {print $k}' "$1"; }
run_train linear linear.yaml $train_iter --hidden linear
# the first iteration whose RMS is at or below VOTCA's final one
paste <(col linear.train.tsv iteration) <(col linear.train.tsv rms:ref:rdf:W-W) <(col linear.train.tsv wall_s) \
  > linear.rms.tsv
read -r cross cross_rms cross_wall < <(awk -v v="$votca_final" '$2 <= v {print; exit}' linear.rms.tsv) || true
if ((!quick)); then
  run_train linear-cut09 linear-cut09.yaml $train_iter --hidden linear
fi
if [ -n "${cross:-}" ] && [ "$cross" -gt 0 ]; then
  run_train linear-to-votca linear.yaml "$cross" --hidden linear
  same=$(cmp -s <(head -n $((cross + 1)) linear.train.tsv | cut -f1-7) <(head -n $((cross + 1)) linear-to-votca.train.tsv | cut -f1-7) \
    && echo "the same TRAIN.tsv rows 0-$cross (iteration, loss, RMS, ESS, damping) as the full run" \
    || echo "TRAIN.tsv rows differ from the full run's")
fi
run_train network linear.yaml $nl_iter
cd "$work"

# 5. independent check in CG MD
echo "checks in CG MD ..." >&2
mkdir check && cd check
cp ../votca/W_W.final.pot .
cat > votca.yaml <<YAML
types:
  W: {mass: 18.0154}
pairs:
  - {types: [W, W], style: table, file: W_W.final.pot, keyword: VOTCA, units: real, cutoff: $rmax}
YAML
export_tables() {   # model -> tables/<name>/pair.table and <name>.yaml
  local m=$1 n=$2
  "$repo/bin/cgflow-model" export-tables "$m" --format lammps -o "tables-$n" --dr 0.001 --units real >/dev/null 2>&1
  local cut
  cut=$("$repo/bin/cgflow-model" info "$m" --json 2>/dev/null | "$PY" -c 'import json,sys; j=json.load(sys.stdin)
print(max(j["descriptor"]["cutoff_nm"], (j.get("prior") or {}).get("cutoff_nm", 0)))')
  local kw
  kw=$(awk 'NF == 1 && $1 !~ /^#/ {print $1; exit}' "tables-$n/pair.table")
  printf 'types:\n  W: {mass: 18.0154}\npairs:\n  - {types: [W, W], style: table, file: tables-%s/pair.table, keyword: %s, units: real, cutoff: %s}\n' \
    "$n" "$kw" "$cut" > "$n.yaml"
}
checks=()
check_rdf() {   # label traj.h5 first-frame
  local label=$1 traj=$2 first=$3 dir="rdf-${2%.h5}"
  "$repo/bin/cgflow-reference" -i "$traj" -o "$dir.h5" --rdf-bin $rdf_bin --rdf-max $rdf_max --first "$first" \
    --tables "$dir" --threads 2 >/dev/null 2>&1
  local f
  f=$(ls "$dir"/rdf-*.tsv)
  local nf
  nf=$(sed -n 's/.* \([0-9]*\) frames, .*/\1/p' "$f" | head -1)
  read -r _ r m _ < <("$PY" "$helper" rms "$target" "$rmin" "$rmax" "$f")
  checks+=("| $label | $nf | $r | $m |")
}
md() {   # name (--potential FILE | --model FILE)
  local n=$1; shift
  phase_begin "md-$n"
  cpu[md-$n]=$(timed "$n.log" "$repo/bin/cgflow-md" -c ../ref/start.h5 "$@" -o "$n.h5" --log "$n.tsv" \
    --temperature 300 --steps $check_steps --dt 0.002 --friction 5 --output-every $check_every --seed 11 --threads 2) \
    || { cat "$n.log" >&2; return 1; }
  phase_end "md-$n"
}
lammps_check() {   # VOTCA-RUN: its last potential in LAMMPS, as in its iterations but longer
  local v=$1
  [ -f "../$v/W_W.final.pot" ] || return 0
  cp "../$v/W_W.final.pot" "$v.pot"
  sed -e "s/W_W.pot VOTCA/$v.pot VOTCA/" -e "s/^run *1000$/run             $check_eq/" \
    -e "s/^dump .*/dump            1 all custom $check_every $v.lammpstrj id type x y z/" \
    -e "s/^run *20000$/run             $((check_steps - check_eq))/" "../$v/cg.in" > "$v.in"
  phase_begin "md-$v"
  cpu[md-$v]=$(timed "$v.out" lmp -in "$v.in" -log "$v.lammps.log" -screen none)
  phase_end "md-$v"
  "$repo/bin/cgflow-convert" -i "$v.lammpstrj" -s start.data --timestep 0.002 -o "lammps-$v.h5" --threads 2 \
    >/dev/null 2>&1
  check_rdf "$2, LAMMPS (table linear 1000)" "lammps-$v.h5" 1
}
cp ../ref/start.data .
lammps_check votca "VOTCA $last W-W.pot.new"
md votca-md --potential votca.yaml
check_rdf "VOTCA $last W-W.pot.new, cgflow-md (the same LAMMPS table, spline)" votca-md.h5 $check_first
for n in linear linear-cut09 linear-to-votca; do   # linear models only: their pair tables are the whole model
  [ -f "../train/$n.h5" ] || continue
  export_tables "../train/$n.h5" "$n"
  md "$n-tables" --potential "$n.yaml"
  check_rdf "cgflow-train $n: export-tables, cgflow-md" "$n-tables.h5" $check_first
done
md linear-model --model ../train/linear.h5
check_rdf "cgflow-train linear: cgflow-md --model" linear-model.h5 $check_first
lammps_check votca-nosmooth "VOTCA without smoothing, $last W-W.pot.new"
cd "$work"

# 6. results
votca_total=$(printf %.0f "${wall[votca]}")
row_train() {   # TRAIN.tsv -> | iteration | wall s | cumulative s | sampling s | RMS | damping |
  awk -F'\t' 'NR == 1 {for (i = 1; i <= NF; i++) h[$i] = i; next}
    {w = $h["wall_s"]; printf "| %d | %.1f | %.1f | %.1f | %.4f | %s |\n", $h["iteration"], w - p, w,
     $h["sampling_s"], $h["rms:ref:rdf:W-W"], $h["step"]; p = w}' "$1"
}
versions() {
  echo "VOTCA $(csg_call --version 2>/dev/null | sed -n 's/.*version \([^ ]*\).*/\1/p' | head -1) (Debian votca $(dpkg-query -W -f '${Version}' votca 2>/dev/null)),"
  echo "LAMMPS $(lmp -h 2>/dev/null | sed -n 's/^Large-scale Atomic.*Simulator - //p' | head -1) (Debian lammps $(dpkg-query -W -f '${Version}' lammps 2>/dev/null)),"
  echo "cgflow $(git -C "$repo" describe --always --dirty 2>/dev/null) ($("$repo/bin/cgflow-md" --version 2>&1 | head -1)), $(java -version 2>&1 | head -1)."
}
date=$(date +%Y%m%d)
if ((quick)); then out="$work/imc-quick-$date.md"; else out="$here/results/imc-$date.md"; fi
lin_last=$(tail -1 train/linear.train.tsv | cut -f5)
uptime_end=$(uptime)
{
  echo "# Iterative CG of one-bead SPC/E water: VOTCA IMC against cgflow-train ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Machine: $(getconf _NPROCESSORS_ONLN) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), shared with"
  echo "another developer's jobs; this script ran at niceness $(nice). $(versions)"
  echo "Command: \`bench/imc-benchmark.sh$( ((quick)) && echo ' --quick')\`; work folder $work."
  echo "\`uptime\` at the start:$uptime_start"
  echo "\`uptime\` at the end:  $uptime_end"
  echo "(load average 1, 5, 15 min; the methods ran one after the other, the load of each phase is given with it)."
  echo
  echo "## One target"
  echo
  echo "Reference: test-data/spce-water ($frames_ref frames, 100 ps, 300 K) mapped to $beads W beads (centre of mass), box"
  echo "$boxnm nm; W-W g(r) by cgflow-reference, bins [k·$rdf_bin, (k+1)·$rdf_bin) nm, N(N−1) normalisation. Fitted and"
  echo "compared bins: centres $rmin … $rmax nm ($nbins bins; from the first bin with g > $threshold, cgflow-train's"
  echo "contact threshold, to fit-max $fit_max nm). VOTCA's grid is the same ($rmin:$rdf_bin:$rmax; csg_stat centres bins on"
  echo "grid points) and its target the same numbers × (N−1)/N (csg_stat divides by N² pairs)."
  echo "Check: csg_stat on the mapped reference (as a LAMMPS dump) against cgflow-reference on these bins:"
  echo "max |Δg| $csg_raw_max raw, **$csg_max** after × N/(N−1) (RMS $csg_rms)."
  echo "RMS below: sqrt(mean over the $nbins bins of (g − g_target)²) — cgflow-train's TRAIN.tsv column"
  echo "\`rms:ref:rdf:W-W\`; for VOTCA the same formula on step_NNN/W-W.dist.new × N/(N−1) (bench/imc/imc_helper.py rms)."
  echo "The reference's own standard error, as an RMS over these bins: $ref_noise."
  echo
  echo "## VOTCA IMC ($votca_iter iterations)"
  echo
  echo "csg_inverse wall $(printf %.0f "${wall[votca]}") s, CPU ${cpu[votca]} s (user + system, children included);"
  echo "load average ${up_begin[votca]} before, ${up_end[votca]} after, mean 1-min load $(mean_load votca)."
  echo "Each iteration: LAMMPS 2 ps + 40 ps ($votca_frames frames), csg_stat --do-imc, the IMC update; wall s from csg_inverse's"
  echo "log (\"step k done, needed … secs\"). Row 0: the preparation (PMF start, no simulation) and csg_inverse's own"
  echo "start-up, i.e. the process's wall time minus the steps'. RMS of iteration k: the g(r) sampled with the potential"
  echo "after k − 1 updates."
  echo
  echo "| iteration | wall s | cumulative s | LAMMPS s | RMS | max \|Δg\| |"
  echo "|---:|---:|---:|---:|---:|---:|"
  awk '{c += $2; printf "| %d | %s | %d | %s | %s | %s |\n", $1, $2, c, $3, $4, $5}' votca/votca.tsv
  if [ -f votca-nosmooth/votca.tsv ]; then
    echo
    echo "## VOTCA IMC without smoothing the update ($votca_iter iterations)"
    [ -f votca-nosmooth/failed.txt ] && { echo; echo "**Failed:** $(cat votca-nosmooth/failed.txt)"; }
    echo
    echo "The same, without \`<post_update>smooth</post_update>\` (the spce/imc tutorial smooths each update twice; the"
    echo "smoothing visibly changes the update at the steep first-peak bins). csg_inverse wall $(printf %.0f "${wall[votca-nosmooth]}") s, CPU ${cpu[votca-nosmooth]} s;"
    echo "load average ${up_begin[votca-nosmooth]} before, mean $(mean_load votca-nosmooth)."
    echo
    echo "| iteration | wall s | cumulative s | LAMMPS s | RMS | max \|Δg\| |"
    echo "|---:|---:|---:|---:|---:|---:|"
    awk '{c += $2; printf "| %d | %s | %d | %s | %s | %s |\n", $1, $2, c, $3, $4, $5}' votca-nosmooth/votca.tsv
  fi
  echo
  echo "## cgflow-train, linear (pair potential), default cut-off"
  echo
  echo "Settings file: \`fit-max: $fit_max\`; \`--hidden linear --threads 2 --max-iterations $train_iter\`. $(grep -m1 'training' train/linear.log | sed 's/^\[INFO\] //')."
  echo "Process wall ${wall[linear]} s, CPU ${cpu[linear]} s; load average ${up_begin[linear]} before, ${up_end[linear]} after, mean $(mean_load linear)."
  echo "Row k: the RMS sampled at θ_k (the PMF-pretrained start for k = 0); wall s = this row's time (row 0: set-up,"
  echo "pretraining and the first sampling round); cumulative = TRAIN.tsv wall_s (from the tool's start, JVM start-up not"
  echo "included); damping = the Levenberg–Marquardt λ of the step taken."
  echo
  echo "| iteration | wall s | cumulative s | sampling s | RMS | damping |"
  echo "|---:|---:|---:|---:|---:|---:|"
  row_train train/linear.train.tsv
  if [ -f train/linear-cut09.train.tsv ]; then
    echo
    echo "## cgflow-train, linear, cut-off 0.9 nm (VOTCA's range)"
    echo
    echo "Settings file: \`fit-max: $fit_max\`, \`cutoff: $fit_max\`. $(grep -m1 'training' train/linear-cut09.log | sed 's/^\[INFO\] //')."
    echo "Process wall ${wall[linear-cut09]} s, CPU ${cpu[linear-cut09]} s; load ${up_begin[linear-cut09]} before, mean $(mean_load linear-cut09)."
    echo
    echo "| iteration | wall s | cumulative s | sampling s | RMS | damping |"
    echo "|---:|---:|---:|---:|---:|---:|"
    row_train train/linear-cut09.train.tsv
  fi
  echo
  echo "## cgflow-train, default network (2×16 tanh)"
  echo
  echo "Settings file as the linear run (\`fit-max: $fit_max\`), no --hidden: $(grep -m1 'training' train/network.log | sed 's/^\[INFO\] //')."
  echo "Process wall ${wall[network]} s, CPU ${cpu[network]} s; mean load $(mean_load network)."
  echo
  echo "| iteration | wall s | cumulative s | sampling s | RMS | damping |"
  echo "|---:|---:|---:|---:|---:|---:|"
  row_train train/network.train.tsv
  echo
  echo "## Time to VOTCA's accuracy"
  echo
  echo "| | value |"
  echo "|---|---:|"
  echo "| VOTCA IMC: RMS after $votca_iter iterations | $votca_final |"
  echo "| VOTCA IMC: wall time of $votca_iter iterations (csg_inverse process) | $votca_total s |"
  echo "| VOTCA IMC: CPU time (user + system, children included) | ${cpu[votca]} s |"
  if [ -n "${cross:-}" ]; then
    echo "| cgflow-train linear: first iteration with RMS ≤ VOTCA's final | $cross (RMS $cross_rms) |"
    echo "| cgflow-train linear: wall time to it (TRAIN.tsv wall_s of the full run) | $cross_wall s |"
    if [ -n "${wall[linear-to-votca]:-}" ]; then
      echo "| cgflow-train linear, rerun with --max-iterations $cross: process wall, CPU (mean load $(mean_load linear-to-votca)) | ${wall[linear-to-votca]} s, ${cpu[linear-to-votca]} s |"
      echo "| **ratio VOTCA / cgflow, wall (process against process)** | **$(awk -v a="${wall[votca]}" -v b="${wall[linear-to-votca]}" 'BEGIN{printf "%.1f", a / b}')** |"
      echo "| ratio VOTCA / cgflow, CPU | $(awk -v a="${cpu[votca]}" -v b="${cpu[linear-to-votca]}" 'BEGIN{printf "%.1f", a / b}') |"
    fi
    echo "| ratio VOTCA process wall / cgflow TRAIN.tsv wall_s | $(awk -v a="${wall[votca]}" -v b="$cross_wall" 'BEGIN{printf "%.1f", a / b}') |"
  else
    echo "| cgflow-train linear: RMS ≤ VOTCA's final | not reached in $train_iter iterations (last RMS $lin_last) |"
  fi
  echo "| cgflow-train linear: RMS after $train_iter iterations, wall | $lin_last, $(tail -1 train/linear.train.tsv | awk -F'\t' '{print $NF}') s |"
  [ -n "${same:-}" ] && echo "| rerun with --max-iterations ${cross} (its model is checked below) | ${same} |"
  if [ -f votca-nosmooth/votca.tsv ] && [ ! -f votca-nosmooth/failed.txt ]; then
    vn=$(awk 'END {print $4}' votca-nosmooth/votca.tsv)
    echo "| VOTCA IMC without smoothing: RMS after $votca_iter iterations, wall | $vn, $(printf %.0f "${wall[votca-nosmooth]}") s |"
    read -r c2 c2_rms c2_wall < <(awk -v v="$vn" '$2 <= v {print; exit}' train/linear.rms.tsv) || true
    if [ -n "${c2:-}" ]; then
      echo "| cgflow-train linear: first iteration with RMS ≤ that, TRAIN.tsv wall_s | $c2 (RMS $c2_rms), $c2_wall s |"
      echo "| ratio VOTCA (no smoothing) process wall / cgflow TRAIN.tsv wall_s | $(awk -v a="${wall[votca-nosmooth]}" -v b="$c2_wall" 'BEGIN{printf "%.1f", a / b}') |"
    else
      echo "| cgflow-train linear: RMS ≤ that | not reached in $train_iter iterations |"
    fi
  fi
  echo
  echo "## Independent check: each final potential in CG MD, g(r) by cgflow-reference"
  echo
  echo "Same start ($beads beads, $boxnm nm), Langevin 300 K, γ = 5/ps, dt 2 fs, $((check_eq / 500)) ps equilibration + $(((check_steps - check_eq) / 500)) ps, a frame every"
  echo "$(awk -v e=$check_every 'BEGIN{print e * 0.002}') ps; RDF by bin/cgflow-reference on the CG trajectory (same bins and normalisation as the"
  echo "target), RMS over the same $nbins bins by imc_helper.py rms. VOTCA: the potential after its last update"
  echo "($last/W-W.pot.new, converted by its own convert_potential lammps). cgflow: the model file (the θ of the lowest"
  echo "measured loss)."
  echo
  echo "| potential, engine | frames | RMS | max \|Δg\| |"
  echo "|---|---:|---:|---:|"
  printf '%s\n' "${checks[@]}"
  echo
  echo "Check runs: LAMMPS wall ${wall[md-votca]} s; cgflow-md with VOTCA's table ${wall[md-votca-md]} s; with exported tables"
  echo "${wall[md-linear-tables]} s; with \`--model\` (the network path) ${wall[md-linear-model]} s."
  echo
  echo "## Setups side by side"
  echo
  echo "| | VOTCA IMC | cgflow-train |"
  echo "|---|---|---|"
  echo "| CG system | $beads beads, $boxnm nm cube (the mapped reference's last frame) | the same start file |"
  echo "| potential | table $rmin–$rmax nm on the 0.01 nm grid, PMF start, LAMMPS table 0.20–$rmax nm (linear 1000) | linear: Gaussians 0.02 nm apart from descriptor-min to the cut-off ($(grep -m1 'training' train/linear.log | sed -n 's/.*cut-off \([0-9.]*\) nm.*/\1/p') nm default, 0.9 nm variant) + repulsive prior; PMF pretraining |"
  echo "| sampling per iteration | 1 run, 2 ps + 40 ps, $votca_frames frames 0.2 ps apart, restarted from the same start each iteration | 2 replicas in parallel, each 1 ps (4 ps in round 0) + 5 ps, 50 frames 0.1 ps apart, continuing |"
  echo "| thermostat, dt | Langevin damp 200 fs (γ = 5/ps), 2 fs | Langevin BAOAB γ = 2/ps, dt default ($(grep -m1 '^dt' <("$repo/bin/cgflow-model" info train/linear.h5 2>/dev/null) || echo 'from the contact distance: 0.002 ps')) |"
  echo "| update | IMC (Newton step on the csg_stat cross-correlations), smoothed twice | damped Gauss–Newton on the fluctuation Jacobian (λ 0.3, halved when a reweighted loss falls) |"
  echo "| threads | lmp serial, csg_stat --nt 2 | 2 (one per replica) |"
} > "$out"
cat "$out"
