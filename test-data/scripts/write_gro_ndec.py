#!/usr/bin/python3
"""Write a multi-frame GRO with NDEC decimals for positions (NDEC+1 for velocities) from a
multi-frame .g96 (POSITIONRED/VELOCITYRED blocks) written by `gmx trjconv -o x.g96`; residue and
atom names and numbers come from a GRO file of the same system.
GROMACS 2022 reads such files (it infers the precision from the decimal points of the first atom
line) but cannot write them: trjconv -ndec only affects .xtc and editconf has no -ndec any more.
usage: write_gro_ndec.py IN.g96 NAMES.gro NDEC OUT.gro"""
import sys
src, names, ndec, dst = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
gl = open(names).read().splitlines()
ids = [(int(t[0:5]), t[5:10].strip(), t[10:15].strip(), int(t[15:20])) for t in gl[2:2 + int(gl[1])]]
lines = open(src, errors="replace").read().splitlines()
w, vw = ndec + 5, ndec + 5   # field width: sign + 3 integer digits + '.' + decimals  (GROMACS: ndec+5)
frames, i, cur = [], 0, None
while i < len(lines):
    k = lines[i].strip()
    if k == "TITLE":
        cur = dict(title=lines[i + 1].strip(), atoms=[], vel=[], box=None); frames.append(cur); i += 1
    elif k == "POSITIONRED":
        i += 1
        while lines[i].strip() != "END":
            cur["atoms"].append(ids[len(cur["atoms"])] + ([float(v) for v in lines[i].split()],)); i += 1
    elif k == "VELOCITYRED":
        i += 1
        while lines[i].strip() != "END":
            cur["vel"].append([float(v) for v in lines[i].split()]); i += 1
    elif k == "BOX":
        cur["box"] = [float(v) for v in lines[i + 1].split()]; i += 1
    i += 1
with open(dst, "w") as f:
    for fr in frames:
        f.write(fr["title"] + "\n%5d\n" % len(fr["atoms"]))
        for j, (resnr, resn, name, nr, x) in enumerate(fr["atoms"]):
            line = "%5d%-5s%5s%5d" % (resnr % 100000, resn, name, nr % 100000) + "".join("%*.*f" % (w, ndec, c) for c in x)
            if fr["vel"]:
                line += "".join("%*.*f" % (vw, ndec + 1, c) for c in fr["vel"][j])
            f.write(line + "\n")
        b = fr["box"]
        # GRO box line: v1(x) v2(y) v3(z) v1(y) v1(z) v2(x) v2(z) v3(x) v3(y); g96 BOX order: xx yy zz xy xz yx yz zx zy
        f.write("".join("%10.5f" % v for v in b) + "\n")
print(f"{dst}: {len(frames)} frames, {ndec} decimals")
