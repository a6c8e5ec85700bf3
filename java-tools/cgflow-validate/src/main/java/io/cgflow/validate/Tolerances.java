package io.cgflow.validate;

import io.cgflow.analysis.Distribution;
import io.cgflow.core.InputException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.cgflow.core.config.YamlFiles;

/**
 * The limits a CG distribution and a CG run must keep to pass validation. A limit that is NaN (null in the file)
 * is reported, not judged. Defaults: {@link #defaults()}; a YAML file ({@link #read}) overrides any of them:
 *
 * <pre>
 * rdf:      {rms_relative: 0.02, max_relative: 0.1, jsd: 0.01, peak_shift: 0.01, peak_height_relative: 0.1,
 *            coordination_relative: 0.05}
 * bond:     {...}   angle: {...}   dihedral: {...}
 * thermo:   {temperature_relative: 0.05, density_relative: 0.01, pressure_drift_bar: null, pressure_bar: null}
 * </pre>
 */
public record Tolerances(Map<Distribution.Kind, Limits> distributions, ThermoLimits thermo) {
    public Tolerances {
        distributions = Map.copyOf(distributions);
    }

    /**
     * Limits of one kind of distribution. Relative values are fractions of the atomistic distribution's peak
     * height (RMS and largest deviation), of its first-peak height, or of its coordination number; the peak shift
     * is in the distribution's own unit (nm or degrees); JSD is the Jensen–Shannon divergence in bits.
     */
    public record Limits(double rmsRelative, double maxRelative, double jsd, double peakShift,
                         double peakHeightRelative, double coordinationRelative) {
    }

    /**
     * Limits of the CG run: its mean temperature and density against the state's, the pressure's drift (bar), and
     * its mean pressure against the state's pressure when the reference records one (bar).
     */
    public record ThermoLimits(double temperatureRelative, double densityRelative, double pressureDriftBar,
                               double pressureBar) {
    }

    static final List<String> LIMIT_KEYS = List.of("rms_relative", "max_relative", "jsd", "peak_shift",
        "peak_height_relative", "coordination_relative");
    static final List<String> THERMO_KEYS = List.of("temperature_relative", "density_relative", "pressure_drift_bar",
        "pressure_bar");

    /** The limits used without a file. */
    public static Tolerances defaults() {
        Map<Distribution.Kind, Limits> m = new EnumMap<>(Distribution.Kind.class);
        m.put(Distribution.Kind.RDF, new Limits(0.02, 0.1, 0.01, 0.01, 0.1, 0.05));
        m.put(Distribution.Kind.BOND, new Limits(0.05, 0.15, 0.02, 0.005, 0.15, Double.NaN));
        m.put(Distribution.Kind.ANGLE, new Limits(0.05, 0.15, 0.02, 3, 0.15, Double.NaN));
        m.put(Distribution.Kind.DIHEDRAL, new Limits(0.08, 0.2, 0.03, 10, 0.2, Double.NaN));
        return new Tolerances(m, new ThermoLimits(0.05, 0.01, Double.NaN, Double.NaN));
    }

    public Limits limits(Distribution.Kind kind) {
        return distributions.get(kind);
    }

    /** The defaults with the values a YAML file gives; unknown keys and non-numbers are errors naming the key. */
    public static Tolerances read(Path file) {
        Object root = YamlFiles.read(file, "tolerances file");
        Tolerances d = defaults();
        if (root == null) {
            return d;
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw InputException.in(file, "expected a mapping of rdf, bond, angle, dihedral and thermo");
        }
        Map<Distribution.Kind, Limits> m = new EnumMap<>(d.distributions);
        ThermoLimits thermo = d.thermo;
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.equals("thermo")) {
                Map<String, Double> v = values(file, key, e.getValue(), THERMO_KEYS);
                thermo = new ThermoLimits(v.getOrDefault("temperature_relative", thermo.temperatureRelative()),
                    v.getOrDefault("density_relative", thermo.densityRelative()),
                    v.getOrDefault("pressure_drift_bar", thermo.pressureDriftBar()),
                    v.getOrDefault("pressure_bar", thermo.pressureBar()));
                continue;
            }
            Distribution.Kind kind = null;
            for (Distribution.Kind k : Distribution.Kind.values()) {
                if (k.prefix().equals(key)) {
                    kind = k;
                }
            }
            if (kind == null) {
                throw InputException.in(file, "unknown key '" + key + "'; expected rdf, bond, angle, dihedral or thermo");
            }
            Limits l = m.get(kind);
            Map<String, Double> v = values(file, key, e.getValue(), LIMIT_KEYS);
            m.put(kind, new Limits(v.getOrDefault("rms_relative", l.rmsRelative()),
                v.getOrDefault("max_relative", l.maxRelative()), v.getOrDefault("jsd", l.jsd()),
                v.getOrDefault("peak_shift", l.peakShift()),
                v.getOrDefault("peak_height_relative", l.peakHeightRelative()),
                v.getOrDefault("coordination_relative", l.coordinationRelative())));
        }
        return new Tolerances(m, thermo);
    }

    private static Map<String, Double> values(Path file, String section, Object value, List<String> allowed) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw InputException.in(file, section + ": expected a mapping of " + String.join(", ", allowed));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (!allowed.contains(k)) {
                throw InputException.in(file, section + "." + k + ": unknown key; expected one of "
                    + String.join(", ", allowed));
            }
            Object v = e.getValue();
            if (v == null) {
                out.put(k, Double.NaN);
            } else if (v instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= 0) {
                out.put(k, n.doubleValue());
            } else {
                throw InputException.in(file, section + "." + k + ": '" + v
                    + "' is not a limit; expected a number >= 0, or null to report without judging");
            }
        }
        return out;
    }
}
