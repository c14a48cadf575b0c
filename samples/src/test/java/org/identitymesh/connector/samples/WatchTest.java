package org.identitymesh.connector.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule in one process: rounds on the interval, never overlapping, a clean stop. */
class WatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TenantFixture fixture;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        fixture = TenantFixture.start(TenantSpec.builder().users(40).groups(4).memberships(80).build(), s -> { });
        Files.writeString(dir.resolve("config.json"), fixture.configJson("\"PageSize\":20")
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

    private EntraSync host(Cancellation cancellation) {
        return new EntraSync(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), cancellation);
    }

    private String[] watch(String... more) {
        List<String> args = new ArrayList<>(List.of("watch", "--config", dir.resolve("config.json").toString(),
                "--auth", dir.resolve("auth.json").toString(), "--secrets", dir.resolve("secrets.json").toString(),
                "--state", dir.resolve("watermark.json").toString(), "--changes",
                dir.resolve("changes.jsonl").toString(), "--append"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private List<JsonNode> history() throws IOException {
        Path file = dir.resolve("watermark.json.history.jsonl");
        List<JsonNode> runs = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                runs.add(JSON.readTree(line));
            }
        }
        return runs;
    }

    @Test
    void threeScheduledRoundsOneAfterTheOtherWithAFullRoundFirst() throws IOException {
        assertEquals(0, host(Cancellation.create()).execute(watch("--every", "200ms", "--full-every", "1h",
                "--max-runs", "3")), err.toString());
        List<JsonNode> runs = history();
        assertEquals(3, runs.size(), err.toString());
        for (JsonNode run : runs) {
            assertEquals("schedule", run.path("trigger").asText());
            assertEquals("succeeded", run.path("outcome").asText(), run.toString());
        }
        assertEquals(List.of("full", "delta", "delta"), runs.stream().map(r -> r.path("mode").asText()).toList(),
                "a full round when none is in the history, then deltas until it is an hour old");
        for (int i = 1; i < runs.size(); i++) {
            Instant previousEnd = Instant.parse(runs.get(i - 1).path("finished").asText());
            Instant start = Instant.parse(runs.get(i).path("started").asText());
            assertTrue(!start.isBefore(previousEnd), "run " + (i + 1) + " started before run " + i + " ended");
        }
        assertEquals(0, runs.get(2).path("exitCode").asInt());
    }

    @Test
    void refusesAChangesFileEveryRunWouldCollideOn() {
        List<String> args = new ArrayList<>(List.of(watch("--every", "1s")));
        args.remove("--append");
        assertEquals(EntraSync.USAGE, host(Cancellation.create()).execute(args.toArray(String[]::new)));
        assertTrue(err.toString().contains("give --append to add them to"), err.toString());

        args.set(args.indexOf(dir.resolve("changes.jsonl").toString()), dir.resolve("changes-{time}.jsonl").toString());
        args.addAll(List.of("--max-runs", "2"));
        assertEquals(0, host(Cancellation.create()).execute(args.toArray(String[]::new)), err.toString());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.filter(f -> f.getFileName().toString().matches("changes-\\d{8}T\\d{6}Z\\.jsonl"))
                    .count(), "one changes file per run");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void stopsCleanlyBetweenRunsAndPicksUpChanges() throws Exception {
        Cancellation cancellation = Cancellation.create();
        CompletableFuture<Integer> watching = CompletableFuture.supplyAsync(() -> host(cancellation)
                .execute(watch("--every", "150ms")));
        waitForRuns(2, watching);
        fixture.tenant().directory().updateUser(fixture.tenant().directory().users().findFirst().orElseThrow().id(),
                Map.of("jobTitle", "Cartographer"));
        waitForRuns(4, watching);
        cancellation.cancel();
        int code = watching.get(30, TimeUnit.SECONDS);
        assertTrue(code == 0 || code == EntraSync.CANCELLED, "exit code " + code + "\n" + err);
        List<JsonNode> runs = history();
        for (JsonNode run : runs) {
            String outcome = run.path("outcome").asText();
            assertTrue(outcome.equals("succeeded") || outcome.equals("cancelled"), run.toString());
        }
        assertTrue(Files.readString(dir.resolve("changes.jsonl")).contains("Cartographer"),
                "a later round delivered the change");
        assertTrue(err.toString().contains("entra-sync watch: stopped"), err.toString());
        // a stop never leaves the lock behind
        try (RunLock lock = RunLock.tryAcquire(dir.resolve("watermark.json")).orElseThrow()) {
            assertTrue(Files.exists(RunLock.fileFor(dir.resolve("watermark.json"))));
        }
    }

    private void waitForRuns(int count, CompletableFuture<Integer> watching) throws Exception {
        for (int i = 0; i < 600 && history().size() < count; i++) {
            if (watching.isDone()) {
                throw new AssertionError("watch ended early with " + watching.get() + ":\n" + err);
            }
            Thread.sleep(100);
        }
        assertTrue(history().size() >= count, "no " + count + " runs after 60 s:\n" + err);
    }
}
