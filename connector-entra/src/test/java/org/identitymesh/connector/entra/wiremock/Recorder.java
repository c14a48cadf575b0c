package org.identitymesh.connector.entra.wiremock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ProgressListener;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.testkit.HostReplica;
import org.junit.jupiter.api.function.Executable;

/**
 * A host: applies every record to a {@link HostReplica}, keeps the records in delivery order, and listens to
 * retries. Records delivered by an import that failed stay applied, as a host keeps them.
 */
final class Recorder implements ChangeSink, ProgressListener {

    /** One {@code retryScheduled} event. */
    record Retry(String objectType, int attempt, Duration delay, String reason) {
    }

    final HostReplica replica = new HostReplica(new EntraIdProvider().descriptor());
    final List<ChangeRecord> records = new ArrayList<>();
    final List<Retry> retries = new ArrayList<>();

    /** Runs one import into the replica; {@link #records} then holds only this import's records. */
    ImportResult run(Connector connector, ImportRequest request) {
        records.clear();
        retries.clear();
        replica.beginImport();
        ImportResult result = connector.importChanges(request.withProgressListener(this), this);
        replica.finishImport(result);
        return result;
    }

    /** Runs an import that must fail with {@code type}, checking that no secret is in its messages. */
    <T extends Throwable> T fail(Class<T> type, Connector connector, ImportRequest request) {
        records.clear();
        retries.clear();
        replica.beginImport();
        Executable call = () -> connector.importChanges(request.withProgressListener(this), this);
        return WireMockGraph.fails(type, call);
    }

    /** The records of one object type, in delivery order. */
    List<ChangeRecord> of(String objectType) {
        return records.stream().filter(r -> r.objectType().equals(objectType)).toList();
    }

    @Override
    public void accept(ChangeRecord record) {
        records.add(record);
        replica.accept(record);
    }

    @Override
    public void retryScheduled(String objectType, int attempt, Duration delay, String reason) {
        retries.add(new Retry(objectType, attempt, delay, reason));
    }
}
