package org.identitymesh.connector.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;

/**
 * Turns what an import delivers into Kafka Connect records: one topic per object type, keys of tenant and external
 * id, values with a schema derived from the descriptor's attribute types (or schemaless maps), headers with the
 * operation, round kind and round id; a DELETE as an event and a tombstone. Also the records of the runs and
 * heartbeat topics. Schemas are built once per connector configuration.
 */
final class RecordMapper {

    /** Header: {@code UPSERT} or {@code DELETE}. */
    static final String HEADER_OPERATION = "identitymesh.operation";
    /** Header: {@code full} or {@code delta}. */
    static final String HEADER_ROUND_KIND = "identitymesh.round.kind";
    /** Header: the round id, shared by every record of one import. */
    static final String HEADER_ROUND = "identitymesh.round";
    /** Header: the record's sequence number, the tenant's delivery order across all topics. */
    static final String HEADER_SEQ = "identitymesh.seq";
    /** Header: the tenant. */
    static final String HEADER_TENANT = "identitymesh.tenant";

    /** The key of object records: tenant and external id. */
    static final Schema KEY_SCHEMA = SchemaBuilder.struct().name("org.identitymesh.kafka.Key")
            .field("tenant", Schema.STRING_SCHEMA)
            .field("id", Schema.STRING_SCHEMA)
            .build();

    /** The key of run, snapshot-complete and heartbeat records: the tenant. */
    static final Schema TENANT_KEY_SCHEMA = SchemaBuilder.struct().name("org.identitymesh.kafka.TenantKey")
            .field("tenant", Schema.STRING_SCHEMA)
            .build();

    static final Schema TYPE_RESULT_SCHEMA = SchemaBuilder.struct().name("org.identitymesh.kafka.TypeResult")
            .field("round", Schema.STRING_SCHEMA)
            .field("reason", Schema.OPTIONAL_STRING_SCHEMA)
            .field("completeSnapshot", Schema.BOOLEAN_SCHEMA)
            .field("seen", Schema.INT64_SCHEMA)
            .field("upserted", Schema.INT64_SCHEMA)
            .field("deleted", Schema.INT64_SCHEMA)
            .field("filtered", Schema.INT64_SCHEMA)
            .field("pages", Schema.INT64_SCHEMA)
            .field("requests", Schema.INT64_SCHEMA)
            .field("retries", Schema.INT64_SCHEMA)
            .field("waitedMs", Schema.INT64_SCHEMA)
            .build();

