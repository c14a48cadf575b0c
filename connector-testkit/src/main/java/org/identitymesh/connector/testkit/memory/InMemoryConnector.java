package org.identitymesh.connector.testkit.memory;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConfigurationException.Problem;
import org.identitymesh.connector.api.ConnectionTestResult;
import org.identitymesh.connector.api.ConnectionTestResult.Step;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;
import org.identitymesh.connector.api.ImportMode;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.api.ImportResult.TypeResult;
import org.identitymesh.connector.api.SinkFailedException;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.api.secret.Secret;
import org.identitymesh.connector.api.secret.SecretResolutionException;
import org.identitymesh.connector.api.secret.SecretResolver;

/**
 * Reads an {@link InMemoryDirectory} a page at a time and streams what it reads to the sink.
 *
 * <p>A full round reads the objects of each type in the descriptor's order, each UPSERT with every declared
 * attribute ({@code null} when unset); a delta reads the directory's change log from the watermark's position;
 * {@link ImportRequest#fromNow()} reads nothing and returns the log's current position. After each page it hands
 * the sink a checkpoint ({@link InMemoryCheckpoint}) from which {@link ImportRequest#resume(String)} continues,
 * keeping the mode of the import it continues. A full round's watermark is the log position taken <em>before</em> reading,
 * so a change made while the round runs is delivered again by the next delta instead of being lost; a delta's
 * watermark is the position of the last change it delivered.
 */
final class InMemoryConnector implements Connector {

    private static final System.Logger LOG = System.getLogger(InMemoryConnector.class.getName());
    private static final List<String> TYPES = InMemoryConnectorProvider.DESCRIPTOR.objectTypes().stream()
            .map(ObjectType::name).toList();

    private final InMemorySettings settings;
    private final SecretResolver secrets;

    InMemoryConnector(InMemorySettings settings, SecretResolver secrets) {
        this.settings = settings;
        this.secrets = secrets;
    }

