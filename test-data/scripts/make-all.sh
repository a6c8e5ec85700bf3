#!/bin/bash
# Regenerate all of test-data/ from scratch (about 30 min on 2 busy cores for the liquids and formats, plus
# the peptide and lipid systems: see README.md), then check it.
# Needs Debian packages: gromacs (gmx, gmx_d), lammps (lmp), packmol, python3-mdanalysis, python3-ase,
# python3-pymol (peptide builder).
source "$(dirname "$0")/common.sh"
bash "$SCRIPTS/make-lj-argon.sh"
bash "$SCRIPTS/make-methanol-water.sh"
bash "$SCRIPTS/make-propane.sh"
bash "$SCRIPTS/make-spce-water.sh"
bash "$SCRIPTS/make-peptide.sh"          # peptide/ (300K, 340K); then mappings/peptide.yaml from its topol.top
$PY "$SCRIPTS/make_peptide_mapping.py"
bash "$SCRIPTS/make-lipid.sh"            # lipid/ (323K; `make-lipid.sh 333K` adds a holdout state)
bash "$SCRIPTS/make-formats.sh"          # also runs make-formats-lammps.sh
$PY "$SCRIPTS/make-h5md-fixture.py"      # formats/traj-mda.h5md: H5MD written by MDAnalysis, and its oracle
$PY "$SCRIPTS/make-reference-fixtures.py"  # reference/: CG fixtures for cgflow-reference (MDAnalysis, gmx rdf, NumPy; VOTCA mapping check)
$PY "$SCRIPTS/check_oracles.py" "$TD/formats"
$PY "$SCRIPTS/check_systems.py" "$TD"
du -sh "$TD"
