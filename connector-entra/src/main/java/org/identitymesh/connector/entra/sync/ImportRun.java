package org.identitymesh.connector.entra.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.ImportMode;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.api.ResyncRequiredException;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.entra.config.EntraConfig;
import org.identitymesh.connector.entra.config.ExpiredDeltaPolicy;
import org.identitymesh.connector.entra.delta.Watermark;
import org.identitymesh.connector.entra.graph.DeltaLinkExpiredException;
import org.identitymesh.connector.entra.graph.GraphClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import: users, then groups with their memberships, each resource a delta round from its stored deltaLink or
 * a full round, delivered to the host's sink page by page. The watermark is assembled only after every round has
 * delivered everything, so a failure anywhere returns none.
 */
public final class ImportRun {

    private static final Logger LOG = LoggerFactory.getLogger(ImportRun.class);

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
        Map<String, Watermark.Cursor> cursors = new LinkedHashMap<>();
        Map<String, ImportResult.TypeResult> results = new LinkedHashMap<>();
        for (ResourceSync resource : resources) {
            request.cancellation().throwIfCancelled();
            Round round = round(resource, previous);
            cursors.put(resource.resource(), new Watermark.Cursor(round.deltaLink, resource.fingerprint()));
            for (ImportResult.TypeResult r : resource.results(round.reason)) {
                results.put(r.objectType(), r);
                delivery.roundFinished(r);
            }
        }
        Duration elapsed = Duration.between(started, clock.instant());
        ImportResult result = new ImportResult(Watermark.of(config.tenantId(), cursors).encode(), results, elapsed);
        LOG.info("Entra import of tenant {} finished in {} ms: {}", config.tenantId(), elapsed.toMillis(),
                results.values().stream().map(ImportRun::summary).collect(Collectors.joining("; ")));
        return result;
    }

    private Round round(ResourceSync resource, Watermark previous) {
        String fingerprint = resource.fingerprint();
        FullRoundReason reason;
        String start = null;
        if (request.mode() == ImportMode.FULL) {
            reason = FullRoundReason.REQUESTED;
        } else {
            Watermark.Cursor cursor = previous == null ? null : previous.cursor(resource.resource()).orElse(null);
            if (cursor == null) {
                reason = FullRoundReason.FIRST_RUN;
            } else if (!cursor.fingerprint().equals(fingerprint)) {
                reason = FullRoundReason.CONFIGURATION_CHANGED;
                LOG.info("The {} selection or scope changed since the watermark was made: running a full round",
                        resource.resource());
            } else {
                reason = null;
                start = cursor.deltaLink();
            }
        }
        DeltaChain chain = new DeltaChain(graph, resource.resource(), resource.roundStats().objectType(),
                resource.roundStats(), delivery, request.cancellation());
        String initial = graph.links().deltaStart(resource.resource()) + "?$select=" + String.join(",", resource.select());
        try {
            return follow(chain, resource, start == null ? initial : start, reason);
        } catch (DeltaLinkExpiredException e) {
            String objectType = resource.roundStats().objectType();
            if (config.expiredDeltaPolicy() == ExpiredDeltaPolicy.FAIL) {
                throw new ResyncRequiredException(objectType, "Graph no longer knows the " + resource.resource()
                        + " delta link (it expires after 7 days without use) and OnExpiredDelta is Fail: run a FULL "
                        + "import" + (e.requestId() == null ? "" : " (Graph request-id " + e.requestId() + ")") + ".",
                        e.requestId(), null);
            }
            LOG.warn("Graph no longer knows the {} delta link (request-id {}): running a full round",
                    resource.resource(), e.requestId());
            try {
                return follow(chain, resource, initial, FullRoundReason.DELTA_EXPIRED);
            } catch (DeltaLinkExpiredException again) {
                throw new TransientConnectorException("Graph expired the " + resource.resource() + " links again "
                        + "during the full round that replaced an expired delta link"
                        + (again.requestId() == null ? "" : " (Graph request-id " + again.requestId() + ")")
                        + "; no watermark was returned. Run the import again.", again.requestId(), again);
            }
        }
    }

    private Round follow(DeltaChain chain, ResourceSync resource, String start, FullRoundReason reason) {
        boolean full = reason != null;
        delivery.roundStarted(resource.roundStats().objectType(), full);
        String deltaLink = chain.follow(start, resource.prefer(full), page -> resource.handle(page, full));
        return new Round(deltaLink, reason);
    }

    private static String summary(ImportResult.TypeResult r) {
        return r.objectType() + " " + (r.completeSnapshot() ? "full (" + r.fullRoundReason() + ")" : "delta")
                + ": seen " + r.seen() + ", upserted " + r.upserted() + ", deleted " + r.deleted() + ", filtered "
                + r.filteredOut() + ", pages " + r.pages() + ", requests " + r.requests() + ", retries " + r.retries();
    }

    private record Round(String deltaLink, FullRoundReason reason) {
    }
}
