#!/usr/bin/env bash
# Container test: the test profile inside the images of containers/build-images.sh, with podman.
#   tests/containers/run-container-test.sh
#
# 1. Builds the images that are missing (containers/build-images.sh --no-cuda: the base from Debian packages, one
#    image per tool; images already there cost seconds), after ./cgflow build when a jar is missing.
# 2. Tags follow the jars: a changed jar (a copy with one more entry, through CGFLOW_LIB) gets a new tag for its tool
#    only, the profile refuses images older than a jar, and the next build is all cached again.
# 3. Runs ./cgflow run -profile test,podman and checks that every task ran in a container of its tool's image
#    (`podman run … IMAGE` in its .command.run) and completed.
# 4. -resume in the containers: every task CACHED.
# 5. Runs the same on the host (-profile test) and compares the published outputs: the same files with the same
#    bytes (metrics files and TRAIN.tsv's *_s columns, which hold timings, and pipeline_info/ excepted).
# Prints one line per check (`ok - …` / `not ok - …`; `# SKIP` when podman is missing) and ends with
# `N passed, M failed`; exit status 0 when every check passed. Timings go to lines starting with '#'.
#
# Environment: CGFLOW_TEST_KEEP=1 keeps the temporary folder (kept anyway when a check fails); TMPDIR;
# CONTAINERS_CONF (podman; set to containers/podman/containers.conf when podman's defaults fail here).
set -uo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
export NXF_ANSI_LOG=false
passed=0
failed=0
ok()    { echo "ok - $*"; passed=$((passed + 1)); }
notok() { echo "not ok - $*"; failed=$((failed + 1)); }
check() { local desc=$1; shift; if "$@"; then ok "$desc"; else notok "$desc"; fi; }
took()  { echo "# $1: $(($(date +%s) - $2)) s"; }

if ! command -v podman >/dev/null 2>&1; then
    echo "ok - container test # SKIP podman not installed (apt-get install podman runc debootstrap)"
    echo "1 passed, 0 failed"
    exit 0
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/cgflow-container-test.XXXXXX")
finish() {
    if [[ $failed -gt 0 || "${CGFLOW_TEST_KEEP:-}" == 1 ]]; then
        echo "# logs and outputs kept in $work" >&2
    else
        rm -rf "$work"
    fi
    echo "$passed passed, $failed failed"
    [[ $failed -eq 0 ]]
}
config="$repo/containers/images.config"
# image_of TOOL [CONFIG]: the image recorded for TOOL
image_of() { sed -n "s/^ *'$1': \[image: '\([^']*\)'.*/\1/p" "${2:-$config}"; }

# ── 1. images ────────────────────────────────────────────────────────────────────────────────────
t=$(date +%s)
# tools with a launcher and a module whose jar is not built yet (as ./cgflow run does)
missing=$(cd "$repo" && for l in bin/cgflow-*; do
    tool=$(basename "$l")
    [[ -f java-tools/$tool/pom.xml && ! -f java-tools/$tool/target/$tool.jar ]] && echo "$tool"
done)
if [[ -n "$missing" ]]; then
    "$repo/cgflow" build >"$work/jars.log" 2>&1 || { notok "./cgflow build (see $work/jars.log)"; finish; exit; }
fi
took "jars" "$t"
t=$(date +%s)
if "$repo/containers/build-images.sh" --no-cuda >"$work/images.log" 2>&1; then
    ok "containers/build-images.sh --no-cuda builds the base and the tool images"
else
    notok "containers/build-images.sh --no-cuda builds the base and the tool images (see $work/images.log)"
    finish; exit
fi
took "images (build or cache)" "$t"
sed -n '/^TOOL /,$p' "$work/images.log" | sed 's/^/# /'
# the script switches to the project's containers.conf where podman's defaults fail: so do the runs here
if [[ -z "${CONTAINERS_CONF:-}" ]] && grep -q "using CONTAINERS_CONF=" "$work/images.log"; then
    export CONTAINERS_CONF="$repo/containers/podman/containers.conf"
fi
cp "$config" "$work/images.config"
mapfile -t tools < <(sed -n "s/^ *'\([^']*\)': \[image: .*/\1/p" "$config")
inside=$(podman run --rm "$(image_of cgflow-convert)" bash -c 'command -v cgflow-convert; cgflow-convert --version' 2>&1)
check "cgflow-convert runs inside its image from /opt/cgflow/bin ($(tr '\n' ' ' <<<"$inside"))" \
    grep -q '^/opt/cgflow/bin/cgflow-convert$' <<<"$inside"

