#!/usr/bin/env bash
# Builds the cgflow container images from the jars built on this machine (./cgflow build), without a registry:
#   1. the base image (containers/base/build-base.sh: Debian packages by debootstrap, cached by its definition);
#   2. one image per tool (containers/tool/Containerfile): every launcher in bin/ that runs
#      `cgflow-java-tool TOOL VERSION` names a tool; its jar is $CGFLOW_LIB/TOOL.jar or
#      java-tools/TOOL/target/TOOL.jar (a tool whose jar is not built is skipped, with a note);
#   3. cgflow-train-cuda: the trainer built with ND4J's CUDA backend (mvn -Pcuda, in a copy of java-tools/ under
#      the cache folder so that the CPU jar in java-tools/cgflow-train/target stays as it is; ≈2.4 GB of
#      dependencies from Maven Central the first time) — unless --no-cuda;
#   4. containers/images.config, which the podman, docker and apptainer profiles read to find the images.
#
#   containers/build-images.sh [--no-cuda] [--cuda-jar JAR] [--offline] [--prefix NAME] [--rebuild-base]
#                              [--prune] [--apptainer DIR]
#
# Tags are <version>-<hash>: the hash covers the base image, the Containerfile and every file put into the image
# (the jar's entries, launchers, class-data workload), so a changed jar gets a new tag and never hides behind an
# image already there, while an unchanged tool keeps its image ("cached"; a jar rebuilt from the same sources is
# unchanged). Nextflow's task hash includes the image name, so tasks of a tool whose image changed run again
# under -resume, and only those.
#
#   --no-cuda        skip cgflow-train-cuda (the test profile and CPU runs do not need it); a CUDA image of an
#                    earlier build stays in images.config while it exists
#   --cuda-jar JAR   take the CUDA trainer jar from JAR (built elsewhere with mvn -Pcuda) instead of building it
#   --offline        Maven offline (-o) for the CUDA build: its dependencies must be in ~/.m2 already
#   --prefix NAME    image name prefix (default localhost: localhost/cgflow-convert:0.1.0-<hash>); give a
#                    registry path to push the images there afterwards (podman push)
#   --rebuild-base   rebuild the base image even when its tag exists (to take Debian's updates)
#   --prune          remove the other tags of these images (earlier builds) from the engine's storage
#   --apptainer DIR  also save each image to DIR/<name>-<tag>.tar and convert it to DIR/<name>-<tag>.sif
#                    (apptainer build … docker-archive://…) when apptainer is on PATH — otherwise the archives
#                    stay for containers/build-sifs.sh DIR where Apptainer is (a cluster) — and write
#                    DIR/images.config; run the pipeline with -profile apptainer --container_sif_dir DIR
#
# Environment: CGFLOW_CONTAINER_ENGINE (podman, default, or docker), CGFLOW_CACHE (cache folder, default
# ~/.cache/cgflow), CGFLOW_LIB (folder of tool jars), CONTAINERS_CONF (podman; when unset and a plain
# `podman run` fails here, containers/podman/containers.conf is used: see docs/containers.md).
set -euo pipefail

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
containerfile="$repo/containers/tool/Containerfile"
engine=${CGFLOW_CONTAINER_ENGINE:-podman}
cache=${CGFLOW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cgflow}
prefix=localhost
cuda=true
cuda_jar_given=
offline=()
base_args=()
sif_dir=
prune=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-cuda)      cuda=false; shift ;;
        --cuda-jar)     cuda_jar_given=$(readlink -f "${2:?--cuda-jar needs a file}"); shift 2 ;;
        --offline)      offline=(-o); shift ;;
        --prefix)       prefix=${2:?--prefix needs a value}; shift 2 ;;
        --rebuild-base) base_args+=(--rebuild); shift ;;
        --prune)        prune=true; shift ;;
        --apptainer)    sif_dir=${2:?--apptainer needs a folder}; shift 2 ;;
        -h|--help)      sed -n '2,/^set -e/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *)              echo "build-images: unknown option $1 (see --help)" >&2; exit 1 ;;
    esac
done
command -v "$engine" >/dev/null 2>&1 || { echo "build-images: $engine not found (CGFLOW_CONTAINER_ENGINE)" >&2; exit 1; }
note() { echo "build-images: $*" >&2; }

