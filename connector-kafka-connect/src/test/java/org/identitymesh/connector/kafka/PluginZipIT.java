package org.identitymesh.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.isolation.PluginDesc;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;

/**
 * The plug-in zip that {@code mvn package} builds, unzipped into a worker's {@code plugin.path}: the worker's own
 * plug-in discovery ({@link Plugins}, what a worker runs at start, with {@code plugin.discovery=service_load}) finds
 * the connector in its isolated class loader, with the version of this build, and the connector finds the EntraId
 * provider inside the plug-in.
 */
class PluginZipIT {

    @Test
    void aWorkerDiscoversTheConnectorInThePluginZip() throws Exception {
        Path zip = Path.of(System.getProperty("plugin.zip"));
        assertTrue(Files.isRegularFile(zip), "mvn package built " + zip);
        Path pluginPath = Files.createTempDirectory("plugin-path");
        try {
            List<String> jars = unzip(zip, pluginPath);
            assertTrue(jars.stream().anyMatch(j -> j.startsWith("connector-kafka-connect-")), jars.toString());
            assertTrue(jars.stream().anyMatch(j -> j.startsWith("connector-api-")), jars.toString());
            assertTrue(jars.stream().anyMatch(j -> j.startsWith("connector-entra-")), jars.toString());
            assertFalse(jars.stream().anyMatch(j -> j.startsWith("connect-api-") || j.startsWith("kafka-clients-")
                    || j.startsWith("slf4j-api-")), "the worker's own classes stay out: " + jars);

            Plugins plugins = new Plugins(Map.of("plugin.path", pluginPath.toString(),
                    "plugin.discovery", "service_load"));
            PluginDesc<SourceConnector> found = plugins.sourceConnectors().stream()
                    .filter(d -> d.className().equals(IdentitySourceConnector.class.getName()))
                    .filter(d -> d.location().contains(pluginPath.toString()))
                    .findFirst().orElseThrow(() -> new AssertionError("not discovered in " + pluginPath + ": "
                            + plugins.sourceConnectors()));
            assertEquals(System.getProperty("plugin.version"), found.version());

            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(found.loader());
            try {
                Connector connector = (Connector) found.loader().loadClass(found.className())
                        .getDeclaredConstructor().newInstance();
                assertTrue(connector.getClass().getClassLoader() == found.loader(), "loaded in isolation");
                Config config = connector.validate(Map.of("name", "probe", IdentitySourceConfig.PROVIDER, "EntraId",
                        IdentitySourceConfig.TOPIC_PREFIX, "probe"));
                assertEquals(List.of(), config.configValues().stream()
                        .filter(v -> v.name().equals(IdentitySourceConfig.PROVIDER)).findFirst().orElseThrow()
                        .errorMessages(), "EntraId was found inside the plug-in");
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        } finally {
            try (Stream<Path> files = Files.walk(pluginPath)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<String> unzip(Path zip, Path target) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        try (Stream<Path> files = Files.list(target.resolve("identitymesh-kafka-connect/lib"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
