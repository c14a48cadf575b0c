package org.identitymesh.connector.kafka;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/**
 * The settings of an {@link IdentitySourceConnector}: which SPI connector runs, for one tenant or many, where its
 * records go and when it imports. Every field is declared here, so the worker's REST validation lists each problem
 * beside its field; the SPI's own {@code validate} is mapped onto the fields that hold its documents by
 * {@link ConfigValidation}.
 */
public final class IdentitySourceConfig extends AbstractConfig {

    /** The SPI provider to run, by its {@code ConnectorProvider.name()}, for example {@code EntraId}. */
    public static final String PROVIDER = "provider.name";
    /** One-tenant form: the tenant's name (its source partition and the first part of every key). */
    public static final String TENANT = "tenant.name";
    /** One-tenant form: the provider's connector configuration document ({@code ConfigJson}). */
    public static final String CONFIG_JSON = "provider.config.json";
    /** One-tenant form: the provider's authentication document ({@code AuthJson}); a password field. */
    public static final String AUTH_JSON = "provider.auth.json";
    /** One-tenant form: secrets by name, a JSON object, for {@code connect:NAME} references; a password field. */
    public static final String SECRETS = "provider.secrets";
    /** Many-tenant form: a JSON array of tenants; a password field. */
    public static final String TENANTS_JSON = "tenants.json";
    /** Many-tenant form: a directory with one JSON file per tenant, the same on every worker. */
    public static final String TENANTS_DIR = "tenants.dir";
    /** Topics are {@code <prefix>.<object type in lower case>}, {@code <prefix>.runs}. */
    public static final String TOPIC_PREFIX = "topic.prefix";
    /** Where the records that carry a round's final position go; default {@code <prefix>.heartbeat}. */
    public static final String HEARTBEAT_TOPIC = "heartbeat.topic";
    /** Time between the starts of two imports of a tenant. */
    public static final String DELTA_INTERVAL = "import.delta.interval.ms";
    /** Time between the starts of two full imports of a tenant; 0 for none beyond what the SPI prescribes. */
    public static final String FULL_INTERVAL = "import.full.interval.ms";
    /** Wait after a failed import before the next attempt, unless the system asked for longer. */
    public static final String RETRY_BACKOFF = "import.retry.backoff.ms";
    /** {@code schema} (Connect schemas from the descriptor) or {@code schemaless} (maps, for JSON). */
    public static final String VALUE_FORMAT = "value.format";
    /** Imports one task runs at the same time. */
    public static final String TENANT_THREADS = "tenant.threads";
    /** Pages read ahead of Kafka, per task. */
    public static final String BUFFERED_PAGES = "max.buffered.pages";
    /** The most records one batch holds when a connector hands out no checkpoint between them. */
    public static final String MAX_BATCH_RECORDS = "max.batch.records";

    /** Set in each task's configuration: the names of the tenants the task runs, comma-separated. */
    static final String TASK_TENANTS = "task.tenants";

    /** The value formats. */
    public enum ValueFormat {
        /** Structs with schemas derived from the descriptor's attribute types. */
        SCHEMA,
        /** Maps without schemas, for a JSON converter with {@code schemas.enable=false}. */
        SCHEMALESS
    }

    static final ConfigDef DEFINITION = definition();

    /**
     * Parses and checks the settings.
     *
     * @param originals the connector's or task's configuration
     * @throws org.apache.kafka.common.config.ConfigException naming the first invalid field
     */
    public IdentitySourceConfig(Map<String, String> originals) {
        super(DEFINITION, originals, false);
    }

