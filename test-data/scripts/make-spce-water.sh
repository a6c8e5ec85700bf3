#!/bin/bash
# Liquid SPC/E water (GROMACS 2022 oplsaa.ff/spce.itp), 800 molecules, 300 K, 1 bar NPT
# equilibration then NVT production (200 frames); target of a one-bead-per-water CG model
# (mappings/spce-water.yaml).
source "$(dirname "$0")/common.sh"
source "$SCRIPTS/liquid.sh"
D="$TD/spce-water"
N=800
cat > "$D/topol.top" <<TOP
; Liquid water, SPC/E (GROMACS 2022 oplsaa.ff/spce.itp: SOL, OW HW1 HW2, SETTLE)
#include "oplsaa.ff/forcefield.itp"
#include "oplsaa.ff/spce.itp"

[ system ]
SPC/E water, $N SOL

[ molecules ]
SOL   $N
TOP
# packmol box for 0.90 g/cm3; NPT at 1 bar brings it to the SPC/E density (~1.0 g/cm3)
build_liquid "$D" "$D" 2.985 "resname SOL" "resname SOL" SOL:$N:water.pdb
# extra check: oxygen-oxygen g(r) from the committed files
W="$(mktemp -d)"
( cd "$W" && $GMX rdf -f "$D/traj.xtc" -s "$D/conf.gro" -ref "name OW" -sel "name OW" -bin 0.002 -o rdf-oo.xvg > rdf-oo.log 2>&1 )
$PY "$SCRIPTS/rdf_summary.py" "$W/rdf-oo.xvg" "atoms, ref 'name OW', sel 'name OW'" | sed 's|'"$W"'/||' | tee -a "$D/checks.txt"
rm -rf "$W"
