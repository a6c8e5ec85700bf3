#!/usr/bin/python3
"""Write reader oracles: plain-text dumps of what a program reads from a trajectory file.

Oracle format (nm, ps; box rows = box vectors a, b, c as Cartesian vectors in nm; 'box -' = no box):
    # oracle: <program and version> reading <file name>
    natoms <N>
    frame <index> step <int or -> time <ps or ->
    box ax ay az bx by bz cx cy cz
    x y z            (N lines)
Numbers are printed with %.9g.

usage:
  oracles.py gmxdump DUMP.txt FILE PROGRAM OUT          parse `gmx dump -f FILE` output
  oracles.py g96 FILE.g96 FILE PROGRAM OUT              parse a .g96 written by `gmx trjconv -f FILE -o FILE.g96`
  oracles.py mda FILE OUT [--top TOP] [--format F] [--lammps-convention C] [--dcd-flavour lammps]
             [--no-time] [--split-gro]
  oracles.py ase FILE OUT
  oracles.py lammps REF.lammpstrj FILE OUT --columns x|xu|xs --dt-fs DT [--program P]
"""
import argparse, re, sys, warnings
import numpy as np

warnings.filterwarnings("ignore")
G = "%.9g"


def fmt(v):
    return G % v


def write_oracle(path, header, natoms, frames):
    """frames: iterable of (step, time, box(3x3 nm) or None, positions (N,3) nm)"""
    n = 0
    with open(path, "w") as f:
        f.write(f"# oracle: {header}\n")
        f.write(f"natoms {natoms}\n")
        for i, (step, time, box, pos) in enumerate(frames):
            pos = np.asarray(pos, dtype=np.float64)
            assert pos.shape == (natoms, 3), (path, i, pos.shape)
            f.write(f"frame {i} step {'-' if step is None else int(step)} time {'-' if time is None else fmt(time)}\n")
            if box is None:
                f.write("box -\n")
            else:
                f.write("box " + " ".join(fmt(v) for v in np.asarray(box, dtype=np.float64).reshape(9)) + "\n")
            for x, y, z in pos:
                f.write(f"{fmt(x)} {fmt(y)} {fmt(z)}\n")
            n += 1
    print(f"{path}: {n} frames, {natoms} atoms")


def read_oracle(path):
    """returns (header, natoms, [dict(step, time, box, pos)])"""
    with open(path) as f:
        header = f.readline().strip()
        natoms = int(f.readline().split()[1])
        frames = []
        while True:
            line = f.readline()
            if not line:
                break
            t = line.split()
            assert t[0] == "frame", (path, line)
            step = None if t[3] == "-" else int(t[3])
            time = None if t[5] == "-" else float(t[5])
            b = f.readline().split()
            box = None if b[1] == "-" else np.array([float(v) for v in b[1:]]).reshape(3, 3)
            pos = np.array([[float(v) for v in f.readline().split()] for _ in range(natoms)])
            frames.append(dict(step=step, time=time, box=box, pos=pos))
    return header, natoms, frames


# ---------------------------------------------------------------- GROMACS
VEC = re.compile(r"^\s*(box|x|v|f)\[\s*(\d+)\]=\{\s*([^,]+),\s*([^,]+),\s*([^}]+)\}")


def parse_gmxdump(path):
    frames, cur, section = [], None, None
    for line in open(path):
        if re.search(r" frame \d+:\s*$", line):
            cur = dict(step=None, time=None, box=np.zeros((3, 3)), x=[])
            frames.append(cur)
            section = None
            continue
        if cur is None:
            continue
        m = re.search(r"natoms=\s*(\d+)", line)
        if m:
            cur["natoms"] = int(m.group(1))
            s = re.search(r"step=\s*(-?\d+)", line)
            t = re.search(r"time=\s*(\S+)", line)
            cur["step"] = int(s.group(1)) if s else None
            cur["time"] = float(t.group(1)) if t else None
            continue
        m = re.match(r"^\s*(box|x|v|f) \(", line)
        if m:
            section = m.group(1)
            continue
        m = VEC.match(line)
        if m:
            kind, i = m.group(1), int(m.group(2))
            vals = [float(m.group(k)) for k in (3, 4, 5)]
            if kind == "box":
                cur["box"][i] = vals
            elif kind == "x" and section == "x":
                cur["x"].append(vals)
    return frames


