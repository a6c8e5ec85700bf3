#!/usr/bin/python3
"""Small H5MD files in the layouts other writers use, and damaged ones, for the H5MD reader's tests.

Writes test-data/formats/h5md/*.h5md with h5py (Debian's python3-h5py; run with /usr/bin/python3 from
anywhere). Every file holds N = 4 particles; the coordinate d of particle i in frame k is
    x = 0.1 * (i + 1) + 0.01 * k + 0.001 * d   nm
(written in the file's own length unit), so a reader's result can be checked against that formula.
h5py writes str attributes as variable-length strings; np.bytes_ ones are fixed-length.

  fixed-interval     step and time as scalar datasets with an offset attribute (step 1000 + 100 k,
                     time 2 + 0.5 k fs); positions in Angstrom; edges a fixed [3] diagonal (3 nm);
                     integer species [1, 1, 2, 2], no mass, no /parameters
  box-own-steps      positions at steps 0, 10, 20, 30, 40; edges [3][3][3] sampled at steps 0, 15, 30
                     (diagonals 3, 3.1, 3.2 nm) with their own step and time; positions in pm
  boundary-none      boundary "none", no edges, no species
  lammps-like        LAMMPS dump h5md: group "all", no unit attributes, edges [T][3] whose step and time
                     are hard links to the positions', time-dependent species [T][N]
  gromacs-like       group "system", fixed-length string units and boundary, edges [T][3][3], int64
                     steps, mass but no species, /h5md/modules
  nan-position       fixed-interval layout; frame 1, particle 3, y is NaN
  inf-box            box-own-steps layout; the third edges sample has an infinite element
  species-count      species has 3 entries for 4 particles
  step-count         the position step dataset has 4 entries for 5 frames
  edges-shape        fixed edges of shape [2][3]
  species-name       box-own-steps with /parameters/topology/species_names ["../x", "B"] (a bead type that would
                     name a file outside the tables folder)
  species-index      species [0, 0, 1, 7] with two species names
  exclusion-range    /connectivity with an exclusion [0, 99]
  bond-self          /connectivity with a bond [0, 0]
  bond-float         /connectivity with bond indices stored as floating-point numbers
  huge-position      fixed-interval layout; frame 2, particle 1, x is 1e30 Angstrom (finite, but no simulation)
  mass-string        box-own-steps with the masses stored as strings
  no-edges           box-own-steps with a periodic box but no edges

Run with names to write only those files (the others keep their bytes): make-h5md-variants.py bond-self …
"""
import sys
import os

import h5py
import numpy as np

N = 4
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "formats", "h5md")


def positions(frames, scale=1.0):
    k = np.arange(frames)[:, None, None]
    i = np.arange(N)[None, :, None]
    d = np.arange(3)[None, None, :]
    return ((0.1 * (i + 1) + 0.01 * k + 0.001 * d) * scale).astype(np.float32)


def h5md_root(f, creator="make-h5md-variants.py"):
    h = f.create_group("h5md")
    h.attrs["version"] = np.array([1, 1])
    h.create_group("author").attrs["name"] = "cgflow test data"
    c = h.create_group("creator")
    c.attrs["name"] = creator
    c.attrs["version"] = "1"


def fixed_interval(path, nan=False):
    with h5py.File(path, "w") as f:
        h5md_root(f)
        p = f.create_group("particles/all")
        box = p.create_group("box")
        box.attrs["dimension"] = 3
        box.attrs["boundary"] = ["periodic", "periodic", "periodic"]
        e = box.create_dataset("edges", data=np.array([30.0, 30.0, 30.0], dtype=np.float32))
        e.attrs["unit"] = "Angstrom"
        x = positions(4, 10.0)
        if nan:
            x[1, 2, 1] = np.nan
        pos = p.create_group("position")
        v = pos.create_dataset("value", data=x)
        v.attrs["unit"] = "Angstrom"
        s = pos.create_dataset("step", data=np.int32(100))
        s.attrs["offset"] = np.int32(1000)
        t = pos.create_dataset("time", data=np.float64(0.5))
        t.attrs["offset"] = np.float64(2.0)
        t.attrs["unit"] = "fs"
        p.create_dataset("species", data=np.array([1, 1, 2, 2], dtype=np.int32))


