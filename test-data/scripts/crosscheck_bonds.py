#!/usr/bin/python3
"""Cross-check a CG bond-length distribution of cgflow-reference with MDAnalysis, computed independently:
MDAnalysis reads the atomistic trajectory with a GROMACS .tpr (bonds, masses), makes molecules whole along
their bonds (transformations.unwrap), takes the mass-weighted bead centres of the mapping (YAML read here)
and measures the named bond in every frame. Compared with cgflow's table (bond-NAME.tsv: bin centre, density):
count, mean and standard deviation (cgflow's from its histogram, MDAnalysis's unbinned and binned on the same
grid), the largest |difference| of the densities bin by bin relative to the peak, and the longest bond against
half the smallest box width.
usage: crosscheck_bonds.py TPR XTC MAPPING.yaml BOND_NAME CGFLOW_TABLE.tsv"""
import sys, warnings
warnings.filterwarnings("ignore")
import numpy as np
import yaml
import MDAnalysis as mda
from MDAnalysis import transformations
from MDAnalysis.lib.mdamath import triclinic_vectors

tpr, xtc, mapping, bond, table = sys.argv[1:6]
u = mda.Universe(tpr, xtc)
u.trajectory.add_transformations(transformations.unwrap(u.atoms))
m = yaml.safe_load(open(mapping))
pairs = []          # (atom indices of bead A, of bead B, their masses)
for mol in m["molecules"]:
    beads = {b["name"]: b for b in mol["beads"]}
    names = [b for bb in mol.get("bonds", []) if bb["name"] == bond for b in [bb["beads"]]]
    if not names:
        continue
    if "residue" in mol:
        instances = [r.atoms for r in u.residues if r.resname == mol["residue"]]
    else:
        a = mol["atoms"]
        instances = [u.atoms[a["first"] - 1 + k * a["per_molecule"]: a["first"] - 1 + (k + 1) * a["per_molecule"]]
                     for k in range(a["count"] // a["per_molecule"])]
    for inst in instances:
        def idx(bead):
            out = []
            for at in beads[bead]["atoms"]:
                out.append(inst[at - 1].index if isinstance(at, int) else inst.select_atoms(f"name {at}")[0].index)
            return np.array(out)
        for a, b in names:
            pairs.append((idx(a), idx(b)))
mass = u.atoms.masses
lengths, half = [], []
for ts in u.trajectory:
    x = u.atoms.positions.astype(np.float64) / 10.0
    for ia, ib in pairs:
        ca = (x[ia] * mass[ia, None]).sum(0) / mass[ia].sum()
        cb = (x[ib] * mass[ib, None]).sum(0) / mass[ib].sum()
        lengths.append(np.linalg.norm(ca - cb))
    a, b, c = triclinic_vectors(ts.dimensions) / 10.0
    v = abs(np.dot(a, np.cross(b, c)))
    half.append(0.5 * min(v / np.linalg.norm(np.cross(b, c)), v / np.linalg.norm(np.cross(c, a)), v / np.linalg.norm(np.cross(a, b))))
lengths = np.array(lengths)
import os
for ext in ("npz", "lock"):     # MDAnalysis caches XTC offsets next to the file: do not leave them behind
    c = os.path.join(os.path.dirname(xtc), "." + os.path.basename(xtc) + "_offsets." + ext)
    if os.path.exists(c):
        os.remove(c)
t = np.loadtxt(table, comments="#")
xc, p = t[:, 0], t[:, 1]
w = xc[1] - xc[0]
lo = xc[0] - w / 2
mean_c = (xc * p).sum() * w
std_c = np.sqrt(((xc - mean_c) ** 2 * p).sum() * w)
hist, _ = np.histogram(lengths, bins=len(xc), range=(lo, lo + len(xc) * w))
p_m = hist / (len(lengths) * w)
xb = (lengths // w) * w + w / 2          # MDAnalysis values put on the bin centres
print(f"# bond {bond}: cgflow-reference table {table.split('/')[-1]} vs MDAnalysis {mda.__version__} "
      f"(unwrap along the .tpr bonds, mass-weighted bead centres from {mapping.split('/')[-1]})")
print(f"instances {len(pairs)} per frame, {len(u.trajectory)} frames, {len(lengths)} lengths")
print(f"mean   cgflow {mean_c:.5f} nm   MDAnalysis {lengths.mean():.5f} (binned {xb.mean():.5f})")
print(f"std    cgflow {std_c:.5f} nm   MDAnalysis {lengths.std():.5f} (binned {xb.std():.5f})")
print(f"density: max |cgflow - MDAnalysis| {np.abs(p - p_m).max():.4g} /nm = {100 * np.abs(p - p_m).max() / p.max():.2f} % of the peak "
      f"({p.max():.4g} /nm); bins differing by more than one count: {int((np.abs(p - p_m) * len(lengths) * w > 1.0 + 1e-6).sum())}")
print(f"longest bond {lengths.max():.4f} nm (MDAnalysis); cgflow's largest non-empty bin ends at "
      f"{xc[p > 0].max() + w / 2:.4f} nm; half the smallest box width {min(half):.4f} nm")
