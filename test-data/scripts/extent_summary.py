#!/usr/bin/python3
"""How long are the molecules compared with the box? For a trajectory whose molecules were made whole
(gmx trjconv -pbc mol), print per frame-averaged statistics of each selected molecule's largest
atom-atom distance and of an end-to-end distance, against half the smallest perpendicular box width.
usage: extent_summary.py STRUCTURE WHOLE.xtc SELECTION [END_A END_B]
  SELECTION   MDAnalysis selection of the molecules (split by residue number and segment: one molecule
              per fragment if the structure has bonds, else per residue) e.g. 'protein' or 'resname DPPC'
  END_A END_B optional atom selections (within each molecule) for an end-to-end distance"""
import sys, warnings
warnings.filterwarnings("ignore")
import numpy as np
import MDAnalysis as mda

s, x, sel = sys.argv[1:4]
ends = sys.argv[4:6] if len(sys.argv) > 5 else None
u = mda.Universe(s, x)
atoms = u.select_atoms(sel)
if sel == "protein":
    mols = [atoms]
else:
    mols = [r.atoms for r in atoms.residues]

def half_min_width(dim):
    from MDAnalysis.lib.mdamath import triclinic_vectors
    a, b, c = triclinic_vectors(dim)
    v = abs(np.dot(a, np.cross(b, c)))
    return 0.5 * min(v / np.linalg.norm(np.cross(b, c)), v / np.linalg.norm(np.cross(c, a)),
                     v / np.linalg.norm(np.cross(a, b)))

ext, e2e, half = [], [], []
for ts in u.trajectory:
    half.append(half_min_width(ts.dimensions) / 10)
    for m in mols:
        p = m.positions
        ext.append(np.sqrt(((p[:, None, :] - p[None, :, :]) ** 2).sum(-1)).max() / 10)
        if ends:
            a, b = m.select_atoms(ends[0]).positions[0], m.select_atoms(ends[1]).positions[0]
            e2e.append(np.linalg.norm(a - b) / 10)
ext, half = np.array(ext), np.array(half)
print(f"# molecule extent ({sel}, {len(mols)} molecule(s), {len(u.trajectory)} frames, whole molecules)")
print(f"half the smallest box width: {half.mean():.3f} nm (min {half.min():.3f})")
print(f"largest atom-atom distance per molecule: mean {ext.mean():.3f} nm, min {ext.min():.3f}, max {ext.max():.3f}; "
      f"longer than half the box in {100 * (ext > half.min()).mean():.0f} % of molecule-frames")
if ends:
    e2e = np.array(e2e)
    print(f"end-to-end {ends[0]} .. {ends[1]}: mean {e2e.mean():.3f} nm, min {e2e.min():.3f}, max {e2e.max():.3f}")
