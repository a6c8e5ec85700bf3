"""MDAnalysis peer of the reference benchmark (bench/reference-benchmark.sh).

The job: map every SOL molecule to one bead W at its centre of mass (molecules made whole first),
then the W-W radial distribution function from 0 to 1.2 nm, bin width 0.002 nm, over all frames.

  mda_rdf.py job     TPR XTC OUT.tsv          mapping + InterRDF (the whole job, timed from outside)
  mda_rdf.py centres TPR XTC CENTRES.npz      mapping only: bead positions (Å) and boxes, to a file
  mda_rdf.py rdf     CENTRES.npz OUT.tsv SECS InterRDF alone on centres loaded into memory; writes the
                                              seconds of InterRDF.run() to SECS
  mda_rdf.py shifted CENTRES.npz OUT.tsv      InterRDF with its range shifted by half a bin, (-0.001,
                                              1.199) nm, so that its bins are [(k-1/2)w, (k+1/2)w) like
                                              those of gmx rdf and csg_stat (for the cross-check only)

MDAnalysis works in Å: the range (0, 1.2) nm is range=(0, 12) Å with nbins=600. The output TSV has
columns r (nm, bin centre) and g. exclusion_block=(1, 1) removes the self pairs (distance 0); with it
InterRDF normalises by N(N-1) pairs, gmx rdf and csg_stat by N^2 (see the cross-check).
"""
import sys
import time

import numpy as np
import MDAnalysis as mda
from MDAnalysis.analysis.rdf import InterRDF
from MDAnalysis.coordinates.memory import MemoryReader
from MDAnalysis.lib.distances import minimize_vectors

NBINS = 600
RANGE_A = (0.0, 12.0)  # Å  (0 to 1.2 nm)


def centres(tpr, xtc):
    """Mass-weighted centres of every SOL molecule, per frame, made whole by the minimum image
    convention relative to the molecule's first atom. Vectorised over molecules with numpy."""
    u = mda.Universe(tpr, xtc)
    sol = u.select_atoms("resname SOL")
    res = sol.residues
    sizes = np.array([len(r.atoms) for r in res])
    k = int(sizes[0])
    if not np.all(sizes == k) or sol.n_atoms != k * len(res):
        raise SystemExit("expected SOL residues of equal size")
    n = len(res)
    m = sol.masses.reshape(n, k, 1)
    mtot = m.sum(axis=1)
    out = np.empty((u.trajectory.n_frames, n, 3), dtype=np.float32)
    dims = np.empty((u.trajectory.n_frames, 6), dtype=np.float32)
    for f, ts in enumerate(u.trajectory):
        x = sol.positions.reshape(n, k, 3)
        d = (x - x[:, :1]).reshape(-1, 3)
        d = minimize_vectors(d, ts.dimensions).reshape(n, k, 3)  # make whole
        out[f] = x[:, 0] + (m * d).sum(axis=1) / mtot
        dims[f] = ts.dimensions
    return out, dims


def bead_universe(pos, dims):
    n = pos.shape[1]
    cu = mda.Universe.empty(n, n_residues=n, atom_resindex=np.arange(n), trajectory=False)
    cu.add_TopologyAttr("name", ["W"] * n)
    cu.add_TopologyAttr("type", ["W"] * n)
    cu.add_TopologyAttr("resname", ["SOL"] * n)
    cu.load_new(pos, format=MemoryReader, dimensions=dims)
    return cu


def rdf(pos, dims, rng=RANGE_A):
    cu = bead_universe(pos, dims)
    w = cu.atoms
    r = InterRDF(w, w, nbins=NBINS, range=rng, exclusion_block=(1, 1))
    r.run()
    return r.results.bins / 10.0, r.results.rdf


def write(path, x, g):
    np.savetxt(path, np.column_stack([x, g]), fmt="%.6f\t%.8g", header="r_nm\tg", comments="# ")


def main(argv):
    mode = argv[1]
    if mode == "job":
        pos, dims = centres(argv[2], argv[3])
        x, g = rdf(pos, dims)
        write(argv[4], x, g)
    elif mode == "centres":
        pos, dims = centres(argv[2], argv[3])
        np.savez(argv[4], pos=pos, dims=dims)
    elif mode == "rdf":
        with np.load(argv[2]) as z:
            pos, dims = z["pos"], z["dims"]
        t0 = time.perf_counter()
        x, g = rdf(pos, dims)
        secs = time.perf_counter() - t0
        write(argv[3], x, g)
        with open(argv[4], "w") as fh:
            fh.write(f"{secs:.2f}\n")
    elif mode == "shifted":
        with np.load(argv[2]) as z:
            pos, dims = z["pos"], z["dims"]
        h = (RANGE_A[1] - RANGE_A[0]) / NBINS / 2
        x, g = rdf(pos, dims, (RANGE_A[0] - h, RANGE_A[1] - h))
        write(argv[3], x, g)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
