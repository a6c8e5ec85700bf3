#!/usr/bin/env bash
# Converts the image archives that containers/build-images.sh --apptainer DIR saved into Apptainer images, where
# Apptainer is (a cluster such as Berzelius; podman need not be there):
#   containers/build-sifs.sh DIR [--keep]
# For each DIR/<name>-<tag>.tar without its DIR/<name>-<tag>.sif: apptainer build DIR/<name>-<tag>.sif
# docker-archive://DIR/<name>-<tag>.tar, then removes the archive (--keep keeps it). Run the pipeline with
#   -profile apptainer --container_sif_dir DIR        (DIR/images.config names the images; see docs/containers.md)
# Apptainer unpacks into APPTAINER_TMPDIR (default /tmp): the CUDA image needs ≈6 GB there.
set -euo pipefail
dir=${1:?usage: containers/build-sifs.sh DIR [--keep]}
keep=false
[[ "${2:-}" == --keep ]] && keep=true
command -v apptainer >/dev/null 2>&1 || { echo "build-sifs: apptainer not found" >&2; exit 1; }
[[ -f "$dir/images.config" ]] || echo "build-sifs: warning: $dir/images.config missing (the apptainer profile needs it)" >&2
shopt -s nullglob
n=0
for tar in "$dir"/*.tar; do
    sif="${tar%.tar}.sif"
    if [[ ! -f "$sif" ]]; then
        echo "build-sifs: $sif" >&2
        rm -f "${sif%.sif}.tmp.sif"
        apptainer build "${sif%.sif}.tmp.sif" "docker-archive://$tar"
        mv -f "${sif%.sif}.tmp.sif" "$sif"
        n=$((n + 1))
    fi
    [[ $keep == true ]] || rm -f "$tar"
done
echo "build-sifs: $n image(s) converted in $dir" >&2
