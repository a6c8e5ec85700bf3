#!/usr/bin/python3
"""Write a single DPPC molecule (GROMOS 54A7 united atoms, the 50 atoms of gromos54a7.ff/dppc.itp in
their order) as a PDB template for packmol: head group up (+z), both palmitoyl chains all-trans down
-z. Bond lengths are roughly right (1.25-1.53 A), angles only roughly: energy minimisation fixes the
rest. The chirality of the glycerol CD (improper 13-14-32-12, +35.26 deg in the force field) is set
by mirroring y when needed, and checked.
usage: build_dppc.py OUT.pdb"""
import math, sys
import numpy as np

names = ["CN1", "CN2", "CN3", "NTM", "CA", "CB", "OA", "P", "OB", "OC", "OD", "CC", "CD", "OE", "C1A", "OF",
         "C1B", "C1C", "C1D", "C1E", "C1F", "C1G", "C1H", "C1I", "C1J", "C1K", "C1L", "C1M", "C1N", "C1O", "C1P",
         "CE", "OG", "C2A", "OH",
         "C2B", "C2C", "C2D", "C2E", "C2F", "C2G", "C2H", "C2I", "C2J", "C2K", "C2L", "C2M", "C2N", "C2O", "C2P"]
head = {  # Angstrom
    "CN1": (1.5, 0.0, 9.6), "CN2": (-0.6, 1.2, 9.6), "CN3": (-0.6, -1.2, 9.6), "NTM": (0.1, 0.0, 9.1),
    "CA": (0.1, 0.0, 7.6), "CB": (0.1, 1.2, 6.65), "OA": (0.1, 1.2, 5.2), "P": (-0.5, 0.0, 4.5),
    "OB": (-1.9, 0.0, 5.0), "OC": (0.3, -1.2, 5.0), "OD": (-0.5, 0.0, 2.9), "CC": (-0.5, 0.3, 1.5),
    "CD": (-0.5, 0.0, 0.0), "OE": (-1.6, 0.0, -0.9), "C1A": (-2.4, 0.0, -1.9), "OF": (-3.5, 0.3, -1.4),
    "CE": (0.9, 0.0, 0.5), "OG": (1.6, 0.0, -0.7), "C2A": (2.4, 0.0, -1.7), "OH": (3.5, 0.3, -1.2),
}

def chain(x, z0, prefix):
    """all-trans zigzag, C-C 1.53 A, C-C-C 111 deg: 1.26 A down per bond, 0.87 A sideways in y"""
    out = {}
    for k, letter in enumerate("BCDEFGHIJKLMNOP"):
        out[f"{prefix}{letter}"] = (x, 0.87 * (k % 2), z0 - 1.26 * k)
    return out

xyz = dict(head)
xyz.update(chain(-2.4, -3.4, "C1"))
xyz.update(chain(2.4, -3.2, "C2"))
p = np.array([xyz[n] for n in names])

def dihedral(a, b, c, d):
    b0, b1, b2 = a - b, c - b, d - c
    b1 = b1 / np.linalg.norm(b1)
    v, w = b0 - np.dot(b0, b1) * b1, b2 - np.dot(b2, b1) * b1
    return math.degrees(math.atan2(np.dot(np.cross(b1, v), w), np.dot(v, w)))

imp = lambda q: dihedral(q[12], q[13], q[31], q[11])     # atoms 13 14 32 12 (1-based)
if imp(p) < 0:
    p[:, 1] *= -1.0
assert imp(p) > 0, imp(p)
d = np.sqrt(((p[:, None] - p[None]) ** 2).sum(-1)) + np.eye(len(p)) * 99
print(f"DPPC template: {len(p)} atoms, CD improper {imp(p):.1f} deg (force field +35.3), closest atom pair {d.min():.2f} A, "
      f"length along z {p[:, 2].max() - p[:, 2].min():.1f} A")
with open(sys.argv[1], "w") as f:
    for i, (n, (x, y, z)) in enumerate(zip(names, p), 1):
        f.write("ATOM  %5d %-4s %-4s %4d    %8.3f%8.3f%8.3f  1.00  0.00          %2s\n" % (i, n, "DPPC", 1, x, y, z, n[0]))
    f.write("END\n")
