# Common settings for the test-data generators. Source this file.
set -euo pipefail
export GMX_MAXBACKUP=-1          # never leave #backup# files
export OMP_NUM_THREADS=1
GMX="gmx -quiet -nobackup"
GMXD="gmx_d -quiet -nobackup"
PY=/usr/bin/python3              # Debian python (sees MDAnalysis, ASE, h5py)
# single-threaded, reproducible mdrun; a failure is named on the script's own stderr (fd 3), since the callers send
# mdrun's output to a log (Debian's mdrun, for one, refuses a CPU without the rdtscp instruction)
exec 3>&2
mdrun() {
  local rc=0
  $GMX mdrun -nt 1 -pin off -reprod "$@" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "${0##*/}: 'gmx mdrun $*' failed in $PWD (exit $rc); its output is in the log of this step" >&3
    return "$rc"
  fi
}
TD="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"   # test-data/
SCRIPTS="$TD/scripts"
