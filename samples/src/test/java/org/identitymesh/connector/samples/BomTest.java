package org.identitymesh.connector.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * connector-bom tells hosts the versions the build tests with: every third-party version in it equals the parent's
 * dependencyManagement, and every module it lists exists.
 */
class BomTest {

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    @Test
    void theBomsVersionsAreTheOnesTheBuildTestsWith() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Document parent = read(root.resolve("pom.xml"));
        Document bom = read(root.resolve("connector-bom/pom.xml"));
        Map<String, String> properties = properties(parent);
        Map<String, String> built = managed(parent, properties);
        Map<String, String> offered = managed(bom, Map.of());

        Map<String, String> differences = new TreeMap<>();
        int compared = 0;
        for (Map.Entry<String, String> e : offered.entrySet()) {
            if (e.getKey().startsWith("org.identitymesh.connectors:")) {
                String module = e.getKey().substring(e.getKey().indexOf(':') + 1);
                assertTrue(Files.isDirectory(root.resolve(module)), "the BOM lists a module that does not exist: "
                        + module);
                continue;
            }
            String version = built.get(e.getKey());
            if (version == null && e.getKey().startsWith("com.fasterxml.jackson.")) {
                version = properties.get("jackson.version"); // the parent imports jackson-bom
            }
            compared++;
            if (!e.getValue().equals(version)) {
                differences.put(e.getKey(), "BOM " + e.getValue() + ", build " + version);
            }
        }
        assertTrue(compared >= 15, "compared only " + compared + " versions");
        assertEquals(Map.of(), differences);
        assertFalse(bom.getDocumentElement().getElementsByTagName("parent").getLength() > 0,
                "the BOM must not inherit the parent's test libraries");
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static Map<String, String> properties(Document pom) {
        Map<String, String> properties = new LinkedHashMap<>();
        NodeList nodes = pom.getDocumentElement().getElementsByTagName("properties");
        for (int i = 0; i < nodes.getLength(); i++) {
            NodeList children = nodes.item(i).getChildNodes();
            for (int j = 0; j < children.getLength(); j++) {
                if (children.item(j).getNodeType() == Node.ELEMENT_NODE) {
                    properties.put(children.item(j).getNodeName(), children.item(j).getTextContent().strip());
                }
            }
        }
        return properties;
    }

    private static Map<String, String> managed(Document pom, Map<String, String> properties) {
        Map<String, String> versions = new LinkedHashMap<>();
        Element management = (Element) pom.getDocumentElement().getElementsByTagName("dependencyManagement").item(0);
        NodeList dependencies = management.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element d = (Element) dependencies.item(i);
            String key = text(d, "groupId") + ":" + text(d, "artifactId");
            versions.put(key, resolve(text(d, "version"), properties));
        }
        return versions;
    }

    private static String text(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && n.getNodeName().equals(tag)) {
                return n.getTextContent().strip();
            }
        }
        return null;
    }

    private static String resolve(String value, Map<String, String> properties) {
        if (value == null) {
            return null;
        }
        Matcher m = PROPERTY.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(properties.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
