package org.identitymesh.connector.entra.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ImportCancelledException;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.ImportMode;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.api.ResyncRequiredException;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.entra.config.EntraConfig;
import org.identitymesh.connector.entra.config.ExpiredDeltaPolicy;
import org.identitymesh.connector.entra.delta.Watermark;
import org.identitymesh.connector.entra.graph.DeltaLinkExpiredException;
import org.identitymesh.connector.entra.graph.GraphClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import: users, and groups with their memberships, each resource a delta round from its stored deltaLink or a
 * full round. The two rounds are fetched concurrently, each at most two pages ahead; every record is delivered on
 * the importing thread, page by page, users' and groups' pages interleaved. The watermark is assembled only after
 * every round has delivered everything, so a failure anywhere returns none.
 */
public final class ImportRun {

    private static final Logger LOG = LoggerFactory.getLogger(ImportRun.class);
    private static final String DELTA = "delta";

    private final EntraConfig config;
    private final GraphClient graph;
    private final ImportRequest request;
    private final Delivery delivery;
    private final List<ResourceSync> resources = new ArrayList<>();
    private final Clock clock;

    /**
     * Prepares an import.
     *
     * @param config  the connector configuration
     * @param graph   the Graph client
     * @param request what the host asked for
     * @param sink    where records go
     * @param clock   for the elapsed time
     */
    public ImportRun(EntraConfig config, GraphClient graph, ImportRequest request, ChangeSink sink, Clock clock) {
        this.config = config;
        this.graph = graph;
        this.request = request;
        this.clock = clock;
        this.delivery = new Delivery(sink, request.progressListener());
        GraphReads reads = new GraphReads(graph, config.graphV1(), request.cancellation());
        if (config.importUsers()) {
            resources.add(new UserSync(config, reads, delivery));
        }
        if (config.importGroups()) {
            resources.add(new GroupSync(config, reads, delivery));
        }
    }

