#!/usr/bin/env bash
# Training benchmarks of cgflow-train on the bundled systems (docs/benchmarks.md#training):
#   lj       linear model on Lennard-Jones argon: RDF RMS per iteration, pair energy against the true LJ
#   lj-seeds the same linear argon run with seeds 1-4 (SEEDS), jacobian-shrinkage off and on: pair energy against LJ
#   methanol one model on x = 0.25 and 0.75 together; RDF error of a CG MD run at the held-out x = 0.50
#   methanol-network  the same with the default network (2 x 16, tanh), 30 iterations (about 20 minutes)
#   propane  linear network + bond and angle tables trained together
#   mixture  linear models of a binary Lennard-Jones liquid made here (known potentials): frames growing vs held
#   core-softened  a one-type liquid made here with a pair potential that is not Lennard-Jones (an LJ well and a
#            repulsive Gaussian shoulder, tabulated): linear and default models from `-i` and `-o` alone, each
#            model's pair energy against the true potential and the RDF of a CG MD run with it
#   two-temperatures  the core-softened liquid: one model trained at 200 K and 260 K together, checked at the
#            held-out 230 K
#   dilute   the binary Lennard-Jones liquid with 30 B beads among 1000: a linear model from `-i` and `-o`, RDFs of a
#            CG MD run with it against the reference beside a run of the true potential
#   soft-core  a liquid of overlapping beads made here (Gaussian-core potential, g(0) > 0, as for polymer coils mapped
#            to one bead): linear and default models from `-i` and `-o` alone, the linear one with max-frames 800 and
#            with the state's pressure too; pair energy against the true potential, RDF and pressure of CG MD runs
#   solute   one B bead among 1000 beside the pure A liquid: linear models from `-i` and `-o`, RDF RMS in training and
#            pair energies against LJ (a solute's noisy RDF beside the solvent's)
#   lj-states  Lennard-Jones argon at three other states, made by LAMMPS (its dump and data file, no mapping): linear
#            models (the default network at one state) from `-i` and `-o` alone, pair energy against LJ, CG MD with them
#   cost     time per round by architecture (linear, 1x8, 2x16, 2x32): sampling on the tangent pair tables and on
#            the networks, and the gradient + step
# Usage: bench/train-benchmark.sh [lj|lj-seeds|lj-states|methanol|methanol-network|propane|mixture|core-softened|two-temperatures|dilute|soft-core|solute|cost]... (default: lj methanol propane cost)   Results: $OUT (default /tmp/cgflow-train-bench)
# Needs the tools built (./cgflow build). Each part prints a summary; TRAIN.tsv files stay in $OUT. The methanol and
# propane parts read GROMACS topologies that include its force fields (Debian's gromacs-data, installed here when run
# as root, or GMXLIB).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
B="$repo/bin"
TD="$repo/test-data"
OUT=${OUT:-/tmp/cgflow-train-bench}
THREADS=${THREADS:-2}
mkdir -p "$OUT"
cd "$OUT"
train() { "$B/cgflow-java-tool" cgflow-train 0.1.0 --threads "$THREADS" "$@"; }
# timed FILE CMD...: runs CMD, writes its wall time to FILE
timed() {
    local file=$1 t0 t1; shift
    t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f s wall\n", b - a }' >"$file"
}

# cols TSV NAME...: the named columns of a TRAIN.tsv (a NAME ending in ':' takes every column that starts with it)
cols() {
    local f=$1; shift
    awk -F'\t' -v OFS='\t' -v names="$*" 'NR == 1 { n = split(names, want, " ")
        for (w = 1; w <= n; w++) for (i = 1; i <= NF; i++)
            if ($i == want[w] || (want[w] ~ /:$/ && index($i, want[w]) == 1)) pick[++k] = i }
        { line = $pick[1]; for (j = 2; j <= k; j++) line = line OFS $pick[j]; print line }' "$f"
}

# reference NAME TRAJ STRUCTURE MAPPING T [extra cgflow-reference options]: NAME.h5 (AA), NAME-ref.h5, NAME-cg.h5
# (TOP=topology file: bonds that make molecules whole)
reference() {
    local name=$1 traj=$2 gro=$3 map=$4 t=$5; shift 5
    [[ -f "$name-ref.h5" ]] && return
    "$B/cgflow-convert" -i "$traj" -s "$gro" ${TOP:+-p "$TOP"} -o "$name.h5" >/dev/null
    "$B/cgflow-reference" -i "$name.h5" -m "$map" -o "$name-ref.h5" --cg-output "$name-cg.h5" --temperature "$t" "$@" \
        >/dev/null
}

# GROMACS force-field files for the topologies' #includes
force_fields() {
    [[ -n ${GMXLIB:-} || -d /usr/share/gromacs/top ]] && return
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gromacs-data >&2
    else
        echo "train-benchmark: the GROMACS topologies include its force fields: apt-get install gromacs-data (or set GMXLIB)" >&2
        exit 1
    fi
}

# rms TABLE_A TABLE_B FROM: per-bin RMS of column 2 over bins with x ≥ FROM present in both tables
rms() {
    paste <(grep -v '^#' "$1") <(grep -v '^#' "$2") | awk -v from="$3" \
        '$1 >= from && $4 == $1 { d = $2 - $5; s += d * d; n++ } END { printf "%.4f (%d bins)", sqrt(s / n), n }'
}

# md_rdf MODEL START T STEPS DT NAME: CG MD with the model, then its RDF tables in NAME-tab/
md_rdf() {
    "$B/cgflow-md" -c "$2" --model "$1" -o "$6-md.h5" --log "$6-md.tsv" --temperature "$3" --steps "$4" --dt "$5" \
        --output-every 50 --threads "$THREADS" >/dev/null 2>&1
    "$B/cgflow-reference" -i "$6-md.h5" -o "$6-md-ref.h5" --temperature "$3" --first 20 --tables "$6-tab" \
        --rdf-bin 0.01 >/dev/null 2>&1
}