# ── 2. a changed jar gets a new tag; an image older than its jar is refused ─────────────────────────
t=$(date +%s)
# images.config names the changed image until the rebuild below: put the real one back if this is interrupted
trap 'cp -f "$work/images.config" "$config"' EXIT
lib="$work/lib"
mkdir -p "$lib/extra"
cp "$repo/java-tools/cgflow-convert/target/cgflow-convert.jar" "$lib/"
echo "container test" >"$lib/extra/marker.txt"
(cd "$lib" && jar uf cgflow-convert.jar extra/marker.txt)
if CGFLOW_LIB=$lib "$repo/containers/build-images.sh" --no-cuda >"$work/images-changed.log" 2>&1; then
    changed=()
    for tool in "${tools[@]}"; do
        [[ "$(image_of "$tool")" == "$(image_of "$tool" "$work/images.config")" ]] || changed+=("$tool")
    done
    check "a changed cgflow-convert.jar gets a new tag, the other tools keep theirs (changed: ${changed[*]:-none})" \
        test "${changed[*]:-}" == cgflow-convert
    new_image=$(image_of cgflow-convert)
    touch -d '+1 min' "$lib/cgflow-convert.jar"
    (cd "$work" && "$repo/cgflow" nextflow config "$repo" -profile test,podman) >"$work/stale.log" 2>&1
    check "-profile podman refuses images older than their jar (a message names the jar and build-images.sh)" \
        grep -q "built before $lib/cgflow-convert.jar changed: rebuild them with containers/build-images.sh" "$work/stale.log"
else
    notok "build-images.sh with a changed jar in CGFLOW_LIB (see $work/images-changed.log)"
    new_image=
fi
"$repo/containers/build-images.sh" --no-cuda >"$work/images-again.log" 2>&1
check "building again from the unchanged jars: every image cached, the same tags as before" \
    bash -c "! grep -q ' built ' '$work/images-again.log' && cmp -s <(grep \"^ *'\" '$config') <(grep \"^ *'\" '$work/images.config')"
cp -f "$work/images.config" "$config"
trap - EXIT
[[ -n "${new_image:-}" ]] && podman rmi "$new_image" >/dev/null 2>&1
took "tag checks" "$t"

# ── 3. the test profile in the containers ──────────────────────────────────────────────────────────
nf() {  # LOG ARGS...: nextflow run main.nf ARGS in the work folder
    local log=$1; shift
    (cd "$work" && "$repo/cgflow" run "$@") >"$log" 2>&1
}
# latest_trace OUTDIR: the newest trace_<timestamp>.txt of OUTDIR/pipeline_info (each run writes its own); a name that
# does not exist when there is none
latest_trace() {
    local t
    t=$(ls -t "$1"/pipeline_info/trace_*.txt 2>/dev/null | head -1)
    echo "${t:-$1/pipeline_info/trace_none.txt}"
}
trace_column() {  # TRACE COLUMN...: the named columns, tab-separated
    awk -F'\t' -v cols="${*:2}" 'NR == 1 { n = split(cols, want, " "); for (i = 1; i <= NF; i++) c[$i] = i; next }
        { line = ""; for (k = 1; k <= n; k++) line = line (k > 1 ? "\t" : "") $c[want[k]]; print line }' "$1"
}
t=$(date +%s)
podman_out="$work/podman-results"
if nf "$work/podman.log" -profile test,podman --outdir "$podman_out"; then
    ok "./cgflow run -profile test,podman succeeds"
else
    notok "./cgflow run -profile test,podman succeeds (see $work/podman.log)"
fi
took "pipeline in containers" "$t"
trace=$(latest_trace "$podman_out")
# the image of each process, as the profile resolves it
images=$(cd "$work" && "$repo/cgflow" nextflow config "$repo" -flat -profile test,podman 2>/dev/null \
    | sed -n "s/^process\.'withName:\([A-Za-z0-9_]*\)'\.container = '\([^']*\)'$/\1 \2/p")
# gpu,podman: TRAIN in the CUDA image when one was built (containers/build-images.sh without --no-cuda)
cuda_image=$(image_of cgflow-train-cuda)
gpu_config=$(cd "$work" && "$repo/cgflow" nextflow config "$repo" -flat -profile test,gpu,podman 2>&1)
if [[ -n "$cuda_image" ]]; then
    check "-profile gpu,podman: TRAIN runs the CUDA image $cuda_image" \
        grep -qF "process.'withName:TRAIN'.container = '$cuda_image'" <<<"$gpu_config"
