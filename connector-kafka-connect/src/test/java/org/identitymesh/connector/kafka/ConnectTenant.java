package org.identitymesh.connector.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.testkit.entra.TenantSettings;
import org.identitymesh.connector.testkit.entra.TenantSpec;

/**
 * A simulated Entra tenant and the Kafka Connect settings that import it: the EntraId provider's documents with
 * {@code connect:} references, whose values come from a properties file through the worker's {@code file} config
 * provider, as an operator keeps secrets out of the connector's configuration.
 */
final class ConnectTenant implements AutoCloseable {

    private final TenantFixture fixture;
    private final Path secrets;

    private ConnectTenant(TenantFixture fixture, Path secrets) {
        this.fixture = fixture;
        this.secrets = secrets;
    }

    static ConnectTenant start(TenantSpec spec, Consumer<TenantSettings> settings) throws IOException {
        TenantFixture fixture = TenantFixture.start(spec, settings);
        Path secrets = Files.createTempFile("entra-secrets", ".properties");
        Files.writeString(secrets, "entra.secret=" + fixture.tenant().clientSecret() + "\ntrust.password=trust-pw\n");
        return new ConnectTenant(fixture, secrets);
    }

    TenantFixture fixture() {
        return fixture;
    }

    /** ConfigJson with {@code connect:TRUST_PW} for the trust store's password. */
    String configJson(String extraFields) {
        return fixture.configJson(extraFields).replace("env:TRUST_PW", "connect:TRUST_PW");
    }

    /** AuthJson with {@code connect:ENTRA_SECRET}. */
    String authJson() {
        return fixture.authJson().replace("env:ENTRA_SECRET", "connect:ENTRA_SECRET");
    }

    /** The secrets as config provider references: the connector's configuration never holds them. */
    String secretsJson() {
        return "{\"ENTRA_SECRET\":\"${file:" + secrets + ":entra.secret}\",\"TRUST_PW\":\"${file:" + secrets
                + ":trust.password}\"}";
    }

    /** One tenant in the many-tenant form's JSON array. */
    String tenantEntry(String name, String extraFields) {
        return "{\"tenant\":\"" + name + "\",\"config\":" + configJson(extraFields) + ",\"auth\":" + authJson()
                + ",\"secrets\":" + secretsJson() + "}";
    }

    /**
     * The settings of a one-tenant connector.
     *
     * @param tenant      the tenant's name
     * @param prefix      the topic prefix
     * @param extraFields more ConfigJson members, or empty
     * @return the settings, to which a test adds what it needs
     */
    Map<String, String> connectorConfig(String tenant, String prefix, String extraFields) {
        Map<String, String> config = baseConfig(prefix);
        config.put(IdentitySourceConfig.TENANT, tenant);
        config.put(IdentitySourceConfig.CONFIG_JSON, configJson(extraFields));
        config.put(IdentitySourceConfig.AUTH_JSON, authJson());
        config.put(IdentitySourceConfig.SECRETS, secretsJson());
        return config;
    }

    /** What every connector of these tests has: the class, the provider, JSON converters, topics, schedule. */
    static Map<String, String> baseConfig(String prefix) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", IdentitySourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put(IdentitySourceConfig.PROVIDER, "EntraId");
        config.put(IdentitySourceConfig.TOPIC_PREFIX, prefix);
        config.put(IdentitySourceConfig.DELTA_INTERVAL, "1000");
        config.put(IdentitySourceConfig.RETRY_BACKOFF, "1000");
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("key.converter.schemas.enable", "false");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put(IdentitySourceConfig.VALUE_FORMAT, "schemaless");
        config.put("topic.creation.default.replication.factor", "1");
        config.put("topic.creation.default.partitions", "3");
        return config;
    }

    @Override
    public void close() throws IOException {
        fixture.close();
        Files.deleteIfExists(secrets);
    }
}