# pair_vs_lj MODEL: the model's pair energy against the potential of the reference run (LJ cut and shifted at
# 2.5 sigma = 0.85125 nm), in epsilon, and the largest deviation up to the best constant over 0.33-0.93 nm
pair_vs_lj() {
    "$B/cgflow-model" pair-energy "$1" --types AR,AR --r 0.33:0.93:0.01 | awk '!/^#/ {
        r = $1; s = 0.3405; e = 0.99774; rc = 0.85125
        lj = r < rc ? 4 * e * ((s / r) ^ 12 - (s / r) ^ 6) - 4 * e * ((s / rc) ^ 12 - (s / rc) ^ 6) : 0
        d = ($4 - lj) / e; if (n == 0 || d > hi) hi = d; if (n == 0 || d < lo) lo = d; n++
        if (n % 3 == 1) printf "  r %.2f  model %8.4f  LJ %8.4f  (model-LJ)/eps %7.3f\n", r, $4, lj, d }
        END { printf "  largest |model - LJ - c| over 0.33-0.93 nm with the best constant c: %.3f eps\n", (hi - lo) / 2 }'
}

part_lj() {
    reference lj "$TD/lj-argon/traj.xtc" "$TD/lj-argon/conf.gro" "$TD/mappings/lj-argon.yaml" 94.4 --rdf-bin 0.01
    printf 'frames: 200\nmax-frames: 800\ndamping: 0.1\n' >lj.yaml
    timed lj.time train -i lj-ref.h5 --start lj-cg.h5 -o lj-linear.h5 --hidden linear \
        --settings lj.yaml 2>lj-train.err
    echo "lj: $(cat lj.time); TRAIN.tsv: $OUT/lj-linear.train.tsv; $(grep -h '^cgflow-train: stopping' lj-train.err)"
    cols lj-linear.train.tsv iteration loss rms: frames step sampling_s
    echo "lj: pair energy of the model (structure only) against the reference potential, in epsilon:"
    pair_vs_lj lj-linear.h5
    # the same with the state's pressure as a target: the virial pressure of the reference run without GROMACS's
    # dispersion correction (test-data/lj-argon/README.md)
    "$B/cgflow-reference" -i lj.h5 -m "$TD/mappings/lj-argon.yaml" -o lj-p-ref.h5 --temperature 94.4 \
        --pressure 353.5 --rdf-bin 0.01 >/dev/null
    timed lj-p.time train -i lj-p-ref.h5 --start lj-cg.h5 -o lj-linear-p.h5 --hidden linear \
        --max-iterations 40 --settings lj.yaml 2>lj-p-train.err
    echo "lj with pressure: $(cat lj-p.time); TRAIN.tsv: $OUT/lj-linear-p.train.tsv"
    cols lj-linear-p.train.tsv iteration mode rms: pressure: frames step
    echo "lj with pressure: pair energy of the model against the reference potential, in epsilon:"
    pair_vs_lj lj-linear-p.h5
}

# the argon linear run of part_lj with other seeds (SEEDS, default 1 2 3 4), with jacobian-shrinkage off (the default)
# and on: where each stopped, the iteration written and its pair energy against LJ
part_lj-seeds() {
    reference lj "$TD/lj-argon/traj.xtc" "$TD/lj-argon/conf.gro" "$TD/mappings/lj-argon.yaml" 94.4 --rdf-bin 0.01
    printf 'frames: 200\nmax-frames: 800\ndamping: 0.1\n' >lj.yaml
    printf 'frames: 200\nmax-frames: 800\ndamping: 0.1\njacobian-shrinkage: true\n' >lj-shrunk.yaml
    local seed set
    for seed in ${SEEDS:-1 2 3 4}; do
        for set in lj lj-shrunk; do
            timed "$set-$seed.time" train -i lj-ref.h5 --start lj-cg.h5 -o "$set-seed$seed.h5" --hidden linear \
                --settings "$set.yaml" --seed "$seed" >/dev/null 2>"$set-seed$seed.err"
            echo "lj-seeds: $set.yaml, seed $seed: $(cat "$set-$seed.time");" \
                "$(grep -h '^cgflow-train: stopping' "$set-seed$seed.err" | cut -d, -f1-2)" \
                "$(grep -ho 'the model written: .*' "$set-seed$seed.err");" \
                "$(pair_vs_lj "$set-seed$seed.h5" | tail -1 | sed 's/^ *//')"
        done
    done
}

# methanol_model HIDDEN ITERATIONS NAME: one model on x = 0.25 and 0.75, then CG MD of it at all three states and
# the RMS of its g(r) against each reference, beside the RMS of the two runs' own standard errors (the noise floor)
methanol_model() {
    local hidden=$1 iterations=$2 name=$3
    force_fields
    for x in x025 x050 x075; do
        TOP="$TD/methanol-water/$x/topol.top" reference "mw-$x" "$TD/methanol-water/$x/traj.xtc" "$TD/methanol-water/$x/conf.gro" \
            "$TD/mappings/methanol-water.yaml" 298 --rdf-bin 0.01
    done
    printf 'frames: 100\n' >mw.yaml
    timed "$name.time" train -i mw-x025-ref.h5 -i mw-x075-ref.h5 --start mw-x025-cg.h5 \
        --start mw-x075-cg.h5 -o "$name.h5" --hidden "$hidden" --max-iterations "$iterations" --settings mw.yaml \
        2>"$name-train.err"
    echo "methanol $hidden: $(cat "$name.time"); TRAIN.tsv: $OUT/$name.train.tsv;" \
        "$(grep -h '^cgflow-train: stopping' "$name-train.err")"
    cols "$name.train.tsv" iteration loss rms: frames ess step
    for x in x025 x050 x075; do
        md_rdf "$name.h5" "mw-$x-cg.h5" 298 20000 0.002 "$name-$x"
        [[ -d "mw-$x-reftab" ]] || "$B/cgflow-reference" -i "mw-$x.h5" -m "$TD/mappings/methanol-water.yaml" \
            -o "mw-$x-ref3.h5" --temperature 298 --rdf-bin 0.01 --tables "mw-$x-reftab" >/dev/null
        echo "methanol $hidden $x ($( [[ $x == x050 ]] && echo held out || echo trained )): CG MD RDF RMS vs" \
            "reference $(rms "$name-$x-tab/rdf-MEOH-MEOH.tsv" "mw-$x-reftab/rdf-MEOH-MEOH.tsv" 0.3), noise floor" \
            "$(paste <(grep -v '^#' "$name-$x-tab/rdf-MEOH-MEOH.tsv") <(grep -v '^#' "mw-$x-reftab/rdf-MEOH-MEOH.tsv") |
                awk '$1 >= 0.3 && $4 == $1 { s += $3 * $3 + $6 * $6; n++ } END { printf "%.4f", sqrt(s / n) }')"
    done
}

