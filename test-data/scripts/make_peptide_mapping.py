#!/usr/bin/python3
"""Write mappings/peptide.yaml from peptide/topol.top (the [ atoms ] of the first moleculetype):
one backbone bead BB per residue (N, H/H1-H3, CA, HA/HA1-HA2, C, O/OC1-OC2) and one side-chain bead per
residue other than glycine (every other atom), typed by residue class. Atom names repeat from residue to
residue, so beads list 1-based atom positions in the molecule (atoms: {first, count, per_molecule}).
usage: make_peptide_mapping.py [TEST_DATA_DIR]"""
import os, sys

TD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
BACKBONE = {"N", "H", "H1", "H2", "H3", "CA", "HA", "HA1", "HA2", "C", "O", "OC1", "OC2"}
SC_TYPE = {"LEU": "APO", "VAL": "APO", "ILE": "APO", "ALA": "APO", "PHE": "ARO", "TRP": "ARO", "TYR": "ARO",
           "LYS": "CHG", "ARG": "CHG", "GLU": "CHG", "ASP": "CHG"}
# One type for both charges: in this 10-mer the two Lys (2, 8) and the two Glu (5, 10) are too far apart along
# the extended chain to come within the RDF range (half the smallest box width, 1.58 nm), so POS-POS and
# NEG-NEG would be empty, and cgflow-train refuses an empty RDF.

atoms, section = [], None
with open(os.path.join(TD, "peptide", "topol.top")) as f:
    for line in f:
        s = line.split(";")[0].strip()
        if s.startswith("["):
            section = s.strip("[] ")
            if section == "moleculetype" and atoms:
                break
            continue
        if section == "atoms" and s:
            nr, typ, resnr, res, name, cgnr, q, m = s.split()[:8]
            atoms.append((int(nr), int(resnr), res, name, float(m)))
residues = sorted({a[1] for a in atoms})
beads, seq = [], []
for r in residues:
    ra = [a for a in atoms if a[1] == r]
    res = ra[0][2]
    seq.append(res)
    bb = [a for a in ra if a[3] in BACKBONE]
    sc = [a for a in ra if a[3] not in BACKBONE]
    beads.append((f"BB{r}", "BB", bb, res, r))
    if sc:
        beads.append((f"SC{r}", SC_TYPE[res], sc, res, r))
bead = {b[0]: b for b in beads}
bonds = [("BB-BB", f"BB{r}", f"BB{r + 1}") for r in residues[:-1]]
bonds += [(f"BB-{bead[f'SC{r}'][1]}", f"BB{r}", f"SC{r}") for r in residues if f"SC{r}" in bead]
angles = [("BB-BB-BB", f"BB{r}", f"BB{r + 1}", f"BB{r + 2}") for r in residues[:-2]]
# side chain - own backbone - next backbone (the last residue: previous backbone)
angles += [("SC-BB-BB", f"SC{r}", f"BB{r}", f"BB{r + 1}" if r != residues[-1] else f"BB{r - 1}")
           for r in residues if f"SC{r}" in bead]
dihedrals = [("BB-BB-BB-BB", f"BB{r}", f"BB{r + 1}", f"BB{r + 2}", f"BB{r + 3}") for r in residues[:-3]]

n = len(atoms)
out = [
    f"# cgflow mapping: peptide (test-data/peptide), {'-'.join(seq)}, AMBER99SB-ILDN atom names (peptide/topol.top).",
    "# Written by scripts/make_peptide_mapping.py. Water (SOL, TIP3P) is not listed and is dropped: a solvent-free CG peptide.",
    f"# The peptide is atoms 1-{n} of the structure, one molecule spanning {len(residues)} residues, so beads list 1-based",
    "# atom positions (names repeat from residue to residue). Per residue: a backbone bead BB (N, H/H1-H3, CA, HA/HA1-HA2,",
    "# C, O/OC1-OC2) and, except glycine, one side-chain bead typed by residue class: APO (Leu, Val), ARO (Phe),",
    "# CHG (Lys+ and Glu-: one type, so that every type pair has distances within the RDF range). Centres of mass. Bonded: BB-BB bonds, BB-side chain bonds (one type per class),",
    "# BB-BB-BB and SC-BB-BB angles (side chain, own and next backbone bead; last residue: previous), BB-BB-BB-BB",
    "# dihedrals. With exclusions: bonded, pairs joined by a bond or an angle are left out of the RDFs.",
    "molecules:",
    "  - name: peptide",
    f"    atoms: {{first: 1, count: {n}, per_molecule: {n}}}",
    "    weights: mass",
    "    beads:",
]
for name, typ, at, res, r in beads:
    mass = sum(a[4] for a in at)
    out.append(f"      # {res}{r}: {' '.join(a[3] for a in at)} ({mass:.3f} amu)")
    out.append(f"      - {{name: {name}, type: {typ}, atoms: [{', '.join(str(a[0]) for a in at)}]}}")
out.append("    bonds:")
out += [f"      - {{name: {b[0]}, beads: [{b[1]}, {b[2]}]}}" for b in bonds]
out.append("    angles:")
out += [f"      - {{name: {a[0]}, beads: [{a[1]}, {a[2]}, {a[3]}]}}" for a in angles]
out.append("    dihedrals:")
out += [f"      - {{name: {d[0]}, beads: [{d[1]}, {d[2]}, {d[3]}, {d[4]}]}}" for d in dihedrals]
out.append("    exclusions: bonded")
with open(os.path.join(TD, "mappings", "peptide.yaml"), "w") as f:
    f.write("\n".join(out) + "\n")
print(f"mappings/peptide.yaml: {len(beads)} beads ({', '.join(sorted({b[1] for b in beads}))}), {len(bonds)} bonds, "
      f"{len(angles)} angles, {len(dihedrals)} dihedrals")
