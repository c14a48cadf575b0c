package org.identitymesh.connector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorProvidersTest {

    @TempDir
    Path dir;

    @Test
    void findsGoodProvidersAndReportsEachBrokenOneWithoutFailing() throws IOException {
        ConnectorProviders.Discovery discovery = discover(
                "org.identitymesh.connector.api.DoesNotExist",
                ThrowingProvider.class.getName(),
                GoodProvider.class.getName(),
                FutureApiProvider.class.getName(),
                DuplicateNameProvider.class.getName(),
                BadNameProvider.class.getName(),
                OtherGoodProvider.class.getName());

        assertEquals(List.of("Good", "OtherGood"), discovery.providers().stream().map(ConnectorProvider::name).toList());
        assertEquals(5, discovery.failures().size(), discovery.failures().toString());
        String failures = discovery.failures().toString();
        assertTrue(failures.contains("DoesNotExist"), failures);
        assertTrue(failures.contains("could not be loaded"), failures);
        assertTrue(failures.contains("built for connector API 2.0"), failures);
        assertTrue(failures.contains("already taken by " + GoodProvider.class.getName()), failures);
        assertTrue(failures.contains("\"bad name\""), failures);
    }

    @Test
    void requireNamesWhatWasFoundWhenAProviderIsMissing() throws IOException {
        ConnectorProviders.Discovery discovery = discover(GoodProvider.class.getName());

        assertEquals("Good", discovery.require("Good").name());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> discovery.require("EntraId"));
        assertEquals("connector", e.problems().get(0).field());
        assertTrue(e.getMessage().contains("[Good]"), e.getMessage());
    }

    @Test
    void discoveryWithNoProvidersIsEmpty() throws IOException {
        ConnectorProviders.Discovery discovery = discover();
        assertTrue(discovery.providers().isEmpty());
        assertTrue(discovery.failures().isEmpty());
        assertFalse(discovery.find("Good").isPresent());
    }

    private ConnectorProviders.Discovery discover(String... providerClasses) throws IOException {
        Path services = dir.resolve("META-INF/services/" + ConnectorProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.write(services, List.of(providerClasses));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            return ConnectorProviders.discover(loader);
        }
    }

    /** A provider that works. */
    public static class GoodProvider implements ConnectorProvider {
        @Override
        public String name() {
            return "Good";
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
            return new ConnectorDescriptor(name(), "", List.of(), Set.of(Capability.IMPORT_FULL), List.of());
        }

        @Override
        public void validate(ConnectorConfiguration configuration) {
        }

        @Override
        public Connector create(ConnectorConfiguration configuration) {
            throw new UnsupportedCapabilityException(Capability.IMPORT_FULL, "test provider");
        }
    }

    /** Another provider that works. */
    public static class OtherGoodProvider extends GoodProvider {
        @Override
        public String name() {
            return "OtherGood";
        }
    }

    /** Same name as {@link GoodProvider}. */
    public static class DuplicateNameProvider extends GoodProvider {
    }

    /** A name discovery refuses. */
    public static class BadNameProvider extends GoodProvider {
        @Override
        public String name() {
            return "bad name";
        }
    }

    /** Built against a future major version. */
    public static class FutureApiProvider extends GoodProvider {
        @Override
        public String name() {
            return "Future";
        }

        @Override
        public String apiVersion() {
            return "2.0";
        }
    }

    /** Fails in its constructor. */
    public static class ThrowingProvider extends GoodProvider {
        public ThrowingProvider() {
            throw new IllegalStateException("broken on purpose");
        }
    }
}
