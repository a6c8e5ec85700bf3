#!/usr/bin/python3
"""Convert a little-endian CHARMM/NAMD/LAMMPS DCD file to big-endian, byte for byte:
every Fortran record marker (int32) and every number is byte-swapped; the 'CORD' magic and
the title text are left as they are.
usage: dcd_to_bigendian.py IN.dcd OUT.dcd"""
import struct, sys


def records(buf):
    off = 0
    while off < len(buf):
        (n,) = struct.unpack_from("<i", buf, off)
        payload = buf[off + 4: off + 4 + n]
        (n2,) = struct.unpack_from("<i", buf, off + 4 + n)
        assert n == n2, f"bad record markers at byte {off}: {n} != {n2}"
        yield payload
        off += n + 8


def swap(payload, width):
    assert len(payload) % width == 0
    out = bytearray(len(payload))
    for i in range(0, len(payload), width):
        out[i:i + width] = payload[i:i + width][::-1]
    return bytes(out)


def main(src, dst):
    buf = open(src, "rb").read()
    recs = list(records(buf))
    hdr = recs[0]
    assert len(hdr) == 84 and hdr[:4] == b"CORD", "not a little-endian CHARMM-style DCD"
    icntrl = struct.unpack_from("<20i", hdr, 4)
    nfixed, has_cell, four_dims = icntrl[8], icntrl[10], icntrl[11]
    assert nfixed == 0, "fixed atoms not supported"
    out = [hdr[:4] + swap(hdr[4:], 4)]                 # magic kept, ints and the float delta swapped
    (ntitle,) = struct.unpack_from("<i", recs[1], 0)
    out.append(swap(recs[1][:4], 4) + recs[1][4:])       # NTITLE swapped, 80-char lines kept
    out.append(swap(recs[2], 4))                         # NATOM
    per_frame = (1 if has_cell else 0) + 3 + (1 if four_dims else 0)
    body = recs[3:]
    assert len(body) % per_frame == 0, "frames do not divide the records"
    for k in range(0, len(body), per_frame):
        j = k
        if has_cell:
            assert len(body[j]) == 48, "unit cell record must be 6 doubles"
            out.append(swap(body[j], 8)); j += 1
        for r in body[j:k + per_frame]:
            out.append(swap(r, 4))                       # float32 X, Y, Z (and W)
    with open(dst, "wb") as f:
        for r in out:
            f.write(struct.pack(">i", len(r)) + r + struct.pack(">i", len(r)))
    print(f"{dst}: {len(body) // per_frame} frames, {ntitle} title lines, big-endian")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
