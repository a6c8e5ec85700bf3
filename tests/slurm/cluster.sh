#!/usr/bin/env bash
# A one-node SLURM cluster on this machine, for tests: Debian's slurmctld, slurmd and munge, run as root
# from a temporary folder (config, munge key, state, spool, logs); nothing under /etc is changed.
#
#   tests/slurm/cluster.sh start    install the packages if absent, start munged, slurmctld and slurmd, wait
#                                   until the node is idle; prints `export SLURM_CONF=…` on stdout
#                                   (a second start while the cluster runs only prints that line)
#   tests/slurm/cluster.sh env      prints `export SLURM_CONF=…` of the running cluster
#   tests/slurm/cluster.sh status   the cluster's folder, daemons and `sinfo`; exit 0 when it runs, 3 when not
#   tests/slurm/cluster.sh stop     cancels its jobs, stops its daemons (by their pid files), removes the folder
#
# The node has this machine's cores (nproc) and memory (free -m) in one partition, `debug`. Completed jobs are
# recorded in <folder>/jobcomp.log (jobcomp/filetxt; there is no accounting database, so no sacct).
#
# Exit status: 0 done; 1 failed (logs are printed); 77 SLURM is not installed and cannot be (not root, or no
# apt-get): callers treat it as "skip".
#
# Environment:
#   CGFLOW_SLURM_STATE  the state file that names the cluster's folder (default ${TMPDIR:-/tmp}/cgflow-slurm.state)
#   CGFLOW_SLURM_CPUS, CGFLOW_SLURM_MEMORY_MB   the node's size, instead of nproc and free -m
set -euo pipefail

state_file=${CGFLOW_SLURM_STATE:-${TMPDIR:-/tmp}/cgflow-slurm.state}
packages=(slurmctld slurmd slurm-client munge)
commands=(slurmctld slurmd sinfo sbatch squeue scancel munged mungekey munge)

say() { echo "cluster.sh: $*" >&2; }
die() { say "$*"; exit 1; }

# The cluster's folder from the state file, or nothing.
cluster_dir() {
    [[ -f "$state_file" ]] || return 0
    local d; d=$(sed -n 's/^dir=//p' "$state_file")
    [[ -n "$d" && -d "$d" ]] && echo "$d"
    return 0
}

