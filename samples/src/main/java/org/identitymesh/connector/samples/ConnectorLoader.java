package org.identitymesh.connector.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.identitymesh.connector.api.ConnectorProviders;

/**
 * Finds connectors the way a host engine does: only through {@link java.util.ServiceLoader}, on the host's class
 * path and in an optional folder of connector jars (the runbook's {@code Connectors/} folder).
 */
final class ConnectorLoader {

    private ConnectorLoader() {
    }

    static ConnectorProviders.Discovery discover(Path connectorsDir) throws FileProblem {
        ClassLoader parent = ConnectorLoader.class.getClassLoader();
        if (connectorsDir == null) {
            return ConnectorProviders.discover(parent);
        }
        if (!Files.isDirectory(connectorsDir)) {
            throw FileProblem.input("the connectors folder", connectorsDir, Files.exists(connectorsDir)
                    ? "is not a folder" : "does not exist", "give --connectors the folder that holds connector jars");
        }
        List<URL> jars;
        try (Stream<Path> files = Files.list(connectorsDir)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().map(p -> {
                try {
                    return p.toUri().toURL();
                } catch (MalformedURLException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException | UncheckedIOException e) {
            throw FileProblem.cannotRead("the connectors folder", connectorsDir, "--connectors",
                    e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
        // the loader lives as long as the process: connectors' classes stay loaded while they are used
        URLClassLoader loader = new URLClassLoader("connectors", jars.toArray(URL[]::new), parent);
        return ConnectorProviders.discover(loader);
    }
}
