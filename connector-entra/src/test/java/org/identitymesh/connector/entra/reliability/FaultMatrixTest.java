package org.identitymesh.connector.entra.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorException;
import org.identitymesh.connector.api.ImportCancelledException;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.api.PermissionException;
import org.identitymesh.connector.api.ProgressListener;
import org.identitymesh.connector.api.ResyncRequiredException;
import org.identitymesh.connector.api.SinkFailedException;
import org.identitymesh.connector.api.ThrottledException;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.Snapshots;
import org.identitymesh.connector.testkit.entra.ExpiryResponse;
import org.identitymesh.connector.testkit.entra.Fault;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.SimulatedEntraTenant;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix: every fault an unattended import meets, injected into the simulated tenant (or the host) in the
 * middle of a delta import that follows a full one. Each case asserts the same three things:
 * <ol>
 *   <li>the import either succeeds and the host's copy equals the tenant, or fails with the expected typed
 *       {@link ConnectorException} and returns no watermark, so the host keeps the previous one;</li>
 *   <li>a re-run from the watermark the host kept (after the fault is gone) converges: the copy equals the tenant,
 *       although the host applied every record the failed run delivered;</li>
 *   <li>nothing is lost afterwards: more changes, one more delta from the new watermark, and the copy still equals
 *       the tenant.</li>
 * </ol>
 * docs/reliability.md lists the cases with what the connector does in each.
 */
class FaultMatrixTest {

    /** Small pages, so that a delta spans several pages and a fault can land in the middle of a round. */
    private static final String BASE = "\"PageSize\":5,\"MaxRetries\":3,\"RetryDelaySeconds\":0.01,\"MaxRetryWaitSeconds\":2";

    /** A group scope that keeps every group: its lookups run, and the host must still equal the tenant. */
    private static final String SCOPED = "\"GroupSelectionFilter\":\"displayName ne '~'\"";

    private static TenantFixture fixture;
    private static final Map<String, String> SUMMARY = new ConcurrentHashMap<>();
    private static final AtomicInteger CASE_SEED = new AtomicInteger(1);

