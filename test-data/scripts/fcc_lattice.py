#!/usr/bin/python3
"""Write an fcc lattice of single-atom molecules as a GRO file (deterministic).
usage: fcc_lattice.py NCELLS BOX_NM RESNAME ATOMNAME OUT.gro"""
import sys
n, L, res, name, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
a = L / n
basis = [(0, 0, 0), (0.5, 0.5, 0), (0.5, 0, 0.5), (0, 0.5, 0.5)]
pos = [((i + bx + 0.25) * a, (j + by + 0.25) * a, (k + bz + 0.25) * a)
       for i in range(n) for j in range(n) for k in range(n) for bx, by, bz in basis]
with open(out, "w") as f:
    f.write(f"fcc lattice {n}x{n}x{n} cells, a = {a:.6f} nm\n{len(pos)}\n")
    for i, (x, y, z) in enumerate(pos, 1):
        f.write(f"{i % 100000:5d}{res:<5s}{name:>5s}{i % 100000:5d}{x:8.3f}{y:8.3f}{z:8.3f}\n")
    f.write(f"{L:10.5f}{L:10.5f}{L:10.5f}\n")
