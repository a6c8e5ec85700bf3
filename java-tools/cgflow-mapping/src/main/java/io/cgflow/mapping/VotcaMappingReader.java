package io.cgflow.mapping;

import io.cgflow.core.InputException;
import io.cgflow.core.topology.TypeNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Imports VOTCA mapping XML ({@code <cg_molecule>} with {@code <topology><cg_beads>}, {@code <cg_bonded>}
 * and {@code <maps>}). Bead atoms are written {@code resid:resname:atom}; a structure file carries no
 * molecule-type names, so the residue name in those lists identifies the molecules (single-residue
 * molecules; for molecules spanning residues use the YAML format with atom ranges). Map weights are the
 * atoms' weights, as in VOTCA. Several {@code <cg_molecule>} elements may share one file under any root.
 */
public final class VotcaMappingReader {
    private static final Pattern DECLARATION = Pattern.compile("<!(DOCTYPE|ENTITY)\\b");

    private VotcaMappingReader() {
    }

    public static Mapping read(Path file) {
        Document doc = parse(file);
        List<Element> molecules = new ArrayList<>();
        Element root = doc.getDocumentElement();
        if (root.getTagName().equals("cg_molecule")) {
            molecules.add(root);
        } else {
            NodeList list = root.getElementsByTagName("cg_molecule");
            for (int i = 0; i < list.getLength(); i++) {
                molecules.add((Element) list.item(i));
            }
        }
        if (molecules.isEmpty()) {
            throw InputException.in(file, "no <cg_molecule> element: not a VOTCA mapping file");
        }
        List<Mapping.MoleculeType> types = new ArrayList<>();
        for (Element m : molecules) {
            types.add(molecule(file, m));
        }
        return new Mapping(file, types);
    }

