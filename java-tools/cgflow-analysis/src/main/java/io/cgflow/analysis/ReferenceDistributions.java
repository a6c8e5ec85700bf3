package io.cgflow.analysis;

import io.cgflow.core.Provenance;
import java.util.List;
import java.util.Optional;

/**
 * The reference distributions of one state: the training target and the validation yardstick. Written by
 * {@link DistributionsFile#write} and read back by {@link DistributionsFile#read}.
 */
public record ReferenceDistributions(SystemSummary summary, List<Distribution> distributions, Provenance provenance) {
    public ReferenceDistributions {
        distributions = List.copyOf(distributions);
    }

    /** The distribution of a kind and name ({@code A-B} for RDFs), if present. */
    public Optional<Distribution> find(Distribution.Kind kind, String name) {
        return distributions.stream().filter(d -> d.kind() == kind && d.name().equals(name)).findFirst();
    }

    /** The g(r) of bead types a and b, in either order. */
    public Optional<Distribution> rdf(String a, String b) {
        Optional<Distribution> d = find(Distribution.Kind.RDF, a + "-" + b);
        return d.isPresent() ? d : find(Distribution.Kind.RDF, b + "-" + a);
    }
}
