package org.identitymesh.connector.entra.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorException;
import org.identitymesh.connector.api.ImportCancelledException;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.PermissionException;
import org.identitymesh.connector.api.ProgressListener;
import org.identitymesh.connector.api.ResyncRequiredException;
import org.identitymesh.connector.api.SinkFailedException;
import org.identitymesh.connector.api.ThrottledException;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.Snapshots;
import org.identitymesh.connector.testkit.entra.ExpiryResponse;
import org.identitymesh.connector.testkit.entra.Fault;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.SimulatedEntraTenant;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.Test;

/**
 * Seeded chaos: many rounds of random tenant changes and random faults against a host that applies every record
 * delivered to it, those of failed imports included (a real host may already have consumed them), and keeps the
 * previous watermark when an import fails. After every successful round the host's copy must equal the tenant.
 *
 * <p>Each round: a few random changes; a random plan of faults (Graph errors and cut or garbled responses, some
 * beyond the retries, expired and revoked tokens, expired delta links, timeouts, duplicates and replays, the
 * host's sink throwing, cancellation, a wrong secret, changes made while the import runs); one import, a delta from
 * the stored watermark or sometimes a FULL one, through one of four connectors whose settings differ (page size,
 * retries, expiry policy, timeout, a group scope that keeps every group). A round whose plan holds no fault that
 * can end an import must succeed, and a failure must be of a type the plan can cause.
 *
 * <p>CI runs {@value #CI_ROUNDS} rounds of seed {@value #CI_SEED}. The long run is documented in
 * docs/reliability.md: {@code -Dchaos.rounds=2000 -Dchaos.seed=<any>}. A failure prints the seed and the round,
 * which reproduce it.
 */
class ChaosTest {

    static final int CI_ROUNDS = 150;
    static final long CI_SEED = 20_261_122L;

    /** Faults a plan can hold. */
    enum Kind {
        THROTTLE, THROTTLE_RETRY_AFTER, UNAVAILABLE, GATEWAY_TIMEOUT, PLAIN_TEXT_502, CONNECTION_CUT, MALFORMED_JSON,
        STORM_BEYOND_RETRIES, TOKEN_REFUSED_ONCE, TOKEN_REFUSED_TWICE, FORBIDDEN, TOKEN_REVOKED_MID_RUN,
        TOKEN_EXPIRED_MID_RUN, TOKEN_ENDPOINT_UNAVAILABLE, DELTA_EXPIRED_BEFORE, DELTA_EXPIRED_MID_RUN, SLOW_THEN_FAST,
        DUPLICATES, REPLAYS, SINK_THROWS, CANCELLED, WRONG_SECRET, CHANGES_DURING_IMPORT
    }

    private record Profile(String name, String config, int maxRetries, boolean failOnExpiry, boolean shortTimeout,
            boolean scoped) {
    }

    private static final List<Profile> PROFILES = List.of(
            new Profile("A", "\"PageSize\":7,\"MaxRetries\":2,\"RetryDelaySeconds\":0.01,\"MaxRetryWaitSeconds\":0.2",
                    2, false, false, false),
            new Profile("B", "\"PageSize\":50,\"MaxRetries\":4,\"RetryDelaySeconds\":0.005,\"MaxRetryWaitSeconds\":0.2",
                    4, false, false, false),
            // a 1 s timeout: two retries, so that a loaded machine's occasional slow answer cannot end an import
            new Profile("C", "\"PageSize\":13,\"MaxRetries\":2,\"RetryDelaySeconds\":0.02,\"MaxRetryWaitSeconds\":0.2,"
                    + "\"OnExpiredDelta\":\"Fail\",\"RequestTimeoutSeconds\":1", 2, true, true, false),
            // a group scope that keeps every group: minimal delta pages, lookups of groups whose name changed, full
            // member reads; its watermark's fingerprint differs, so switching to or from it runs a full round
            new Profile("D", "\"PageSize\":11,\"MaxRetries\":3,\"RetryDelaySeconds\":0.01,\"MaxRetryWaitSeconds\":0.2,"
                    + "\"GroupSelectionFilter\":\"displayName ne '~'\"", 3, false, false, true));

