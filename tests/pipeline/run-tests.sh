#!/usr/bin/env bash
# Pipeline tests: run the real pipeline on the bundled test data in a temporary folder and check
# its outputs, the -resume cache and the samplesheet validation. Called by `./cgflow test` (after
# `mvn verify` has built the tool jars); runs alone as well.
#
# Prints one line per check (`ok - …` / `not ok - …`, TAP-like; `# SKIP` marks a sub-check that
# needs a missing optional tool and counts as passed) and ends with the line `N passed, M failed`.
# Exit status: 0 when every check passed, 1 otherwise.
#
# Environment:
#   CGFLOW_TEST_SAMPLESHEET  samplesheet to use instead of the test profile's test-data/samplesheet.csv
#   CGFLOW_TEST_KEEP=1       keep the temporary folder (it is always kept when a check fails)
#   TMPDIR                   where the temporary folder is made
#   CGFLOW_TEST_SLURM=0      leave out tests/slurm/run-slurm-test.sh (the SLURM checks at the end)
set -uo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
sheet=${CGFLOW_TEST_SAMPLESHEET:-$repo/test-data/samplesheet.csv}
sheet=$(readlink -f "$sheet" 2>/dev/null || echo "$sheet")
work=$(mktemp -d "${TMPDIR:-/tmp}/cgflow-pipeline-test.XXXXXX")
export NXF_ANSI_LOG=false

passed=0
failed=0
ok()    { echo "ok - $*"; passed=$((passed + 1)); }
notok() { echo "not ok - $*"; failed=$((failed + 1)); }
check() { local desc=$1; shift; if "$@"; then ok "$desc"; else notok "$desc"; fi; }
skip()  { echo "ok - $1 # SKIP $2"; passed=$((passed + 1)); }

finish() {
    if [[ $failed -gt 0 || "${CGFLOW_TEST_KEEP:-}" == 1 ]]; then
        echo "# logs and outputs kept in $work" >&2
    else
        rm -rf "$work"
    fi
    echo "$passed passed, $failed failed"
    [[ $failed -eq 0 ]]
}

# nf LOG ARGS...: nextflow run main.nf ARGS in the work folder, output to LOG; returns its status.
input_args=()
[[ -n "${CGFLOW_TEST_SAMPLESHEET:-}" ]] && input_args=(--input "$sheet")
nf() {
    local log=$1; shift
    (cd "$work" && "$repo/cgflow" nextflow run "$repo/main.nf" "$@") >"$log" 2>&1
}

# ── samplesheet rows (system,state), plain CSV without quoted commas ────────────────────────────
if [[ ! -f "$sheet" ]]; then
    notok "samplesheet $sheet exists"
    finish; exit
fi
# Print the named columns of each data row, tab-separated.
csv_columns() {  # FILE COL...
    local file=$1; shift
    awk -F',' -v cols="$*" '
        { sub(/\r$/, "") }
        NR == 1 { n = split(cols, want, " "); for (i = 1; i <= NF; i++) idx[$i] = i; next }
        /^[[:space:]]*$/ { next }
        { line = ""; for (k = 1; k <= n; k++) line = line (k > 1 ? "\t" : "") $(idx[want[k]]); print line }
    ' "$file"
}
mapfile -t rows < <(csv_columns "$sheet" system state)
nrows=${#rows[@]}
if [[ $nrows -eq 0 ]]; then
    notok "samplesheet $sheet has rows"
    finish; exit
fi

# Every row has at least one .h5 in OUTDIR/<system>/<state>/convert/.
h5_files() { compgen -G "$1/$2/$3/convert/*.h5" || true; }

is_hdf5() {  # the HDF5 signature \x89HDF\r\n\x1a\n at offset 0
    [[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" == "894844460d0a1a0a" ]]
}

h5_checker=
if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
    h5_checker=h5py
elif command -v h5dump >/dev/null 2>&1; then
    h5_checker=h5dump
fi
has_positions() {
    case "$h5_checker" in
        h5py)   /usr/bin/python3 - "$1" <<'PY' 2>/dev/null
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    ds = f.get("/particles/all/position/value")
    sys.exit(0 if isinstance(ds, h5py.Dataset) and ds.ndim == 3 and ds.shape[0] > 0 and ds.shape[2] == 3 else 1)
PY
        ;;
        h5dump) h5dump -H -d /particles/all/position/value "$1" >/dev/null 2>&1 ;;
        *)      return 2 ;;
    esac
}

# latest_trace OUTDIR: the newest trace_<timestamp>.txt of OUTDIR/pipeline_info (each run writes its own); a name that
# does not exist when there is none
latest_trace() {
    local t
    t=$(ls -t "$1"/pipeline_info/trace_*.txt 2>/dev/null | head -1)
    echo "${t:-$1/pipeline_info/trace_none.txt}"
}

# trace_statuses TRACE: the status column of each task
trace_statuses() {
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "status") c = i; next } c { print $c }' "$1"
}

