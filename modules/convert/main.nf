/*
 * CONVERT: one atomistic trajectory (one or more parts, in order) -> H5MD.
 *
 * Output: ${prefix}.h5, or shards ${prefix}-00000.h5, ${prefix}-00001.h5 ... plus the list
 * ${prefix}.shards.txt when the trajectory is written in more than one shard.
 * Options (shard size, compression, frame selection ...) arrive through task.ext.args.
 */
process CONVERT {
    tag "${meta.id}"
    label 'process_medium'

    input:
    // Parts are staged into numbered folders: parts of one trajectory often share a file name
    // (run1/traj.xtc, run2/traj.xtc); the original name keeps its extension for format detection.
    // The topology (GROMACS .top or LAMMPS data; [] when the row has none) brings bonds and masses; a .top
    // finds its #include files beside the file it links to.
    tuple val(meta), path(structure), path(trajectory, stageAs: 'parts/???/*'), path(topology, stageAs: 'topology/*')

    output:
    tuple val(meta), path("${prefix}*.h5")          , emit: h5
    tuple val(meta), path("${prefix}.shards.txt")   , emit: shards, optional: true
    tuple val(meta), path("${prefix}.convert.prom") , emit: metrics
    path "versions.yml"                             , emit: versions

    script:
    def args = task.ext.args ?: ''
    prefix = task.ext.prefix ?: "${meta.id}"
    def topology_arg = topology ? "--topology '${topology}'" : ''
    def parts = (trajectory instanceof Collection ? trajectory : [trajectory])
        .collect { "--input '${it}'" }
        .join(' ')
    // Heap from the task's memory, leaving room for metaspace, threads and direct buffers.
    def heap = task.memory ? "-Xmx${Math.max(256L, (task.memory.toMega() * 0.8) as long)}m" : ''
    def java_opts = [heap, "-XX:ActiveProcessorCount=${task.cpus}", task.ext.java_opts ?: ''].findAll().join(' ')
    """
    export CGFLOW_JAVA_OPTS="${java_opts}"

    cgflow-convert \\
        --structure '${structure}' \\
        ${topology_arg} \\
        ${parts} \\
        --output '${prefix}.h5' \\
        --threads ${task.cpus} \\
        --metrics '${prefix}.convert.prom' \\
        ${args}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        cgflow-convert: \$(cgflow-convert --version | sed 's/^cgflow-convert //')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}"
    """
    touch '${prefix}.h5'
    cat <<-END_METRICS > '${prefix}.convert.prom'
    # HELP cgflow_convert_frames_total Frames written (stub run)
    # TYPE cgflow_convert_frames_total counter
    cgflow_convert_frames_total 0.0
    END_METRICS

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        cgflow-convert: \$(cgflow-convert --version 2>/dev/null | sed 's/^cgflow-convert //' || echo stub)
    END_VERSIONS
    """
}
