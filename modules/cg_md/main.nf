/*
 * CG_MD: CG molecular dynamics (or Monte Carlo) with a potential file or a trained network model, from a CG
 * start configuration.
 *
 * Output: ${prefix}.h5 (or shards ${prefix}-NNNNN.h5 with ${prefix}.shards.txt), ${prefix}.thermo.tsv.
 * Options (integrator, steps, dt, seed, output interval ...) arrive through task.ext.args; the temperature comes
 * from meta.temperature when the options do not give one (with a model and no --dt, the model's training time step).
 * Input: the start configuration, the force field — POT.yaml (.yaml/.yml) or a model file (any other name) —
 * and the table files POT.yaml names ([] when it names none).
 */
process CG_MD {
    tag "${meta.id}"
    label 'process_medium'

    input:
    // tables: the table files POT.yaml names (staged beside it, so give them as plain file names there)
    tuple val(meta), path(start), path(force_field), path(tables)

    output:
    tuple val(meta), path("${prefix}*.h5")          , emit: trajectory
    tuple val(meta), path("${prefix}.shards.txt")   , emit: shards, optional: true
    tuple val(meta), path("${prefix}.thermo.tsv")   , emit: log
    tuple val(meta), path("${prefix}.md.prom")      , emit: metrics
    path "versions.yml"                             , emit: versions

    script:
    def args = task.ext.args ?: ''
    prefix = task.ext.prefix ?: "${meta.id}"
    def potential_file = force_field.name.endsWith('.yaml') || force_field.name.endsWith('.yml')
    def force_field_arg = potential_file ? "--potential '${force_field}'" : "--model '${force_field}'"
    def temperature = (meta.temperature != null && !(args =~ /(^|\s)--temperature(\s|=)/)) ? "--temperature ${meta.temperature}" : ''
    def heap = task.memory ? "-Xmx${Math.max(256L, (task.memory.toMega() * 0.8) as long)}m" : ''
    def java_opts = [heap, "-XX:ActiveProcessorCount=${task.cpus}", task.ext.java_opts ?: ''].findAll().join(' ')
    """
    export CGFLOW_JAVA_OPTS="${java_opts}"

    cgflow-md \\
        --start '${start}' \\
        ${force_field_arg} \\
        ${temperature} \\
        --output '${prefix}.h5' \\
        --log '${prefix}.thermo.tsv' \\
        --threads ${task.cpus} \\
        --metrics '${prefix}.md.prom' \\
        ${args}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        cgflow-md: \$(cgflow-md --version | sed 's/^cgflow-md //')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}"
    """
    touch '${prefix}.h5'
    printf 'step\\ttime_ps\\tpotential_kJ_mol\\tkinetic_kJ_mol\\tconserved_kJ_mol\\ttemperature_K\\tpressure_bar\\tvolume_nm3\\n' > '${prefix}.thermo.tsv'
    cat <<-END_METRICS > '${prefix}.md.prom'
    # HELP cgflow_md_steps Steps run (stub run)
    # TYPE cgflow_md_steps gauge
    cgflow_md_steps 0.0
    END_METRICS

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        cgflow-md: \$(cgflow-md --version 2>/dev/null | sed 's/^cgflow-md //' || echo stub)
    END_VERSIONS
    """
}
