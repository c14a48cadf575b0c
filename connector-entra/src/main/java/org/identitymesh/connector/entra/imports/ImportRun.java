package org.identitymesh.connector.entra.imports;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.ImportCancelledException;
import org.identitymesh.connector.api.ImportMode;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.entra.config.EntraConfig;
import org.identitymesh.connector.entra.delta.ChainEvent;
import org.identitymesh.connector.entra.delta.DeltaChain;
import org.identitymesh.connector.entra.delta.DeltaPage;
import org.identitymesh.connector.entra.delta.DeltaResource;
import org.identitymesh.connector.entra.delta.Delivery;
import org.identitymesh.connector.entra.delta.ImportContext;
import org.identitymesh.connector.entra.graph.DeltaLinkExpiredException;
import org.identitymesh.connector.entra.graph.GraphClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import, used once: a round per configured resource ({@link ResourceTypes}), each from its stored deltaLink,
 * its checkpoint position, or in full. The rounds are fetched concurrently by {@link DeltaChain}s, each at most two
 * pages ahead on a thread of the provider's shared fetch threads, and every page is delivered on the importing
 * thread, pages of different resources interleaved. This object owns its fetch tasks ({@link FetchTasks}), the queue
 * their events arrive on and the signal that stops them. The fetch tasks log with the SLF4J MDC of the thread that
 * created this object ({@link CallerMdc}). The watermark is assembled only
 * after every round has delivered everything, so a failure anywhere returns none.
 */
public final class ImportRun {

    private static final Logger LOG = LoggerFactory.getLogger(ImportRun.class);

    private final EntraConfig config;
    private final GraphClient graph;
    private final ImportRequest request;
    private final Clock clock;
    private final Delivery delivery;
    private final List<DeltaResource> resources;
    private final ExpiredLinkPolicy expiredLinks;
    private final Map<DeltaResource, Round> rounds = new LinkedHashMap<>();
    private final Cancellation stop = Cancellation.create();
    private final BlockingQueue<ChainEvent> events = new LinkedBlockingQueue<>();
    private final FetchTasks fetchers;

    /**
     * Prepares an import. Call it on the thread that called {@code importChanges}: its MDC is the one the fetch
     * threads log with.
     *
     * @param config        the connector configuration
     * @param graph         the Graph client
     * @param request       what the host asked for
     * @param sink          where records go
     * @param clock         for the elapsed time
     * @param fetchThreads  runs the chains; shared with other imports, so it must start a task at once (never
     *                      queue it behind another import's) and never refuse one
     */
    public ImportRun(EntraConfig config, GraphClient graph, ImportRequest request, ChangeSink sink, Clock clock,
            Executor fetchThreads) {
        this.config = config;
        this.graph = graph;
        this.request = request;
        this.clock = clock;
        this.delivery = new Delivery(sink, request.progressListener());
        this.resources = ResourceTypes.configured(new ImportContext(config, graph, request.cancellation(), delivery));
        this.expiredLinks = new ExpiredLinkPolicy(config.expiredDeltaPolicy());
        this.fetchers = new FetchTasks(fetchThreads, CallerMdc.capture());
    }

    /**
     * Runs the import.
     *
     * @return the result with the new watermark
     */
    public ImportResult run() {
        Instant started = clock.instant();
        Watermark previous = request.watermark()
                .map(text -> Watermark.decode(text, config.tenantId(), graph.links())).orElse(null);
        Checkpoint resumeFrom = request.checkpoint()
                .map(text -> Checkpoint.decode(text, config.tenantId(), graph.links())).orElse(null);
        try {
            for (DeltaResource resource : resources) {
                rounds.put(resource, resumeFrom != null ? resume(resource, resumeFrom) : start(resource, previous));
            }
            deliverUntilEveryRoundEnds();
            request.cancellation().throwIfCancelled();
        } finally {
            stop.cancel();
            graph.abort(stop);
            fetchers.interruptAll();
            awaitFetchers();
            delivery.drain();
        }
        return result(Duration.between(started, clock.instant()));
    }

