package org.identitymesh.connector.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What this build packaged in the other modules' {@code target} folders, for the tests that run it as a host
 * would. Present after {@code mvn package} (or {@code verify}) from the root; tests that need it are skipped
 * otherwise, for example when run alone from an IDE.
 */
final class PackagedBuild {

    private PackagedBuild() {
    }

    /** The API jar, without dependencies. */
    static Path apiJar() throws IOException {
        return packaged("connector-api/target/connector-api-" + version() + ".jar");
    }

    /** The Entra connector jar, without dependencies. */
    static Path entraJar() throws IOException {
        return packaged("connector-entra/target/connector-entra-" + version() + ".jar");
    }

    /** The unpacked Entra plug-in bundle: a folder of jars in the plug-in directory {@code target/plugins}. */
    static Path entraPluginFolder() throws IOException {
        return packaged("connector-entra/target/plugins/connector-entra-" + version());
    }

    /** The Entra plug-in bundle as a zip. */
    static Path entraPluginZip() throws IOException {
        return packaged("connector-entra/target/connector-entra-" + version() + "-plugin.zip");
    }

    private static Path packaged(String relative) throws IOException {
        Path path = Path.of("").toAbsolutePath().getParent().resolve(relative);
        Assumptions.assumeTrue(Files.exists(path), "needs " + relative + ": run mvn verify (or package) from the root");
        return path;
    }

    /** This build's version, from this module's POM. */
    static String version() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        int parent = pom.indexOf("<parent>");
        int start = pom.indexOf("<version>", parent) + "<version>".length();
        return pom.substring(start, pom.indexOf("</version>", start));
    }
}
