#!/usr/bin/env nextflow
/*
 * cgflow: machine-learned coarse-grained force fields from atomistic MD trajectories.
 *
 *   samplesheet ──▶ CONVERT (atomistic trajectory → H5MD)
 *                   ──▶ REFERENCE (mapping → CG beads → reference distributions + CG trajectory)
 *                   ──▶ TRAIN (per system × architecture, from its training states)
 *                   ──▶ CG_MD (per model × every state of its system) ──▶ REFERENCE_CG (the CG run's distributions)
 *                   ──▶ VALIDATE (per system × architecture: CG against atomistic, train and holdout states)
 *                   ──▶ REPORT (the campaign page)
 *
 * Run:  ./cgflow run -profile test --outdir results
 *       nextflow run main.nf --input samplesheet.csv --outdir results -profile slurm,apptainer
 */
nextflow.enable.dsl = 2

include { CONVERT   } from './modules/convert/main.nf'
include { REFERENCE } from './modules/reference/main.nf'
include { TRAIN     } from './modules/train/main.nf'
include { CG_MD     } from './modules/cg_md/main.nf'
include { REFERENCE as REFERENCE_CG } from './modules/reference/main.nf'
include { VALIDATE  } from './modules/validate/main.nf'
include { REPORT    } from './modules/report/main.nf'

/*
 * ─── Campaign samplesheet ──────────────────────────────────────────────────────────────────────
 * CSV with a header; one row per atomistic trajectory. Validated here (nf-schema is not available
 * offline): every problem is reported with the samplesheet's path and line number.
 */
SAMPLESHEET_COLUMNS  = ['system', 'state', 'role', 'structure', 'trajectory', 'mapping', 'temperature']
SAMPLESHEET_REQUIRED = ['system', 'state', 'role', 'structure', 'trajectory', 'temperature']
// Optional columns: a header may leave them out.
SAMPLESHEET_OPTIONAL = ['topology', 'train_settings', 'model_settings', 'pressure']
SAMPLESHEET_ROLES    = ['train', 'holdout']
NAME_PATTERN         = ~/^[A-Za-z0-9][A-Za-z0-9._-]*$/
NAME_MAX_LENGTH      = 64
// The formats cgflow-convert reads, by file extension (after a '.gz'): trajectories as io.cgflow.io.trajectory.
// TrajectoryFormat has them (--format in --convert_args names one instead), structures and topologies as
// Trajectories.readStructure and AtomisticTopology take them, LAMMPS data files also by the name data.<name>
// (PipelineFormatsTest keeps the lists in step).
TRAJECTORY_EXTENSIONS = ['xtc', 'trr', 'gro', 'pdb', 'ent', 'xyz', 'extxyz', 'lammpstrj', 'lammpsdump', 'dump', 'dcd', 'h5md', 'h5', 'hdf5']
STRUCTURE_EXTENSIONS  = ['gro', 'pdb', 'ent', 'data', 'lmp', 'lammps', 'h5', 'h5md', 'hdf5']
TOPOLOGY_EXTENSIONS   = ['top', 'itp', 'data', 'lmp', 'lammps']
// The settings cgflow-train knows (TrainSettingsFile.KEYS; PipelineSettingsTest keeps them in step): a settings file
// with another key, or one that is not YAML, would fail only in TRAIN, after every state's CONVERT and REFERENCE.
TRAIN_SETTINGS_KEYS = ['hidden', 'activation', 'cutoff', 'descriptor-min', 'descriptor-spacing', 'descriptor-width', 'fit-max', 'contact-threshold', 'prior-strength', 'optimizer', 'learning-rate', 'damping', 'jacobian-shrinkage', 'max-iterations', 'patience', 'replicas', 'frames', 'max-frames', 'frame-interval', 'equilibration', 'dt', 'friction', 'sampler', 'ess-threshold', 'weights', 'beads', 'pretrain', 'pair-stage', 'pretrain-epochs', 'backend']

/*
 * Problems of a trainer's settings file that need no reference to find: YAML syntax, a top level that is not a
 * mapping, unknown keys (with a did-you-mean). Empty when there are none; the values are the trainer's to check.
 */
def settingsProblems(java.nio.file.Path file) {
    def root
    try {
        root = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions())).load(file.getText('UTF-8'))
    } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
        def mark = e.problemMark ?: e.contextMark
        return ["is not valid YAML${mark ? " (line ${mark.line + 1}, column ${mark.column + 1})" : ''}: ${e.problem ?: e.context}".toString()]
    } catch (Exception e) {
        return ["cannot be read as YAML: ${e.message}".toString()]
    }
    if (root == null) {
        return []
    }
    if (!(root instanceof Map)) {
        return ['must be a mapping of setting: value (docs/training.md)']
    }
    return root.keySet().collect { it.toString() }.findAll { !(it in TRAIN_SETTINGS_KEYS) }.collect { k ->
        def spelt = k.toLowerCase().replace('_', '-')
        def near = TRAIN_SETTINGS_KEYS.min { editDistance(spelt, it) }
        def hint = editDistance(spelt, near) <= Math.max(2, k.length().intdiv(3)) ? "; did you mean '${near}'?" : ''
        "has the unknown setting '${k}'${hint} (docs/training.md lists them)".toString()
    }
}

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

/*
 * Stops the run before any task with one message: the samplesheet or the parameters are wrong. The trace file that
 * Nextflow opened as the run started (and the folders it made for it, when empty) goes with it (lib/RunRecords.groovy).
 */
def refuse(String message) {
    RunRecords.removeOfRunThatRanNothing(params, log)
    error(message)
}

def isLocal(java.nio.file.Path p) {
    return p.fileSystem == java.nio.file.FileSystems.default
}

/*
 * Reads and validates the samplesheet; returns [rows: [[meta, structure, [trajectory parts], topology or []], ...],
 * train: [[system, number of train rows, settings file or []], ...] for every system with train rows].
 * Fails the run before any task starts, listing every problem found.
 */