part_methanol() {
    methanol_model linear 10 mw-linear
}

part_methanol-network() {
    methanol_model 2x16 30 mw-net
}

part_propane() {
    force_fields
    TOP="$TD/propane/topol.top" reference prp "$TD/propane/traj.xtc" "$TD/propane/conf.gro" "$TD/mappings/propane.yaml" 200 --rdf-bin 0.01
    printf 'frames: 100\n' >prp.yaml
    timed prp.time train -i prp-ref.h5 --start prp-cg.h5 -o prp-linear.h5 --hidden linear \
        --max-iterations 10 --settings prp.yaml 2>prp-train.err
    echo "propane: $(cat prp.time); TRAIN.tsv: $OUT/prp-linear.train.tsv"
    cols prp-linear.train.tsv iteration loss rms: frames step
}

part_cost() {
    reference lj "$TD/lj-argon/traj.xtc" "$TD/lj-argon/conf.gro" "$TD/mappings/lj-argon.yaml" 94.4 --rdf-bin 0.01
    # without the pair stage, in which every round of a network would sample on its tangent pair tables: rounds 0-1
    # are sampled on the tangent pair tables while their ESS holds (ESS < 1 in TRAIN.tsv), later ones on the
    # networks' forces (ESS 1): sampling s (ESS) of rounds 0, 1, 2, 3 and the mean gradient + step time
    printf 'frames: 20\nframe-interval: 25\nequilibration: 100\npair-stage: false\n' >cost.yaml
    echo "architecture  parameters  round 0 s (ess)  round 1 s (ess)  round 2 s (ess)  round 3 s (ess)  gradient s"
    for a in linear 1x8 2x16 2x32; do
        train -i lj-ref.h5 --start lj-cg.h5 -o "cost-$a.h5" --hidden "$a" --max-iterations 3 --settings cost.yaml \
            2>"cost-$a.err"
        p=$("$B/cgflow-model" info "cost-$a.h5" | awk '$1 == "total" { print $2; exit }')
        awk -F'\t' -v a="$a" -v p="$p" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
            { r[NR - 2] = sprintf("%.2f (%.3f)", $c["sampling_s"], $c["ess"]); g += $c["gradient_s"]; n++ }
            END { printf "%-12s  %-10s  %-15s  %-15s  %-15s  %-15s  %.3f\n", a, p, r[0], r[1], r[2], r[3], g / n }' \
            "cost-$a.train.tsv"
    done
}

# binary_lj NAME NB: the binary Lennard-Jones liquid (A sigma 0.34 nm, epsilon 1.0 kJ/mol, 39.9 amu; B sigma 0.30,
# epsilon 0.7, 20.2 amu; A-B sigma 0.31, epsilon 1.3, non-additive; cut at 1.0 nm) of 1000 beads, NB of them B (the
# lattice sites k with k · 367 mod 1000 < NB, a fixed permutation, not awk's rand(), whose stream differs between mawk
# and gawk), at 120 K: NAME-pot.yaml, NAME-eq.h5 (80 ps from the lattice), NAME.h5 (400 frames over 400 ps), and its
# reference NAME-ref.h5 with RDF tables in NAME-ref-tab/
binary_lj() {
    local name=$1 nb=$2
    [[ -f "$name-ref.h5" ]] && return
    awk -v nb="$nb" 'BEGIN { n = 10; L = 3.66; a = L / n; N = n * n * n
        for (k = 0; k < N; k++) t[k] = (k * 367) % N < nb ? "B" : "A"
        print "binary Lennard-Jones liquid"; printf "%5d\n", N
        for (k = 0; k < N; k++) printf "%5d%-5s%5s%5d%8.3f%8.3f%8.3f\n", k + 1, t[k], t[k], k + 1,
            (int(k / 100) + 0.5) * a, (int(k / 10) % 10 + 0.5) * a, (k % 10 + 0.5) * a
        printf "%10.5f%10.5f%10.5f\n", L, L, L }' >"$name-start.gro"
    printf '%s\n' 'types:' '  A: {mass: 39.948}' '  B: {mass: 20.18}' 'cutoff: 1.0' 'pairs:' \
        '  - {types: [A, A], style: lennard-jones, sigma: 0.34, epsilon: 1.0}' \
        '  - {types: [B, B], style: lennard-jones, sigma: 0.30, epsilon: 0.7}' \
        '  - {types: [A, B], style: lennard-jones, sigma: 0.31, epsilon: 1.3}' >"$name-pot.yaml"
    local md=("$B/cgflow-md" --potential "$name-pot.yaml" --temperature 120 --dt 0.004 --friction 2 --threads "$THREADS")
    "${md[@]}" -c "$name-start.gro" --steps 20000 -o "$name-eq.h5" --log "$name-eq.tsv" --output-every 20000 \
        >/dev/null 2>&1
    "${md[@]}" -c "$name-eq.h5" --steps 100000 -o "$name.h5" --log "$name.tsv" --output-every 250 >/dev/null 2>&1
    "$B/cgflow-reference" -i "$name.h5" -o "$name-ref.h5" --temperature 120 --first 1 --rdf-bin 0.01 \
        --tables "$name-ref-tab" >/dev/null
}

