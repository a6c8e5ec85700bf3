# Common settings for the test-data generators. Source this file.
set -euo pipefail
export GMX_MAXBACKUP=-1          # never leave #backup# files
export OMP_NUM_THREADS=1
GMX="gmx -quiet -nobackup"
GMXD="gmx_d -quiet -nobackup"
PY=/usr/bin/python3              # Debian python (sees MDAnalysis, ASE, h5py)
# single-threaded, reproducible mdrun
mdrun() { $GMX mdrun -nt 1 -pin off -reprod "$@"; }
TD="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"   # test-data/
SCRIPTS="$TD/scripts"
