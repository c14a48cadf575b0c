package org.identitymesh.connector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.identitymesh.connector.api.ConnectorProviders.Bundle;
import org.identitymesh.connector.api.ConnectorProviders.Failure;
import org.identitymesh.connector.api.ConnectorProviders.Plugins;
import org.identitymesh.connector.api.PluginException.Problem;
import org.identitymesh.connector.api.secret.Secret;
import org.identitymesh.connector.plugintest.BundledProvider;
import org.identitymesh.connector.plugintest.HostOnly;
import org.identitymesh.connector.plugintest.Library;
import org.identitymesh.connector.plugintest.ThrowingBundledProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConnectorProviders#loadPlugins(Path)} over bundles built here from this module's test classes: the host (this
 * test) has the same classes on its class path, so a bundle that got any of them from the host would show it.
 */
class ConnectorPluginsTest {

    private static final String SERVICES = "META-INF/services/" + ConnectorProvider.class.getName();

    @TempDir
    Path plugins;

    @Test
    void eachBundleHasItsOwnClassLoaderThatSharesOnlyTheApiWithTheHost() throws Exception {
        Path folder = Files.createDirectories(plugins.resolve("a-folder/lib"));
        Files.write(folder.resolve("a.jar"), providerJar("Alpha"));
        zip(plugins.resolve("b.zip"), Map.of("b-1.0/b.jar", providerJar("Beta"), "b-1.0/README.txt",
                "not a jar".getBytes(StandardCharsets.UTF_8)));
        Files.write(plugins.resolve("c.jar"), providerJar("Gamma"));
        Files.writeString(plugins.resolve("README.txt"), "not a bundle");
        Files.write(Files.createDirectories(plugins.resolve(".hidden")).resolve("x.jar"), providerJar("Hidden"));

        try (Plugins loaded = ConnectorProviders.loadPlugins(plugins)) {
            ConnectorProviders.Discovery discovery = loaded.discovery();
            assertEquals(List.of(), discovery.failures());
            assertEquals(List.of("Alpha", "Beta", "Gamma"), names(discovery.providers()));
            assertEquals(List.of(plugins.resolve("a-folder"), plugins.resolve("b.zip"), plugins.resolve("c.jar")),
                    loaded.bundles().stream().map(Bundle::path).toList());
            assertEquals(3, loaded.bundles().stream().map(Bundle::classLoader).distinct().count());

            for (Bundle bundle : loaded.bundles()) {
                ClassLoader loader = bundle.classLoader();
                ConnectorProvider provider = bundle.providers().get(0);
                assertSame(loader, provider.getClass().getClassLoader());
                assertNotSame(BundledProvider.class, provider.getClass());
                // its own copy of a library the host has too, the host's SPI, the JDK, and nothing else of the host
                Class<?> library = loader.loadClass(Library.class.getName());
                assertNotSame(Library.class, library);
                assertSame(loader, library.getClassLoader());
                assertSame(library.getClassLoader(), invoke(provider, "libraryLoader"));
                assertSame(ConnectorProvider.class, loader.loadClass(ConnectorProvider.class.getName()));
                assertSame(Secret.class, loader.loadClass(Secret.class.getName()));
                assertSame(String.class, loader.loadClass("java.lang.String"));
                assertSame(ClassLoader.getPlatformClassLoader(), loader.loadClass("java.sql.Date").getClassLoader());
                assertThrows(ClassNotFoundException.class, () -> loader.loadClass(HostOnly.class.getName()));
                assertThrows(ClassNotFoundException.class, () -> loader.loadClass(Test.class.getName()));
                // discovery ran with the bundle's loader as the context class loader
                assertSame(loader, invoke(provider, "contextLoaderAtCreation"));
            }
            assertSame(getClass().getClassLoader(), Thread.currentThread().getContextClassLoader());
            assertEquals("Beta", discovery.require("Beta").descriptor().displayName());
            assertEquals("Plugins[" + plugins + ", bundles [a-folder, b.zip, c.jar]]", loaded.toString());
        }
    }

