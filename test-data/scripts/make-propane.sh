#!/bin/bash
# Liquid propane (all-atom OPLS-AA), 150 molecules, 200 K (below the 231 K boiling point), 1 bar NPT
# equilibration then NVT production (200 frames).
source "$(dirname "$0")/common.sh"
source "$SCRIPTS/liquid.sh"
D="$TD/propane"
# packmol box for 0.55 g/cm3; NPT at 1 bar brings it to the OPLS-AA liquid density
build_liquid "$D" "$D" 2.714 "resname PRP" "resname PRP" PRP:150:propane.pdb
