/*
 * TRAIN: one CG network model for one system and one network architecture, trained by cgflow-train on the
 * reference distributions of the system's training states (one file per thermodynamic state), each with a CG
 * start configuration of that state.
 *
 * The training iterations (sampling rounds, reweighting, updates) live inside the tool, which checkpoints
 * every iteration; Nextflow runs one task per system × architecture, so each architecture of a sweep is its
 * own cached task.
 *
 * Output: ${prefix}.model.h5 (the trained model), ${prefix}.train.tsv (one row per iteration),
 * ${prefix}.train.prom (metrics), checkpoints/ (when the checkpoints live in the task folder).
 * Options (activation, iterations, seed, time budget ...) arrive through task.ext.args.
 *
 * Checkpoints: by default in checkpoints/ of the task folder. A rerun of the same command in the same folder
 * resumes from them, but Nextflow runs every new attempt (a retry, or -resume of a killed run) in a fresh
 * folder, so there training starts over. task.ext.checkpoint_dir (set from params.train_checkpoint_root)
 * gives the task a stable folder instead, outside the work folder; inside it the checkpoints go to a
 * subfolder named by a fingerprint of what decides the training (inputs' contents, architecture, options
 * other than the iteration and time limits and the log level), so a retry resumes while a task with other
 * inputs starts afresh instead of meeting a checkpoint of another run (which the trainer refuses).
 * Training past a time limit: see --max-time below.
 */
process TRAIN {
    // two tasks of a system differ only in the architecture: the tag names both
    tag "${meta.id}-${arch.id}"
    label 'process_gpu'

    input:
    // references, starts: one per training state, in the same order (state k: references[k], starts[k]);
    // settings: the system's settings file, or [] for the tool's defaults;
    // arch: [id: '2x32', hidden: '32,32'] ('linear' for no hidden layer)
    tuple val(meta), val(arch), path(references, stageAs: 'references/*'), path(starts, stageAs: 'starts/*'), path(settings, stageAs: 'settings/*')

    output:
    tuple val(meta), val(arch), path("${prefix}.model.h5")   , emit: model
    tuple val(meta), val(arch), path("${prefix}.train.tsv")  , emit: log
    tuple val(meta), val(arch), path("${prefix}.train.prom") , emit: metrics
    tuple val(meta), val(arch), path("checkpoints")          , emit: checkpoint, optional: true
    path "versions.yml"                                      , emit: versions

    script:
    def args = task.ext.args ?: ''
    prefix = task.ext.prefix ?: "${meta.id}-${arch.id}"
    def refs = references instanceof Collection ? references as List : [references]
    def cgs = starts instanceof Collection ? starts as List : [starts]
    if (refs.size() != cgs.size()) {
        error("TRAIN ${prefix}: ${refs.size()} reference file(s) but ${cgs.size()} start file(s); expected one of each per state")
    }
    def inputs = refs.collect { "--input '${it}'" }.join(' ')
    def start_args = cgs.collect { "--start '${it}'" }.join(' ')
    def settings_arg = settings ? "--settings '${settings}'" : ''
    // Stop in time to write the model: without --max-time in the options, a budget of 90 % of the task's
    // time less 10 minutes (a run killed by the scheduler leaves no model).
    def budget = (!(args =~ /(^|\s)--max-time(\s|=)/) && task.time)
        ? "--max-time ${Math.max(1L, (task.time.toMinutes() * 0.9 - 10) as long)}" : ''
    // ND4J keeps its arrays off the Java heap: heap and JavaCPP's off-heap limit 40 % of the task's memory
    // each, the whole process (JavaCPP's physical-memory check) 90 %.
    def mem = task.memory ? task.memory.toMega() : 0L
    def heap = mem ? "-Xmx${Math.max(256L, (mem * 0.4) as long)}m" : ''
    def offheap = mem ? "-Dorg.bytedeco.javacpp.maxbytes=${Math.max(256L, (mem * 0.4) as long)}m -Dorg.bytedeco.javacpp.maxphysicalbytes=${Math.max(512L, (mem * 0.9) as long)}m" : ''
    def java_opts = [heap, offheap, "-XX:ActiveProcessorCount=${task.cpus}", task.ext.java_opts ?: ''].findAll().join(' ')
    // What decides the training (for the stable checkpoint folder, with the tool's version and the inputs'
    // contents): not the iteration and time limits, so that a task continued with a larger limit resumes (the
    // trainer's own identity check leaves --max-iterations out too), nor the log level.
    def decisive = ("hidden=${arch.hidden} " + args.replaceAll(/(^|\s)--(max-iterations|max-time|log-level)(\s+|=)\S+/, ' ')).trim().replaceAll(/\s+/, ' ')
    def stable = task.ext.checkpoint_dir ? task.ext.checkpoint_dir.toString() : ''
    """
    export CGFLOW_JAVA_OPTS="${java_opts}"
    export OMP_NUM_THREADS=${task.cpus}

    checkpoints=checkpoints
    if [[ -n '${stable}' ]]; then
        fingerprint=\$( {
            cgflow-train --version
            printf '%s\\n' '${decisive.replace("'", "'\\''")}'
            for f in ${refs.collect { "'${it}'" }.join(' ')} -- ${cgs.collect { "'${it}'" }.join(' ')} -- ${settings ? "'${settings}'" : ''}; do
                if [[ "\$f" == -- ]]; then echo --; else sha256sum < "\$f"; fi
            done
        } | sha256sum | cut -c1-16 )
        checkpoints='${stable}'/\$fingerprint
        mkdir -p "\$checkpoints"
        echo "TRAIN ${prefix}: checkpoints in \$checkpoints" >&2
    fi

    cgflow-train \\
        ${inputs} \\
        ${start_args} \\
        ${settings_arg} \\
        --hidden ${arch.hidden} \\
        --output '${prefix}.model.h5' \\
        --log '${prefix}.train.tsv' \\
        --metrics '${prefix}.train.prom' \\
        --checkpoint-dir "\$checkpoints" \\
        --threads ${task.cpus} \\
        ${budget} \\
        ${args}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        cgflow-train: \$(cgflow-train --version | sed 's/^cgflow-train //')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}-${arch.id}"
    def refs = references instanceof Collection ? references as List : [references]
    def cgs = starts instanceof Collection ? starts as List : [starts]
    if (refs.size() != cgs.size()) {
        error("TRAIN ${prefix}: ${refs.size()} reference file(s) but ${cgs.size()} start file(s); expected one of each per state")
    }
    """
    touch '${prefix}.model.h5'
    printf 'iteration\\ttime_s\\tloss\\tess\\n' > '${prefix}.train.tsv'
    mkdir -p checkpoints
    # what training would have read: one line per state, its reference and its start
    printf 'hidden ${arch.hidden}\\n' > checkpoints/stub.txt
    printf 'state %s %s\\n' ${[refs, cgs].transpose().collect { r, c -> "'${r}' '${c}'" }.join(' ')} >> checkpoints/stub.txt
    printf 'settings %s\\n' '${settings ?: '-'}' >> checkpoints/stub.txt
    cat <<-END_METRICS > '${prefix}.train.prom'
    # HELP cgflow_train_iterations_total Training iterations (stub run)
    # TYPE cgflow_train_iterations_total counter
    cgflow_train_iterations_total 0.0
    END_METRICS

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        cgflow-train: \$(cgflow-train --version 2>/dev/null | sed 's/^cgflow-train //' || echo stub)
    END_VERSIONS
    """
}
