package org.identitymesh.connector.entra.delta;

import java.time.Duration;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.entra.graph.RequestObserver;

/**
 * The running counts of one object type during an import, changed only through its methods. Objects, records and
 * pages are counted on the importing thread only; requests and retries also on fetcher threads, so those methods
 * and {@link #result} are synchronized.
 */
public final class TypeStats implements RequestObserver {

    private final String objectType;
    private final Delivery delivery;
    private long seen;
    private long upserted;
    private long deleted;
    private long filteredOut;
    private long pages;
    private long requests;
    private long retries;
    private Duration waited = Duration.ZERO;

    /**
     * Starts the counts of an object type.
     *
     * @param objectType the type
     * @param delivery   where retries are reported
     */
    public TypeStats(String objectType, Delivery delivery) {
        this.objectType = objectType;
        this.delivery = delivery;
    }

    /**
     * The object type counted.
     *
     * @return its name
     */
    public String objectType() {
        return objectType;
    }

    /**
     * Counts objects that Graph sent or a read returned.
     *
     * @param count how many
     */
    public void seen(long count) {
        seen += count;
    }

    /**
     * Counts objects outside the configured scope.
     *
     * @param count how many
     */
    public void filteredOut(long count) {
        filteredOut += count;
    }

    /**
     * Counts a record handed to the sink.
     *
     * @param operation its operation
     */
    public void delivered(ChangeRecord.Operation operation) {
        if (operation == ChangeRecord.Operation.UPSERT) {
            upserted++;
        } else {
            deleted++;
        }
    }

    /**
     * Counts a page delivered.
     *
     * @return the pages delivered so far, this one included
     */
    public long pageDelivered() {
        return ++pages;
    }

    /**
     * The objects seen so far.
     *
     * @return the count
     */
    public long seen() {
        return seen;
    }

    @Override
    public synchronized void requestSent() {
        requests++;
    }

    @Override
    public synchronized void retryScheduled(int attempt, Duration wait, String reason) {
        retries++;
        waited = waited.plus(wait);
        delivery.retryScheduled(objectType, attempt, wait, reason);
    }

    /**
     * The figures of the round.
     *
     * @param reason why the round was full, or {@code null} for a delta round
     * @return the result
     */
    public synchronized ImportResult.TypeResult result(FullRoundReason reason) {
        return new ImportResult.TypeResult(objectType, reason != null, reason, seen, upserted, deleted, filteredOut,
                pages, requests, retries, waited);
    }
}
