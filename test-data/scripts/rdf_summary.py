#!/usr/bin/python3
"""Summarise an RDF written by gmx rdf: first peak, first minimum, large-r value."""
import sys
r, g = [], []
for line in open(sys.argv[1]):
    if line[0] in "#@":
        continue
    a, b = line.split()[:2]
    r.append(float(a)); g.append(float(b))
ip = max(range(len(g)), key=lambda i: g[i])
im = min(range(ip, len(g)), key=lambda i: g[i] if r[i] < r[ip] * 1.8 else 1e9)
tail = [g[i] for i in range(len(g)) if r[i] > r[-1] - 0.2]
print(f"# g(r) from {sys.argv[1]} ({' '.join(sys.argv[2:]) or 'gmx rdf'})")
print(f"rdf first peak r = {r[ip]:.4f} nm g = {g[ip]:.3f}; first minimum r = {r[im]:.4f} nm g = {g[im]:.3f}; "
      f"mean g over last 0.2 nm (r <= {r[-1]:.3f}) = {sum(tail)/len(tail):.3f}")