# A binary Lennard-Jones liquid made here with cgflow-md, so that its pair potentials are known: 1000 beads, 200 of
# them B; A σ 0.34 nm ε 1.0 kJ/mol, B σ 0.30 ε 0.7, A-B σ 0.31 ε 1.3 (non-additive), cut at 1.0 nm, 120 K, 20.4
# beads/nm³; 400 frames over 400 ps. Linear models from its RDFs (0.01 nm bins) with the default settings (the frames
# of a round grow from 50 to at most 200 per replica while sampling noise makes much of the loss) and with the frames
# held at 50 and at 200: the loss against wall time, and each pair energy against the true potential.
part_mixture() {
    binary_lj mix 200
    printf 'hidden: linear\n' >mix-grow.yaml
    printf 'hidden: linear\nmax-frames: 50\n' >mix-50.yaml
    printf 'hidden: linear\nframes: 200\nmax-frames: 800\n' >mix-200.yaml
    for run in grow:30 50:40 200:12; do
        name=${run%%:*}
        timed "mix-$name.time" train -i mix-ref.h5 -o "mix-$name.h5" --settings "mix-$name.yaml" \
            --max-iterations "${run##*:}" 2>"mix-$name.err"
        echo "mixture, frames $name: $(cat "mix-$name.time"); TRAIN.tsv: $OUT/mix-$name.train.tsv;" \
            "$(grep -h '^cgflow-train: stopping' "mix-$name.err")"
        cols "mix-$name.train.tsv" iteration loss rms: noise frames wall_s | awk 'NR == 1 || (NR - 2) % 4 == 0 || !/^#/ && 0; END { print }' \
            | uniq
        for pair in A,A A,B B,B; do binary_pair_vs_lj "mix-$name.h5" "$pair"; done
    done
}

# binary_pair_vs_lj MODEL PAIR: the model's pair energy for PAIR (A,A, A,B or B,B) against the binary liquid's LJ, the
# largest deviation from 0.97 sigma to 0.93 nm up to the best constant
binary_pair_vs_lj() {
    "$B/cgflow-model" pair-energy "$1" --types "$2" --r 0.28:0.93:0.005 | awk -v p="$2" '!/^#/ {
        split("A,A 0.34 1.0 A,B 0.31 1.3 B,B 0.30 0.7", q, " ")
        for (k = 1; k <= 7; k += 3) if (q[k] == p) { s = q[k + 1]; e = q[k + 2] }
        r = $1; if (r < 0.97 * s) next
        d = ($4 - 4 * e * ((s / r) ^ 12 - (s / r) ^ 6)) / e; if (n == 0 || d > hi) hi = d; if (n == 0 || d < lo) lo = d; n++ }
        END { printf "  %s: largest |model - LJ - c| from 0.97 sigma to 0.93 nm with the best constant c: %.3f eps\n", p, (hi - lo) / 2 }'
}

# One solute bead among 999 solvent beads (the binary liquid's potentials; the site k = 0 is B), beside the pure
# solvent (1000 A beads): linear models from `-i` and `-o` alone, the RDF RMS in training and the A-A (and A-B) pair
# energy against LJ. The one-bead B-A RDF is noise (block error 0.05 per 0.01 nm bin, 23 times A-A's).
part_solute() {
    binary_lj pure 0
    binary_lj solo 1
    local name
    for name in pure solo; do
        timed "$name-linear.time" train -i "$name-ref.h5" -o "$name-linear.h5" --hidden linear 2>"$name-linear.err"
        echo "solute, $name: $(cat "$name-linear.time"); TRAIN.tsv: $OUT/$name-linear.train.tsv;" \
            "$(grep -h '^cgflow-train: stopping' "$name-linear.err")"
        cols "$name-linear.train.tsv" iteration loss rms: noise frames | awk 'NR == 1 || (NR - 2) % 4 == 0; END { print }' \
            | uniq
        binary_pair_vs_lj "$name-linear.h5" A,A
        [[ $name == solo ]] && binary_pair_vs_lj "$name-linear.h5" A,B
    done
}

# cs_pair_vs_u MODEL: the model's pair energy against the core-softened U, and the largest deviation up to the best
# constant over 0.33-0.93 nm
cs_pair_vs_u() {
    "$B/cgflow-model" pair-energy "$1" --types CS,CS --r 0.33:0.93:0.005 | awk '!/^#/ {
        e = 1.5; s = 0.35; A = 1.2; r0 = 0.55; w = 0.06; r = $1
        u = 4 * e * ((s / r) ^ 12 - (s / r) ^ 6) + A * exp(-((r - r0) / w) ^ 2)
        d = $4 - u; if (n == 0 || d > hi) hi = d; if (n == 0 || d < lo) lo = d; n++; m[n] = $4; t[n] = u; x[n] = r }
        END { c = (hi + lo) / 2
            for (k = 1; k <= n; k += 12) printf "  r %.3f  model - c %8.3f  U %8.3f kJ/mol\n", x[k], m[k] - c, t[k]
            printf "  largest |model - U - c| over 0.33-0.93 nm with the best constant c: %.3f kJ/mol (%.3f eps)\n",
                (hi - lo) / 2, (hi - lo) / 3 }'
}

# mean_pressure THERMO.tsv: the mean pressure of a cgflow-md log after its first 2000 steps
mean_pressure() {
    awk -F'\t' 'NR > 1 && $1 > 2000 { p += $7; n++ } END { printf "mean P %.0f bar", p / n }' "$1"
}

# tabulated_liquid NAME TYPE EDGE CUTOFF TITLE: NAME-start.gro, 1000 beads of TYPE (40 amu) on a 10³ lattice in a cube of
# EDGE nm, and NAME-pot.yaml, the pair potential of the table NAME-table.xvg cut at CUTOFF nm
tabulated_liquid() {
    awk -v t="$2" -v L="$3" -v title="$5" 'BEGIN { n = 10; a = L / n; print title; printf "%5d\n", n * n * n
        for (k = 0; k < n * n * n; k++) printf "%5d%-5s%5s%5d%8.3f%8.3f%8.3f\n", k + 1, t, t, k + 1,
            (int(k / 100) + 0.5) * a, (int(k / 10) % 10 + 0.5) * a, (k % 10 + 0.5) * a
        printf "%10.5f%10.5f%10.5f\n", L, L, L }' >"$1-start.gro"
    printf '%s\n' 'types:' "  $2: {mass: 40.0}" "cutoff: $4" 'pairs:' \
        "  - {types: [$2, $2], style: table, file: $1-table.xvg, cutoff: $4}" >"$1-pot.yaml"
}

