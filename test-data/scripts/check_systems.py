#!/usr/bin/python3
"""Sanity checks of the atomistic test systems listed in test-data/samplesheet.csv: files exist,
structure and trajectory atom counts agree, frame counts, residue names, time step between frames,
box, and the number density. Prints one line per system; exit status 1 on failure.
usage: check_systems.py [TEST_DATA_DIR]"""
import csv, os, sys, warnings
warnings.filterwarnings("ignore")
import numpy as np
import MDAnalysis as mda

TD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
COLS = ["system", "state", "role", "structure", "trajectory", "mapping", "temperature", "model_settings"]
fail = 0
with open(os.path.join(TD, "samplesheet.csv")) as f:
    rows = list(csv.DictReader(f))
    if list(rows[0].keys()) != COLS:
        print("FAIL samplesheet header", list(rows[0].keys())); fail += 1
for r in rows:
    parts = [os.path.join(TD, p) for p in r["trajectory"].split(";")]
    s = os.path.join(TD, r["structure"])
    missing = [p for p in [s] + parts if not os.path.exists(p)]
    if missing:
        print("FAIL missing", missing); fail += 1; continue
    u = mda.Universe(s, parts)
    times = [ts.time for ts in u.trajectory]
    dts = np.diff(times)
    for p in parts:   # MDAnalysis caches XTC/TRR offsets next to the file: do not leave them behind
        for ext in ("npz", "lock"):
            c = os.path.join(os.path.dirname(p), "." + os.path.basename(p) + "_offsets." + ext)
            if os.path.exists(c):
                os.remove(c)
    vol = np.mean([ts.volume for ts in u.trajectory]) / 1000.0  # nm3
    mass = sum(u.atoms.masses)  # guessed from names (approximate for 'AR' etc.)
    resn = {rn: int((u.residues.resnames == rn).sum()) for rn in sorted(set(u.residues.resnames))}
    ok = len(times) >= 150 and np.allclose(dts, dts[0], atol=1e-4) and u.trajectory.ts.dimensions is not None
    fail += not ok
    print(f"{'OK  ' if ok else 'FAIL'} {r['system']}/{r['state']} ({r['role']}, {r['temperature']} K): {u.atoms.n_atoms} atoms, "
          f"residues {resn}, {len(times)} frames, t = {times[0]:g}..{times[-1]:g} ps every {dts[0]:g} ps, "
          f"<V> = {vol:.4f} nm3, {u.atoms.n_atoms / vol:.3f} atoms/nm3")
for d in [os.path.dirname(os.path.join(TD, r["trajectory"].split(";")[0])) for r in rows] + [os.path.join(TD, "formats"), os.path.join(TD, "formats", "lammps")]:
    hidden = [n for n in os.listdir(d) if n.startswith(".")]
    if hidden:
        print("FAIL stray hidden files (MDAnalysis offset caches?)", d, hidden); fail += 1
print("all system checks passed" if fail == 0 else f"{fail} system check(s) FAILED")
sys.exit(1 if fail else 0)