def box_own_steps(path, inf=False):
    with h5py.File(path, "w") as f:
        h5md_root(f)
        p = f.create_group("particles/all")
        box = p.create_group("box")
        box.attrs["dimension"] = 3
        box.attrs["boundary"] = ["periodic", "periodic", "periodic"]
        edges = box.create_group("edges")
        m = np.array([np.eye(3) * (3.0 + 0.1 * j) for j in range(3)], dtype=np.float32)
        if inf:
            m[2, 1, 1] = np.inf
        v = edges.create_dataset("value", data=m)
        v.attrs["unit"] = "nm"
        edges.create_dataset("step", data=np.array([0, 15, 30], dtype=np.int64))
        t = edges.create_dataset("time", data=np.array([0.0, 0.03, 0.06]))
        t.attrs["unit"] = "ps"
        pos = p.create_group("position")
        v = pos.create_dataset("value", data=positions(5, 1000.0))
        v.attrs["unit"] = "pm"
        pos.create_dataset("step", data=np.array([0, 10, 20, 30, 40], dtype=np.int64))
        t = pos.create_dataset("time", data=np.array([0.0, 0.02, 0.04, 0.06, 0.08]))
        t.attrs["unit"] = "ps"
        p.create_dataset("species", data=np.zeros(N, dtype=np.int32))
        m = p.create_dataset("mass", data=np.full(N, 39.948))
        m.attrs["unit"] = "amu"


def boundary_none(path):
    with h5py.File(path, "w") as f:
        h5md_root(f)
        p = f.create_group("particles/all")
        box = p.create_group("box")
        box.attrs["dimension"] = 3
        box.attrs["boundary"] = ["none", "none", "none"]
        pos = p.create_group("position")
        pos.create_dataset("value", data=positions(3)).attrs["unit"] = "nm"
        pos.create_dataset("step", data=np.arange(3))
        pos.create_dataset("time", data=np.arange(3) * 0.1).attrs["unit"] = "ps"


def lammps_like(path):
    with h5py.File(path, "w") as f:
        h5md_root(f, "LAMMPS")
        p = f.create_group("particles/all")
        box = p.create_group("box")
        box.attrs["dimension"] = 3
        box.attrs["boundary"] = ["periodic", "periodic", "periodic"]
        pos = p.create_group("position")
        pos.create_dataset("value", data=positions(3))
        pos.create_dataset("step", data=np.array([0, 500, 1000], dtype=np.int32))
        pos.create_dataset("time", data=np.array([0.0, 1.0, 2.0]))
        edges = box.create_group("edges")
        edges.create_dataset("value", data=np.array([[2.5, 2.6, 2.7]] * 3))
        edges["step"] = pos["step"]
        edges["time"] = pos["time"]
        species = p.create_group("species")
        species.create_dataset("value", data=np.array([[1, 2, 1, 2]] * 3, dtype=np.int32))
        species["step"] = pos["step"]
        species["time"] = pos["time"]


def gromacs_like(path):
    fixed = lambda s: np.bytes_(s)  # noqa: E731  fixed-length string
    with h5py.File(path, "w") as f:
        h5md_root(f, "GROMACS")
        f["h5md"].create_group("modules").create_group("units").attrs["version"] = np.array([1, 0])
        p = f.create_group("particles/system")
        box = p.create_group("box")
        box.attrs["dimension"] = np.int32(3)
        box.attrs["boundary"] = np.array([b"periodic"] * 3, dtype="S8")
        edges = box.create_group("edges")
        edges.create_dataset("value", data=np.array([np.diag([2.0, 2.0, 2.0])] * 2, dtype=np.float32)).attrs[
            "unit"] = fixed("nm")
        edges.create_dataset("step", data=np.array([0, 5000], dtype=np.int64))
        edges.create_dataset("time", data=np.array([0.0, 10.0])).attrs["unit"] = fixed("ps")
        pos = p.create_group("position")
        pos.create_dataset("value", data=positions(2), chunks=(1, N, 3), compression="gzip").attrs[
            "unit"] = fixed("nm")
        pos.create_dataset("step", data=np.array([0, 5000], dtype=np.int64))
        pos.create_dataset("time", data=np.array([0.0, 10.0])).attrs["unit"] = fixed("ps")
        p.create_dataset("mass", data=np.array([15.035, 15.035, 14.027, 14.027], dtype=np.float32)).attrs[
            "unit"] = fixed("amu")


