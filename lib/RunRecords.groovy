import nextflow.Global

import java.nio.file.Files
import java.nio.file.Path

/*
 * The records a run writes of itself under <outdir>/pipeline_info: trace, timeline and report, each named by the run's
 * start time (nextflow.config). Nextflow opens the trace file as the run starts, before main.nf has checked the
 * samplesheet and the parameters; a run refused there runs nothing, and its empty trace (with
 * the pipeline_info folder and the output folder it created, when nothing else is in them) is removed, so that a
 * mistyped command leaves the output folder as it found it.
 */
class RunRecords {
    static void removeOfRunThatRanNothing(params, log) {
        def config = Global.session.config
        List<Path> removed = []
        for (String scope : ['trace', 'timeline', 'report']) {
            def file = config.navigate("${scope}.file".toString())
            if (file && config.navigate("${scope}.enabled".toString())) {
                Path path = new File(file.toString()).toPath().toAbsolutePath().normalize()
                try {
                    if (Files.deleteIfExists(path)) {
                        removed << path
                    }
                } catch (Exception e) {
                    log.warn "cgflow: could not remove ${path}: ${e.message}"
                }
            }
        }
        // the records' folder (pipeline_info), then the output folder above it, each only when now empty
        Path outdir = new File(params.outdir.toString()).toPath().toAbsolutePath().normalize()
        for (Path folder : (removed.collect { it.parent } as Set)) {
            if (folder.fileName?.toString() == 'pipeline_info' && removeIfEmpty(folder) && folder.parent == outdir) {
                removeIfEmpty(outdir)
            }
        }
    }

    private static boolean removeIfEmpty(Path folder) {
        try {
            if (Files.isDirectory(folder) && Files.list(folder).withCloseable { it.findFirst().isEmpty() }) {
                Files.delete(folder)
                return true
            }
        } catch (Exception ignored) {
            // another process wrote into it meanwhile: it stays
        }
        return false
    }
}
