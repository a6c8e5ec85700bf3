#!/usr/bin/python3
"""Independent reference fixtures for cgflow-reference (test-data/reference/).

Run with Debian's python (MDAnalysis 2.4.2, NumPy 1.24.2, PyYAML) and GROMACS 2022.5 `gmx` on PATH:

    /usr/bin/python3 test-data/scripts/make-reference-fixtures.py [--keep-tmp DIR] [--no-votca] [--only SYSTEM ...]

(--only: make just those systems' folders and replace just their lines in reference/checks.txt.)

Nothing here uses cgflow. For every system it
  1. reads the committed conf.gro + traj.xtc (all frames) and the masses from topol.top
     (MDAnalysis ITP parser, includes from /usr/share/gromacs/top), and the cgflow YAML mapping in
     test-data/mappings/;
  2. maps to CG beads in NumPy (float64): every molecule (residue) is made whole by taking each atom
     at its minimum image relative to the molecule's first atom (triclinic-safe: fractional rounding
     followed by a search of the 27 neighbouring images), then the mass-weighted centre per bead;
  3. writes a temporary CG trajectory (cg.gro for names, cg.trr single precision, all frames);
  4. runs MDAnalysis InterRDF and `gmx rdf` on that CG trajectory, and computes in NumPy the RDF in
     cgflow's convention and the bond/angle distributions and moments;
  5. cross-checks the peers against each other (exact bin reconstruction) and, unless --no-votca,
     the mapping against VOTCA csg_map with the mapping XMLs;
  6. writes reference/<system>/* and reference/<system>/summary.json, and reference/checks.txt.
See reference/README.md for the conventions and conversion factors.
"""
import argparse
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")
import numpy as np  # noqa: E402
import yaml  # noqa: E402
import MDAnalysis as mda  # noqa: E402
from MDAnalysis.analysis.rdf import InterRDF  # noqa: E402
from MDAnalysis.coordinates.memory import MemoryReader  # noqa: E402
from MDAnalysis.lib.mdamath import triclinic_vectors  # noqa: E402

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
TD = os.path.dirname(SCRIPTS)
MAPDIR = os.path.join(TD, "mappings")
REFDIR = os.path.join(TD, "reference")
GMXTOP = "/usr/share/gromacs/top"
GMX = os.environ.get("GMX", "gmx")
SCRIPT_NAME = "test-data/scripts/make-reference-fixtures.py"

RDF_BIN = 0.002      # nm
BOND_BIN = 0.001     # nm, bonds histogrammed on [0, BOND_MAX)
BOND_MAX = 1.0
ANGLE_BIN = 1.0      # degrees, angles on [0, 180]
ANGLE_MAX = 180.0
ANG = 10.0           # MDAnalysis length unit is the Angstrom
DIHEDRAL_BIN = 1.0   # degrees, dihedrals on [-180, 180) (none in these systems)

SYSTEMS = [
    dict(name="lj-argon", dir="lj-argon", mapping="lj-argon.yaml", rmax=1.2, votca=None),
    dict(name="methanol-water-x025", dir="methanol-water/x025", mapping="methanol-water.yaml",
         rmax=1.0, votca=("methanol-water.xml", "methanol-water/md.mdp", "SOL")),
    dict(name="methanol-water-x050", dir="methanol-water/x050", mapping="methanol-water.yaml",
         rmax=1.0, votca=("methanol-water.xml", "methanol-water/md.mdp", "SOL")),
    dict(name="propane", dir="propane", mapping="propane.yaml", rmax=1.2,
         votca=("propane.xml", "propane/md.mdp", None)),
    dict(name="methanol-water-x075", dir="methanol-water/x075", mapping="methanol-water.yaml",
         rmax=1.0, votca=("methanol-water.xml", "methanol-water/md.mdp", "SOL")),
    dict(name="spce-water", dir="spce-water", mapping="spce-water.yaml", rmax=1.2,
         votca=("spce-water.xml", "spce-water/md.mdp", None)),
]

CHECKS = []


def log(msg):
    print(msg, flush=True)


def check(msg):
    CHECKS.append(msg)
    log("CHECK " + msg)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run(cmd, cwd, stdin=None):
    env = dict(os.environ, GMX_MAXBACKUP="-1", OMP_NUM_THREADS="1")
    p = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.stderr.write(p.stdout + p.stderr)
        raise RuntimeError("failed: " + " ".join(cmd))
    return p.stdout + p.stderr


def tool_versions():
    gv = run([GMX, "--version"], cwd="/tmp")
    gline = [ln for ln in gv.splitlines() if ln.startswith("GROMACS version")]
    prec = [ln for ln in gv.splitlines() if ln.startswith("Precision")]
    return {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "MDAnalysis": mda.__version__,
        "gromacs": (gline[0].split(":", 1)[1].strip() if gline else "?")
        + (" (" + prec[0].split(":", 1)[1].strip() + " precision)" if prec else ""),
    }


