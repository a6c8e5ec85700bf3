"""Cross-check of the W-W g(r) of the reference benchmark (bench/reference-benchmark.sh).

  crosscheck.py CENTRES.npz GMX.xvg CSG.dist MDA.tsv [CGFLOW.tsv]

Bin conventions (w = 0.002 nm, 0 <= r < 1.2 nm):
  gmx rdf, csg_stat      bins centred on grid points: [(k-1/2)w, (k+1/2)w), x = k w
  MDAnalysis, cgflow     bins on edges:               [k w, (k+1)w),         x = (k+1/2) w
A histogram cannot be shifted by half a bin after the fact, so this script recounts the pair distances
of the same bead centres (MDAnalysis self_capped_distance on CENTRES.npz, made by mda_rdf.py) into bins
of width w/2; adjacent half bins then give both conventions exactly: (2k-1, 2k) -> centred bin k,
(2k, 2k+1) -> edge bin k. "MDAnalysis, centred" below is that recount (it reproduces InterRDF's own
edge-binned output, printed as a sanity line). Each tool is then compared with the curve of its own
convention.

Normalisation: gmx rdf and csg_stat divide by N^2 pairs even for identical groups (self pairs excluded
from the counts), MDAnalysis InterRDF with exclusion_block=(1, 1) by N(N-1): the N^2 tools read low by
(N-1)/N. Both the raw max |dg| and the one after scaling the N^2 tools by N/(N-1) are printed.
gmx rdf writes g with 3 decimals, so its rows cannot agree better than 5e-4; the exact test for it is
whether it equals the recount scaled to N^2 and rounded to 3 decimals, bin by bin.
"""
import sys

import numpy as np
from MDAnalysis.lib.distances import self_capped_distance

W_NM = 0.002
RMAX_NM = 1.2


def load_xy(path):
    rows = []
    with open(path) as fh:
        for line in fh:
            s = line.strip()
            if not s or s[0] in "#@":
                continue
            p = s.split()
            try:
                rows.append((float(p[0]), float(p[1])))
            except (ValueError, IndexError):
                continue  # a header line such as "x value error"
    return np.array(rows)


def recount(npz):
    """Pair counts at half-bin width (Å) of the bead centres; returns (counts_half, n_beads, frames, volume_nm3)."""
    with np.load(npz) as z:
        pos, dims = z["pos"], z["dims"]
    half = W_NM * 10.0 / 2.0  # Å
    nhalf = int(round(RMAX_NM / W_NM)) * 2 + 1
    counts = np.zeros(nhalf + 1, dtype=np.int64)
    for p, d in zip(pos, dims):
        _, dist = self_capped_distance(p, RMAX_NM * 10.0 + half, box=d, method="nsgrid")
        counts += np.bincount((dist / half).astype(np.int64), minlength=nhalf + 1)[: nhalf + 1]
    vol = float(np.mean(dims[:, 0] * dims[:, 1] * dims[:, 2])) / 1000.0  # orthorhombic box, nm^3
    return counts, pos.shape[1], pos.shape[0], vol


def g_from_counts(pairs, lo, hi, n, frames, vol):
    """g of unique-pair counts in shells [lo, hi) (nm), normalised by N(N-1)/2 pairs."""
    lo = np.clip(lo, 0.0, None)
    shell = 4.0 / 3.0 * np.pi * (hi ** 3 - lo ** 3)
    return pairs / (frames * 0.5 * n * (n - 1) / vol * shell)


def cmp(name_a, xa, ga, name_b, gb, scale=1.0):
    m = min(len(ga), len(gb))
    d = np.abs(ga[:m] * scale - gb[:m])
    k = int(np.argmax(d))
    return f"| {name_a} vs {name_b} | {d.max():.2e} | {xa[k]:.3f} | {np.mean(d):.1e} |"


def main(argv):
    npz, gmx_f, csg_f, mda_f = argv[1:5]
    cg_f = argv[5] if len(argv) > 5 else None
    nb = int(round(RMAX_NM / W_NM))
    counts, n, frames, vol = recount(npz)
    k = np.arange(nb)
    edge = counts[2 * k] + counts[2 * k + 1]
    centred = counts[2 * k] + np.concatenate([[0], counts[2 * k[1:] - 1]])
    g_edge = g_from_counts(edge, k * W_NM, (k + 1) * W_NM, n, frames, vol)
    g_cent = g_from_counts(centred, (k - 0.5) * W_NM, (k + 0.5) * W_NM, n, frames, vol)
    x_edge, x_cent = (k + 0.5) * W_NM, k * W_NM

    gmx = load_xy(gmx_f)
    csg = load_xy(csg_f)
    mda = load_xy(mda_f)
    for name, t, x in (("gmx", gmx, x_cent), ("csg_stat", csg, x_cent), ("MDAnalysis", mda, x_edge)):
        if not np.allclose(t[:nb, 0], x, atol=1e-4):
            raise SystemExit(f"{name}: unexpected bin positions {t[:3, 0]} ...")
    f = n / (n - 1.0)
    print(f"N = {n} beads, {frames} frames, mean volume {vol:.4f} nm^3; g(r) peak {g_cent.max():.3f} at "
          f"{x_cent[np.argmax(g_cent)]:.3f} nm (centred bins), {g_edge.max():.3f} at "
          f"{x_edge[np.argmax(g_edge)]:.3f} nm (edge bins); bins with r < {RMAX_NM} nm compared.")
    print()
    print("| pair (same bin convention) | max abs dg | at r nm | mean abs dg |")
    print("|---|---:|---:|---:|")
    print(cmp("gmx (centred)", x_cent, gmx[:nb, 1], "csg_stat (centred)", csg[:nb, 1]))
    print(cmp("gmx (centred), raw", x_cent, gmx[:nb, 1], "MDAnalysis recount, centred", g_cent))
    print(cmp("gmx (centred) × N/(N-1)", x_cent, gmx[:nb, 1], "MDAnalysis recount, centred", g_cent, f))
    ref3 = np.round(g_cent / f, 3)
    off = np.abs(gmx[:nb, 1] - ref3) > 1e-9
    print(f"| gmx (3 decimals) vs round(MDAnalysis recount × (N-1)/N, 3) | {np.abs(gmx[:nb, 1] - ref3).max():.1e} | "
          f"{off.sum()} of {nb} bins differ | |")
    print(cmp("csg_stat (centred), raw", x_cent, csg[:nb, 1], "MDAnalysis recount, centred", g_cent))
    print(cmp("csg_stat (centred) × N/(N-1)", x_cent, csg[:nb, 1], "MDAnalysis recount, centred", g_cent, f))
    print(cmp("MDAnalysis InterRDF (edges)", x_edge, mda[:nb, 1], "MDAnalysis recount, edges (sanity)", g_edge))
    if cg_f:
        cg = load_xy(cg_f)
        if len(cg) < nb or not np.allclose(cg[:nb, 0], x_edge, atol=1e-4):
            print(f"cgflow: unexpected bins in {cg_f}: {cg[:3, 0]} ... ({len(cg)} rows)")
        else:
            print(cmp("cgflow (edges)", x_edge, cg[:nb, 1], "MDAnalysis InterRDF (edges)", mda[:nb, 1]))
            tail = (x_edge >= 0.8)
            print()
            print(f"cgflow / MDAnalysis over 0.8-1.2 nm: mean ratio {np.mean(cg[:nb, 1][tail] / mda[:nb, 1][tail]):.6f} "
                  f"(1 = N(N-1) normalisation, {1 / f:.6f} = N^2)")


if __name__ == "__main__":
    main(sys.argv)
