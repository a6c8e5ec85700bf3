import nextflow.Global
import nextflow.exception.AbortOperationException
import nextflow.util.Duration
import nextflow.util.MemoryUnit

import java.util.concurrent.TimeUnit

/*
 * Checks made once at the start of a run, before any task is submitted: main.nf calls
 * ClusterCheck.check(workflow, params, log) right after the workflow is wired, while no channel has emitted yet. Every
 * problem found is listed in one message and the run stops.
 *
 *  - -profile berzelius needs --slurm_account: Berzelius charges every job to a project.
 *  - SLURM: a partition (queue directive) that sinfo does not list; sbatch would refuse the job, but only once the
 *    tasks before it have run.
 *  - SLURM: a job that asks for more CPUs than any node of its partition has, or a longer time than the partition
 *    allows, is not refused by sbatch: it waits in the queue forever (reason PartitionConfig / PartitionTimeLimit) and
 *    Nextflow waits with it, saying nothing. (Too much memory, or a GPU where no node has one, sbatch does refuse, but
 *    only when that task's turn comes, maybe hours into a run.) So every process that runs on the slurm executor has
 *    its request (cpus, memory and time after process.resourceLimits, GPUs from clusterOptions; first attempt)
 *    compared with the nodes that `sinfo` lists for its partition (its queue directive, or the default partition).
 *    A retry that would ask for more than any node (memory and time grow with task.attempt) only gets a warning: the
 *    first attempt may well succeed. A request that depends on a task's inputs is not known yet and is not checked.
 *    When sinfo is not on PATH (a head job without SLURM's tools) or fails, the check is skipped with a warning.
 *  - Local executor: a task that asks for more CPUs or memory than the machine has (caps such as --max_cpus 64 on a
 *    laptop) makes Nextflow stop the whole run when its turn comes ("Process requirement exceeds available CPUs"),
 *    after the tasks before it ran. Compared here with what the local executor takes as the machine's size
 *    (executor.$local.cpus / memory, else the machine's processors and memory), first attempt; a retry that would
 *    outgrow the machine gets a warning.
 *
 * The processes and their settings come from Nextflow's own objects (the DAG's task processors, their
 * ProcessConfig/TaskConfig: the same withName/withLabel/resourceLimits resolution as for a real task) in 24.10.
 */
class ClusterCheck {

    static final String HINT = 'Lower the caps on every task with --max_cpus / --max_memory / --max_time, or choose a ' +
            'partition with larger nodes (--slurm_queue / --slurm_gpu_queue).'

    static void check(workflow, params, log) {
        def errors = []
        def profiles = (workflow.profile ?: '').toString().tokenize(',')*.trim()
        if ('berzelius' in profiles && !params.slurm_account) {
            errors << ("cgflow: -profile berzelius needs the SLURM account (project) that the jobs are charged to: add " +
                "--slurm_account <project>, e.g. --slurm_account berzelius-2026-123 (`projinfo` on Berzelius lists " +
                "your projects), or set params.slurm_account in a config file given with -c")
        }
        def found = checkRequests(log)
        if (found.partitions) {
            errors << ("cgflow: these tasks name a SLURM partition that the cluster does not have:\n" +
                found.partitions.collect { "  ${it}" }.join('\n') +
                "\n  Choose partitions that sinfo lists: --slurm_queue / --slurm_gpu_queue (--berzelius_cpu_queue on Berzelius).")
        }
        if (found.tooBig) {
            errors << ("cgflow: these tasks ask for more than any node of the SLURM cluster has, and would wait in the queue forever:\n" +
                found.tooBig.collect { "  ${it}" }.join('\n') + "\n  ${HINT}")
        }
        def local = checkLocal(log)
        if (local) {
            errors << ("cgflow: these tasks ask for more than this machine has, and Nextflow would stop the run when " +
                "their turn comes:\n" + local.collect { "  ${it}" }.join('\n') + "\n  ${LOCAL_HINT}")
        }
        if (errors) {
            throw new AbortOperationException(errors.join('\n'))
        }
    }

    static final String LOCAL_HINT = 'Lower the caps on every task to this machine\'s size with --max_cpus / ' +
            '--max_memory, or run with a cluster profile (slurm, berzelius).'

