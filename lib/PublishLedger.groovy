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
 * never the output folder itself nor pipeline_info, whose reports keep one per run), it removes every entry that was
 * not published in this run and holds nothing that was. Folders of systems no longer in the samplesheet are left as
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
        Path root = (outdir instanceof Path ? outdir : new File(outdir.toString()).toPath()).toAbsolutePath().normalize()
        Path info = root.resolve('pipeline_info')
        Set<Path> mine = new HashSet<>(current.published)
        Set<Path> folders = mine.collect { it.parent }.findAll { it != null && it.startsWith(root) && it != root
            && !it.startsWith(info) } as Set
        List<Path> removed = []
        for (Path folder : folders.sort()) {
            if (!Files.isDirectory(folder)) {
                continue
            }
            List<Path> entries = Files.list(folder).withCloseable { stream -> stream.toList() }
                .collect { it.toAbsolutePath().normalize() }
            for (Path entry : entries.sort()) {
                // kept: what this run published, and a folder holding any of it
                if (mine.contains(entry) || mine.any { it.startsWith(entry) }) {
                    continue
                }
                try {
                    if (Files.isDirectory(entry) && !Files.isSymbolicLink(entry)) {
                        entry.toFile().deleteDir()
                    } else {
                        Files.deleteIfExists(entry)
                    }
                    removed << entry
                } catch (Exception e) {
                    log.warn "cgflow: could not remove ${entry} (left by an earlier run): ${e.message}"
                }
            }
        }
        if (removed) {
            def shown = removed.take(5).collect { root.relativize(it).toString() }
            log.info "cgflow: removed ${removed.size()} file(s) an earlier run published that this run does not " +
                "make: ${shown.join(', ')}${removed.size() > 5 ? ', …' : ''}"
        }
        return removed
    }
}