# --------------------------------------------------------------------------------------------
# mapping
# --------------------------------------------------------------------------------------------
def residues_of(u):
    """Runs of consecutive atoms with one (resid, resname): list of atom index arrays."""
    runs, start = [], 0
    resids, resnames = u.atoms.resids, u.atoms.resnames
    for i in range(1, len(u.atoms) + 1):
        if i == len(u.atoms) or resids[i] != resids[start] or resnames[i] != resnames[start]:
            runs.append(np.arange(start, i))
            start = i
    return runs


def build_mapping(mapping, u, masses):
    """Returns a list of molecule records and a list of bead records (bead order = molecules in
    trajectory order, beads in mapping order)."""
    moltypes = {m["residue"]: m for m in mapping["molecules"]}
    beads, mols = [], []
    names = u.atoms.names
    for atoms in residues_of(u):
        resname = u.atoms.resnames[atoms[0]]
        mt = moltypes.get(resname)
        if mt is None:
            continue
        rnames = list(names[atoms])
        assert len(set(rnames)) == len(rnames), f"duplicate atom names in residue {resname}"
        mol = dict(type=mt["name"], first=int(atoms[0]), atoms=atoms, beads=[])
        for b in mt["beads"]:
            idx = np.array([atoms[rnames.index(a)] if isinstance(a, str) else atoms[a - 1]
                            for a in b["atoms"]])
            mode = mt.get("weights", "mass")
            if "weights" in b:
                w = np.array(b["weights"], float)
            elif mode == "mass":
                w = masses[idx].astype(float)
            else:
                w = np.ones(len(idx))
            mol["beads"].append(len(beads))
            beads.append(dict(name=b["name"], type=b.get("type", b["name"]), mol=len(mols),
                              moltype=mt["name"], atoms=idx, w=w / w.sum(), mass=float(masses[idx].sum())))
        mols.append(mol)
    return mols, beads


def min_image(d, H, Hinv):
    """Minimum-image vectors for d[..., 3] in the box with rows H (triclinic-safe)."""
    s = d @ Hinv
    s -= np.round(s)
    d = s @ H
    shifts = np.array([[i, j, k] for i in (-1, 0, 1) for j in (-1, 0, 1) for k in (-1, 0, 1)], float) @ H
    cand = d[..., None, :] + shifts            # (..., 27, 3)
    best = np.argmin((cand ** 2).sum(-1), axis=-1)
    return np.take_along_axis(cand, best[..., None, None], axis=-2)[..., 0, :]


def map_trajectory(u, mols, beads):
    """Bead centres (F, nbeads, 3) float64, box dimensions (F, 6), box matrices (F, 3, 3), times."""
    nb = len(beads)
    # group molecules by atom count for vectorisation
    F = len(u.trajectory)
    X = np.empty((F, nb, 3))
    dims = np.empty((F, 6))
    Hs = np.empty((F, 3, 3))
    times = np.empty(F)
    groups = {}
    for m in mols:
        groups.setdefault((m["type"], len(m["atoms"])), []).append(m)
    prepared = []
    for key, ms in groups.items():
        A = np.array([m["atoms"] for m in ms])                     # (nm, na)
        # weight matrix per molecule: (nm, nbead_per_mol, na)
        W = np.zeros((len(ms), len(ms[0]["beads"]), A.shape[1]))
        bidx = np.array([m["beads"] for m in ms])                   # (nm, nbpm)
        for i, m in enumerate(ms):
            pos = {a: j for j, a in enumerate(m["atoms"])}
            for jb, b in enumerate(m["beads"]):
                for a, w in zip(beads[b]["atoms"], beads[b]["w"]):
                    W[i, jb, pos[a]] = w
        prepared.append((A, W, bidx))
    for f, ts in enumerate(u.trajectory):
        P = ts.positions.astype(np.float64) / ANG          # MDAnalysis works in Angstrom
        dims[f] = ts.dimensions
        dims[f, :3] /= ANG
        H = triclinic_vectors(dims[f]).astype(np.float64)
        Hs[f] = H
        Hinv = np.linalg.inv(H)
        times[f] = ts.time
        for A, W, bidx in prepared:
            x = P[A]                                                # (nm, na, 3)
            d = min_image(x - x[:, :1, :], H, Hinv)
            whole = x[:, :1, :] + d
            X[f, bidx] = np.einsum("mba,mad->mbd", W, whole)
    return X, dims, Hs, times


def write_cg(tmp, mols, beads, X, dims, times):
    nb, nm = len(beads), len(mols)
    cg = mda.Universe.empty(nb, n_residues=nm, atom_resindex=[b["mol"] for b in beads],
                            residue_segindex=[0] * nm, trajectory=True)
    cg.add_TopologyAttr("name", [b["name"] for b in beads])
    cg.add_TopologyAttr("type", [b["type"] for b in beads])
    cg.add_TopologyAttr("resname", [m["type"] for m in mols])
    cg.add_TopologyAttr("resid", list(range(1, nm + 1)))
    cg.add_TopologyAttr("mass", [b["mass"] for b in beads])
    dt = float(times[1] - times[0]) if len(times) > 1 else 1.0
    dA = dims.copy()
    dA[:, :3] *= ANG
    cg.load_new((X * ANG).astype(np.float32), format=MemoryReader, dimensions=dA.astype(np.float32), dt=dt)
    gro, trr = os.path.join(tmp, "cg.gro"), os.path.join(tmp, "cg.trr")
    cg.trajectory[0]
    cg.atoms.write(gro)
    with mda.Writer(trr, nb) as w:
        for ts in cg.trajectory:
            ts.time = times[ts.frame]
            w.write(cg.atoms)
    return gro, trr