    @BeforeAll
    static void startTenant() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().seed(77).users(120).groups(16).memberships(400)
                .largeGroups(1).largeGroupSize(60).servicePrincipals(5).build(), s -> s.memberSliceSize(15));
    }

    @AfterAll
    static void stopTenant() throws Exception {
        fixture.close();
        System.out.println("Fault matrix: " + SUMMARY.size() + " cases");
        SUMMARY.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.println("  " + e.getKey() + " -> " + e.getValue()));
    }

    @AfterEach
    void resetTenant() {
        SimulatedEntraTenant tenant = fixture.tenant();
        tenant.faults().clear();
        tenant.faults().latency(Duration.ZERO);
        tenant.settings().duplicateEvery(0).expiryResponse(ExpiryResponse.SYNC_STATE_NOT_FOUND)
                .tokenLifetime(Duration.ofSeconds(3599));
        Thread.interrupted();
    }

    /** What one case does to the delta import under test, and what it expects. */
    /**
     * One fault. {@code expected} is the failure it must cause, or {@code null} for success; with
     * {@code mayAlsoSucceed}, a success (host equal to the tenant) is accepted too, for faults whose effect depends on
     * which of the two concurrent chains meets them.
     */
    record Case(String name, String config, Consumer<Run> arrange, Class<? extends ConnectorException> expected,
            Consumer<Run> check, boolean mayAlsoSucceed) {

        Case(String name, String config, Consumer<Run> arrange, Class<? extends ConnectorException> expected,
                Consumer<Run> check) {
            this(name, config, arrange, expected, check, false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The state of one case: the tenant, hooks into the host's sink and listener, and what happened. */
    static final class Run {
        final SimulatedEntraTenant tenant = fixture.tenant();
        final String config;
        final Cancellation cancellation = Cancellation.create();
        /** Called before the host applies record number n (1-based); may throw to act as a failing sink. */
        volatile RecordHook onRecord = (n, r) -> { };
        volatile ProgressListener listener = ProgressListener.NONE;
        /** A connector other than the case's own for the faulty run (for example with a wrong secret). */
        Connector faultyConnector;
        ImportResult result;
        ConnectorException failure;
        int delivered;
        long tokenRequests;
        long groupsDeltaRequests;
        long groupMemberRequests;
        long usersDeltaRequests;
        long faultsServed;
        Duration elapsed;
        final List<Thread> helpers = new ArrayList<>();

        Run(String config) {
            this.config = config;
        }

        /** Runs something on another thread after a delay (a host's cancel button, an interrupt). */
        void after(Duration delay, Runnable action) {
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                action.run();
            }, "fault-matrix-helper");
            t.setDaemon(true);
            helpers.add(t);
        }
    }

    @FunctionalInterface
    interface RecordHook {
        void accept(int n, ChangeRecord record) throws Exception;
    }

    /** Renames a group with members, so that a group scope re-evaluates it and reads all its members. */
    /**
     * Users and groups are fetched concurrently, so when the delta links expire at a delivered record either chain,
     * or both, may still have a request to make. A chain that has delivered records stops the import (starting over
     * could keep objects deleted meanwhile); one that has not is read again in full, for that reason.
     */
    private static void stoppedOrReadAgainInFull(Run r) {
        if (r.failure != null) {
            assertTrue(r.failure.getMessage().contains("after part of the round was delivered"), r.failure::getMessage);
            return;
        }
        assertTrue(r.result.types().values().stream().anyMatch(t -> t.completeSnapshot()
                && t.fullRoundReason() == FullRoundReason.DELTA_EXPIRED), r.result::toString);
    }

    private static void renameGroupWithMembers(Run r) {
        var dir = r.tenant.directory();
        String group = dir.groups().filter(g -> dir.members(g.id()).size() > 3).findFirst().orElseThrow().id();
        dir.updateGroup(group, Map.of("displayName", "Renamed " + CASE_SEED.get()));
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        // --- throttling
        cases.add(new Case("429 storm without Retry-After, within MaxRetries", "",
                r -> r.tenant.faults().inject(RequestKind.USERS_DELTA, Fault.throttled(429), 3), null,
                r -> assertTrue(r.result.type("User").orElseThrow().retries() >= 3, r.result::toString)));
        cases.add(new Case("429 storm with Retry-After 0.05 s, within MaxRetries", "",
                r -> r.tenant.faults().inject(RequestKind.GROUPS_DELTA, Fault.throttled(429, "0.05"), 3), null,
                r -> {
                    ImportResult.TypeResult groups = r.result.type("Group").orElseThrow();
                    assertTrue(groups.retries() >= 3 && groups.waited().toMillis() >= 150, groups::toString);
                }));
        cases.add(new Case("429 with a Retry-After date an hour away is capped at MaxRetryWaitSeconds",
                "\"MaxRetryWaitSeconds\":0.1",
                r -> r.tenant.faults().inject(RequestKind.USERS_DELTA,
                        Fault.throttledUntil(429, Instant.now().plus(Duration.ofHours(1))), 2), null,
                r -> assertTrue(r.elapsed.compareTo(Duration.ofSeconds(20)) < 0, r.elapsed::toString)));
        cases.add(new Case("429 storm longer than MaxRetries on users", "",
                r -> r.tenant.faults().inject(RequestKind.USERS_DELTA, Fault.throttled(429, "0.02"), 4),
                ThrottledException.class,
                r -> assertEquals(Duration.ofMillis(20), ((ThrottledException) r.failure).retryAfter().orElseThrow())));
        cases.add(new Case("429 storm longer than MaxRetries on groups, after the users were delivered", "",
                r -> r.tenant.faults().inject(RequestKind.GROUPS_DELTA, Fault.throttled(429), 10),
                ThrottledException.class, r -> assertTrue(r.delivered > 0, "users were delivered first")));
        // --- server errors
        cases.add(new Case("503 without Retry-After", "",
                r -> r.tenant.faults().inject(RequestKind.USERS_DELTA, Fault.throttled(503), 2), null, r -> { }));
        cases.add(new Case("503 with Retry-After 0.02 s (retried by the connector only)", "",
                r -> r.tenant.faults().inject(RequestKind.GROUPS_DELTA, Fault.throttled(503, "0.02"), 2), null,
                r -> assertEquals(r.result.type("Group").orElseThrow().requests(), r.groupsDeltaRequests,
                        "every request the tenant saw is one the connector counted: no hidden OkHttp retry")));
        cases.add(new Case("504 gateway timeout", "",
                r -> r.tenant.faults().inject(RequestKind.USERS_DELTA, Fault.throttled(504), 3), null, r -> { }));
        cases.add(new Case("504 on every attempt", "",
                r -> r.tenant.faults().inject(RequestKind.GROUPS_DELTA, Fault.throttled(504), 4),
                TransientConnectorException.class, r -> { }));
        cases.add(new Case("502 with a text/plain body from a proxy", "",
                r -> r.tenant.faults().inject(RequestKind.USERS_DELTA, Fault.plainText(502, "Bad Gateway"), 2), null,
                r -> { }));
        // --- broken transport and bodies
        cases.add(new Case("connection reset mid-body", "",
                r -> r.tenant.faults().inject(RequestKind.USERS_DELTA, Fault.connectionCut(), 2), null, r -> { }));
        cases.add(new Case("connection reset mid-body on every attempt", "",
                r -> r.tenant.faults().inject(RequestKind.USERS_DELTA, Fault.connectionCut(), 4),
                TransientConnectorException.class, r -> { }));
        cases.add(new Case("truncated and malformed JSON", "",
                r -> r.tenant.faults().inject(RequestKind.GROUPS_DELTA, Fault.malformedJson(), 2), null, r -> { }));
        cases.add(new Case("truncated and malformed JSON on every attempt", "",
                r -> r.tenant.faults().inject(RequestKind.GROUPS_DELTA, Fault.malformedJson(), 4),
                TransientConnectorException.class, r -> { }));
        cases.add(new Case("slow responses: one request times out, the retry is fast", "\"RequestTimeoutSeconds\":1",
                r -> {
                    r.tenant.faults().latency(Duration.ofMillis(1_500));
                    r.listener = new ProgressListener() {
                        @Override
                        public void retryScheduled(String objectType, int attempt, Duration wait, String reason) {
                            r.tenant.faults().latency(Duration.ZERO);
                        }
                    };
                }, null, r -> assertTrue(r.result.type("User").orElseThrow().retries() >= 1, r.result::toString)));
        cases.add(new Case("slow responses: every attempt times out", "\"RequestTimeoutSeconds\":1,\"MaxRetries\":1",
                r -> r.tenant.faults().latency(Duration.ofMillis(1_300)), TransientConnectorException.class,
                // OkHttp reports the call timeout ("timeout") or the socket's ("Read timed out"), whichever fires first
                r -> assertTrue(r.failure.getMessage().matches("(?is).*time(out|d out).*"), r.failure::getMessage)));
        // --- authentication and permission
        cases.add(new Case("access token revoked mid-run: 401, then exactly one new sign-in", "",
                r -> r.onRecord = (n, rec) -> {
                    if (n == 3) {
                        r.tenant.revokeAccessTokens();
                    }
                }, null, r -> assertEquals(1, r.tokenRequests, "one re-acquisition")));
        cases.add(new Case("access token expires mid-run by the tenant's clock", "",
                r -> r.onRecord = (n, rec) -> {
                    if (n == 3) {
                        r.tenant.clock().advance(Duration.ofHours(2));
                    }
                }, null, r -> assertEquals(1, r.tokenRequests, "one re-acquisition")));
        cases.add(new Case("401 on every repeat: at most three new sign-ins for one request", "",
                r -> r.tenant.faults().inject(RequestKind.USERS_DELTA, Fault.invalidAuthenticationToken(), 4),
                AuthenticationException.class, r -> assertEquals(3, r.tokenRequests)));
        cases.add(new Case("access token revoked twice mid-run: at most one new sign-in each", "",
                r -> r.onRecord = (n, rec) -> {
                    if (n == 3 || n == 40) {
                        r.tenant.revokeAccessTokens();
                    }
                }, null, r -> {
                    // the second revocation costs a sign-in only if a request is still to come when it lands
                    assertTrue(r.tokenRequests >= 1 && r.tokenRequests <= 2, "token requests: " + r.tokenRequests);
                }));
        cases.add(new Case("403 Authorization_RequestDenied on groups (not retried)", "",
                r -> r.tenant.faults().inject(RequestKind.GROUPS_DELTA, Fault.authorizationDenied(), 1),
                PermissionException.class, r -> assertEquals(1, r.groupsDeltaRequests, "a 403 is not retried")));
        cases.add(new Case("wrong client secret (AADSTS7000215)", "",
                r -> r.faultyConnector = connector(r.config, wrongSecret()), AuthenticationException.class,
                r -> {
                    assertTrue(r.failure.getMessage().contains("AADSTS7000215"), r.failure::getMessage);
                    assertEquals(0, r.usersDeltaRequests + r.groupsDeltaRequests, "no Graph request without a token");
                }));
        cases.add(new Case("token endpoint answers 503 once", "",
                r -> {
                    r.faultyConnector = connector(r.config, fixture.resolver());
                    r.tenant.faults().inject(RequestKind.TOKEN, Fault.throttled(503), 1);
                }, null, r -> { }));
        cases.add(new Case("token endpoint answers 503 on every attempt", "\"MaxRetries\":0",
                r -> {
                    r.faultyConnector = connector(r.config, fixture.resolver());
                    r.tenant.faults().inject(RequestKind.TOKEN, Fault.throttled(503), 50);
                }, TransientConnectorException.class,
                r -> assertTrue(r.failure.getMessage().contains("token endpoint is temporarily unavailable"),
                        r.failure::getMessage)));
        cases.add(new Case("token endpoint throttles (429) once", "",
                r -> {
                    r.faultyConnector = connector(r.config, fixture.resolver());
                    r.tenant.faults().inject(RequestKind.TOKEN, Fault.throttled(429, "0.01"), 1);
                }, null, r -> { }));
        cases.add(new Case("token endpoint cuts the connection", "",
                r -> {
                    r.faultyConnector = connector(r.config, fixture.resolver());
                    r.tenant.faults().inject(RequestKind.TOKEN, Fault.connectionCut(), 50);
                }, TransientConnectorException.class, r -> { }));
        // --- the extra reads of a group scope: a group whose filter properties changed is looked up and its
        // members are read in full (a filter that keeps every group, so the host must still equal the tenant)
        cases.add(new Case("group scope: object lookups and member reads cut and unavailable", SCOPED,
                r -> {
                    renameGroupWithMembers(r);
                    r.tenant.faults().inject(RequestKind.GROUP_MEMBERS, Fault.connectionCut(), 2);
                    r.tenant.faults().inject(RequestKind.OBJECT, Fault.throttled(503), 2);
                }, null, r -> assertTrue(r.groupMemberRequests > 2, "members were read: " + r.groupMemberRequests)));
        cases.add(new Case("group scope: member reads throttled beyond MaxRetries", SCOPED,
                r -> {
                    renameGroupWithMembers(r);
                    r.tenant.faults().inject(RequestKind.GROUP_MEMBERS, Fault.throttled(429), 10);
                }, ThrottledException.class, r -> { }));
        // --- delta tokens
        cases.add(new Case("delta token expires mid-chain (400 syncStateNotFound), OnExpiredDelta Resync", "",
                r -> r.onRecord = (n, rec) -> {
                    if (n == 2) {
                        r.tenant.expireDeltaTokens();
                    }
                }, TransientConnectorException.class, FaultMatrixTest::stoppedOrReadAgainInFull, true));
        cases.add(new Case("delta token expires mid-chain (410 resyncRequired), OnExpiredDelta Resync", "",
                r -> {
                    r.tenant.settings().expiryResponse(ExpiryResponse.RESYNC_REQUIRED);
                    r.onRecord = (n, rec) -> {
                        if (n == 2) {
                            r.tenant.expireDeltaTokens();
                        }
                    };
                }, TransientConnectorException.class, FaultMatrixTest::stoppedOrReadAgainInFull, true));
        cases.add(new Case("delta link expired, and the connection cut in the middle of Graph's 400 answer", "",
                r -> {
                    r.tenant.expireDeltaTokens();
                    r.tenant.faults().inject(RequestKind.USERS_DELTA, Fault.connectionCut(), 1);
                }, null,
                r -> assertEquals(FullRoundReason.DELTA_EXPIRED, r.result.type("User").orElseThrow().fullRoundReason())));
        cases.add(new Case("delta link expired before the run, and again during the full round replacing it", "",
                r -> {
                    r.tenant.expireDeltaTokens();
                    r.onRecord = (n, rec) -> {
                        if (n == 2) {
                            r.tenant.expireDeltaTokens();
                        }
                    };
                }, TransientConnectorException.class,
                r -> assertTrue(r.failure.getMessage().contains("again"), r.failure::getMessage)));
        cases.add(new Case("delta token expires mid-chain, OnExpiredDelta Fail", "\"OnExpiredDelta\":\"Fail\"",
                r -> r.onRecord = (n, rec) -> {
                    if (n == 2) {
                        r.tenant.expireDeltaTokens();
                    }
                }, ResyncRequiredException.class,
                r -> assertTrue(java.util.Set.of("User", "Group").contains(((ResyncRequiredException) r.failure)
                        .objectType()), "users and groups are read concurrently: either may report the expiry first")));
        // --- at-least-once effects of Graph
        cases.add(new Case("duplicates within a round", "",
                r -> r.tenant.settings().duplicateEvery(2), null, r -> { }));
        cases.add(new Case("changes replayed in the next round", "",
                r -> r.tenant.settings().replayNextRounds(2), null, r -> { }));
        // --- the host
        cases.add(new Case("the host's sink throws mid-run", "",
                r -> r.onRecord = (n, rec) -> {
                    if (n == 7) {
                        throw new IllegalStateException("database unavailable");
                    }
                }, SinkFailedException.class,
                r -> assertInstanceOf(IllegalStateException.class, r.failure.getCause())));
        cases.add(new Case("the host's sink throws on a membership", "",
                r -> r.onRecord = (n, rec) -> {
                    if (rec.objectType().equals("GroupMember")) {
                        throw new java.io.IOException("disk full");
                    }
                }, SinkFailedException.class, r -> { }));
        cases.add(new Case("the host's progress listener throws on every event", "",
                r -> r.listener = new ProgressListener() {
                    @Override
                    public void pageDelivered(String objectType, long pageNumber, int objects, long totalSoFar) {
                        throw new IllegalStateException("progress bar broke");
                    }

                    @Override
                    public void roundStarted(String objectType, boolean fullRound) {
                        throw new IllegalStateException("progress bar broke");
                    }
                }, null, r -> { }));
        cases.add(new Case("cancelled by the host mid-run", "",
                r -> r.onRecord = (n, rec) -> {
                    if (n == 4) {
                        r.cancellation.cancel();
                    }
                }, ImportCancelledException.class, r -> { }));
        cases.add(new Case("importing thread interrupted while waiting 30 s to retry", "",
                r -> {
                    r.tenant.faults().inject(RequestKind.GROUPS_DELTA, Fault.throttled(429, "30"), 1);
                    Thread importer = Thread.currentThread();
                    r.onRecord = (n, rec) -> {
                        if (n == 1) {
                            r.after(Duration.ofMillis(300), importer::interrupt);
                            r.helpers.forEach(Thread::start);
                        }
                    };
                }, ImportCancelledException.class,
                r -> assertTrue(r.elapsed.compareTo(Duration.ofSeconds(10)) < 0, r.elapsed::toString)));
        cases.add(new Case("cancelled from another thread while waiting 30 s to retry", "\"MaxRetryWaitSeconds\":60",
                r -> {
                    r.tenant.faults().inject(RequestKind.USERS_DELTA, Fault.throttled(503, "30"), 1);
                    r.after(Duration.ofMillis(300), r.cancellation::cancel);
                    r.helpers.forEach(Thread::start);
                }, ImportCancelledException.class,
                r -> assertTrue(r.elapsed.compareTo(Duration.ofSeconds(10)) < 0, r.elapsed::toString)));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void faultDuringADeltaImport(Case c) throws Exception {
        SimulatedEntraTenant tenant = fixture.tenant();
        HostReplica host = new HostReplica(new EntraIdProvider().descriptor());
        TenantMutator mutator = new TenantMutator(tenant.directory(), new SplittableRandom(CASE_SEED.getAndIncrement()));
        String config = c.config().isEmpty() ? BASE : BASE + "," + c.config();
        try (Connector connector = connector(config, fixture.resolver())) {
            String before = host.runImport(connector, ImportRequest.full()).watermark();
            assertEquals(List.of(), differences(host), "baseline full import");
            List<String> mutations = new ArrayList<>(mutator.mutate(25));
            List<ChangeRecord> records = new ArrayList<>();

            Run run = new Run(config);
            c.arrange().accept(run);
            Connector faulty = run.faultyConnector != null ? run.faultyConnector : connector;
            long tokens0 = tenant.journal().count(RequestKind.TOKEN);
            long users0 = tenant.journal().count(RequestKind.USERS_DELTA);
            long groups0 = tenant.journal().count(RequestKind.GROUPS_DELTA);
            long members0 = tenant.journal().count(RequestKind.GROUP_MEMBERS);
            long faults0 = tenant.journal().faults(RequestKind.ANY);
            AtomicInteger n = new AtomicInteger();
            ImportRequest request = ImportRequest.delta(before).withCancellation(run.cancellation)
                    .withProgressListener(new ProgressListener() {
                        @Override
                        public void roundStarted(String objectType, boolean fullRound) {
                            run.listener.roundStarted(objectType, fullRound);
                        }

                        @Override
                        public void pageDelivered(String objectType, long page, int objects, long total) {
                            run.listener.pageDelivered(objectType, page, objects, total);
                        }

                        @Override
                        public void retryScheduled(String objectType, int attempt, Duration wait, String reason) {
                            run.listener.retryScheduled(objectType, attempt, wait, reason);
                        }
                    });
            Instant started = Instant.now();
            host.beginImport();
            try {
                run.result = faulty.importChanges(request, record -> {
                    run.onRecord.accept(n.incrementAndGet(), record);
                    records.add(record);
                    host.accept(record);
                });
                host.finishImport(run.result);
            } catch (ConnectorException e) {
                run.failure = e;
            } finally {
                Thread.interrupted();
                run.elapsed = Duration.between(started, Instant.now());
                run.delivered = n.get();
                run.tokenRequests = tenant.journal().count(RequestKind.TOKEN) - tokens0;
                run.usersDeltaRequests = tenant.journal().count(RequestKind.USERS_DELTA) - users0;
                run.groupsDeltaRequests = tenant.journal().count(RequestKind.GROUPS_DELTA) - groups0;
                run.groupMemberRequests = tenant.journal().count(RequestKind.GROUP_MEMBERS) - members0;
                run.faultsServed = tenant.journal().faults(RequestKind.ANY) - faults0;
                for (Thread t : run.helpers) {
                    t.interrupt();
                    t.join();
                }
                if (run.faultyConnector != null) {
                    run.faultyConnector.close();
                }
            }

            String kept;
            if (c.expected() == null || c.mayAlsoSucceed() && run.failure == null) {
                if (run.failure != null) {
                    fail("expected the import to succeed, it failed with " + run.failure, run.failure);
                }
                assertEquals(List.of(), differences(host), () -> "after the import that met the fault\n"
                        + Diagnostics.explain(differences(host), mutations, records));
                assertNotEquals(before, run.result.watermark());
                kept = run.result.watermark();
            } else {
                assertNull(run.result, "a failed import returns no watermark");
                assertNotNull(run.failure, "expected " + c.expected().getSimpleName());
                assertSame(c.expected(), run.failure.getClass(), () -> "expected " + c.expected().getSimpleName()
                        + ", got " + LogText.of(run.failure));
                assertTrue(run.failure.getMessage() != null && !run.failure.getMessage().isBlank());
                kept = before;
            }
            c.check().accept(run);
            SUMMARY.put(c.name(), (run.failure == null ? "succeeded" : "failed with " + run.failure.getClass().getSimpleName())
                    + ", faults served by the tenant: " + run.faultsServed + ", records delivered: " + run.delivered
                    + ", " + run.elapsed.toMillis() + " ms");

            // the fault is gone: a re-run from the watermark the host kept converges
            resetTenant();
            ImportRequest rerun = run.failure instanceof ResyncRequiredException ? ImportRequest.full()
                    : ImportRequest.delta(kept);
            ImportResult recovered = host.runImport(connector, rerun);
            assertEquals(List.of(), differences(host), () -> "after the re-run\n"
                    + Diagnostics.explain(differences(host), mutations, records));

            // nothing is lost later either
            mutator.mutate(10);
            host.runImport(connector, ImportRequest.delta(recovered.watermark()));
            assertEquals(List.of(), differences(host), "after one more delta");
        }
    }

    private static List<String> differences(HostReplica host) {
        return Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot());
    }

    static Connector connector(String config, SecretResolver resolver) {
        return Connectors.create(fixture, config, resolver);
    }

    static SecretResolver wrongSecret() {
        return Connectors.wrongSecret(fixture);
    }
}
