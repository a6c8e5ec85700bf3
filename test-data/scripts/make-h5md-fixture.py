#!/usr/bin/python3
"""H5MD written by another engine: MDAnalysis's H5MDWriter (Angstrom, ps) copies formats/traj.xtc to
formats/traj-mda.h5md, and MDAnalysis's own reading of that file is its oracle (nm, the oracle format of
formats/README.md). Run with Debian's /usr/bin/python3 from anywhere."""
import os
import MDAnalysis as mda

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "formats")
src = mda.Universe(os.path.join(here, "conf.gro"), os.path.join(here, "traj.xtc"))
out = os.path.join(here, "traj-mda.h5md")
with mda.Writer(out, n_atoms=src.atoms.n_atoms, format="H5MD") as w:
    for ts in src.trajectory:
        w.write(src.atoms)
u = mda.Universe(os.path.join(here, "conf.gro"), out, format="H5MD")
with open(out + ".mda.oracle.txt", "w") as f:
    f.write(f"# oracle: MDAnalysis {mda.__version__} (H5MD.H5MDReader; Angstrom/10) reading traj-mda.h5md\n")
    f.write(f"natoms {u.atoms.n_atoms}\n")
    for ts in u.trajectory:
        f.write(f"frame {ts.frame} step {ts.data['step']} time {ts.time:.9g}\n")
        box = ts.triclinic_dimensions.reshape(-1) / 10.0
        f.write("box " + " ".join(f"{v:.9g}" for v in box) + "\n")
        for x in ts.positions / 10.0:
            f.write(f"{x[0]:.9g} {x[1]:.9g} {x[2]:.9g}\n")
for cache in os.listdir(here):
    if cache.endswith("_offsets.npz") or cache.endswith("_offsets.lock"):
        os.remove(os.path.join(here, cache))