# --------------------------------------------------------------------------------------------
# RDFs
# --------------------------------------------------------------------------------------------
def type_pairs(types):
    return [(a, b) for i, a in enumerate(types) for b in types[i:]]


def per_mol_count(beads, t):
    counts = {}
    for b in beads:
        if b["type"] == t:
            counts[b["mol"]] = counts.get(b["mol"], 0) + 1
    vals = set(counts.values())
    assert len(vals) == 1, f"type {t}: beads per molecule not uniform {vals}"
    return vals.pop()


def excluded_intra(mapping, a, b):
    """(has, all_excluded): whether the bead-type pair (a, b) has intra-molecular bead pairs, and
    whether all of them are excluded (exclusions: all, or bonded with every such pair inside one
    bond or angle)."""
    has, allexcl = False, True
    for mt in mapping["molecules"]:
        names = [bd["name"] for bd in mt["beads"]]
        typ = {bd["name"]: bd.get("type", bd["name"]) for bd in mt["beads"]}
        joined = set()
        for inter in mt.get("bonds", []) + mt.get("angles", []):
            bb = inter["beads"]
            joined.update(frozenset((p, q)) for i, p in enumerate(bb) for q in bb[i + 1:])
        excl = mt.get("exclusions", "bonded")
        for i, p in enumerate(names):
            for q in names[i + 1:]:
                if sorted((typ[p], typ[q])) == sorted((a, b)):
                    has = True
                    if excl == "none" or (excl == "bonded" and frozenset((p, q)) not in joined):
                        allexcl = False
    return has, allexcl


def numpy_rdf_counts(X, Hs, ia, ib, same, mol, rmax, w):
    """cgflow-convention pair histogram: unordered pairs (like) or all A x B pairs, intra-molecular
    pairs left out, bins [k w, (k+1) w) from 0, orthorhombic minimum image (asserted)."""
    nbins = int(round(rmax / w))
    counts = np.zeros(nbins, np.int64)
    counts_v = np.zeros(nbins)          # sum over frames of count_k * V_frame
    ma, mb = mol[ia], mol[ib]
    inter = ma[:, None] != mb[None, :]
    if same:
        inter &= np.triu(np.ones((len(ia), len(ib)), bool), 1)
    for f in range(len(X)):
        H = Hs[f]
        assert np.allclose(H, np.diag(np.diag(H))), "numpy RDF check needs an orthorhombic box"
        L = np.diag(H)
        assert rmax < 0.5 * L.min()
        d = X[f, ia][:, None, :] - X[f, ib][None, :, :]
        d -= L * np.round(d / L)
        r = np.sqrt((d ** 2).sum(-1))[inter]
        k = np.floor(r / w).astype(np.int64)
        k = k[k < nbins]
        c = np.bincount(k, minlength=nbins)
        counts += c
        counts_v += c * abs(np.linalg.det(H))
    return counts, counts_v


def shell_volumes_edges(nbins, w):
    e = np.arange(nbins + 1) * w
    return 4.0 / 3.0 * np.pi * np.diff(e ** 3)


def read_xvg(path):
    rows = []
    with open(path) as f:
        for ln in f:
            if ln.startswith(("#", "@")) or not ln.strip():
                continue
            rows.append([float(x) for x in ln.split()])
    return np.array(rows)


def write_table(path, header_lines, columns, data, fmts):
    with open(path, "w") as f:
        for h in header_lines:
            f.write("# " + h + "\n" if h else "#\n")
        f.write("# " + "\t".join(columns) + "\n")
        for row in data:
            f.write("\t".join(fm % v for fm, v in zip(fmts, row)) + "\n")


# --------------------------------------------------------------------------------------------
# bonded
# --------------------------------------------------------------------------------------------
def bonded_values(mapping, mols, beads, X):
    out = {}
    for kind, n in (("bond", 2), ("angle", 3), ("dihedral", 4)):
        for mt in mapping["molecules"]:
            for inter in mt.get(kind + "s", []):
                idx = []
                for m in mols:
                    if m["type"] != mt["name"]:
                        continue
                    byname = {beads[b]["name"]: b for b in m["beads"]}
                    idx.append([byname[x] for x in inter["beads"]])
                if not idx:
                    continue
                idx = np.array(idx)
                P = [X[:, idx[:, j], :] for j in range(n)]   # centres of whole molecules: no PBC
                if kind == "bond":
                    v = np.linalg.norm(P[1] - P[0], axis=-1)
                elif kind == "angle":
                    a, b = P[0] - P[1], P[2] - P[1]
                    c = (a * b).sum(-1) / np.linalg.norm(a, axis=-1) / np.linalg.norm(b, axis=-1)
                    v = np.degrees(np.arccos(np.clip(c, -1.0, 1.0)))
                else:
                    b1, b2, b3 = P[1] - P[0], P[2] - P[1], P[3] - P[2]
                    n1, n2 = np.cross(b1, b2), np.cross(b2, b3)
                    m1 = np.cross(n1, b2 / np.linalg.norm(b2, axis=-1)[..., None])
                    v = np.degrees(np.arctan2((m1 * n2).sum(-1), (n1 * n2).sum(-1)))
                key = (kind, inter["name"])
                out[key] = np.concatenate([out[key], v.ravel()]) if key in out else v.ravel()
    return out


