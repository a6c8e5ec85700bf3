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
        // the folders the records were in, then the output folder, each only when now empty
        Set<Path> folders = removed.collect { it.parent } as Set
        for (Path folder : folders) {
            for (Path f = folder; f != null && f.fileName?.toString() in ['pipeline_info', new File(params.outdir.toString()).name]; f = f.parent) {
                try {
                    if (Files.isDirectory(f) && Files.list(f).withCloseable { it.findFirst().isEmpty() }) {
                        Files.delete(f)
                    } else {
                        break
                    }
                } catch (Exception e) {
                    break
                }
            }
        }
    }
}
