package org.identitymesh.connector.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.entra.Deletion;
import org.identitymesh.connector.testkit.entra.Fault;
import org.identitymesh.connector.testkit.entra.MemberType;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntraSyncTest {

    @TempDir
    Path dir;

    private TenantFixture fixture;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        fixture = TenantFixture.start(TenantSpec.builder().users(120).groups(12).memberships(500).build(),
                s -> s.memberSliceSize(25));
        Files.writeString(dir.resolve("config.json"), fixture.configJson("\"PageSize\":40,\"MaxRetries\":1"));
        Files.writeString(dir.resolve("auth.json"), fixture.authJson().replace("env:ENTRA_SECRET",
                "secret://test/entra"));
        Files.writeString(dir.resolve("secrets.json"), "{\"test/entra\":\"" + fixture.tenant().clientSecret() + "\"}");
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json"))
                .replace("env:TRUST_PW", "secret://test/trust"));
        Files.writeString(dir.resolve("secrets.json"), "{\"test/entra\":\"" + fixture.tenant().clientSecret()
                + "\",\"test/trust\":\"trust-pw\"}");
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    private int entraSync(String... args) {
        out.reset();
        err.reset();
        return new EntraSync(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Cancellation.create()).execute(args);
    }

    private String[] run(String mode, String changes) {
        return new String[] {"run", "--config", dir.resolve("config.json").toString(), "--auth",
            dir.resolve("auth.json").toString(), "--secrets", dir.resolve("secrets.json").toString(), "--state",
            dir.resolve("watermark").toString(), "--mode", mode, "--changes", dir.resolve(changes).toString()};
    }

    @Test
    void changesFilesOfAFullAndADeltaRunReproduceTheTenant() throws IOException {
        assertEquals(0, entraSync(run("delta", "full.jsonl")), err.toString());
        String firstWatermark = Files.readString(dir.resolve("watermark"));
        assertTrue(out.toString().contains("full (first_run)"), out.toString());

        var directory = fixture.tenant().directory();
        String user = directory.users().findFirst().orElseThrow().id();
        String group = directory.groups().findFirst().orElseThrow().id();
        directory.updateUser(user, Map.of("displayName", "Renamed Person"));
        directory.clearUserProperty(directory.users().skip(3).findFirst().orElseThrow().id(), "jobTitle");
        directory.deleteUser(directory.users().skip(5).findFirst().orElseThrow().id(), Deletion.HARD);
        directory.removeMember(group, directory.members(group).get(0));
        directory.addMember(group, directory.addUser(Map.of("displayName", "Newcomer")), MemberType.USER);

        assertEquals(0, entraSync(run("delta", "delta.jsonl")), err.toString());
        assertFalse(firstWatermark.equals(Files.readString(dir.resolve("watermark"))));

        HostReplica host = new HostReplica(ConnectorProviders.discover().require("EntraId").descriptor());
        for (String file : List.of("full.jsonl", "delta.jsonl")) {
            for (ChangeRecord record : readChanges(dir.resolve(file))) {
                host.accept(record);
            }
        }
        assertEquals(fixture.expectedSnapshot(false), host.snapshot());
    }

    @Test
    void aFailedRunKeepsTheWatermarkAndSaysWhatToDo() throws IOException {
        assertEquals(0, entraSync(run("full", "full.jsonl")));
        String watermark = Files.readString(dir.resolve("watermark"));
        fixture.tenant().faults().inject(RequestKind.USERS_DELTA, Fault.throttled(503, "0"), 2);

        assertEquals(EntraSync.UNAVAILABLE, entraSync(run("delta", "delta.jsonl")), out + "\n" + err);
        assertEquals(watermark, Files.readString(dir.resolve("watermark")));
        String[] lines = err.toString().strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("entra-sync: Graph or the network kept failing after 2 attempts"), last);
        assertTrue(last.endsWith("the watermark was kept; run again later."), last);
    }

    @Test
    void badInputGetsOneClearLineAndItsOwnExitCode() throws IOException {
        assertEquals(EntraSync.USAGE, entraSync("run", "--config", "x.json"));
        assertTrue(err.toString().startsWith("entra-sync: Missing required options: '--auth=FILE'"), err.toString());
        assertTrue(err.toString().contains("See 'entra-sync run --help'."), err.toString());
        assertEquals(EntraSync.USAGE, entraSync("frobnicate"));

        Files.writeString(dir.resolve("config.json"), "{\"TenantId\":\"contoso.com\",\"PageSize\":\"abc\"}");
        assertEquals(EntraSync.CONFIGURATION, entraSync(run("delta", "c.jsonl")));
        assertTrue(err.toString().contains("ConfigJson.PageSize: an integer from 1 to 999"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());

        Files.writeString(dir.resolve("watermark"), "{\"not\":\"mine\"}");
        Files.writeString(dir.resolve("config.json"), fixture.configJson("").replace("env:TRUST_PW", "secret://test/trust"));
        assertEquals(EntraSync.WATERMARK, entraSync(run("delta", "c.jsonl")));
        assertTrue(err.toString().contains("run again with --mode full"), err.toString());
    }

    @Test
    void testConnectionNamesTheFailingStep() throws IOException {
        String[] args = {"test-connection", "--config", dir.resolve("config.json").toString(), "--auth",
            dir.resolve("auth.json").toString(), "--secrets", dir.resolve("secrets.json").toString()};
        assertEquals(0, entraSync(args), err.toString());
        assertTrue(out.toString().contains("PASSED  read groups and members"), out.toString());

        Files.writeString(dir.resolve("secrets.json"), "{\"test/entra\":\"wrong\",\"test/trust\":\"trust-pw\"}");
        assertEquals(EntraSync.TEST_FAILED, entraSync(args));
        assertTrue(out.toString().contains("FAILED  sign in: Signing in to Entra failed with AADSTS7000215"),
                out.toString());
        assertTrue(out.toString().contains("SKIPPED read users"), out.toString());
        assertFalse(out.toString().contains("wrong") && out.toString().contains("\"wrong\""), out.toString());
    }

    @Test
    void aBrokenJarInTheConnectorsFolderDoesNotStopTheImport() throws IOException {
        Path connectors = Files.createDirectories(dir.resolve("connectors"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(connectors.resolve("broken.jar")))) {
            jar.putNextEntry(new ZipEntry("META-INF/services/org.identitymesh.connector.api.ConnectorProvider"));
            jar.write("com.example.MissingProvider\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        List<String> args = new ArrayList<>(List.of(run("full", "full.jsonl")));
        args.addAll(List.of("--connectors", connectors.toString()));
        assertEquals(0, entraSync(args.toArray(String[]::new)), err.toString());
        assertTrue(err.toString().contains("ignored a broken connector"), err.toString());
        assertTrue(err.toString().contains("com.example.MissingProvider"), err.toString());
    }

    @Test
    void runsTheConnectorOfAPluginDirectoryInItsOwnClassLoader() throws Exception {
        // connector-entra/target/plugins: the plug-in directory that mvn package builds
        Path plugins = PackagedBuild.entraPluginFolder().getParent();
        ConnectorProviders.Discovery discovery = ConnectorLoader.discover(plugins);
        ConnectorProvider entra = discovery.require("EntraId");
        assertNotSame(ConnectorLoader.class.getClassLoader(), entra.getClass().getClassLoader(),
                "the plug-in replaces the connector on the class path");
        assertEquals(1, discovery.providers().stream().filter(p -> p.name().equals("EntraId")).count());

        List<String> args = new ArrayList<>(List.of(run("full", "plugin.jsonl")));
        args.addAll(List.of("--connectors", plugins.toString()));
        assertEquals(0, entraSync(args.toArray(String[]::new)), err.toString());
        assertEquals(fixture.tenant().directory().userCount(), readChanges(dir.resolve("plugin.jsonl")).stream()
                .filter(r -> r.objectType().equals("User")).count());
    }

    @Test
    void theDemoPrintsBothSummaries() {
        assertEquals(0, entraSync("demo", "--users", "60", "--groups", "6"), err.toString());
        String text = out.toString();
        assertTrue(text.contains("Full import (first run, no watermark yet)"), text);
        assertTrue(text.contains("Delta import (from the stored watermark)"), text);
        assertTrue(text.contains("GroupMember"), text);
    }

    @Test
    void theDemosDeltaHoldsEveryChangeItDescribes() throws IOException {
        assertEquals(0, entraSync("demo", "--users", "60", "--groups", "6"), err.toString());
        String text = out.toString();
        java.util.regex.Matcher described = java.util.regex.Pattern.compile("the manager of the (\\d+) users who "
                + "reported to it").matcher(text);
        assertTrue(described.find(), text);
        java.util.regex.Matcher files = java.util.regex.Pattern.compile("Changes: (\\S+), (\\S+)").matcher(text);
        assertTrue(files.find(), text);
        List<ChangeRecord> users = readChanges(Path.of(files.group(2))).stream()
                .filter(r -> r.objectType().equals("User")).toList();
        assertTrue(users.stream().anyMatch(r -> r.operation() == ChangeRecord.Operation.UPSERT
                && "Zoë Ångström".equals(r.attributes().get("displayName"))), "the added user: " + users);
        assertTrue(users.stream().anyMatch(r -> "Head of Cartography".equals(r.attributes().get("jobTitle"))),
                "the new job title: " + users);
        assertTrue(users.stream().anyMatch(r -> r.attributes().containsKey("mobilePhone")
                && r.attributes().get("mobilePhone") == null), "the cleared phone, as a null: " + users);
        assertEquals(1, users.stream().filter(r -> r.operation() == ChangeRecord.Operation.DELETE).count(), "" + users);
        assertEquals(Long.parseLong(described.group(1)), users.stream().filter(r -> r.attributes().containsKey("managerId")
                && r.attributes().get("managerId") == null).count(), "the deleted user's reports: " + users);
    }

    @Test
    void theDemoShowsDevicesAndOwnersWhenAsked() {
        assertEquals(0, entraSync("demo", "--users", "60", "--groups", "6", "--devices-and-owners"), err.toString());
        String text = out.toString();
        assertTrue(text.contains("(and 5 devices)"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("  Device ") && l.contains("full (first_run)")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("  GroupOwner ") && l.contains("full (first_run)")), text);
        assertTrue(text.contains("Device and owner rows of the delta import"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("  UPSERT Device ") && l.contains("KIOSK-LOBBY-01")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("  DELETE Device ")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("  UPSERT GroupOwner ") && l.contains("(User)")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("  DELETE GroupOwner ")), text);

        assertEquals(0, entraSync("demo", "--users", "60", "--groups", "6"), err.toString());
        assertFalse(out.toString().contains("GroupOwner"), "devices and owners only when asked: " + out);
    }

    /** Reads a changes file of entra-sync (or of a host that writes the same lines). */
    static List<ChangeRecord> readChanges(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<ChangeRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            Map<String, Object> attributes = new LinkedHashMap<>();
            node.get("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(),
                    e.getValue().isNull() ? null : e.getValue().isBoolean() ? (Object) e.getValue().booleanValue()
                            : e.getValue().asText()));
            records.add(new ChangeRecord(node.get("type").asText(), node.get("id").asText(),
                    ChangeRecord.Operation.valueOf(node.get("op").asText()), attributes));
        }
        return records;
    }
}