def cmd_gmxdump(a):
    fr = parse_gmxdump(a.dump)
    n = fr[0]["natoms"]
    write_oracle(a.out, f"{a.program} (gmx dump -f {a.file}, printed with %12.5e) reading {a.file}", n,
                 ((f["step"], f["time"], f["box"], f["x"]) for f in fr))


def parse_g96(path):
    frames, lines, i = [], open(path, errors="replace").read().splitlines(), 0
    cur = None
    while i < len(lines):
        key = lines[i].strip()
        if key == "TITLE":
            cur = dict(step=None, time=None, box=None, x=[])
            frames.append(cur)
        elif key == "TIMESTEP":
            i += 1
            s, t = lines[i].split()
            cur["step"], cur["time"] = int(s), float(t)
        elif key in ("POSITION", "POSITIONRED"):
            i += 1
            while lines[i].strip() != "END":
                t = lines[i].split()
                cur["x"].append([float(v) for v in t[-3:]])
                i += 1
        elif key == "BOX":
            i += 1
            v = [float(t) for t in lines[i].split()]
            # g96 BOX: xx yy zz xy xz yx yz zx zy  (GROMACS write order)
            b = np.zeros((3, 3))
            b[0, 0], b[1, 1], b[2, 2] = v[0], v[1], v[2]
            if len(v) == 9:
                b[0, 1], b[0, 2], b[1, 0], b[1, 2], b[2, 0], b[2, 1] = v[3:9]
            cur["box"] = b
        i += 1
    return frames


def cmd_g96(a):
    fr = parse_g96(a.g96)
    n = len(fr[0]["x"])
    write_oracle(a.out, f"{a.program} (gmx trjconv -f {a.file} -o .g96, printed with %15.9f) reading {a.file}", n,
                 ((f["step"], f["time"], f["box"], f["x"]) for f in fr))


# ---------------------------------------------------------------- MDAnalysis
def _drop_offsets(path):
    """MDAnalysis caches XTC/TRR/DCD offsets as hidden files next to the trajectory: remove them"""
    import os
    for ext in ("npz", "lock"):
        c = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + "_offsets." + ext)
        if os.path.exists(c):
            os.remove(c)


def cmd_mda(a):
    import atexit
    atexit.register(_drop_offsets, a.file)
    import MDAnalysis as mda
    kw = {}
    if a.format:
        kw["format"] = a.format
    if a.lammps_convention:
        kw["lammps_coordinate_convention"] = a.lammps_convention
    name = a.file.split("/")[-1]
    what = f"MDAnalysis {mda.__version__}"
    if a.split_gro:
        # MDAnalysis' GRO reader is single-frame: apply it to every frame of a multi-frame GRO
        lines = open(a.file).read().splitlines(True)
        n = int(lines[1])
        blocks = [lines[i:i + n + 3] for i in range(0, len(lines), n + 3)]
        frames = []
        for blk in blocks:
            u = mda.Universe(mda.lib.util.NamedStream(__import__("io").StringIO("".join(blk)), "frame.gro"))
            frames.append((None, None, u.trajectory.ts.triclinic_dimensions / 10.0, u.atoms.positions / 10.0))
        write_oracle(a.out, f"{what} (GROReader applied to each frame separately) reading {name}", n, frames)
        return
    if a.dt is not None:
        kw["dt"] = a.dt
    if a.atom_style:
        kw["atom_style"] = a.atom_style
    if a.top:
        u = mda.Universe(a.top, a.file, **kw)
    else:
        u = mda.Universe(a.file, **kw)
    fmtname = type(u.trajectory).__module__.split(".")[-1] + "." + type(u.trajectory).__name__
    frames = []
    for ts in u.trajectory:
        box = None if ts.dimensions is None else ts.triclinic_dimensions / 10.0
        step = ts.data.get("step")
        time = None if a.no_time else ts.time
        frames.append((step, time, box, u.atoms.positions / 10.0))
    opts = " ".join(f"{k}={v}" for k, v in kw.items())
    write_oracle(a.out, f"{what} ({fmtname}{' ' + opts if opts else ''}; Angstrom/10) reading {name}", u.atoms.n_atoms, frames)


