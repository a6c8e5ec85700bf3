package io.cgflow.nn.descriptor;

import java.util.List;

/**
 * The settings that define a descriptor, as stored with a trained model: enough to rebuild the same descriptor.
 * Each kind has a name used in model files ({@link #kind()}).
 */
public interface DescriptorSettings {
    /** Name of the descriptor kind in model files, e.g. {@code radial-g2}. */
    String kind();

    /** Bead type names, in the order of the type indices. */
    List<String> neighbourTypes();

    /** Cut-off, nm. */
    double cutoff();

    /** Components per bead. */
    int length();

    /** A new descriptor of these settings (descriptors hold buffers: one per thread). */
    Descriptor create();
}
