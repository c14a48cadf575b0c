package org.identitymesh.connector.testkit.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.Capability;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.ConnectionTestResult;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorDescriptor.ConfigField;
import org.identitymesh.connector.api.ConnectorDescriptor.Document;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.api.ExportResult;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.api.secret.Secret;
import org.identitymesh.connector.api.secret.SecretReference;

/**
 * A mistake connectors make, planted in the InMemory connector by wrapping its provider and connector: each
 * flaw is one explicit override below, the rest is delegated untouched.
 */
enum Flaw {
    /** Catches what the sink throws and carries on, so the import returns a watermark. */
    SWALLOWS_SINK_FAILURE,
    /** Returns the system's position after the import instead of before it: a watermark ahead of delivery. */
    WATERMARK_AHEAD_OF_DELIVERY,
    /** Sends every UPSERT as a full replacement, unchanged attributes mapped to null. */
    UPDATES_AS_FULL_REPLACE,
    /** Drops every DELETE record. */
    DROPS_DELETES,
    /** Drops the DELETE records of memberships only. */
    DROPS_MEMBERSHIP_REMOVALS,
    /** Answers a watermark it cannot read with a full round instead of rejecting it. */
    ACCEPTS_FOREIGN_WATERMARK,
    /** Shows the resolved API key in {@code toString()}. */
    LEAKS_SECRET_IN_TO_STRING,
    /** Shows the resolved API key in the message of an authentication failure. */
    LEAKS_SECRET_IN_AUTH_ERROR,
    /** Never looks at the request's cancellation. */
    IGNORES_CANCELLATION,
    /** Does not declare EXPORT, yet reports every exported change as applied. */
    EXPORTS_WITHOUT_CAPABILITY,
    /** Drops configuration fields it does not know instead of refusing them. */
    ACCEPTS_UNKNOWN_FIELDS,
    /** Delivers a clear of an attribute the descriptor does not declare. */
    DELIVERS_UNDECLARED_ATTRIBUTE,
    /** Delivers a delta's records of one object newest first. */
    DELIVERS_AN_OBJECTS_CHANGES_NEWEST_FIRST,
    /** Answers fromNow() with a full round. */
    READS_EVERYTHING_FROM_NOW,
    /** Does not declare IMPORT_FROM_NOW, yet serves fromNow(). */
    SERVES_FROM_NOW_WITHOUT_CAPABILITY,
    /** Leaves unset attributes out of a full round's UPSERTs instead of delivering them as null. */
    OMITS_UNSET_ATTRIBUTES_IN_FULL_ROUNDS,
    /** Describes its configuration without the memberships it delivers. */
    CONFIGURED_DESCRIPTOR_MISSES_A_TYPE,
    /** Loses the first record after the checkpoint it resumes from. */
    RESUMES_PAST_A_RECORD,
    /** Reports a resumed FULL import as a delta. */
    RESUMES_AS_A_DELTA;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The InMemory provider with this flaw. */
    ConnectorProvider plantIn(ConnectorProvider provider) {
        return new FlawedProvider(this, provider);
    }

    private record FlawedProvider(Flaw flaw, ConnectorProvider delegate) implements ConnectorProvider {

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public String version() {
            return delegate.version();
        }

        @Override
        public String apiVersion() {
            return delegate.apiVersion();
        }

        @Override
        public ConnectorDescriptor descriptor() {
            ConnectorDescriptor d = delegate.descriptor();
            if (flaw != SERVES_FROM_NOW_WITHOUT_CAPABILITY) {
                return d;
            }
            java.util.Set<Capability> capabilities = new java.util.HashSet<>(d.capabilities());
            capabilities.remove(Capability.IMPORT_FROM_NOW);
            return new ConnectorDescriptor(d.displayName(), d.description(), d.objectTypes(), capabilities,
                    d.configuration());
        }

        @Override
        public ConnectorDescriptor descriptor(ConnectorConfiguration configuration) {
            ConnectorDescriptor d = delegate.descriptor(known(configuration));
            if (flaw != CONFIGURED_DESCRIPTOR_MISSES_A_TYPE) {
                return descriptor().equals(delegate.descriptor()) ? d : descriptor();
            }
            return new ConnectorDescriptor(d.displayName(), d.description(), d.objectTypes().stream()
                    .filter(t -> !t.name().equals(InMemoryDirectory.GROUP_MEMBER)).toList(), d.capabilities(),
                    d.configuration());
        }