# cs_references: the core-softened liquid's potential, start, and references at 200 K and 260 K (and, with
# an argument 230, at 230 K too)
cs_references() {
    local md=("$B/cgflow-md" --potential cs-pot.yaml --dt 0.004 --threads "$THREADS")
    if [[ ! -f cs260-ref.h5 ]]; then
        awk 'BEGIN { e = 1.5; s = 0.35; A = 1.2; r0 = 0.55; w = 0.06; rc = 1.2
            uc = 4 * e * ((s / rc) ^ 12 - (s / rc) ^ 6) + A * exp(-((rc - r0) / w) ^ 2)
            print "# core-softened pair potential: r (nm), U (kJ/mol, 0 at 1.2 nm), -dU/dr (kJ/mol/nm)"
            for (k = 0; k <= 500; k++) { r = 0.2 + 0.002 * k; g = A * exp(-((r - r0) / w) ^ 2)
                u = 4 * e * ((s / r) ^ 12 - (s / r) ^ 6) + g - uc
                f = 4 * e * (12 * s ^ 12 / r ^ 13 - 6 * s ^ 6 / r ^ 7) + g * 2 * (r - r0) / (w * w)
                printf "%.4f %.10e %.10e\n", r, u, f } }' >cs-table.xvg
        tabulated_liquid cs CS 4.05480 1.2 "core-softened liquid"
        "${md[@]}" --temperature 200 -c cs-start.gro --steps 20000 -o cs-eq.h5 --log cs-eq.tsv --output-every 20000 \
            --seed 3 >/dev/null 2>&1
        "${md[@]}" --temperature 200 -c cs-eq.h5 --steps 100000 -o cs.h5 --log cs.tsv --output-every 250 --seed 4 >/dev/null 2>&1
        "$B/cgflow-reference" -i cs.h5 -o cs-ref.h5 --temperature 200 --tables cs-ref-tab --rdf-bin 0.01 >/dev/null 2>&1
        # a held-out state: the same potential at 260 K; and, as the floor of the comparison, a run with the true
        # potential as long as the models' CG MD runs
        "${md[@]}" --temperature 260 -c cs-eq.h5 --steps 100000 -o cs260.h5 --log cs260.tsv --output-every 250 \
            --seed 6 >/dev/null 2>&1
        "$B/cgflow-reference" -i cs260.h5 -o cs260-ref.h5 --temperature 260 --first 20 --tables cs260-ref-tab \
            --rdf-bin 0.01 >/dev/null 2>&1
    fi
    if [[ ${1:-} == 230 && ! -f cs230-ref.h5 ]]; then
        "${md[@]}" --temperature 230 -c cs-eq.h5 --steps 100000 -o cs230.h5 --log cs230.tsv --output-every 250 \
            --seed 5 >/dev/null 2>&1
        "$B/cgflow-reference" -i cs230.h5 -o cs230-ref.h5 --temperature 230 --first 20 --tables cs230-ref-tab \
            --rdf-bin 0.01 >/dev/null 2>&1
    fi
}

# cs_state T: the name of the core-softened reference run at T K (cs for 200 K, csT otherwise): its THERMO.tsv is
# NAME.tsv, its RDF tables NAME-ref-tab/
cs_state() {
    if [[ $1 == 200 ]]; then echo cs; else echo "cs$1"; fi
}

# cs_floor T: 10 000 CG MD steps of the true core-softened potential at T K and their RDF tables (cs-trueT-tab/),
# the floor two finite runs of one potential reach; made once for the parts that use it
cs_floor() {
    [[ -f "cs-true$1-tab/rdf-CS-CS.tsv" ]] && return
    "$B/cgflow-md" --potential cs-pot.yaml --dt 0.004 --threads "$THREADS" --temperature "$1" -c cs-eq.h5 --steps 10000 \
        -o "cs-true$1.h5" --log "cs-true$1.tsv" --output-every 50 --seed 8 >/dev/null 2>&1
    "$B/cgflow-reference" -i "cs-true$1.h5" -o "cs-true$1-ref.h5" --temperature "$1" --first 20 \
        --tables "cs-true$1-tab" --rdf-bin 0.01 >/dev/null 2>&1
}

# A known potential of another shape than Lennard-Jones: U(r) = 4ε[(σ/r)¹² − (σ/r)⁶] + A exp(−((r − r₀)/w)²) with
# σ 0.35 nm, ε 1.5 kJ/mol and a repulsive shoulder A 1.2 kJ/mol at r₀ 0.55 nm, w 0.06 nm (a core-softened liquid: the
# shoulder carves a dip into g(r) between its first two shells), shifted to 0 at 1.2 nm and given to cgflow-md as a
# GROMACS table; 1000 beads of 40 amu at 15 nm⁻³ and 200 K, 400 frames over 400 ps. Models from `-i` and `-o` alone
# (linear, and the default network), no settings file: pair energy against U where g(r) > 0.1 (from 0.33 nm), and
# the RDF of 10 000 CG MD steps with each model against the reference, at 200 K and at a state not trained on
# (260 K, its own reference run), beside the same comparison for a run with the true potential.
part_core-softened() {
    cs_references
    cs_floor 200
    cs_floor 260
    echo "core-softened: RDF RMS from 0.3 nm of 10 000 steps with the true potential against the reference (the floor):" \
        "200 K $(rms cs-true200-tab/rdf-CS-CS.tsv cs-ref-tab/rdf-CS-CS.tsv 0.3)," \
        "260 K $(rms cs-true260-tab/rdf-CS-CS.tsv cs260-ref-tab/rdf-CS-CS.tsv 0.3)"
    for model in linear default; do
        local extra=()
        [[ $model == linear ]] && extra=(--hidden linear)
        timed "cs-$model.time" train -i cs-ref.h5 -o "cs-$model.h5" "${extra[@]}" 2>"cs-$model.err"
        echo "core-softened, $model model: $(cat "cs-$model.time"); TRAIN.tsv: $OUT/cs-$model.train.tsv;" \
            "$(grep -h '^cgflow-train: stopping' "cs-$model.err")"
        cols "cs-$model.train.tsv" iteration mode loss rms: noise frames wall_s | awk 'NR == 1 || (NR - 2) % 4 == 0; END { print }' | uniq
        cs_pair_vs_u "cs-$model.h5"
        md_rdf "cs-$model.h5" cs-eq.h5 200 10000 0.004 "cs-$model"
        md_rdf "cs-$model.h5" cs-eq.h5 260 10000 0.004 "cs260-$model"
        echo "  CG MD RDF RMS against the reference from 0.3 nm: 200 K (trained)" \
            "$(rms "cs-$model-tab/rdf-CS-CS.tsv" cs-ref-tab/rdf-CS-CS.tsv 0.3)," \
            "260 K (held out) $(rms "cs260-$model-tab/rdf-CS-CS.tsv" cs260-ref-tab/rdf-CS-CS.tsv 0.3)"
    done
}

