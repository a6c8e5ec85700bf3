/*
 * REPORT: the campaign page across systems and network architectures (cgflow-report), from every
 * *.validation.json, with the metrics of every task of the run.
 *
 * Output: campaign.json and campaign.html.
 */
process REPORT {
    tag "campaign"
    label 'process_single'

    input:
    path(validations, stageAs: 'validation/*')
    path(metrics, stageAs: 'metrics/*')

    output:
    path "campaign.json" , emit: json
    path "campaign.html" , emit: html
    path "versions.yml"  , emit: versions

    script:
    def args = task.ext.args ?: ''
    def inputs = (validations instanceof Collection ? validations as List : [validations]).sort { it.name }.collect { "--input '${it}'" }.join(' ')
    def metric_args = (metrics instanceof Collection ? metrics as List : [metrics]).findAll { it }.sort { it.name }.collect { "--run-metrics '${it}'" }.join(' ')
    def heap = task.memory ? "-Xmx${Math.max(256L, (task.memory.toMega() * 0.8) as long)}m" : ''
    def java_opts = [heap, "-XX:ActiveProcessorCount=${task.cpus}", task.ext.java_opts ?: ''].findAll().join(' ')
    """
    export CGFLOW_JAVA_OPTS="${java_opts}"

    cgflow-report \\
        ${inputs} \\
        ${metric_args} \\
        --output campaign.json \\
        --html campaign.html \\
        ${args}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        cgflow-report: \$(cgflow-report --version | sed 's/^cgflow-report //')
    END_VERSIONS
    """

    stub:
    """
    printf '{"format": "cgflow-campaign", "version": 1, "rows": []}\\n' > campaign.json
    printf '<!DOCTYPE html><title>stub</title>\\n' > campaign.html

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        cgflow-report: \$(cgflow-report --version 2>/dev/null | sed 's/^cgflow-report //' || echo stub)
    END_VERSIONS
    """
}