    @Test
    void eachBrokenBundleIsReportedWithItsProblemAndPathWhileTheOthersStayUsable() throws Exception {
        Files.createDirectories(plugins.resolve("empty-folder"));
        Files.write(plugins.resolve("no-provider.jar"), jar(Map.of(), Library.class));
        Files.writeString(plugins.resolve("broken.zip"), "PK this is not a zip");
        Files.write(plugins.resolve("twin-1.jar"), providerJar("Twin"));
        zip(plugins.resolve("twin-2.zip"), Map.of("twin.jar", providerJar("Twin")));
        Files.write(plugins.resolve("half-broken.jar"), jar(Map.of(SERVICES, services(ThrowingBundledProvider.class,
                BundledProvider.class), "plugintest-name", text("Survivor")), BundledProvider.class,
                ThrowingBundledProvider.class, Library.class));
        Files.write(plugins.resolve("zip-of-nothing.zip"), zipBytes(Map.of("README.txt", text("no jar here"))));
        Files.write(plugins.resolve("good.jar"), providerJar("Good"));

        try (Plugins loaded = ConnectorProviders.loadPlugins(plugins)) {
            ConnectorProviders.Discovery discovery = loaded.discovery();
            assertEquals(List.of("Good", "Survivor"), names(discovery.providers()));
            assertEquals(List.of("good.jar", "half-broken.jar"), loaded.bundles().stream()
                    .map(b -> b.path().getFileName().toString()).toList());

            Map<String, Problem> problems = new TreeMap<>();
            for (Failure failure : discovery.failures()) {
                PluginException cause = assertInstanceOf(PluginException.class, failure.cause(), failure.toString());
                assertTrue(failure.reason().contains(cause.path().toString()), failure.toString());
                assertTrue(cause.getMessage().contains(cause.path().toString()), cause.getMessage());
                assertEquals(plugins, cause.path().getParent());
                assertFalse(problems.containsKey(cause.path().getFileName() + ""), failure.toString());
                problems.put(cause.path().getFileName().toString(), cause.problem());
            }
            Map<String, Problem> expected = new TreeMap<>(Map.of("empty-folder", Problem.NO_JAR,
                    "zip-of-nothing.zip", Problem.NO_JAR, "no-provider.jar", Problem.NO_PROVIDER,
                    "broken.zip", Problem.UNREADABLE, "twin-1.jar", Problem.DUPLICATE_NAME,
                    "twin-2.zip", Problem.DUPLICATE_NAME, "half-broken.jar", Problem.PROVIDER_FAILED));
            assertEquals(expected, problems);

            Failure thrown = failureOf(discovery, "half-broken.jar");
            assertEquals("(unknown)", thrown.provider());
            assertTrue(thrown.reason().startsWith("could not be loaded: "), thrown.reason());
            assertInstanceOf(IllegalStateException.class, rootCause(thrown.cause()));

            Failure twin = failureOf(discovery, "twin-1.jar");
            assertTrue(twin.reason().contains("so does plug-in bundle " + plugins.resolve("twin-2.zip")),
                    twin.reason());
            ConfigurationException missing = assertThrows(ConfigurationException.class,
                    () -> discovery.require("Twin"));
            assertTrue(missing.getMessage().contains(plugins.resolve("twin-1.jar").toString()), missing.getMessage());
            assertTrue(missing.getMessage().contains(plugins.resolve("twin-2.zip").toString()), missing.getMessage());
        }
    }

    @Test
    void aDirectoryThatIsMissingOrAFileIsATypedErrorNamingIt() throws IOException {
        Path missing = plugins.resolve("nowhere");
        PluginException e = assertThrows(PluginException.class, () -> ConnectorProviders.loadPlugins(missing));
        assertEquals(Problem.NOT_A_DIRECTORY, e.problem());
        assertEquals(missing, e.path());
        assertEquals("the plug-in directory " + missing + " does not exist: give the directory that holds the "
                + "connector bundles", e.getMessage());

        Path file = Files.writeString(plugins.resolve("file"), "x");
        e = assertThrows(PluginException.class, () -> ConnectorProviders.loadPlugins(file));
        assertEquals(Problem.NOT_A_DIRECTORY, e.problem());
        assertTrue(e.getMessage().contains(file + " is not a directory"), e.getMessage());
    }

    @Test
    void anEmptyDirectoryLoadsNothing() {
        try (Plugins loaded = ConnectorProviders.loadPlugins(plugins)) {
            assertEquals(List.of(), loaded.bundles());
            assertEquals(List.of(), loaded.discovery().providers());
            assertEquals(List.of(), loaded.discovery().failures());
        }
    }

