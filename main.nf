#!/usr/bin/env nextflow
/*
 * cgflow: machine-learned coarse-grained force fields from atomistic MD trajectories.
 *
 *   samplesheet ──▶ CONVERT (atomistic trajectory → H5MD)
 *                   ──▶ REFERENCE (mapping → CG beads → reference distributions)
 *                   ──▶ TRAIN ──▶ CGMD ──▶ VALIDATE      (later issues)
 *
 * Run:  ./cgflow run -profile test --outdir results
 *       nextflow run main.nf --input samplesheet.csv --outdir results -profile slurm,apptainer
 */
nextflow.enable.dsl = 2

include { CONVERT   } from './modules/convert/main.nf'
include { REFERENCE } from './modules/reference/main.nf'

/*
 * ─── Campaign samplesheet ──────────────────────────────────────────────────────────────────────
 * CSV with a header; one row per atomistic trajectory. Validated here (nf-schema is not available
 * offline): every problem is reported with the samplesheet's path and line number.
 */
SAMPLESHEET_COLUMNS  = ['system', 'state', 'role', 'structure', 'trajectory', 'mapping', 'temperature', 'model_settings']
SAMPLESHEET_REQUIRED = ['system', 'state', 'role', 'structure', 'trajectory', 'temperature']
// Optional columns: a header may leave them out.
SAMPLESHEET_OPTIONAL = ['topology']
SAMPLESHEET_ROLES    = ['train', 'holdout']
NAME_PATTERN         = ~/^[A-Za-z0-9][A-Za-z0-9._-]*$/

/*
 * RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks.
 * Returns [[line: <first line of the record, 1-based>, fields: [...]], ...].
 */
def parseCsv(String text) {
    if (text.startsWith('\uFEFF')) {
        text = text.substring(1)
    }
    def records = []
    def fields = []
    def field = new StringBuilder()
    boolean quoted = false
    boolean wasQuoted = false
    int line = 1
    int recordLine = 1
    int i = 0
    int n = text.length()
    def endField = {
        fields << (wasQuoted ? field.toString() : field.toString().trim())
        field.setLength(0)
        wasQuoted = false
    }
    while (i < n) {
        char c = text.charAt(i)
        if (quoted) {
            if (c == '"' as char) {
                if (i + 1 < n && text.charAt(i + 1) == '"' as char) {
                    field.append('"'); i++
                } else {
                    quoted = false
                }
            } else {
                if (c == '\n' as char) line++
                field.append(c)
            }
        } else if (c == '"' as char && field.toString().trim().isEmpty()) {
            quoted = true; wasQuoted = true; field.setLength(0)
        } else if (c == ',' as char) {
            endField()
        } else if (c == '\r' as char || c == '\n' as char) {
            if (c == '\r' as char && i + 1 < n && text.charAt(i + 1) == '\n' as char) i++
            endField()
            records << [line: recordLine, fields: fields]
            fields = []
            line++
            recordLine = line
        } else {
            field.append(c)
        }
        i++
    }
    if (quoted) {
        return [error: "line ${recordLine}: unterminated quoted field"]
    }
    if (field.length() > 0 || !fields.isEmpty()) {
        endField()
        records << [line: recordLine, fields: fields]
    }
    // blank lines carry no record
    return [records: records.findAll { r -> r.fields.any { it } }]
}

/* A path from the samplesheet: relative paths resolve against the samplesheet's own folder. */
def resolveSheetPath(java.nio.file.Path base, String value) {
    if (value ==~ /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/.*/) {
        return file(value, checkIfExists: false)          // s3://, https://, ... (not checked here)
    }
    return base.resolve(value).normalize()
}

def isLocal(java.nio.file.Path p) {
    return p.fileSystem == java.nio.file.FileSystems.default
}

/*
 * Reads and validates the samplesheet; returns [[meta, structure, [trajectory parts], topology or []], ...].
 * Fails the run before any task starts, listing every problem found.
 */