# One model for two temperatures of the core-softened liquid: linear and default models trained from its 200 K and
# 260 K references together (`-i` twice, nothing else), each model's pair energy against U, and the RDF of 10 000 CG
# MD steps with it at 200 K, at 260 K and at 230 K, a temperature between them it never saw (its own reference run),
# beside the same runs with the true potential (the floor), with the mean pressures of the runs.
part_two-temperatures() {
    cs_references 230
    local t model
    for t in 200 230 260; do
        cs_floor "$t"
        echo "two temperatures, true potential at $t K: RDF RMS from 0.3 nm $(rms "cs-true$t-tab/rdf-CS-CS.tsv" \
            "$(cs_state "$t")-ref-tab/rdf-CS-CS.tsv" 0.3), $(mean_pressure "cs-true$t.tsv") (reference run" \
            "$(mean_pressure "$(cs_state "$t").tsv"))"
    done
    for model in linear default; do
        local extra=()
        [[ $model == linear ]] && extra=(--hidden linear)
        timed "tt-$model.time" train -i cs-ref.h5 -i cs260-ref.h5 -o "tt-$model.h5" "${extra[@]}" 2>"tt-$model.err"
        echo "two temperatures, $model model: $(cat "tt-$model.time"); TRAIN.tsv: $OUT/tt-$model.train.tsv;" \
            "$(grep -h '^cgflow-train: stopping' "tt-$model.err")"
        cols "tt-$model.train.tsv" iteration mode loss rms: noise frames wall_s | awk 'NR == 1 || (NR - 2) % 4 == 0; END { print }' | uniq
        cs_pair_vs_u "tt-$model.h5"
        for t in 200 230 260; do
            md_rdf "tt-$model.h5" cs-eq.h5 "$t" 10000 0.004 "tt$t-$model"
            echo "  CG MD at $t K$([[ $t == 230 ]] && echo ' (held out)'): RDF RMS from 0.3 nm" \
                "$(rms "tt$t-$model-tab/rdf-CS-CS.tsv" "$(cs_state "$t")-ref-tab/rdf-CS-CS.tsv" 0.3)," \
                "$(mean_pressure "tt$t-$model-md.tsv")"
        done
    done
}

# The binary Lennard-Jones liquid of part_mixture with 30 B beads among 1000 (the sites k · 367 mod 1000 < 30): its B-B
# RDF rests on 435 pairs a frame. A linear model from `-i` and `-o`, then 20 000 CG MD steps of it and of the true
# potential on the reference's system; RDF RMS over 0.25-1.4 nm against the reference.
part_dilute() {
    binary_lj dil 30
    timed dil-linear.time train -i dil-ref.h5 -o dil-linear.h5 --hidden linear 2>dil-linear.err
    echo "dilute, linear: $(cat dil-linear.time); TRAIN.tsv: $OUT/dil-linear.train.tsv;" \
        "$(grep -h '^cgflow-train: stopping' dil-linear.err)"
    cols dil-linear.train.tsv iteration loss rms: noise frames | awk 'NR == 1 || (NR - 2) % 4 == 0; END { print }' | uniq
    local run pair
    for run in true:--potential:dil-pot.yaml linear:--model:dil-linear.h5; do
        IFS=: read -r name opt val <<<"$run"
        "$B/cgflow-md" -c dil-eq.h5 "$opt" "$val" -o "dil-$name-md.h5" --log "dil-$name-md.tsv" --temperature 120 \
            --steps 20000 --dt 0.004 --output-every 50 --threads "$THREADS" --seed 7 >/dev/null 2>&1
        "$B/cgflow-reference" -i "dil-$name-md.h5" -o "dil-$name-md-ref.h5" --temperature 120 --first 20 \
            --tables "dil-$name-tab" --rdf-bin 0.01 >/dev/null 2>&1
        for pair in A-A B-A B-B; do
            printf '  %s: CG MD RDF RMS %s over 0.25-1.4 nm %s\n' "$name" "$pair" "$(paste \
                <(grep -v '^#' "dil-$name-tab/rdf-$pair.tsv") <(grep -v '^#' "dil-ref-tab/rdf-$pair.tsv") \
                | awk '$1 >= 0.25 && $1 < 1.4 && $4 == $1 { d = $2 - $5; s += d * d; n++ } END { printf "%.4f", sqrt(s / n) }')"
        done
    done
}

# A liquid of beads that overlap: the Gaussian-core model U(r) = ε exp(−(r/σ)²), ε 5 kJ/mol (2 k_BT), σ 0.5 nm, shifted
# to 0 at 1.5 nm and given to cgflow-md as a GROMACS table from r = 0; 1000 beads of 40 amu at 8 nm⁻³ (ρσ³ = 1) and
# 300 K, 400 frames over 400 ps; g(0) ≈ 0.5. Models from `-i` and `-o` alone (linear, and the default network), the
# linear one again with max-frames 800, and with the reference's pressure as a target: pair energy against U, the
# RDF of 20 000 CG MD steps with each model against the reference (from 0.1 nm: the shells below hold few pairs) and
# the mean pressure, beside a run of the true potential (the floor).
gc_md() {
    "$B/cgflow-md" -c gc-eq.h5 --temperature 300 --dt 0.005 --threads "$THREADS" --steps 20000 --output-every 50 \
        -o "$2-md.h5" --log "$2-md.tsv" "${@:3}" >/dev/null 2>&1
    "$B/cgflow-reference" -i "$2-md.h5" -o "$2-md-ref.h5" --temperature 300 --first 20 --tables "$2-tab" \
        --rdf-bin 0.01 >/dev/null 2>&1
    echo "  $1: CG MD RDF RMS from 0.1 nm $(rms "$2-tab/rdf-GC-GC.tsv" gc-ref-tab/rdf-GC-GC.tsv 0.1)," \
        "$(mean_pressure "$2-md.tsv") (reference run $(mean_pressure gc.tsv))"
}