def species_count(path):
    box_own_steps(path)
    with h5py.File(path, "a") as f:
        del f["particles/all/species"]
        f["particles/all"].create_dataset("species", data=np.zeros(N - 1, dtype=np.int32))


def step_count(path):
    box_own_steps(path)
    with h5py.File(path, "a") as f:
        del f["particles/all/position/step"]
        f["particles/all/position"].create_dataset("step", data=np.array([0, 10, 20, 30], dtype=np.int64))


def named_species(path, names, species):
    box_own_steps(path)
    with h5py.File(path, "a") as f:
        del f["particles/all/species"]
        f["particles/all"].create_dataset("species", data=np.array(species, dtype=np.int32))
        f.create_group("parameters/topology").create_dataset("species_names", data=np.array(names, dtype=object),
                                                              dtype=h5py.string_dtype())


def connectivity(path, exclusions=None, bonds=None):
    named_species(path, ["A", "B"], [0, 0, 1, 1])
    with h5py.File(path, "a") as f:
        c = f.create_group("connectivity")
        c.create_dataset("molecule", data=np.array([0, 0, 1, 1], dtype=np.int32))
        if exclusions is not None:
            c.create_dataset("exclusions", data=np.array(exclusions, dtype=np.int32))
        if bonds is not None:
            c.create_dataset("bonds", data=np.array(bonds))
            c.create_dataset("bond_types", data=np.array(["b"] * len(bonds), dtype=object), dtype=h5py.string_dtype())


def huge_position(path):
    fixed_interval(path)
    with h5py.File(path, "a") as f:
        v = f["particles/all/position/value"]
        x = v[...]
        x[2, 0, 0] = 1e30
        v[...] = x


def mass_string(path):
    box_own_steps(path)
    with h5py.File(path, "a") as f:
        del f["particles/all/mass"]
        f["particles/all"].create_dataset("mass", data=np.array([b"heavy"] * N))


def no_edges(path):
    box_own_steps(path)
    with h5py.File(path, "a") as f:
        del f["particles/all/box/edges"]


def edges_shape(path):
    fixed_interval(path)
    with h5py.File(path, "a") as f:
        del f["particles/all/box/edges"]
        f["particles/all/box"].create_dataset("edges", data=np.ones((2, 3), dtype=np.float32))


if __name__ == "__main__":
    os.makedirs(here, exist_ok=True)
    for name, make in [("fixed-interval", fixed_interval), ("box-own-steps", box_own_steps),
                       ("boundary-none", boundary_none), ("lammps-like", lammps_like),
                       ("gromacs-like", gromacs_like),
                       ("nan-position", lambda p: fixed_interval(p, nan=True)),
                       ("inf-box", lambda p: box_own_steps(p, inf=True)),
                       ("species-count", species_count), ("step-count", step_count),
                       ("edges-shape", edges_shape),
                       ("species-name", lambda p: named_species(p, ["../x", "B"], [0, 0, 1, 1])),
                       ("species-index", lambda p: named_species(p, ["A", "B"], [0, 0, 1, 7])),
                       ("exclusion-range", lambda p: connectivity(p, exclusions=[[0, 99]])),
                       ("bond-self", lambda p: connectivity(p, bonds=np.array([[0, 0]], dtype=np.int32))),
                       ("bond-float", lambda p: connectivity(p, bonds=np.array([[0.0, 1.0]]))),
                       ("huge-position", huge_position), ("mass-string", mass_string),
                       ("no-edges", no_edges)]:
        if len(sys.argv) > 1 and name not in sys.argv[1:]:
            continue
        make(os.path.join(here, name + ".h5md"))
        print(name)
