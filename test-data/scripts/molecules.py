#!/usr/bin/python3
"""Write single-molecule PDB templates (Angstrom) for packmol: water (SPC/E geometry),
methanol and propane (OPLS-AA atom names), with idealised bond lengths and angles.
usage: molecules.py OUTDIR"""
import math, os, sys

def norm(v):
    n = math.sqrt(sum(c * c for c in v)); return [c / n for c in v]
def add(a, b): return [x + y for x, y in zip(a, b)]
def sub(a, b): return [x - y for x, y in zip(a, b)]
def mul(a, s): return [x * s for x in a]
def cross(a, b): return [a[1]*b[2]-a[2]*b[1], a[2]*b[0]-a[0]*b[2], a[0]*b[1]-a[1]*b[0]]

def methyl_h(c, nb, ref, d=1.09):
    """three H on carbon c bonded to nb; ref fixes the azimuth"""
    u = norm(sub(c, nb)); p = norm(cross(u, sub(ref, c))); q = cross(u, p)
    th = math.radians(180 - 109.47)
    out = []
    for k in range(3):
        ph = math.radians(120 * k)
        dirv = add(mul(u, math.cos(th)), add(mul(p, math.sin(th) * math.cos(ph)), mul(q, math.sin(th) * math.sin(ph))))
        out.append(add(c, mul(dirv, d)))
    return out

def methylene_h(c, n1, n2, d=1.09):
    b = norm(add(norm(sub(c, n1)), norm(sub(c, n2))))
    p = norm(cross(sub(n1, c), sub(n2, c)))
    half = math.radians(107.8 / 2)
    return [add(c, mul(add(mul(b, math.cos(half)), mul(p, s * math.sin(half))), d)) for s in (1, -1)]

def write(path, resname, atoms):
    with open(path, "w") as f:
        for i, (name, el, (x, y, z)) in enumerate(atoms, 1):
            f.write("HETATM%5d %-4s %-4s %4d    %8.3f%8.3f%8.3f  1.00  0.00          %2s\n"
                    % (i, name, resname, 1, x, y, z, el))
        f.write("END\n")

def main(out):
    os.makedirs(out, exist_ok=True)
    # SPC/E water: O-H 1.0 A, H-O-H 109.47 deg
    a = math.radians(109.47 / 2)
    write(f"{out}/water.pdb", "SOL", [("OW", "O", [0, 0, 0]), ("HW1", "H", [math.sin(a), math.cos(a), 0]),
                                       ("HW2", "H", [-math.sin(a), math.cos(a), 0])])
    # methanol: C-O 1.41, O-H 0.945, C-O-H 108.5
    C, O = [0, 0, 0], [1.41, 0, 0]
    t = math.radians(180 - 108.5)
    HO = [O[0] + 0.945 * math.cos(t), 0.945 * math.sin(t), 0]
    hs = methyl_h(C, O, HO)
    write(f"{out}/methanol.pdb", "MeOH", [("C", "C", C), ("H1", "H", hs[0]), ("H2", "H", hs[1]),
                                          ("H3", "H", hs[2]), ("OA", "O", O), ("HO", "H", HO)])
    # propane: C-C 1.529, C-C-C 112.7
    h = math.radians(112.7 / 2)
    C2 = [0, 0, 0]; C1 = [-1.529 * math.sin(h), -1.529 * math.cos(h), 0]; C3 = [1.529 * math.sin(h), -1.529 * math.cos(h), 0]
    h1 = methyl_h(C1, C2, C3); h3 = methyl_h(C3, C2, C1); h2 = methylene_h(C2, C1, C3)
    write(f"{out}/propane.pdb", "PRP", [("C1", "C", C1), ("H11", "H", h1[0]), ("H12", "H", h1[1]), ("H13", "H", h1[2]),
                                         ("C2", "C", C2), ("H21", "H", h2[0]), ("H22", "H", h2[1]),
                                         ("C3", "C", C3), ("H31", "H", h3[0]), ("H32", "H", h3[1]), ("H33", "H", h3[2])])

if __name__ == "__main__":
    main(sys.argv[1])
