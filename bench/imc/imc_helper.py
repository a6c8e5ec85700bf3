#!/usr/bin/python3
"""Helper of bench/imc-benchmark.sh (Debian's /usr/bin/python3 with python3-h5py and NumPy).

  imc_helper.py lammps START.h5 OUT.data OUT.dump
      the last frame of the mapped CG trajectory (cgflow-reference --cg-output) as a LAMMPS data file
      (units real: Angstrom, one atom type of the bead mass) for the IMC runs, and every frame as a LAMMPS
      'atom' dump (scaled coordinates, as LAMMPS writes them) for the csg_stat check of the target
  imc_helper.py target RDF.tsv N RMIN RMAX OUT.dist.tgt
      VOTCA's target from cgflow-reference's g(r) table (bins [k w, (k+1) w), x at the centre): the rows with
      RMIN <= x <= RMAX, values times (N-1)/N, because csg_stat normalises g(r) by N^2 pairs and cgflow by
      N(N-1) (csg_stat centres its bins on the grid points: a grid of min RMIN, step w gives the same bins)
  imc_helper.py rms TARGET.tsv RMIN RMAX FILE[:SCALE] ...
      per file: the RMS deviation of g(r) from the target over the bins RMIN <= x <= RMAX (x of the file must
      equal the target's to 1e-6 nm); FILE is a cgflow table (x value error), a VOTCA .dist.new (x y flag) or
      a cgflow RDF table; SCALE multiplies the file's g first (N/(N-1) for csg_stat output)
  imc_helper.py votca-log MAIN_DIR TARGET.tsv RMIN RMAX N
      one row per IMC iteration: step, RMS of step_NNN/<name>.dist.new (times N/(N-1)), the wall time of the step
      from its files (done-file and the newest file of the step before), for the results table
  imc_helper.py first-bin RDF.tsv THRESHOLD
      the centre of the first bin whose g exceeds THRESHOLD (cgflow-train's fitted range starts there)
"""
import sys

import numpy as np


def read_table(path):
    rows = []
    with open(path) as f:
        for line in f:
            s = line.strip()
            if not s or s[0] in "#@":
                continue
            p = s.split()
            rows.append((float(p[0]), float(p[1])))
    return np.array(rows)


def cmd_lammps(start, data_out, dump_out):
    import h5py
    with h5py.File(start, "r") as f:
        pos = f["particles/all/position/value"][...]          # (F, N, 3) nm
        edges = f["particles/all/box/edges/value"][...]       # (F, 3, 3) nm
        mass = f["particles/all/mass"][...]
        steps = f["particles/all/position/step"][...]
    n = pos.shape[1]
    if np.ptp(mass) > 1e-9:
        sys.exit("beads of different masses: one atom type expected")
    for e in edges:
        if np.abs(e - np.diag(np.diag(e))).max() > 1e-9:
            sys.exit("a triclinic box: orthorhombic expected")
    box = np.diag(edges[-1]) * 10.0
    x = pos[-1] * 10.0
    x = x - np.floor(x / box) * box
    with open(data_out, "w") as out:
        out.write("one bead per SPC/E water: the last frame of %s (units real)\n\n" % start)
        out.write("%d atoms\n\n1 atom types\n\n" % n)
        for k, lab in enumerate("xyz"):
            out.write("0.0 %.6f %slo %shi\n" % (box[k], lab, lab))
        out.write("\nMasses\n\n1 %.4f\n\nAtoms\n\n" % mass[0])
        for i in range(n):
            out.write("%d 1 %.6f %.6f %.6f\n" % (i + 1, x[i, 0], x[i, 1], x[i, 2]))
    with open(dump_out, "w") as out:
        for fr in range(pos.shape[0]):
            b = np.diag(edges[fr]) * 10.0
            s = pos[fr] * 10.0 / b
            s = s - np.floor(s)
            out.write("ITEM: TIMESTEP\n%d\nITEM: NUMBER OF ATOMS\n%d\nITEM: BOX BOUNDS pp pp pp\n" % (steps[fr], n))
            for k in range(3):
                out.write("0.0 %.6f\n" % b[k])
            out.write("ITEM: ATOMS id type xs ys zs\n")
            out.write("".join("%d 1 %.7f %.7f %.7f\n" % (i + 1, s[i, 0], s[i, 1], s[i, 2]) for i in range(n)))
    print("%d beads, box %.5f nm, %d frames" % (n, box[0] / 10, pos.shape[0]))


def cmd_target(table, n, rmin, rmax, out):
    t = read_table(table)
    n = int(n)
    sel = (t[:, 0] >= float(rmin) - 1e-9) & (t[:, 0] <= float(rmax) + 1e-9)
    with open(out, "w") as f:
        for x, g in t[sel]:
            f.write("%.6f %.9g i\n" % (x, g * (n - 1) / n))
    print("%d points %.4f..%.4f" % (sel.sum(), t[sel][0, 0], t[sel][-1, 0]))


def rms_of(target, rmin, rmax, path, scale=1.0):
    t = read_table(target)
    d = read_table(path)
    tsel = t[(t[:, 0] >= rmin - 1e-9) & (t[:, 0] <= rmax + 1e-9)]
    dsel = d[(d[:, 0] >= rmin - 1e-9) & (d[:, 0] <= rmax + 1e-9)]
    if tsel.shape != dsel.shape or np.abs(tsel[:, 0] - dsel[:, 0]).max() > 1e-6:
        sys.exit("%s: its grid %s does not match the target's on %g..%g" % (path, dsel[:, 0], rmin, rmax))
    dev = dsel[:, 1] * scale - tsel[:, 1]
    return float(np.sqrt(np.mean(dev ** 2))), float(np.abs(dev).max()), len(dev)


def cmd_rms(target, rmin, rmax, *files):
    for spec in files:
        path, scale = (spec.rsplit(":", 1) + ["1"])[:2] if ":" in spec else (spec, "1")
        r, m, nb = rms_of(target, float(rmin), float(rmax), path, float(scale))
        print("%s\t%.5f\t%.5f\t%d" % (path, r, m, nb))


def cmd_votca_log(main, target, rmin, rmax, n):
    import glob
    import os
    n = int(n)
    steps = sorted(glob.glob(os.path.join(main, "step_[0-9][0-9][0-9]")))
    prev_end = None
    for d in steps:
        files = [os.path.join(dp, fn) for dp, _, fns in os.walk(d) for fn in fns]
        end = max(os.path.getmtime(p) for p in files) if files else None
        k = int(d[-3:])
        dist = glob.glob(os.path.join(d, "*.dist.new"))
        if k > 0 and dist and prev_end is not None and end is not None:
            r, m, _ = rms_of(target, float(rmin), float(rmax), dist[0], n / (n - 1.0))
            print("%d\t%.3f\t%.5f\t%.5f" % (k, end - prev_end, r, m))
        prev_end = end


def cmd_first_bin(table, threshold):
    t = read_table(table)
    print("%.6f" % t[np.argmax(t[:, 1] > float(threshold)), 0])


if __name__ == "__main__":
    cmds = {"lammps": cmd_lammps, "target": cmd_target, "rms": cmd_rms, "votca-log": cmd_votca_log,
            "first-bin": cmd_first_bin}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])