# --------------------------------------------------------------------------------------------
def process(sysd, tmproot, versions, do_votca):
    name = sysd["name"]
    src = os.path.join(TD, sysd["dir"])
    out = os.path.join(REFDIR, name)
    os.makedirs(out, exist_ok=True)
    tmp = os.path.join(tmproot, name)
    os.makedirs(tmp, exist_ok=True)
    # copies, so that MDAnalysis' offset cache files never land in test-data/
    for fn in ("conf.gro", "traj.xtc"):
        shutil.copy(os.path.join(src, fn), os.path.join(tmp, fn))
    mapping_path = os.path.join(MAPDIR, sysd["mapping"])
    with open(mapping_path) as f:
        mapping = yaml.safe_load(f)
    top = mda.Universe(os.path.join(src, "topol.top"), topology_format="ITP", include_dir=GMXTOP)
    u = mda.Universe(os.path.join(tmp, "conf.gro"), os.path.join(tmp, "traj.xtc"))
    assert list(top.atoms.names) == list(u.atoms.names), "topol.top and conf.gro disagree"
    masses = np.asarray(top.atoms.masses, float)
    mols, beads = build_mapping(mapping, u, masses)
    log(f"[{name}] {len(mols)} molecules, {len(beads)} beads, {len(u.trajectory)} frames: mapping")
    X, dims, Hs, times = map_trajectory(u, mols, beads)
    F = len(X)
    vols = np.abs(np.linalg.det(Hs))
    gro, trr = write_cg(tmp, mols, beads, X, dims, times)
    np.save(os.path.join(tmp, "centres.npy"), X)

    types = []
    for b in beads:
        if b["type"] not in types:
            types.append(b["type"])
    btypes = np.array([b["type"] for b in beads])
    bnames = np.array([b["name"] for b in beads])
    bmol = np.array([b["mol"] for b in beads])
    counts_by_type = {t: int((btypes == t).sum()) for t in types}
    names_of_type = {t: sorted(set(bnames[btypes == t])) for t in types}
    rmax, w = sysd["rmax"], RDF_BIN
    nbins = int(round(rmax / w))
    halfbox = 0.5 * min(np.min(np.linalg.norm(Hs, axis=2)), np.min(dims[:, :3]))
    assert rmax < halfbox, f"r_max {rmax} not below half the box {halfbox}"
    prov_inputs = [f"{sysd['dir']}/conf.gro sha256 {sha256(os.path.join(src, 'conf.gro'))}",
                   f"{sysd['dir']}/traj.xtc sha256 {sha256(os.path.join(src, 'traj.xtc'))}",
                   f"{sysd['dir']}/topol.top (masses), mappings/{sysd['mapping']} sha256 "
                   f"{sha256(mapping_path)}"]
    mapnote = ("mapped in NumPy float64 by " + SCRIPT_NAME + ": molecules made whole at the minimum image "
               "of their first atom, mass-weighted bead centres; CG trajectory = single-precision TRR")

    cg = mda.Universe(gro, trr)
    summary = dict(
        system=name, source=sysd["dir"], mapping="mappings/" + sysd["mapping"], frames=F,
        time_ps=[float(times[0]), float(times[-1])],
        beads_per_type=counts_by_type, bead_names_per_type=names_of_type,
        bead_mass_amu={b["name"]: round(b["mass"], 6) for b in beads},
        atom_masses_amu={f"{mols[0]['type']}:{n}": float(m) for n, m in
                         zip(u.atoms.names[mols[0]["atoms"]], masses[mols[0]["atoms"]])},
        molecules=len(mols), mean_box_volume_nm3=float(vols.mean()),
        box_volume_min_max_nm3=[float(vols.min()), float(vols.max())],
        number_density_per_type_nm3={t: counts_by_type[t] / float(vols.mean()) for t in types},
        mean_inverse_volume_nm3=float((1.0 / vols).mean()),
        rdf=dict(r_max_nm=rmax, bin_width_nm=w, bins=nbins, half_box_nm=float(halfbox), pairs={}),
        bonded={}, tools=versions, script=SCRIPT_NAME, quirks=[])
    rdf_checks = {}
    for a, b in type_pairs(types):
        same = a == b
        ga = cg.select_atoms("name " + " ".join(names_of_type[a]))
        gb = cg.select_atoms("name " + " ".join(names_of_type[b]))
        ia = np.where(btypes == a)[0]
        ib = np.where(btypes == b)[0]
        assert list(ga.indices) == list(ia) and list(gb.indices) == list(ib)
        nA, nB = len(ia), len(ib)
        has_intra, all_excl = excluded_intra(mapping, a, b)
        assert all_excl, "fixtures assume all intra-molecular pairs of a pair type are excluded"
        # exclusion_block: beads of the type per molecule (needs the same molecule order in both)
        if same or has_intra:
            xa, xb = per_mol_count(beads, a), per_mol_count(beads, b)
            eb = (xa, xb)
        else:
            eb = None
        # --- MDAnalysis InterRDF
        r = InterRDF(ga, gb, nbins=nbins, range=(0.0, rmax * ANG), exclusion_block=eb)
        r.run()
        N_mda = nA * nB - (nA * eb[1] if eb else 0)   # nA*nB - xA*xB*(nA/xA)
        N_cg = nA * (nA - 1) // 2 if same else nA * nB
        ordered = 2 if same else 1
        f_mda = N_mda / (ordered * N_cg)               # g_cgflow = f_mda * g_mda (constant volume)
        # --- NumPy, cgflow convention (float64 centres)
        cnt, cnt_v = numpy_rdf_counts(X, Hs, ia, ib, same, bmol, rmax, w)
        shell = shell_volumes_edges(nbins, w)
        g_np = cnt_v / (F * N_cg * shell)
        rr = (np.arange(nbins) + 0.5) * w
        base = f"rdf-{a}-{b}"
        mda_cmd = (f"InterRDF(g1=select_atoms('name {' '.join(names_of_type[a])}'), "
                   f"g2=select_atoms('name {' '.join(names_of_type[b])}'), nbins={nbins}, "
                   f"range=(0.0, {rmax * ANG:g}), exclusion_block={eb}).run()  # Angstrom; all {F} frames of cg.trr")
        write_table(os.path.join(out, base + ".mda.tsv"), [
            f"g(r) of bead types {a}-{b}, {name}: MDAnalysis {mda.__version__} InterRDF, norm='rdf'",
            f"command: {mda_cmd}",
            mapnote,
            "r = MDAnalysis bin centres (results.bins, Angstrom, / 10) = (k+1/2)*dr, bins [k dr, (k+1) dr) "
            "from 0 (np.histogram)",
            f"normalisation: count_k / (frames * 4/3 pi (r_k+1^3 - r_k^3) * N / <V>) with N = {N_mda}"
            + (f" = nA*nB - xA*xB*nblocks, exclusion_block={eb}" if eb else " = nA*nB"),
            f"to cgflow's convention multiply g by {f_mda!r} (= N / ({ordered} * {N_cg:g}))",
            f"nA={nA} nB={nB} frames={F} <V>={vols.mean()!r} nm^3",
        ] + prov_inputs, ["r", "g"], zip(r.results.bins / ANG, r.results.rdf), ["%.4f", "%.10g"])
        write_table(os.path.join(out, base + ".numpy.tsv"), [
            f"g(r) of bead types {a}-{b}, {name}, in cgflow's convention: NumPy {np.__version__} "
            f"(function numpy_rdf_counts in {SCRIPT_NAME})",
            mapnote.replace("; CG trajectory = single-precision TRR", "; this file uses the float64 centres directly, not the TRR"),
            "bins [k dr, (k+1) dr), r = bin centre; g_k = sum_frames count_k V_f / (N_pairs * 4/3 pi "
            "((k+1)^3-k^3) dr^3) / frames",
            f"N_pairs = {N_cg:g} ({'N(N-1)/2 unordered' if same else 'NA*NB'}); intra-molecular pairs "
            f"{'not counted, not removed from N_pairs' if has_intra else ': none of this type pair'}",
            "count = pair count summed over all frames",
            f"nA={nA} nB={nB} frames={F} <V>={vols.mean()!r} nm^3",
        ] + prov_inputs, ["r", "g", "count"], zip(rr, g_np, cnt), ["%.4f", "%.10g", "%d"])
        # MDA counts vs NumPy counts (same bins): exact up to float32-vs-float64 edge flips
        mda_cnt_unordered = r.results.count / ordered
        dc = np.abs(mda_cnt_unordered - cnt)
        conv = f_mda * r.results.rdf
        check(f"{name} {base}: MDAnalysis x {f_mda:.9f} vs NumPy cgflow convention: "
              f"counts differ in {int((dc > 0).sum())} of {nbins} bins (max {dc.max():g} of "
              f"{cnt.max()}), max |dg| = {np.abs(conv - g_np).max():.3g}")
        pairinfo = dict(types=[a, b], nA=nA, nB=nB, like=same,
                        intra_molecular_pairs=has_intra, mda_exclusion_block=eb,
                        mda_N=N_mda, cgflow_N_pairs=N_cg,
                        factor_mda_to_cgflow=f_mda,
                        files={"mda": base + ".mda.tsv", "numpy_cgflow": base + ".numpy.tsv"})
        # --- gmx rdf (only where no intra-molecular pair exists: gmx cannot exclude them for CG beads
        #     without a topology with exclusions)
        if not has_intra:
            sa = "name " + " ".join(names_of_type[a])
            sb = "name " + " ".join(names_of_type[b])
            xvg = base + ".gmx.xvg"
            cmd = [GMX, "-quiet", "-nobackup", "rdf", "-f", "cg.trr", "-s", "cg.gro", "-ref", sa,
                   "-sel", sb, "-bin", str(w), "-rmax", str(rmax), "-o", xvg]
            run(cmd, cwd=tmp)
            raw = open(os.path.join(tmp, xvg)).read()
            # drop gmx's machine-specific lines (working dir, date, quote) for reproducible bytes
            # and the random G R O M A C S acronym between "is part of G R O M A C S" and the "@" lines
            keep, acronym = [], False
            for ln in raw.splitlines(True):
                if ln.startswith("#") and "is part of G R O M A C S" in ln:
                    acronym = True
                if ln.startswith("@"):
                    acronym = False
                if ln.startswith("#") and (acronym or any(k in ln for k in (
                        "Working dir", "This file was created", "Data prefix", "Executable",
                        "GROMACS reminds", "Created by"))):
                    continue
                keep.append(ln)
            head = [f"# produced by {SCRIPT_NAME}, in the folder of the temporary CG trajectory "
                    "(cg.trr, cg.gro):\n", "#   " + " ".join(cmd) + "\n", "# " + mapnote + "\n",
                    f"# gmx = GROMACS {versions['gromacs']}; machine-specific header lines (working dir, "
                    "date, executable, acronym) removed\n"]
            with open(os.path.join(out, xvg), "w") as f:
                f.writelines(head + keep)
            G = read_xvg(os.path.join(tmp, xvg))
            Nref = nA
            Nsel = nB
            f_gmx = (Nref * Nsel) / (ordered * N_cg)   # g at gmx grid, cgflow pair normalisation
            write_table(os.path.join(out, base + ".gmx.tsv"), [
                f"g(r) of bead types {a}-{b}, {name}: {versions['gromacs']} gmx rdf, from {xvg}",
                "command: " + " ".join(cmd[1:]),
                mapnote,
                f"r = grid points k*dr; bin k = [(k-1/2) dr, (k+1/2) dr) (bin 0 = [0, dr/2)); normalised by "
                f"the shell volume 4/3 pi (r_k+1/2^3 - r_k-1/2^3), by N_ref={Nref} and <N_sel/V>",
                f"like pairs counted ordered without self pairs; to cgflow's pair normalisation multiply "
                f"g by {f_gmx!r} (= N_ref*N_sel/({ordered}*{N_cg:g})); bins are still offset by dr/2 from "
                "cgflow's",
            ] + prov_inputs, ["r", "g"], G, ["%.4f", "%.10g"])
            # exact cross-check: MDAnalysis at half bins reconstructs gmx's bins
            h = InterRDF(ga, gb, nbins=2 * nbins, range=(0.0, rmax * ANG), exclusion_block=eb)
            h.run()
            c = h.results.count
            K = G.shape[0]
            gc = np.zeros(K)
            gc[0] = c[0]
            for k in range(1, K):
                gc[k] = c[2 * k - 1] + (c[2 * k] if 2 * k < len(c) else 0)
            edges = np.concatenate([[0.0], (np.arange(1, K + 1) - 0.5) * w])
            sv = 4.0 / 3.0 * np.pi * np.diff(edges ** 3)
            g_rec = gc / F / (Nref * Nsel * float((1.0 / vols).mean()) * sv)
            dg = np.abs(G[:, 1] - g_rec)
            per_count = 1.0 / (F * Nref * Nsel * float((1.0 / vols).mean()) * sv)   # g of one pair count
            beyond = np.maximum(dg - 0.0005, 0.0) / per_count                       # beyond xvg rounding
            check(f"{name} {base}: gmx rdf (g printed with 3 decimals) vs MDAnalysis half-bin counts "
                  f"rebinned to gmx's bins and normalisation: {K} points (r 0..{G[-1, 0]:.3f}), "
                  f"max |dg| = {dg.max():.3g}, {int((dg > 0.0005 + 1e-9).sum())} points beyond the "
                  f"0.0005 rounding, by at most {beyond.max():.2f} pair counts (float32 bin-edge flips); "
                  f"total counts gmx {np.round(G[:, 1] / per_count).sum():.0f} vs {gc.sum():.0f}")
            # coordination numbers: cumulative counts are smooth, so they compare across the
            # half-bin offset (gmx edges at (k+1/2)dr, cgflow edges at k*dr) by interpolation
            n_gmx = np.cumsum(G[:, 1] * sv) * Nsel * float((1.0 / vols).mean())        # per ref bead
            e_gmx = (np.arange(K) + 0.5) * w
            n_cg = np.cumsum(cnt) * ordered / F / nA
            e_cg = (np.arange(1, nbins + 1)) * w
            m = (n_cg >= 1.0) & (e_cg <= e_gmx[-1])
            ni = np.interp(e_cg[m], e_gmx, n_gmx)
            relc = np.abs(ni - n_cg[m]) / n_cg[m]
            check(f"{name} {base}: coordination number n(r) per {a} bead, gmx (cumulated, interpolated "
                  f"from its bin edges (k+1/2)dr) vs NumPy cgflow at edges k*dr, from n >= 1 "
                  f"(r >= {e_cg[m][0]:.3f}) to {e_cg[m][-1]:.3f}: max rel diff {relc.max():.2e}, max abs "
                  f"{np.abs(ni - n_cg[m]).max():.3g}; n({e_cg[m][-1]:.3f}) = {n_cg[m][-1]:.4f}")
            # direct comparison as users would do it: interpolate cgflow-convention g to gmx's grid
            g_gmx_cg = f_gmx * G[:, 1]
            gi = np.interp(G[:, 0], rr, g_np)
            sel = (G[:, 0] >= rr[0]) & (G[:, 0] <= rr[-1])
            dd = np.abs(g_gmx_cg - gi)[sel]
            peak = np.argmax(g_np)
            check(f"{name} {base}: gmx x {f_gmx:.9f} vs cgflow-convention NumPy linearly interpolated to "
                  f"gmx's grid: max |dg| = {dd.max():.3g}, rms = {np.sqrt((dd ** 2).mean()):.3g}, "
                  f"mean over r in [{rmax - 0.2:.1f}, {rmax - w:.3f}] gmx {g_gmx_cg[(G[:, 0] >= rmax - 0.2) & (G[:, 0] < rmax - w / 2)].mean():.5f} "
                  f"numpy {g_np[rr >= rmax - 0.2].mean():.5f}; peak numpy {g_np[peak]:.4f} at {rr[peak]:.3f}")
            pairinfo.update(gmx_N_ref=Nref, gmx_N_sel=Nsel, factor_gmx_to_cgflow=f_gmx,
                            gmx_grid="r_k = k*dr for k = 0..r_max/dr-1, bin [(k-1/2)dr, (k+1/2)dr), "
                                     "bin 0 = [0, dr/2); pairs in [r_max-dr/2, r_max] are not reported")
            pairinfo["files"].update(gmx_xvg=xvg, gmx=base + ".gmx.tsv")
        summary["rdf"]["pairs"][f"{a}-{b}"] = pairinfo

    # ---- bonded
    vals = bonded_values(mapping, mols, beads, X)
    if vals:
        lines = [f"# Moments of the CG bonded distributions, {name}: NumPy {np.__version__} float64 over all "
                 f"{F} frames and all instances, unbinned values", "# " + mapnote.replace(
                     "; CG trajectory = single-precision TRR", "; float64 centres directly"),
                 "# std = population standard deviation (ddof=0); std_ddof1 = sample (ddof=1)",
                 *["# " + p for p in prov_inputs],
                 "# kind\tname\tunit\tn\tmean\tstd\tstd_ddof1\tmin\tmax"]
        for (kind, bname), v in vals.items():
            if kind == "bond":
                bw, lo, hi, unit = BOND_BIN, 0.0, BOND_MAX, "nm"
            elif kind == "angle":
                bw, lo, hi, unit = ANGLE_BIN, 0.0, ANGLE_MAX, "deg"
            else:
                bw, lo, hi, unit = DIHEDRAL_BIN, -180.0, 180.0, "deg"
            nb_ = int(round((hi - lo) / bw))
            k = np.floor((v - lo) / bw).astype(np.int64)
            if kind == "angle":
                k[k == nb_] = nb_ - 1      # 180 degrees exactly goes into the last bin
            inside = (k >= 0) & (k < nb_)
            c = np.bincount(k[inside], minlength=nb_)
            dens = c / (len(v) * bw)
            x = lo + (np.arange(nb_) + 0.5) * bw
            fn = f"{kind}-{bname}.numpy.tsv"
            write_table(os.path.join(out, fn), [
                f"{kind} {bname} distribution, {name}: NumPy {np.__version__} (function bonded_values in "
                f"{SCRIPT_NAME})",
                mapnote.replace("; CG trajectory = single-precision TRR", "; this file uses the float64 centres directly"),
                f"bins [{lo:g} + k*{bw:g}, {lo:g} + (k+1)*{bw:g}) {unit}, {nb_} bins, x = bin centre; value = "
                f"count / (total count * bin width): probability density per {unit}",
                f"total count = {len(v)} ({len(v) // F} per frame x {F} frames), outside range: "
                f"{int((~inside).sum())}",
                f"mean = {v.mean()!r} {unit}, std (ddof=0) = {v.std()!r} {unit}",
            ] + prov_inputs, ["x", "value"], zip(x, dens), ["%.4f" if kind == "bond" else "%.1f", "%.10g"])
            lines.append(f"{kind}\t{bname}\t{unit}\t{len(v)}\t{v.mean()!r}\t{v.std()!r}\t{v.std(ddof=1)!r}\t"
                         f"{v.min()!r}\t{v.max()!r}")
            # binned moments (for the tests' information)
            bm = (x * c).sum() / c.sum()
            summary["bonded"][f"{kind}-{bname}"] = dict(
                kind=kind, unit=unit, n=int(len(v)), mean=float(v.mean()), std=float(v.std()),
                bin_width=bw, range=[lo, hi], bins=nb_, mean_from_histogram=float(bm),
                file=fn, outside_range=int((~inside).sum()))
            check(f"{name} {fn}: n={len(v)} mean={v.mean():.6f} std={v.std():.6f} {unit}; "
                  f"integral={dens.sum() * bw:.12f}; histogram mean {bm:.6f}")
        with open(os.path.join(out, "bonded-moments.txt"), "w") as f:
            f.write("\n".join(lines) + "\n")

    # ---- VOTCA mapping cross-check
    if do_votca and sysd["votca"] and shutil.which("csg_map"):
        xml, mdp, ignore = sysd["votca"]
        shutil.copy(os.path.join(src, "topol.top"), tmp)
        for fn in os.listdir(src):
            if fn.endswith(".itp"):
                shutil.copy(os.path.join(src, fn), tmp)
        run([GMX, "-quiet", "-nobackup", "grompp", "-f", os.path.join(TD, mdp), "-c", "conf.gro", "-p",
             "topol.top", "-o", "topol.tpr", "-po", "mdout.mdp", "-maxwarn", "5"], cwd=tmp)
        cmd = ["csg_map", "--top", "topol.tpr", "--trj", "traj.xtc", "--cg", os.path.join(MAPDIR, xml),
               "--out", "votca.trr"] + (["--map-ignore", ignore] if ignore else [])
        run(cmd, cwd=tmp)
        v = mda.Universe(gro, os.path.join(tmp, "votca.trr"))
        dmax = 0.0
        for f, ts in enumerate(v.trajectory):
            d = min_image(ts.positions.astype(float) / ANG - X[f], Hs[f], np.linalg.inv(Hs[f]))
            dmax = max(dmax, float(np.abs(d).max()))
        check(f"{name}: VOTCA csg_map with mappings/{xml} vs NumPy centres: {len(v.trajectory)} frames, "
              f"max |dx| = {dmax:.3g} nm (modulo box vectors)")
        summary["votca_mapping_check_max_dx_nm"] = dmax

    summary["quirks"] = [
        "MDAnalysis InterRDF normalises by N = nA*nB - xA*xB*nblocks (exclusion_block removes the "
        "excluded pairs from N) and counts like pairs as ordered pairs; cgflow keeps excluded pairs in "
        "N_pairs and counts unordered pairs: g_cgflow = factor_mda_to_cgflow * g_mda",
        "MDAnalysis InterRDF without exclusion_block on one group counts self pairs (r=0) in bin 0 and "
        "normalises by N^2 (reads (N-1)/N of cgflow's like-pair g); all fixtures here use exclusion_block",
        "gmx rdf: grid points at k*dr are bin centres ([(k-1/2)dr,(k+1/2)dr), bin 0 = [0,dr/2), last "
        "point r_max-dr), normalisation N_ref * <N_sel/V> (self pairs dropped by r > 0): like "
        "pairs read (N-1)/N of cgflow's g; g_cgflow-normalised = factor_gmx_to_cgflow * g_gmx at "
        "r = k*dr, NOT at cgflow's bin centres",
        "CG trajectory for the peers is single-precision TRR (float32 positions); NumPy files use "
        "float64 centres from the float32 XTC positions; bin-edge flips between them are listed in "
        "reference/checks.txt",
    ]
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=False)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep-tmp", help="use this folder for the temporary CG trajectories and keep it")
    ap.add_argument("--no-votca", action="store_true", help="skip the VOTCA csg_map mapping check")
    ap.add_argument("--only", nargs="*", help="only these systems")
    args = ap.parse_args()
    tmproot = args.keep_tmp or tempfile.mkdtemp(prefix="cgflow-ref-")
    os.makedirs(tmproot, exist_ok=True)
    versions = tool_versions()
    try:
        for s in SYSTEMS:
            if args.only and s["name"] not in args.only:
                continue
            process(s, tmproot, versions, not args.no_votca)
    finally:
        if not args.keep_tmp:
            shutil.rmtree(tmproot, ignore_errors=True)
    header = f"# Cross-checks written by {SCRIPT_NAME} ({', '.join(f'{k} {v}' for k, v in versions.items())})\n"
    path = os.path.join(REFDIR, "checks.txt")
    if not args.only:
        with open(path, "w") as f:
            f.write(header)
            f.write("\n".join(CHECKS) + "\n")
    elif os.path.exists(path):
        # --only: replace the lines of the systems just made, keep every other line as it is
        def system_of(line):
            return line.split(":", 1)[0].split(" ", 1)[0]
        with open(path) as f:
            old = f.read().splitlines()
        if old and old[0] != header.rstrip("\n"):
            log("note: reference/checks.txt was written with other tool versions: " + old[0])
        lines = {s["name"]: [] for s in SYSTEMS}
        for ln in old[1:]:
            if system_of(ln) not in args.only:
                lines.setdefault(system_of(ln), []).append(ln)
        for ln in CHECKS:
            lines.setdefault(system_of(ln), []).append(ln)
        with open(path, "w") as f:
            f.write(old[0] + "\n" if old else header)
            f.write("\n".join(ln for v in lines.values() for ln in v) + "\n")


if __name__ == "__main__":
    main()
