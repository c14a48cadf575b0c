package org.identitymesh.connector.plugintest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.identitymesh.connector.api.Capability;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorApi;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.api.UnsupportedCapabilityException;

/**
 * A provider that plug-in tests pack into bundles: its name is the text of the resource {@code /plugintest-name}
 * in its own bundle, and it remembers the thread's context class loader at its creation.
 */
public class BundledProvider implements ConnectorProvider {

    private final String name;
    private final ClassLoader contextLoaderAtCreation = Thread.currentThread().getContextClassLoader();

    /** Reads the name from the bundle. */
    public BundledProvider() {
        try (InputStream in = getClass().getResourceAsStream("/plugintest-name")) {
            name = in == null ? "Unnamed" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The thread's context class loader when discovery created this provider.
     *
     * @return the loader
     */
    public ClassLoader contextLoaderAtCreation() {
        return contextLoaderAtCreation;
    }

    /**
     * The class loader of the library class this provider links against.
     *
     * @return its loader
     */
    public ClassLoader libraryLoader() {
        return Library.class.getClassLoader();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String apiVersion() {
        return ConnectorApi.VERSION;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return new ConnectorDescriptor(name, "", List.of(), Set.of(Capability.IMPORT_FULL), List.of());
    }

    @Override
    public void validate(ConnectorConfiguration configuration) {
    }

    @Override
    public Connector create(ConnectorConfiguration configuration) {
        throw new UnsupportedCapabilityException(Capability.IMPORT_FULL, "test provider");
    }
}
