#!/bin/bash
# formats/lammps/: short serial LAMMPS runs (binary LJ, units real) in a triclinic and an
# orthorhombic box; dumps in several column conventions + data files; oracles.
source "$(dirname "$0")/common.sh"
D="$TD/formats/lammps"; W="$(mktemp -d)"; trap 'rm -rf "$W"' EXIT
O="$SCRIPTS/oracles.py"
LV="LAMMPS $(lmp -h | sed -n 's/.*Simulator - \(.*\)$/\1/p' | head -1 | tr -d '-' | tr -s ' ')"
cp "$D/in.triclinic.lmp" "$D/in.ortho.lmp" "$W/"
cd "$W"
lmp -in in.triclinic.lmp -var refdump ref-tric.lammpstrj -log log.triclinic.lammps -screen none
lmp -in in.ortho.lmp -var refdump ref-ortho.lammpstrj -log log.ortho.lammps -screen none
cd "$D"
rm -f *.lammpstrj *.lammps *.oracle.txt
cp "$W"/dump-*.lammpstrj "$W"/data*.lammps "$W"/log.*.lammps .
# oracles from LAMMPS' own full-precision reference dump of the same steps (sorted by id)
$O lammps "$W/ref-tric.lammpstrj" dump-xyz.lammpstrj dump-xyz.lammpstrj.oracle.txt --columns x --dt-fs 5 --program "$LV"
$O lammps "$W/ref-tric.lammpstrj" dump-scaled.lammpstrj dump-scaled.lammpstrj.oracle.txt --columns xs --dt-fs 5 --program "$LV"
$O lammps "$W/ref-tric.lammpstrj" dump-unwrapped.lammpstrj dump-unwrapped.lammpstrj.oracle.txt --columns xu --dt-fs 5 --program "$LV"
$O lammps "$W/ref-tric.lammpstrj" dump-shuffled.lammpstrj dump-shuffled.lammpstrj.oracle.txt --columns x --dt-fs 5 --program "$LV"
$O lammps "$W/ref-ortho.lammpstrj" dump-ortho.lammpstrj dump-ortho.lammpstrj.oracle.txt --columns x --dt-fs 5 --program "$LV"
# MDAnalysis: dump frames are 100 steps * 5 fs = 0.5 ps apart (MDAnalysis' time starts at 0, not at step*dt)
$O mda dump-xyz.lammpstrj dump-xyz.lammpstrj.mda.oracle.txt --format LAMMPSDUMP --lammps-convention unscaled --dt 0.5
$O mda dump-scaled.lammpstrj dump-scaled.lammpstrj.mda.oracle.txt --format LAMMPSDUMP --lammps-convention scaled --dt 0.5
$O mda dump-unwrapped.lammpstrj dump-unwrapped.lammpstrj.mda.oracle.txt --format LAMMPSDUMP --lammps-convention unwrapped --dt 0.5
$O mda dump-shuffled.lammpstrj dump-shuffled.lammpstrj.mda.oracle.txt --format LAMMPSDUMP --lammps-convention unscaled --dt 0.5
$O mda dump-ortho.lammpstrj dump-ortho.lammpstrj.mda.oracle.txt --format LAMMPSDUMP --lammps-convention unscaled --dt 0.5
# data files (structures): first frame of the reference dump = the write_data step
for p in "data.lammps ref-tric" "data-ortho.lammps ref-ortho"; do
  set -- $p
  awk -v n=209 'NR==1{s=0} /^ITEM: TIMESTEP/{s++} s==1' "$W/$2.lammpstrj" > "$W/$2-first.lammpstrj"
  $O lammps "$W/$2-first.lammpstrj" "$1" "$1.oracle.txt" --columns x --dt-fs 5 --program "$LV (write_data)"
  $O mda "$1" "$1.mda.oracle.txt" --format DATA --atom-style "id type x y z" --no-time
done