gc_pair_vs_u() {
    "$B/cgflow-model" pair-energy "$1" --types GC,GC --r 0.01:1.5:0.01 | awk '!/^#/ {
        r = $1; u = 5 * exp(-(r / 0.5) ^ 2) - 5 * exp(-9); d = $4 - u
        if (n == 0 || d > hi) hi = d; if (n == 0 || d < lo) lo = d; n++; m[n] = $4; t[n] = u; x[n] = r }
        END { c = (hi + lo) / 2
            for (k = 1; k <= n; k += 20) printf "  r %.2f  model - c %7.3f  U %7.3f kJ/mol\n", x[k], m[k] - c, t[k]
            printf "  largest |model - U - c| over 0.01-1.5 nm with the best constant c: %.3f kJ/mol (%.3f k_BT)\n",
                (hi - lo) / 2, (hi - lo) / 2 / 2.494 }'
}

part_soft-core() {
    if [[ ! -f gc-ref.h5 ]]; then
        awk 'BEGIN { e = 5; s = 0.5; uc = e * exp(-9); print "# Gaussian core: r (nm), U (kJ/mol, 0 at 1.5 nm), -dU/dr"
            for (k = 0; k <= 750; k++) { r = 0.002 * k; g = e * exp(-(r / s) ^ 2)
                printf "%.4f %.10e %.10e\n", r, g - uc, g * 2 * r / (s * s) } }' >gc-table.xvg
        tabulated_liquid gc GC 5.0 1.5 "Gaussian-core liquid"
        local md=("$B/cgflow-md" --potential gc-pot.yaml --temperature 300 --dt 0.005 --threads "$THREADS")
        "${md[@]}" -c gc-start.gro --steps 10000 -o gc-eq.h5 --log gc-eq.tsv --output-every 10000 --seed 3 \
            >/dev/null 2>&1
        "${md[@]}" -c gc-eq.h5 --steps 80000 -o gc.h5 --log gc.tsv --output-every 200 --seed 4 >/dev/null 2>&1
        "$B/cgflow-reference" -i gc.h5 -o gc-ref.h5 --temperature 300 --tables gc-ref-tab --rdf-bin 0.01 >/dev/null
        "$B/cgflow-reference" -i gc.h5 -o gc-p-ref.h5 --temperature 300 --rdf-bin 0.01 \
            --pressure "$(awk -F'\t' 'NR > 1 && $1 > 2000 { p += $7; n++ } END { printf "%.1f", p / n }' gc.tsv)" >/dev/null
    fi
    gc_md "true potential" gc-true --potential gc-pot.yaml --seed 9
    printf 'hidden: linear\nmax-frames: 800\nmax-iterations: 40\n' >gc-800.yaml
    local run name
    for run in linear:gc-ref.h5:--hidden:linear default:gc-ref.h5 linear-800:gc-ref.h5:--settings:gc-800.yaml \
        linear-pressure:gc-p-ref.h5:--hidden:linear; do
        IFS=: read -r name ref opt val <<<"$run"
        timed "gc-$name.time" train -i "$ref" -o "gc-$name.h5" ${opt:+"$opt" "$val"} 2>"gc-$name.err"
        echo "soft-core, $name: $(cat "gc-$name.time"); TRAIN.tsv: $OUT/gc-$name.train.tsv;" \
            "$(grep -h '^cgflow-train: stopping' "gc-$name.err")"
        cols "gc-$name.train.tsv" iteration mode loss rms: pressure: noise frames wall_s \
            | awk 'NR == 1 || (NR - 2) % 4 == 0; END { print }' | uniq
        gc_pair_vs_u "gc-$name.h5"
        gc_md "$name" "gc-$name-run" --model "gc-$name.h5"
    done
}

# ljs_state NAME RHO_STAR T_STAR RC_SIGMA: a Lennard-Jones argon reference made by LAMMPS (bench/train/lj-state.in, 864
# atoms, 200 ps; its own engine, not cgflow's), converted from its dump and data file and analysed without a mapping:
# the bead type is LAMMPS's atom type, "1". NAME.h5, NAME-ref.h5 (tables NAME-ref-tab/), NAME-cg.h5 (the reference's
# last CG frame), NAME-pot.yaml (the true potential for cgflow-md), NAME.pressure (the virial pressure of the run, bar)
ljs_state() {
    local name=$1 rho=$2 t=$3 rc=$4
    [[ -f "$name-ref.h5" ]] && return
    local sigma=3.405
    lmp -log "$name.log" -screen none -in "$repo/bench/train/lj-state.in" -var out "$name" -var steps 40000 \
        -var rho "$(awk -v r="$rho" -v s=$sigma 'BEGIN { printf "%.6f", r / s ^ 3 }')" \
        -var T "$(ljs_kelvin "$t")" \
        -var rc "$(awk -v c="$rc" -v s=$sigma 'BEGIN { printf "%.4f", c * s }')" -var seed 4711 >/dev/null
    "$B/cgflow-convert" -i "$name.lammpstrj" -s "$name.data" --lammps-units real --timestep 0.005 -o "$name.h5" \
        >/dev/null 2>&1
    # LAMMPS real units: atm; the mean of the production rows
    awk '/^ *Step +Temp +Press/ { on = 1; next } /^Loop/ { on = 0 } on { p += $3; n++ }
        END { printf "%.1f\n", p / n * 1.01325 }' "$name.log" >"$name.pressure"
    "$B/cgflow-reference" -i "$name.h5" -o "$name-ref.h5" --cg-output "$name-cg.h5" --temperature "$(ljs_kelvin "$t")" \
        --rdf-bin 0.01 --tables "$name-ref-tab" >/dev/null 2>&1
    printf '%s\n' 'types:' '  "1": {mass: 39.948}' "cutoff: $(awk -v c="$rc" 'BEGIN { printf "%.6f", c * 0.3405 }')" \
        'pairs:' '  - {types: ["1", "1"], style: lennard-jones, sigma: 0.3405, epsilon: 0.99774}' >"$name-pot.yaml"
}

ljs_kelvin() { awk -v t="$1" 'BEGIN { printf "%g", t * 120.0 }'; }

