package org.identitymesh.connector.api;

import java.time.Duration;

/**
 * Receives progress events while an import runs, for progress bars and logs. Every method has an empty default,
 * so a host implements only what it shows. Events arrive on the importing thread; a listener must be quick and
 * must not throw (an exception it throws is logged by the connector and otherwise ignored).
 */
public interface ProgressListener {

    /** A listener that ignores every event. */
    ProgressListener NONE = new ProgressListener() {
    };

    /**
     * An object type's round starts.
     *
     * @param objectType the type
     * @param fullRound  whether the round is a full one
     */
    default void roundStarted(String objectType, boolean fullRound) {
    }

    /**
     * A page was read and its records delivered.
     *
     * @param objectType  the type (for a page carrying several types, the one whose endpoint was read)
     * @param pageNumber  1 for the first page of the round
     * @param objects     objects on the page
     * @param totalSoFar  objects seen in this round so far
     */
    default void pageDelivered(String objectType, long pageNumber, int objects, long totalSoFar) {
    }

    /**
     * A request failed and will be repeated after a wait.
     *
     * @param objectType the type being read
     * @param attempt    1 for the first retry
     * @param wait       how long the connector waits before retrying
     * @param reason     a short reason, for example {@code HTTP 429} or {@code connection reset}
     */
    default void retryScheduled(String objectType, int attempt, Duration wait, String reason) {
    }

    /**
     * A round for an object type finished.
     *
     * @param result the type's result so far
     */
    default void roundFinished(ImportResult.TypeResult result) {
    }
}