    /* Every local process's first request against the machine: requests it cannot hold (retries only warn). */
    static List checkLocal(log) {
        def processors = processorsOf(Global.session, log).findAll { it.executor?.name == 'local' }
        if (!processors) {
            return []
        }
        def session = Global.session
        def cpusSetting = session.getExecConfigProp('local', 'cpus', null)
        int cpus = cpusSetting ? cpusSetting as int : Runtime.runtime.availableProcessors()
        def memorySetting = session.getExecConfigProp('local', 'memory', null)
        long memory = memorySetting ? new MemoryUnit(memorySetting.toString()).toBytes()
            : (java.lang.management.ManagementFactory.operatingSystemMXBean.totalMemorySize as long)
        def machine = "this machine (local executor): ${cpus} CPU${cpus == 1 ? '' : 's'}, ${new MemoryUnit(memory)}"
        def found = screen(processors, log) { proc, Map r ->
            def over = []
            if (r.cpus > cpus) over << "${r.cpus} CPUs"
            if (r.memory && r.memory.toBytes() > memory) over << r.memory.toString()
            return over ? "${over.join(' and ')}; ${machine}" : null
        }
        if (found.retries) {
            log.warn "cgflow: a retried task would ask for more than this machine has, and Nextflow would stop the " +
                    "run then:\n" + found.retries.collect { "  ${it}" }.join('\n') + "\n  ${LOCAL_HINT}"
        }
        return found.first
    }

    /*
     * Every slurm process's first request against sinfo's nodes: [partitions: unknown partitions, tooBig: requests no
     * node can hold] (retries only warn).
     */
    static Map checkRequests(log) {
        def partitions = []
        def processors = processorsOf(Global.session, log).findAll { it.executor?.name == 'slurm' }
        if (!processors) {
            return [partitions: partitions, tooBig: []]
        }
        def nodes = sinfo(log)
        if (nodes == null) {
            return [partitions: partitions, tooBig: []]
        }
        // the partition of each process's first request (a retry asks the same one)
        def where = [:]
        processors.each { proc ->
            def first = request(proc, 1, log)
            if (first == null) {
                return
            }
            def w = partitionsOf(first.queue, nodes)
            if (w.error) {
                partitions << "${proc.name}${labels(proc)}: ${w.error}".toString()
            } else {
                where[proc.name] = w
            }
        }
        def found = screen(processors.findAll { where.containsKey(it.name) }, log) { proc, Map r ->
            def w = where[proc.name]
            def verdict = fits(r, w.nodes)
            return verdict ? "${describe(r)} on ${w.name}; ${verdict}" : null
        }
        if (found.retries) {
            log.warn "cgflow: a retried task would wait in the SLURM queue forever:\n" +
                    found.retries.collect { "  ${it}" }.join('\n') + "\n  ${HINT}"
        }
        return [partitions: partitions, tooBig: found.first]
    }

    /*
     * Each process's requests, first attempt and then its retries, judged by `shortOf` (process, request → null when
     * it can be run, else what is asked for and what there is): [first: first requests that cannot be run, retries:
     * the first retry of each other process that could not]. Requests not known before the task exists are skipped.
     */
    static Map screen(List processors, log, Closure shortOf) {
        def first = []
        def retries = []
        processors.each { proc ->
            def r = request(proc, 1, log)
            if (r == null) {
                return
            }
            def shortfall = shortOf(proc, r)
            if (shortfall) {
                first << "${proc.name}${labels(proc)}: asks for ${shortfall}".toString()
                return
            }
            for (int attempt = 2; attempt <= maxAttempts(proc); attempt++) {
                def later = request(proc, attempt, log)
                if (later == null) {
                    break
                }
                def laterShortfall = shortOf(proc, later)
                if (laterShortfall) {
                    retries << "${proc.name}${labels(proc)}: attempt ${attempt} (a retry after a failure for resources) " +
                            "would ask for ${laterShortfall}".toString()
                    break
                }
            }
        }
        return [first: first, retries: retries]
    }

    /* The task processors of this run: every process the workflow uses (the DAG's process vertices). */
    static List processorsOf(session, log) {
        try {
            return session.dag.vertices.collect { it.process }.findAll { it != null }.unique { it.name }
        } catch (Exception e) {
            log.warn "cgflow: the processes of this run could not be listed (${e}): task requests are not checked " +
                    "against the SLURM nodes"
            return []
        }
    }

    static String labels(proc) {
        def l = proc.config.getLabels()
        return l ? " (label ${l.join(', ')})" : ''
    }

    static int maxAttempts(proc) {
        try {
            def retries = proc.config.get('maxRetries')
            return 1 + ((retries instanceof Number) ? (retries as int) : 1)
        } catch (Exception e) {
            return 1
        }
    }