    private static ConfigDef definition() {
        String connector = "Connector";
        String tenants = "Tenants";
        String output = "Topics and records";
        String schedule = "Schedule";
        int c = 0;
        int t = 0;
        int o = 0;
        int s = 0;
        return new ConfigDef()
                .define(PROVIDER, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "The IdentityMesh connector to run, by its provider name (for example "
                                + "EntraId); it is found with ServiceLoader in this plug-in's class loader.",
                        connector, ++c, Width.MEDIUM, "Provider")
                .define(TENANT, Type.STRING, "", Importance.HIGH, "One-tenant form: the tenant's name, letters, "
                                + "digits, '.', '-' and '_'. It is the source partition and the first part of every "
                                + "key. Default: the connector's name.",
                        tenants, ++t, Width.MEDIUM, "Tenant name")
                .define(CONFIG_JSON, Type.STRING, "", Importance.HIGH, "One-tenant form: the provider's connector "
                                + "configuration document (ConfigJson), a JSON object.",
                        tenants, ++t, Width.LONG, "ConfigJson")
                .define(AUTH_JSON, Type.PASSWORD, "", Importance.HIGH, "One-tenant form: the provider's "
                                + "authentication document (AuthJson), a JSON object. Its secret fields hold "
                                + "references: env:NAME and file:PATH (resolved on the worker) or connect:NAME "
                                + "(from " + SECRETS + ").",
                        tenants, ++t, Width.LONG, "AuthJson")
                .define(SECRETS, Type.PASSWORD, "", Importance.MEDIUM, "One-tenant form: secrets for connect:NAME "
                                + "references, a JSON object of names to values. Values may be worker config "
                                + "provider references such as ${file:/opt/secrets/entra.properties:secret}.",
                        tenants, ++t, Width.LONG, "Secrets")
                .define(TENANTS_JSON, Type.PASSWORD, "", Importance.HIGH, "Many-tenant form: a JSON array of "
                                + "tenants, each {\"tenant\": NAME, \"config\": {...}, \"auth\": {...}, "
                                + "\"secrets\": {...}}.",
                        tenants, ++t, Width.LONG, "Tenants (JSON)")
                .define(TENANTS_DIR, Type.STRING, "", Importance.HIGH, "Many-tenant form: a directory holding "
                                + "one NAME.json file per tenant, {\"config\": {...}, \"auth\": {...}, "
                                + "\"secrets\": {...}}, present on every worker.",
                        tenants, ++t, Width.LONG, "Tenants (directory)")
                .define(TOPIC_PREFIX, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new TopicName(),
                        Importance.HIGH, "Records of object type T go to <prefix>.<t> (the type's name in lower "
                                + "case), run records and snapshot-complete records to <prefix>.runs.",
                        output, ++o, Width.MEDIUM, "Topic prefix")
                .define(HEARTBEAT_TOPIC, Type.STRING, "", Importance.LOW, "Where each round's final record goes, "
                                + "the one that carries its new position (a quiet delta has no other). Default "
                                + "<prefix>.heartbeat.",
                        output, ++o, Width.MEDIUM, "Heartbeat topic")
                .define(VALUE_FORMAT, Type.STRING, "schema", ConfigDef.CaseInsensitiveValidString.in("schema",
                                "schemaless"), Importance.MEDIUM, "schema: Connect structs whose schema is "
                                + "derived from the descriptor (for Avro, Protobuf, JSON Schema or JSON with "
                                + "schemas); schemaless: maps, for JSON without schemas.",
                        output, ++o, Width.SHORT, "Value format")
                .define(DELTA_INTERVAL, Type.LONG, 300_000L, ConfigDef.Range.atLeast(1_000L), Importance.HIGH,
                        "Milliseconds between the starts of two imports of one tenant; an import runs the delta "
                                + "from the stored watermark.",
                        schedule, ++s, Width.SHORT, "Delta interval")
                .define(FULL_INTERVAL, Type.LONG, 0L, ConfigDef.Range.atLeast(0L), Importance.MEDIUM,
                        "Milliseconds between the starts of two full imports of one tenant (for example "
                                + "604800000, 7 days); 0 runs full imports only when the SPI prescribes them "
                                + "(first run, rejected offset, expired delta).",
                        schedule, ++s, Width.SHORT, "Full interval")
                .define(RETRY_BACKOFF, Type.LONG, 60_000L, ConfigDef.Range.atLeast(100L), Importance.LOW,
                        "Milliseconds to wait after a failed import before the next attempt, or longer when the "
                                + "system asked for it (throttling).",
                        schedule, ++s, Width.SHORT, "Retry backoff")
                .define(TENANT_THREADS, Type.INT, 2, ConfigDef.Range.between(1, 64), Importance.MEDIUM,
                        "Imports one task runs at the same time; its other tenants wait for a free thread.",
                        schedule, ++s, Width.SHORT, "Threads per task")
                .define(BUFFERED_PAGES, Type.INT, 8, ConfigDef.Range.between(1, 1_000), Importance.LOW,
                        "Pages a task reads ahead of Kafka; memory is bounded by this times the page size.",
                        schedule, ++s, Width.SHORT, "Buffered pages")
                .define(MAX_BATCH_RECORDS, Type.INT, 10_000, ConfigDef.Range.between(1, 1_000_000),
                        Importance.LOW, "The most records a batch holds when the connector hands out no "
                                + "checkpoint between them; such a batch carries the position it started from.",
                        schedule, ++s, Width.SHORT, "Max batch records")
                .defineInternal(TASK_TENANTS, Type.STRING, "", Importance.LOW);
    }

    /** The provider's name. */
    String provider() {
        return getString(PROVIDER);
    }

    /** The topic prefix. */
    String topicPrefix() {
        return getString(TOPIC_PREFIX);
    }

    /** The topic of an object type. */
    String topicOf(String objectType) {
        return topicPrefix() + "." + objectType.toLowerCase(Locale.ROOT);
    }

    /** The run topic. */
    String runsTopic() {
        return topicPrefix() + ".runs";
    }

    /** The heartbeat topic. */
    String heartbeatTopic() {
        String topic = getString(HEARTBEAT_TOPIC);
        return topic.isBlank() ? topicPrefix() + ".heartbeat" : topic;
    }

    ValueFormat valueFormat() {
        return ValueFormat.valueOf(getString(VALUE_FORMAT).toUpperCase(Locale.ROOT));
    }

    long deltaIntervalMs() {
        return getLong(DELTA_INTERVAL);
    }

    long fullIntervalMs() {
        return getLong(FULL_INTERVAL);
    }

    long retryBackoffMs() {
        return getLong(RETRY_BACKOFF);
    }

    int tenantThreads() {
        return getInt(TENANT_THREADS);
    }

    int bufferedPages() {
        return getInt(BUFFERED_PAGES);
    }

    int maxBatchRecords() {
        return getInt(MAX_BATCH_RECORDS);
    }

    String password(String name) {
        Password value = getPassword(name);
        return value == null ? "" : value.value();
    }

    /** A topic name or prefix: letters, digits, '.', '_' and '-', at most 200 characters. */
    static final class TopicName implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString();
            if (text.isEmpty() || text.length() > 200 || !text.matches("[A-Za-z0-9._-]+")) {
                throw new org.apache.kafka.common.config.ConfigException(name, value,
                        "a topic prefix of letters, digits, '.', '_' and '-', at most 200 characters");
            }
        }

        @Override
        public String toString() {
            return "letters, digits, '.', '_' and '-'";
        }
    }
}
