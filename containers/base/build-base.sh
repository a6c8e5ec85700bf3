#!/usr/bin/env bash
# Builds the base image of every cgflow tool image from Debian packages, without pulling from a registry:
#   debootstrap --variant=minbase (Debian SUITE, default bookworm) with a Java 17 runtime, procps, bash and
#   coreutils, trimmed, then `tar | podman import` as <prefix>/cgflow-base:<suite>-<hash>.
#
#   containers/base/build-base.sh [--prefix NAME] [--rebuild]
#
# The tag's hash covers this script (hence the package list and the trimming) and the suite, so an image with the
# same tag is the same definition: it is kept (prints "cached") unless --rebuild. Packages get security updates
# over time; --rebuild takes the mirror's current ones under the same tag.
# Prints the image name on stdout.
#
# Needs root for debootstrap (it chroots and makes device nodes; run by sudo when the script runs as a user, who
# then owns the image in their own podman storage), debootstrap and the Debian archive keyring (Debian
# packages debootstrap and debian-archive-keyring), network access to a Debian mirror, and podman (or docker with
# CGFLOW_CONTAINER_ENGINE=docker). The mirror is the first Debian mirror of apt's own sources that serves SUITE
# (so machines behind a proxy or with a local mirror use it), else deb.debian.org; CGFLOW_DEBIAN_MIRROR overrides.
# About a minute and 250 MB of image on a 2-core machine (docs/containers.md).
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
suite=${CGFLOW_BASE_SUITE:-bookworm}
engine=${CGFLOW_CONTAINER_ENGINE:-podman}
prefix=localhost
rebuild=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --prefix)    prefix=${2:?--prefix needs a value}; shift 2 ;;
        --rebuild)   rebuild=true; shift ;;
        -h|--help)   sed -n '2,/^set -e/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *)           echo "build-base: unknown option $1" >&2; exit 1 ;;
    esac
done

# The packages beyond minbase (which already has bash, coreutils, grep, sed, mawk, findutils, tar, gzip):
# the JRE, and procps for Nextflow's task wrapper (ps, for the trace and report metrics).
packages=openjdk-17-jre-headless,procps

hash=$( { cat "${BASH_SOURCE[0]}"; echo "$suite"; } | sha256sum | cut -c1-12)
image="$prefix/cgflow-base:$suite-$hash"

image_exists() {
    if [[ $engine == podman ]]; then podman image exists "$1"; else "$engine" image inspect "$1" >/dev/null 2>&1; fi
}
if [[ $rebuild == false ]] && image_exists "$image"; then
    echo "build-base: $image cached" >&2
    echo "$image"
    exit 0
fi

# debootstrap needs root; the import does not, and must run as the user whose image storage the pipeline uses
# (rootless podman keeps one per user): so only the root file system is made with sudo.
as_root=()
if [[ $(id -u) != 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "build-base: debootstrap needs root: run as root, or install sudo" >&2; exit 1; }
    as_root=(sudo)
    echo "build-base: debootstrap needs root: asking sudo" >&2
fi
PATH=$PATH:/usr/sbin:/sbin command -v debootstrap >/dev/null 2>&1 \
    || { echo "build-base: debootstrap not found (apt-get install debootstrap)" >&2; exit 1; }
command -v "$engine" >/dev/null 2>&1 || { echo "build-base: $engine not found" >&2; exit 1; }

# serves MIRROR SUITE: the mirror has dists/SUITE/Release
serves() { curl -fsSLI --max-time 15 "$1/dists/$2/Release" >/dev/null 2>&1; }
# The URIs of apt's sources (one-line .list and deb822 .sources formats), in order.
apt_uris() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f "$f" ]] && awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; break } }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f "$f" ]] && awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' "$f"
    done
}
mirror=${CGFLOW_DEBIAN_MIRROR:-}
if [[ -z "$mirror" ]]; then
    while read -r uri; do
        uri=${uri%/}
        if serves "$uri" "$suite"; then mirror=$uri; break; fi
    done < <(apt_uris | awk '!seen[$0]++')
fi
mirror=${mirror:-http://deb.debian.org/debian}
echo "build-base: debootstrap $suite from $mirror (+ $packages)" >&2

root=$(mktemp -d "${TMPDIR:-/tmp}/cgflow-base.XXXXXX")
trap '"${as_root[@]}" rm -rf "$root"' EXIT
"${as_root[@]}" env PATH="$PATH:/usr/sbin:/sbin" debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" >"$root.log" 2>&1 || {
    tail -20 "$root.log" >&2
    echo "build-base: debootstrap failed (whole log: $root.log)" >&2
    exit 1
}
rm -f "$root.log"

# Trim what a batch image never uses: downloaded packages, package lists, documentation, translations.
"${as_root[@]}" bash -c "cd '$root' && rm -rf var/cache/apt/archives/*.deb var/lib/apt/lists/* var/log/* usr/share/doc/* \
    usr/share/man/* usr/share/info/* usr/share/locale/* tmp/* root/.[!.]*" || true
# apt inside the image (for users extending it) needs its sources: the mirror we used
echo "deb $mirror $suite main" | "${as_root[@]}" tee "$root/etc/apt/sources.list" >/dev/null
# an empty machine-id: the container engine fills it in
"${as_root[@]}" truncate -s 0 "$root/etc/machine-id"

quiet=()
[[ $engine == podman ]] && quiet=(--quiet)
"${as_root[@]}" tar --numeric-owner -C "$root" -c . | "$engine" import "${quiet[@]}" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    - "$image" >/dev/null
echo "build-base: built $image" >&2
echo "$image"
