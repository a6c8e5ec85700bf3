package io.cgflow.model;

import io.cgflow.core.Provenance;
import io.cgflow.nn.BeadNetwork;
import io.cgflow.nn.BondedTable;
import io.cgflow.nn.PairTablePrior;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.file.ModelFile;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.Table;
import io.cgflow.potentials.TabulatedPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a model file holds, for people ({@link #text}) and programs ({@link #json}): settings (descriptor kind,
 * cut-off, Gaussians, bead types), the architecture of each bead type's network (inputs, hidden widths,
 * activations, parameter count), the prior (kind, type pairs, cut-off), the bonded tables (kind, type, range,
 * points) and the provenance (tool, version, command line, input checksums).
 */
public final class ModelInfo {
    private ModelInfo() {
    }

    /** The description as plain data (maps in a fixed key order, lists, strings, numbers). */
    public static Map<String, Object> describe(String file, TrainedModel model) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("format", ModelFile.FORMAT);
        m.put("format_version", ModelFile.VERSION);
        m.put("length_unit", TrainedModel.LENGTH_UNIT);
        m.put("energy_unit", TrainedModel.ENERGY_UNIT);
        m.put("bead_types", model.beadTypes());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", model.descriptor().kind());
        d.put("cutoff_nm", model.cutoff());
        if (model.descriptor() instanceof RadialG2Settings g2) {
            d.put("gaussians", g2.gaussians());
            d.put("centres_nm", g2.centres());
            d.put("eta_per_nm2", g2.eta());
        }
        d.put("inputs", model.descriptor().length());
        m.put("descriptor", d);
        List<Object> networks = new ArrayList<>();
        int total = 0;
        for (BeadNetwork n : model.networks()) {
            MlpArchitecture a = n.architecture();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("bead_type", n.beadType());
            e.put("inputs", a.inputs());
            e.put("hidden", a.hidden());
            e.put("activations", a.activations().stream().map(Activation::id).toList());
            e.put("parameters", a.parameterCount());
            networks.add(e);
            total += a.parameterCount();
        }
        m.put("networks", networks);
        m.put("parameters", total);
        m.put("prior", prior(model));
        List<Object> bonded = new ArrayList<>();
        for (BondedTable b : model.bonded()) {
            Table t = b.table();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("kind", BondedTable.label(b.kind()));
            e.put("type", b.type());
            e.put("unit", b.kind() == BondedKind.BOND ? "nm" : "degree");
            e.put("start", t.start());
            e.put("end", t.boundary() == Table.Boundary.PERIODIC ? t.start() + t.size() * t.step() : t.end());
            e.put("step", t.step());
            e.put("points", t.size());
            e.put("boundary", t.boundary().name().toLowerCase(Locale.ROOT));
            bonded.add(e);
        }
        m.put("bonded", bonded);
        Provenance p = model.provenance();
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("tool", p.tool());
        prov.put("version", p.version());
        prov.put("command_line", p.commandLine());
        List<Object> inputs = new ArrayList<>();
        for (Provenance.InputFile f : p.inputs()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("path", f.path());
            e.put("sha256", f.sha256());
            inputs.add(e);
        }
        prov.put("inputs", inputs);
        m.put("provenance", prov);
        m.put("training_settings", model.trainingSettings());
        return m;
    }

    private static Map<String, Object> prior(TrainedModel model) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", model.prior().kind());
        if (model.prior().kind().equals(PairTablePrior.KIND)) {
            TabulatedPair p = model.priorDefinition().orElseThrow();
            m.put("cutoff_nm", p.cutoff());
            List<Object> pairs = new ArrayList<>();
            for (TabulatedPair.Entry e : p.tables()) {
                Map<String, Object> pair = new LinkedHashMap<>();
                pair.put("types", List.of(e.types().a(), e.types().b()));
                pair.put("start_nm", e.table().start());
                pair.put("end_nm", e.table().end());
                pair.put("step_nm", e.table().step());
                pair.put("points", e.table().size());
                pairs.add(pair);
            }
            m.put("pairs", pairs);
        } else if (!model.prior().parameters().isEmpty()) {
            Map<String, Object> arrays = new LinkedHashMap<>();
            model.prior().parameters().forEach((name, values) -> arrays.put(name, values.length));
            m.put("array_lengths", arrays);
        }
        return m;
    }

    /** The description as JSON. */
    public static String json(String file, TrainedModel model) {
        return Json.write(describe(file, model));
    }

    private static String num(double v) {
        return TableExport.num(v);
    }

    /** The description as aligned text. */
    public static String text(String file, TrainedModel model) {
        StringBuilder sb = new StringBuilder();
        Map<String, Object> d = describe(file, model);
        line(sb, "model", file + " (" + ModelFile.FORMAT + " " + ModelFile.VERSION + ", nm, kJ/mol)");
        line(sb, "bead types", String.join(" ", model.beadTypes()));
        StringBuilder desc = new StringBuilder(model.descriptor().kind()).append(", cut-off ")
            .append(num(model.cutoff())).append(" nm");
        if (model.descriptor() instanceof RadialG2Settings g2) {
            double[] c = g2.centres();
            double[] eta = g2.eta();
            double etaMin = java.util.Arrays.stream(eta).min().orElseThrow();
            double etaMax = java.util.Arrays.stream(eta).max().orElseThrow();
            desc.append(", ").append(g2.gaussians()).append(" Gaussians per neighbour type (r_s ").append(num(c[0]))
                .append(" … ").append(num(c[c.length - 1])).append(" nm, η ").append(num(etaMin));
            if (etaMax != etaMin) {
                desc.append(" … ").append(num(etaMax));
            }
            desc.append(" nm⁻²)");
        }
        desc.append(", ").append(model.descriptor().length()).append(" inputs per bead");
        line(sb, "descriptor", desc.toString());
        sb.append("networks\n");
        for (BeadNetwork n : model.networks()) {
            MlpArchitecture a = n.architecture();
            StringBuilder arch = new StringBuilder().append(a.inputs()).append(" inputs");
            for (int l = 0; l < a.hidden().size(); l++) {
                arch.append(" → ").append(a.hidden().get(l)).append(' ').append(a.activations().get(l).id());
            }
            arch.append(" → 1");
            arch.append(a.hidden().isEmpty() ? " (linear)" : "").append("; ").append(a.parameterCount())
                .append(" parameters");
            line(sb, "  " + n.beadType(), arch.toString());
        }
        line(sb, "  total", d.get("parameters") + " parameters");
        String kind = model.prior().kind();
        if (kind.equals(PairTablePrior.KIND)) {
            TabulatedPair p = model.priorDefinition().orElseThrow();
            line(sb, "prior", kind + ", cut-off " + num(p.cutoff()) + " nm, " + p.tables().size() + " type pair"
                + (p.tables().size() == 1 ? "" : "s"));
            for (TabulatedPair.Entry e : p.tables()) {
                Table t = e.table();
                line(sb, "  " + PairTablePrior.key(e.types()), num(t.start()) + " … " + num(t.end()) + " nm, "
                    + t.size() + " points every " + num(t.step()) + " nm");
            }
        } else if (kind.equals("none")) {
            line(sb, "prior", "none");
        } else {
            line(sb, "prior", kind + " (no potential reads this kind); arrays "
                + String.join(", ", model.prior().parameters().keySet()));
        }
        if (model.bonded().isEmpty()) {
            line(sb, "bonded tables", "none");
        } else {
            sb.append("bonded tables\n");
            for (BondedTable b : model.bonded()) {
                Table t = b.table();
                String unit = b.kind() == BondedKind.BOND ? "nm" : "deg";
                boolean periodic = t.boundary() == Table.Boundary.PERIODIC;
                double end = periodic ? t.start() + t.size() * t.step() : t.end();
                line(sb, "  " + BondedTable.label(b.kind()) + " " + b.type(), num(t.start()) + " … " + num(end) + " "
                    + unit + ", " + t.size() + " points every " + num(t.step()) + " " + unit + ", "
                    + t.boundary().name().toLowerCase(Locale.ROOT));
            }
        }
        Provenance p = model.provenance();
        sb.append("provenance\n");
        line(sb, "  tool", p.tool() + " " + p.version());
        line(sb, "  command line", p.commandLine());
        for (Provenance.InputFile f : p.inputs()) {
            line(sb, "  input", f.path() + "  sha256 " + f.sha256());
        }
        if (!model.trainingSettings().isEmpty()) {
            sb.append("training settings\n");
            for (String l : model.trainingSettings().split("\n")) {
                sb.append("  ").append(l).append('\n');
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key);
        for (int k = key.codePointCount(0, key.length()); k < 24; k++) {
            sb.append(' ');
        }
        if (key.codePointCount(0, key.length()) >= 24) {
            sb.append(' ');
        }
        sb.append(value).append('\n');
    }
}