    /* The task's resources for one attempt, as Nextflow will ask SLURM for them (resourceLimits applied), or null. */
    static Map request(proc, int attempt, log) {
        try {
            def cfg = proc.config.createTaskConfig()
            cfg.put('attempt', attempt)
            // what the directives' closures may read before a task exists: task.attempt, params, workflow
            cfg.setContext([task: cfg, params: Global.session.params, workflow: Global.session.workflowMetadata])
            def queue = cfg.get('queue')
            def options = cfg.get('clusterOptions')
            return [
                cpus  : cfg.hasCpus() ? cfg.getCpus() : 1,
                memory: cfg.getMemory() as MemoryUnit,
                time  : cfg.getTime() as Duration,
                gpus  : gpusAsked(options instanceof Collection ? options.join(' ') : options?.toString()),
                queue : queue ? queue.toString() : null,
            ]
        } catch (Exception e) {
            // a request that depends on the task's inputs cannot be known before the task exists
            log.debug "cgflow: resources of ${proc.name} not checked before the run: ${e}"
            return null
        }
    }

    static String describe(Map r) {
        def parts = ["${r.cpus} CPU${r.cpus == 1 ? '' : 's'}"]
        if (r.memory) parts << r.memory.toString()
        if (r.time) parts << r.time.toString()
        if (r.gpus) parts << "${r.gpus} GPU${r.gpus == 1 ? '' : 's'}"
        return parts.join(', ')
    }

    /* GPUs per node asked for in clusterOptions (--gpus=N, --gpus-per-node=N, --gres=gpu[:type]:N); 0 when none. */
    static int gpusAsked(String options) {
        if (!options) return 0
        def m = options =~ /--(?:gpus|gpus-per-node)[= ](?:[A-Za-z0-9_.-]+:)?(\d+)\b/
        if (m.find()) return m.group(1) as int
        m = options =~ /--gres[= ](?:\S*,)?gpu(?::[A-Za-z0-9_.-]+)?:(\d+)\b/
        if (m.find()) return m.group(1) as int
        m = options =~ /--gres[= ](?:\S*,)?gpu\b/
        return m.find() ? 1 : 0
    }

