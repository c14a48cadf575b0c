package org.identitymesh.connector.entra.sync;

import java.time.Duration;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ProgressListener;
import org.identitymesh.connector.api.SinkFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands records to the host's sink and events to its progress listener, which must not break the import. */
final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private final ChangeSink sink;
    private final ProgressListener listener;

    Delivery(ChangeSink sink, ProgressListener listener) {
        this.sink = sink;
        this.listener = listener;
    }

    void deliver(ChangeRecord record) {
        try {
            sink.accept(record);
        } catch (Exception e) {
            throw new SinkFailedException(record.objectType() + " " + record.externalId() + " "
                    + record.operation(), e);
        }
    }

    void roundStarted(String objectType, boolean fullRound) {
        notify(() -> listener.roundStarted(objectType, fullRound));
    }

    void pageDelivered(String objectType, long page, int objects, long total) {
        notify(() -> listener.pageDelivered(objectType, page, objects, total));
    }

    void retryScheduled(String objectType, int attempt, Duration wait, String reason) {
        notify(() -> listener.retryScheduled(objectType, attempt, wait, reason));
    }

    void roundFinished(ImportResult.TypeResult result) {
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
