package org.identitymesh.connector.entra.delta;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ProgressListener;
import org.identitymesh.connector.api.SinkFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands records to the host's sink and events to its progress listener, on the importing thread only: events that
 * happen on a fetcher thread (a retry) wait in a queue until the importing thread {@linkplain #drain() drains}
 * it. The listener must not break the import.
 */
public final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private final ChangeSink sink;
    private final ProgressListener listener;
    private final Thread importing = Thread.currentThread();
    private final Queue<Runnable> fromOtherThreads = new ConcurrentLinkedQueue<>();

    /**
     * Creates the delivery of the import that runs on the current thread.
     *
     * @param sink     where records go
     * @param listener where progress goes
     */
    public Delivery(ChangeSink sink, ProgressListener listener) {
        this.sink = sink;
        this.listener = listener;
    }

    /** Tells the listener what happened on other threads since the last call. Importing thread only. */
    public void drain() {
        for (Runnable event; (event = fromOtherThreads.poll()) != null; ) {
            notify(event);
        }
    }

    /**
     * Hands a record to the sink.
     *
     * @param record the record
     * @throws SinkFailedException when the sink throws
     */
    public void deliver(ChangeRecord record) {
        try {
            sink.accept(record);
        } catch (Exception e) {
            throw new SinkFailedException(record.objectType() + " " + record.externalId() + " "
                    + record.operation(), e);
        }
    }

    /**
     * Hands a checkpoint to the sink.
     *
     * @param checkpoint the encoded checkpoint
     * @throws SinkFailedException when the sink throws
     */
    public void checkpoint(String checkpoint) {
        try {
            sink.checkpoint(checkpoint);
        } catch (Exception e) {
            throw new SinkFailedException("a checkpoint", e);
        }
    }

    /**
     * A round of an object type started.
     *
     * @param objectType the type
     * @param fullRound  whether it is full
     */
    public void roundStarted(String objectType, boolean fullRound) {
        notify(() -> listener.roundStarted(objectType, fullRound));
    }

    /**
     * A page was delivered.
     *
     * @param objectType the round's type
     * @param page       the page's number in the round, from 1
     * @param objects    the objects on it
     * @param total      the objects seen in the round so far
     */
    public void pageDelivered(String objectType, long page, int objects, long total) {
        notify(() -> listener.pageDelivered(objectType, page, objects, total));
    }

    /**
     * A request will be repeated; told on the importing thread, now or at the next {@link #drain()}.
     *
     * @param objectType the type whose request failed
     * @param attempt    1 for the first retry
     * @param wait       the wait before it
     * @param reason     why
     */
    public void retryScheduled(String objectType, int attempt, Duration wait, String reason) {
        Runnable event = () -> listener.retryScheduled(objectType, attempt, wait, reason);
        if (Thread.currentThread() == importing) {
            notify(event);
        } else {
            fromOtherThreads.add(event);
        }
    }

    /**
     * An object type's round finished.
     *
     * @param result its figures
     */
    public void roundFinished(ImportResult.TypeResult result) {
        notify(() -> listener.roundFinished(result));
    }

    private static void notify(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("The progress listener threw; the import goes on", e);
        }
    }
}