def readSamplesheet(String input) {
    def sheet = file(input, checkIfExists: false)
    if (!sheet.exists()) {
        error("cgflow: samplesheet ${input} not found (--input)")
    }
    if (sheet.isDirectory()) {
        error("cgflow: samplesheet ${input} is a directory, expected a CSV file (--input)")
    }
    def where = sheet.toUriString().startsWith('file:') ? sheet.toAbsolutePath().toString() : sheet.toUriString()
    def fail = { List<String> problems ->
        error("cgflow: invalid samplesheet ${where}:\n" + problems.collect { "  ${it}" }.join('\n'))
    }
    def parsed = parseCsv(sheet.getText('UTF-8'))
    if (parsed.error) {
        fail([parsed.error])
    }
    def records = parsed.records
    if (records.isEmpty()) {
        fail(['line 1: the samplesheet is empty; expected the header ' + SAMPLESHEET_COLUMNS.join(',')])
    }
    def header = records[0].fields
    def problems = []
    def missing = SAMPLESHEET_COLUMNS.findAll { !(it in header) }
    if (missing) {
        problems << "line ${records[0].line}: missing column(s) ${missing.join(', ')} in the header; expected ${SAMPLESHEET_COLUMNS.join(',')}"
    }
    def duplicatedColumns = header.findAll { h -> header.count(h) > 1 }.unique()
    if (duplicatedColumns) {
        problems << "line ${records[0].line}: column(s) ${duplicatedColumns.join(', ')} appear more than once in the header"
    }
    if (problems) {
        fail(problems)
    }
    def unknown = header.findAll { !(it in SAMPLESHEET_COLUMNS) && !(it in SAMPLESHEET_OPTIONAL) }
    if (unknown) {
        log.warn "cgflow: samplesheet ${where}: ignoring unknown column(s) ${unknown.join(', ')}"
    }
    if (records.size() < 2) {
        fail(["line ${records[0].line}: no rows after the header"])
    }

    def base = sheet.toAbsolutePath().parent
    def seenKey = [:]
    def seenId = [:]
    def rows = []
    records.drop(1).each { rec ->
        def ln = rec.line
        def p = { String msg -> problems << "line ${ln}: ${msg}".toString() }
        if (rec.fields.size() != header.size()) {
            p("${rec.fields.size()} fields, but the header has ${header.size()}")
            return
        }
        def row = [header, rec.fields].transpose().collectEntries { it }
        SAMPLESHEET_REQUIRED.each { col ->
            if (!row[col]) p("empty ${col}")
        }
        def system = row.system
        def state = row.state
        if (system && !(system ==~ NAME_PATTERN)) {
            p("system '${system}' may hold only letters, digits, '.', '_' and '-' (it names output folders)")
        }
        if (state && !(state ==~ NAME_PATTERN)) {
            p("state '${state}' may hold only letters, digits, '.', '_' and '-' (it names output folders)")
        }
        if (row.role && !(row.role in SAMPLESHEET_ROLES)) {
            p("unknown role '${row.role}'; expected one of: ${SAMPLESHEET_ROLES.join(', ')}")
        }
        Double temperature = null
        if (row.temperature) {
            try {
                temperature = new BigDecimal(row.temperature).doubleValue()
                if (!(temperature > 0) || temperature.isInfinite()) {
                    p("temperature '${row.temperature}' must be a positive number (K)")
                }
            } catch (NumberFormatException ignored) {
                p("temperature '${row.temperature}' is not a number (K)")
            }
        }
        if (system && state) {
            def key = "${system},${state}".toString()
            def id = "${system}_${state}".toString()
            if (seenKey.containsKey(key)) {
                p("duplicate system+state '${system}' + '${state}' (first on line ${seenKey[key]})")
            } else if (seenId.containsKey(id)) {
                p("id '${id}' (system_state) is the same as the one on line ${seenId[id]}")
            }
            seenKey.putIfAbsent(key, ln)
            seenId.putIfAbsent(id, ln)
        }
        def checkFile = { String col, String value ->
            def path = resolveSheetPath(base, value)
            if (isLocal(path)) {
                if (!path.exists()) {
                    p("${col} file '${value}' not found (${path})")
                } else if (path.isDirectory()) {
                    p("${col} '${value}' is a directory, expected a file (${path})")
                }
            }
            return path
        }
        def structure = row.structure ? checkFile('structure', row.structure) : null
        def trajectory = []
        if (row.trajectory) {
            def parts = row.trajectory.split(';', -1).collect { it.trim() }
            if (parts.any { !it }) {
                p("trajectory '${row.trajectory}' has an empty part (parts are separated by ';')")
            }
            trajectory = parts.findAll { it }.collect { checkFile('trajectory', it) }
        }
        def mapping = row.mapping ? checkFile('mapping', row.mapping) : null
        def topology = row.topology ? checkFile('topology', row.topology) : null
        def modelSettings = row.model_settings ? checkFile('model_settings', row.model_settings) : null

        def meta = [
            id            : "${system}_${state}".toString(),
            system        : system,
            state         : state,
            role          : row.role,
            temperature   : temperature,
            mapping       : mapping?.toUriString()?.startsWith('file:') ? mapping.toString() : mapping?.toUriString(),
            model_settings: modelSettings?.toUriString()?.startsWith('file:') ? modelSettings.toString() : modelSettings?.toUriString(),
        ]
        rows << [meta, structure, trajectory, topology ?: []]
    }
    if (problems) {
        fail(problems)
    }
    return rows
}

