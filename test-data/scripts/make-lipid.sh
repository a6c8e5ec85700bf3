#!/bin/bash
# A DPPC bilayer patch: 2 x 16 lipids (GROMOS 54A7 united atom, Debian GROMACS gromos54a7.ff/dppc.itp)
# with 800 SPC waters (25 per lipid), 4000 atoms. A lipid (~2.5-3 nm) is far longer than half the
# smallest box width (~1.6 nm).
# packmol (two leaflets from an all-trans template, build_dppc.py, tilted, tails overlapping at the mid-plane)
# -> EM -> NVT 20 ps (1 fs steps) -> NPT 20 ps at 323 K with 1000 bar along z ("squeeze": closes the voids of
# the packmol start) -> NPT 40 ps at 323 K, 1 bar (semi-isotropic C-rescale; a brief equilibration); then per
# state:
#   323K: NVT production 50 ps at 323 K, 101 frames every 0.5 ps (traj.xtc, all atoms)
#   333K: NPT 20 ps at 333 K, then NVT production 50 ps at 333 K
# usage: make-lipid.sh [STATE ...]    STATE: 323K 333K (default: 323K; the shared equilibration always runs;
#   both states are committed, 333K as the holdout of samplesheet-full.csv)
# grompp -maxwarn 1: the one warning is GROMOS twin-range parametrisation vs a single cut-off.
# Needs Debian packages gromacs, packmol, python3-mdanalysis.
source "$(dirname "$0")/common.sh"
D="$TD/lipid"
states=("$@")
[ ${#states[@]} -gt 0 ] || states=(323K)
W="$(mktemp -d)"
cd "$W"
mkdir mol
$PY "$SCRIPTS/build_dppc.py" mol/dppc.pdb
$PY "$SCRIPTS/molecules.py" mol
# packmol: Angstrom, 1 A margin at the x/y edges (packmol has no PBC). Each leaflet gets a slab 27 A thick,
# shorter than the all-trans template (30.6 A), so the lipids start tilted, and the tail ends of the two
# leaflets overlap by 3 A at the mid-plane: a first build with untilted leaflets that only touched there
# opened a vacuum gap between the leaflets as the tails disordered (the barostat cannot close a gap
# wider than the cut-off); so did this build with a 1-bar barostat alone (fast or slow): the packmol start
# holds ~20 % voids, and no pressure acts across a vacuum gap, hence the squeeze stage below. Water slabs below and
# above; box 32 x 32 x 77 A.
cat > "$D/packmol.inp" <<'PACK'
# packmol input (scripts/make-lipid.sh); coordinates in Angstrom; box 32 x 32 x 77 A
seed 20241130
tolerance 2.0
filetype pdb
output packed.pdb

structure mol/dppc.pdb
  number 16
  inside box 1. 1. 13. 31. 31. 40.
  atoms 4
    below plane 0. 0. 1. 17.
  end atoms
  atoms 31 50
    over plane 0. 0. 1. 36.
  end atoms
end structure

structure mol/dppc.pdb
  number 16
  inside box 1. 1. 37. 31. 31. 64.
  atoms 31 50
    below plane 0. 0. 1. 41.
  end atoms
  atoms 4
    over plane 0. 0. 1. 60.
  end atoms
end structure

structure mol/water.pdb
  number 400
  inside box 1. 1. 1. 31. 31. 12.
end structure

structure mol/water.pdb
  number 400
  inside box 1. 1. 65. 31. 31. 76.
end structure
PACK
packmol < "$D/packmol.inp" > packmol.log
$GMX editconf -f packed.pdb -box 3.2 3.2 7.7 -o start.gro > editconf.log 2>&1
cp "$D/topol.top" topol.top
T0=$SECONDS
$GMX grompp -f "$D/em.mdp" -c start.gro -p topol.top -maxwarn 1 -o em.tpr -po em-out.mdp > grompp-em.log 2>&1
mdrun -deffnm em > mdrun-em.log 2>&1
$GMX grompp -f "$D/nvt.mdp" -c em.gro -p topol.top -maxwarn 1 -o nvt.tpr -po nvt-out.mdp > grompp-nvt.log 2>&1
mdrun -deffnm nvt > mdrun-nvt.log 2>&1
# squeeze: 20 ps at 1000 bar normal to the bilayer (lateral 1 bar) closes the voids of the packmol start,
# which a barostat at 1 bar does not close (no pressure acts across a vacuum gap); then 40 ps at 1 bar
sed -e "s/^ref-p .*/ref-p                   = 1.0 1000.0/" -e "s/^nsteps .*/nsteps                  = 10000        ; 20 ps/" \
    -e "s/^tau-p .*/tau-p                   = 1.0/" -e "s/^ld-seed .*/ld-seed                 = 20241136/" "$D/npt.mdp" > squeeze.mdp
$GMX grompp -f squeeze.mdp -c nvt.gro -t nvt.cpt -p topol.top -maxwarn 1 -o squeeze.tpr -po squeeze-out.mdp > grompp-squeeze.log 2>&1
mdrun -deffnm squeeze > mdrun-squeeze.log 2>&1
$GMX grompp -f "$D/npt.mdp" -c squeeze.gro -t squeeze.cpt -p topol.top -maxwarn 1 -o npt.tpr -po npt-out.mdp > grompp-npt.log 2>&1
mdrun -deffnm npt > mdrun-npt.log 2>&1
equil=$((SECONDS - T0))
for s in "${states[@]}"; do
  case "$s" in 323K|333K) T=${s%K} ;; *) echo "make-lipid.sh: unknown state '$s' (323K or 333K)" >&2; exit 2 ;; esac
  out="$D/$s"; mkdir -p "$out"
  t0=$SECONDS
  start=npt
  if [ "$T" != 323 ]; then   # re-equilibrate at the state's temperature
    sed -e "s/^ref-t .*/ref-t                   = $T/" -e "s/^nsteps .*/nsteps                  = 10000        ; 20 ps/" \
        -e "s/^ld-seed .*/ld-seed                 = 20241135/" "$D/npt.mdp" > "$s-npt.mdp"
    $GMX grompp -f "$s-npt.mdp" -c npt.gro -t npt.cpt -p topol.top -maxwarn 1 -o "$s-npt.tpr" -po "$s-npt-out.mdp" > "grompp-$s-npt.log" 2>&1
    mdrun -deffnm "$s-npt" > "mdrun-$s-npt.log" 2>&1
    start="$s-npt"
  fi
  sed -e "s/^ref-t .*/ref-t                   = $T/" "$D/md.mdp" > "$s-md.mdp"
  $GMX grompp -f "$s-md.mdp" -c "$start.gro" -t "$start.cpt" -p topol.top -maxwarn 1 -o "$s-md.tpr" -po "$s-md-out.mdp" > "grompp-$s-md.log" 2>&1
  mdrun -deffnm "$s-md" > "mdrun-$s-md.log" 2>&1
  wall=$((SECONDS - t0))
  cp "$start.gro" "$out/conf.gro"
  cp "$s-md.xtc" "$out/traj.xtc"
  printf "Box-X\nBox-Z\nDensity\n" | $GMX energy -f "$start.edr" -b $([ "$start" = npt ] && echo 20 || echo 0) -o "$s-npt-energy.xvg" > "$s-npt-energy.log" 2>&1
  printf "Temperature\nPres-XX\nPres-ZZ\nPotential\n" | $GMX energy -f "$s-md.edr" -o "$s-md-energy.xvg" > "$s-md-energy.log" 2>&1
  echo 0 | $GMX trjconv -f "$s-md.xtc" -s "$s-md.tpr" -pbc mol -o "$s-whole.xtc" > "$s-trjconv.log" 2>&1
  echo 0 | $GMX trjconv -f "$start.gro" -s "$s-md.tpr" -pbc mol -o "$s-whole.gro" > /dev/null 2>&1
  echo 0 | $GMX density -f "$s-md.xtc" -s "$s-md.tpr" -d Z -sl 50 -center -o "$s-density.xvg" > /dev/null 2>&1 || true
  {
    echo "# gmx energy averages over the last 20 ps of NPT ($start.edr); area per lipid = Box-X^2 / 16"
    grep -E "^(Box-X|Box-Z|Density)" "$s-npt-energy.log"
    echo "# gmx energy averages over NVT production ($s-md.edr)"; grep -E "^(Temperature|Pres-XX|Pres-ZZ|Potential)" "$s-md-energy.log"
    echo "# EM: $(grep -E 'Potential Energy|converged' em.log | tr -s ' ' | tr '\n' ' ')"
    echo "# box (production, GRO): $(tail -1 "$out/conf.gro" | tr -s ' ')"
    $PY -c "
import sys; x = float(sys.argv[1]); print(f'area per lipid (production box) {x * x / 16:.3f} nm2')" "$(tail -1 "$out/conf.gro" | awk '{print $1}')"
    $PY "$SCRIPTS/extent_summary.py" "$s-whole.gro" "$s-whole.xtc" "resname DPPC" "name NTM" "name C1P"
    echo "# wall time (mdrun -nt 1, nice 10 on 2 shared cores): shared EM + NVT + NPT $equil s; this state $wall s"
  } > "$out/checks.txt"
  cat "$out/checks.txt"
done
cd - > /dev/null
rm -rf "$W"
