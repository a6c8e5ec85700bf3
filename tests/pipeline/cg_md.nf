#!/usr/bin/env nextflow
/*
 * Runs the CG_MD module alone (it is not wired into main.nf yet): LJ argon from the bundled GRO with a
 * Lennard-Jones POT.yaml, a short Langevin run. Used by tests/pipeline/run-tests.sh.
 *   nextflow run tests/pipeline/cg_md.nf --start conf.gro --potential argon.yaml --outdir OUT
 */
nextflow.enable.dsl = 2

include { CG_MD } from '../../modules/cg_md/main.nf'

params.start = null
params.potential = null
params.outdir = 'results'

workflow {
    def meta = [id: 'argon_md', system: 'lj-argon', state: '94.4K']
    CG_MD(Channel.of([meta, file(params.start, checkIfExists: true), file(params.potential, checkIfExists: true), []]))
    CG_MD.out.log.subscribe { m, tsv -> tsv.copyTo(file("${params.outdir}/${tsv.name}")) }
    CG_MD.out.trajectory.subscribe { m, h5 -> (h5 instanceof List ? h5 : [h5]).each { it.copyTo(file("${params.outdir}/${it.name}")) } }
}
