package org.identitymesh.connector.entra.sync;

import java.util.function.Consumer;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.entra.delta.DeltaPage;
import org.identitymesh.connector.entra.delta.DeltaPageParser;
import org.identitymesh.connector.entra.graph.GraphClient;
import org.identitymesh.connector.entra.graph.GraphLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one delta round of a resource from its first link to its deltaLink, page by page: each page is read
 * whole, handed to the page handler (which delivers its records), and only then is the next link followed. Every
 * link is checked before it is followed.
 */
final class DeltaChain {

    private static final Logger LOG = LoggerFactory.getLogger(DeltaChain.class);

    private final GraphClient graph;
    private final String resource;
    private final String objectType;
    private final TypeStats stats;
    private final Delivery delivery;
    private final Cancellation cancellation;

    DeltaChain(GraphClient graph, String resource, String objectType, TypeStats stats, Delivery delivery,
            Cancellation cancellation) {
        this.graph = graph;
        this.resource = resource;
        this.objectType = objectType;
        this.stats = stats;
        this.delivery = delivery;
        this.cancellation = cancellation;
    }

    /**
     * Follows the round.
     *
     * @param start  the first link: the initial query or a stored deltaLink
     * @param prefer the {@code Prefer} header sent with every page
     * @param pages  delivers a page's records
     * @return the round's deltaLink
     */
    String follow(String start, String prefer, Consumer<DeltaPage> pages) {
        String link = start;
        long page = 0;
        while (true) {
            cancellation.throwIfCancelled();
            DeltaPage current = graph.get(link, prefer, DeltaPageParser::parse, stats, cancellation);
            page++;
            stats.pages++;
            pages.accept(current);
            LOG.debug("{} page {}: {} objects from {}", resource, page, current.objects().size(),
                    GraphLinks.redact(link));
            delivery.pageDelivered(objectType, page, current.objects().size(), stats.seen);
            String next = current.last() ? current.deltaLink() : current.nextLink();
            if (!graph.links().isDeltaLink(next, resource)) {
                throw new TransientConnectorException("Graph returned a " + (current.last() ? "deltaLink" : "nextLink")
                        + " outside the configured endpoint's " + resource + "/delta (" + GraphLinks.redact(next)
                        + "); it was not followed and no token was sent there.");
            }
            if (current.last()) {
                return next;
            }
            link = next;
        }
    }
}