    /**
     * Delivers the pages of every round as they arrive, on this thread, until every round has its deltaLink. Pages of
     * different resources interleave; within a resource they come in Graph's order.
     */
    private void deliverUntilEveryRoundEnds() {
        long open = rounds.values().stream().filter(r -> r.chain() != null).count();
        while (open > 0) {
            delivery.drain();
            request.cancellation().throwIfCancelled();
            ChainEvent event;
            try {
                event = events.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImportCancelledException("The import was interrupted; no watermark was returned.");
            }
            DeltaResource resource = event == null ? null : resourceOf(event.chain());
            if (resource == null) {
                continue; // nothing yet, or a chain that was replaced after its link expired
            }
            if (event instanceof ChainEvent.Page page) {
                deliver(resource, page.page());
            } else if (event instanceof ChainEvent.Failed failed) {
                rounds.put(resource, afterFailure(resource, failed.failure()));
            } else {
                open--; // ChainEvent.End: the last page already set the round's deltaLink
            }
        }
    }

    private DeltaResource resourceOf(DeltaChain chain) {
        for (Map.Entry<DeltaResource, Round> e : rounds.entrySet()) {
            if (e.getValue().chain() == chain) {
                return e.getKey();
            }
        }
        return null;
    }

    private void deliver(DeltaResource resource, DeltaPage page) {
        Round round = rounds.get(resource);
        long pages = resource.roundStats().pageDelivered();
        resource.handle(page, round.full());
        round.delivered(!page.objects().isEmpty(), page.nextLink(), page.deltaLink());
        round.chain().delivered();
        delivery.pageDelivered(resource.roundStats().objectType(), pages, page.objects().size(),
                resource.roundStats().seen());
        delivery.checkpoint(checkpoint().encode());
    }

    /** A chain failed: an expired link may be replaced by a full round; anything else ends the import. */
    private Round afterFailure(DeltaResource resource, RuntimeException failure) {
        if (!(failure instanceof DeltaLinkExpiredException expired)) {
            throw failure;
        }
        Round round = rounds.get(resource);
        FullRoundReason reason = expiredLinks.replacement(resource.name(), resource.roundStats().objectType(), round,
                expired);
        LOG.warn("Graph no longer knows the {} {} link (request-id {}): {}", resource.name(),
                round.full() ? "full round's next" : "delta", expired.requestId(),
                round.full() ? "starting the round again" : "running a full round");
        return launch(resource, initial(resource), reason, true, false);
    }