pid_of() {  # PIDFILE: the pid when that process is alive
    local p
    [[ -f "$1" ]] || return 1
    p=$(tr -dc '0-9' <"$1")
    [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null && echo "$p"
}

# running DIR: all three daemons alive and the controller answering
running() {
    local d=$1
    pid_of "$d/munge/munged.pid" >/dev/null && pid_of "$d/slurmctld.pid" >/dev/null && pid_of "$d/slurmd.pid" >/dev/null \
        && SLURM_CONF="$d/slurm.conf" timeout 10 sinfo -h >/dev/null 2>&1
}

install_packages() {
    local missing=() c
    for c in "${commands[@]}"; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if [[ $(id -u) -ne 0 ]]; then say "SLURM tools missing (${missing[*]}) and not root: cannot install ${packages[*]}"; exit 77; fi
    if ! command -v apt-get >/dev/null 2>&1; then say "SLURM tools missing (${missing[*]}) and no apt-get: install ${packages[*]}"; exit 77; fi
    say "installing ${packages[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q --no-install-recommends "${packages[@]}" >&2; then
        apt-get update -q >&2 || true
        apt-get install -y -q --no-install-recommends "${packages[@]}" >&2 || { say "apt-get could not install ${packages[*]}"; exit 77; }
    fi
    for c in "${commands[@]}"; do command -v "$c" >/dev/null 2>&1 || { say "'$c' still missing after apt-get"; exit 77; }; done
}

port_free() { [[ -z "$(ss -Htln "sport = :$1" 2>/dev/null)" ]]; }

# Two free consecutive TCP ports: 6817/6818 (SLURM's own) when free, else the first free pair above 16817.
free_ports() {
    local p
    for p in 6817 $(seq 16817 2 16999); do
        if port_free "$p" && port_free $((p + 1)); then echo "$p $((p + 1))"; return; fi
    done
    die "no free TCP port pair for slurmctld/slurmd"
}

show_logs() {
    local d=$1 f
    for f in "$d"/log/*.log "$d"/munge/munged.log; do
        [[ -f "$f" ]] || continue
        echo "--- $f (last 20 lines)" >&2
        tail -n 20 "$f" >&2
    done
}

cmd_env() {
    local d; d=$(cluster_dir)
    [[ -n "$d" ]] && running "$d" || die "no cluster running (state file $state_file)"
    echo "export SLURM_CONF=$d/slurm.conf"
}

cmd_status() {
    local d; d=$(cluster_dir)
    if [[ -z "$d" ]]; then echo "not running (no cluster in $state_file)"; return 3; fi
    echo "folder   : $d"
    echo "munged   : $(pid_of "$d/munge/munged.pid" || echo stopped)"
    echo "slurmctld: $(pid_of "$d/slurmctld.pid" || echo stopped)"
    echo "slurmd   : $(pid_of "$d/slurmd.pid" || echo stopped)"
    if running "$d"; then
        echo "SLURM_CONF=$d/slurm.conf"
        SLURM_CONF="$d/slurm.conf" sinfo -N -o '%N %P %t %c %m' || true
        return 0
    fi
    echo "not running"
    return 3
}

# stop_pid PIDFILE NAME: TERM, then KILL after 10 s
stop_pid() {
    local p i
    p=$(pid_of "$1") || return 0
    kill "$p" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done
    say "$2 ($p) did not stop in 10 s: killing it"
    kill -9 "$p" 2>/dev/null || true
}

cmd_stop() {
    local d i; d=$(cluster_dir)
    if [[ -z "$d" ]]; then
        rm -f "$state_file"
        say "no cluster to stop"
        return 0
    fi
    if pid_of "$d/slurmctld.pid" >/dev/null; then
        # cancel this cluster's jobs first, so that no job step is left behind
        SLURM_CONF="$d/slurm.conf" timeout 10 scancel --partition=debug >/dev/null 2>&1 || true
        for ((i = 0; i < 50; i++)); do
            [[ -z "$(SLURM_CONF="$d/slurm.conf" timeout 10 squeue -h -t all -o '%i %t' 2>/dev/null | awk '$2 != "CD" && $2 != "CA" && $2 != "F"')" ]] && break
            sleep 0.2
        done
    fi
    stop_pid "$d/slurmd.pid" slurmd
    stop_pid "$d/slurmctld.pid" slurmctld
    stop_pid "$d/munge/munged.pid" munged
    rm -rf "$d"
    rm -f "$state_file"
    say "stopped; removed $d"
}

cmd_start() {
    local d
    d=$(cluster_dir)
    if [[ -n "$d" ]]; then
        if running "$d"; then
            say "already running in $d"
            echo "export SLURM_CONF=$d/slurm.conf"
            return 0
        fi
        say "a stale cluster in $d: cleaning it up"
        cmd_stop
    fi
    install_packages
    [[ $(id -u) -eq 0 ]] || { say "the daemons need root"; exit 77; }
    id munge >/dev/null 2>&1 || die "no 'munge' user (the munge package makes it)"

    local node cpus mem ports cport dport
    node=$(hostname -s)
    cpus=${CGFLOW_SLURM_CPUS:-$(nproc)}
    mem=${CGFLOW_SLURM_MEMORY_MB:-$(free -m | awk '/^Mem:/ { print $2 }')}
    read -r cport dport <<<"$(free_ports)"

    d=$(mktemp -d "${TMPDIR:-/tmp}/cgflow-slurm.XXXXXX")
    chmod 755 "$d"                     # munged (user munge) reaches its socket through it
    printf 'dir=%s\n' "$d" >"$state_file"
    mkdir -p "$d/state" "$d/spool" "$d/log" "$d/munge"
    chown munge: "$d/munge"
    chmod 755 "$d/munge"

    # munge: a fresh key, a private socket (a munged of the system, if any, is left alone)
    mungekey --create --keyfile="$d/munge/munge.key" >&2
    chown munge: "$d/munge/munge.key"
    chmod 400 "$d/munge/munge.key"
    runuser -u munge -- munged --socket="$d/munge/munge.socket" --key-file="$d/munge/munge.key" \
        --pid-file="$d/munge/munged.pid" --log-file="$d/munge/munged.log" --seed-file="$d/munge/munged.seed" 9>&- \
        || { show_logs "$d"; cmd_stop; die "munged did not start"; }

    cat >"$d/slurm.conf" <<EOF
# One-node test cluster made by tests/slurm/cluster.sh
ClusterName=cgflowtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$cport
SlurmdPort=$dport
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$d/munge/munge.socket
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/log/slurmctld.log
SlurmdLogFile=$d/log/slurmd.log
SlurmdParameters=config_overrides
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$d/jobcomp.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MpiDefault=none
ReturnToService=2
SchedulerParameters=sched_interval=5
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
    export SLURM_CONF="$d/slurm.conf"
    slurmctld -c -f "$SLURM_CONF" 9>&- || { show_logs "$d"; cmd_stop; die "slurmctld did not start"; }
    slurmd -f "$SLURM_CONF" -N "$node" 9>&- || { show_logs "$d"; cmd_stop; die "slurmd did not start"; }

    local i st=
    for ((i = 0; i < 300; i++)); do
        st=$(timeout 10 sinfo -h -N -o '%t' 2>/dev/null | head -1 || true)
        [[ "$st" == idle ]] && break
        sleep 0.2
    done
    if [[ "$st" != idle ]]; then
        show_logs "$d"
        cmd_stop
        die "the node did not become idle in 60 s (state: ${st:-none})"
    fi
    say "running in $d: node $node, $cpus CPUs, $mem MB, partition debug, ports $cport/$dport"
    echo "export SLURM_CONF=$d/slurm.conf"
}

main() {
    local cmd=${1:-}
    [[ -n "$cmd" ]] || { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 1; }
    # one start/stop at a time (the daemons are started with fd 9 closed, so they do not hold the lock)
    exec 9>"$state_file.lock"
    flock 9
    case "$cmd" in
        start)  cmd_start ;;
        stop)   cmd_stop ;;
        status) cmd_status ;;
        env)    cmd_env ;;
        *)      die "unknown command '$cmd' (start, stop, status, env)" ;;
    esac
}

main "$@"
