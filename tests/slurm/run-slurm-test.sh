#!/usr/bin/env bash
# SLURM tests: the test profile's caps under every profile combination (nextflow config), unit checks of
# lib/ClusterCheck.groovy (tests/slurm/ClusterCheckTest.groovy), berzelius without --slurm_account, then, on a
# one-node SLURM cluster started for the purpose (tests/slurm/cluster.sh, stopped again on every exit),
# `./cgflow run -profile test,slurm` to the end with every task a SLURM job, and a request no node can hold stopping
# the run before any job is submitted. Called by tests/pipeline/run-tests.sh; runs alone as well.
#
# Prints one line per check (`ok - …` / `not ok - …`; `# SKIP` marks a check that needs SLURM where it cannot be
# installed or started — not root, no apt-get — and counts as passed) and ends with `N passed, M failed`.
# Exit status: 0 when every check passed, 1 otherwise.
#
# Environment:
#   CGFLOW_TEST_KEEP=1   keep the temporary folder (it is always kept when a check fails)
#   TMPDIR               where the temporary folder (and the cluster's folder) is made
set -uo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
sheet=$repo/test-data/samplesheet.csv
work=$(mktemp -d "${TMPDIR:-/tmp}/cgflow-slurm-test.XXXXXX")
export NXF_ANSI_LOG=false
# this test's own cluster, whatever else runs on the machine
export CGFLOW_SLURM_STATE="$work/cluster.state"
cluster="$repo/tests/slurm/cluster.sh"

passed=0
failed=0
ok()    { echo "ok - $*"; passed=$((passed + 1)); }
notok() { echo "not ok - $*"; failed=$((failed + 1)); }
check() { local desc=$1; shift; if "$@"; then ok "$desc"; else notok "$desc"; fi; }
skip()  { echo "ok - $1 # SKIP $2"; passed=$((passed + 1)); }
has()   { grep -qF -- "$2" "$1"; }

started=false
cleanup() {
    if [[ "$started" == true ]]; then "$cluster" stop >>"$work/cluster.log" 2>&1 || true; fi
    if [[ $failed -gt 0 || "${CGFLOW_TEST_KEEP:-}" == 1 ]]; then
        echo "# logs and outputs kept in $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

finish() {
    echo "$passed passed, $failed failed"
    [[ $failed -eq 0 ]]
}

# nf LOG ARGS...: nextflow run main.nf ARGS in the work folder, output to LOG; returns its status. A run that would
# wait for pending jobs forever (the very failure tested here) is stopped after $nf_limit s (status 124); Nextflow
# cancels its jobs on the way out.
nf_limit=900
nf() {
    local log=$1; shift
    (cd "$work" && timeout --kill-after=60 "$nf_limit" "$repo/cgflow" run "$@") >"$log" 2>&1
}
nfconfig() { (cd "$work" && "$repo/cgflow" nextflow config "$repo" -flat "$@") 2>&1; }

# trace_column TRACE NAME: one column of trace.txt
trace_column() {
    awk -F'\t' -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next } c { print $c }' "$1"
}
# latest_trace OUTDIR: the run's trace (pipeline_info/trace_<time>.txt; the newest when there are several)
latest_trace() {
    local t
    t=$(ls -t "$1"/pipeline_info/trace_*.txt 2>/dev/null | head -1)
    echo "${t:-$1/pipeline_info/trace_none.txt}"
}
no_tasks() { [[ ! -f "$1" ]] || [[ -z "$(trace_column "$1" status)" ]]; }

# ── the test profile's caps hold whatever it is combined with ─────────────────────────────────
# Nextflow applies profiles in the order of nextflow.config, not of -profile; test,slurm is the run below, slurm,test
# is checked here, and the other profiles all at once (each JVM start costs 10-20 s on a busy 2-core machine).
caps="process.resourceLimits = [cpus:2, memory:'4 GB', time:'1h']"
for combo in slurm,test berzelius,gpu,docker,test; do
    cfg=$(nfconfig -profile "$combo")
    got=$(grep -F 'process.resourceLimits' <<<"$cfg" || echo "none")
    check "-profile $combo: the test caps ($got)" grep -qxF "$caps" <<<"$cfg"
    case "$combo" in
        *slurm*|*berzelius*) check "-profile $combo: executor slurm" grep -qxF "process.executor = 'slurm'" <<<"$cfg" ;;
    esac
done
# without test, a local profile still caps every task at this machine's cores
cfg=$(nfconfig -profile docker,gpu)
check "-profile docker,gpu: tasks capped at this machine's $(nproc) cores" \
    grep -qE "^process\.resourceLimits = \[cpus:$(nproc), memory:'[0-9.]+ [KMGT]?B', time:'7d'\]$" <<<"$cfg"