    /**
     * Waits for the fetchers to end, so that no request of this import is still on its way when importChanges
     * returns or throws (a fetcher may be inside a request when a failure stops the import).
     */
    private void awaitFetchers() {
        try {
            if (!fetchers.awaitAll(config.requestTimeout().plusSeconds(1))) {
                LOG.warn("A Graph request of a stopped import is still running after the request timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where every round stands after the page just delivered. */
    private Checkpoint checkpoint() {
        Map<String, Checkpoint.Position> positions = new LinkedHashMap<>();
        rounds.forEach((resource, round) -> positions.put(resource.name(), new Checkpoint.Position(round.next(),
                resource.fingerprint(), round.finished() ? null
                        : round.full() ? round.reason().name() : Checkpoint.DELTA)));
        return Checkpoint.of(config.tenantId(), positions);
    }

    /** Continues a resource from a checkpoint: where its round stood, with the same reason. */
    private Round resume(DeltaResource resource, Checkpoint checkpoint) {
        Checkpoint.Position position = checkpoint.position(resource.name()).orElseThrow(() ->
                new WatermarkRejectedException("The checkpoint has no position for " + resource.name()
                        + ", which this configuration imports; no request was sent. Run a FULL import."));
        if (!position.fingerprint().equals(resource.fingerprint())) {
            throw new WatermarkRejectedException("The configuration changed what " + resource.name()
                    + " selects since the checkpoint was made; no request was sent. Run a FULL import.");
        }
        if (position.finished()) {
            return Round.finished(position.link());
        }
        FullRoundReason reason;
        try {
            reason = position.roundReason().equals(Checkpoint.DELTA) ? null
                    : FullRoundReason.valueOf(position.roundReason());
        } catch (IllegalArgumentException e) {
            throw new WatermarkRejectedException("The checkpoint names an unknown round; no request was sent. Run a "
                    + "FULL import.");
        }
        // the stopped import delivered the round's earlier pages
        return launch(resource, position.link(), reason, false, true);
    }

    private Round start(DeltaResource resource, Watermark previous) {
        if (request.startsFromNow()) {
            // Graph answers $deltatoken=latest with no objects and a deltaLink at the current state
            return launch(resource, initial(resource) + "&$deltatoken=latest", null, false, false);
        }
        if (request.mode() == ImportMode.FULL) {
            return launch(resource, initial(resource), FullRoundReason.REQUESTED, false, false);
        }
        if (resource.alwaysFull()) {
            return launch(resource, initial(resource), FullRoundReason.ALWAYS_FULL, false, false);
        }
        Watermark.Cursor cursor = previous == null ? null : previous.cursor(resource.name()).orElse(null);
        if (cursor == null) {
            return launch(resource, initial(resource), FullRoundReason.FIRST_RUN, false, false);
        }
        if (!cursor.fingerprint().equals(resource.fingerprint())) {
            LOG.info("The {} selection or scope changed since the watermark was made: running a full round",
                    resource.name());
            return launch(resource, initial(resource), FullRoundReason.CONFIGURATION_CHANGED, false, false);
        }
        return launch(resource, cursor.deltaLink(), null, false, false);
    }

    private Round launch(DeltaResource resource, String start, FullRoundReason reason, boolean replacesExpiredRound,
            boolean deliveredBefore) {
        boolean full = reason != null;
        delivery.roundStarted(resource.roundStats().objectType(), full);
        DeltaChain chain = new DeltaChain(graph, new DeltaChain.RoundStart(resource.name(), start,
                resource.prefer(full)), resource.roundStats(), stop, events);
        fetchers.start(chain);
        return new Round(chain, reason, start, replacesExpiredRound, deliveredBefore);
    }

    private String initial(DeltaResource resource) {
        return graph.links().deltaStart(resource.name()) + "?$select=" + String.join(",", resource.select());
    }

    private ImportResult result(Duration elapsed) {
        Map<String, Watermark.Cursor> cursors = new LinkedHashMap<>();
        Map<String, ImportResult.TypeResult> results = new LinkedHashMap<>();
        rounds.forEach((resource, round) -> {
            cursors.put(resource.name(), new Watermark.Cursor(round.next(), resource.fingerprint()));
            for (ImportResult.TypeResult r : resource.results(round.reason())) {
                results.put(r.objectType(), r);
                delivery.roundFinished(r);
            }
        });
        ImportResult result = new ImportResult(Watermark.of(config.tenantId(), cursors).encode(), results, elapsed);
        if (LOG.isInfoEnabled()) {
            LOG.info("Entra import of tenant {} finished in {} ms: {}", config.tenantId(), elapsed.toMillis(),
                    results.values().stream().map(ImportRun::summary).collect(Collectors.joining("; ")));
        }
        return result;
    }

    private static String summary(ImportResult.TypeResult r) {
        return r.objectType() + " " + (r.completeSnapshot() ? "full (" + r.fullRoundReason() + ")" : "delta")
                + ": seen " + r.seen() + ", upserted " + r.upserted() + ", deleted " + r.deleted() + ", filtered "
                + r.filteredOut() + ", pages " + r.pages() + ", requests " + r.requests() + ", retries " + r.retries();
    }
}
