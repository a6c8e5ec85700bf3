#!/usr/bin/python3
"""Check the oracles in test-data/formats: every oracle has the expected frame and atom counts,
and every secondary oracle (MDAnalysis, ASE, gmx dump vs g96) agrees with the primary one
(F.oracle.txt) to the precision of the file, after the known, documented reader conventions.
usage: check_oracles.py [FORMATS_DIR]    exit status 1 on any failure"""
import glob, os, sys
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracles import read_oracle, read_lammps_dump

D = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "formats")
D = os.path.abspath(D)
# expected (frames, atoms) and position tolerance in nm (file precision + print precision)
EXPECT = {
    "traj.xtc": (10, 246, 2e-5), "traj.trr": (10, 246, 2e-5), "traj-double.trr": (10, 246, 2e-5),
    "traj.gro": (10, 246, 1e-6), "traj-ndec5.gro": (10, 246, 1e-6), "traj.pdb": (10, 246, 1e-6),
    "conf.gro": (1, 246, 1e-6), "conf.pdb": (1, 246, 1e-6),
    "traj.xyz": (10, 246, 1e-6), "traj.dcd": (10, 246, 1e-6), "traj-bigendian.dcd": (10, 246, 1e-6),
    "lammps/dump-xyz.lammpstrj": (10, 200, 2e-5), "lammps/dump-scaled.lammpstrj": (10, 200, 2e-5),
    "lammps/dump-unwrapped.lammpstrj": (10, 200, 2e-5), "lammps/dump-shuffled.lammpstrj": (10, 200, 2e-5),
    "lammps/dump-ortho.lammpstrj": (6, 200, 2e-5),
    "lammps/data.lammps": (1, 200, 1e-6), "lammps/data-ortho.lammps": (1, 200, 1e-6),
}
BOX_TOL = 1e-5   # nm; MDAnalysis rebuilds box vectors from float32 lengths and angles
fail = 0


def lammps_lo(f):
    return [fr["lo"] / 10.0 for fr in read_lammps_dump(f)]


def compare(name, prim, sec, secname, tol, shift=None, times=True, steps=True):
    global fail
    _, n1, f1 = prim
    _, n2, f2 = sec
    msgs = []
    if n1 != n2 or len(f1) != len(f2):
        msgs.append(f"counts differ: {n1}x{len(f1)} vs {n2}x{len(f2)}")
    dpos = dbox = 0.0
    for i, (a, b) in enumerate(zip(f1, f2)):
        pb = b["pos"] - (shift[i] if shift is not None else 0.0)
        dpos = max(dpos, float(np.abs(a["pos"] - pb).max()))
        if a["box"] is not None and b["box"] is not None:
            dbox = max(dbox, float(np.abs(a["box"] - b["box"]).max()))
        if steps and a["step"] is not None and b["step"] is not None and a["step"] != b["step"]:
            msgs.append(f"frame {i}: step {a['step']} vs {b['step']}")
        if times and a["time"] is not None and b["time"] is not None and abs(a["time"] - b["time"]) > 1e-6 * max(1, abs(a["time"])):
            msgs.append(f"frame {i}: time {a['time']} vs {b['time']}")
    if dpos > tol:
        msgs.append(f"max |dx| {dpos:.3g} nm > {tol:g}")
    if dbox > BOX_TOL:
        msgs.append(f"max |dbox| {dbox:.3g} nm > {BOX_TOL:g}")
    ok = not msgs
    fail += not ok
    print(f"{'OK  ' if ok else 'FAIL'} {name:34s} vs {secname:28s} max|dx| {dpos:9.3g} nm  max|dbox| {dbox:9.3g} nm"
          + ("" if ok else "  <- " + "; ".join(msgs[:3])))


for rel, (nf, na, tol) in EXPECT.items():
    f = os.path.join(D, rel)
    prim_path = f + ".oracle.txt"
    if not os.path.exists(prim_path):
        print(f"FAIL {rel}: no primary oracle"); fail += 1; continue
    prim = read_oracle(prim_path)
    ok = prim[1] == na and len(prim[2]) == nf
    fail += not ok
    print(f"{'OK  ' if ok else 'FAIL'} {rel:34s} primary oracle: {prim[1]} atoms, {len(prim[2])} frames (expected {na}, {nf})")
    for sp in sorted(glob.glob(f + ".*.oracle.txt")):
        tag = sp[len(f) + 1:-len(".oracle.txt")]
        sec = read_oracle(sp)
        shift, times, steps = None, True, True
        if rel.endswith(".dcd") and tag == "mda":
            # MDAnalysis reports step = frame index + 1 (libdcd's frame counter), not the MD step;
            # for the big-endian file it reads the header's float delta without byte swapping
            steps = False
            times = "bigendian" not in rel
        if rel.startswith("lammps/dump") and tag == "mda":
            # MDAnalysis 2.4 translates dump positions by -(xlo, ylo, zlo); for scaled columns it does
            # so after converting s -> s.h, i.e. the origin is removed twice. Its time starts at 0.
            lo = lammps_lo(f)
            shift = [(-2 if "scaled" in rel else -1) * l for l in lo]
            times = False
        if tag == "gmxdump":
            continue
        if tag == "g96":   # trr at full precision vs gmx dump (%12.5e) primary
            compare(rel, prim, sec, tag, 2e-5)
        else:
            compare(rel, prim, sec, tag, tol, shift, times, steps)
# the full-precision GROMACS reading of the TRRs against their MDAnalysis reading
for rel in ("traj.trr", "traj-double.trr"):
    f = os.path.join(D, rel)
    compare(rel + " (g96)", read_oracle(f + ".g96.oracle.txt"), read_oracle(f + ".mda.oracle.txt"), "mda", 1e-6)
# the XTC against the TRR it was made from: XTC precision 0.001 nm
compare("traj.xtc vs traj.trr (g96)", read_oracle(os.path.join(D, "traj.trr.g96.oracle.txt")),
        read_oracle(os.path.join(D, "traj.xtc.oracle.txt")), "xtc gmx dump", 5.01e-4 + 1e-5)
print("all oracle checks passed" if fail == 0 else f"{fail} oracle check(s) FAILED")
sys.exit(1 if fail else 0)