# ── lib/ClusterCheck.groovy's reading of sinfo and matching of requests: cases one node cannot show ─────────
# (with Nextflow's jars as ./cgflow fetches them; a `nextflow` on PATH keeps its jars elsewhere)
nxf_lib="${CGFLOW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cgflow}/nextflow-24.10.0/lib"
if [[ -f "$nxf_lib/nextflow-24.10.0.jar" ]]; then
    unit=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$nxf_lib/*" groovy.ui.GroovyMain "$repo/tests/slurm/ClusterCheckTest.groovy" "$repo/lib/ClusterCheck.groovy" 2>&1)
    check "ClusterCheck: time limits, partitions, GPUs and node shapes ($(tail -1 <<<"$unit"))" grep -qE '^[0-9]+ cases, 0 failed$' <<<"$unit"
    grep -E '^not ok - ' <<<"$unit" | sed 's/^not ok - /# /'
else
    skip "ClusterCheck: time limits, partitions, GPUs and node shapes" "Nextflow's jars not in $nxf_lib"
fi

# ── berzelius without --slurm_account stops before any task ──────────────────────────────────
bz_log="$work/berzelius.log"
if nf "$bz_log" -profile test,berzelius -stub-run --outdir "$work/berzelius-results"; then
    notok "-profile berzelius without --slurm_account is rejected (it ran; see $bz_log)"
else
    ok "-profile berzelius without --slurm_account is rejected with a non-zero exit"
fi
check "berzelius: the message says how to set the account" has "$bz_log" "-profile berzelius needs the SLURM account (project) that the jobs are charged to: add --slurm_account <project>"
check "berzelius: no task was started" no_tasks "$(latest_trace "$work/berzelius-results")"

# ── a one-node SLURM cluster ─────────────────────────────────────────────────────────────────
t0=$SECONDS
env_line=$("$cluster" start 2>"$work/cluster.log")
rc=$?
slurm_checks=("-profile test,slurm runs every task as a SLURM job" "a request no SLURM node can hold stops the run before any job")
if [[ $rc -eq 77 ]]; then
    why=$(tail -1 "$work/cluster.log")
    for c in "${slurm_checks[@]}"; do skip "$c" "SLURM not available: ${why#cluster.sh: }"; done
    finish; exit
elif [[ $rc -ne 0 || "$env_line" != "export SLURM_CONF="* ]]; then
    notok "one-node SLURM cluster starts (tests/slurm/cluster.sh start; see $work/cluster.log)"
    finish; exit
fi
started=true
eval "$env_line"
slurm_dir=$(dirname "$SLURM_CONF")
node_cpus=$(sinfo -h -N -o '%c' | head -1)
node_mem=$(sinfo -h -N -o '%m' | head -1)
ok "one-node SLURM cluster starts in $((SECONDS - t0)) s ($node_cpus CPUs, $node_mem MB; tests/slurm/cluster.sh)"

# ── -profile test,slurm to the end ───────────────────────────────────────────────────────────
out="$work/results"
t0=$SECONDS
nf "$work/run.log" -profile test,slurm --outdir "$out"
rc=$?
if [[ $rc -eq 0 ]]; then
    ok "pipeline run of -profile test,slurm succeeds ($((SECONDS - t0)) s)"
else
    notok "pipeline run of -profile test,slurm succeeds ($([[ $rc -eq 124 ]] && echo "stopped after $nf_limit s; jobs: $(squeue -h -o '%i %T %r' | tr '\n' ';')" || echo "exit $rc"); see $work/run.log)"
fi
trace=$(latest_trace "$out")
mapfile -t rows < <(awk -F',' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } NF { print $c["system"] "\t" $c["state"] "\t" $c["role"] }' "$sheet")
ntrain=$(printf '%s\n' "${rows[@]}" | awk -F'\t' '$3 == "train" { print $1 }' | sort -u | wc -l)
if [[ -f "$trace" ]]; then
    # every task COMPLETED; at least CONVERT and REFERENCE per row and TRAIN per trained system (the stages after
    # them are counted by tests/pipeline/run-tests.sh)
    per_process=$(paste <(trace_column "$trace" process) <(trace_column "$trace" status) \
        | awk -F'\t' '{ sub(/.*:/, "", $1); n[$1]++; if ($2 == "COMPLETED") c[$1]++ }
                      END { for (p in n) printf "%s %d/%d\n", p, c[p] + 0, n[p] }' | sort)
    count_of() { awk -v p="$1" '$1 == p { split($2, a, "/"); print a[1] }' <<<"$per_process"; }
    notdone=$(awk '{ split($2, a, "/"); if (a[1] != a[2]) print $1 }' <<<"$per_process" | tr '\n' ' ')
    check "every task COMPLETED ($(tr '\n' ' ' <<<"$per_process" | sed 's/ $//'))" test -n "$per_process" -a -z "$notdone"
    check "CONVERT and REFERENCE for each of the ${#rows[@]} rows, TRAIN for each of the $ntrain trained systems" \
        test "$(count_of CONVERT)" == "${#rows[@]}" -a "$(count_of REFERENCE)" == "${#rows[@]}" -a "$(count_of TRAIN)" == "$ntrain"
    ids=$(trace_column "$trace" native_id)
    notnum=$(grep -cvE '^[0-9]+$' <<<"$ids")
    check "every task has a SLURM job id as native_id ($(grep -cE '^[0-9]+$' <<<"$ids") numeric, $notnum not)" test "$notnum" -eq 0
    # SLURM's own record of finished jobs (jobcomp/filetxt): every job id COMPLETED there
    missing=()
    for id in $ids; do
        grep -qE "^JobId=$id .*JobState=COMPLETED" "$slurm_dir/jobcomp.log" 2>/dev/null || missing+=("$id")
    done
    check "SLURM records every task's job as COMPLETED${missing:+ (not: ${missing[*]})}" test ${#missing[@]} -eq 0
    over=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { m = $c["memory"]; split(m, a, " "); gb = a[1] * (a[2] == "MB" ? 1 / 1024 : a[2] == "TB" ? 1024 : 1)
          if ($c["cpus"] > 2 || gb > 4) print $c["name"] " (" $c["cpus"] " cpus, " m ")" }' "$trace")
    check "every task asked for at most 2 cpus and 4 GB (the test caps)${over:+: ${over}}" test -z "$over"
    big=$(grep -hE '^#SBATCH (-c|--mem) ' "$work"/work/*/*/.command.run 2>/dev/null \
        | awk '($2 == "-c" && $3 + 0 > 2) || ($2 == "--mem" && $3 + 0 > 4096)' | sort -u | tr '\n' ' ')
    check "every job script asks SLURM for at most -c 2 and --mem 4096M${big:+ (found: $big)}" test -z "$big"