    @Override
    public ImportResult importChanges(ImportRequest request, ChangeSink sink) {
        long started = System.nanoTime();
        Optional<Long> since = request.watermark().map(w -> InMemoryWatermark.sequence(w, settings.directory()));
        Optional<InMemoryCheckpoint> resumed = request.checkpoint()
                .map(c -> InMemoryCheckpoint.decode(c, settings.directory()));
        request.cancellation().throwIfCancelled();
        InMemoryDirectory directory = signIn();
        Map<String, Tally> tallies = new LinkedHashMap<>();
        TYPES.forEach(type -> tallies.put(type, new Tally()));

        long position;
        FullRoundReason reason;
        if (resumed.isPresent()) {
            InMemoryCheckpoint from = resumed.get();
            reason = from.round();
            if (reason != null) {
                position = from.position();
                for (int i = from.type(); i < TYPES.size(); i++) {
                    readObjects(directory, i, i == from.type() ? from.afterId() : null, reason, position, request,
                            sink, tallies.get(TYPES.get(i)));
                }
            } else {
                position = readChanges(directory, from.position(), request, sink, tallies);
            }
        } else if (request.startsFromNow()) {
            // the position before anything else: every change from now on is after it
            position = directory.lastSequence();
            Map<String, TypeResult> types = new LinkedHashMap<>();
            tallies.forEach((type, tally) -> types.put(type, tally.result(type, null)));
            return new ImportResult(InMemoryWatermark.of(settings.directory(), position), types,
                    Duration.ofNanos(System.nanoTime() - started));
        } else if (since.isEmpty()) {
            position = directory.lastSequence();
            reason = request.mode() == ImportMode.FULL ? FullRoundReason.REQUESTED : FullRoundReason.FIRST_RUN;
            for (int i = 0; i < TYPES.size(); i++) {
                readObjects(directory, i, null, reason, position, request, sink, tallies.get(TYPES.get(i)));
            }
        } else if (since.get() > directory.lastSequence()) {
            throw new WatermarkRejectedException("The watermark is ahead of directory " + settings.directory()
                    + ", which must have been recreated; run a FULL import.");
        } else {
            reason = null;
            position = readChanges(directory, since.get(), request, sink, tallies);
        }
        // a cancellation signalled while the last page was delivered still returns no watermark
        request.cancellation().throwIfCancelled();

        FullRoundReason round = reason;
        Map<String, TypeResult> types = new LinkedHashMap<>();
        tallies.forEach((type, tally) -> {
            TypeResult result = tally.result(type, round);
            types.put(type, result);
            notify(() -> request.progressListener().roundFinished(result));
        });
        return new ImportResult(InMemoryWatermark.of(settings.directory(), position), types,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Reads one type in full from after {@code afterId}, with a checkpoint after each page. */
    private void readObjects(InMemoryDirectory directory, int typeIndex, String afterId, FullRoundReason reason,
            long start, ImportRequest request, ChangeSink sink, Tally tally) {
        String type = TYPES.get(typeIndex);
        notify(() -> request.progressListener().roundStarted(type, true));
        String after = afterId;
        List<ChangeRecord> page;
        do {
            request.cancellation().throwIfCancelled();
            page = directory.page(type, after, settings.pageSize());
            tally.pages++;
            for (ChangeRecord record : page) {
                deliver(sink, everyAttribute(record), tally);
                after = record.externalId();
            }
            checkpoint(sink, new InMemoryCheckpoint(settings.directory(), reason, start, typeIndex, after));
            long pageNumber = tally.pages;
            int size = page.size();
            notify(() -> request.progressListener().pageDelivered(type, pageNumber, size, tally.upserted));
        } while (page.size() == settings.pageSize());
    }

    private static void checkpoint(ChangeSink sink, InMemoryCheckpoint checkpoint) {
        try {
            sink.checkpoint(checkpoint.encode());
        } catch (Exception e) {
            throw new SinkFailedException("a checkpoint", e);
        }
    }

    /** A full round's UPSERT carries every declared attribute, null when unset, so that a merge clears them. */
    private static ChangeRecord everyAttribute(ChangeRecord record) {
        ObjectType type = InMemoryConnectorProvider.DESCRIPTOR.objectType(record.objectType()).orElseThrow();
        if (record.attributes().size() == type.attributes().size()) {
            return record;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        type.attributes().forEach(a -> attributes.put(a.name(), record.attributes().get(a.name())));
        return new ChangeRecord(record.objectType(), record.externalId(), record.operation(), attributes);
    }

    /** The change log is one feed for every type, so each type reports the feed's pages. */
    private long readChanges(InMemoryDirectory directory, long since, ImportRequest request, ChangeSink sink,
            Map<String, Tally> tallies) {
        long position = since;
        List<ChangeRecord> page;
        do {
            request.cancellation().throwIfCancelled();
            page = directory.changesAfter(position, settings.pageSize());
            tallies.values().forEach(tally -> tally.pages++);
            for (ChangeRecord record : page) {
                deliver(sink, record, tallies.get(record.objectType()));
            }
            position += page.size();
            checkpoint(sink, new InMemoryCheckpoint(settings.directory(), null, position, 0, null));
        } while (page.size() == settings.pageSize());
        return position;
    }

    private static void deliver(ChangeSink sink, ChangeRecord record, Tally tally) {
        try {
            sink.accept(record);
        } catch (Exception e) {
            throw new SinkFailedException(record.operation() + " " + record.objectType() + " " + record.externalId(),
                    e);
        }
        if (record.operation() == ChangeRecord.Operation.UPSERT) {
            tally.upserted++;
        } else {
            tally.deleted++;
        }
    }

    /** Resolves the key for this call only, so a rotated key is picked up, and wipes it after use. */
    private InMemoryDirectory signIn() {
        InMemoryDirectory directory = InMemoryDirectory.find(settings.directory())
                .orElseThrow(this::noSuchDirectory);
        char[] key;
        try (Secret secret = secrets.resolve(settings.apiKey())) {
            key = secret.chars();
        } catch (SecretResolutionException e) {
            throw new ConfigurationException(List.of(new Problem("AuthJson.ApiKey",
                    "a secret reference that resolves: " + e.getMessage())), e);
        }
        try {
            if (!directory.acceptsKey(key)) {
                throw new AuthenticationException("Directory " + settings.directory() + " refused the API key "
                        + settings.apiKey() + " resolves to; point the reference at the directory's current key.");
            }
        } finally {
            Arrays.fill(key, '\0');
        }
        return directory;
    }

    @Override
    public ConnectionTestResult testConnection() {
        if (InMemoryDirectory.find(settings.directory()).isEmpty()) {
            return new ConnectionTestResult(List.of(
                    Step.failed("directory", noSuchDirectory().getMessage(), null), Step.skipped("api key")));
        }
        Step found = Step.passed("directory", "found " + settings.directory());
        try {
            signIn();
        } catch (ConfigurationException | AuthenticationException e) {
            return new ConnectionTestResult(List.of(found, Step.failed("api key", e.getMessage(), null)));
        }
        return new ConnectionTestResult(List.of(found, Step.passed("api key", "the directory accepted the key")));
    }

    /** Holds nothing to release: the key is resolved for each call and wiped after it. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "InMemoryConnector[directory=" + settings.directory() + ", pageSize=" + settings.pageSize() + "]";
    }

    private ConfigurationException noSuchDirectory() {
        return ConfigurationException.of("ConfigJson.Directory",
                "the name of an existing in-memory directory; there is none named " + settings.directory());
    }

    /** A progress listener must not break the import; what it throws is logged and ignored. */
    private static void notify(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "A progress listener failed; ignored: " + e);
        }
    }

    /** What a round did for one type. */
    private static final class Tally {
        long upserted;
        long deleted;
        long pages;

        TypeResult result(String type, FullRoundReason fullRoundReason) {
            return new TypeResult(type, fullRoundReason != null, fullRoundReason, upserted + deleted, upserted,
                    deleted, 0, pages, pages, 0, Duration.ZERO);
        }
    }
}