def cmd_ase(a):
    import ase, ase.io
    frames = []
    images = ase.io.read(a.file, index=":")
    for at in images:
        cell = np.array(at.cell) / 10.0
        box = cell if at.cell.rank == 3 else None
        frames.append((None, None, box, at.get_positions() / 10.0))
    write_oracle(a.out, f"ASE {ase.__version__} (ase.io.read format extxyz; Angstrom/10) reading {a.file.split('/')[-1]}",
                 len(images[0]), frames)


# ---------------------------------------------------------------- LAMMPS
def read_lammps_dump(path):
    """yield dict(step, box(3x3 A), lo(3), cols{name: array}) per frame"""
    with open(path) as f:
        while True:
            line = f.readline()
            if not line:
                return
            assert line.startswith("ITEM: TIMESTEP"), line
            step = int(f.readline())
            f.readline()
            n = int(f.readline())
            bl = f.readline().split()
            rows = [[float(v) for v in f.readline().split()] for _ in range(3)]
            if "xy" in bl:
                (xlob, xhib, xy), (ylob, yhib, xz), (zlo, zhi, yz) = rows
                xlo = xlob - min(0.0, xy, xz, xy + xz); xhi = xhib - max(0.0, xy, xz, xy + xz)
                ylo = ylob - min(0.0, yz); yhi = yhib - max(0.0, yz)
            else:
                (xlo, xhi), (ylo, yhi), (zlo, zhi) = rows
                xy = xz = yz = 0.0
            box = np.array([[xhi - xlo, 0, 0], [xy, yhi - ylo, 0], [xz, yz, zhi - zlo]])
            names = f.readline().split()[2:]
            data = [f.readline().split() for _ in range(n)]
            cols = {nm: np.array([r[i] for r in data]) for i, nm in enumerate(names)}
            yield dict(step=step, box=box, lo=np.array([xlo, ylo, zlo]), cols=cols, n=n)


def cmd_lammps(a):
    """oracle from LAMMPS's own full-precision reference dump (id type x y z xu yu zu xs ys zs ix iy iz,
    sorted by id, %.17g): the positions that LAMMPS had in memory at the dumped steps"""
    frames = []
    for fr in read_lammps_dump(a.ref):
        c = fr["cols"]
        order = np.argsort(c["id"].astype(int))
        if a.columns == "x":
            p = np.stack([c["x"], c["y"], c["z"]], 1).astype(float)
        elif a.columns == "xu":
            p = np.stack([c["xu"], c["yu"], c["zu"]], 1).astype(float)
        elif a.columns == "xs":   # scaled coordinates -> Cartesian: lo + s @ h (LAMMPS convention)
            s = np.stack([c["xs"], c["ys"], c["zs"]], 1).astype(float)
            p = fr["lo"] + s @ fr["box"]
        p = p[order]
        frames.append((fr["step"], fr["step"] * a.dt_fs / 1000.0, fr["box"] / 10.0, p / 10.0))
    n = len(frames[0][3])
    write_oracle(a.out, f"{a.program} reading {a.file.split('/')[-1]} (values from LAMMPS' full-precision "
                 f"reference dump of the same steps, columns {a.columns}, sorted by id, Angstrom/10, time = step*dt)",
                 n, frames)


def main():
    p = argparse.ArgumentParser()
    sp = p.add_subparsers(dest="cmd", required=True)
    s = sp.add_parser("gmxdump"); s.add_argument("dump"); s.add_argument("file"); s.add_argument("program"); s.add_argument("out")
    s = sp.add_parser("g96"); s.add_argument("g96"); s.add_argument("file"); s.add_argument("program"); s.add_argument("out")
    s = sp.add_parser("mda"); s.add_argument("file"); s.add_argument("out"); s.add_argument("--top"); s.add_argument("--format")
    s.add_argument("--lammps-convention"); s.add_argument("--dt", type=float); s.add_argument("--atom-style"); s.add_argument("--no-time", action="store_true"); s.add_argument("--split-gro", action="store_true")
    s = sp.add_parser("ase"); s.add_argument("file"); s.add_argument("out")
    s = sp.add_parser("lammps"); s.add_argument("ref"); s.add_argument("file"); s.add_argument("out")
    s.add_argument("--columns", required=True, choices=["x", "xu", "xs"]); s.add_argument("--dt-fs", type=float, required=True)
    s.add_argument("--program", default="LAMMPS")
    a = p.parse_args()
    globals()["cmd_" + a.cmd](a)


if __name__ == "__main__":
    main()
