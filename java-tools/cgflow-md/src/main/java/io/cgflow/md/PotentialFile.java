package io.cgflow.md;

import io.cgflow.core.InputException;
import io.cgflow.potentials.CompositePotential;
import io.cgflow.potentials.HarmonicAngle;
import io.cgflow.potentials.HarmonicBond;
import io.cgflow.potentials.LennardJones;
import io.cgflow.potentials.PotentialDefinition;
import io.cgflow.potentials.TypePair;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The minimal potential file of {@code cgflow-md} (docs/md.md): bead types with masses, Lennard-Jones per
 * type pair, harmonic bonds and angles per bonded type name. It yields a {@link PotentialDefinition} and the
 * masses, so a fuller potential-file reader can take its place without touching the engine.
 */
public final class PotentialFile {
    /** What the file defines. */
    public record Contents(Map<String, Double> masses, PotentialDefinition potential) {
    }

    private PotentialFile() {
    }

    public static Contents read(Path file) {
        Object root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException e) {
            throw InputException.in(file, "cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw InputException.in(file, "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, Object> top = map(file, root, "the file");
        known(file, top, "the file", Set.of("types", "lennard-jones", "bonds", "angles"));
        Map<String, Double> masses = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(file, required(file, top, "types", "the file"), "types").entrySet()) {
            Map<String, Object> t = map(file, e.getValue(), "types." + e.getKey());
            known(file, t, "types." + e.getKey(), Set.of("mass"));
            double m = number(file, t, "mass", "types." + e.getKey());
            if (!(m > 0)) {
                throw InputException.at(file, "types." + e.getKey() + ".mass", "must be positive, not " + m);
            }
            masses.put(e.getKey(), m);
        }
        List<PotentialDefinition> parts = new ArrayList<>();
        try {
            if (top.containsKey("lennard-jones")) {
                parts.add(lennardJones(file, map(file, top.get("lennard-jones"), "lennard-jones"), masses));
            }
            if (top.containsKey("bonds")) {
                List<HarmonicBond.Parameters> bonds = new ArrayList<>();
                int k = 0;
                for (Object o : list(file, top.get("bonds"), "bonds")) {
                    String where = "bonds[" + k++ + "]";
                    Map<String, Object> b = map(file, o, where);
                    known(file, b, where, Set.of("type", "k", "b0"));
                    bonds.add(new HarmonicBond.Parameters(string(file, b, "type", where), number(file, b, "k", where),
                        number(file, b, "b0", where)));
                }
                parts.add(new HarmonicBond("bonds", bonds));
            }
            if (top.containsKey("angles")) {
                List<HarmonicAngle.Parameters> angles = new ArrayList<>();
                int k = 0;
                for (Object o : list(file, top.get("angles"), "angles")) {
                    String where = "angles[" + k++ + "]";
                    Map<String, Object> a = map(file, o, where);
                    known(file, a, where, Set.of("type", "k", "theta0"));
                    angles.add(new HarmonicAngle.Parameters(string(file, a, "type", where), number(file, a, "k", where),
                        number(file, a, "theta0", where)));
                }
                parts.add(new HarmonicAngle("angles", angles));
            }
        } catch (IllegalArgumentException e) {
            throw InputException.in(file, e.getMessage());
        }
        return new Contents(masses, new CompositePotential(file.getFileName().toString(), parts));
    }

    private static LennardJones lennardJones(Path file, Map<String, Object> lj, Map<String, Double> masses) {
        known(file, lj, "lennard-jones", Set.of("cutoff", "truncation", "tail-correction", "pairs"));
        double cutoff = number(file, lj, "cutoff", "lennard-jones");
        String truncation = lj.containsKey("truncation") ? String.valueOf(lj.get("truncation")) : "shift";
        if (!truncation.equals("shift") && !truncation.equals("cut")) {
            throw InputException.at(file, "lennard-jones.truncation", "is '" + truncation + "'; use shift or cut");
        }
        Object tail = lj.getOrDefault("tail-correction", Boolean.FALSE);
        if (!(tail instanceof Boolean)) {
            throw InputException.at(file, "lennard-jones.tail-correction", "must be true or false, not " + tail);
        }
        List<LennardJones.Parameters> pairs = new ArrayList<>();
        int k = 0;
        for (Object o : list(file, required(file, lj, "pairs", "lennard-jones"), "lennard-jones.pairs")) {
            String where = "lennard-jones.pairs[" + k++ + "]";
            Map<String, Object> p = map(file, o, where);
            known(file, p, where, Set.of("types", "sigma", "epsilon"));
            List<Object> types = list(file, required(file, p, "types", where), where + ".types");
            if (types.size() != 2) {
                throw InputException.at(file, where + ".types", "needs two bead types, not " + types.size());
            }
            for (Object t : types) {
                if (!masses.containsKey(String.valueOf(t))) {
                    throw InputException.at(file, where + ".types", "unknown bead type " + t + "; the types are "
                        + masses.keySet());
                }
            }
            pairs.add(new LennardJones.Parameters(TypePair.of(String.valueOf(types.get(0)), String.valueOf(types.get(1))),
                number(file, p, "sigma", where), number(file, p, "epsilon", where)));
        }
        return new LennardJones("lennard-jones", pairs, cutoff,
            LennardJones.Truncation.valueOf(truncation.toUpperCase(Locale.ROOT)), (Boolean) tail);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Path file, Object o, String where) {
        if (!(o instanceof Map)) {
            throw InputException.at(file, where, "must be a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : ((Map<Object, Object>) o).entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Path file, Object o, String where) {
        if (!(o instanceof List)) {
            throw InputException.at(file, where, "must be a list");
        }
        return (List<Object>) o;
    }

    private static Object required(Path file, Map<String, Object> m, String key, String where) {
        if (!m.containsKey(key)) {
            throw InputException.at(file, where, "misses '" + key + "'");
        }
        return m.get(key);
    }

    private static void known(Path file, Map<String, Object> m, String where, Set<String> keys) {
        for (String k : m.keySet()) {
            if (!keys.contains(k)) {
                throw InputException.at(file, where, "unknown key '" + k + "'; expected one of " + keys);
            }
        }
    }

    private static double number(Path file, Map<String, Object> m, String key, String where) {
        Object o = required(file, m, key, where);
        if (!(o instanceof Number num)) {
            throw InputException.at(file, where + "." + key, "must be a number, not '" + o + "'");
        }
        return num.doubleValue();
    }

    private static String string(Path file, Map<String, Object> m, String key, String where) {
        return String.valueOf(required(file, m, key, where));
    }
}
