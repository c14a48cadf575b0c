package org.identitymesh.connector.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain Java host whose class path carries older Jackson (2.9) and OkHttp (3.x) than the Entra connector's loads
 * EntraId from the plug-in bundle this build packaged and imports the simulated tenant. The host runs in a JVM of
 * its own with only connector-api, SLF4J and those libraries ({@code src/test/resources/isolated-host}), uses its
 * Jackson to write the records, and the connector logs through the host's SLF4J backend. What proves the
 * isolation: the same host without it would hand the connector the host's versions; with it the JVM's own
 * class-loading log shows both versions of each library loaded, the connector's from the bundle; and the import
 * reproduces the tenant.
 */
class PluginIsolationTest {

    private static final Path HOST_LIBRARIES = Path.of("target/isolated-host/lib");
    private static final Map<String, Class<?>> LIBRARIES = Map.of("jackson", ObjectMapper.class,
            "okhttp", OkHttpClient.class);

    @TempDir
    Path dir;

    private TenantFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = TenantFixture.start(TenantSpec.builder().users(60).groups(8).memberships(200).build(), s -> { });
        Files.writeString(dir.resolve("config.json"), fixture.configJson(""));
        Files.writeString(dir.resolve("auth.json"), fixture.authJson());
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    @Test
    void theBundleFolderImportsWithItsOwnJacksonAndOkHttpBesideTheHostsOlderOnes() throws Exception {
        Path bundle = PackagedBuild.entraPluginFolder();
        Map<String, String> out = importWithIsolatedHost(bundle.getParent());

        assertEquals("plugin:" + bundle.getFileName(), out.get("provider.loader"));
        for (String library : LIBRARIES.keySet()) {
            // the very jar the project builds with, from the bundle, not the host's
            assertEquals(projectJar(library), out.get("connector." + library + ".jar"));
        }
        assertClassesLoadedFrom(bundle);
    }

    @Test
    void theBundleZipDroppedIntoAPluginDirectoryWorksTheSame() throws Exception {
        Path zip = PackagedBuild.entraPluginZip();
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(zip, plugins.resolve(zip.getFileName()));
        Map<String, String> out = importWithIsolatedHost(plugins);

        assertEquals("plugin:" + zip.getFileName(), out.get("provider.loader"));
        for (String library : LIBRARIES.keySet()) {
            // copied out of the zip as NNN-name.jar
            String jar = out.get("connector." + library + ".jar");
            assertTrue(jar.matches("[0-9]{3}-" + Pattern.quote(projectJar(library))), jar);
        }
    }

    @Test
    void withoutIsolationTheSameHostHandsTheConnectorItsOwnOlderVersions() throws Exception {
        Map<String, String> out = host(List.of("shared", PackagedBuild.entraPluginFolder().toString()));

        assertEquals("shared", out.get("provider.loader"));
        for (String library : LIBRARIES.keySet()) {
            assertEquals("app", out.get("connector." + library + ".loader"), out.toString());
            assertEquals(out.get("host." + library + ".jar"), out.get("connector." + library + ".jar"));
            assertNotEquals(projectJar(library), out.get("host." + library + ".jar"), "the host's versions differ");
        }
    }

