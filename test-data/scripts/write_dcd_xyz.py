#!/usr/bin/python3
"""Write traj.dcd (MDAnalysis DCDWriter, CHARMM file layout with unit cell, little-endian) and
traj.xyz (extended XYZ via ASE) from traj.trr (topology conf.gro), in Angstrom.
usage: write_dcd_xyz.py DIR   (reads DIR/conf.gro, DIR/traj.trr)"""
import sys, warnings
warnings.filterwarnings("ignore")
import numpy as np
import MDAnalysis as mda
import ase, ase.io

d = sys.argv[1]
u = mda.Universe(f"{d}/conf.gro", f"{d}/traj.trr")
# header: nsavc = MD steps between frames, delta = MD time step (0.002 ps); MDAnalysis stores delta in AKMA
steps = [ts.data["step"] for ts in u.trajectory]
nsavc = steps[1] - steps[0]
with mda.Writer(f"{d}/traj.dcd", n_atoms=u.atoms.n_atoms, dt=u.trajectory.dt, nsavc=nsavc, istart=steps[0],
                remarks="cgflow formats test: MeOH/SPC-E, triclinic, from traj.trr") as w:
    for ts in u.trajectory:
        w.write(u.atoms)
elements = [n[0] for n in u.atoms.names]        # OPLS names start with the element letter (C, H, O)
images = []
for ts in u.trajectory:
    a = ase.Atoms(symbols=elements, positions=u.atoms.positions.astype(np.float64),
                  cell=ts.triclinic_dimensions.astype(np.float64), pbc=True)
    images.append(a)
ase.io.write(f"{d}/traj.xyz", images, format="extxyz")
print(f"wrote {d}/traj.dcd and {d}/traj.xyz: {len(images)} frames, {u.atoms.n_atoms} atoms")
