package io.cgflow.convert;

import java.nio.file.Path;
import java.util.List;

/** What a conversion wrote: the files (shards in order), frames written, atoms, input bytes, time taken. */
public record ConversionResult(List<Path> files, long frames, int atoms, long bytesRead, long duplicatesDropped,
                               double seconds) {
    public ConversionResult {
        files = List.copyOf(files);
    }
}
