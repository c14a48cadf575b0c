package org.identitymesh.connector.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.testkit.entra.Deletion;
import org.identitymesh.connector.testkit.entra.EntraDirectory;
import org.identitymesh.connector.testkit.entra.Fault;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No silent loss and no mass delete by accident: run refuses to discard or overwrite changes, a dry run leaves the
 * watermark as it was, the delete guard holds a run that would delete too much until an operator accepts it, and
 * every run leaves a line in the history.
 */
class RunSafetyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TenantFixture fixture;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        fixture = TenantFixture.start(TenantSpec.builder().users(120).groups(12).memberships(400).build(), s -> { });
        writeConfig("");
        Files.writeString(dir.resolve("auth.json"), fixture.authJson().replace("env:ENTRA_SECRET",
                "secret://test/entra"));
        Files.writeString(dir.resolve("secrets.json"), "{\"test/entra\":\"" + fixture.tenant().clientSecret()
                + "\",\"test/trust\":\"trust-pw\"}");
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    private void writeConfig(String extra) throws IOException {
        Files.writeString(dir.resolve("config.json"), fixture.configJson("\"PageSize\":50,\"MaxRetries\":1"
                + (extra.isEmpty() ? "" : "," + extra)).replace("env:TRUST_PW", "secret://test/trust"));
    }

    private int entraSync(String... args) {
        out.reset();
        err.reset();
        return new EntraSync(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Cancellation.create()).execute(args);
    }

    private String[] run(String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--config", dir.resolve("config.json").toString(),
                "--auth", dir.resolve("auth.json").toString(), "--secrets", dir.resolve("secrets.json").toString(),
                "--state", state().toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private Path state() {
        return dir.resolve("watermark.json");
    }

    private List<JsonNode> history() throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("watermark.json.history.jsonl"))) {
            runs.add(JSON.readTree(line));
        }
        return runs;
    }

    private long lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
    }

    @Test
    void runRefusesToDiscardOrOverwriteChanges() throws IOException {
        assertEquals(EntraSync.USAGE, entraSync(run()));
        assertTrue(err.toString().contains("run needs --changes FILE (or --changes - for standard output)"),
                err.toString());
        assertFalse(Files.exists(state()), "nothing was imported");

        assertEquals(0, entraSync(run("--mode", "full", "--changes", dir.resolve("c.jsonl").toString())),
                err.toString());
        long full = lines(dir.resolve("c.jsonl"));
        byte[] watermark = Files.readAllBytes(state());

        assertEquals(EntraSync.USAGE, entraSync(run("--changes", dir.resolve("c.jsonl").toString())));
        assertTrue(err.toString().contains("the changes file " + dir.resolve("c.jsonl") + " exists; give --append"),
                err.toString());
        assertEquals(full, lines(dir.resolve("c.jsonl")));
        assertArrayEquals(watermark, Files.readAllBytes(state()));

        fixture.tenant().directory().updateUser(firstUser(), Map.of("jobTitle", "Cartographer"));
        assertEquals(0, entraSync(run("--changes", dir.resolve("c.jsonl").toString(), "--append")), err.toString());
        assertEquals(full + 1, lines(dir.resolve("c.jsonl")), "one more change, appended");

        fixture.tenant().directory().updateUser(firstUser(), Map.of("jobTitle", "Surveyor"));
        assertEquals(0, entraSync(run("--changes", dir.resolve("c.jsonl").toString(), "--force")), err.toString());
        assertEquals(1, lines(dir.resolve("c.jsonl")), "replaced by this run's one change");

        fixture.tenant().directory().updateUser(firstUser(), Map.of("jobTitle", "Pilot"));
        assertEquals(0, entraSync(run("--changes", "-")), err.toString());
        JsonNode change = JSON.readTree(out.toString().strip());
        assertEquals("Pilot", change.path("attributes").path("jobTitle").asText());
        assertTrue(err.toString().contains("Import (delta)"), "the summary goes to standard error: " + err);
    }

    @Test
    void aDryRunReportsAndLeavesTheWatermarkByteIdentical() throws IOException {
        assertEquals(0, entraSync(run("--changes", dir.resolve("full.jsonl").toString())), err.toString());
        byte[] watermark = Files.readAllBytes(state());
        fixture.tenant().directory().updateUser(firstUser(), Map.of("jobTitle", "Cartographer"));

        assertEquals(0, entraSync(run("--dry-run")), err.toString());
        assertTrue(out.toString().contains("Dry run (delta)"), out.toString());
        assertTrue(out.toString().contains("would write 1 changes (User: 1 UPSERT, 0 DELETE"), out.toString());
        assertTrue(out.toString().contains("the watermark was not touched (dry run)"), out.toString());
        assertArrayEquals(watermark, Files.readAllBytes(state()));

        assertEquals(0, entraSync(run("--dry-run", "--changes", dir.resolve("preview.jsonl").toString())));
        assertEquals(1, lines(dir.resolve("preview.jsonl")), "a dry run with --changes shows what would be written");
        assertArrayEquals(watermark, Files.readAllBytes(state()));
        assertEquals(List.of("succeeded", "dry-run", "dry-run"), history().stream()
                .map(r -> r.path("outcome").asText()).toList());

        // the change is still there for the real run
        assertEquals(0, entraSync(run("--changes", dir.resolve("delta.jsonl").toString())), err.toString());
        assertEquals(1, lines(dir.resolve("delta.jsonl")));
    }

    @Test
    void theDeleteGuardHoldsANarrowedFilterUntilAccepted() throws IOException {
        assertEquals(0, entraSync(run("--changes", dir.resolve("full.jsonl").toString())), err.toString());
        byte[] watermark = Files.readAllBytes(state());

        // the operator meant to scope groups and typed a filter that matches one group in twelve
        String kept = fixture.tenant().directory().groups().findFirst().orElseThrow().get("displayName").toString();
        writeConfig("\"GroupSelectionFilter\":\"displayName eq '" + kept.replace("'", "''") + "'\"");
        assertEquals(EntraSync.DELETE_GUARD, entraSync(run("--changes", dir.resolve("narrow.jsonl").toString())));
        String message = err.toString().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(message.startsWith("entra-sync: the delete guard stopped this run: Group: 11 deletes"), message);
        assertTrue(message.contains("is more than --max-delete-percent 20"), message);
        assertTrue(message.contains("run again with --accept-deletes"), message);
        assertArrayEquals(watermark, Files.readAllBytes(state()), "the watermark was kept");
        assertFalse(Files.exists(dir.resolve("narrow.jsonl")), "nothing written where the host reads changes");
        Path held = dir.resolve("watermark.json.held.jsonl");
        assertTrue(lines(held) > 0, "the changes are held for the operator to look at");

        JsonNode heldRun = history().get(1);
        assertEquals("held", heldRun.path("outcome").asText());
        assertEquals(10, heldRun.path("exitCode").asInt());
        assertEquals("tripped", heldRun.path("deleteGuard").path("verdict").asText());
        assertEquals(11, heldRun.path("deleteGuard").path("deletes").path("Group").path("implied").asLong());
        assertEquals(12, heldRun.path("deleteGuard").path("deletes").path("Group").path("previousTotal").asLong());

        assertEquals(0, entraSync(run("--changes", dir.resolve("narrow.jsonl").toString(), "--accept-deletes")),
                err.toString());
        assertFalse(java.util.Arrays.equals(watermark, Files.readAllBytes(state())), "accepted: the watermark moved");
        JsonNode accepted = history().get(2);
        assertEquals("succeeded", accepted.path("outcome").asText());
        assertEquals("accepted", accepted.path("deleteGuard").path("verdict").asText());
        assertEquals("configuration_changed", accepted.path("types").path("Group").path("reason").asText());
    }

    @Test
    void theDeleteGuardHoldsAMassDeleteInTheTenant() throws IOException {
        assertEquals(0, entraSync(run("--changes", dir.resolve("full.jsonl").toString())), err.toString());
        byte[] watermark = Files.readAllBytes(state());
        EntraDirectory directory = fixture.tenant().directory();
        directory.users().limit(40).map(u -> u.id()).toList().forEach(id -> directory.deleteUser(id, Deletion.SOFT));

        assertEquals(EntraSync.DELETE_GUARD, entraSync(run("--changes", dir.resolve("delta.jsonl").toString())));
        assertTrue(err.toString().contains("User: 40 deletes of 120, 33.3 % is more than --max-delete-percent 20"),
                err.toString());
        assertArrayEquals(watermark, Files.readAllBytes(state()));

        // a count limit alone, the percentage off
        assertEquals(EntraSync.DELETE_GUARD, entraSync(run("--changes", dir.resolve("delta.jsonl").toString(),
                "--max-delete-percent", "0", "--max-deletes", "30")));
        assertTrue(err.toString().contains("User: 40 deletes of 120, 33.3 % is more than --max-deletes 30"),
                err.toString());

        // both limits off: the deletes are written
        assertEquals(0, entraSync(run("--changes", dir.resolve("delta.jsonl").toString(), "--max-delete-percent", "0",
                "--max-deletes", "0")), err.toString());
        assertTrue(Files.readAllLines(dir.resolve("delta.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"User\",\"op\":\"DELETE\"")).count() == 40);
        assertEquals("off", history().get(3).path("deleteGuard").path("verdict").asText());
    }

    @Test
    void theHistoryRecordsSuccessFailureAndTheGuardAndPrintsTheRunsTable() throws IOException {
        assertEquals(0, entraSync(run("--changes", dir.resolve("full.jsonl").toString())), err.toString());
        fixture.tenant().faults().inject(RequestKind.USERS_DELTA, Fault.throttled(503, "0"), 2);
        assertEquals(EntraSync.UNAVAILABLE, entraSync(run("--changes", dir.resolve("failed.jsonl").toString())));
        assertFalse(Files.exists(dir.resolve("failed.jsonl")));

        List<JsonNode> runs = history();
        assertEquals(2, runs.size());
        JsonNode first = runs.get(0);
        assertEquals("manual", first.path("trigger").asText());
        assertEquals("delta", first.path("mode").asText());
        assertEquals("succeeded", first.path("outcome").asText());
        assertEquals("full", first.path("types").path("User").path("round").asText());
        assertEquals("first_run", first.path("types").path("User").path("reason").asText());
        assertEquals(120, first.path("types").path("User").path("upserted").asLong());
        assertTrue(first.path("types").path("User").path("requests").asLong() >= 3);
        assertEquals(lines(dir.resolve("full.jsonl")), first.path("changesWritten").asLong());
        assertTrue(first.path("finished").asText().compareTo(first.path("started").asText()) >= 0);

        JsonNode failed = runs.get(1);
        assertEquals("failed", failed.path("outcome").asText());
        assertEquals(6, failed.path("exitCode").asInt());
        assertTrue(failed.path("error").path("kind").asText().endsWith("Exception"), failed.toString());
        assertTrue(failed.path("error").path("message").asText().contains("kept failing"), failed.toString());
        assertFalse(failed.toString().contains(fixture.tenant().clientSecret()));

        assertEquals(0, entraSync("history", "--state", state().toString()));
        List<String> table = out.toString().strip().lines().toList();
        assertEquals(3, table.size(), out.toString());
        assertTrue(table.get(0).startsWith("started (UTC)"), table.get(0));
        assertTrue(table.get(1).contains("manual   delta succeeded User full 120 +120 -0"), table.get(1));
        assertTrue(table.get(2).contains("failed") && table.get(2).contains("error: "), table.get(2));

        assertEquals(0, entraSync("history", "--state", state().toString(), "--csv", "--last", "1"));
        List<String> csv = out.toString().strip().lines().toList();
        assertTrue(csv.get(0).startsWith("runId,started,finished,trigger,mode,outcome,exitCode,type"), csv.get(0));
        assertTrue(csv.size() >= 2 && csv.get(1).contains(",failed,6,"), out.toString());
    }

    @Test
    void aSecondRunOfTheSameWatermarkWaitsForTheFirst() throws Exception {
        try (RunLock held = RunLock.tryAcquire(state()).orElseThrow()) {
            assertEquals(EntraSync.LOCKED, entraSync(run("--changes", dir.resolve("c.jsonl").toString())));
            assertTrue(err.toString().contains("is running with the watermark " + state()), err.toString());
            assertTrue(err.toString().contains("pid " + ProcessHandle.current().pid()), err.toString());
        }
        assertEquals(0, entraSync(run("--changes", dir.resolve("c.jsonl").toString())), err.toString());
    }

    private String firstUser() {
        return fixture.tenant().directory().users().findFirst().orElseThrow().id();
    }
}
