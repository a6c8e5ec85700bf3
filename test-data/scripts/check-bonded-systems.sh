#!/bin/bash
# Map the peptide and lipid trajectories with cgflow (bin/cgflow-convert -p topol.top, bin/cgflow-reference)
# and check them against independent numbers: every CG bond type's longest bond against half the smallest
# box width (molecules longer than half the box must come out whole), and one bond type per system
# recomputed by MDAnalysis (crosscheck_bonds.py). Writes <system>/crosscheck.txt.
# usage: check-bonded-systems.sh            (needs ./cgflow build first; ~2 min)
source "$(dirname "$0")/common.sh"
BIN="$TD/../bin"
W="$(mktemp -d)"
check() {   # check SYSTEM STATE MAPPING BOND MAXWARN
  local sys="$1" st="$2" map="$3" bond="$4" mw="$5" d="$TD/$1"
  local o="$W/$sys-$st"; mkdir -p "$o"
  echo "## $sys/$st"
  "$BIN/cgflow-convert" -i "$d/$st/traj.xtc" -s "$d/$st/conf.gro" -p "$d/topol.top" -o "$o/aa.h5" --threads 1 2>&1 | tail -1
  "$BIN/cgflow-reference" -i "$o/aa.h5" -m "$TD/mappings/$map" -o "$o/dist.h5" --tables "$o/tables" \
      --temperature "${st%K}" --threads 1 2>&1 | tail -1
  $PY - "$o/tables" "$d/$st/conf.gro" <<'PY'
import glob, sys, numpy as np
box = [float(v) for v in open(sys.argv[2]).read().strip().split("\n")[-1].split()]
if len(box) == 3:
    half = 0.5 * min(box)
else:   # GRO triclinic: v1(x) v2(y) v3(z) v1(y) v1(z) v2(x) v2(z) v3(x) v3(y)
    a = np.array([box[0], box[3], box[4]]); b = np.array([box[5], box[1], box[6]]); c = np.array([box[7], box[8], box[2]])
    v = abs(a @ np.cross(b, c))
    half = 0.5 * min(v / np.linalg.norm(np.cross(b, c)), v / np.linalg.norm(np.cross(c, a)), v / np.linalg.norm(np.cross(a, b)))
worst = 0.0
for f in sorted(glob.glob(sys.argv[1] + "/bond-*.tsv")):
    t = np.loadtxt(f, comments="#"); w = t[1, 0] - t[0, 0]
    top = t[t[:, 1] > 0, 0].max() + w / 2
    worst = max(worst, top)
    print(f"{f.split('/')[-1]:24s} longest bond < {top:.3f} nm")
print(f"longest CG bond < {worst:.3f} nm; half the smallest box width {half:.3f} nm: "
      f"{'OK, molecules mapped whole' if worst < 0.5 * half else 'FAIL: bonds across the box'}")
PY
  $GMX grompp -f "$d/em.mdp" -c "$d/$st/conf.gro" -p "$d/topol.top" -maxwarn "$mw" -o "$o/masses.tpr" -po "$o/mdout.mdp" > "$o/grompp.log" 2>&1
  $PY "$SCRIPTS/crosscheck_bonds.py" "$o/masses.tpr" "$d/$st/traj.xtc" "$TD/mappings/$map" "$bond" "$o/tables/bond-$bond.tsv"
}
for sys in peptide lipid; do
  {
    echo "# scripts/check-bonded-systems.sh: cgflow-convert -p topol.top + cgflow-reference ($("$BIN/cgflow-reference" --version)),"
    echo "# CG bond lengths against the box, and one bond type recomputed with MDAnalysis"
    case $sys in
      peptide) for st in 300K 340K; do if [ -d "$TD/peptide/$st" ]; then check peptide $st peptide.yaml BB-BB 0; fi; done ;;
      lipid)   for st in 323K 333K; do if [ -d "$TD/lipid/$st" ]; then check lipid $st lipid.yaml C-C 1; fi; done ;;
    esac
  } 2>&1 | grep -v -E "xdrlib|^  import" > "$TD/$sys/crosscheck.txt"
  cat "$TD/$sys/crosscheck.txt"
done
rm -rf "$W"
