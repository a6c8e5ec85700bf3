#!/usr/bin/env python3
"""Writes a copy of an XTC whose steps and times continue after the original's last frame.

    xtc_continue.py IN.xtc OUT.xtc K

Frame k of OUT is frame k of IN with step + K*(S+ds) and time + K*(T+dt), where S, T are IN's last step
and time and ds, dt its frame spacing: IN, then OUT for K=1, 2, ... concatenate into one longer run with
increasing steps, as the parts of a continued simulation. Coordinates are copied byte for byte.
"""
import struct
import sys


def frames(data):
    pos = 0
    while pos < len(data):
        natoms = struct.unpack_from(">i", data, pos + 4)[0]
        header = 4 * (4 + 9 + 1)
        if natoms <= 9:
            end = pos + header + 12 * natoms
        else:
            count = struct.unpack_from(">i", data, pos + header + 4 * 8)[0]
            end = pos + header + 4 * 9 + ((count + 3) & ~3)
        yield pos, end
        pos = end


def main(src, dst, k):
    data = open(src, "rb").read()
    spans = list(frames(data))
    steps = [struct.unpack_from(">i", data, p + 8)[0] for p, _ in spans]
    times = [struct.unpack_from(">f", data, p + 12)[0] for p, _ in spans]
    ds = steps[1] - steps[0] if len(steps) > 1 else 1
    dt = times[1] - times[0] if len(times) > 1 else 1.0
    shift_step = k * (steps[-1] + ds)
    shift_time = k * (times[-1] + dt)
    out = bytearray(data)
    for (p, _), s, t in zip(spans, steps, times):
        struct.pack_into(">i", out, p + 8, s + shift_step)
        struct.pack_into(">f", out, p + 12, t + shift_time)
    open(dst, "wb").write(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
