#!/bin/bash
# Lennard-Jones argon, 500 atoms, Rahman's state point (94.4 K, 1.374 g/cm3), GROMACS NVT.
source "$(dirname "$0")/common.sh"
D="$TD/lj-argon"; W="$(mktemp -d)"; trap 'rm -rf "$W"' EXIT
cd "$W"
# 500 atoms: fcc 5x5x5; L = (500 * 39.948 / (1.374 * 602.214076))^(1/3) nm = 2.89008 nm
$PY "$SCRIPTS/fcc_lattice.py" 5 2.89008 AR AR start.gro
$GMX grompp -f "$D/equil.mdp" -c start.gro -p "$D/topol.top" -o equil.tpr -po equil-out.mdp
mdrun -deffnm equil
$GMX grompp -f "$D/md.mdp" -c equil.gro -t equil.cpt -p "$D/topol.top" -o md.tpr -po md-out.mdp
mdrun -deffnm md
cp equil.gro "$D/conf.gro"
cp md.xtc "$D/traj.xtc"
# checks: temperature / pressure / potential energy, and g(r)
echo "Temperature Pressure Pres.-DC Potential" | tr ' ' '\n' | $GMX energy -f md.edr -o energy.xvg > energy.log 2>&1
$GMX rdf -f md.xtc -s md.tpr -ref "name AR" -sel "name AR" -bin 0.002 -o rdf.xvg > rdf.log 2>&1
{ echo "# gmx energy averages over production (md.edr)"; grep -E "^(Temperature|Pressure|Pres. DC|Potential)" energy.log;
  $PY "$SCRIPTS/rdf_summary.py" rdf.xvg; } > "$D/checks.txt"
cat "$D/checks.txt"
