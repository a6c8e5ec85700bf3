#!/usr/bin/python3
"""Build a peptide in an extended (antiparallel-beta: phi -139, psi 135 deg) conformation with PyMOL's
fab (Debian python3-pymol) and write it as PDB (Angstrom). Hydrogens are PyMOL's; pdb2gmx -ignh
replaces them with the force field's.
usage: build_peptide.py SEQUENCE OUT.pdb      e.g. build_peptide.py GKLFEVFKLE peptide.pdb"""
import sys
import numpy as np
from pymol import cmd

seq, out = sys.argv[1], sys.argv[2]
cmd.fab(seq, "pep", ss=2)          # ss=2: antiparallel beta strand
m = cmd.get_model("pep")
x = np.array([a.coord for a in m.atom])
ca = np.array([a.coord for a in m.atom if a.name == "CA"])
d = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))
print(f"{seq}: {len(x)} atoms, CA(1)-CA({len(ca)}) {np.linalg.norm(ca[0] - ca[-1]) / 10:.3f} nm, "
      f"largest atom-atom distance {d.max() / 10:.3f} nm")
cmd.save(out, "pep")