    private static Document parse(Path file) {
        refuseDeclarations(file);
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(file.toFile());
        } catch (SAXParseException e) {
            throw InputException.at(file, "line " + e.getLineNumber(), "not valid XML: " + e.getMessage());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw InputException.in(file, "mapping file not found");
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw InputException.in(file, "cannot read the mapping: " + e.getMessage());
        }
    }

    /**
     * A mapping has no use for document type or entity declarations, and the XML parser refuses them with
     * messages about parser features (or, inside an element, with no line at all): name the line instead.
     */
    private static void refuseDeclarations(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw InputException.in(file, "mapping file not found");
        } catch (IOException e) {
            throw InputException.in(file, "cannot read the mapping: " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        Matcher m = DECLARATION.matcher(text);
        if (m.find()) {
            long line = 1 + text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            throw InputException.at(file, "line " + line, "a <!" + m.group(1) + " ...> declaration is not allowed "
                + "in a mapping file (it needs none; remove it)");
        }
    }

    private static Mapping.MoleculeType molecule(Path file, Element m) {
        String name = text(file, m, "name", "cg_molecule");
        String where = "cg_molecule '" + name + "'";
        Element topology = child(file, m, "topology", where);
        Element beadsElement = child(file, topology, "cg_beads", where);
        Map<String, double[]> maps = new HashMap<>();
        Element mapsElement = optionalChild(m, "maps");
        if (mapsElement != null) {
            for (Element map : children(mapsElement, "map")) {
                String mapName = text(file, map, "name", where + " map");
                maps.put(mapName, numbers(file, text(file, map, "weights", where + " map " + mapName),
                    where + " map " + mapName));
            }
        }
        List<Mapping.Bead> beads = new ArrayList<>();
        Set<String> beadNames = new HashSet<>();
        String residue = null;
        for (Element b : children(beadsElement, "cg_bead")) {
            String beadName = text(file, b, "name", where + " cg_bead");
            String beadWhere = where + " bead '" + beadName + "'";
            if (!beadNames.add(beadName)) {
                throw InputException.at(file, beadWhere, "bead name used twice");
            }
            String type = text(file, b, "type", beadWhere);
            TypeNames.require(file, beadWhere, "bead type", type);
            String[] atomSpecs = text(file, b, "beads", beadWhere).trim().split("\\s+");
            List<String> atoms = new ArrayList<>();
            for (String spec : atomSpecs) {
                String[] p = spec.split(":");
                if (p.length != 3) {
                    throw InputException.at(file, beadWhere, "atom '" + spec + "' is not resid:resname:atom");
                }
                if (!p[0].equals("1")) {
                    throw InputException.at(file, beadWhere, "atom '" + spec + "' is in residue " + p[0]
                        + " of the molecule: only single-residue molecules are imported from VOTCA XML; use the "
                        + "YAML mapping with atom ranges for molecules spanning residues");
                }
                if (residue != null && !residue.equals(p[1])) {
                    throw InputException.at(file, beadWhere, "atom '" + spec + "' names residue " + p[1]
                        + " but other beads name " + residue);
                }
                residue = p[1];
                atoms.add(p[2]);
            }
            String mapName = text(file, b, "mapping", beadWhere);
            double[] weights = maps.get(mapName);
            if (weights == null) {
                throw InputException.at(file, beadWhere, "mapping '" + mapName + "' is not defined in <maps>");
            }
            if (weights.length != atoms.size()) {
                throw InputException.at(file, beadWhere, "map '" + mapName + "' has " + weights.length
                    + " weights for " + atoms.size() + " atoms");
            }
            beads.add(new Mapping.Bead(beadName, type, atoms, weights));
        }
        if (beads.isEmpty()) {
            throw InputException.at(file, where, "no <cg_bead> elements");
        }
        List<Mapping.Bonded> bonds = new ArrayList<>();
        List<Mapping.Bonded> angles = new ArrayList<>();
        List<Mapping.Bonded> dihedrals = new ArrayList<>();
        Element bonded = optionalChild(topology, "cg_bonded");
        if (bonded != null) {
            collect(file, bonded, "bond", 2, where, beadNames, bonds);
            collect(file, bonded, "angle", 3, where, beadNames, angles);
            collect(file, bonded, "dihedral", 4, where, beadNames, dihedrals);
        }
        return new Mapping.MoleculeType(name, new Mapping.ByResidue(residue), false, beads, bonds, angles, dihedrals,
            Mapping.Exclusions.BONDED);
    }

    private static void collect(Path file, Element bonded, String tag, int size, String where, Set<String> beadNames,
                                List<Mapping.Bonded> out) {
        for (Element e : children(bonded, tag)) {
            String name = text(file, e, "name", where + " " + tag);
            TypeNames.require(file, where + " " + tag, tag + " name", name);
            String[] beads = text(file, e, "beads", where + " " + tag + " '" + name + "'").trim().split("\\s+");
            if (beads.length % size != 0) {
                throw InputException.at(file, where + " " + tag + " '" + name + "'", beads.length
                    + " bead names is not a multiple of " + size);
            }
            for (int i = 0; i < beads.length; i += size) {
                List<String> group = new ArrayList<>();
                for (int k = 0; k < size; k++) {
                    if (!beadNames.contains(beads[i + k])) {
                        throw InputException.at(file, where + " " + tag + " '" + name + "'", "no bead named '"
                            + beads[i + k] + "'");
                    }
                    group.add(beads[i + k]);
                }
                out.add(new Mapping.Bonded(name, group));
            }
        }
    }

    private static double[] numbers(Path file, String text, String where) {
        String[] t = text.trim().split("\\s+");
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            try {
                v[i] = Double.parseDouble(t[i]);
            } catch (NumberFormatException e) {
                throw InputException.at(file, where, "weight '" + t[i] + "' is not a number");
            }
        }
        return v;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element optionalChild(Element parent, String tag) {
        List<Element> c = children(parent, tag);
        return c.isEmpty() ? null : c.get(0);
    }

    private static Element child(Path file, Element parent, String tag, String where) {
        Element e = optionalChild(parent, tag);
        if (e == null) {
            throw InputException.at(file, where, "missing <" + tag + ">");
        }
        return e;
    }

    private static String text(Path file, Element parent, String tag, String where) {
        String t = child(file, parent, tag, where).getTextContent().trim();
        if (t.isEmpty()) {
            throw InputException.at(file, where, "<" + tag + "> is empty");
        }
        return t;
    }
}
