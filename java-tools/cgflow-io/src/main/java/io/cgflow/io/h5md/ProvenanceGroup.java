package io.cgflow.io.h5md;

import io.cgflow.core.Provenance;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.WritableGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The provenance of an HDF5 output, as every cgflow file records it: attributes {@code tool},
 * {@code version}, {@code command_line}; datasets {@code input_files} and {@code input_sha256}.
 */
public final class ProvenanceGroup {
    private ProvenanceGroup() {
    }

    public static WritableGroup write(WritableGroup group, Provenance p) {
        group.putAttribute("tool", p.tool());
        group.putAttribute("version", p.version());
        group.putAttribute("command_line", p.commandLine());
        return writeInputs(group, p);
    }

    /** As {@link #write(WritableGroup, Provenance)}, the attributes as variable-length strings. */
    public static WritableGroup write(WritableGroup group, Provenance p, StringAttributes text) {
        text.put(group, "tool", p.tool());
        text.put(group, "version", p.version());
        text.put(group, "command_line", p.commandLine());
        return writeInputs(group, p);
    }

    private static WritableGroup writeInputs(WritableGroup group, Provenance p) {
        if (!p.inputs().isEmpty()) {
            group.putDataset("input_files", p.inputs().stream().map(Provenance.InputFile::path).toArray(String[]::new));
            group.putDataset("input_sha256", p.inputs().stream().map(Provenance.InputFile::sha256)
                .toArray(String[]::new));
        }
        return group;
    }

    public static Provenance read(Group group) {
        List<Provenance.InputFile> inputs = new ArrayList<>();
        if (group.getChild("input_files") instanceof Dataset files) {
            String[] paths = (String[]) files.getDataFlat();
            String[] sums = (String[]) ((Dataset) group.getChild("input_sha256")).getDataFlat();
            for (int i = 0; i < paths.length; i++) {
                inputs.add(new Provenance.InputFile(paths[i], sums[i]));
            }
        }
        return new Provenance(text(group, "tool"), text(group, "version"), text(group, "command_line"), inputs);
    }

    private static String text(Group group, String name) {
        Attribute a = group.getAttribute(name);
        if (a == null) {
            return "";
        }
        Object v = a.getData();
        return v instanceof String s ? s : String.valueOf(v);
    }
}
