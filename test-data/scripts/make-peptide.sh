#!/bin/bash
# A 10-residue peptide (GKLFEVFKLE, zwitterionic, net charge 0) in TIP3P water, AMBER99SB-ILDN
# (Debian GROMACS amber99sb-ildn.ff), rhombic dodecahedron box (image distance 4.5 nm): the extended
# peptide (~3.5 nm) is about twice half the smallest box width (1.59 nm).
# build (PyMOL fab, extended) -> pdb2gmx -> solvate -> EM -> NVT 20 ps -> NPT 40 ps (1 bar) at 300 K;
# then per state:
#   300K: NVT production 50 ps at 300 K, 101 frames every 0.5 ps (traj.xtc, all atoms)
#   340K: NPT 40 ps at 340 K from the 300 K equilibration, then NVT production 50 ps at 340 K
# dt 4 fs with hydrogen mass repartitioning (peptide H masses x3, taken from the bonded heavy atom, by
# hmr_top.py into a temporary topol-hmr.top for mdrun; GROMACS 2022 has no mass-repartition-factor) and
# h-bond constraints: masses change only the dynamics, not the configurational distribution the CG model
# is trained on. The committed topol.top keeps the force field's masses (cgflow-convert reads them).
# usage: make-peptide.sh [STATE ...]    STATE: 300K 340K (default: both; the shared equilibration always runs)
# Needs Debian packages gromacs, python3-pymol, python3-mdanalysis.
source "$(dirname "$0")/common.sh"
D="$TD/peptide"
SEQ=GKLFEVFKLE
states=("$@")
[ ${#states[@]} -gt 0 ] || states=(300K 340K)
W="$(mktemp -d)"
cd "$W"
# --- shared: peptide, topology, solvated and minimised box
$PY "$SCRIPTS/build_peptide.py" "$SEQ" "$D/peptide.pdb"
$GMX pdb2gmx -f "$D/peptide.pdb" -ff amber99sb-ildn -water tip3p -ignh -o pep.gro -p pdb2gmx.top -i posre.itp > pdb2gmx.log 2>&1
{
  echo "; Peptide $SEQ (N-terminal NH3+, C-terminal COO-, Lys+ x2, Glu- x2: net charge 0) in TIP3P water"
  echo "; AMBER99SB-ILDN (Debian GROMACS 2022 amber99sb-ildn.ff); written by gmx pdb2gmx -ignh from peptide.pdb"
  echo "; (scripts/make-peptide.sh: pdb2gmx's header and its position-restraint include removed)"
  # drop pdb2gmx's header comment (working directory, user) and the POSRES block (posre.itp is not kept)
  sed -n '/^; Include forcefield parameters/,$p' pdb2gmx.top | sed '/^; Include Position restraint file/,/^#endif/d'
} > "$D/topol.top"
$GMX editconf -f pep.gro -bt dodecahedron -box 4.5 -c -o box.gro > editconf.log 2>&1
cp "$D/topol.top" topol.top
$GMX solvate -cp box.gro -cs spc216.gro -p topol.top -o solv.gro > solvate.log 2>&1
cp topol.top "$D/topol.top"       # with the SOL count
$GMX grompp -f "$D/em.mdp" -c solv.gro -p topol.top -o em.tpr -po em-out.mdp > grompp-em.log 2>&1
mdrun -deffnm em > mdrun-em.log 2>&1
$PY "$SCRIPTS/hmr_top.py" topol.top topol-hmr.top 3
T0=$SECONDS
$GMX grompp -f "$D/nvt.mdp" -c em.gro -p topol-hmr.top -o nvt.tpr -po nvt-out.mdp > grompp-nvt.log 2>&1
mdrun -deffnm nvt > mdrun-nvt.log 2>&1
$GMX grompp -f "$D/npt.mdp" -c nvt.gro -t nvt.cpt -p topol-hmr.top -o npt.tpr -po npt-out.mdp > grompp-npt.log 2>&1
mdrun -deffnm npt > mdrun-npt.log 2>&1
equil=$((SECONDS - T0))
for s in "${states[@]}"; do
  case "$s" in 300K|340K) T=${s%K} ;; *) echo "make-peptide.sh: unknown state '$s' (300K or 340K)" >&2; exit 2 ;; esac
  out="$D/$s"; mkdir -p "$out"
  t0=$SECONDS
  start=npt
  if [ "$T" != 300 ]; then   # re-equilibrate at the state's temperature and 1 bar
    sed -e "s/^ref-t .*/ref-t                   = $T/" -e "s/^ld-seed .*/ld-seed                 = 20241125/" "$D/npt.mdp" > "$s-npt.mdp"
    $GMX grompp -f "$s-npt.mdp" -c npt.gro -t npt.cpt -p topol-hmr.top -o "$s-npt.tpr" -po "$s-npt-out.mdp" > "grompp-$s-npt.log" 2>&1
    mdrun -deffnm "$s-npt" > "mdrun-$s-npt.log" 2>&1
    start="$s-npt"
  fi
  sed -e "s/^ref-t .*/ref-t                   = $T/" "$D/md.mdp" > "$s-md.mdp"
  $GMX grompp -f "$s-md.mdp" -c "$start.gro" -t "$start.cpt" -p topol-hmr.top -o "$s-md.tpr" -po "$s-md-out.mdp" > "grompp-$s-md.log" 2>&1
  mdrun -deffnm "$s-md" > "mdrun-$s-md.log" 2>&1
  wall=$((SECONDS - t0))
  cp "$start.gro" "$out/conf.gro"
  cp "$s-md.xtc" "$out/traj.xtc"
  # checks: energies, and the peptide's length against the box on molecules made whole by gmx trjconv
  printf "Density\nVolume\n" | $GMX energy -f "$start.edr" -b 20 -o "$s-npt-energy.xvg" > "$s-npt-energy.log" 2>&1
  printf "Temperature\nPressure\nPotential\n" | $GMX energy -f "$s-md.edr" -o "$s-md-energy.xvg" > "$s-md-energy.log" 2>&1
  echo 1 | $GMX trjconv -f "$s-md.xtc" -s "$s-md.tpr" -pbc mol -o "$s-whole.xtc" > "$s-trjconv.log" 2>&1
  echo 1 | $GMX trjconv -f "$start.gro" -s "$s-md.tpr" -pbc mol -o "$s-whole.gro" > /dev/null 2>&1
  {
    echo "# gmx energy averages over the last 20 ps of NPT ($start.edr)"; grep -E "^(Density|Volume)" "$s-npt-energy.log"
    echo "# gmx energy averages over NVT production ($s-md.edr)"; grep -E "^(Temperature|Pressure|Potential)" "$s-md-energy.log"
    echo "# EM: $(grep -E 'Potential Energy|converged' em.log | tr -s ' ' | tr '\n' ' ')"
    echo "# box (production, GRO): $(tail -1 "$out/conf.gro" | tr -s ' ')"
    $PY "$SCRIPTS/extent_summary.py" "$s-whole.gro" "$s-whole.xtc" protein "name CA and resid 1" "name CA and resid 10"
    echo "# wall time (mdrun -nt 1, nice 10 on 2 shared cores): shared EM + NVT + NPT $equil s; this state $wall s"
  } > "$out/checks.txt"
  cat "$out/checks.txt"
done
cd - > /dev/null
rm -rf "$W"
