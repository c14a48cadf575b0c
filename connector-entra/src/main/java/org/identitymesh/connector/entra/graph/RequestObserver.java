package org.identitymesh.connector.entra.graph;

import java.time.Duration;

/** Told about every request sent and every retry scheduled, for statistics and progress. */
public interface RequestObserver {

    /** Ignores everything. */
    RequestObserver NONE = new RequestObserver() {
        @Override
        public void requestSent() {
        }

        @Override
        public void retryScheduled(int attempt, Duration wait, String reason) {
        }
    };

    /** A request is about to be sent (retries included). */
    void requestSent();

    /**
     * A request failed and will be repeated.
     *
     * @param attempt 1 for the first retry
     * @param wait    the wait before it
     * @param reason  for example {@code HTTP 429 TooManyRequests}
     */
    void retryScheduled(int attempt, Duration wait, String reason);
}
