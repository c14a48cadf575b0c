package org.identitymesh.connector.entra.delta;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import org.identitymesh.connector.api.Cancellation;
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
public final class DeltaChain implements Runnable {

    /** Pages fetched but not yet delivered, at most. */
    static final int PAGES_AHEAD = 2;

    private static final Logger LOG = LoggerFactory.getLogger(DeltaChain.class);

    private final GraphClient graph;
    private final String resource;
    private final String start;
    private final String prefer;
    private final TypeStats stats;
    private final Cancellation stop;
    private final BlockingQueue<ChainEvent> events;
    private final Semaphore ahead = new Semaphore(PAGES_AHEAD);

    /**
     * Prepares a round; {@link #run()} follows it.
     *
     * @param graph  the Graph client
     * @param round  what to read and with which headers
     * @param stats  counts the requests
     * @param stop   ends the chain
     * @param events where pages, the end and a failure go
     */
    public DeltaChain(GraphClient graph, RoundStart round, TypeStats stats, Cancellation stop,
            BlockingQueue<ChainEvent> events) {
        this.graph = graph;
        this.resource = round.resource();
        this.start = round.link();
        this.prefer = round.prefer();
        this.stats = stats;
        this.stop = stop;
        this.events = events;
    }

    /**
     * Where a round starts.
     *
     * @param resource the delta resource, for example {@code users}
     * @param link     the first link: the resource's delta with {@code $select}, a deltaLink, or a checkpoint's link
     * @param prefer   the {@code Prefer} header of every page
     */
    public record RoundStart(String resource, String link, String prefer) {
    }

    /** The importing thread has delivered one of this chain's pages. */
    public void delivered() {
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
                events.put(new ChainEvent.Page(this, current));
                if (current.last()) {
                    events.put(new ChainEvent.End(this));
                    return;
                }
                link = next;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            events.add(new ChainEvent.Failed(this, e));
        }
    }
}
