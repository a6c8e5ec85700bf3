/*
 * REFERENCE: one state's H5MD trajectory (all its shards, in order) -> mapped CG beads -> reference
 * distributions (HDF5 + one text table per distribution), and the mapped CG trajectory (H5MD: the start
 * configurations of training and CG MD; shards ${prefix}.cg-NNNNN.h5 with ${prefix}.cg.shards.txt when long).
 *
 * All shards of a state go to one task: the tool streams them in order and spreads the frames over
 * task.cpus threads with mergeable per-thread accumulators, so one task uses its cores fully, and error
 * bars come from blocks of consecutive frames across shard boundaries. Per-shard tasks plus a merge
 * would only pay off for trajectories far larger than one node's disk bandwidth.
 */
process REFERENCE {
    tag "${meta.id}"
    label 'process_medium'

    input:
    // mapping: the mapping file, or [] for a trajectory that is already CG (every particle a bead)
    tuple val(meta), path(h5, stageAs: 'h5/*'), path(mapping)

    output:
    tuple val(meta), path("${prefix}.distributions.h5") , emit: distributions
    tuple val(meta), path("${prefix}-tables/*.tsv")     , emit: tables
    tuple val(meta), path("${prefix}.cg*.h5")           , emit: cg, optional: true
    tuple val(meta), path("${prefix}.cg.shards.txt")    , emit: cg_shards, optional: true
    tuple val(meta), path("${prefix}.reference.prom")   , emit: metrics
    path "versions.yml"                                 , emit: versions

    script:
    def args = task.ext.args ?: ''
    prefix = task.ext.prefix ?: "${meta.id}"
    // shards sorted by name: OUT-00000.h5, OUT-00001.h5, ... are in frame order
    def inputs = (h5 instanceof Collection ? h5 : [h5]).sort { it.name }.collect { "--input '${it}'" }.join(' ')
    def map = mapping ? "--mapping '${mapping}'" : ''
    // task.ext.cg_output false: no mapped CG trajectory (the input is a CG run already)
    def cg_output = task.ext.cg_output == false ? '' : "--cg-output '${task.ext.prefix ?: meta.id}.cg.h5'"
    def temperature = meta.temperature != null ? "--temperature ${meta.temperature}" : ''
    def pressure = meta.pressure != null ? "--pressure ${meta.pressure}" : ''
    def heap = task.memory ? "-Xmx${Math.max(256L, (task.memory.toMega() * 0.8) as long)}m" : ''
    def java_opts = [heap, "-XX:ActiveProcessorCount=${task.cpus}", task.ext.java_opts ?: ''].findAll().join(' ')
    """
    export CGFLOW_JAVA_OPTS="${java_opts}"

    cgflow-reference \\
        ${inputs} \\
        ${map} \\
        --output '${prefix}.distributions.h5' \\
        --tables '${prefix}-tables' \\
        ${cg_output} \\
        ${temperature} \\
        ${pressure} \\
        --threads ${task.cpus} \\
        --metrics '${prefix}.reference.prom' \\
        ${args}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        cgflow-reference: \$(cgflow-reference --version | sed 's/^cgflow-reference //')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}"
    """
    touch '${prefix}.distributions.h5'
    ${task.ext.cg_output == false ? '' : "touch '${task.ext.prefix ?: meta.id}.cg.h5'"}
    mkdir -p '${prefix}-tables'
    printf '# x\\tvalue\\terror\\n' > '${prefix}-tables/rdf-stub-stub.tsv'
    cat <<-END_METRICS > '${prefix}.reference.prom'
    # HELP cgflow_reference_frames_total Frames analysed (stub run)
    # TYPE cgflow_reference_frames_total counter
    cgflow_reference_frames_total 0.0
    END_METRICS

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        cgflow-reference: \$(cgflow-reference --version 2>/dev/null | sed 's/^cgflow-reference //' || echo stub)
    END_VERSIONS
    """
}
