/*
 * VALIDATE: one system's trained model (one architecture) against the atomistic reference, state by state: the
 * distributions of the CG run of every state (REFERENCE on the CG_MD trajectory) against the atomistic ones, the
 * CG run's thermodynamics, the training curve, the learned pair energy and the runs' metrics.
 *
 * Output: ${prefix}.validation.json (docs/validation.md) and ${prefix}.validation.html (self-contained report).
 * Options arrive through task.ext.args.
 */
process VALIDATE {
    tag "${meta.id}"
    label 'process_single'

    input:
    // states, roles: one per state, in the same order as references, cgs and thermos;
    // tolerances: the limits file, or [] for the tool's defaults
    tuple val(meta), val(states), val(roles), path(references, stageAs: 'references/*'), path(cgs, stageAs: 'cg/*'),
          path(thermos, stageAs: 'thermo/*'), path(model, stageAs: 'model/*'), path(train_log, stageAs: 'train/*'),
          path(metrics, stageAs: 'metrics/*')
    path(tolerances, stageAs: 'tolerances/*')

    output:
    tuple val(meta), path("${prefix}.validation.json") , emit: json
    tuple val(meta), path("${prefix}.validation.html") , emit: html
    path "versions.yml"                                , emit: versions

    script:
    def args = task.ext.args ?: ''
    prefix = task.ext.prefix ?: "${meta.id}"
    def refs = references instanceof Collection ? references as List : [references]
    def cg = cgs instanceof Collection ? cgs as List : [cgs]
    def th = thermos instanceof Collection ? thermos as List : [thermos]
    def names = states as List
    def kinds = roles as List
    if ([names.size(), kinds.size(), refs.size(), cg.size(), th.size()].unique().size() != 1) {
        error("VALIDATE ${prefix}: ${names.size()} states, ${kinds.size()} roles, ${refs.size()} references, ${cg.size()} CG distributions and ${th.size()} THERMO logs; expected one of each per state")
    }
    def state_args = [names, kinds, refs, cg, th].transpose().collect { n, r, a, c, t ->
        "--state '${n}' --role ${r} --reference '${a}' --cg '${c}' --thermo '${t}'"
    }.join(' ')
    def metric_args = (metrics instanceof Collection ? metrics as List : [metrics]).findAll { it }.collect { "--run-metrics '${it}'" }.join(' ')
    def tol = tolerances ? "--tolerances '${tolerances}'" : ''
    def heap = task.memory ? "-Xmx${Math.max(256L, (task.memory.toMega() * 0.8) as long)}m" : ''
    def java_opts = [heap, "-XX:ActiveProcessorCount=${task.cpus}", task.ext.java_opts ?: ''].findAll().join(' ')
    """
    export CGFLOW_JAVA_OPTS="${java_opts}"

    cgflow-validate \\
        --system '${meta.system}' \\
        --architecture '${meta.arch}' \\
        ${state_args} \\
        --model '${model}' \\
        --train-log '${train_log}' \\
        ${metric_args} \\
        ${tol} \\
        --output '${prefix}.validation.json' \\
        --html '${prefix}.validation.html' \\
        ${args}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        cgflow-validate: \$(cgflow-validate --version | sed 's/^cgflow-validate //')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}"
    """
    cat <<-END_JSON > '${prefix}.validation.json'
    {"format": "cgflow-validation", "version": 1, "system": "${meta.system}", "architecture": "${meta.arch}", "verdict": "stub", "roles": {}, "states": [], "metrics": []}
    END_JSON
    printf '<!DOCTYPE html><title>stub</title>\\n' > '${prefix}.validation.html'

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        cgflow-validate: \$(cgflow-validate --version 2>/dev/null | sed 's/^cgflow-validate //' || echo stub)
    END_VERSIONS
    """
}
