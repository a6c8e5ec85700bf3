import nextflow.Global
import nextflow.trace.TraceObserver

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.ConcurrentHashMap

/*
 * The files this run published, and the removal of what else lies in their folders when the run ends well.
 *
 * publishDir overwrites what a task publishes, but never removes what an earlier run published under names this run
 * does not use: after a -resume with other settings (another --shard_frames: traj.h5 where traj-00000.h5 … were, or
 * fewer shards), the output folder would mix the two runs. Every task publishes again on -resume, cached ones too, so
 * the files published in a run are the run's whole output. main.nf registers this ledger before any task
 * (PublishLedger.start()) and calls prune(outdir, log) from workflow.onComplete: only when the run succeeded
 * with no failed task, in the folders this run published into (a task's folder: .../convert, .../train/linear, …,
 * never the output folder itself nor pipeline_info, whose reports keep one per run), it removes the files that an
 * earlier run published and this one did not. What cgflow has published is listed in
 * pipeline_info/published-files.txt (paths relative to outdir), written at the end of every run (record): a file
 * it does not list — the user's own, a samplesheet or trajectories kept in a folder that happens to be a publish
 * folder, such as outdir/campaign — is never removed. Folders of systems no longer in the samplesheet are left as
 * they are. Publication events come from Nextflow's own observer list (Session.observers, 24.10).
 */
class PublishLedger implements TraceObserver {
    private static PublishLedger current
    private final Set<Path> published = ConcurrentHashMap.newKeySet()

    /** Registers a ledger with the session; call before any task is submitted. */
    static void start() {
        current = new PublishLedger()
        Global.session.@observers.add(current)
    }

    @Override
    void onFilePublish(Path destination) {
        published.add(destination.toAbsolutePath().normalize())
    }

    @Override
    void onFilePublish(Path destination, Path source) {
        onFilePublish(destination)
    }

    /** Removes what earlier runs left in this run's publish folders under outdir; returns the entries removed. */
    static List<Path> prune(outdir, log) {
        if (current == null || current.published.isEmpty()) {
            return []
        }
        Path root = rootOf(outdir)
        Path info = root.resolve('pipeline_info')
        Set<Path> mine = new HashSet<>(current.published)
        Set<Path> earlier = earlierPublished(root)
        Set<Path> folders = mine.collect { it.parent }.findAll { it != null && it.startsWith(root) && it != root
            && !it.startsWith(info) } as Set
        List<Path> removed = []
        for (Path entry : earlier.sort()) {
            // removed: a file an earlier run published in a folder this run publishes into, under a name this run
            // did not use; kept: everything cgflow never published (the user's files)
            if (mine.contains(entry) || !folders.contains(entry.parent) || !Files.isRegularFile(entry)
                || Files.isSymbolicLink(entry)) {
                continue
            }
            try {
                Files.deleteIfExists(entry)
                removed << entry
            } catch (Exception e) {
                log.warn "cgflow: could not remove ${entry} (left by an earlier run): ${e.message}"
            }
        }
        if (removed) {
            def shown = removed.take(5).collect { root.relativize(it).toString() }
            log.info "cgflow: removed ${removed.size()} file(s) an earlier run published that this run does not " +
                "make: ${shown.join(', ')}${removed.size() > 5 ? ', …' : ''}"
        }
        return removed
    }

    private static Path rootOf(outdir) {
        (outdir instanceof Path ? outdir : new File(outdir.toString()).toPath()).toAbsolutePath().normalize()
    }

    private static Path ledgerFile(Path root) {
        root.resolve('pipeline_info').resolve(LEDGER)
    }

    /** pipeline_info/published-files.txt: what cgflow published under outdir, one path relative to it per line. */
    static final String LEDGER = 'published-files.txt'

    private static Set<Path> earlierPublished(Path root) {
        Path file = ledgerFile(root)
        if (!Files.isRegularFile(file)) {
            return [] as Set
        }
        Files.readAllLines(file).collect { it.strip() }.findAll { it && !it.startsWith('#') }
            .collect { root.resolve(it).normalize() }.findAll { it.startsWith(root) } as Set
    }

    /**
     * Writes the list of what cgflow has published under outdir: after a successful run, what this run published
     * (earlier files were pruned); after a run with failures, also what earlier runs published (their files stay).
     * Written to a temporary file and renamed, so that a crash never leaves half a list.
     */
    static void record(outdir, boolean complete, log) {
        if (current == null) {
            return
        }
        try {
            Path root = rootOf(outdir)
            Set<Path> all = new TreeSet<>(current.published.findAll { it.startsWith(root) })
            if (!complete) {
                all.addAll(earlierPublished(root).findAll { Files.exists(it) })
            }
            if (all.isEmpty()) {
                return
            }
            Path file = ledgerFile(root)
            Files.createDirectories(file.parent)
            Path temp = file.resolveSibling(".${LEDGER}.tmp-${ProcessHandle.current().pid()}")
            String text = "# files cgflow published under ${root} (relative to it); a later run prunes only these\n" +
                all.collect { root.relativize(it).toString() }.join('\n') + '\n'
            Files.writeString(temp, text)
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE)
        } catch (Exception e) {
            log.warn "cgflow: could not write the list of published files: ${e.message}"
        }
    }
}
