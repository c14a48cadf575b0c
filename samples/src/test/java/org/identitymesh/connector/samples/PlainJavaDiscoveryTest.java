package org.identitymesh.connector.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain Java program with nothing but the API jar and a connector jar finds the connector by name: on the class
 * path, and with the API as a named module on the module path. Runs the packaged jars of this build in a fresh
 * JVM, as a host would.
 */
class PlainJavaDiscoveryTest {

    private static final String PROGRAM = """
            import org.identitymesh.connector.api.*;

            public class Discover {
                public static void main(String[] args) {
                    ConnectorProvider p = ConnectorProviders.discover().require(args[0]);
                    System.out.println(p.name() + " " + p.descriptor().displayName() + " in module "
                            + ConnectorProvider.class.getModule().getName());
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void findsTheConnectorOnTheClassPath() throws Exception {
        Path[] jars = jars();
        String out = java(List.of("-cp", jars[0] + File.pathSeparator + jars[1]));
        assertEquals("EntraId Microsoft Entra ID in module null", out.strip());
    }

    @Test
    void findsTheConnectorWithTheApiOnTheModulePath() throws Exception {
        Path[] jars = jars();
        String out = java(List.of("--module-path", jars[0].toString(), "--add-modules",
                "org.identitymesh.connector.api", "-cp", jars[1].toString()));
        assertEquals("EntraId Microsoft Entra ID in module org.identitymesh.connector.api", out.strip());
    }

    private String java(List<String> pathOptions) throws IOException, InterruptedException {
        Path source = dir.resolve("Discover.java");
        Files.writeString(source, PROGRAM, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(pathOptions);
        command.add(source.toString());
        command.add("EntraId");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the program did not finish");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    /** The API jar and the Entra connector jar that this build packaged, without their dependencies. */
    private static Path[] jars() throws IOException {
        return new Path[] {PackagedBuild.apiJar(), PackagedBuild.entraJar()};
    }
}
