/**
 * The {@code cgflow-model} tool: {@link io.cgflow.model.ModelInfo} describes a model file,
 * {@link io.cgflow.model.PairEnergy} evaluates the energy of an isolated bead pair (network and prior), and
 * {@link io.cgflow.model.TableExport} writes the pair and bonded tables for GROMACS and LAMMPS;
 * {@link io.cgflow.model.ModelCommand} is the command line over them.
 */
package io.cgflow.model;