    /**
     * Runs the import.
     *
     * @return the result with the new watermark
     */
    public ImportResult run() {
        Instant started = clock.instant();
        Watermark previous = request.watermark()
                .map(text -> Watermark.decode(text, config.tenantId(), graph.links()))
                .orElse(null);
        Watermark resumeFrom = request.checkpoint()
                .map(text -> Watermark.decodeCheckpoint(text, config.tenantId(), graph.links()))
                .orElse(null);
        Map<ResourceSync, Round> rounds = new LinkedHashMap<>();
        Cancellation stop = Cancellation.create();
        BlockingQueue<DeltaChain.Event> events = new LinkedBlockingQueue<>();
        ExecutorService fetchers = Executors.newFixedThreadPool(Math.max(1, resources.size()), runnable -> {
            Thread thread = new Thread(runnable, "entra-fetch");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (ResourceSync resource : resources) {
                rounds.put(resource, resumeFrom != null ? resume(resource, resumeFrom, stop, events, fetchers)
                        : start(resource, previous, stop, events, fetchers));
            }
            deliver(rounds, stop, events, fetchers);
            request.cancellation().throwIfCancelled();
        } finally {
            stop.cancel();
            graph.abort(stop);
            fetchers.shutdownNow();
            awaitFetchers(fetchers);
            delivery.drain();
        }
        Map<String, Watermark.Cursor> cursors = new LinkedHashMap<>();
        Map<String, ImportResult.TypeResult> results = new LinkedHashMap<>();
        rounds.forEach((resource, round) -> {
            cursors.put(resource.resource(), new Watermark.Cursor(round.next, resource.fingerprint()));
            for (ImportResult.TypeResult r : resource.results(round.reason)) {
                results.put(r.objectType(), r);
                delivery.roundFinished(r);
            }
        });
        Duration elapsed = Duration.between(started, clock.instant());
        ImportResult result = new ImportResult(Watermark.of(config.tenantId(), cursors).encode(), results, elapsed);
        LOG.info("Entra import of tenant {} finished in {} ms: {}", config.tenantId(), elapsed.toMillis(),
                results.values().stream().map(ImportRun::summary).collect(Collectors.joining("; ")));
        return result;
    }

    /**
     * Delivers the pages of every round as they arrive, on this thread, until every round has its deltaLink. Pages of
     * users and groups interleave; within a resource they come in Graph's order.
     */
    private void deliver(Map<ResourceSync, Round> rounds, Cancellation stop, BlockingQueue<DeltaChain.Event> events,
            ExecutorService fetchers) {
        long open = rounds.values().stream().filter(r -> r.chain != null).count();
        while (open > 0) {
            delivery.drain();
            request.cancellation().throwIfCancelled();
            DeltaChain.Event event;
            try {
                event = events.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImportCancelledException("The import was interrupted; no watermark was returned.");
            }
            if (event == null) {
                continue;
            }
            Map.Entry<ResourceSync, Round> entry = rounds.entrySet().stream()
                    .filter(e -> e.getValue().chain != null && e.getValue().chain == event.chain()).findFirst()
                    .orElse(null);
            if (entry == null) {
                continue; // a chain that was replaced after its delta link expired
            }
            ResourceSync resource = entry.getKey();
            Round round = entry.getValue();
            if (event.failure() != null) {
                rounds.put(resource, afterFailure(resource, round, event.failure(), stop, events, fetchers));
            } else if (event.page() != null) {
                resource.roundStats().pages++;
                resource.handle(event.page(), round.full());
                round.deliveredRecords |= !event.page().objects().isEmpty();
                round.chain.delivered();
                round.next = event.page().last() ? event.page().deltaLink() : event.page().nextLink();
                round.finished = event.page().last();
                delivery.pageDelivered(resource.roundStats().objectType(), resource.roundStats().pages,
                        event.page().objects().size(), resource.roundStats().seen);
                delivery.checkpoint(checkpoint(rounds));
            } else {
                open--; // the last page already set round.next to the deltaLink
            }
        }
    }

    /**
     * Waits for the fetchers to end, so that no request of this import is still on its way when importChanges
     * returns or throws (a fetcher may be inside a request when a failure stops the import).
     */
    private void awaitFetchers(ExecutorService fetchers) {
        try {
            if (!fetchers.awaitTermination(config.requestTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("A Graph request of a stopped import is still running after the request timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where every round stands after the page just delivered. */
    private String checkpoint(Map<ResourceSync, Round> rounds) {
        Map<String, Watermark.Cursor> cursors = new LinkedHashMap<>();
        rounds.forEach((resource, round) -> cursors.put(resource.resource(), round.finished
                ? new Watermark.Cursor(round.next, resource.fingerprint())
                : new Watermark.Cursor(round.next, resource.fingerprint(),
                        round.reason == null ? DELTA : round.reason.name())));
        return Watermark.checkpoint(config.tenantId(), cursors).encode();
    }

    /** Continues a resource from a checkpoint: where its round stood, with the same reason. */
    private Round resume(ResourceSync resource, Watermark checkpoint, Cancellation stop,
            BlockingQueue<DeltaChain.Event> events, ExecutorService fetchers) {
        Watermark.Cursor cursor = checkpoint.cursor(resource.resource()).orElseThrow(() ->
                new WatermarkRejectedException("The checkpoint has no position for " + resource.resource()
                        + ", which this configuration imports; no request was sent. Run a FULL import."));
        if (!cursor.fingerprint().equals(resource.fingerprint())) {
            throw new WatermarkRejectedException("The configuration changed what " + resource.resource()
                    + " selects since the checkpoint was made; no request was sent. Run a FULL import.");
        }
        if (cursor.finished()) {
            Round done = new Round(null, null);
            done.next = cursor.deltaLink();
            done.finished = true;
            return done;
        }
        FullRoundReason reason;
        try {
            reason = cursor.roundReason().equals(DELTA) ? null : FullRoundReason.valueOf(cursor.roundReason());
        } catch (IllegalArgumentException e) {
            throw new WatermarkRejectedException("The checkpoint names an unknown round; no request was sent. Run a "
                    + "FULL import.");
        }
        Round resumed = launch(resource, cursor.deltaLink(), reason, stop, events, fetchers);
        resumed.deliveredRecords = true; // the stopped import delivered the round's earlier pages
        return resumed;
    }

    private Round afterFailure(ResourceSync resource, Round round, RuntimeException failure, Cancellation stop,
            BlockingQueue<DeltaChain.Event> events, ExecutorService fetchers) {
        if (!(failure instanceof DeltaLinkExpiredException expired)) {
            throw failure;
        }
        if (round.restartedAfterExpiry) {
            // the round that replaced an expired link was refused as expired too: never let the internal exception
            // out of importChanges, whose contract allows only the API's exceptions
            throw new TransientConnectorException("Graph refused the " + resource.resource() + " full round that "
                    + "replaces an expired " + (round.reason == FullRoundReason.DELTA_EXPIRED ? "delta link" : "round")
                    + " as expired too" + requestIdText(expired) + ". Run the import again later.",
                    expired.requestId(), expired);
        }
        if (!round.full() && config.expiredDeltaPolicy() == ExpiredDeltaPolicy.FAIL) {
            throw new ResyncRequiredException(resource.roundStats().objectType(), "Graph no longer knows the "
                    + resource.resource() + " delta link (it expires after 7 days without use) and OnExpiredDelta is "
                    + "Fail: run a FULL import" + requestIdText(expired) + ".", expired.requestId(), null);
        }
        if (round.deliveredRecords) {
            // starting over within this import would lose deletions: an object delivered before the restart and
            // deleted before it is in neither the new round nor the changes its delta link will report, and the host,
            // having received it in this import, would not prune it. The previous watermark stays; the next import
            // starts a full round before delivering anything.
            throw new TransientConnectorException("Graph no longer knows the " + resource.resource() + " round's next "
                    + "link after part of the round was delivered" + requestIdText(expired) + "; starting the round "
                    + "over within this import could keep objects deleted meanwhile, so it stops without a watermark. "
                    + "Run the import again: it reads " + resource.resource() + " in full.", expired.requestId(),
                    expired);
        }
        // a full round's own next link can expire too; OnExpiredDelta is about replacing a delta by a full round, so a
        // full round starts again for its own reason, and a delta round is replaced by a full one
        FullRoundReason reason = round.full() ? round.reason : FullRoundReason.DELTA_EXPIRED;
        LOG.warn("Graph no longer knows the {} {} link (request-id {}): {}", resource.resource(),
                round.full() ? "full round's next" : "delta", expired.requestId(),
                round.full() ? "starting the round again" : "running a full round");
        Round replacement = launch(resource, initial(resource), reason, stop, events, fetchers);
        replacement.restartedAfterExpiry = true;
        return replacement;
    }

    private static String requestIdText(DeltaLinkExpiredException expired) {
        return expired.requestId() == null ? "" : " (Graph request-id " + expired.requestId() + ")";
    }

    private Round start(ResourceSync resource, Watermark previous, Cancellation stop,
            BlockingQueue<DeltaChain.Event> events, ExecutorService fetchers) {
        String fingerprint = resource.fingerprint();
        if (request.mode() == ImportMode.FULL) {
            return launch(resource, initial(resource), FullRoundReason.REQUESTED, stop, events, fetchers);
        }
        if (resource.alwaysFull()) {
            return launch(resource, initial(resource), FullRoundReason.ALWAYS_FULL, stop, events, fetchers);
        }
        Watermark.Cursor cursor = previous == null ? null : previous.cursor(resource.resource()).orElse(null);
        if (cursor == null) {
            return launch(resource, initial(resource), FullRoundReason.FIRST_RUN, stop, events, fetchers);
        }
        if (!cursor.fingerprint().equals(fingerprint)) {
            LOG.info("The {} selection or scope changed since the watermark was made: running a full round",
                    resource.resource());
            return launch(resource, initial(resource), FullRoundReason.CONFIGURATION_CHANGED, stop, events, fetchers);
        }
        return launch(resource, cursor.deltaLink(), null, stop, events, fetchers);
    }

    private Round launch(ResourceSync resource, String start, FullRoundReason reason, Cancellation stop,
            BlockingQueue<DeltaChain.Event> events, ExecutorService fetchers) {
        boolean full = reason != null;
        delivery.roundStarted(resource.roundStats().objectType(), full);
        DeltaChain chain = new DeltaChain(graph, resource.resource(), start, resource.prefer(full),
                resource.roundStats(), stop, events);
        fetchers.execute(chain);
        Round round = new Round(chain, reason);
        round.next = start;
        return round;
    }

    private String initial(ResourceSync resource) {
        return graph.links().deltaStart(resource.resource()) + "?$select=" + String.join(",", resource.select());
    }

    private static String summary(ImportResult.TypeResult r) {
        return r.objectType() + " " + (r.completeSnapshot() ? "full (" + r.fullRoundReason() + ")" : "delta")
                + ": seen " + r.seen() + ", upserted " + r.upserted() + ", deleted " + r.deleted() + ", filtered "
                + r.filteredOut() + ", pages " + r.pages() + ", requests " + r.requests() + ", retries " + r.retries();
    }

    /**
     * One resource's round: its fetcher ({@code null} when a checkpoint says it had finished), why it is full (or
     * {@code null} for delta), and the link of the next page to deliver, which is the deltaLink once finished.
     */
    private static final class Round {
        private final DeltaChain chain;
        private final FullRoundReason reason;
        private String next;
        private boolean finished;
        /** Whether this round replaces one whose link expired; a second expiry then ends the import. */
        private boolean restartedAfterExpiry;
        /** Whether a page with objects was delivered (in this import or, for a resumed round, before). */
        private boolean deliveredRecords;

        Round(DeltaChain chain, FullRoundReason reason) {
            this.chain = chain;
            this.reason = reason;
        }

        boolean full() {
            return reason != null;
        }
    }
}