def readSamplesheet(String input) {
    def sheet = file(input, checkIfExists: false)
    if (!sheet.exists()) {
        refuse("cgflow: samplesheet ${input} not found (--input)")
    }
    if (sheet.isDirectory()) {
        refuse("cgflow: samplesheet ${input} is a directory, expected a CSV file (--input)")
    }
    def where = sheet.toUriString().startsWith('file:') ? sheet.toAbsolutePath().toString() : sheet.toUriString()
    def fail = { List<String> problems ->
        refuse("cgflow: invalid samplesheet ${where}:\n" + problems.collect { "  ${it}" }.join('\n'))
    }
    def bytes = sheet.bytes
    def decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
    def text
    try {
        text = decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString()
    } catch (java.nio.charset.CharacterCodingException e) {
        // name the line of the first byte that is not UTF-8 (a sheet saved as Latin-1 or Windows-1252, say)
        def probe = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        def buffer = java.nio.ByteBuffer.wrap(bytes)
        def chars = java.nio.CharBuffer.allocate(bytes.length + 1)
        probe.decode(buffer, chars, true)
        def good = buffer.position()
        def line = 1 + (0..<good).count { bytes[it] == (byte) 10 }
        fail(["line ${line}: byte ${good + 1} (0x${String.format('%02X', bytes[good] & 0xff)}) is not UTF-8; save the samplesheet as UTF-8".toString()])
    }
    def parsed = parseCsv(text)
    if (parsed.error) {
        fail([parsed.error])
    }
    def records = parsed.records
    if (records.isEmpty()) {
        fail(['line 1: the samplesheet is empty; expected the header ' + SAMPLESHEET_COLUMNS.join(',')])
    }
    def header = records[0].fields
    def problems = []
    // columns without a name: a spreadsheet's empty columns (no row has a value there) are dropped; one with values
    // would be ignored silently, so it is named
    def unnamed = (0..<header.size()).findAll { !header[it] }
    unnamed.each { k ->
        def used = records.drop(1).find { r -> k < r.fields.size() && r.fields[k] }
        if (used) {
            problems << "line ${records[0].line}: column ${k + 1} has no name in the header, but line ${used.line} has '${used.fields[k]}' in it"
        }
    }
    if (problems) {
        fail(problems)
    }
    if (unnamed) {
        def keep = { List fields -> (0..<fields.size()).findAll { !(it in unnamed) }.collect { fields[it] } }
        records = records.collect { r -> [line: r.line, fields: keep(r.fields)] }
        header = records[0].fields
    }
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
    // a column one or two letters from a known one is a misspelling (its values would be ignored silently);
    // other extra columns (notes, labels) are the user's own
    def allColumns = SAMPLESHEET_COLUMNS + SAMPLESHEET_OPTIONAL
    // so is a known name with a unit or a word added ('pressure_bar', 'Topology file') when the header lacks it
    def misspelt = unknown.collect { u -> [u, allColumns.min { editDistance(u.toLowerCase(), it) }] }
        .findAll { u, known -> editDistance(u.toLowerCase(), known) <= 2 }
    misspelt += unknown.findAll { u -> !misspelt.any { it[0] == u } }.collect { u ->
        [u, allColumns.find { k -> !(k in header) && u.toLowerCase() ==~ /${java.util.regex.Pattern.quote(k)}[\s_(\[.-].*/ }]
    }.findAll { it[1] }
    if (misspelt) {
        fail(misspelt.collect { u, known -> "line ${records[0].line}: unknown column '${u}'; did you mean '${known}'?".toString() })
    }
    if (unknown) {
        log.warn "cgflow: samplesheet ${where}: ignoring unknown column(s) ${unknown.join(', ')}"
    }
    if (records.size() < 2) {
        fail(["line ${records[0].line}: no rows after the header"])
    }

    def base = sheet.toAbsolutePath().parent
    def trainSystems = [:]    // system -> [states: train rows, settings: the system's settings file or null, ...]
    def seenKey = [:]
    def seenId = [:]
    def rows = []
    def systemsByCase = [:]  // lower-case system -> [system, line]
    def statesByCase = [:]   // lower-case system -> lower-case state -> [state, line]
    def settingsChecked = [:] // settings file -> its problems
    def stateLines = [:]     // system -> state -> line
    def mappings = [:]       // system -> [mapping path or null, line, value]
    def trajectoryLines = [:] // trajectory part -> [line, system, state]
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
        if (system) {
            def folded = systemsByCase.putIfAbsent(system.toLowerCase(), [system, ln])
            if (folded != null && folded[0] != system) {
                p("system '${system}' differs from '${folded[0]}' (line ${folded[1]}) only in case: their output folders are one on case-insensitive file systems (macOS, Windows)")
            }
        }
        if (system && state) {
            def folded = statesByCase.computeIfAbsent(system.toLowerCase()) { [:] }.putIfAbsent(state.toLowerCase(), [state, ln])
            if (folded != null && folded[0] != state) {
                p("state '${state}' of system '${system}' differs from '${folded[0]}' (line ${folded[1]}) only in case: their output folders are one on case-insensitive file systems (macOS, Windows)")
            }
        }
        if (system && !(system ==~ NAME_PATTERN)) {
            p("system '${system}' may hold only letters, digits, '.', '_' and '-' (it names output folders)")
        }
        if (state && !(state ==~ NAME_PATTERN)) {
            p("state '${state}' may hold only letters, digits, '.', '_' and '-' (it names output folders)")
        }
        [system: system, state: state].each { what, name ->
            if (name && name.length() > NAME_MAX_LENGTH) {
                p("${what} '${name.take(20)}…' has ${name.length()} characters; at most ${NAME_MAX_LENGTH} (it names output files, which add the state or system, the architecture and suffixes to it)")
            }
        }
        if (row.role && !(row.role in SAMPLESHEET_ROLES)) {
            p("unknown role '${row.role}'; expected one of: ${SAMPLESHEET_ROLES.join(', ')}")
        }
        Double temperature = null
        if (row.temperature) {
            try {
                temperature = new BigDecimal(row.temperature).doubleValue()
                if (!(temperature >= 1e-3) || temperature > 1e6) {
                    p("temperature '${row.temperature}' must be a number from 0.001 to 1e6 (K)")
                }
            } catch (NumberFormatException ignored) {
                p("temperature '${row.temperature}' is not a number (K)")
            }
        }
        // Optional: the state's pressure (bar), a training target (docs/training.md#pressure)
        Double pressure = null
        if (row.pressure) {
            try {
                pressure = new BigDecimal(row.pressure).doubleValue()
                if (pressure.isInfinite() || Math.abs(pressure) > 1e6) {
                    p("pressure '${row.pressure}' must be a number between -1e6 and 1e6 (bar)")
                }
            } catch (NumberFormatException ignored) {
                p("pressure '${row.pressure}' is not a number (bar)")
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
            if (value.contains("'") || value.any { Character.isISOControl(it as char) }) {
                p("${col} '${value}': a file name with a ' or a control character cannot be passed to the tools' command lines; rename the file")
            }
            def path
            try {
                path = resolveSheetPath(base, value)
            } catch (java.nio.file.InvalidPathException e) {
                p("${col} '${value}' is not a file name on this machine (${e.reason}); file names are encoded as ${System.getProperty('sun.jnu.encoding')} here: run with a UTF-8 locale (export LC_ALL=C.UTF-8) or rename the file")
                return null
            }
            if (isLocal(path)) {
                if (!path.exists()) {
                    p("${col} file '${value}' not found (${path})")
                } else if (path.isDirectory()) {
                    p("${col} '${value}' is a directory, expected a file (${path})")
                }
            }
            return path
        }
        // a file whose format cgflow-convert cannot tell would fail only in its task
        def checkFormat = { String col, String value, List known, String hint ->
            def name = value.tokenize('/').last().toLowerCase()
            def plain = name.endsWith('.gz') ? name[0..-4] : name
            def ext = plain.contains('.') ? plain.substring(plain.lastIndexOf('.') + 1) : ''
            if (!(ext in known) && !(col != 'trajectory' && plain.startsWith('data.'))) {
                p("${col} '${value}': ${ext ? "unknown extension '.${ext}'" : 'no file extension'}, so cgflow-convert cannot tell its format; ${hint}")
            } else if (col in ['structure', 'trajectory'] && name != plain && ext in ['h5', 'h5md', 'hdf5']) {
                p("${col} '${value}': a gzip-compressed H5MD file cannot be read (HDF5 needs random access and compresses its own datasets); decompress it")
            }
        }
        if (row.structure) {
            checkFormat('structure', row.structure, STRUCTURE_EXTENSIONS, 'expected GRO .gro, PDB .pdb, LAMMPS data .data/.lmp/.lammps/data.* or H5MD .h5 (all but H5MD also as .gz)')
        }
        if (row.topology) {
            checkFormat('topology', row.topology, TOPOLOGY_EXTENSIONS, 'expected GROMACS .top/.itp or LAMMPS data .data/.lmp/.lammps/data.*')
        }
        if (row.trajectory && !('format' in optionsIn(params.convert_args))) {
            row.trajectory.split(';').collect { it.trim() }.findAll { it }.each {
                checkFormat('trajectory', it, TRAJECTORY_EXTENSIONS, "expected ${TRAJECTORY_EXTENSIONS.collect { '.' + it }.join(' ')} (each also as .gz), or name the format with --convert_args '--format …'")
            }
        }
        def structure = row.structure ? checkFile('structure', row.structure) : null
        def trajectory = []
        if (row.trajectory) {
            def parts = row.trajectory.split(';', -1).collect { it.trim() }
            if (parts.any { !it }) {
                p("trajectory '${row.trajectory}' has an empty part (parts are separated by ';')")
            }
            trajectory = parts.findAll { it }.collect { checkFile('trajectory', it) }.findAll { it != null }
            def repeated = trajectory.findAll { t -> trajectory.count(t) > 1 }.unique()
            if (repeated) {
                p("trajectory '${row.trajectory}' names ${repeated*.name.join(', ')} more than once: its frames would be taken twice")
            }
            trajectory.unique().each { t ->
                def first = trajectoryLines.putIfAbsent(t.toString(), [ln, system, state])
                if (first != null) {
                    log.warn "cgflow: samplesheet ${where}: line ${ln} (${system} ${state}) uses the trajectory ${t.name} of line ${first[0]} (${first[1]} ${first[2]}): two states from one run"
                }
            }
        }
        def mapping = row.mapping ? checkFile('mapping', row.mapping) : null
        if (system) {
            stateLines.computeIfAbsent(system) { [:] }.putIfAbsent(state, ln)
            def firstMapping = mappings.putIfAbsent(system, [mapping, ln, row.mapping])
            if (firstMapping != null) {
                def other = firstMapping[0]
                def differ = (other == null) != (mapping == null)
                if (!differ && other != null && mapping != null && other != mapping && isLocal(other) && isLocal(mapping)
                        && other.exists() && mapping.exists() && !java.util.Arrays.equals(other.bytes, mapping.bytes)) {
                    differ = true
                }
                if (differ) {
                    p("system '${system}': mapping '${row.mapping ?: ''}' differs from '${firstMapping[2] ?: ''}' on line ${firstMapping[1]}; the states of a system share one mapping (one CG model is trained and run for all of them)")
                }
            }
        }
        def topology = row.topology ? checkFile('topology', row.topology) : null
        def modelSettings = row.model_settings ? checkFile('model_settings', row.model_settings) : null
        def trainSettings = row.train_settings ? checkFile('train_settings', row.train_settings) : null
        // The trainer's settings file: train_settings, or model_settings (the column's older name) when
        // train_settings is absent or empty.
        if (trainSettings && modelSettings && trainSettings != modelSettings) {
            p("train_settings '${row.train_settings}' and model_settings '${row.model_settings}' name different files; the trainer reads one settings file: give it in train_settings")
        }
        def settings = trainSettings ?: modelSettings
        if (settings && row.role == 'train' && isLocal(settings) && settings.isFile()) {
            def column = trainSettings ? 'train_settings' : 'model_settings'
            def found = settingsChecked.computeIfAbsent(settings.toString()) { settingsProblems(settings) }
            found.each { p("${column} '${row[column]}' ${it}") }
        }

        def meta = [
            id            : "${system}_${state}".toString(),
            system        : system,
            state         : state,
            role          : row.role,
            temperature   : temperature,
            pressure      : pressure,
            mapping       : mapping?.toUriString()?.startsWith('file:') ? mapping.toString() : mapping?.toUriString(),
            model_settings: modelSettings?.toUriString()?.startsWith('file:') ? modelSettings.toString() : modelSettings?.toUriString(),
        ]
        rows << [meta, structure, trajectory, topology ?: []]
        if (system && row.role == 'train') {
            def t = trainSystems.computeIfAbsent(system) { [states: 0, settings: null, settingsLine: null, settingsValue: null] }
            t.states++
            if (settings) {
                if (t.settings == null) {
                    t.settings = settings; t.settingsLine = ln; t.settingsValue = row.train_settings ?: row.model_settings
                } else if (t.settings != settings) {
                    p("system '${system}': settings file '${row.train_settings ?: row.model_settings}' differs from '${t.settingsValue}' on line ${t.settingsLine}; the train rows of a system share one settings file (rows may leave it empty)")
                }
            }
        }
    }
    // a CG run's id is system_state-architecture: a state named like another state's CG run would collide with it
    def archIds = params.train ? parseArchitectures(params.architectures).archs*.id : []
    stateLines.each { system, states ->
        states.each { state, line ->
            archIds.each { a ->
                def clash = "${state}-${a}".toString()
                if (states.containsKey(clash)) {
                    problems << "line ${states[clash]}: state '${clash}' of system '${system}' has the id of the CG run of state '${state}' (line ${line}) with architecture ${a}; rename the state".toString()
                }
            }
        }
    }
    if (problems) {
        fail(problems)
    }
    // per system with train rows: [system, number of train states, settings file or []]
    def train = trainSystems.collect { system, t -> [system, t.states, t.settings ?: []] }
    return [rows: rows, train: train]
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

/*
 * --architectures: network shapes separated by commas, each 'linear' (no hidden layer: E = w·G + b) or DxW
 * (D hidden layers of W neurons each). Returns [archs: [[id: '2x32', hidden: '32,32'], ...], problems: [...]];
 * `hidden` is the value of cgflow-train --hidden.
 */
ARCH_MAX_DEPTH = 100
ARCH_MAX_WIDTH = 100000
ARCH_MAX_HIDDEN_WEIGHTS = 1000000

/* Weights and biases from the first hidden layer on of a DxW network with one output (cgflow-train's count). */
def hiddenWeights(depth, width) {
    (depth - 1) * (width + 1) * width + width + 1
}

def parseArchitectures(value) {
    def text = value == null ? '' : value.toString().trim()
    def bad = { String msg -> "--architectures '${text}': ${msg}".toString() }
    if (!text) {
        return [archs: [], problems: ["--architectures is empty; expected network shapes such as 'linear,2x32' (linear: no hidden layer; DxW: D hidden layers of W neurons)"]]
    }
    def archs = []
    def problems = []
    text.split(',', -1).collect { it.trim() }.each { token ->
        if (!token) {
            problems << bad("an empty entry (entries are separated by ',')")
            return
        }
        if (token == 'linear') {
            archs << [id: 'linear', hidden: 'linear']
            return
        }
        def m = token =~ /^(\d+)x(\d+)$/
        if (!m.matches()) {
            problems << bad("'${token}' is not an architecture; expected 'linear' (no hidden layer) or DxW (D hidden layers of W neurons, e.g. 2x32)")
            return
        }
        def depth = new BigInteger(m.group(1))
        def width = new BigInteger(m.group(2))
        if (depth < 1 || depth > ARCH_MAX_DEPTH) {
            problems << bad("'${token}': ${depth} hidden layers; expected 1 to ${ARCH_MAX_DEPTH} (use 'linear' for none)")
        } else if (width < 1 || width > ARCH_MAX_WIDTH) {
            problems << bad("'${token}': ${width} neurons per layer; expected 1 to ${ARCH_MAX_WIDTH}")
        } else if (hiddenWeights(depth, width) > ARCH_MAX_HIDDEN_WEIGHTS) {
            // cgflow-train's own limit (TrainSettingsFile.MAX_PARAMETERS), checked here before any task
            problems << bad("'${token}': ${hiddenWeights(depth, width)} weights between the hidden layers; cgflow-train takes at most ${ARCH_MAX_HIDDEN_WEIGHTS}")
        } else {
            archs << [id: "${depth}x${width}".toString(), hidden: ([width.toString()] * (depth as int)).join(',')]
        }
    }
    archs.countBy { it.id }.findAll { id, n -> n > 1 }.each { id, n ->
        problems << bad("'${id}' is listed ${n} times")
    }
    return [archs: archs.unique { it.id }, problems: problems]
}

/* Levenshtein distance, for did-you-mean suggestions. */
def editDistance(String a, String b) {
    int[] prev = (0..b.length()) as int[]
    for (int i = 1; i <= a.length(); i++) {
        int[] cur = new int[b.length() + 1]
        cur[0] = i
        for (int j = 1; j <= b.length(); j++) {
            int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1
            cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost)
        }
        prev = cur
    }
    return prev[b.length()]
}

def kebabToCamel(String s) { s.replaceAll(/[-_]([a-z])/) { all, c -> c.toUpperCase() } }

/*
 * The long options the pipeline always gives the tool of `module` (modules/<module>/main.nf, its script section
 * without comments; lines with a ternary, whose options depend on the row such as --settings or --pressure, are left
 * out, and so are the `optional` ones, given only when the user's options lack them), and those that parameters
 * become through the process's ext.args in nextflow.config: [module: [options], params: [param: option]].
 */
def pipelineOptions(String module, String process, List optional) {
    def script = file("${projectDir}/modules/${module}/main.nf").text.readLines()
        .dropWhile { !(it ==~ /^\s*script:\s*$/) }.takeWhile { !(it ==~ /^\s*stub:\s*$/) }
        .collect { it.replaceAll(/\/\/.*$/, '') }.findAll { !it.contains('?') }.join('\n')
    def own = (script =~ /(?<![A-Za-z0-9_-])--([a-z][a-z0-9-]*)/).collect { it[1] }
        .findAll { it != 'version' && !(it in optional) } as Set
    def config = file("${projectDir}/nextflow.config").text
    def start = config.indexOf("withName: '${process}'")
    def end = start < 0 ? -1 : config.indexOf('withName:', start + 1)
    def block = start < 0 ? '' : config.substring(start, end < 0 ? config.length() : end)
    def fromParams = (block =~ /"--([a-z][a-z0-9-]*)\s+\$\{params\.(\w+)\}/).collect { [it[2], it[1]] }.collectEntries()
    return [module: own, params: fromParams]
}

/* The long options (names without '--' and '=value') in a tool's extra options (--<tool>_args); [] for none. */
def optionsIn(value) {
    if (!(value instanceof CharSequence)) {
        return []
    }
    return value.toString().trim().split(/\s+/).findAll { it.startsWith('--') }.collect { it.substring(2).replaceAll(/=.*$/, '') }
}

/* An option given in a tool's extra options (--<tool>_args) that the pipeline gives it too: the tool would stop in
 * every task with "given 2 times". */
def argsProblems() {
    def problems = []
    [convert_args  : ['convert', 'CONVERT', 'cgflow-convert', []],
     reference_args: ['reference', 'REFERENCE', 'cgflow-reference', []],
     train_args    : ['train', 'TRAIN', 'cgflow-train', ['max-time']],
     cg_md_args    : ['cg_md', 'CG_MD', 'cgflow-md', []],
     validate_args : ['validate', 'VALIDATE', 'cgflow-validate', []]].each { name, where ->
        def value = params[name]
        def given = optionsIn(value)
        if (!given) {
            return
        }
        def known = pipelineOptions(where[0], where[1], where[3])
        given.toUnique().each { o ->
            if (given.count(o) > 1) {
                problems << "--${name} '${value}': --${o} is given ${given.count(o)} times".toString()
            } else if (o in known.module) {
                problems << "--${name} '${value}': the pipeline gives ${where[2]} --${o} itself (modules/${where[0]}/main.nf); leave it out".toString()
            } else {
                def param = known.params.find { p, opt -> opt == o && params[p] != null && params[p] != false && params[p] != '' }?.key
                if (param) {
                    problems << "--${name} '${value}': --${o} is also set by --${param} ${params[param]}; give it once".toString()
                }
            }
        }
    }
    return problems
}

/*
 * The options modules pass from the samplesheet (their script's ternaries, left out of argsProblems): given in a
 * tool's extra options as well, they stop the tasks of the rows that have them with "given 2 times". Checked once
 * the samplesheet is read: [args parameter, tool, option, where the pipeline takes it from, whether some task gets it].
 */
def rowArgsProblems(sheet) {
    def rows = sheet.rows
    def checks = [
        ['convert_args', 'cgflow-convert', 'topology', "the samplesheet's topology column: set it there", rows.any { it[3] }],
        ['reference_args', 'cgflow-reference', 'mapping', "the samplesheet's mapping column: set it there", rows.any { it[0].mapping }],
        ['reference_args', 'cgflow-reference', 'temperature', "the samplesheet's temperature column: set it there", true],
        ['reference_args', 'cgflow-reference', 'pressure', "the samplesheet's pressure column: set it there", rows.any { it[0].pressure != null }],
        ['reference_args', 'cgflow-reference', 'cg-output', 'its own file names (the CG start configurations): leave it out', true],
        ['train_args', 'cgflow-train', 'settings', "the samplesheet's train_settings column: set it there", sheet.train.any { it[2] }],
        ['cg_md_args', 'cgflow-md', 'model', 'TRAIN (the trained model): leave it out', true],
        ['cg_md_args', 'cgflow-md', 'potential', 'TRAIN (the trained model, as --model): leave it out', true],
        ['validate_args', 'cgflow-validate', 'tolerances', '--validate_tolerances: give it once', params.validate_tolerances as boolean],
    ]
    def problems = []
    checks.each { name, tool, option, from, used ->
        if (used && option in optionsIn(params[name])) {
            problems << "--${name} '${params[name]}': the pipeline gives ${tool} --${option} from ${from}".toString()
        }
    }
    return problems
}

def validateParameters() {
    def props = schemaProperties()
    def known = props.keySet().collectMany { [it, kebabToCamel(it), it.replace('_', '-')] } as Set
    def problems = []
    // Unknown parameters are errors (a misspelt option would otherwise be ignored silently), with the nearest
    // known name as a suggestion.
    def names = props.keySet() as List
    params.keySet().findAll { !(it in known) && !(kebabToCamel(it) in known) }.sort().each { String name ->
        def nearest = names.collect { [it, editDistance(name.toLowerCase(), it.toLowerCase())] }.min { it[1] }
        def hint = nearest && nearest[1] <= Math.max(2, name.length().intdiv(3)) ? "; did you mean --${nearest[0]}?" : ''
        problems << "--${name}: unknown parameter (not in nextflow_schema.json)${hint}".toString()
    }
    // Nextflow keeps --cg-md-steps (and its camelCase twin) apart from --cg_md_steps: the value would be ignored
    def snake = { String k -> k.replace('-', '_').replaceAll(/([a-z0-9])([A-Z])/, '$1_$2').toLowerCase() }
    params.keySet().findAll { !(it in props.keySet()) && (snake(it) in props.keySet()) }.collect { snake(it) }.unique().sort().each { n ->
        problems << "--${n.replace('_', '-')}: the pipeline's parameters are written with underscores; use --${n} (Nextflow would keep the value apart and the run would ignore it)".toString()
    }
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
        if (!ok && value instanceof Boolean && !('boolean' in types)) {
            // Nextflow makes an option given without a value the boolean true
            problems << "--${name}: needs a value (${types.findAll { it != 'null' }.join(' or ')}), given without one".toString()
            return
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
    // cross-field checks, before any task
    def num = { v -> v != null && v.toString().isNumber() ? new BigDecimal(v.toString()) : null }
    if (num(params.convert_first) != null && num(params.convert_last) != null && num(params.convert_first) > num(params.convert_last)) {
        problems << "--convert_first ${params.convert_first} is after --convert_last ${params.convert_last}: no frame would be converted"
    }
    if (num(params.train_max_time) != null && params.max_time) {
        try {
            def cap = nextflow.util.Duration.of(params.max_time.toString()).toMinutes()
            if (num(params.train_max_time) > cap) {
                problems << "--train_max_time ${params.train_max_time} (minutes) is longer than a task may run (--max_time ${params.max_time}): the task would be killed before it writes its model".toString()
            }
        } catch (IllegalArgumentException ignored) {
            // an unreadable --max_time is reported with the caps
        }
    }
    if (params.validate_tolerances && !file(params.validate_tolerances.toString()).exists()) {
        problems << "--validate_tolerances ${params.validate_tolerances}: file not found".toString()
    } else if (params.validate_tolerances && file(params.validate_tolerances.toString()).isDirectory()) {
        problems << "--validate_tolerances ${params.validate_tolerances}: is a folder, not a YAML file".toString()
    }
    if (num(params.cg_md_steps) != null && num(params.cg_md_output_every) != null && num(params.cg_md_output_every) > num(params.cg_md_steps)) {
        problems << "--cg_md_output_every ${params.cg_md_output_every} is more than --cg_md_steps ${params.cg_md_steps}: the CG runs would write one frame, too few to validate"
    }
    // the grids cgflow-reference would refuse (its checkBins): found here, before any task
    def rdfBin = num(params.rdf_bin) ?: 0.002G
    if (num(params.rdf_max) != null) {
        def rdfMax = num(params.rdf_max)
        if (rdfBin > rdfMax) {
            problems << "--rdf_bin ${rdfBin} is wider than the RDF range [0, ${rdfMax}) of --rdf_max"
        } else if (rdfMax / rdfBin > 1000000) {
            problems << "--rdf_max ${rdfMax} in bins of ${rdfBin.stripTrailingZeros().toPlainString()} nm would make more than 1000000 bins"
        }
    }
    def referenceArgs = params.reference_args ? params.reference_args.toString() : ''
    if (num(params.bond_bin) != null && !referenceArgs.contains('--bond-max') && num(params.bond_bin) > 1.0G) {
        problems << ("--bond_bin ${params.bond_bin} is wider than the bond grid [0, 1) nm (cgflow-reference's " +
            "--bond-max, which --reference_args can set)")
    }
    if (num(params.angle_bin) != null && num(params.angle_bin) > 0) {
        def n = 180.0d / num(params.angle_bin).doubleValue()
        if (Math.abs(n - Math.rint(n)) > 1e-9 * n) {
            problems << "--angle_bin ${params.angle_bin} does not divide the 180 degrees of the angle range into whole bins"
        }
    }
    if (params.cg_md && !params.train) {
        log.info "cgflow: --train false: no model, so no CG MD, validation or campaign report"
    }
    // --max_memory, --max_time and --max_cpus are checked by nextflow.config, which reads them first
    if (!params.input) {
        problems << "--input is required: the campaign samplesheet (CSV: ${SAMPLESHEET_COLUMNS.join(',')})"
    }
    // checked whenever training is on or a value is given (the message names the bad entry)
    if (params.architectures == null || params.architectures instanceof CharSequence || params.architectures instanceof Number) {
        if (params.train || params.architectures?.toString()?.trim()) {
            problems.addAll(parseArchitectures(params.architectures).problems)
        }
    }
    def root = params.train_checkpoint_root
    if (root instanceof CharSequence && root.toString() ==~ /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/.*/) {
        problems << "--train_checkpoint_root ${root}: must be a folder on a file system the tasks share, not a URL"
    } else if (root instanceof CharSequence && root.toString() =~ /['\n]/) {
        problems << "--train_checkpoint_root ${root}: a folder name with a quote or line break is not supported"
    }
    problems.addAll(argsProblems())
    refuseParameters(problems)
}

/* Stops the run (refuse) listing the parameters' problems, when there are any. */
def refuseParameters(List problems) {
    if (problems) {
        refuse("cgflow: invalid parameters:\n" + problems.collect { "  ${it}" }.join('\n'))
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
    out << "\nProfiles: standard (default), test, test_full, slurm, berzelius, gpu, apptainer, docker, podman\n"
    return out.toString()
}

/*
 * ─── Workflow ──────────────────────────────────────────────────────────────────────────────────
 */
workflow CGFLOW {
    take:
    ch_samples      // [meta, structure, [trajectory parts], topology or []]; meta: id, system, state, role, temperature, mapping
    ch_train_systems  // [system, number of train states, settings file or []] per system with train rows
    ch_architectures  // [id: '2x32', hidden: '32,32'] per network architecture; empty: no training
    ch_system_states  // [system, number of states (train and holdout)] per system
    ch_tolerances     // the validation limits file, or [] for the tool's defaults (a value channel)

    main:
    ch_versions = Channel.empty()
    ch_metrics  = Channel.empty()

    // Each step's meta holds only what the step uses (its cache key): the state's role, its mapping's file name and
    // its settings file decide nothing in CONVERT, so changing them reruns no conversion.
    ch_rows = ch_samples.map { meta, structure, traj, topology -> [meta.id, meta] }

    // Atomistic trajectories -> H5MD (one task per samplesheet row).
    CONVERT(ch_samples.map { meta, structure, traj, topology ->
        [meta.subMap(['id', 'system', 'state']), structure, traj, topology]
    })
    ch_versions = ch_versions.mix(CONVERT.out.versions)
    ch_metrics  = ch_metrics.mix(CONVERT.out.metrics.map { m, f -> f })

    // H5MD -> reference distributions, per state (train and holdout alike), and the mapped CG trajectory (start
    // configurations). Rows without a mapping are taken as already CG: every particle is a bead.
    // (joins with ch_rows keep only the rows whose task succeeded: a failed task's row has no partner, and its
    // system's branch stops there while the others go on)
    ch_reference_in = CONVERT.out.h5
        .map { m, h5 -> [m.id, h5] }
        .join(ch_rows, failOnDuplicate: true)
        .map { id, h5, meta ->
            [meta.subMap(['id', 'system', 'state', 'temperature', 'pressure']), h5, meta.mapping ? file(meta.mapping, checkIfExists: true) : []]
        }
    REFERENCE(ch_reference_in)
    ch_versions = ch_versions.mix(REFERENCE.out.versions)
    ch_metrics  = ch_metrics.mix(REFERENCE.out.metrics.map { m, f -> f })

    // per state: [id, full meta, distributions, start configuration (the last frame is in the last shard)]
    ch_states = REFERENCE.out.distributions
        .join(REFERENCE.out.cg, failOnMismatch: true, failOnDuplicate: true)
        .map { m, dist, cg ->
            def shards = (cg instanceof Collection ? cg as List : [cg]).sort { it.name }
            [m.id, dist, shards.last()]
        }
        .join(ch_rows, failOnDuplicate: true)
        .map { id, dist, start, meta -> [id, meta, dist, start] }

    // Training: per system, the reference distributions of its train states with a CG start configuration of
    // each, in state order; one TRAIN task per system and architecture. groupKey with the system's number of train
    // states lets each system go as soon as its own references are done.
    ch_train_in = ch_states
        .filter { id, meta, dist, start -> meta.role == 'train' }
        .map { id, meta, dist, start -> [meta.system, meta.state, dist, start] }
        .combine(ch_train_systems, by: 0)      // [system, state, dist, start, n_states, settings]
        .map { system, state, dist, start, nStates, settings -> [groupKey(system, nStates), [state, dist, start], settings] }
        .groupTuple()
        // a system with a failed train state is not trained on the others alone
        .filter { key, states, settings -> states.size() == key.getGroupSize() }
        .map { key, states, settings ->
            def sorted = states.sort(false) { it[0] }
            def system = key.toString()
            [[id: system, system: system, states: sorted.collect { it[0] }], sorted.collect { it[1] }, sorted.collect { it[2] }, settings[0]]
        }
        .combine(ch_architectures)
        .map { meta, dists, starts, settings, arch -> [meta, arch, dists, starts, settings] }
    TRAIN(ch_train_in)
    ch_versions = ch_versions.mix(TRAIN.out.versions)
    ch_metrics  = ch_metrics.mix(TRAIN.out.metrics.map { m, a, f -> f })

    // CG production MD: every trained model in every state of its system (train and holdout), from the state's
    // CG start configuration, at the state's temperature.
    ch_models = TRAIN.out.model
        .filter { params.cg_md }
        .map { m, arch, model -> [m.system, arch, model] }
    ch_md_in = ch_states
        .map { id, meta, dist, start -> [meta.system, meta, start] }
        .combine(ch_models, by: 0)             // [system, meta, start, arch, model]
        .map { system, meta, start, arch, model ->
            [[id: "${meta.id}-${arch.id}".toString(), state_id: meta.id, system: system, state: meta.state, arch: arch.id,
              temperature: meta.temperature], start, model, []]
        }
    CG_MD(ch_md_in)
    ch_versions = ch_versions.mix(CG_MD.out.versions)
    ch_metrics  = ch_metrics.mix(CG_MD.out.metrics.map { m, f -> f })

    // The CG runs' distributions, by the same tool and options as the atomistic ones (no mapping: the CG
    // trajectory's beads and connectivity).
    REFERENCE_CG(CG_MD.out.trajectory.map { m, traj -> [m, traj, []] })
    ch_versions = ch_versions.mix(REFERENCE_CG.out.versions)
    ch_metrics  = ch_metrics.mix(REFERENCE_CG.out.metrics.map { m, f -> f })

    // Validation per system and architecture, over all its states: [state, role, atomistic, CG, THERMO, MD metrics].
    ch_atomistic = ch_states.map { id, meta, dist, start -> [id, meta, dist] }
    ch_validate_states = REFERENCE_CG.out.distributions
        .map { m, d -> [m.id, m, d] }
        .join(CG_MD.out.log.map { m, t -> [m.id, t] }, failOnMismatch: true, failOnDuplicate: true)
        .join(CG_MD.out.metrics.map { m, p -> [m.id, p] }, failOnMismatch: true, failOnDuplicate: true)
        .map { id, m, cgDist, thermo, prom -> [m.state_id, m, cgDist, thermo, prom] }
        .combine(ch_atomistic, by: 0)          // [state id, cg meta, cg dist, thermo, prom, meta, atomistic dist]
        .map { stateId, m, cgDist, thermo, prom, meta, dist -> [m.system, m.arch, meta.state, meta.role, dist, cgDist, thermo, prom] }
        .combine(ch_system_states, by: 0)      // + number of states of the system
        .map { system, arch, state, role, dist, cgDist, thermo, prom, n ->
            [groupKey("${system}-${arch}".toString(), n), [state, role, dist, cgDist, thermo, prom]]
        }
        .groupTuple()
        // a system whose CG run failed in some state is not validated on the others alone
        .filter { key, states -> states.size() == key.getGroupSize() }
        .map { key, states -> [key.toString(), states.sort(false) { it[0] }] }
    ch_train_outputs = TRAIN.out.model
        .join(TRAIN.out.log, by: [0, 1], failOnMismatch: true)
        .join(TRAIN.out.metrics, by: [0, 1], failOnMismatch: true)
        .map { m, arch, model, log, prom -> ["${m.system}-${arch.id}".toString(), m.system, arch.id, model, log, prom] }
    ch_validate_in = ch_validate_states
        .join(ch_train_outputs, failOnDuplicate: true)
        .map { key, states, system, arch, model, log, prom ->
            [[id: key, system: system, arch: arch], states.collect { it[0] }, states.collect { it[1] },
             states.collect { it[2] }, states.collect { it[3] }, states.collect { it[4] }, model, log,
             [prom] + states.collect { it[5] }]
        }
    VALIDATE(ch_validate_in, ch_tolerances)
    ch_versions = ch_versions.mix(VALIDATE.out.versions)

    // The campaign page across systems and architectures, with every task's metrics.
    REPORT(
        VALIDATE.out.json.map { m, j -> j }.collect(sort: { it.name }),
        ch_metrics.collect(sort: { it.name }).ifEmpty([])
    )
    ch_versions = ch_versions.mix(REPORT.out.versions)

    emit:
    h5       = CONVERT.out.h5          // [meta, [OUT.h5] or [OUT-00000.h5, ...]]
    shards   = CONVERT.out.shards      // [meta, OUT.shards.txt] when sharded
    metrics  = ch_metrics              // every task's metrics file
    distributions = REFERENCE.out.distributions   // [meta, <id>.distributions.h5]
    tables   = REFERENCE.out.tables       // [meta, [<id>-tables/*.tsv]]
    cg       = REFERENCE.out.cg           // [meta, <id>.cg.h5 or [<id>.cg-00000.h5, ...]]
    model    = TRAIN.out.model            // [system meta, arch, <system>-<arch>.model.h5]
    train_log = TRAIN.out.log             // [system meta, arch, <system>-<arch>.train.tsv]
    train_metrics = TRAIN.out.metrics     // [system meta, arch, <system>-<arch>.train.prom]
    cg_md    = CG_MD.out.trajectory       // [state meta + arch, <id>-<arch>*.h5]
    validation = VALIDATE.out.json        // [system meta + arch, <system>-<arch>.validation.json]
    campaign = REPORT.out.html            // campaign.html
    versions = ch_versions
}

workflow {
    if (params.help) {
        log.info helpText()
        return
    }
    validateParameters()
    def sheet = readSamplesheet(params.input.toString())
    refuseParameters(rowArgsProblems(sheet))
    def samples = sheet.rows
    def archs = params.train ? parseArchitectures(params.architectures).archs : []

    log.info """
        cgflow ${workflow.manifest.version}${workflow.stubRun ? ' (stub run)' : ''}
          input   : ${params.input} (${samples.size()} trajectories: ${samples.count { it[0].role == 'train' }} train, ${samples.count { it[0].role == 'holdout' }} holdout)
          train   : ${params.train ? "${sheet.train.size()} system(s) x ${archs.size()} architecture(s) (${archs*.id.join(', ')})" : 'off (--train false)'}
          outdir  : ${params.outdir}
          profile : ${workflow.profile}
        """.stripIndent()
    if (params.train) {
        def untrained = samples.collect { it[0].system }.unique().findAll { s -> !sheet.train.any { it[0] == s } }
        if (untrained) {
            log.warn "cgflow: no train rows for system(s) ${untrained.join(', ')}: no model is trained for them"
        }
    }

    def systemStates = samples.collect { it[0].system }.countBy { it }.collect { system, n -> [system, n] }
    def tolerances = params.validate_tolerances ? file(params.validate_tolerances, checkIfExists: true) : []
    CGFLOW(Channel.fromList(samples), Channel.fromList(sheet.train), Channel.fromList(archs),
        Channel.fromList(systemStates), Channel.value(tolerances))
    try {
        ClusterCheck.check(workflow, params, log)   // lib/: berzelius account; SLURM requests no node can hold stop the run here, before any task
    } catch (nextflow.exception.AbortOperationException e) {
        RunRecords.removeOfRunThatRanNothing(params, log)
        throw e
    }
    PublishLedger.start()                       // lib/: records what this run publishes (stale files pruned at the end)

    CGFLOW.out.versions
        .map { it.text }
        .unique()
        .collectFile(name: 'software_versions.yml', storeDir: "${params.outdir}/pipeline_info", sort: true, newLine: false)
}

workflow.onComplete {
    if (params.help) {
        return
    }
    def failed = workflow.stats.ignoredCount
    if (failed) {
        log.error "cgflow: ${failed} task(s) failed (listed above with 'Error is ignored'); the other systems' results " +
            "are in ${params.outdir}. Fix the input and run again with -resume to complete the campaign."
    } else if (workflow.success) {
        // what an earlier run published in this run's folders under names this run does not use (another sharding
        // after -resume) is removed, so the output folder holds this run's results alone
        PublishLedger.prune(params.outdir, log)
        log.info "cgflow: done; results in ${params.outdir}"
    }
    // the list of what cgflow has published under outdir (the only files a later run may prune)
    PublishLedger.record(params.outdir, workflow.success && !failed, log)
}
