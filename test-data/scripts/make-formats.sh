#!/bin/bash
# formats/: one short triclinic trajectory (6 MeOH + 70 SPC/E, 246 atoms, 10 frames) in every format
# cgflow reads, with oracles (the engines' and MDAnalysis' reading of each file); then the LAMMPS part.
source "$(dirname "$0")/common.sh"
D="$TD/formats"; W="$(mktemp -d)"; trap 'rm -rf "$W"' EXIT
O="$SCRIPTS/oracles.py"
GV="GROMACS $(gmx --version 2>/dev/null | awk '/GROMACS version/{print $3}')"
cd "$W"
$PY "$SCRIPTS/molecules.py" mol
# --- build: triclinic box a=b=c=1.5 nm, alpha=70 beta=80 gamma=85 deg
$GMX editconf -f mol/methanol.pdb -box 1.5 1.5 1.5 -angles 70 80 85 -bt triclinic -o box.gro > build.log 2>&1
$GMX insert-molecules -f box.gro -ci mol/methanol.pdb -nmol 5 -seed 1234 -o ins.gro >> build.log 2>&1
cp "$D/topol.top" "$D/meoh.itp" .
# (gmx solvate -maxsol removes surplus water at random, without a seed: use insert-molecules)
$GMX insert-molecules -f ins.gro -ci mol/water.pdb -nmol 70 -try 200 -seed 4321 -o solv.gro >> build.log 2>&1
test "$(sed -n 2p solv.gro | tr -d ' ')" = 246
# --- EM + 20 ps NVT (single precision), 0.9 ps production in double precision (gmx_d)
$GMX grompp -f "$D/em.mdp" -c solv.gro -p topol.top -o em.tpr >> build.log 2>&1
mdrun -deffnm em >> build.log 2>&1
$GMX grompp -f "$D/nvt.mdp" -c em.gro -p topol.top -o nvt.tpr >> build.log 2>&1
mdrun -deffnm nvt >> build.log 2>&1
$GMXD grompp -f "$D/md.mdp" -c nvt.gro -t nvt.cpt -p topol.top -o md.tpr >> build.log 2>&1
$GMXD mdrun -nt 1 -pin off -reprod -deffnm md >> build.log 2>&1
$GMX grompp -f "$D/md.mdp" -c nvt.gro -p topol.top -o names.tpr >> build.log 2>&1   # names for trjconv
# --- the source trajectory: whole molecules (centres in the rectangular brick), then shifted by
#     (0.3, -0.2, 0.25) nm, so that many atoms lie outside the triclinic unit cell. Double precision.
echo 0 | $GMXD trjconv -f md.trr -s md.tpr -pbc mol -ur rect -trans 0.3 -0.2 0.25 -vel -force -o "$D/traj-double.trr" >> build.log 2>&1
cd "$D"
rm -f traj.* conf.* traj-ndec5.gro* *.oracle.txt *.gmxdump.txt traj-bigendian.dcd*
tc() { echo 0 | $GMX trjconv -f traj-double.trr -s "$W/names.tpr" "$@" >> "$W/build.log" 2>&1; }
tc -vel -force -o traj.trr          # single precision, x v f
tc -o traj.xtc                       # precision 1000 (0.001 nm)
tc -o traj.gro                       # multi-frame, with velocities
tc -o traj.pdb                       # multi-model, CRYST1 per model
tc -dump 0 -o conf.gro
tc -dump 0 -o conf.pdb
# higher-precision GRO (5 decimals), written in python from GROMACS' full-precision g96 output
tc -o "$W/hp.g96"
$PY "$SCRIPTS/write_gro_ndec.py" "$W/hp.g96" conf.gro 5 traj-ndec5.gro
# DCD (MDAnalysis) and extended XYZ (ASE) from traj.trr, and the big-endian DCD
$PY "$SCRIPTS/write_dcd_xyz.py" .
$PY "$SCRIPTS/dcd_to_bigendian.py" traj.dcd traj-bigendian.dcd

# --- GROMACS oracles: gmx dump (XTC, TRR), gmx trjconv -> g96 at %15.9f (GRO, PDB, and TRR at full precision)
$GMX dump -f traj.xtc > traj.xtc.gmxdump.txt 2>/dev/null
$GMX dump -f traj.trr > traj.trr.gmxdump.txt 2>/dev/null
$GMXD dump -f traj-double.trr > traj-double.trr.gmxdump.txt 2>/dev/null
$O gmxdump traj.xtc.gmxdump.txt traj.xtc "$GV" traj.xtc.oracle.txt
$O gmxdump traj.trr.gmxdump.txt traj.trr "$GV" traj.trr.oracle.txt
$O gmxdump traj-double.trr.gmxdump.txt traj-double.trr "$GV double precision (gmx_d)" traj-double.trr.oracle.txt
g96() { # g96 FILE GMXCOMMAND OUTNAME PROGRAM
  $2 trjconv -f "$1" -o "$W/$1.g96" >> "$W/build.log" 2>&1 <<< 0
  $O g96 "$W/$1.g96" "$1" "$4" "$3"; }
g96 traj.gro "$GMX" traj.gro.oracle.txt "$GV"
g96 traj-ndec5.gro "$GMX" traj-ndec5.gro.oracle.txt "$GV"
g96 traj.pdb "$GMX" traj.pdb.oracle.txt "$GV"
g96 conf.gro "$GMX" conf.gro.oracle.txt "$GV"
g96 conf.pdb "$GMX" conf.pdb.oracle.txt "$GV"
g96 traj.trr "$GMX" traj.trr.g96.oracle.txt "$GV"
g96 traj-double.trr "$GMXD" traj-double.trr.g96.oracle.txt "$GV double precision (gmx_d)"
# XYZ and DCD were written from traj.trr: their primary oracle is GROMACS' full-precision reading of traj.trr
for f in traj.xyz traj.dcd traj-bigendian.dcd; do
  sed "1s|.*|# oracle: $GV (gmx trjconv -f traj.trr -o .g96, %15.9f) reading traj.trr, the frames that were written into $f|" \
    traj.trr.g96.oracle.txt > $f.oracle.txt
done
# --- MDAnalysis oracles
$O mda traj.xtc traj.xtc.mda.oracle.txt --top conf.gro
$O mda traj.trr traj.trr.mda.oracle.txt --top conf.gro
$O mda traj-double.trr traj-double.trr.mda.oracle.txt --top conf.gro
$O mda traj.gro traj.gro.mda.oracle.txt --split-gro
$O mda traj-ndec5.gro traj-ndec5.gro.mda.oracle.txt --split-gro
$O mda conf.gro conf.gro.mda.oracle.txt --no-time
$O mda traj.pdb traj.pdb.mda.oracle.txt --no-time
$O mda conf.pdb conf.pdb.mda.oracle.txt --no-time
$O mda traj.xyz traj.xyz.mda.oracle.txt --no-time
$O mda traj.dcd traj.dcd.mda.oracle.txt --top conf.gro
$O mda traj-bigendian.dcd traj-bigendian.dcd.mda.oracle.txt --top conf.gro
$O ase traj.xyz traj.xyz.ase.oracle.txt
# --- LAMMPS part
bash "$SCRIPTS/make-formats-lammps.sh"
rm -f .*_offsets.npz .*_offsets.lock