else
    check "-profile gpu,podman without a CUDA image: a warning names TRAIN" grep -q "no local image .* for TRAIN" <<<"$gpu_config"
fi
ntasks=0
outside=()
while IFS=$'\t' read -r hash process status; do
    ntasks=$((ntasks + 1))
    image=$(awk -v p="${process##*:}" '$1 == p { print $2 }' <<<"$images")
    run=$(compgen -G "$work/work/$hash*/.command.run" | head -1)
    if [[ "$status" != COMPLETED || -z "$image" || -z "$run" ]] || ! grep -q "podman run .* $image " "$run"; then
        outside+=("$process:$status")
    fi
done < <([[ -f "$trace" ]] && trace_column "$trace" hash process status)
check "every one of the $ntasks tasks completed in a podman container of its tool's image${outside:+ (not: ${outside[*]})}" \
    test "$ntasks" -gt 0 -a ${#outside[@]} -eq 0

# ── 4. -resume in the containers ───────────────────────────────────────────────────────────────
t=$(date +%s)
if nf "$work/resume.log" -profile test,podman --outdir "$podman_out" -resume; then
    resume_trace=$(latest_trace "$podman_out")
    statuses=$([[ "$resume_trace" != "$trace" && -f "$resume_trace" ]] && trace_column "$resume_trace" status)
    check "-resume in the containers: all $ntasks tasks CACHED" \
        test "$ntasks" -gt 0 -a "$(grep -c '^CACHED$' <<<"$statuses")" -eq "$ntasks" -a "$(grep -c . <<<"$statuses")" -eq "$ntasks"
else
    notok "-resume in the containers succeeds (see $work/resume.log)"
fi
took "-resume in containers" "$t"
# ── 5. the same outputs as on the host ─────────────────────────────────────────────────────────────
t=$(date +%s)
host_out="$work/host-results"
if nf "$work/host.log" -profile test --outdir "$host_out"; then
    ok "./cgflow run -profile test (on the host) succeeds"
else
    notok "./cgflow run -profile test (on the host) succeeds (see $work/host.log)"
fi
took "pipeline on the host" "$t"
published() { (cd "$1" 2>/dev/null && find . -type f ! -path './pipeline_info/*' ! -name '*.prom' | LC_ALL=C sort); }
check "the same tasks on the host and in the containers" \
    cmp -s <(trace_column "$(latest_trace "$host_out")" process tag | LC_ALL=C sort) \
           <(trace_column "$trace" process tag | LC_ALL=C sort)
nfiles=$(published "$host_out" | wc -l)
check "the same $nfiles published files on the host and in the containers" \
    cmp -s <(published "$host_out") <(published "$podman_out")
# content FILE: the file, but for TRAIN.tsv without its timing columns (*_s: seconds of sampling, gradient, wall), for
# the validation and campaign JSON without what comes from timings (keys *_seconds and *_s, the metrics files' values,
# the checksums of the timing files they read), and for their HTML pages the page without its numbers and checksums
content() {
    case "$1" in
        *.train.tsv) awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) keep[i] = $i !~ /_s$/ }
                         { line = ""; for (i = 1; i <= NF; i++) if (keep[i]) line = line (line == "" ? "" : OFS) $i; print line }' "$1" ;;
        *.validation.json|*/campaign.json)
                     python3 - "$1" <<'PY'
import json, sys
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items()
                if not (k.endswith("_seconds") or k.endswith("_s") or k in ("metrics", "sha256"))}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
print(json.dumps(strip(json.load(open(sys.argv[1]))), sort_keys=True, indent=1))
PY
                     ;;
        *.validation.html|*/campaign.html) sed 's/[0-9a-f]\{64\}//g; s/[0-9][0-9.eE+-]*//g' "$1" ;;
        *)           cat "$1" ;;
    esac
}
differ=()
while read -r f; do
    cmp -s <(content "$host_out/$f") <(content "$podman_out/$f") || differ+=("${f#./}")
done < <(published "$host_out")
check "every published file has the same bytes (H5MD, distributions, tables, models; TRAIN.tsv and the reports but their timings)${differ:+ (differ: ${differ[*]})}" \
    test "$nfiles" -gt 0 -a ${#differ[@]} -eq 0

finish