    /** The value of the runs topic: run records and snapshot-complete records, told apart by {@code kind}. */
    static final Schema RUN_SCHEMA = SchemaBuilder.struct().name("org.identitymesh.kafka.Run")
            .field("kind", Schema.STRING_SCHEMA)
            .field("tenant", Schema.STRING_SCHEMA)
            .field("provider", Schema.STRING_SCHEMA)
            .field("round", Schema.STRING_SCHEMA)
            .field("started", Schema.OPTIONAL_STRING_SCHEMA)
            .field("finished", Schema.OPTIONAL_STRING_SCHEMA)
            .field("mode", Schema.OPTIONAL_STRING_SCHEMA)
            .field("reason", Schema.OPTIONAL_STRING_SCHEMA)
            .field("resumed", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("outcome", Schema.OPTIONAL_STRING_SCHEMA)
            .field("types", SchemaBuilder.map(Schema.STRING_SCHEMA, TYPE_RESULT_SCHEMA).optional().build())
            .field("completeTypes", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("completeTopics", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("errorClass", Schema.OPTIONAL_STRING_SCHEMA)
            .field("errorMessage", Schema.OPTIONAL_STRING_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    /** The value of heartbeat records. */
    static final Schema HEARTBEAT_SCHEMA = SchemaBuilder.struct().name("org.identitymesh.kafka.Heartbeat")
            .field("tenant", Schema.STRING_SCHEMA)
            .field("round", Schema.STRING_SCHEMA)
            .field("time", Schema.STRING_SCHEMA)
            .build();

    /**
     * A record before it gets its source offset.
     *
     * @param topic       where it goes
     * @param keySchema   the key's schema, or {@code null} when schemaless
     * @param key         the key
     * @param valueSchema the value's schema, or {@code null}
     * @param value       the value, {@code null} for a tombstone
     * @param headers     the headers
     */
    record Pending(String topic, Schema keySchema, Object key, Schema valueSchema, Object value, Headers headers) {

        /** The same record with its sequence number in a header. */
        Pending numbered(long seq) {
            Headers numbered = headers.duplicate();
            numbered.addLong(HEADER_SEQ, seq);
            return new Pending(topic, keySchema, key, valueSchema, value, numbered);
        }

        SourceRecord at(Map<String, ?> partition, Map<String, ?> offset) {
            return new SourceRecord(partition, offset, topic, null, keySchema, key, valueSchema, value, null,
                    headers);
        }
    }

    private final IdentitySourceConfig config;
    private final String provider;
    private final boolean schemas;
    private final Map<String, ObjectType> types = new HashMap<>();
    private final Map<String, Schema> valueSchemas = new HashMap<>();
    private final Map<String, Schema> attributeSchemas = new HashMap<>();
    private final Map<String, String> topics = new HashMap<>();

    RecordMapper(IdentitySourceConfig config, ConnectorDescriptor descriptor) {
        this.config = config;
        this.provider = config.provider();
        this.schemas = config.valueFormat() == IdentitySourceConfig.ValueFormat.SCHEMA;
        for (ObjectType type : descriptor.objectTypes()) {
            types.put(type.name(), type);
            topics.put(type.name(), config.topicOf(type.name()));
            SchemaBuilder attributes = SchemaBuilder.struct()
                    .name("org.identitymesh." + provider + "." + type.name() + ".Attributes").optional();
            for (Attribute attribute : type.attributes()) {
                attributes.field(attribute.name(), schemaOf(attribute.type()));
            }
            Schema attributeSchema = attributes.build();
            attributeSchemas.put(type.name(), attributeSchema);
            valueSchemas.put(type.name(), SchemaBuilder.struct()
                    .name("org.identitymesh." + provider + "." + type.name())
                    .doc(type.description())
                    .field("op", Schema.STRING_SCHEMA)
                    .field("tenant", Schema.STRING_SCHEMA)
                    .field("type", Schema.STRING_SCHEMA)
                    .field("id", Schema.STRING_SCHEMA)
                    .field("round", Schema.STRING_SCHEMA)
                    .field("snapshot", Schema.BOOLEAN_SCHEMA)
                    .field("present", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                    .field("attributes", attributeSchema)
                    .build());
        }
    }

    private static Schema schemaOf(ConnectorDescriptor.AttributeType type) {
        return switch (type) {
            case STRING, TIMESTAMP -> Schema.OPTIONAL_STRING_SCHEMA;
            case BOOLEAN -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
            case INTEGER -> Schema.OPTIONAL_INT64_SCHEMA;
            case STRING_LIST -> SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build();
        };
    }

    /** The topic of an object type. */
    String topicOf(String objectType) {
        return topics.getOrDefault(objectType, config.topicOf(objectType));
    }

    /**
     * The records of one change: the change itself, and for a DELETE a tombstone after it.
     *
     * @param tenant the tenant
     * @param change what the connector delivered
     * @param round  the round id
     * @param full   whether the record belongs to a full round of its type
     * @return one or two records
     * @throws DataException when the change's type or an attribute is not declared (with schemas)
     */
    List<Pending> change(String tenant, ChangeRecord change, String round, boolean full) {
        String topic = topicOf(change.objectType());
        Object key = key(tenant, change.externalId());
        Schema keySchema = schemas ? KEY_SCHEMA : null;
        Headers headers = new ConnectHeaders()
                .addString(HEADER_OPERATION, change.operation().name())
                .addString(HEADER_ROUND_KIND, full ? "full" : "delta")
                .addString(HEADER_ROUND, round)
                .addString(HEADER_TENANT, tenant);
        Pending event = schemas
                ? new Pending(topic, keySchema, key, valueSchemas.get(declared(change).name()),
                        struct(tenant, change, round, full), headers)
                : new Pending(topic, null, key, null, map(tenant, change, round, full), headers);
        if (change.operation() != ChangeRecord.Operation.DELETE) {
            return List.of(event);
        }
        Headers tombstoneHeaders = new ConnectHeaders()
                .addString(HEADER_OPERATION, change.operation().name())
                .addString(HEADER_ROUND_KIND, full ? "full" : "delta")
                .addString(HEADER_ROUND, round)
                .addString(HEADER_TENANT, tenant);
        return List.of(event, new Pending(topic, keySchema, key, null, null, tombstoneHeaders));
    }

    private Object key(String tenant, String id) {
        if (schemas) {
            return new Struct(KEY_SCHEMA).put("tenant", tenant).put("id", id);
        }
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("tenant", tenant);
        key.put("id", id);
        return key;
    }

    private ObjectType declared(ChangeRecord change) {
        ObjectType type = types.get(change.objectType());
        if (type == null) {
            throw new DataException("object type " + change.objectType() + " is not in the descriptor of "
                    + provider + " for this configuration; declared: " + types.keySet());
        }
        return type;
    }

    private Struct struct(String tenant, ChangeRecord change, String round, boolean full) {
        ObjectType type = declared(change);
        Schema attributeSchema = attributeSchemas.get(type.name());
        Struct attributes = new Struct(attributeSchema);
        List<String> present = new ArrayList<>(change.attributes().size());
        change.attributes().forEach((name, value) -> {
            if (attributeSchema.field(name) == null) {
                throw new DataException("attribute " + type.name() + "." + name + " is not in the descriptor of "
                        + provider + " for this configuration");
            }
            attributes.put(name, value);
            present.add(name);
        });
        return new Struct(valueSchemas.get(type.name()))
                .put("op", change.operation().name())
                .put("tenant", tenant)
                .put("type", type.name())
                .put("id", change.externalId())
                .put("round", round)
                .put("snapshot", full)
                .put("present", present)
                .put("attributes", attributes);
    }

    private static Map<String, Object> map(String tenant, ChangeRecord change, String round, boolean full) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("op", change.operation().name());
        value.put("tenant", tenant);
        value.put("type", change.objectType());
        value.put("id", change.externalId());
        value.put("round", round);
        value.put("snapshot", full);
        value.put("present", List.copyOf(change.attributes().keySet()));
        value.put("attributes", new LinkedHashMap<>(change.attributes()));
        return value;
    }

    /**
     * A record of the runs topic.
     *
     * @param run the run record or snapshot-complete record, in the fields of {@link #RUN_SCHEMA}
     * @return the record
     */
    Pending run(RunRecord run) {
        Object key = tenantKey(run.tenant());
        if (schemas) {
            return new Pending(config.runsTopic(), TENANT_KEY_SCHEMA, key, RUN_SCHEMA, run.toStruct(provider),
                    runHeaders(run));
        }
        return new Pending(config.runsTopic(), null, key, null, run.toMap(provider), runHeaders(run));
    }

    private static Headers runHeaders(RunRecord run) {
        return new ConnectHeaders().addString(HEADER_ROUND, run.round()).addString(HEADER_TENANT, run.tenant());
    }

    /**
     * A heartbeat: the record that carries a round's new position.
     *
     * @param tenant the tenant
     * @param round  the round id
     * @param time   when, ISO-8601
     * @return the record
     */
    Pending heartbeat(String tenant, String round, String time) {
        Object key = tenantKey(tenant);
        Headers headers = new ConnectHeaders().addString(HEADER_ROUND, round).addString(HEADER_TENANT, tenant);
        if (schemas) {
            return new Pending(config.heartbeatTopic(), TENANT_KEY_SCHEMA, key, HEARTBEAT_SCHEMA,
                    new Struct(HEARTBEAT_SCHEMA).put("tenant", tenant).put("round", round).put("time", time),
                    headers);
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("tenant", tenant);
        value.put("round", round);
        value.put("time", time);
        return new Pending(config.heartbeatTopic(), null, key, null, value, headers);
    }

    private Object tenantKey(String tenant) {
        if (schemas) {
            return new Struct(TENANT_KEY_SCHEMA).put("tenant", tenant);
        }
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("tenant", tenant);
        return key;
    }
}