# ── (i) stub run of the test profile ─────────────────────────────────────────────────────────
stub_out="$work/stub-results"
if nf "$work/stub.log" -profile test -stub-run --outdir "$stub_out" "${input_args[@]}"; then
    ok "stub run of the test profile succeeds"
    missing=()
    for row in "${rows[@]}"; do
        IFS=$'\t' read -r system state <<<"$row"
        [[ -n "$(h5_files "$stub_out" "$system" "$state")" ]] || missing+=("$system/$state")
    done
    check "stub run publishes an .h5 for each of the $nrows rows${missing:+ (missing: ${missing[*]})}" test ${#missing[@]} -eq 0
else
    notok "stub run of the test profile succeeds (see $work/stub.log)"
fi

# ── (ii) real run of the test profile ────────────────────────────────────────────────────────
out="$work/results"
if nf "$work/run.log" -profile test --outdir "$out" "${input_args[@]}"; then
    ok "pipeline run of the test profile succeeds"
else
    notok "pipeline run of the test profile succeeds (see $work/run.log)"
fi
# its session, for a later -resume of its tasks after other runs in this folder (the session id: field 6 of the history)
run_session=()
[[ -f "$work/.nextflow/history" ]] && run_session=($(awk -F'\t' 'END { print $6 }' "$work/.nextflow/history"))
for row in "${rows[@]}"; do
    IFS=$'\t' read -r system state <<<"$row"
    mapfile -t files < <(h5_files "$out" "$system" "$state")
    if [[ ${#files[@]} -eq 0 ]]; then
        notok "$system/$state: H5MD written to $out/$system/$state/convert/"
        continue
    fi
    bad=()
    for f in "${files[@]}"; do is_hdf5 "$f" || bad+=("$(basename "$f")"); done
    check "$system/$state: ${#files[@]} .h5 file(s) with the HDF5 signature${bad:+ (not HDF5: ${bad[*]})}" test ${#bad[@]} -eq 0
    shards="$out/$system/$state/convert/${system}_${state}.shards.txt"
    if [[ -f "$shards" ]]; then
        listed=$(awk '!/^#/ && NF { print $1 }' "$shards")
        absent=()
        for s in $listed; do [[ -f "$out/$system/$state/convert/$s" ]] || absent+=("$s"); done
        check "$system/$state: every shard in $(basename "$shards") was published${absent:+ (missing: ${absent[*]})}" \
            test ${#absent[@]} -eq 0 -a -n "$listed"
    fi
    if [[ -z "$h5_checker" ]]; then
        skip "$system/$state: /particles/all/position/value in every .h5" "neither h5py (/usr/bin/python3) nor h5dump found"
    else
        nopos=()
        for f in "${files[@]}"; do has_positions "$f" || nopos+=("$(basename "$f")"); done
        check "$system/$state: /particles/all/position/value in every .h5 ($h5_checker)${nopos:+ (absent in: ${nopos[*]})}" test ${#nopos[@]} -eq 0
    fi
    check "$system/$state: metrics file published" test -s "$out/$system/$state/convert/${system}_${state}.convert.prom"
    ref="$out/$system/$state/reference"
    dist="$ref/${system}_${state}.distributions.h5"
    check "$system/$state: reference distributions written (HDF5)" is_hdf5 "$dist"
    ntables=$(compgen -G "$ref/${system}_${state}-tables/rdf-*.tsv" | wc -l)
    check "$system/$state: RDF tables written ($ntables)" test "$ntables" -gt 0
    check "$system/$state: reference metrics published" test -s "$ref/${system}_${state}.reference.prom"
    mapfile -t cg < <(compgen -G "$ref/${system}_${state}.cg*.h5" || true)
    bad=()
    for f in "${cg[@]}"; do is_hdf5 "$f" || bad+=("$(basename "$f")"); done
    check "$system/$state: mapped CG trajectory written (${#cg[@]} HDF5 file(s))${bad:+ (not HDF5: ${bad[*]})}" \
        test ${#cg[@]} -gt 0 -a ${#bad[@]} -eq 0
done
for f in 'trace_*.txt' 'report_*.html' 'timeline_*.html' software_versions.yml; do
    check "pipeline_info/$f written" test -n "$(compgen -G "$out/pipeline_info/$f")"
done
run_trace=$(latest_trace "$out")
completed=$( [[ -f "$run_trace" ]] && trace_statuses "$run_trace" | grep -c '^COMPLETED$' )
# CONVERT and REFERENCE per row; per system with train rows one TRAIN and one VALIDATE (the test profile trains one
# architecture), and CG_MD and REFERENCE_CG for each of its rows; one REPORT
nupstream=$((2 * nrows))
trained_systems=$(csv_columns "$sheet" system role | awk -F'\t' '$2 == "train" { print $1 }' | sort -u)
ntrained=$(grep -c . <<<"$trained_systems")
ntrained_rows=$(csv_columns "$sheet" system | grep -cxFf <(printf '%s\n' $trained_systems))
ntasks=$((nupstream + 2 * ntrained + 2 * ntrained_rows + 1))
check "trace lists $ntasks completed tasks (found ${completed:-0})" test "${completed:-0}" -eq "$ntasks"
# the real trainer: a linear model and a TRAIN.tsv with the PMF start and one Gauss-Newton step per system
for s in $(csv_columns "$sheet" system role | awk -F'\t' '$2 == "train" { print $1 }' | sort -u); do
    model="$out/$s/train/linear/$s-linear.model.h5"
    log="$out/$s/train/linear/$s-linear.train.tsv"
    rows_logged=$( [[ -f "$log" ]] && awk -F'\t' 'NR > 1 && $3 + 0 > 0' "$log" | wc -l )
    check "$s: TRAIN wrote a model and a TRAIN.tsv with 2 iterations of positive loss (found ${rows_logged:-0})" \
        test -s "$model" -a "${rows_logged:-0}" -eq 2
done

# CG MD of each model in each state, validation per system, the campaign report: files, and numbers from this run
cg_frames=$(( $(awk -F'=' '/cg_md_steps/ { gsub(/[ ]/, "", $2); print $2 }' "$repo/profiles/test.config") \
            / $(awk -F'=' '/cg_md_output_every/ { gsub(/[ ]/, "", $2); print $2 }' "$repo/profiles/test.config") + 1 ))
for s in $trained_systems; do
    vdir="$out/$s/validate/linear"
    vjson="$vdir/$s-linear.validation.json"
    check "$s: validation JSON and HTML report published" test -s "$vjson" -a -s "$vdir/$s-linear.validation.html"
    expected_states=$(csv_columns "$sheet" system state role | awk -F'\t' -v s="$s" '$1 == s { print $2 ":" $3 }' | sort | tr '\n' ' ')
    found=$(python3 - "$vjson" "$cg_frames" <<'PY' 2>&1
import json, sys
v = json.load(open(sys.argv[1]))
frames = int(sys.argv[2])
problems = []
if v.get("verdict") not in ("pass", "fail"):
    problems.append("verdict %r" % v.get("verdict"))
if not (v.get("model") or {}).get("network_parameters"):
    problems.append("no model size")
if (v.get("training") or {}).get("iterations") != 1:  # the test profile's one iteration, as cgflow-train counts
    problems.append("training iterations %r" % (v.get("training") or {}).get("iterations"))
if (v.get("training") or {}).get("stopped") != "max-iterations":  # why, as the model records it
    problems.append("training stopped %r" % (v.get("training") or {}).get("stopped"))
if (v.get("training") or {}).get("model_iteration") not in (0, 1):  # the iteration whose model was written
    problems.append("model iteration %r" % (v.get("training") or {}).get("model_iteration"))
for st in v.get("states", []):
    if st.get("cg_frames") != frames:
        problems.append("%s: %r CG frames, expected %d" % (st["state"], st.get("cg_frames"), frames))
    if (st.get("thermo") or {}).get("rows") != frames:
        problems.append("%s: THERMO rows %r" % (st["state"], (st.get("thermo") or {}).get("rows")))
    if not st.get("distributions") or any(not isinstance(d.get("rms"), float) for d in st["distributions"]):
        problems.append("%s: distributions without an RMS" % st["state"])
print(" ".join(sorted("%s:%s" % (st["state"], st["role"]) for st in v.get("states", []))) + " |" + "; ".join(problems))
PY
)
    check "$s: validation covers its states with their roles (${expected_states% }) and this run's CG frames ($cg_frames)${found#*|}" \
        test "${found%%|*}" == "${expected_states}" -a -z "${found#*|}"
done
campaign="$out/campaign/campaign.json"
check "campaign report: campaign.json and campaign.html published" test -s "$campaign" -a -s "$out/campaign/campaign.html"
rows_found=$(python3 -c 'import json, sys; print(" ".join(sorted(r["system"] + "-" + r["architecture"] for r in json.load(open(sys.argv[1]))["rows"])))' "$campaign" 2>&1)
check "campaign report: one row per system and architecture (${rows_found})" \
    test "$rows_found" == "$(for s in $trained_systems; do echo "$s-linear"; done | sort | tr '\n' ' ' | sed 's/ $//')"
holdout_sys=$(csv_columns "$sheet" system role | awk -F'\t' '$2 == "holdout" { print $1 }' | sort -u | grep -xFf <(printf '%s\n' $trained_systems) | head -1)
if [[ -n "$holdout_sys" ]]; then
    err=$(python3 -c 'import json, sys; print([r["holdout_error"] for r in json.load(open(sys.argv[1]))["rows"] if r["system"] == sys.argv[2]][0])' "$campaign" "$holdout_sys" 2>&1)
    check "campaign report: $holdout_sys has a held-out error ($err)" python3 -c "import sys; float(sys.argv[1])" "$err"
fi
# the reports render in headless Chromium with every chart drawn and no console error
chromium_bin=$(command -v chromium || command -v chromium-browser || true)
if [[ -n "$chromium_bin" ]]; then
    for page in "$out/campaign/campaign.html" $(compgen -G "$out/*/validate/linear/*.validation.html" | head -1); do
        name=$(basename "$page")
        timeout 120 "$chromium_bin" --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
            --dump-dom "file://$page" >"$work/$name.dom" 2>"$work/$name.console" || true
        drawn=$(grep -o 'data-charts-drawn="[0-9]*"' "$work/$name.dom" | grep -o '[0-9]*')
        charts=$(grep -o 'class="chart"' "$page" | wc -l)
        errors=$(grep -E 'CONSOLE|Uncaught' "$work/$name.console" | grep -ciE 'error|uncaught')
        check "$name renders in headless Chromium: ${drawn:-no} of $charts charts drawn, ${errors} console errors" \
            test "${drawn:-0}" -eq "$charts" -a "$charts" -gt 0 -a "$errors" -eq 0
    done
else
    skip "reports render in headless Chromium" "chromium not installed (Debian package chromium)"
fi

# ── (iii) -resume: nothing runs again ────────────────────────────────────────────────────────
# and what an earlier run published under names this run does not use is removed from the folders it publishes into
# (shards of another --shard_frames beside the unsharded trajectory), while files outside them stay
IFS=$'\t' read -r stale_system stale_state <<<"${rows[0]}"
stale_dir="$out/$stale_system/$stale_state/convert"
stale=("$stale_dir/${stale_system}_${stale_state}-00003.h5" "$stale_dir/${stale_system}_${stale_state}.shards.txt")
listing_before=$(cd "$out" && find . -path ./pipeline_info -prune -o -type f -print | LC_ALL=C sort)
for f in "${stale[@]}"; do echo "left by an earlier run" >"$f"; echo "${f#"$out/"}" >>"$out/pipeline_info/published-files.txt"; done
# a file of the user's in a publish folder: cgflow never published it, so it is never removed (a run whose outdir held
# the samplesheet and trajectories in a folder named campaign/ used to delete them)
echo "the user's" >"$stale_dir/user-notes.txt"
echo "a note of the user's" >"$out/notes.txt"
echo "kept" >"$out/pipeline_info/kept.txt"
if nf "$work/resume.log" -profile test --outdir "$out" -resume "${input_args[@]}"; then
    ok "pipeline rerun with -resume succeeds"
else
    notok "pipeline rerun with -resume succeeds (see $work/resume.log)"
fi
check "-resume: shards an earlier run left in a convert folder are removed" test ! -e "${stale[0]}" -a ! -e "${stale[1]}"
check "-resume: the removal is logged" grep -q "cgflow: removed 2 file(s) an earlier run published" "$work/resume.log"
check "-resume: files outside the publish folders (notes.txt, pipeline_info/) stay" \
    test -f "$out/notes.txt" -a -f "$out/pipeline_info/kept.txt"
check "-resume: a file cgflow did not publish stays in a publish folder" test -f "$stale_dir/user-notes.txt"
ledger_lists_outputs_only() {
    grep -q "/convert/${stale_system}_${stale_state}" "$out/pipeline_info/published-files.txt" \
        && ! grep -q "user-notes.txt" "$out/pipeline_info/published-files.txt"
}
check "-resume: pipeline_info/published-files.txt lists what was published, not the user's file" ledger_lists_outputs_only
rm -f "$out/notes.txt" "$out/pipeline_info/kept.txt" "$stale_dir/user-notes.txt"
check "-resume: the output folder holds the same files as before" \
    test "$(cd "$out" && find . -path ./pipeline_info -prune -o -type f -print | LC_ALL=C sort)" == "$listing_before"
resume_trace=$(latest_trace "$out")
if [[ -f "$resume_trace" && "$resume_trace" != "$run_trace" ]]; then
    statuses=$(trace_statuses "$resume_trace")
    total=$(grep -c . <<<"$statuses")
    cached=$(grep -c '^CACHED$' <<<"$statuses")
    check "-resume: all $total tasks CACHED (cached: $cached), none ran again" test "$total" -gt 0 -a "$cached" -eq "$total" -a "$total" -eq "$ntasks"
else
    notok "-resume: a trace of its own written"
fi

# ── sharded output: --shard_frames splits every trajectory; shards and their list are published ─
sharded="$work/sharded-results"
# (training from the last shard, no CG MD: the full chain is checked in (ii))
if nf "$work/sharded.log" -profile test --outdir "$sharded" --shard_frames 150 --cg_md false "${input_args[@]}"; then
    ok "pipeline run with --shard_frames 150 succeeds"
    for row in "${rows[@]}"; do
        IFS=$'\t' read -r system state <<<"$row"
        dir="$sharded/$system/$state/convert"
        list="$dir/${system}_${state}.shards.txt"
        mapfile -t files < <(compgen -G "$dir/${system}_${state}-[0-9][0-9][0-9][0-9][0-9].h5" || true)
        listed=$( [[ -f "$list" ]] && awk '!/^#/ && NF { print $1 }' "$list" | sort | tr '\n' ' ' )
        found=$(for f in "${files[@]}"; do basename "$f"; done | sort | tr '\n' ' ')
        check "$system/$state: ${#files[@]} shard(s) ${system}_${state}-NNNNN.h5, all listed in .shards.txt" \
            test ${#files[@]} -ge 1 -a -n "$listed" -a "$listed" == "$found"
    done
else
    notok "pipeline run with --shard_frames 150 succeeds (see $work/sharded.log)"
fi

# ── topology column: a GROMACS .top (with #includes beside it and in the force-field folder) gives bonds ─
if [[ -d /usr/share/gromacs/top/oplsaa.ff || -n "${GMXLIB:-}" ]]; then
    topo_sheet="$work/topology.csv"
    {
        echo "system,state,role,structure,trajectory,mapping,temperature,model_settings,topology"
        echo "propane,200K,train,$repo/test-data/propane/conf.gro,$repo/test-data/propane/traj.xtc,$repo/test-data/mappings/propane.yaml,200,,$repo/test-data/propane/topol.top"
    } >"$topo_sheet"
    topo_out="$work/topology-results"
    if nf "$work/topology.log" -profile test --train false --input "$topo_sheet" --outdir "$topo_out"; then
        ok "pipeline run with a topology column succeeds"
        topo_h5="$topo_out/propane/200K/convert/propane_200K.h5"
        if [[ "$h5_checker" == h5py ]]; then
            check "topology column: the H5MD holds the topology's 1500 bonds" /usr/bin/python3 -c "
import sys, h5py
with h5py.File('$topo_h5', 'r') as f:
    sys.exit(0 if f['/parameters/topology/bonds'].shape == (1500, 2) else 1)"
        else
            skip "topology column: the H5MD holds the topology's bonds" "h5py (/usr/bin/python3) not found"
        fi
    else
        notok "pipeline run with a topology column succeeds (see $work/topology.log)"
    fi
else
    skip "pipeline run with a topology column" "GROMACS force fields (/usr/share/gromacs/top, Debian package gromacs-data) not installed"
fi

# ── LAMMPS input without a mapping: data file and dump through every stage; the bead types are LAMMPS's atom types ─
lmp_sheet="$work/lammps.csv"
{
    echo "system,state,role,structure,trajectory,mapping,temperature,model_settings"
    echo "binary-lj,110K,train,$repo/test-data/formats/lammps/data-ortho.lammps,$repo/test-data/formats/lammps/dump-ortho.lammpstrj,,110,$repo/test-data/train-quick.yaml"
} >"$lmp_sheet"
lmp_out="$work/lammps-results"
if nf "$work/lammps.log" -profile test --input "$lmp_sheet" --outdir "$lmp_out" --convert_timestep 0.005; then
    ok "pipeline run on a LAMMPS data file and dump without a mapping succeeds"
    lmp_json="$lmp_out/binary-lj/validate/linear/binary-lj-linear.validation.json"
    check "LAMMPS input: the model's bead types are the atom types 1 and 2" grep -qF -- '"bead_types" : ["1","2"]' "$lmp_json"
    check "LAMMPS input: CG MD ran with them (its trajectory is HDF5)" \
        is_hdf5 "$lmp_out/binary-lj/110K/cg/linear/binary-lj_110K-linear.h5"
    check "LAMMPS input: the CG run's RDFs 1-1, 1-2 and 2-2 were validated" \
        test "$(grep -cE '"name" : "(1-1|1-2|2-2)"' "$lmp_json" 2>/dev/null)" -eq 3
else
    notok "pipeline run on a LAMMPS data file and dump without a mapping succeeds (see $work/lammps.log)"
fi

# ── CG_MD module: a short argon run through Nextflow (module not yet wired into main.nf) ─────────
md_out="$work/cg-md-results"
mkdir -p "$md_out"
cat >"$work/argon.yaml" <<'YAML'
types:
  AR: {mass: 39.948}
pairs:
  - {types: [AR, AR], style: lennard-jones, sigma: 0.3405, epsilon: 0.99774, cutoff: 1.0, shift: true, tail: true}
YAML
if (cd "$work" && "$repo/cgflow" nextflow run "$repo/tests/pipeline/cg_md.nf" -c "$repo/tests/pipeline/cg_md.config" \
        --start "$repo/test-data/lj-argon/conf.gro" --potential "$work/argon.yaml" --outdir "$md_out") >"$work/cg-md.log" 2>&1; then
    ok "CG_MD module runs cgflow-md (argon, 200 Langevin steps)"
    check "CG_MD: THERMO table with a header and 5 rows" test "$(grep -vc '^step' "$md_out/argon_md.thermo.tsv" 2>/dev/null)" -eq 5
    check "CG_MD: trajectory is HDF5" is_hdf5 "$md_out/argon_md.h5"
else
    notok "CG_MD module runs cgflow-md (see $work/cg-md.log)"
fi

# ── (iv) broken samplesheets fail at start, naming the file, the line and the problem ─────────
# The bundled rows, with paths made absolute so that only the planted problems remain.
absolutize() {  # FILE: rewrite relative paths against the samplesheet's folder
    local dir; dir=$(dirname "$1")
    awk -F',' -v OFS=',' -v dir="$dir" '
        function abs(p) { return (p == "" || p ~ /^\// || p ~ /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//) ? p : dir "/" p }
        { sub(/\r$/, "") }
        NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; print; next }
        /^[[:space:]]*$/ { next }
        {
            $(idx["structure"]) = abs($(idx["structure"]))
            $(idx["mapping"]) = abs($(idx["mapping"]))
            $(idx["model_settings"]) = abs($(idx["model_settings"]))
            n = split($(idx["trajectory"]), parts, ";"); t = ""
            for (k = 1; k <= n; k++) t = t (k > 1 ? ";" : "") abs(parts[k])
            $(idx["trajectory"]) = t
            print
        }
    ' "$1"
}
# set_field LINE COLUMN VALUE: print the samplesheet with one field replaced (line 1 = header)
set_field() {
    awk -F',' -v OFS=',' -v ln="$1" -v col="$2" -v val="$3" '
        NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i }
        NR == ln { $(idx[col]) = val }
        { print }'
}
good="$work/good.csv"
absolutize "$sheet" >"$good"
first_row=$(sed -n 2p "$good")
broken="$work/broken.csv"
{
    cat "$good"
    echo "$first_row"                                       # duplicate of line 2
} | set_field 2 role validation \
  | set_field 2 temperature 2e6 \
  | set_field 3 temperature warm \
  | set_field 4 structure "$work/no-such-structure.gro" \
  | set_field 5 mapping "$work/no-such-mapping.yaml" >"$broken"
dup_line=$(($(wc -l <"$broken")))
# a state that differs from line 2's only in case, a system name too long for file names, a temperature whose
# k_BT underflows: rows after the duplicate
first_system=$(csv_columns "$good" system | sed -n 1p)
long_name=$(printf 'x%.0s' {1..65})
{ head -1 "$good"; sed -n 2p "$good"; } | set_field 2 state fold-a | sed -n 2p >>"$broken"
{ head -1 "$good"; sed -n 2p "$good"; } | set_field 2 state FOLD-A | sed -n 2p >>"$broken"
{ head -1 "$good"; sed -n 2p "$good"; } | set_field 2 system "$long_name" | sed -n 2p >>"$broken"
{ head -1 "$good"; sed -n 2p "$good"; } | set_field 2 state frozen | set_field 2 temperature 1e-320 | sed -n 2p >>"$broken"
{ head -1 "$good"; sed -n 2p "$good"; } | set_field 2 state foo | set_field 2 trajectory "$work/traj.foo" | sed -n 2p >>"$broken"
# a training settings file with a misspelt key (it would fail TRAIN after the atomistic stages)
printf 'frames: 8\nlearning_rate: 0.1\n' >"$work/typo.yaml"
{ head -1 "$good"; sed -n 2p "$good"; } | set_field 2 system typo | set_field 2 role train \
  | set_field 2 model_settings "$work/typo.yaml" | sed -n 2p >>"$broken"
# a gzip-compressed H5MD trajectory (HDF5 needs random access)
{ head -1 "$good"; sed -n 2p "$good"; } | set_field 2 state gz | set_field 2 trajectory "$work/traj.h5.gz" | sed -n 2p >>"$broken"
bad_log="$work/broken.log"
if nf "$bad_log" -profile test --input "$broken" --outdir "$work/broken-results"; then
    notok "broken samplesheet is rejected (it ran; see $bad_log)"
else
    ok "broken samplesheet is rejected with a non-zero exit"
fi
has() { grep -qF -- "$2" "$1"; }
check "broken samplesheet: message names the samplesheet" has "$bad_log" "invalid samplesheet $broken"
check "broken samplesheet: unknown role on line 2"       has "$bad_log" "line 2: unknown role 'validation'"
check "broken samplesheet: temperature 2e6 K on line 2 (the tools' limit is 1e6)" \
    has "$bad_log" "line 2: temperature '2e6' must be a number from 0.001 to 1e6 (K)"
if [[ $nrows -ge 3 ]]; then
    check "broken samplesheet: non-numeric temperature on line 3" has "$bad_log" "line 3: temperature 'warm' is not a number"
    check "broken samplesheet: missing structure file on line 4"  has "$bad_log" "line 4: structure file '$work/no-such-structure.gro' not found"
fi
if [[ $nrows -ge 4 ]]; then
    check "broken samplesheet: missing mapping file on line 5"    has "$bad_log" "line 5: mapping file '$work/no-such-mapping.yaml' not found"
fi
check "broken samplesheet: duplicate system+state on line $dup_line" has "$bad_log" "line $dup_line: duplicate system+state"
check "broken samplesheet: a state differing from another only in case" \
    has "$bad_log" "line $((dup_line + 2)): state 'FOLD-A' of system '$first_system' differs from 'fold-a' (line $((dup_line + 1))) only in case"
check "broken samplesheet: a system name longer than 64 characters" \
    has "$bad_log" "line $((dup_line + 3)): system 'xxxxxxxxxxxxxxxxxxxx…' has 65 characters; at most 64"
check "broken samplesheet: a temperature below 0.001 K (k_BT underflows)" \
    has "$bad_log" "line $((dup_line + 4)): temperature '1e-320' must be a number from 0.001 to 1e6 (K)"
check "broken samplesheet: a trajectory whose format cannot be told from its name" \
    has "$bad_log" "line $((dup_line + 5)): trajectory '$work/traj.foo': unknown extension '.foo', so cgflow-convert cannot tell its format"
check "broken samplesheet: a training settings file with an unknown key, and the key meant" \
    has "$bad_log" "line $((dup_line + 6)): model_settings '$work/typo.yaml' has the unknown setting 'learning_rate'; did you mean 'learning-rate'?"
check "broken samplesheet: a gzip-compressed H5MD trajectory" \
    has "$bad_log" "line $((dup_line + 7)): trajectory '$work/traj.h5.gz': a gzip-compressed H5MD file cannot be read"
no_tasks() { [[ ! -f "$1" ]] || [[ -z "$(trace_statuses "$1")" ]]; }
check "broken samplesheet: no task was started" no_tasks "$(latest_trace "$work/broken-results")"
check "broken samplesheet: the refused run leaves no output folder (no empty trace in pipeline_info)" \
    test ! -e "$work/broken-results"
nf "$work/help.log" --help --outdir "$work/help-results" || true
help_clean() { grep -q -- '--input ' "$work/help.log" && [[ ! -e "$work/help-results" ]]; }
check "--help prints the parameters and makes no output folder" help_clean

nocol="$work/missing-column.csv"
awk -F',' -v OFS=',' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "temperature") c = i }
    { out = ""; sep = ""; for (i = 1; i <= NF; i++) if (i != c) { out = out sep $i; sep = OFS }; print out }' \
    "$good" >"$nocol"
if nf "$work/missing-column.log" -profile test --input "$nocol" --outdir "$work/broken-results"; then
    notok "samplesheet without the temperature column is rejected (it ran)"
else
    check "samplesheet without the temperature column is rejected: line 1 names the column" \
        has "$work/missing-column.log" "line 1: missing column(s) temperature"
fi

# a samplesheet saved as Latin-1: the line of the first byte that is not UTF-8
latin1="$work/latin1.csv"
set_field 2 state $'s\xc512' <"$good" >"$latin1"
if nf "$work/latin1.log" -profile test -stub-run --input "$latin1" --outdir "$work/broken-results"; then
    notok "a samplesheet that is not UTF-8 is rejected (it ran)"
else
    check "a samplesheet that is not UTF-8 is rejected: line 2 and the byte are named" \
        has "$work/latin1.log" "line 2: byte"
fi

# a misspelt column, and a system whose states do not share one mapping, stop the run before any task
misspelt="$work/misspelt.csv"
# (with a unit added: 'pressure_bar'; between them two empty columns, as spreadsheets export them, which are dropped)
awk -F',' -v OFS=',' 'NR == 1 { print $0 ",presure,,,pressure_bar"; next } { print $0 ",,,," }' "$good" >"$misspelt"
if nf "$work/misspelt.log" -profile test -stub-run --input "$misspelt" --outdir "$work/broken-results"; then
    notok "a misspelt column is rejected (it ran)"
else
    check "a misspelt column is rejected with a suggestion" \
        has "$work/misspelt.log" "unknown column 'presure'; did you mean 'pressure'?"
    check "a known column with a unit added is rejected with a suggestion" \
        has "$work/misspelt.log" "unknown column 'pressure_bar'; did you mean 'pressure'?"
    check "empty columns without a name are dropped: the header's only problems are the two columns above" \
        test "$(grep -c '^  line 1: ' "$work/misspelt.log")" -eq 2
fi
# an unnamed column with a value in it would be ignored silently: named
unnamed="$work/unnamed.csv"
awk -F',' -v OFS=',' 'NR == 1 { print $0 ","; next } NR == 3 { print $0 ",0.5"; next } { print $0 "," }' "$good" >"$unnamed"
unnamed_column=$(($(head -1 "$good" | tr -cd ',' | wc -c) + 2))
if nf "$work/unnamed.log" -profile test -stub-run --input "$unnamed" --outdir "$work/broken-results"; then
    notok "a value in a column without a name is rejected (it ran)"
else
    check "a value in a column without a name is rejected, naming the column and the line" \
        has "$work/unnamed.log" "line 1: column $unnamed_column has no name in the header, but line 3 has '0.5' in it"
fi
# an output folder that is a file is named as the parameter it is, before Nextflow opens its reports there
: >"$work/outdir-file"
nf "$work/outdir-file.log" -profile test -stub-run "${input_args[@]}" --outdir "$work/outdir-file" || true
check "--outdir naming a file is refused, naming the parameter" \
    has "$work/outdir-file.log" "cgflow: invalid parameter --outdir '$work/outdir-file': is a file, not a folder"
# Java names files in the locale's encoding: under LC_ALL=C the launchers run the tools with C.UTF-8, so a
# non-ASCII file name is a missing file (exit 2), not an internal error; a JVM started without them names the fix
LC_ALL=C "$repo/bin/cgflow-model" info "$work/mödel.h5" >"$work/c-locale.log" 2>&1 && c_rc=0 || c_rc=$?
check "a non-ASCII file name under LC_ALL=C: the launcher's tool says it is missing (exit 2)" \
    bash -c '[[ $1 == 2 ]] && grep -q "mödel.h5: file not found" "$2"' _ "$c_rc" "$work/c-locale.log"
LC_ALL=C java -jar "$repo/java-tools/cgflow-model/target/cgflow-model.jar" info "$work/mödel.h5" \
    >"$work/c-locale-jar.log" 2>&1 && c_rc=0 || c_rc=$?
check "a non-ASCII file name in a JVM under LC_ALL=C: exit 1 and the way out (a UTF-8 locale)" \
    bash -c '[[ $1 == 1 ]] && grep -q "run with a UTF-8 locale (e.g. LC_ALL=C.UTF-8)" "$2"' _ "$c_rc" "$work/c-locale-jar.log"
second=$(awk -F',' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "system") c = i; next }
    seen[$c]++ == 1 { print NR; exit }' "$good")
if [[ -n "$second" ]]; then
    mixed="$work/mixed-mapping.csv"
    set_field "$second" mapping "" <"$good" >"$mixed"
    if nf "$work/mixed-mapping.log" -profile test -stub-run --input "$mixed" --outdir "$work/broken-results"; then
        notok "a system whose states have different mappings is rejected (it ran)"
    else
        check "a system whose states have different mappings is rejected, naming line $second" \
            has "$work/mixed-mapping.log" "line $second: system '"
    fi
fi
# a known parameter spelled with dashes would be ignored by Nextflow: refused, with the right spelling
if nf "$work/dashed.log" -profile test -stub-run --outdir "$work/broken-results" "${input_args[@]}" --cg-md-steps 5; then
    notok "a parameter spelled with dashes is rejected (it ran)"
else
    check "a parameter spelled with dashes is rejected with the right spelling" \
        has "$work/dashed.log" "use --cg_md_steps"
fi
# an option in a tool's extra options that the pipeline gives the tool too (every task would stop with "given 2
# times"): refused before any task, naming the parameter that sets it or the module
if nf "$work/twice.log" -profile test -stub-run --outdir "$work/broken-results" "${input_args[@]}" --rdf_max 1.5 \
    --reference_args '--rdf-max 2' --validate_args='--html x.html' --train_args '--max-time 30'; then
    notok "an option given by the pipeline and in --<tool>_args is rejected (it ran)"
else
    check "an option in --reference_args that --rdf_max sets is rejected" \
        has "$work/twice.log" "--reference_args '--rdf-max 2': --rdf-max is also set by --rdf_max 1.5; give it once"
    check "an option in --validate_args that the module gives is rejected" \
        has "$work/twice.log" "--validate_args '--html x.html': the pipeline gives cgflow-validate --html itself"
    check "--max-time in --train_args replaces the module's budget: accepted" \
        bash -c '! grep -q -- "--train_args" "$1"' _ "$work/twice.log"
fi
# an option the modules take from the samplesheet for some rows, given in the extra options too: refused once the
# samplesheet is read (the bundled rows all have a settings file)
if nf "$work/row-twice.log" -profile test -stub-run --outdir "$work/broken-results" "${input_args[@]}" \
    --train_args '--settings other.yaml'; then
    notok "--settings in --train_args beside the samplesheet's settings files is rejected (it ran)"
else
    check "--settings in --train_args beside the samplesheet's settings files is rejected, naming the column" \
        has "$work/row-twice.log" "--train_args '--settings other.yaml': the pipeline gives cgflow-train --settings from the samplesheet's train_settings column"
fi
# caps above this machine's size with the local executor: TRAIN (process_gpu) asks for 16 CPUs, which Nextflow would
# refuse only at its turn, stopping the run after CONVERT and REFERENCE ran; refused before any task instead
if [[ $(nproc) -lt 16 ]]; then
    if nf "$work/big-local.log" -profile test -stub-run --outdir "$work/big-local" "${input_args[@]}" --max_cpus 4096; then
        notok "caps above this machine's CPUs are refused with the local executor (it ran)"
    else
        check "caps above this machine's CPUs: TRAIN's request is named with the machine's size" \
            has "$work/big-local.log" "CGFLOW:TRAIN (label process_gpu): asks for 16 CPUs; this machine (local executor): $(nproc) CPU"
        check "caps above this machine's CPUs: no task was started, no output folder" test ! -e "$work/big-local"
    fi
else
    skip "caps above this machine's CPUs are refused with the local executor" "this machine has 16 CPUs or more"
fi

# --outdir given without a value (Nextflow makes it the boolean true): refused, and no folder named true
if nf "$work/no-outdir.log" -profile test -stub-run "${input_args[@]}" --outdir; then
    notok "--outdir without a value is rejected (it ran)"
else
    check "--outdir without a value is rejected, naming the parameter" has "$work/no-outdir.log" "--outdir: needs a value"
    check "--outdir without a value leaves no folder named true" test ! -e "$work/true"
fi

# parameter values the tools would refuse stop the run before any task, each named
bad_params_log="$work/bad-params.log"
if nf "$bad_params_log" -profile test -stub-run --outdir "$work/bad-params-results" "${input_args[@]}" \
    --rdf_max 0.5 --rdf_bin 0.6 --angle_bin 7 --bond_bin 2 --block_frames 3000000000 --convert_stride 99999999999; then
    notok "parameters the tools refuse are rejected (it ran; see $bad_params_log)"
else
    ok "parameters the tools refuse are rejected with a non-zero exit"
fi
for m in "--rdf_bin 0.6 is wider than the RDF range [0, 0.5) of --rdf_max" \
         "--angle_bin 7 does not divide the 180 degrees" "--bond_bin 2 is wider than the bond grid" \
         "--block_frames 3000000000: must be <= 2147483647" "--convert_stride 99999999999: must be <= 2147483647"; do
    check "bad parameters: '$m'" has "$bad_params_log" "$m"
done
check "bad parameters: no task was started" no_tasks "$(latest_trace "$work/bad-params-results")"
if nf "$work/bad-memory.log" -profile test -stub-run --outdir "$work/bad-params-results" "${input_args[@]}" --max_memory abc; then
    notok "--max_memory abc is rejected (it ran)"
else
    check "--max_memory abc is rejected, naming the parameter" has "$work/bad-memory.log" "invalid parameter --max_memory 'abc'"
fi
# a bare number is bytes to Nextflow: every task got 4 KB
if nf "$work/bare-memory.log" -profile test -stub-run --outdir "$work/bad-params-results" "${input_args[@]}" --max_memory 4096; then
    notok "--max_memory 4096 (no unit) is rejected (it ran)"
else
    check "--max_memory 4096 (no unit) is rejected, asking for a unit" has "$work/bare-memory.log" "invalid parameter --max_memory '4096': give a unit"
fi

# ── (iv-b) -resume after changing a state's role and a training setting: CONVERT and REFERENCE stay cached;
# TRAIN and what follows rerun ───────────────────────────────────────────────────────────────────
role_line=$(awk -F',' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "role") c = i; next } $c == "holdout" { print NR; exit }' "$good")
if [[ -n "$role_line" && ${#run_session[@]} -gt 0 ]]; then
    role_sheet="$work/roles.csv"
    set_field "$role_line" role train <"$good" >"$role_sheet"
    role_out="$work/roles-results"
    if nf "$work/roles.log" -profile test -resume "${run_session[@]}" --input "$role_sheet" --train_seed 7 --outdir "$role_out"; then
        ok "-resume with a holdout row made train and --train_seed 7 succeeds"
        rtrace=$(latest_trace "$role_out")
        by_process() { awk -F'\t' -v p="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
            $c["process"] ~ ("(^|:)" p "$") { print $c["status"] }' "$1" | sort | uniq -c | tr -s ' ' | sed 's/^ //' | tr '\n' ';'; }
        check "role and setting changed: CONVERT all CACHED ($(by_process "$rtrace" CONVERT))" test "$(by_process "$rtrace" CONVERT)" == "$nrows CACHED;"
        check "role and setting changed: REFERENCE all CACHED ($(by_process "$rtrace" REFERENCE))" test "$(by_process "$rtrace" REFERENCE)" == "$nrows CACHED;"
        check "role and setting changed: TRAIN reran ($(by_process "$rtrace" TRAIN))" test "$(by_process "$rtrace" TRAIN)" == "$ntrained COMPLETED;"
        check "role and setting changed: VALIDATE reran ($(by_process "$rtrace" VALIDATE))" test "$(by_process "$rtrace" VALIDATE)" == "$ntrained COMPLETED;"
    else
        notok "-resume with a holdout row made train and --train_seed 7 succeeds (see $work/roles.log)"
    fi
else
    skip "-resume after a role change" "no holdout row in the samplesheet, or no session to resume"
fi

# ── (v) training stage: one TRAIN task per system with train rows × architecture ────────────────
# The test profile keeps training off until the trainer (java-tools/cgflow-train) is built; these runs turn it on
# with --train true: a stub run, a bad --architectures, and the real TRAIN script with a stand-in trainer.
train_archs=(linear 2x8)
hidden_of() { [[ "$1" == linear ]] && echo linear || { local d=${1%x*} w=${1#*x} h=; for ((k = 0; k < d; k++)); do h+=${h:+,}$w; done; echo "$h"; }; }
# trace_rows TRACE PROCESS: "tag status exit attempt hash" of the tasks of one process
trace_rows() {
    awk -F'\t' -v p="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["process"] ~ ("(^|:)" p "$") { print $c["tag"], $c["status"], $c["exit"], $c["attempt"], $c["hash"] }' "$1"
}
# train_states SHEET SYSTEM: the system's train states in the order TRAIN gets them (sorted by name)
train_states() { csv_columns "$1" system state role | awk -F'\t' -v s="$2" '$1 == s && $3 == "train" { print $2 }' | LC_ALL=C sort; }
train_systems() { csv_columns "$1" system role | awk -F'\t' '$2 == "train" { print $1 }' | LC_ALL=C sort -u; }
expected_tags() {  # SHEET: system-arch of every TRAIN task, sorted
    local s a
    for s in $(train_systems "$1"); do for a in "${train_archs[@]}"; do echo "$s-$a"; done; done | LC_ALL=C sort
}

# A sheet in which one system has two train states besides a holdout: the bundled rows plus a copy of the first
# holdout row (or of the first row) as another train state, '<state>-t'.
train_sheet="$work/train.csv"
extra=$(awk -F',' 'NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next } $(idx["role"]) == "holdout" { print; exit }' "$good")
[[ -n "$extra" ]] || extra=$(sed -n 2p "$good")
{
    cat "$good"
    printf '%s\n' "$extra" | awk -F',' -v OFS=',' -v hdr="$(head -1 "$good")" '
        BEGIN { n = split(hdr, h, ","); for (i = 1; i <= n; i++) idx[h[i]] = i }
        { $(idx["state"]) = $(idx["state"]) "-t"; $(idx["role"]) = "train"; print }'
} >"$train_sheet"
two_system=$(printf '%s\n' "$extra" | cut -d, -f1)
ntrain_tasks=$(( $(train_systems "$train_sheet" | wc -l) * ${#train_archs[@]} ))
train_stub="$work/train-stub-results"
if nf "$work/train-stub.log" -profile test -stub-run --train true --architectures linear,2x8 --input "$train_sheet" --outdir "$train_stub"; then
    ok "stub run with --train true --architectures linear,2x8 succeeds"
    trace=$(latest_trace "$train_stub")
    tags=$(trace_rows "$trace" TRAIN | awk '{ print $1 }' | LC_ALL=C sort | tr '\n' ' ')
    want=$(expected_tags "$train_sheet" | tr '\n' ' ')
    check "stub: $ntrain_tasks TRAIN tasks, one per system with train rows × architecture (got: ${tags:-none})" \
        test "$tags" == "$want" -a "$(trace_rows "$trace" TRAIN | wc -l)" -eq "$ntrain_tasks"
    missing=()
    for t in $want; do
        s=${t%-*} a=${t##*-}
        [[ -f "$train_stub/$s/train/$a/$t.model.h5" && -f "$train_stub/$s/train/$a/$t.train.tsv" ]] || missing+=("$t")
    done
    check "stub: model and training log published to <system>/train/<architecture>/${missing:+ (missing: ${missing[*]})}" test ${#missing[@]} -eq 0
    # the system with two train states: both, in order, each with its own start; its holdout state left out
    for a in "${train_archs[@]}"; do
        hash=$(trace_rows "$trace" TRAIN | awk -v t="$two_system-$a" '$1 == t { print $5 }')
        stub_txt=$(compgen -G "$work/work/$hash*/checkpoints/stub.txt" | head -1)
        expect=$(printf 'hidden %s\n' "$(hidden_of "$a")"
                 for st in $(train_states "$train_sheet" "$two_system"); do
                     printf 'state references/%s_%s.distributions.h5 starts/%s_%s.cg.h5\n' "$two_system" "$st" "$two_system" "$st"
                 done
                 settings=$(csv_columns "$train_sheet" system role model_settings | awk -F'\t' -v s="$two_system" \
                     '$1 == s && $2 == "train" && $3 != "" { n = split($3, p, "/"); print "settings/" p[n]; exit }')
                 echo "settings ${settings:--}")
        check "stub: TRAIN $two_system-$a reads its $(train_states "$train_sheet" "$two_system" | wc -l) train states in order, each with its start" \
            test -n "$stub_txt" -a "$(cat "$stub_txt" 2>/dev/null)" == "$expect"
    done
else
    notok "stub run with --train true --architectures linear,2x8 succeeds (see $work/train-stub.log)"
fi

# a bad architecture stops the run before any task, naming the entry
bad_arch_log="$work/bad-architectures.log"
if nf "$bad_arch_log" -profile test -stub-run --train true --architectures linear,2y8 --outdir "$work/bad-arch-results" "${input_args[@]}"; then
    notok "--architectures linear,2y8 is rejected (it ran; see $bad_arch_log)"
else
    ok "--architectures linear,2y8 is rejected with a non-zero exit"
fi
check "--architectures linear,2y8: the message names '2y8'" has "$bad_arch_log" "--architectures 'linear,2y8': '2y8' is not an architecture"
check "--architectures linear,2y8: no task was started" no_tasks "$(latest_trace "$work/bad-arch-results")"
# a shape the trainer refuses (its limit on weights between hidden layers) is refused before CONVERT and REFERENCE run
if nf "$work/big-arch.log" -profile test -stub-run --train true --architectures linear,2x1000 --outdir "$work/big-arch-results" "${input_args[@]}"; then
    notok "--architectures linear,2x1000 is rejected (it ran; see $work/big-arch.log)"
else
    check "--architectures linear,2x1000: the message gives the trainer's limit" has "$work/big-arch.log" "'2x1000': 1002001 weights between the hidden layers; cgflow-train takes at most 1000000"
fi

# TRAIN's real script with a stand-in trainer (tests/pipeline/TrainStandIn.java: the command-line contract, no
# training) on the references of (ii), through -resume of its session: every TRAIN task is killed once (exit 143,
# SIGTERM as in a preemption) after writing a checkpoint, retried by Nextflow in a fresh folder, and continues from
# the checkpoint under --train_checkpoint_root. Then killed as if out of memory (137) with the memory at the test
# profile's cap already: not retried (a retry would get no more), with a warning naming the cap.
if command -v javac >/dev/null 2>&1 && command -v jar >/dev/null 2>&1; then
    standin="$work/standin"
    mkdir -p "$standin/classes" "$standin/lib"
    if javac -d "$standin/classes" "$repo/tests/pipeline/TrainStandIn.java" >"$work/standin-build.log" 2>&1 \
       && jar --create --file "$standin/lib/cgflow-train.jar" --main-class TrainStandIn -C "$standin/classes" . >>"$work/standin-build.log" 2>&1; then
        train_out="$work/train-results"
        if (export CGFLOW_LIB="$standin/lib" CGFLOW_STANDIN_KILL_FIRST=143
            nf "$work/train-standin.log" -profile test -resume "${run_session[@]}" --train true --cg_md false --architectures linear,2x8 \
                --train_checkpoint_root "$work/checkpoints" --outdir "$train_out" "${input_args[@]}"); then
            ok "TRAIN with the stand-in trainer: the run succeeds"
            trace=$(latest_trace "$train_out")
            upstream=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["process"] !~ /TRAIN$/ { print $c["status"] }' "$trace" | sort | uniq -c | tr -s ' ')
            check "TRAIN with the stand-in: the $nupstream CONVERT and REFERENCE tasks of (ii) are CACHED (${upstream:-none})" \
                test "$upstream" == " $nupstream CACHED"
            for t in $(expected_tags "$sheet"); do
                s=${t%-*} a=${t##*-}
                rows=$(trace_rows "$trace" TRAIN | awk -v t="$t" '$1 == t { print $2, $3, $4 }' | sort | tr '\n' ';')
                check "TRAIN $t: killed once (143), retried, completed (${rows:-no task})" test "$rows" == "COMPLETED 0 2;FAILED 143 1;"
                model="$train_out/$s/train/$a/$t.model.h5"
                check "TRAIN $t: the retry continued from the checkpoint under --train_checkpoint_root" has "$model" "resumed true"
                check "TRAIN $t: --hidden $(hidden_of "$a")" has "$model" "hidden $(hidden_of "$a")"
                states_ok=true
                for st in $(train_states "$sheet" "$s"); do
                    grep -qxF "state ${s}_$st.distributions.h5 ${s}_$st.cg.h5" "$model" || states_ok=false
                done
                check "TRAIN $t: one -i/--start pair per train state ($(train_states "$sheet" "$s" | tr '\n' ' '))" \
                    test "$states_ok" == true -a "$(grep -c '^state ' "$model")" -eq "$(train_states "$sheet" "$s" | wc -l)"
                check "TRAIN $t: one checkpoint folder $t/<fingerprint>" test "$(compgen -G "$work/checkpoints/$t/*/checkpoint.txt" | wc -l)" -eq 1
            done
            model=$(compgen -G "$train_out/*/train/linear/*.model.h5" | head -1)
            check "TRAIN: OMP_NUM_THREADS from the task's cpus" grep -qx "omp 2" "$model"
            check "TRAIN: JavaCPP cache per user under TMPDIR" \
                grep -qE "^javacpp\.cachedir /.*cgflow-javacpp-$(id -u)$" "$model"
            check "TRAIN: JavaCPP off-heap limit from the task's memory" grep -qE "^javacpp\.maxbytes [0-9]+m$" "$model"
            # out of memory at the cap (the test profile's 4 GB; TRAIN asks for more): one attempt, a warning
            capped_out="$work/train-capped"
            if (export CGFLOW_LIB="$standin/lib" CGFLOW_STANDIN_KILL_FIRST=137
                nf "$work/train-capped.log" -profile test -resume "${run_session[@]}" --train true --cg_md false --architectures 1x3 \
                    --train_checkpoint_root "$work/checkpoints-capped" --outdir "$capped_out" "${input_args[@]}"); then
                notok "TRAIN out of memory at the cap: the run fails (it succeeded; see $work/train-capped.log)"
            else
                rows=$(trace_rows "$(latest_trace "$capped_out")" TRAIN | awk '{ print $2, $3, $4 }' | sort -u | tr '\n' ';')
                check "TRAIN out of memory at the cap: one attempt per task, not retried (${rows:-no task})" \
                    test "$rows" == "FAILED 137 1;"
                check "TRAIN out of memory at the cap: the warning names the cap" \
                    has "$work/train-capped.log" "ran out of memory with 4 GB, the cap (--max_memory): not retried"
            fi
        else
            notok "TRAIN with the stand-in trainer: the run succeeds (see $work/train-standin.log)"
        fi
    else
        notok "stand-in trainer builds (see $work/standin-build.log)"
    fi
else
    skip "TRAIN's script with a stand-in trainer" "javac and jar (a JDK) not found"
fi

# ── (vi) a failing system does not stop the others; after the fix, -resume completes the campaign, and the
# systems' output folders hold what a clean run's do ──────────────────────────────────────────────────────────
row_of() { awk -F',' -v s="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "system") c = i; next } $c == s { print; exit }' "$1"; }
fail_ok=$(row_of "$good" lj-argon)
fail_bad=$(row_of "$good" propane)
if [[ -n "$fail_ok" && -n "$fail_bad" ]]; then
    fail_data="$work/failing-data"
    mkdir -p "$fail_data"
    tcol=$(head -1 "$good" | tr ',' '\n' | grep -nx trajectory | cut -d: -f1)
    bad_traj=$(cut -d, -f"$tcol" <<<"$fail_bad")
    head -c 40000 "$bad_traj" >"$fail_data/traj.xtc"          # a truncated copy: CONVERT stops with exit 2
    fail_sheet="$work/failing.csv"
    { head -1 "$good"; echo "$fail_ok"; echo "$fail_bad"; } | set_field 3 trajectory "$fail_data/traj.xtc" >"$fail_sheet"
    fail_out="$work/failing-results"
    if nf "$work/failing.log" -profile test --input "$fail_sheet" --outdir "$fail_out"; then
        notok "a failing system makes the run exit non-zero (it exited 0; see $work/failing.log)"
    else
        ok "a failing system makes the run exit non-zero"
    fi
    check "failing system: the log names the failed task" grep -q "CONVERT (propane_200K)" "$work/failing.log"
    check "failing system: the other system is trained, run and validated" \
        test -s "$fail_out/lj-argon/validate/linear/lj-argon-linear.validation.json"
    check "failing system: the campaign report lists the other system" grep -q '"system" : "lj-argon"' "$fail_out/campaign/campaign.json"
    check "failing system: nothing of the failed system past its failure" test ! -e "$fail_out/propane/train"
    fail_session=($(awk -F'\t' 'END { print $6 }' "$work/.nextflow/history"))
    cp "$bad_traj" "$fail_data/traj.xtc"                      # fixed
    if nf "$work/failing-resume.log" -profile test -resume "${fail_session[@]}" --input "$fail_sheet" --outdir "$fail_out"; then
        ok "after the fix, -resume completes the campaign"
        ftrace=$(latest_trace "$fail_out")
        lj_ran=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
            $c["tag"] ~ /^lj-argon/ && $c["status"] != "CACHED" { print $c["name"] }' "$ftrace")
        check "after the fix: the other system's tasks all CACHED${lj_ran:+ (ran: $lj_ran)}" test -z "$lj_ran"
        check "after the fix: the campaign report lists both systems" \
            test "$(grep -c '"system" : "\(lj-argon\|propane\)"' "$fail_out/campaign/campaign.json")" -eq 2
        # the same files as the clean run (ii) for these systems, and the same bytes for the deterministic ones
        listing() { (cd "$1" && find lj-argon propane -type f | LC_ALL=C sort); }
        check "after the fix: the systems' output files are the clean run's" test "$(listing "$fail_out")" == "$(listing "$out")"
        differ=()
        while read -r f; do
            cmp -s "$fail_out/$f" "$out/$f" || differ+=("$f")
        done < <(listing "$out" | grep -E '/reference/.*-tables/.*\.tsv$|\.distributions\.h5$|\.model\.h5$|\.thermo\.tsv$')
        check "after the fix: reference tables, distributions, models and CG THERMO logs have the clean run's bytes${differ:+ (differ: ${differ[*]})}" \
            test ${#differ[@]} -eq 0
    else
        notok "after the fix, -resume completes the campaign (see $work/failing-resume.log)"
    fi
else
    skip "a failing system" "the samplesheet has no lj-argon and propane rows"
fi

# profiles: TRAIN gets the CUDA image and a GPU with gpu and berzelius, the CPU image otherwise
nfconfig() { (cd "$work" && "$repo/cgflow" nextflow config "$repo" -flat "$@") 2>&1; }
cfg_has() { grep -qE -- "$2" <<<"$1"; }   # CONFIG REGEX
cfg_test=$(nfconfig -profile test)
cfg_gpu=$(nfconfig -profile test,gpu)
cfg_bz=$(nfconfig -profile berzelius,apptainer)
check "profile test: TRAIN runs the CPU image cgflow-train" cfg_has "$cfg_test" "withName:TRAIN'\\.container = '[^']*/cgflow-train:"
check "profile gpu: TRAIN runs the CUDA image cgflow-train-cuda" cfg_has "$cfg_gpu" "withName:TRAIN'\\.container = '[^']*/cgflow-train-cuda:"
check "profile gpu: process_gpu has accelerator 1" cfg_has "$cfg_gpu" "withLabel:process_gpu'\\.accelerator = 1"
check "profile berzelius: TRAIN runs the CUDA image cgflow-train-cuda" cfg_has "$cfg_bz" "withName:TRAIN'\\.container = '[^']*/cgflow-train-cuda:"
check "profile berzelius: process_gpu jobs ask SLURM for --gpus=1" cfg_has "$cfg_bz" "'--gpus=1'"
check "profile berzelius: Apptainer gets --nv" cfg_has "$cfg_bz" "withLabel:process_gpu'\\.containerOptions = '--nv'"

# ── SLURM: the test caps under every profile, -profile test,slurm on a one-node cluster, fail-fast checks ──
# (tests/slurm/run-slurm-test.sh: its checks count here; SKIP where SLURM cannot be installed; CGFLOW_TEST_SLURM=0: not run)
if [[ "${CGFLOW_TEST_SLURM:-1}" != 0 ]]; then
    slurm_lines=0
    while IFS= read -r line; do
        case "$line" in
            "ok - "*)                   echo "$line"; passed=$((passed + 1)); slurm_lines=$((slurm_lines + 1)) ;;
            "not ok - "*)               echo "$line"; failed=$((failed + 1)); slurm_lines=$((slurm_lines + 1)) ;;
            [0-9]*" passed, "*" failed") ;;
            *)                          echo "$line" ;;
        esac
    done < <("$repo/tests/slurm/run-slurm-test.sh" 2>&1)
    [[ $slurm_lines -gt 0 ]] || notok "tests/slurm/run-slurm-test.sh reports its checks"
fi

finish