    @Test
    void closeClosesTheLoadersAndDeletesTheJarsCopiedOutOfZips() throws Exception {
        zip(plugins.resolve("zipped.zip"), Map.of("lib/one.jar", providerJar("Zipped"), "lib/two.jar",
                jar(Map.of(), HostOnly.class)));
        Plugins loaded = ConnectorProviders.loadPlugins(plugins);
        URLClassLoader loader = (URLClassLoader) loaded.bundles().get(0).classLoader();
        List<Path> copies = Arrays.stream(loader.getURLs()).map(ConnectorPluginsTest::path).toList();
        assertEquals(List.of("001-one.jar", "002-two.jar"), copies.stream().map(p -> p.getFileName().toString())
                .toList());
        assertTrue(copies.stream().allMatch(Files::isRegularFile));
        assertFalse(copies.get(0).startsWith(plugins), "copied out of the plug-in directory");

        loaded.close();
        assertTrue(copies.stream().noneMatch(Files::exists), copies.toString());
        assertFalse(Files.exists(copies.get(0).getParent().getParent()), "the folder of the copies is deleted");
        // a class the bundle had not loaded yet cannot be loaded any more
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass(HostOnly.class.getName()));
        loaded.close();
        assertTrue(Files.exists(plugins.resolve("zipped.zip")), "the bundle itself stays");
    }

    @Test
    void onlyTheSpiPackagesAndSlf4jComeFromTheHost() {
        assertTrue(PluginClassLoader.fromHost("org.identitymesh.connector.api.ConnectorProvider"));
        assertTrue(PluginClassLoader.fromHost("org.identitymesh.connector.api.ConnectorProviders$Discovery"));
        assertTrue(PluginClassLoader.fromHost("org.identitymesh.connector.api.secret.SecretResolver"));
        assertTrue(PluginClassLoader.fromHost("org.slf4j.LoggerFactory"));
        assertTrue(PluginClassLoader.fromHost("org.slf4j.spi.MDCAdapter"));
        assertFalse(PluginClassLoader.fromHost("org.identitymesh.connector.api.internal.Helper"));
        assertFalse(PluginClassLoader.fromHost("org.identitymesh.connector.entra.EntraIdProvider"));
        assertFalse(PluginClassLoader.fromHost("org.identitymesh.connector.apix.Thing"));
        assertFalse(PluginClassLoader.fromHost("org.slf4jx.Thing"));
        assertFalse(PluginClassLoader.fromHost("com.fasterxml.jackson.databind.ObjectMapper"));
        assertFalse(PluginClassLoader.fromHost("okhttp3.OkHttpClient"));
    }

    // ---- building bundles from this module's test classes ----

    private static byte[] providerJar(String name) throws IOException {
        return jar(Map.of(SERVICES, services(BundledProvider.class), "plugintest-name", text(name)),
                BundledProvider.class, Library.class);
    }

    private static byte[] services(Class<?>... providers) {
        return text(String.join("\n", Arrays.stream(providers).map(Class::getName).toList()) + "\n");
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A jar with resources and the class files of classes. */
    private static byte[] jar(Map<String, byte[]> resources, Class<?>... classes) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(resources);
        for (Class<?> c : classes) {
            String file = c.getName().replace('.', '/') + ".class";
            try (InputStream in = c.getClassLoader().getResourceAsStream(file)) {
                entries.put(file, in.readAllBytes());
            }
        }
        return zipBytes(entries);
    }

    private static void zip(Path file, Map<String, byte[]> entries) throws IOException {
        Files.write(file, zipBytes(entries));
    }

    private static byte[] zipBytes(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static List<String> names(List<ConnectorProvider> providers) {
        return providers.stream().map(ConnectorProvider::name).toList();
    }

    private static Object invoke(ConnectorProvider provider, String method) throws Exception {
        return provider.getClass().getMethod(method).invoke(provider);
    }

    private static Failure failureOf(ConnectorProviders.Discovery discovery, String bundle) {
        List<Failure> found = new ArrayList<>();
        for (Failure f : discovery.failures()) {
            if (((PluginException) f.cause()).path().getFileName().toString().equals(bundle)) {
                found.add(f);
            }
        }
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Path path(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