# ljs_pair_vs_lj MODEL RC_SIGMA TABLE [TYPE]: the model's pair energy (of TYPE, default 1) against the LJ of the reference run (cut and shifted at
# RC_SIGMA sigma), in epsilon: the largest deviation up to the best constant where the reference g(r) > 0.1 (from the
# first such bin of TABLE) up to 0.95 nm, and the deviation every 0.05 nm
ljs_pair_vs_lj() {
    local from
    from=$(awk '!/^#/ && $2 > 0.1 { print $1; exit }' "$3")
    "$B/cgflow-model" pair-energy "$1" --types "${4:-1},${4:-1}" --r "$from:0.95:0.005" | awk -v rc="$2" -v from="$from" '
        BEGIN { n = 0; s = 0.3405; e = 0.99774; rc *= s }
        !/^#/ && $1 + 0 > 0 { r = $1
            lj = r < rc ? 4 * e * ((s / r) ^ 12 - (s / r) ^ 6) - 4 * e * ((s / rc) ^ 12 - (s / rc) ^ 6) : 0
            d[n] = ($4 - lj) / e; x[n] = r; if (n == 0 || d[n] > hi) hi = d[n]; if (n == 0 || d[n] < lo) lo = d[n]; n++ }
        END { c = (hi + lo) / 2; line = "  model - LJ - c (eps):"
            for (k = 0; k < n; k += 10) line = line sprintf(" %.2f %+.3f", x[k], d[k] - c); print line
            printf "  largest |model - LJ - c| over %.3f-0.95 nm (g > 0.1), best constant c: %.3f eps\n", from, (hi - lo) / 2 }'
}

# ljs_md LABEL NAME RUN T_STAR MD-OPTIONS...: 40 000 CG MD steps (200 ps) from the reference's last frame, RDF RMS from
# 0.3 nm against the reference
ljs_md() {
    local label=$1 name=$2 run=$3 t=$4; shift 4
    "$B/cgflow-md" -c "$name-cg.h5" --temperature "$(ljs_kelvin "$t")" --dt 0.005 --friction 2 --threads "$THREADS" \
        --steps 40000 --output-every 100 -o "$run-md.h5" --log "$run-md.tsv" "$@" >/dev/null 2>&1
    "$B/cgflow-reference" -i "$run-md.h5" -o "$run-md-ref.h5" --temperature "$(ljs_kelvin "$t")" --first 20 \
        --tables "$run-tab" --rdf-bin 0.01 >/dev/null 2>&1
    echo "  $label: CG MD RDF RMS from 0.3 nm $(rms "$run-tab/rdf-1-1.tsv" "$name-ref-tab/rdf-1-1.tsv" 0.3)"
}

# Lennard-Jones argon at three states other than the bundled one, made by LAMMPS and analysed without a mapping:
# linear models (and the default network at the first state) from `-i` and `-o` alone, their pair energy against LJ,
# and CG MD with them beside CG MD with the true potential; the densest state also with its pressure
part_lj-states() {
    if ! command -v lmp >/dev/null; then
        if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lammps >&2
        else
            echo "train-benchmark: lj-states needs LAMMPS: apt-get install lammps" >&2
            exit 1
        fi
    fi
    local state name rho t rc
    for state in ljs-a:0.70:1.5:3.0 ljs-b:0.85:1.0:2.5 ljs-c:0.50:2.0:3.0; do
        IFS=: read -r name rho t rc <<<"$state"
        ljs_state "$name" "$rho" "$t" "$rc"
        echo "lj-states, $name: rho* $rho, T* $t ($(ljs_kelvin "$t") K), cut at $rc sigma; LAMMPS pressure" \
            "$(cat "$name.pressure") bar"
        ljs_md "true potential" "$name" "$name-true" "$t" --potential "$name-pot.yaml"
        local runs=(linear)
        [[ $name == ljs-a ]] && runs+=(default)
        [[ $name == ljs-b ]] && runs+=(linear-pressure)
        local run ref
        for run in "${runs[@]}"; do
            ref=$name-ref.h5
            if [[ $run == linear-pressure ]]; then
                "$B/cgflow-reference" -i "$name.h5" -o "$name-p-ref.h5" --temperature "$(ljs_kelvin "$t")" \
                    --pressure "$(cat "$name.pressure")" --rdf-bin 0.01 >/dev/null
                ref=$name-p-ref.h5
            fi
            local extra=()
            [[ $run == linear* ]] && extra=(--hidden linear)
            timed "$name-$run.time" train -i "$ref" -o "$name-$run.h5" "${extra[@]}" >/dev/null 2>"$name-$run.err"
            echo " $run: $(cat "$name-$run.time"); $(grep -h '^cgflow-train: stopping' "$name-$run.err" | cut -d: -f2-);" \
                "$(grep -ho 'the model written: .*' "$name-$run.err")"
            ljs_pair_vs_lj "$name-$run.h5" "$rc" "$name-ref-tab/rdf-1-1.tsv"
            ljs_md "$run model" "$name" "$name-$run-run" "$t" --model "$name-$run.h5"
        done
    done
    # the bundled argon (GROMACS, 500 atoms at Rahman's state) the same way: a linear model from -i and -o alone
    reference ljs-argon "$TD/lj-argon/traj.xtc" "$TD/lj-argon/conf.gro" "$TD/mappings/lj-argon.yaml" 94.4 \
        --rdf-bin 0.01 --tables ljs-argon-ref-tab
    local seed
    for seed in 1 2; do
        timed "ljs-argon-$seed.time" train -i ljs-argon-ref.h5 -o "ljs-argon-$seed.h5" --hidden linear --seed "$seed" \
            >/dev/null 2>"ljs-argon-$seed.err"
        echo "lj-states, bundled argon, linear, --seed $seed: $(cat "ljs-argon-$seed.time");" \
            "$(grep -h '^cgflow-train: stopping' "ljs-argon-$seed.err" | cut -d: -f2-);" \
            "$(grep -ho 'the model written: .*' "ljs-argon-$seed.err")"
        ljs_pair_vs_lj "ljs-argon-$seed.h5" 2.5 ljs-argon-ref-tab/rdf-AR-AR.tsv AR
    done
}

parts=("$@")
[[ ${#parts[@]} -eq 0 ]] && parts=(lj methanol propane cost)
for p in "${parts[@]}"; do "part_$p"; done