else
    notok "trace written ($trace)"
fi
absent=()
for row in "${rows[@]}"; do
    IFS=$'\t' read -r system state role <<<"$row"
    compgen -G "$out/$system/$state/convert/*.h5" >/dev/null || absent+=("$system/$state/convert/*.h5")
    [[ -s "$out/$system/$state/reference/${system}_${state}.distributions.h5" ]] || absent+=("$system/$state/reference/${system}_${state}.distributions.h5")
done
for s in $(printf '%s\n' "${rows[@]}" | awk -F'\t' '$3 == "train" { print $1 }' | sort -u); do
    [[ -s "$out/$s/train/linear/$s-linear.model.h5" ]] || absent+=("$s/train/linear/$s-linear.model.h5")
done
check "outputs published: H5MD and distributions per row, a model per trained system${absent:+ (missing: ${absent[*]})}" test ${#absent[@]} -eq 0

# ── a request no node can hold stops the run at once, naming the process, request and node ───
# --max_cpus 64 --max_memory '100 GB' lift the test caps: CONVERT and REFERENCE (process_medium) then ask for
# 6 CPUs and 36 GB, TRAIN (process_gpu, with gpu) for 16 CPUs, 96 GB and a GPU. sbatch would accept the CPU request
# and leave the job pending forever (reason PartitionConfig); the GPU it refuses, but only when TRAIN's turn comes.
# Profiles in another order than the run above, as a user may give them.
# the node back to idle after the run above (jobs completing), so that sinfo lists it with its sizes
for _ in $(seq 60); do
    [[ "$(sinfo -h -N -o '%t' 2>/dev/null)" == idle ]] && break
    sleep 1
done
echo "# before the request no node can hold, sinfo: $(sinfo -h -N -o '%N %P %t %c %m %G' 2>&1 | tr '\n' ';')"
jobs_before=$(wc -l <"$slurm_dir/jobcomp.log" 2>/dev/null || echo 0)
queued_before=$(squeue -h | wc -l)
big_log="$work/too-big.log"
t0=$SECONDS
nf_limit=300 nf "$big_log" -profile slurm,gpu,test --max_cpus 64 --max_memory '100 GB' --outdir "$work/too-big-results"
rc=$?
if [[ $rc -eq 0 ]]; then
    notok "a request no node can hold is rejected (it ran; see $big_log)"
elif [[ $rc -eq 124 ]]; then
    notok "a request no node can hold is rejected (still waiting after 300 s; see $big_log)"
else
    ok "a request no node can hold is rejected with a non-zero exit after $((SECONDS - t0)) s"
fi
check "too big: the message names the process, its request and the node's capacity" \
    has "$big_log" "CGFLOW:CONVERT (label process_medium): asks for 6 CPUs, 36 GB, 1h on partition debug (the default); the largest node there ($(hostname -s)) has $node_cpus CPUs"
check "too big: TRAIN's request, with its GPU, named too" \
    has "$big_log" "CGFLOW:TRAIN (label process_gpu): asks for 16 CPUs, 96 GB, 1h, 1 GPU on partition debug (the default)"
check "too big: the message says that the node has no GPU" has "$big_log" "none has a GPU (sinfo %G)"
check "too big: the message says how to lower the caps" has "$big_log" "--max_cpus / --max_memory / --max_time"
check "too big: no task was started" no_tasks "$(latest_trace "$work/too-big-results")"
jobs_after=$(wc -l <"$slurm_dir/jobcomp.log" 2>/dev/null || echo 0)
queued_after=$(squeue -h | wc -l)
check "too big: no job was submitted to SLURM (queue $queued_before → $queued_after, finished $jobs_before → $jobs_after)" \
    test "$queued_after" -eq "$queued_before" -a "$jobs_after" -eq "$jobs_before"

finish
