#!/bin/bash
# Methanol-water mixtures (OPLS-AA methanol + SPC/E water), methanol mole fraction 0.25 and 0.50,
# 298 K: packmol -> EM -> NVT -> NPT 1 bar -> NVT production (200 frames).
source "$(dirname "$0")/common.sh"
source "$SCRIPTS/liquid.sh"
D="$TD/methanol-water"
mktop() {   # mktop DIR NMEOH NSOL
  cat > "$1/topol.top" <<TOP
; Methanol-water, methanol mole fraction $(awk "BEGIN{printf \"%.2f\", $2/($2+$3)}")
; OPLS-AA (GROMACS 2022 oplsaa.ff) methanol + SPC/E water
#include "oplsaa.ff/forcefield.itp"
#include "meoh.itp"
#include "oplsaa.ff/spce.itp"

[ system ]
Methanol-water x(MeOH) = $(awk "BEGIN{printf \"%.2f\", $2/($2+$3)}"), $2 MeOH + $3 SOL

[ molecules ]
MeOH  $2
SOL   $3
TOP
  cp "$D/meoh.itp" "$1/meoh.itp"
}
# box edges from the packmol density (0.85 and 0.80 g/cm3); NPT brings them to ~0.93 / 0.87
mktop "$D/x025" 100 300
build_liquid "$D/x025" "$D" 2.562 "resname MeOH" "resname MeOH" MeOH:100:methanol.pdb SOL:300:water.pdb
mktop "$D/x050" 150 150
build_liquid "$D/x050" "$D" 2.498 "resname MeOH" "resname MeOH" MeOH:150:methanol.pdb SOL:150:water.pdb
