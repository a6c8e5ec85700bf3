#!/bin/bash
# Methanol-water mixtures (OPLS-AA methanol + SPC/E water), methanol mole fraction 0.25, 0.50 and
# 0.75, 298 K: packmol -> EM -> NVT -> NPT 1 bar -> NVT production (200 frames).
# usage: make-methanol-water.sh [STATE ...]    STATE: x025 x050 x075 (default: all three)
#   e.g. `make-methanol-water.sh x075` makes only x075 and leaves the other folders untouched.
source "$(dirname "$0")/common.sh"
source "$SCRIPTS/liquid.sh"
D="$TD/methanol-water"
mktop() {   # mktop DIR NMEOH NSOL
  mkdir -p "$1"
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
states=("$@")
[ ${#states[@]} -gt 0 ] || states=(x025 x050 x075)
# box edges from the packmol density (0.85, 0.80 and 0.75 g/cm3); NPT brings them to ~0.93 / 0.87 / 0.83
for s in "${states[@]}"; do
  case "$s" in
    x025) mktop "$D/x025" 100 300
          build_liquid "$D/x025" "$D" 2.562 "resname MeOH" "resname MeOH" MeOH:100:methanol.pdb SOL:300:water.pdb ;;
    x050) mktop "$D/x050" 150 150
          build_liquid "$D/x050" "$D" 2.498 "resname MeOH" "resname MeOH" MeOH:150:methanol.pdb SOL:150:water.pdb ;;
    x075) mktop "$D/x075" 225 75
          build_liquid "$D/x075" "$D" 2.666 "resname MeOH" "resname MeOH" MeOH:225:methanol.pdb SOL:75:water.pdb ;;
    *) echo "make-methanol-water.sh: unknown state '$s' (x025, x050 or x075)" >&2; exit 2 ;;
  esac
done