        @Override
        public void validate(ConnectorConfiguration configuration) {
            delegate.validate(known(configuration));
        }

        @Override
        public Connector create(ConnectorConfiguration configuration) {
            return new FlawedConnector(flaw, delegate.create(known(configuration)), configuration, descriptor());
        }

        private ConnectorConfiguration known(ConnectorConfiguration configuration) {
            if (flaw != ACCEPTS_UNKNOWN_FIELDS) {
                return configuration;
            }
            return ConnectorConfiguration.of(declaredOnly(configuration.configJson(), Document.CONFIG),
                    declaredOnly(configuration.authJson(), Document.AUTH),
                    configuration.secretResolver());
        }

        private String declaredOnly(String json, Document document) {
            try {
                if (!(json != null && JSON.readTree(json) instanceof ObjectNode node)) {
                    return json;
                }
                List<String> declared = delegate.descriptor().configuration().stream()
                        .filter(f -> f.document() == document).map(ConfigField::name).toList();
                node.retain(declared);
                return node.toString();
            } catch (JsonProcessingException e) {
                return json;
            }
        }
    }

    private record FlawedConnector(Flaw flaw, Connector delegate, ConnectorConfiguration configuration,
            ConnectorDescriptor descriptor) implements Connector {

        @Override
        public ImportResult importChanges(ImportRequest request, ChangeSink sink) {
            ImportRequest seen = flaw == IGNORES_CANCELLATION
                    ? request.withCancellation(Cancellation.create()) : request;
            if (flaw == READS_EVERYTHING_FROM_NOW && request.startsFromNow()) {
                seen = ImportRequest.delta(null).withCancellation(request.cancellation());
            }
            if (flaw == OMITS_UNSET_ATTRIBUTES_IN_FULL_ROUNDS && request.watermark().isEmpty()
                    && request.checkpoint().isEmpty()) {
                ChangeSink host = sink;
                return delegate.importChanges(seen, new ChangeSink() {
                    @Override
                    public void accept(ChangeRecord record) throws Exception {
                        Map<String, Object> set = new LinkedHashMap<>(record.attributes());
                        set.values().removeIf(java.util.Objects::isNull);
                        host.accept(new ChangeRecord(record.objectType(), record.externalId(), record.operation(),
                                set));
                    }

                    @Override
                    public void checkpoint(String checkpoint) throws Exception {
                        host.checkpoint(checkpoint);
                    }
                });
            }
            if (flaw == RESUMES_PAST_A_RECORD && request.checkpoint().isPresent()) {
                boolean[] skipped = {false};
                return delegate.importChanges(seen, record -> {
                    if (skipped[0]) {
                        sink.accept(record);
                    }
                    skipped[0] = true;
                });
            }
            if (flaw == RESUMES_AS_A_DELTA && request.checkpoint().isPresent()) {
                ImportResult result = delegate.importChanges(seen, sink);
                Map<String, ImportResult.TypeResult> types = new LinkedHashMap<>();
                result.types().forEach((name, t) -> types.put(name, new ImportResult.TypeResult(name, false, null,
                        t.seen(), t.upserted(), t.deleted(), t.filteredOut(), t.pages(), t.requests(), t.retries(),
                        t.waited())));
                return new ImportResult(result.watermark(), types, result.elapsed());
            }
            if (flaw == DELIVERS_AN_OBJECTS_CHANGES_NEWEST_FIRST && request.watermark().isPresent()) {
                return newestFirst(seen, sink);
            }
            try {
                ImportResult result = delegate.importChanges(seen, flawed(sink));
                if (flaw == WATERMARK_AHEAD_OF_DELIVERY) {
                    String later = delegate.importChanges(ImportRequest.delta(result.watermark()), record -> { })
                            .watermark();
                    return new ImportResult(later, result.types(), result.elapsed());
                }
                return result;
            } catch (WatermarkRejectedException e) {
                if (flaw == ACCEPTS_FOREIGN_WATERMARK) {
                    return delegate.importChanges(ImportRequest.full(), flawed(sink));
                }
                throw e;
            } catch (AuthenticationException e) {
                if (flaw == LEAKS_SECRET_IN_AUTH_ERROR) {
                    throw new AuthenticationException(e.getMessage() + " Key used: " + apiKey());
                }
                throw e;
            }
        }

        /** Holds the delta's records and hands over each object's records in reverse order. */
        private ImportResult newestFirst(ImportRequest request, ChangeSink sink) {
            Map<String, List<ChangeRecord>> byObject = new LinkedHashMap<>();
            ImportResult result = delegate.importChanges(request, record -> byObject.computeIfAbsent(
                    record.objectType() + "/" + record.externalId(), k -> new java.util.ArrayList<>()).add(record));
            for (List<ChangeRecord> records : byObject.values()) {
                for (int i = records.size() - 1; i >= 0; i--) {
                    try {
                        sink.accept(records.get(i));
                    } catch (Exception e) {
                        throw new org.identitymesh.connector.api.SinkFailedException(records.get(i).externalId(), e);
                    }
                }
            }
            return result;
        }

        /** The flawed sink, passing checkpoints on to the host's: a flaw is about records, not checkpoints. */
        private ChangeSink flawed(ChangeSink sink) {
            ChangeSink flawed = flawedRecords(sink);
            return flawed == sink ? sink : new ChangeSink() {
                @Override
                public void accept(ChangeRecord record) throws Exception {
                    flawed.accept(record);
                }

                @Override
                public void checkpoint(String checkpoint) throws Exception {
                    sink.checkpoint(checkpoint);
                }
            };
        }

        private ChangeSink flawedRecords(ChangeSink sink) {
            return switch (flaw) {
                case SWALLOWS_SINK_FAILURE -> record -> {
                    try {
                        sink.accept(record);
                    } catch (Exception ignored) {
                        // the flaw
                    }
                };
                case UPDATES_AS_FULL_REPLACE -> record -> sink.accept(asFullReplace(record));
                case DROPS_DELETES -> record -> {
                    if (record.operation() != ChangeRecord.Operation.DELETE) {
                        sink.accept(record);
                    }
                };
                case DROPS_MEMBERSHIP_REMOVALS -> record -> {
                    if (record.operation() != ChangeRecord.Operation.DELETE
                            || !record.objectType().equals(InMemoryDirectory.GROUP_MEMBER)) {
                        sink.accept(record);
                    }
                };
                case DELIVERS_UNDECLARED_ATTRIBUTE -> record -> {
                    Map<String, Object> attributes = new LinkedHashMap<>(record.attributes());
                    attributes.put("legacyFlag", null);
                    sink.accept(new ChangeRecord(record.objectType(), record.externalId(), record.operation(),
                            attributes));
                };
                default -> sink;
            };
        }

        private ChangeRecord asFullReplace(ChangeRecord record) {
            if (record.operation() != ChangeRecord.Operation.UPSERT) {
                return record;
            }
            Map<String, Object> attributes = new LinkedHashMap<>();
            descriptor.objectType(record.objectType()).orElseThrow().attributes()
                    .forEach(a -> attributes.put(a.name(), record.attributes().get(a.name())));
            return new ChangeRecord(record.objectType(), record.externalId(), record.operation(), attributes);
        }

        @Override
        public ConnectionTestResult testConnection() {
            return delegate.testConnection();
        }

        @Override
        public ExportResult export(List<ChangeRecord> changes) {
            if (flaw == EXPORTS_WITHOUT_CAPABILITY) {
                return new ExportResult(changes.stream().map(c -> new ExportResult.Outcome(c, true, "")).toList());
            }
            return delegate.export(changes);
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public String toString() {
            return flaw == LEAKS_SECRET_IN_TO_STRING ? delegate + "[apiKey=" + apiKey() + "]" : delegate.toString();
        }

        private String apiKey() {
            try {
                SecretReference reference = SecretReference.parse(
                        JSON.readTree(configuration.authJson()).path("ApiKey").asText());
                try (Secret secret = configuration.secretResolver().resolve(reference)) {
                    return secret.asString();
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