    /*
     * GPUs of a node from sinfo's %G (gpu:8, gpu:a100:8(S:0-1), gpu:tesla:2,mps:100; (null) for none); null when a
     * gpu entry cannot be read (taken as enough).
     */
    static Integer nodeGpus(String gres) {
        def g = gres?.trim()
        if (!g || g == '(null)') return 0
        int total = 0
        for (item in g.split(',')) {
            def parts = item.replaceAll(/\(.*$/, '').split(':')
            if (parts[0] != 'gpu') continue
            if (parts.size() < 2 || !parts[-1].isInteger()) return null
            total += parts[-1] as int
        }
        return total
    }

    /*
     * `sinfo` once: one entry per node and partition: [node, partition, default, cpus, memoryMb, timeLimitMs or null
     * (no limit)]. Null when sinfo is missing or fails (with a warning).
     */
    static List sinfo(log) {
        // a controller that has just been restarted, or a node re-registering, can list no node with its sizes for a
        // moment: asked again a few times before the check is given up
        String shown = ''
        for (int attempt = 0; attempt < 4; attempt++) {
            if (attempt > 0) {
                sleep(2000)
            }
            def answer = sinfoOnce(log)
            if (answer == null) {
                return null
            }
            if (answer.nodes) {
                return answer.nodes
            }
            shown = answer.text
        }
        log.warn "cgflow: sinfo lists no nodes${shown ? " (it printed: ${shown.readLines().take(3).join('; ')})" : ''}: " +
                "task requests are not checked against the SLURM nodes"
        return null
    }

    /** One sinfo: [nodes: parsed entries, text: what it printed], or null when it is missing or fails (warned). */
    private static Map sinfoOnce(log) {
        def proc
        try {
            proc = ['sinfo', '--noheader', '--Node', '--format=%N|%P|%c|%m|%l|%G'].execute()
        } catch (IOException e) {
            log.warn "cgflow: sinfo is not on PATH: task requests are not checked against the SLURM nodes; a task " +
                    "that asks for more than any node has will wait in the queue forever"
            return null
        }
        def out = new StringBuilder()
        def err = new StringBuilder()
        proc.consumeProcessOutput(out, err)
        if (!proc.waitFor(60, TimeUnit.SECONDS)) {
            proc.destroyForcibly()
            log.warn "cgflow: sinfo did not answer in 60 s: task requests are not checked against the SLURM nodes"
            return null
        }
        proc.waitFor()
        if (proc.exitValue() != 0) {
            log.warn "cgflow: sinfo failed (exit ${proc.exitValue()}: ${err.toString().trim()}): task requests are not " +
                    "checked against the SLURM nodes"
            return null
        }
        def nodes = []
        out.toString().readLines().each { line ->
            def f = line.trim().split('\\|', -1)
            if (f.size() < 6 || !f[0]) return
            def partition = f[1]
            boolean dflt = partition.endsWith('*')
            if (dflt) partition = partition[0..-2]
            if (!f[2].isNumber() || !f[3].replaceAll(/\+$/, '').isNumber()) return
            nodes << [node: f[0], partition: partition, default: dflt, cpus: f[2] as int,
                      memoryMb: f[3].replaceAll(/\+$/, '') as long, timeLimitMs: slurmTimeMs(f[4]), gpus: nodeGpus(f[5])]
        }
        return [nodes: nodes, text: out.toString().trim()]
    }

    /* SLURM's time format (minutes, m:s, h:m:s, d-h, d-h:m, d-h:m:s) in milliseconds; null for no limit. */
    static Long slurmTimeMs(String text) {
        def t = text?.trim()?.toLowerCase()
        if (!t || t in ['infinite', 'unlimited', 'n/a']) return null
        long days = 0
        if (t.contains('-')) {
            def dh = t.split('-', 2)
            if (!dh[0].isNumber()) return null
            days = dh[0] as long
            t = dh[1]
        }
        def p = t.split(':')
        if (p.any { !it.isNumber() }) return null
        long s
        if (days > 0 || text.contains('-')) {
            // d-h, d-h:m, d-h:m:s
            s = (p[0] as long) * 3600 + (p.size() > 1 ? (p[1] as long) * 60 : 0) + (p.size() > 2 ? (p[2] as long) : 0)
        } else if (p.size() == 3) {
            s = (p[0] as long) * 3600 + (p[1] as long) * 60 + (p[2] as long)
        } else if (p.size() == 2) {
            s = (p[0] as long) * 60 + (p[1] as long)
        } else {
            s = (p[0] as long) * 60
        }
        return (days * 86400 + s) * 1000
    }

    /* The nodes a job with this queue may run on: [name: 'partition x', nodes: [...]] or [error: '...']. */
    static Map partitionsOf(String queue, List nodes) {
        if (!queue) {
            def dflt = nodes.findAll { it.default }
            if (!dflt) {
                return [error: "no partition given (--slurm_queue) and the cluster has no default partition (sinfo)"]
            }
            return [name: "partition ${dflt[0].partition} (the default)", nodes: dflt]
        }
        def wanted = queue.tokenize(',')*.trim()
        def unknown = wanted.findAll { q -> !nodes.any { it.partition == q } }
        if (unknown) {
            def known = nodes.collect { it.partition }.unique().join(', ')
            return [error: "partition ${unknown.join(', ')} not found on this cluster (sinfo lists: ${known})"]
        }
        return [name: "partition ${wanted.join(',')}", nodes: nodes.findAll { it.partition in wanted }]
    }

    /* null when some node can take the request; otherwise what no node has. */
    static String fits(Map r, List nodes) {
        long memMb = r.memory ? r.memory.toMega() : 0
        def ok = nodes.any { n ->
            n.cpus >= r.cpus && n.memoryMb >= memMb && (n.timeLimitMs == null || r.time == null || n.timeLimitMs >= r.time.toMillis()) &&
                (!r.gpus || n.gpus == null || n.gpus >= r.gpus)
        }
        if (ok) {
            return null
        }
        int maxCpus = nodes.collect { it.cpus }.max()
        long maxMem = nodes.collect { it.memoryMb }.max()
        def limits = nodes.collect { it.timeLimitMs }
        def names = { List l -> l.collect { it.node }.unique().with { it.take(3).join(', ') + (it.size() > 3 ? ', …' : '') } }
        def mostCpus = nodes.findAll { it.cpus == maxCpus }
        def mostMem = nodes.findAll { it.memoryMb == maxMem }
        def memText = new MemoryUnit(maxMem * 1024L * 1024L).toString()
        def both = mostCpus.findAll { it in mostMem }
        def have = both
                ? "the largest node there (${names(both)}) has ${maxCpus} CPUs and ${memText}"
                : "the nodes there have at most ${maxCpus} CPUs (${names(mostCpus)}) and at most ${memText} (${names(mostMem)})"
        if (r.gpus && !nodes.any { it.gpus == null }) {
            int maxGpus = nodes.collect { it.gpus }.max()
            have += maxGpus ? "; at most ${maxGpus} GPU${maxGpus == 1 ? '' : 's'} per node" : '; none has a GPU (sinfo %G)'
        }
        if (r.time != null && !limits.contains(null)) {
            long maxTime = limits.max()
            if (maxTime < r.time.toMillis()) {
                have += "; the longest time limit there is ${new Duration(maxTime)}"
            }
        }
        return have
    }
}