image_exists() {
    if [[ $engine == podman ]]; then podman image exists "$1"; else "$engine" image inspect "$1" >/dev/null 2>&1; fi
}
image_size() {  # bytes
    "$engine" image inspect --format '{{.Size}}' "$1" 2>/dev/null || echo 0
}
human() { numfmt --to=iec --suffix=B "$1" 2>/dev/null || echo "$1 B"; }

# ── 1. base image ────────────────────────────────────────────────────────────────────────────────
t0=$SECONDS
base=$(CGFLOW_CONTAINER_ENGINE=$engine "$repo/containers/base/build-base.sh" --prefix "$prefix" "${base_args[@]}" | tail -1)
base_seconds=$((SECONDS - t0))

# podman refuses to run containers on some machines with its defaults (ulimits, cgroups, runtime): then use the
# project's containers.conf, for the RUN step of the builds below.
if [[ $engine == podman && -z "${CONTAINERS_CONF:-}" ]] && ! podman run --rm "$base" true >/dev/null 2>&1; then
    export CONTAINERS_CONF="$repo/containers/podman/containers.conf"
    if podman run --rm "$base" true >/dev/null 2>&1; then
        note "podman's defaults fail here; using CONTAINERS_CONF=$CONTAINERS_CONF (export it for -profile podman)"
    else
        podman run --rm "$base" true || true
        note "podman cannot run a container here, neither with its defaults nor with $CONTAINERS_CONF"
        exit 1
    fi
fi

# ── 2. tools from the launchers in bin/ ─────────────────────────────────────────────────────────
declare -A version launchers
for f in "$repo"/bin/cgflow-*; do
    read -r tool v < <(sed -n 's/.*cgflow-java-tool"\{0,1\} \(cgflow-[A-Za-z0-9_-]*\) \([0-9][^ "]*\).*/\1 \2/p' "$f" | head -1) || true
    [[ -n "${tool:-}" ]] || continue
    if [[ -n "${version[$tool]:-}" && "${version[$tool]}" != "$v" ]]; then
        note "launchers of $tool disagree on its version (${version[$tool]} and $v in $(basename "$f"))"
        exit 1
    fi
    version[$tool]=$v
    launchers[$tool]+="$f "
    tool=
