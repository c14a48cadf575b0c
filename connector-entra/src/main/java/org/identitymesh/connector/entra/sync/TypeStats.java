package org.identitymesh.connector.entra.sync;

import java.time.Duration;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.entra.graph.RequestObserver;

/** The running counts of one object type during an import. Used on one thread at a time. */
final class TypeStats implements RequestObserver {

    private final String objectType;
    private final Delivery delivery;
    long seen;
    long upserted;
    long deleted;
    long filteredOut;
    long pages;
    private long requests;
    private long retries;
    private Duration waited = Duration.ZERO;

    TypeStats(String objectType, Delivery delivery) {
        this.objectType = objectType;
        this.delivery = delivery;
    }

    String objectType() {
        return objectType;
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

    synchronized ImportResult.TypeResult result(boolean completeSnapshot, FullRoundReason reason) {
        return new ImportResult.TypeResult(objectType, completeSnapshot, reason, seen, upserted, deleted, filteredOut,
                pages, requests, retries, waited);
    }
}