/*
 * ─── Parameters ────────────────────────────────────────────────────────────────────────────────
 * Checked against nextflow_schema.json: types, enums, patterns, ranges; unknown params warn.
 */
def schemaProperties() {
    def schema = new groovy.json.JsonSlurper().parseText(file("${projectDir}/nextflow_schema.json").text)
    def props = [:]
    (schema.'$defs' ?: [:]).each { name, group -> props.putAll(group.properties ?: [:]) }
    props.putAll(schema.properties ?: [:])
    return props
}

def kebabToCamel(String s) { s.replaceAll(/[-_]([a-z])/) { all, c -> c.toUpperCase() } }

def validateParameters() {
    def props = schemaProperties()
    def known = props.keySet().collectMany { [it, kebabToCamel(it), it.replace('_', '-')] } as Set
    params.keySet().findAll { !(it in known) }.each {
        log.warn "cgflow: unknown parameter --${it} (not in nextflow_schema.json); check its spelling"
    }
    def problems = []
    props.each { String name, Map spec ->
        def value = params[name]
        if (value == null || value == '') return
        def types = spec.type instanceof List ? spec.type : [spec.type]
        def ok = types.any { t ->
            switch (t) {
                case 'integer': return value instanceof Integer || value instanceof Long || (value instanceof String && value ==~ /^-?\d+$/)
                case 'number':  return value instanceof Number || (value instanceof String && value.isNumber())
                case 'boolean': return value instanceof Boolean
                case 'string':  return value instanceof CharSequence || value instanceof Number
                case 'null':    return false
                default:        return true
            }
        }
        if (!ok) {
            problems << "--${name} ${value}: expected ${types.findAll { it != 'null' }.join(' or ')}"
            return
        }
        if (spec.enum && !(value.toString() in spec.enum*.toString())) {
            problems << "--${name} ${value}: expected one of ${spec.enum.join(', ')}"
        }
        if (spec.pattern && value instanceof CharSequence && !(value.toString() =~ spec.pattern)) {
            problems << "--${name} ${value}: does not match ${spec.pattern}"
        }
        if (value.toString().isNumber()) {
            def x = new BigDecimal(value.toString())
            if (spec.minimum != null && x < (spec.minimum as BigDecimal)) problems << "--${name} ${value}: must be >= ${spec.minimum}"
            if (spec.maximum != null && x > (spec.maximum as BigDecimal)) problems << "--${name} ${value}: must be <= ${spec.maximum}"
            if (spec.exclusiveMinimum != null && x <= (spec.exclusiveMinimum as BigDecimal)) problems << "--${name} ${value}: must be > ${spec.exclusiveMinimum}"
        }
    }
    if (!params.input) {
        problems << "--input is required: the campaign samplesheet (CSV: ${SAMPLESHEET_COLUMNS.join(',')})"
    }
    if (problems) {
        error("cgflow: invalid parameters:\n" + problems.collect { "  ${it}" }.join('\n'))
    }
}

