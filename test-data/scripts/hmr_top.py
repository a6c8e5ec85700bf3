#!/usr/bin/python3
"""Hydrogen mass repartitioning for GROMACS 2022 (whose grompp lacks mass-repartition-factor): copy a
topology, giving every hydrogen of the first [ moleculetype ] (the solute) FACTOR times its mass and taking
the difference from the heavy atom it is bonded to. Molecular masses and centres of mass do not change
much, and the configurational distribution not at all; only the dynamics (dt 4 fs with h-bond constraints).
usage: hmr_top.py IN.top OUT.top [FACTOR=3]"""
import sys

src, dst = sys.argv[1], sys.argv[2]
factor = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
lines = open(src).read().split("\n")
section, mol, atoms, bonds = None, 0, {}, []
for i, line in enumerate(lines):
    s = line.split(";")[0].strip()
    if s.startswith("["):
        section = s.strip("[] ")
        mol += section == "moleculetype"
        continue
    if mol != 1 or not s or s.startswith("#"):
        continue
    f = s.split()
    if section == "atoms":
        atoms[int(f[0])] = [i, f[4], float(f[7])]
    elif section == "bonds":
        bonds.append((int(f[0]), int(f[1])))
moved = 0
for a, b in bonds:
    for h, heavy in ((a, b), (b, a)):
        if atoms[h][1].startswith("H") and not atoms[heavy][1].startswith("H"):
            extra = (factor - 1.0) * atoms[h][2]
            atoms[h][2] += extra
            atoms[heavy][2] -= extra
            moved += 1
for nr, (i, name, mass) in atoms.items():
    body, sep, comment = lines[i].partition(";")
    f = body.split()
    f[7] = f"{mass:.5f}"
    lines[i] = "   ".join(f) + (" ;" + comment if sep else "")
open(dst, "w").write("\n".join(lines))
print(f"hmr_top.py: {moved} hydrogens x{factor:g} in the first molecule type ({len(atoms)} atoms)", file=sys.stderr)
