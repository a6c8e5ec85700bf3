#!/usr/bin/python3
"""Cross-check an H5MD file written by cgflow-convert with two independent readers.

    check_h5md.py STRUCTURE OUT.h5 [ORIGINAL_TRAJECTORY]

Opens OUT.h5 with h5py and with MDAnalysis's H5MD reader (default settings: units are read from the
file's variable-length `unit` strings) and requires every string attribute to be a variable-length
string and identical coordinates and boxes in every frame; with ORIGINAL_TRAJECTORY, also requires MDAnalysis's reading of the original to match
(to float32 round-off). Exit code 0 when everything agrees, 1 otherwise, 77 when h5py or MDAnalysis is
missing (a skip for test harnesses). Run it with Debian's /usr/bin/python3.
"""
import sys
import warnings

try:
    import h5py
    import numpy as np
    import MDAnalysis as mda
except ImportError as e:  # pragma: no cover
    print(f"skip: {e}")
    sys.exit(77)

warnings.filterwarnings("ignore")

def string_attributes(f):
    """Every string-valued attribute of the file; h5py returns variable-length strings as str."""
    found = {}

    def visit(name, obj):
        for key, value in obj.attrs.items():
            if isinstance(value, (str, bytes)) or (hasattr(value, "dtype") and value.dtype.kind in "OSU"):
                found[f"{name}@{key}"] = value if isinstance(value, (str, bytes)) else value.flat[0]

    f.visititems(visit)
    return found


def main(structure, h5, original=None):
    with h5py.File(h5, "r") as f:
        pos = f["particles/all/position/value"][()]
        edges = f["particles/all/box/edges/value"][()]
        unit = f["particles/all/position/value"].attrs["unit"]
        bad = {n: v for n, v in string_attributes(f).items() if not isinstance(v, str)}
    if bad:
        print(f"FAIL: string attributes read back as bytes (fixed-length strings): {bad}")
        return 1
    assert unit == "nm", f"position unit {unit!r}"
    u = mda.Universe(structure, h5, format="H5MD")
    if u.trajectory.n_frames != len(pos):
        print(f"FAIL: MDAnalysis sees {u.trajectory.n_frames} frames, h5py {len(pos)}")
        return 1
    worst_pos = worst_box = 0.0
    for k, ts in enumerate(u.trajectory):
        # MDAnalysis converts nm to Å; compare in nm
        worst_pos = max(worst_pos, float(np.abs(ts.positions / 10.0 - pos[k]).max()))
        worst_box = max(worst_box, float(np.abs(ts.triclinic_dimensions / 10.0 - edges[k]).max()))
    print(f"{h5}: {len(pos)} frames x {pos.shape[1]} atoms; MDAnalysis vs h5py: "
          f"max |dx| = {worst_pos:.2e} nm, max |dbox| = {worst_box:.2e} nm")
    ok = worst_pos <= 1e-6 * max(1.0, float(np.abs(pos).max())) and worst_box <= 1e-5
    if original:
        o = mda.Universe(structure, original)
        if o.trajectory.n_frames != len(pos):
            print(f"FAIL: original has {o.trajectory.n_frames} frames, H5MD {len(pos)}")
            return 1
        worst = max(float(np.abs(ts.positions / 10.0 - pos[k]).max()) for k, ts in enumerate(o.trajectory))
        print(f"{original} (MDAnalysis) vs {h5} (h5py): max |dx| = {worst:.2e} nm")
        ok = ok and worst <= 2e-6 * max(1.0, float(np.abs(pos).max()))
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        print(__doc__)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