done
[[ ${#version[@]} -gt 0 ]] || { note "no tool launchers found in $repo/bin"; exit 1; }

tool_jar() {
    local c
    for c in ${CGFLOW_LIB:+"$CGFLOW_LIB/$1.jar"} "$repo/java-tools/$1/target/$1.jar"; do
        [[ -f "$c" ]] && { echo "$c"; return 0; }
    done
    return 1
}

# The class-data workload's inputs: the test-data files bin/cgflow-class-archive names ($data/...).
mapfile -t cds_files < <(grep -o '\$data/[A-Za-z0-9._/-]*' "$repo/bin/cgflow-class-archive" | sed 's|^\$data/||' | sort -u)

work=$(mktemp -d "${TMPDIR:-/tmp}/cgflow-images.XXXXXX")
trap 'rm -rf "$work"' EXIT
declare -a rows=() entries=() images=() sifs=()

# fingerprint FILE: what the tag hashes of a file. A jar's entries (name, length, CRC-32 from its central
# directory): Maven writes new timestamps into every rebuilt jar, so a rebuild of unchanged sources keeps its tag
# (and Nextflow's cached tasks) — and reading the directory takes a second where hashing the 2.4 GB CUDA jar takes
# half a minute. Other files: sha256.
fingerprint() {
    if [[ "$1" == *.jar ]] && command -v unzip >/dev/null 2>&1; then
        unzip -v "$1" | awk 'NR > 3 && $1 ~ /^[0-9]+$/ && NF >= 8 { print $1, $7, $8 }' | LC_ALL=C sort -k3 | sha256sum | cut -d' ' -f1
    else
        sha256sum "$1" | cut -d' ' -f1
    fi
}

# build_image NAME TOOL VARIANT JAR: stage the context, hash it, build unless an image with that tag exists.
build_image() {
    local name=$1 tool=$2 variant=$3 jar=$4 ctx="$work/$1" f hash tag image status t1=$SECONDS seconds stamps=()
    rm -rf "$ctx"
    mkdir -p "$ctx/lib" "$ctx/bin" "$ctx/cds/test-data"
    # a hard link where possible: the CUDA jar is 2.4 GB
    ln "$jar" "$ctx/lib/$tool.jar" 2>/dev/null || cp "$jar" "$ctx/lib/$tool.jar"
    stamps+=("$jar")
    for f in "$repo/bin/cgflow-java-tool" ${launchers[$tool]}; do
        install -m 0755 "$f" "$ctx/bin/"
        stamps+=("$f")
    done
    install -m 0755 "$repo/bin/cgflow-class-archive" "$ctx/cds/"
    for f in "${cds_files[@]}"; do
        if [[ -f "$repo/test-data/$f" ]]; then
            install -D -m 0644 "$repo/test-data/$f" "$ctx/cds/test-data/$f"
        else
            note "$name: test-data/$f (class-data workload) not found; the archive step may skip"
        fi
    done
    hash=$( { cat "$containerfile"; echo "$base $name $tool ${version[$tool]} $variant"
              (cd "$ctx" && find . -type f -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
                  echo "$(fingerprint "$f") $f"
              done); } | sha256sum | cut -c1-12)
    tag="${version[$tool]}-$hash"
    image="$prefix/$name:$tag"
    if image_exists "$image"; then
        status=cached
    else
        note "building $image"
        local pull=()
        [[ $engine == podman ]] && pull=(--pull=never)
        if ! "$engine" build "${pull[@]}" -f "$containerfile" --build-arg BASE="$base" --build-arg TOOL="$tool" \
                --build-arg NAME="$name" --build-arg VERSION="${version[$tool]}" --build-arg VARIANT="$variant" \
                -t "$image" "$ctx" >"$work/$name.log" 2>&1; then
            tail -30 "$work/$name.log" >&2
            note "building $image failed"
            exit 1
        fi
        status=built
    fi
    seconds=$((SECONDS - t1))
    rm -rf "$ctx"
    rows+=("$(printf '%-20s %-48s %-7s %6ss %8s' "$name" "$image" "$status" "$seconds" "$(human "$(image_size "$image")")")")
    # images.config entry: the image, its .sif name, and the files it was made from with their size and
    # modification time (the profiles refuse to run an image older than the jar or launchers beside it)
    local stamp_list
    stamp_list=$(for f in "${stamps[@]}"; do printf "'%s': '%s', " "$f" "$(stat -L -c '%s:%Y' "$f")"; done)
    entries+=("    '$name': [image: '$image', sif: '$name-$tag.sif', tag: '$tag', variant: '$variant', from: [${stamp_list%, }]],")
    images+=("$image")
    sifs+=("$name-$tag.sif")
}

mapfile -t tools < <(printf '%s\n' "${!version[@]}" | LC_ALL=C sort)
for tool in "${tools[@]}"; do
    if jar=$(tool_jar "$tool"); then
        build_image "$tool" "$tool" cpu "$jar"
    else
        note "$tool: skipped, its jar is not built (java-tools/$tool/target/$tool.jar: run ./cgflow build)"
    fi
done

# ── 3. cgflow-train-cuda ────────────────────────────────────────────────────────────────────────
# cuda_jar: the trainer with ND4J's CUDA backend, built in a copy of java-tools/ (rebuilt only when the sources
# changed), checked to hold the CUDA backend and not the CPU one.
cuda_jar() {
    local dir="$cache/train-cuda" stamp jar
    jar="$dir/java-tools/cgflow-train/target/cgflow-train.jar"
    stamp=$(cd "$repo" && find java-tools -name target -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
    if [[ -f "$jar" && "$(cat "$dir/sources.sha256" 2>/dev/null)" == "$stamp" ]]; then
        echo "$jar"; return 0
    fi
    command -v mvn >/dev/null 2>&1 || { note "mvn not found: cannot build the CUDA trainer (or give --cuda-jar)"; return 1; }
    note "building the CUDA trainer (mvn -Pcuda) in $dir; the first build downloads ≈2.4 GB"
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$repo" && tar --exclude=target -cf - java-tools) | tar -C "$dir" -xf -
    if ! mvn -B -q -Dstyle.color=never "${offline[@]}" -f "$dir/java-tools/pom.xml" -Pcuda -pl cgflow-train -am \
            -DskipTests package >"$dir/build.log" 2>&1; then
        tail -30 "$dir/build.log" >&2
        note "the CUDA build failed (whole log: $dir/build.log)"
        return 1
    fi
    echo "$stamp" >"$dir/sources.sha256"
    echo "$jar"
}
check_cuda_jar() {
    local listing
    listing=$(unzip -Z1 "$1" 2>/dev/null || jar tf "$1")
    grep -q '^org/nd4j/linalg/jcublas/JCublasBackend.class$' <<<"$listing" \
        || { note "$1 lacks ND4J's CUDA backend (JCublasBackend)"; return 1; }
    ! grep -q '^org/nd4j/linalg/cpu/nativecpu/CpuBackend.class$' <<<"$listing" \
        || { note "$1 holds ND4J's CPU backend besides the CUDA one"; return 1; }
}
if [[ $cuda == false ]]; then
    # keep the CUDA image of an earlier build in images.config while it exists (the gpu profile's TRAIN uses it)
    kept=$(grep "^    'cgflow-train-cuda': \[image: '" "$repo/containers/images.config" 2>/dev/null || true)
    image=$(sed -n "s/.*\[image: '\([^']*\)'.*/\1/p" <<<"$kept")
    if [[ -n "$image" ]] && image_exists "$image"; then
        entries+=("$kept")
        images+=("$image")
        sifs+=("$(sed -n "s/.* sif: '\([^']*\)'.*/\1/p" <<<"$kept")")
        rows+=("$(printf '%-20s %-48s %-7s %6ss %8s' cgflow-train-cuda "$image" kept 0 "$(human "$(image_size "$image")")")")
    fi
elif [[ -z "${version[cgflow-train]:-}" ]]; then
    note "cgflow-train-cuda: skipped, no bin/ launcher for cgflow-train"
elif jar=${cuda_jar_given:-$(cuda_jar)} && check_cuda_jar "$jar"; then
    build_image cgflow-train-cuda cgflow-train cuda "$jar"
else
    note "cgflow-train-cuda: not built"
    exit 1
fi

# ── 4. images.config ────────────────────────────────────────────────────────────────────────────
config="$repo/containers/images.config"
{
    echo "// Generated by containers/build-images.sh on $(date -u +%Y-%m-%dT%H:%MZ) ($engine, base $base); do not edit."
    echo "// Read by profiles/podman.config, docker.config and apptainer.config through containers/use-images.config."
    echo "cgflow.images = ["
    printf '%s\n' "${entries[@]}"
    echo "]"
} >"$config.tmp"
mv -f "$config.tmp" "$config"

if [[ $prune == true ]]; then
    for ref in $(for image in "$base" "${images[@]}"; do
                     "$engine" images --format '{{.Repository}}:{{.Tag}}' "${image%:*}"
                 done | sort -u); do
        printf '%s\n' "$base" "${images[@]}" | grep -qxF "$ref" && continue
        "$engine" rmi "$ref" >/dev/null 2>&1 && note "removed $ref" || note "could not remove $ref (in use?)"
    done
fi

echo
printf '%-20s %-48s %-7s %7s %8s\n' TOOL IMAGE STATUS TIME SIZE
printf '%-20s %-48s %-7s %6ss %8s\n' base "$base" "" "$base_seconds" "$(human "$(image_size "$base")")"
printf '%s\n' "${rows[@]}"
echo "images.config: $config"

# ── 5. Apptainer images ─────────────────────────────────────────────────────────────────────────
if [[ -n "$sif_dir" ]]; then
    mkdir -p "$sif_dir"
    quiet=()
    [[ $engine == podman ]] && quiet=(-q)
    for i in "${!images[@]}"; do
        tar="$sif_dir/${sifs[$i]%.sif}.tar"
        [[ -f "$sif_dir/${sifs[$i]}" || -f "$tar" ]] && continue
        note "saving ${images[$i]} to $tar"
        # a docker-archive (podman's and docker's default format), which apptainer build reads
        "$engine" save "${quiet[@]}" -o "$tar.tmp" "${images[$i]}"
        mv -f "$tar.tmp" "$tar"
    done
    cp -f "$config" "$sif_dir/images.config"
    if command -v apptainer >/dev/null 2>&1; then
        "$repo/containers/build-sifs.sh" "$sif_dir"
    else
        note "apptainer not found here: the archives are in $sif_dir; convert them where Apptainer is with"
        note "  containers/build-sifs.sh $sif_dir"
    fi
fi
