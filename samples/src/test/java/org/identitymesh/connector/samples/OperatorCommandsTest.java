package org.identitymesh.connector.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands an operator uses before importing: help, version, validate, describe. */
class OperatorCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TenantFixture fixture;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        fixture = TenantFixture.start(TenantSpec.builder().users(30).groups(4).memberships(60).build(), s -> { });
        Files.writeString(dir.resolve("config.json"), fixture.configJson("\"PageSize\":40")
                .replace("env:TRUST_PW", "secret://test/trust"));
        Files.writeString(dir.resolve("auth.json"), fixture.authJson().replace("env:ENTRA_SECRET",
                "secret://test/entra"));
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

    private String[] files(String command, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(command, "--config", dir.resolve("config.json")
                .toString(), "--auth", dir.resolve("auth.json").toString(), "--secrets",
                dir.resolve("secrets.json").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void everyCommandHasHelpAndNoArgumentsIsHelp() {
        assertEquals(0, entraSync());
        String help = out.toString();
        for (String command : List.of("run", "watch", "validate", "test-connection", "describe", "history", "demo",
                "bench", "bench-tenants")) {
            assertTrue(help.contains("\n  " + command + " "), command + " missing from:\n" + help);
            assertEquals(0, entraSync(command, "--help"), command);
            assertTrue(out.toString().startsWith("Usage: entra-sync " + command), out.toString());
        }
        assertEquals(0, entraSync("--help"));
        assertTrue(out.toString().contains(" 10   the delete guard stopped the run"), out.toString());
        // the same order every time
        entraSync("run", "--help");
        String first = out.toString();
        entraSync("run", "--help");
        assertEquals(first, out.toString());
        assertTrue(first.indexOf("--accept-deletes") < first.indexOf("--state"), first);
    }

    @Test
    void benchTenantsRunsManyConnectorsThroughOneProviderAndReportsWhatTheyCost() throws Exception {
        // 6 connectors over 3 tenants of one simulated server, 2 imports at a time, in JVMs of their own
        assertEquals(0, entraSync("bench-tenants", "--tenants", "6", "--concurrency", "2", "--simulated-tenants", "3",
                "--users", "5", "--groups", "2", "--memberships", "6", "--idle-seconds", "0", "--warmups", "2",
                "--heap", "256m"),
                err.toString());
        String[] lines = out.toString().strip().split("\n");
        JsonNode result = JSON.readTree(lines[lines.length - 1]);
        assertEquals(6, result.path("tenants").asInt());
        assertEquals(2, result.path("concurrency").asInt());
        assertEquals(3, result.path("simulatedTenants").asInt());
        // one sign-in per connector, each at its own tenant
        assertEquals(6, result.path("tokenRequests").asLong(), result.toString());
        // imports share the provider's pool, warm-ups included: two at a time, two chains each, plus token requests
        long connections = result.path("connectionsOpened").asLong() + result.path("connectionsOpenedInWarmups")
                .asLong();
        assertTrue(connections >= 1 && connections <= 6, result.toString());
        // a quiet delta reads one page per resource and delivers nothing
        assertEquals(12, result.path("quietRequests").asLong(), result.toString());
        assertEquals(0, result.path("quietRecords").asLong(), result.toString());
        assertTrue(result.path("fullRecords").asLong() >= 6 * (5 + 2 + 6), result.toString());
        for (String field : List.of("threadsIdle", "threadsPeak", "fullImportsPerSecond", "quietDeltasPerSecond")) {
            assertTrue(result.path(field).asDouble() > 0, field + " in " + result);
        }
        // six connectors are too few to weigh one against the collector's noise: only its presence is checked
        assertTrue(result.path("heapPerConnectorKiB").isNumber(), result.toString());
    }

    @Test
    void versionNamesTheHostAndTheConnectorsItFinds() {
        assertEquals(0, entraSync("--version"));
        String version = out.toString();
        assertTrue(version.startsWith("entra-sync "), version);
        assertTrue(version.contains("connector SPI "), version);
        assertTrue(version.contains("connector EntraId "), version);
    }

    @Test
    void typosGetASuggestionAndTheUsageExitCode() {
        assertEquals(EntraSync.USAGE, entraSync("hist"));
        assertTrue(err.toString().contains("Did you mean: entra-sync history"), err.toString());
        assertEquals(EntraSync.USAGE, entraSync(files("validate", "--onlin")));
        assertTrue(err.toString().contains("--online"), err.toString());
        assertTrue(err.toString().contains("See 'entra-sync validate --help'."), err.toString());
    }

    @Test
    void validateNamesEveryProblemWithItsField() throws IOException {
        assertEquals(0, entraSync(files("validate")), err.toString());
        assertTrue(out.toString().startsWith("The configuration is valid (EntraId "), out.toString());

        Files.writeString(dir.resolve("config.json"), fixture.configJson("\"PageSize\":\"abc\",\"Colour\":\"red\"")
                .replace("env:TRUST_PW", "secret://test/trust"));
        assertEquals(EntraSync.CONFIGURATION, entraSync(files("validate")));
        String text = out.toString();
        assertTrue(text.startsWith("The configuration has 2 problems:"), text);
        assertTrue(text.contains("  ConfigJson.PageSize: an integer from 1 to 999"), text);
        assertTrue(text.contains("  ConfigJson.Colour: "), text);
        assertTrue(err.toString().contains("fix them in "), err.toString());
    }

    @Test
    void validateOnlineRunsTheConnectionTest() throws IOException {
        assertEquals(0, entraSync(files("validate", "--online")), err.toString());
        assertTrue(out.toString().contains("PASSED  sign in"), out.toString());
        assertTrue(out.toString().contains("Connection test passed."), out.toString());

        Files.writeString(dir.resolve("secrets.json"), "{\"test/entra\":\"wrong\",\"test/trust\":\"trust-pw\"}");
        assertEquals(EntraSync.TEST_FAILED, entraSync(files("validate", "--online")));
        assertTrue(out.toString().contains("The configuration is valid"), out.toString());
        assertTrue(out.toString().contains("FAILED  sign in"), out.toString());
    }

    @Test
    void describeListsTypesAttributesAndFields() {
        assertEquals(0, entraSync("describe"), err.toString());
        String text = out.toString();
        assertTrue(text.contains("Object type User"), text);
        assertTrue(text.contains("Object type GroupMember"), text);
        assertTrue(text.contains("ConfigJson fields:"), text);
        assertTrue(text.contains("TenantId"), text);
        assertTrue(text.contains("[secret reference]"), text);
    }

    /** The schema, read by an independent JSON Schema validator, takes the configuration and refuses broken ones. */
    @Test
    void describesJsonSchemaValidatesTheConfigurationAndRejectsBrokenOnes() throws Exception {
        assertEquals(0, entraSync("describe", "--json-schema"), err.toString());
        JsonNode both = JSON.readTree(out.toString());
        assertEquals("https://json-schema.org/draft/2020-12/schema", both.path("$schema").asText());
        assertTrue(both.path("$defs").path("AuthJson").path("properties").path("ClientSecret")
                .path("writeOnly").asBoolean(), both.toPrettyString());

        Schema config = schema("config");
        Schema auth = schema("auth");
        JsonNode validConfig = JSON.readTree(Files.readString(dir.resolve("config.json")));
        JsonNode validAuth = JSON.readTree(Files.readString(dir.resolve("auth.json")));
        assertEquals(List.of(), config.validate(validConfig));
        assertEquals(List.of(), auth.validate(validAuth));
        JsonNode demo = JSON.readTree("{\"TenantId\":\"contoso.onmicrosoft.com\",\"Cloud\":\"Global\","
                + "\"ImportManager\":true,\"MembershipStrategy\":\"Batch\",\"UserDomains\":[\"contoso.com\"]}");
        assertEquals(List.of(), config.validate(demo));

        for (String broken : List.of("{\"TenantId\":\"contoso.com\",\"PageSize\":\"abc\"}",
                "{\"TenantId\":\"contoso.com\",\"Colour\":\"red\"}", "{\"PageSize\":40}",
                "{\"TenantId\":\"contoso.com\",\"Cloud\":\"Mars\"}",
                "{\"TenantId\":\"contoso.com\",\"UserDomains\":\"contoso.com\"}")) {
            assertFalse(config.validate(JSON.readTree(broken)).isEmpty(), broken);
        }
        assertFalse(auth.validate(JSON.readTree("{\"ClientId\":\"11111111-2222-3333-4444-555555555555\","
                + "\"ClientSecret\":\"abc8Q~plaintext\"}")).isEmpty(), "a secret in plain text");
    }

    private Schema schema(String document) throws IOException {
        assertEquals(0, entraSync("describe", "--json-schema=" + document), err.toString());
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(out.toString());
    }
}
