package org.identitymesh.connector.entra.sync;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.entra.delta.DeltaPage;
import org.identitymesh.connector.entra.delta.DeltaPageParser;
import org.identitymesh.connector.entra.graph.GraphClient;
import org.identitymesh.connector.entra.graph.GraphLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one delta round of a resource from its first link to its deltaLink on a background thread, so that the
 * next page is fetched while the importing thread delivers the current one. Each page is read whole, then handed
 * over; the fetcher runs at most {@link #PAGES_AHEAD} pages ahead of delivery, so memory stays bounded by the page
 * size. Every link is checked before it is followed.
 */
final class DeltaChain implements Runnable {

    /** Pages fetched but not yet delivered, at most. */
    static final int PAGES_AHEAD = 2;

    private static final Logger LOG = LoggerFactory.getLogger(DeltaChain.class);

    /** What the fetcher hands to the importing thread: a page, the end of the round, or a failure. */
    record Event(DeltaChain chain, DeltaPage page, String deltaLink, RuntimeException failure) {
    }

    private final GraphClient graph;
    private final String resource;
    private final String start;
    private final String prefer;
    private final TypeStats stats;
    private final Cancellation stop;
    private final BlockingQueue<Event> events;
    private final Semaphore ahead = new Semaphore(PAGES_AHEAD);

    DeltaChain(GraphClient graph, String resource, String start, String prefer, TypeStats stats, Cancellation stop,
            BlockingQueue<Event> events) {
        this.graph = graph;
        this.resource = resource;
        this.start = start;
        this.prefer = prefer;
        this.stats = stats;
        this.stop = stop;
        this.events = events;
    }

    /** The importing thread has delivered one of this chain's pages. */
    void delivered() {
        ahead.release();
    }

    @Override
    public void run() {
        String link = start;
        long page = 0;
        try {
            while (true) {
                ahead.acquire();
                stop.throwIfCancelled();
                DeltaPage current = graph.get(link, prefer, DeltaPageParser::parse, stats, stop);
                page++;
                LOG.debug("{} page {}: {} objects from {}", resource, page, current.objects().size(),
                        GraphLinks.redact(link));
                String next = graph.links().requireFollowable(current.last() ? current.deltaLink()
                        : current.nextLink(), current.last() ? "deltaLink" : "nextLink", resource);
                events.put(new Event(this, current, null, null));
                if (current.last()) {
                    events.put(new Event(this, null, next, null));
                    return;
                }
                link = next;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            events.add(new Event(this, null, null, e));
        }
    }
}