def helpText() {
    def schema = new groovy.json.JsonSlurper().parseText(file("${projectDir}/nextflow_schema.json").text)
    def out = new StringBuilder()
    out << "\ncgflow ${workflow.manifest.version}: ${workflow.manifest.description}\n\n"
    out << "Usage: ./cgflow run -profile test --outdir results\n"
    out << "       ./cgflow run --input samplesheet.csv --outdir results -profile slurm,apptainer\n"
    (schema.'$defs' ?: [:]).each { name, group ->
        out << "\n${group.title ?: name}:\n"
        group.properties.each { p, spec ->
            def dflt = spec.containsKey('default') ? " [default: ${spec.default}]" : ''
            out << "  --${p.padRight(22)} ${spec.description ?: ''}${dflt}\n"
        }
    }
    out << "\nProfiles: standard (default), test, slurm, berzelius, apptainer, docker, gpu\n"
    return out.toString()
}

/*
 * ─── Workflow ──────────────────────────────────────────────────────────────────────────────────
 */
workflow CGFLOW {
    take:
    ch_samples      // [meta, structure, [trajectory parts], topology or []]; meta: id, system, state, role, temperature, mapping, model_settings

    main:
    ch_versions = Channel.empty()

    // Atomistic trajectories -> H5MD (one task per samplesheet row).
    CONVERT(ch_samples)
    ch_versions = ch_versions.mix(CONVERT.out.versions)

    // H5MD -> reference distributions, per state (train and holdout alike). Rows without a mapping
    // are taken as already CG: every particle is a bead.
    ch_reference_in = CONVERT.out.h5.map { meta, h5 ->
        [meta, h5, meta.mapping ? file(meta.mapping, checkIfExists: true) : []]
    }
    REFERENCE(ch_reference_in)
    ch_versions = ch_versions.mix(REFERENCE.out.versions)

    // Later stages slot in here, keyed by meta:
    //   TRAIN(reference of role 'train', grouped by meta.system, + model_settings)
    //   CGMD(trained model x states)              CG production runs
    //   VALIDATE(REFERENCE of CGMD vs atomistic)  per state, holdout = transferability

    emit:
    h5       = CONVERT.out.h5          // [meta, [OUT.h5] or [OUT-00000.h5, ...]]
    shards   = CONVERT.out.shards      // [meta, OUT.shards.txt] when sharded
    metrics  = CONVERT.out.metrics.mix(REFERENCE.out.metrics)
    distributions = REFERENCE.out.distributions   // [meta, <id>.distributions.h5]
    tables   = REFERENCE.out.tables       // [meta, [<id>-tables/*.tsv]]
    versions = ch_versions
}

workflow {
    if (params.help) {
        log.info helpText()
        return
    }
    validateParameters()
    def samples = readSamplesheet(params.input.toString())

    log.info """
        cgflow ${workflow.manifest.version}${workflow.stubRun ? ' (stub run)' : ''}
          input   : ${params.input} (${samples.size()} trajectories: ${samples.count { it[0].role == 'train' }} train, ${samples.count { it[0].role == 'holdout' }} holdout)
          outdir  : ${params.outdir}
          profile : ${workflow.profile}
        """.stripIndent()

    CGFLOW(Channel.fromList(samples))

    CGFLOW.out.versions
        .map { it.text }
        .unique()
        .collectFile(name: 'software_versions.yml', storeDir: "${params.outdir}/pipeline_info", sort: true, newLine: false)
}

workflow.onComplete {
    if (workflow.success && !params.help) {
        log.info "cgflow: done; results in ${params.outdir}"
    }
}