    @Test
    void randomChangesAndFaultsNeverLoseAChange() throws Exception {
        int rounds = Integer.getInteger("chaos.rounds", CI_ROUNDS);
        long seed = Long.getLong("chaos.seed", CI_SEED);
        System.out.println("Chaos: seed " + seed + ", " + rounds + " rounds (-Dchaos.seed=" + seed + " -Dchaos.rounds="
                + rounds + " to repeat)");
        new Chaos(seed, rounds).run();
    }

    /** One chaos run. */
    private static final class Chaos {
        private final long seed;
        private final int rounds;
        private final SplittableRandom random;
        private final Map<String, Integer> outcomes = new TreeMap<>();
        private final Map<Kind, Integer> planned = new EnumMap<>(Kind.class);
        private long records;
        private int mutations;
        private int successes;
        private int failures;
        private int fullRounds;
        private int quietChecks;

        Chaos(long seed, int rounds) {
            this.seed = seed;
            this.rounds = rounds;
            this.random = new SplittableRandom(seed);
        }

        void run() throws Exception {
            Instant started = Instant.now();
            ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "chaos-watchdog");
                t.setDaemon(true);
                return t;
            });
            TenantSpec spec = TenantSpec.builder().seed(seed).users(150).groups(20).memberships(500).largeGroups(1)
                    .largeGroupSize(80).servicePrincipals(5).build();
            try (TenantFixture fixture = TenantFixture.start(spec, s -> s.memberSliceSize(20))) {
                SimulatedEntraTenant tenant = fixture.tenant();
                TenantMutator mutator = new TenantMutator(tenant.directory(), random.split());
                HostReplica host = new HostReplica(new EntraIdProvider().descriptor());
                List<Connector> connectors = new ArrayList<>();
                for (Profile p : PROFILES) {
                    connectors.add(Connectors.create(fixture, p.config(), fixture.resolver()));
                }
                String watermark = null;
                boolean mustRunFull = false;
                boolean storedLinkExpired = false;
                try {
                    for (int round = 1; round <= rounds; round++) {
                        List<String> changes = mutator.mutate(random.nextInt(10) == 0 ? 30 : random.nextInt(8));
                        mutations += changes.size();
                        int profileIndex = random.nextInt(PROFILES.size());
                        Profile profile = PROFILES.get(profileIndex);
                        Plan plan = plan(profile, tenant);
                        boolean full = mustRunFull || random.nextInt(8) == 0;
                        String context = "seed " + seed + ", round " + round + " of " + rounds + ", connector "
                                + profile.name() + ", " + (full ? "FULL" : watermark == null ? "first DELTA" : "DELTA")
                                + ", plan " + plan.drawn;
                        Round r = new Round(fixture, plan, mutator, host);
                        Connector connector = plan.kinds.contains(Kind.WRONG_SECRET)
                                ? Connectors.create(fixture, profile.config(), Connectors.wrongSecret(fixture))
                                : connectors.get(profileIndex);
                        ImportRequest request = (full ? ImportRequest.full() : ImportRequest.delta(watermark))
                                .withCancellation(r.cancellation).withProgressListener(r.listener());
                        ScheduledFuture<?> guard = watchdog.schedule(r::hung, 120, TimeUnit.SECONDS);
                        ImportResult result = null;
                        ConnectorException failure = null;
                        host.beginImport();
                        try {
                            result = connector.importChanges(request, r::deliver);
                            host.finishImport(result);
                        } catch (ConnectorException e) {
                            failure = e;
                        } catch (RuntimeException | Error e) {
                            fail(context + ": the import threw " + e + ", which is not a ConnectorException", e);
                        } finally {
                            guard.cancel(false);
                            Thread.interrupted();
                            if (connector != connectors.get(profileIndex)) {
                                connector.close();
                            }
                            reset(tenant);
                        }
                        if (r.hung.get()) {
                            fail(context + ": the import did not end within 120 s");
                        }
                        records += r.delivered.get();
                        if (full) {
                            fullRounds++;
                        }
                        if (failure != null) {
                            failures++;
                            outcomes.merge(failure.getClass().getSimpleName(), 1, Integer::sum);
                            if (!plan.mayFailWith(failure, storedLinkExpired)) {
                                fail(context + ": failed with " + LogText.of(failure)
                                        + ", which no fault of the plan explains", failure);
                            }
                            mustRunFull = failure instanceof ResyncRequiredException;
                            // the watermark kept is older than the links this round expired
                            storedLinkExpired |= plan.kinds.contains(Kind.DELTA_EXPIRED_BEFORE)
                                    || plan.kinds.contains(Kind.DELTA_EXPIRED_MID_RUN);
                            continue;
                        }
                        successes++;
                        outcomes.merge("succeeded", 1, Integer::sum);
                        watermark = result.watermark();
                        mustRunFull = false;
                        // links the round finished before a mid-run expiry are in the new watermark, and expired
                        storedLinkExpired = plan.kinds.contains(Kind.DELTA_EXPIRED_MID_RUN);
                        if (r.changedDuringImport) {
                            // changes made while the import ran may land in the next round: run it, without faults
                            quietChecks++;
                            watermark = host.runImport(connectors.get(0), ImportRequest.delta(watermark)).watermark();
                            storedLinkExpired = false;
                        }
                        List<String> differences = Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot());
                        if (!differences.isEmpty()) {
                            fail(context + ": after a successful import the host differs from the tenant:\n"
                                    + Diagnostics.explain(differences, changes, r.recordsSeen) + String.join("\n", differences));
                        }
                    }
                } finally {
                    for (Connector c : connectors) {
                        c.close();
                    }
                    watchdog.shutdownNow();
                    Map<String, Long> served = new TreeMap<>();
                    for (RequestKind kind : RequestKind.values()) {
                        long n = kind == RequestKind.ANY ? 0 : tenant.journal().faults(kind);
                        if (n > 0) {
                            served.put(kind.name(), n);
                        }
                    }
                    System.out.println("Chaos: seed " + seed + ", " + (successes + failures) + " rounds in "
                            + Duration.between(started, Instant.now()).toSeconds() + " s: " + successes
                            + " succeeded (host equal to the tenant after each), " + failures + " failed on purpose "
                            + outcomes + "; " + fullRounds + " FULL, " + quietChecks + " extra quiet rounds after changes "
                            + "made during an import; " + mutations + " tenant changes, " + records
                            + " records applied; faults planned " + planned + "; faults served by the tenant " + served
                            + "; requests " + tenant.journal().counts());
                }
            }
        }

        /** Draws the faults of one round. */
        private Plan plan(Profile profile, SimulatedEntraTenant tenant) {
            Plan plan = new Plan(profile, tenant);
            int count = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
                if (kind == Kind.SLOW_THEN_FAST && !profile.shortTimeout()) {
                    kind = Kind.CONNECTION_CUT;
                }
                if ((kind == Kind.TOKEN_ENDPOINT_UNAVAILABLE || kind == Kind.WRONG_SECRET) && random.nextInt(3) > 0) {
                    kind = Kind.DUPLICATES; // slow (azure-identity's own retries) or noisy: keep them rare
                }
                plan.add(kind, random);
                planned.merge(kind, 1, Integer::sum);
            }
            return plan;
        }

        private static void reset(SimulatedEntraTenant tenant) {
            tenant.faults().clear();
            tenant.faults().latency(Duration.ZERO);
            tenant.settings().duplicateEvery(0).expiryResponse(ExpiryResponse.SYNC_STATE_NOT_FOUND);
        }
    }

    /** The faults of one round: what to inject before the import, and what to do at which delivered record. */
    private static final class Plan {
        final Profile profile;
        final Set<Kind> kinds = new LinkedHashSet<>();
        /** Every fault drawn, in order; a kind may be drawn twice. */
        final List<Kind> drawn = new ArrayList<>();
        final List<Runnable> before = new ArrayList<>();
        final Map<Integer, List<Kind>> atRecord = new TreeMap<>();
        final Set<Class<? extends ConnectorException>> fatal = new LinkedHashSet<>();
        /** Per request kind: faults that cost an attempt, and refused tokens. */
        final Map<RequestKind, Integer> retried = new EnumMap<>(RequestKind.class);
        final Map<RequestKind, Integer> refused = new EnumMap<>(RequestKind.class);
        private final SimulatedEntraTenant tenant;

        Plan(Profile profile, SimulatedEntraTenant tenant) {
            this.profile = profile;
            this.tenant = tenant;
        }

        void add(Kind kind, SplittableRandom random) {
            kinds.add(kind);
            drawn.add(kind);
            RequestKind delta = profile.scoped() && random.nextInt(3) == 0
                    ? (random.nextBoolean() ? RequestKind.GROUP_MEMBERS : RequestKind.OBJECT)
                    : random.nextBoolean() ? RequestKind.USERS_DELTA : RequestKind.GROUPS_DELTA;
            int within = 1 + random.nextInt(Math.max(1, profile.maxRetries()));
            int record = 1 + random.nextInt(40);
            switch (kind) {
                case THROTTLE -> retried(delta, Fault.throttled(429), within);
                case THROTTLE_RETRY_AFTER -> retried(delta, Fault.throttled(429, "0.01"), within);
                case UNAVAILABLE -> retried(delta, random.nextBoolean() ? Fault.throttled(503) : Fault.throttled(503, "0.01"),
                        within);
                case GATEWAY_TIMEOUT -> retried(delta, Fault.throttled(504), within);
                case PLAIN_TEXT_502 -> retried(delta, Fault.plainText(502, "Bad Gateway"), within);
                case CONNECTION_CUT -> retried(delta, Fault.connectionCut(), within);
                case MALFORMED_JSON -> retried(delta, Fault.malformedJson(), within);
                case STORM_BEYOND_RETRIES -> {
                    Fault[] storms = {Fault.throttled(429), Fault.throttled(503), Fault.connectionCut(),
                        Fault.malformedJson(), Fault.throttled(504)};
                    retried(delta, storms[random.nextInt(storms.length)], profile.maxRetries() + 1);
                }
                case TOKEN_REFUSED_ONCE -> refused(delta, 1);
                case TOKEN_REFUSED_TWICE -> refused(delta, 2);
                case FORBIDDEN -> {
                    before.add(() -> tenant.faults().inject(delta, Fault.authorizationDenied(), 1));
                    fatal.add(PermissionException.class);
                }
                case TOKEN_REVOKED_MID_RUN, TOKEN_EXPIRED_MID_RUN, DELTA_EXPIRED_MID_RUN, SINK_THROWS, CANCELLED,
                        CHANGES_DURING_IMPORT -> {
                    atRecord.computeIfAbsent(record, k -> new ArrayList<>()).add(kind);
                    if (kind == Kind.SINK_THROWS) {
                        fatal.add(SinkFailedException.class);
                    } else if (kind == Kind.CANCELLED) {
                        fatal.add(ImportCancelledException.class);
                    } else if (kind == Kind.DELTA_EXPIRED_MID_RUN) {
                        expiry(random);
                    }
                }
                case TOKEN_ENDPOINT_UNAVAILABLE -> before.add(() -> tenant.faults()
                        .inject(RequestKind.TOKEN, Fault.throttled(503), 1));
                case DELTA_EXPIRED_BEFORE -> {
                    before.add(tenant::expireDeltaTokens);
                    expiry(random);
                }
                case SLOW_THEN_FAST -> {
                    // the first Graph requests (users and groups, fetched concurrently) time out once; the
                    // listener then takes the latency away
                    before.add(() -> tenant.faults().latency(Duration.ofMillis(1_200)));
                    retried.merge(RequestKind.USERS_DELTA, 1, Integer::sum);
                    retried.merge(RequestKind.GROUPS_DELTA, 1, Integer::sum);
                }
                case DUPLICATES -> {
                    int every = 1 + random.nextInt(4);
                    before.add(() -> tenant.settings().duplicateEvery(every));
                }
                case REPLAYS -> before.add(() -> tenant.settings().replayNextRounds(1));
                case WRONG_SECRET -> fatal.add(AuthenticationException.class);
                default -> throw new IllegalStateException(kind.name());
            }
        }

        private void expiry(SplittableRandom random) {
            ExpiryResponse response = random.nextBoolean() ? ExpiryResponse.SYNC_STATE_NOT_FOUND
                    : ExpiryResponse.RESYNC_REQUIRED;
            before.add(() -> tenant.settings().expiryResponse(response));
            if (profile.failOnExpiry()) {
                fatal.add(ResyncRequiredException.class);
            }
        }

        /** Faults that cost an attempt each: queued on one kind, they add up within one request's retries. */
        private void retried(RequestKind kind, Fault fault, int times) {
            before.add(() -> tenant.faults().inject(kind, fault, times));
            retried.merge(kind, times, Integer::sum);
        }

        /** A 401 makes the connector sign in again and repeat the request once, within the same attempt. */
        private void refused(RequestKind kind, int times) {
            before.add(() -> tenant.faults().inject(kind, Fault.invalidAuthenticationToken(), times));
            refused.merge(kind, times, Integer::sum);
        }

        /**
         * Whether a failure is one this plan can cause. Faults queued on one request kind are consumed by
         * consecutive requests of that kind, so the first request meets them all: it fails when they are more than
         * its attempts, or when two refusals of the token meet.
         */
        boolean mayFailWith(ConnectorException failure, boolean storedLinkExpired) {
            Set<Class<? extends ConnectorException>> possible = new LinkedHashSet<>(fatal);
            for (RequestKind kind : List.of(RequestKind.USERS_DELTA, RequestKind.GROUPS_DELTA, RequestKind.GROUP_MEMBERS,
                    RequestKind.OBJECT)) {
                int attemptsUsed = retried.getOrDefault(kind, 0) + refused.getOrDefault(kind, 0);
                if (attemptsUsed >= profile.maxRetries() + 1) {
                    possible.add(ThrottledException.class);
                    possible.add(TransientConnectorException.class);
                }
                if (refused.getOrDefault(kind, 0) >= 2) {
                    possible.add(AuthenticationException.class);
                }
            }
            boolean expiredBefore = storedLinkExpired || kinds.contains(Kind.DELTA_EXPIRED_BEFORE);
            if (storedLinkExpired && profile.failOnExpiry()) {
                possible.add(ResyncRequiredException.class);
            }
            long midRun = atRecord.values().stream().flatMap(List::stream).filter(k -> k == Kind.DELTA_EXPIRED_MID_RUN)
                    .count();
            if (midRun >= 1) {
                // a round whose link expires after it delivered records stops the import rather than start over
                possible.add(TransientConnectorException.class);
            }
            if ((expiredBefore ? 1 : 0) + midRun >= 2) {
                // the full round that replaces an expired link (or a FULL import's round started again after its own
                // link expired, whatever OnExpiredDelta says) can itself meet an expiry
                possible.add(TransientConnectorException.class);
            }
            return possible.contains(failure.getClass());
        }
    }

    /** One import of the chaos run: its plan applied, the host's sink, and the hooks at delivered records. */
    private static final class Round {
        final Plan plan;
        final TenantMutator mutator;
        final HostReplica host;
        final SimulatedEntraTenant tenant;
        final Cancellation cancellation = Cancellation.create();
        final AtomicInteger delivered = new AtomicInteger();
        final AtomicBoolean hung = new AtomicBoolean();
        final Thread importer = Thread.currentThread();
        final List<ChangeRecord> recordsSeen = new ArrayList<>();
        boolean changedDuringImport;

        Round(TenantFixture fixture, Plan plan, TenantMutator mutator, HostReplica host) {
            this.plan = plan;
            this.mutator = mutator;
            this.host = host;
            this.tenant = fixture.tenant();
            plan.before.forEach(Runnable::run);
        }

        void deliver(ChangeRecord record) throws Exception {
            int n = delivered.incrementAndGet();
            for (Kind kind : plan.atRecord.getOrDefault(n, List.of())) {
                switch (kind) {
                    case TOKEN_REVOKED_MID_RUN -> tenant.revokeAccessTokens();
                    case TOKEN_EXPIRED_MID_RUN -> tenant.clock().advance(Duration.ofHours(2));
                    case DELTA_EXPIRED_MID_RUN -> tenant.expireDeltaTokens();
                    case CANCELLED -> cancellation.cancel();
                    case CHANGES_DURING_IMPORT -> {
                        mutator.mutate(3);
                        changedDuringImport = true;
                    }
                    case SINK_THROWS -> throw new IllegalStateException("the host's database refused record " + n);
                    default -> throw new IllegalStateException(kind.name());
                }
            }
            if (recordsSeen.size() < 100_000) {
                recordsSeen.add(record);
            }
            host.accept(record);
        }

        ProgressListener listener() {
            return new ProgressListener() {
                @Override
                public void retryScheduled(String objectType, int attempt, Duration wait, String reason) {
                    tenant.faults().latency(Duration.ZERO); // a slow Graph recovers after the first timeout
                }
            };
        }

        void hung() {
            hung.set(true);
            importer.interrupt();
        }
    }
}