    @Test
    void theBundleHoldsTheConnectorAndItsDependenciesButNotWhatTheHostProvides() throws Exception {
        Set<String> jars;
        try (Stream<Path> files = Files.list(PackagedBuild.entraPluginFolder())) {
            jars = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertTrue(jars.contains("connector-entra-" + PackagedBuild.version() + ".jar"), jars.toString());
        for (String library : LIBRARIES.keySet()) {
            assertTrue(jars.contains(projectJar(library)), jars.toString());
        }
        assertTrue(jars.stream().noneMatch(j -> j.startsWith("connector-api-") || j.startsWith("slf4j-")),
                jars.toString());
        assertTrue(jars.stream().allMatch(j -> j.endsWith(".jar")), jars.toString());
    }

    /** Runs the isolated host over a plug-in directory and checks what it imported and where its classes came from. */
    private Map<String, String> importWithIsolatedHost(Path plugins) throws Exception {
        Path changes = dir.resolve("changes.jsonl");
        Map<String, String> out = host(List.of("isolated", plugins.toString(), dir.resolve("config.json").toString(),
                dir.resolve("auth.json").toString(), changes.toString()));

        assertEquals("[]", out.get("failures"));
        assertEquals("1", out.get("bundles"));
        assertEquals("true", out.get("provider.loader.isBundle"));
        assertEquals("true", out.get("connector.loader.isBundle"));
        assertEquals("true", out.get("spi.shared"), "host and connector share one SPI");
        for (String library : LIBRARIES.keySet()) {
            assertEquals(out.get("provider.loader"), out.get("connector." + library + ".loader"), out.toString());
            assertNotEquals(out.get("host." + library + ".jar"), out.get("connector." + library + ".jar"));
        }
        assertTrue(out.get("host.jackson").startsWith("2.9."), out.get("host.jackson"));
        assertTrue(out.get("host.okhttp").startsWith("okhttp/3."), out.get("host.okhttp"));
        // the connector logs through the host's SLF4J and its backend (slf4j-simple writes to stderr)
        String logged = out.get("(stderr)");
        assertTrue(logged.contains("INFO org.identitymesh.connector.entra.imports.ImportRun - Entra import"), logged);

        // what was imported: the whole tenant, written with the host's own Jackson
        List<ChangeRecord> records = EntraSyncTest.readChanges(changes);
        assertEquals(String.valueOf(records.size()), out.get("records"));
        HostReplica replica = new HostReplica(ConnectorProviders.discover().require("EntraId").descriptor());
        records.forEach(replica::accept);
        assertEquals(fixture.expectedSnapshot(false), replica.snapshot());
        assertEquals("true", out.get("watermark"));
        for (String type : List.of("User", "Group", "GroupMember")) {
            assertEquals("true", out.get("snapshot." + type), type + " is a complete snapshot");
        }
        return out;
    }

    /**
     * The JVM's own account: each library's client class was loaded twice, once from the host's older jar and once
     * from the bundle's jar.
     */
    private void assertClassesLoadedFrom(Path bundle) throws IOException {
        List<String> log = Files.readAllLines(dir.resolve("classes.log"));
        for (Map.Entry<String, Class<?>> library : LIBRARIES.entrySet()) {
            String marker = " " + library.getValue().getName() + " source: ";
            Set<Path> sources = log.stream().filter(l -> l.contains(marker))
                    .map(l -> Path.of(URI.create(l.substring(l.indexOf(marker) + marker.length()).strip())))
                    .collect(Collectors.toSet());
            assertEquals(Set.of(HOST_LIBRARIES.toAbsolutePath().resolve(hostJar(library.getKey())),
                    bundle.resolve(projectJar(library.getKey()))), sources, library.getKey());
        }
    }

    /**
     * Runs {@code IsolatedHost} in a JVM of its own.
     *
     * @return its {@code key=value} lines, and its standard error as {@code (stderr)}
     */
    private Map<String, String> host(List<String> arguments) throws IOException, InterruptedException {
        Path program = dir.resolve("IsolatedHost.java");
        try (InputStream in = getClass().getResourceAsStream("/isolated-host/IsolatedHost.java")) {
            Files.write(program, in.readAllBytes());
        }
        List<String> classPath = new ArrayList<>();
        classPath.add(PackagedBuild.apiJar().toString());
        try (Stream<Path> jars = Files.list(HOST_LIBRARIES)) {
            jars.sorted().forEach(j -> classPath.add(j.toAbsolutePath().toString()));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Xlog:class+load=info:file=" + dir.resolve("classes.log"),
                "-cp", String.join(File.pathSeparator, classPath), program.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("host.out").toFile())
                .redirectError(dir.resolve("host.err").toFile());
        builder.environment().put("ENTRA_SECRET", fixture.tenant().clientSecret());
        builder.environment().put("TRUST_PW", "trust-pw");
        Process process = builder.start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String stdout = Files.readString(dir.resolve("host.out"), StandardCharsets.UTF_8);
        String stderr = Files.readString(dir.resolve("host.err"), StandardCharsets.UTF_8);
        if (!finished) {
            fail("the host did not finish in 3 minutes: " + stdout + "\n" + stderr);
        }
        assertEquals(0, process.exitValue(), stdout + "\n" + stderr);
        Map<String, String> values = new LinkedHashMap<>();
        stdout.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')),
                l.substring(l.indexOf('=') + 1)));
        values.put("(stderr)", stderr);
        return values;
    }

    /** The jar of a library on this test's class path: the version the project builds and tests the connector with. */
    private static String projectJar(String library) {
        return jarOf(LIBRARIES.get(library));
    }

    private static String hostJar(String library) throws IOException {
        String prefix = library.equals("jackson") ? "jackson-databind-" : "okhttp-";
        try (Stream<Path> jars = Files.list(HOST_LIBRARIES)) {
            return jars.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).findFirst()
                    .orElseThrow();
        }
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
