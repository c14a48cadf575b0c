package org.identitymesh.connector.entra.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.api.secret.SecretResolvers;
import org.identitymesh.connector.entra.EntraIdConnector;
import org.identitymesh.connector.entra.EntraSchema;
import org.identitymesh.connector.testkit.entra.MemberRef;
import org.identitymesh.connector.testkit.entra.ObjectSnapshot;
import org.identitymesh.connector.testkit.entra.SimulatedEntraTenant;
import org.identitymesh.connector.testkit.entra.TenantSettings;
import org.identitymesh.connector.testkit.entra.TenantSpec;

/**
 * A simulated tenant on loopback HTTPS and the configuration that points the EntraId connector at it (Cloud
 * Custom, its trust store, the secret through an {@code env:} reference), plus what a correct host must hold
 * for the tenant's current state.
 */
public final class TenantFixture implements AutoCloseable {

    static final char[] TRUST_PASSWORD = "trust-pw".toCharArray();

    private final SimulatedEntraTenant tenant;
    private final Path dir;
    private final Path trustStore;

    private TenantFixture(SimulatedEntraTenant tenant, Path dir) throws IOException {
        this.tenant = tenant;
        this.dir = dir;
        this.trustStore = dir.resolve("truststore.p12");
        tenant.writeTrustStore(trustStore, TRUST_PASSWORD);
    }

    /**
     * Starts a tenant.
     *
     * @param spec     its size and seed
     * @param settings how it behaves (page caps, slices, expiry)
     * @return the fixture
     * @throws IOException when the trust store cannot be written
     */
    public static TenantFixture start(TenantSpec spec, Consumer<TenantSettings> settings) throws IOException {
        Path dir = Files.createTempDirectory("entra-tenant");
        return new TenantFixture(SimulatedEntraTenant.builder().spec(spec).settings(settings).start(), dir);
    }

    /**
     * The running tenant.
     *
     * @return the tenant
     */
    public SimulatedEntraTenant tenant() {
        return tenant;
    }

    /**
     * The connector configuration for this tenant, with more fields.
     *
     * @param extraFields JSON members to add, for example {@code "PageSize": 50}, or empty
     * @return ConfigJson
     */
    public String configJson(String extraFields) {
        return "{\"TenantId\":\"" + tenant.tenantId() + "\",\"Cloud\":\"Custom\",\"GraphEndpoint\":\""
                + tenant.graphEndpoint() + "\",\"AuthorityHost\":\"" + tenant.authorityHost()
                + "\",\"TrustStorePath\":" + json(trustStore.toString()) + ",\"TrustStorePassword\":\"env:TRUST_PW\","
                + "\"RetryDelaySeconds\":0.05,\"RequestTimeoutSeconds\":10"
                + (extraFields.isBlank() ? "" : "," + extraFields) + "}";
    }

    /**
     * The authentication document, referencing the secret.
     *
     * @return AuthJson
     */
    public String authJson() {
        return "{\"Mode\":\"ClientSecret\",\"ClientId\":\"" + tenant.clientId() + "\",\"ClientSecret\":\"env:ENTRA_SECRET\"}";
    }

    /**
     * Resolves {@code env:ENTRA_SECRET} to the tenant's client secret and {@code env:TRUST_PW} to the trust store's
     * password.
     *
     * @return the resolver
     */
    public SecretResolver resolver() {
        return resolverWithClientSecret(tenant.clientSecret());
    }

    /**
     * Like {@link #resolver()}, but {@code env:ENTRA_SECRET} resolves to the given value, for example a wrong secret.
     *
     * @param clientSecret what the client secret reference resolves to
     * @return the resolver
     */
    public SecretResolver resolverWithClientSecret(String clientSecret) {
        return SecretResolvers.environment(Map.of("ENTRA_SECRET", clientSecret,
                "TRUST_PW", new String(TRUST_PASSWORD))::get);
    }

    /**
     * Resolves the references of {@code secrets} ({@code env:NAME} to {@code secrets.get(NAME)}), {@code env:TRUST_PW}
     * to the trust store's password, and {@code file:PATH} to the file's content.
     *
     * @param secrets values by name, for example {@code ENTRA_CERT} to a certificate's PEM text
     * @return the resolver
     */
    public SecretResolver resolver(Map<String, String> secrets) {
        Map<String, String> all = new HashMap<>(secrets);
        all.put("TRUST_PW", new String(TRUST_PASSWORD));
        return SecretResolvers.chain(SecretResolvers.environment(all::get), SecretResolvers.files());
    }

    /**
     * Creates the connector through ServiceLoader, as a host does, with any authentication document.
     *
     * @param extraFields more ConfigJson members, or empty
     * @param authJson    the authentication document
     * @param secrets     what {@code env:} references resolve to, see {@link #resolver(Map)}
     * @return the connector
     */
    public EntraIdConnector connector(String extraFields, String authJson, Map<String, String> secrets) {
        return (EntraIdConnector) ConnectorProviders.discover().require("EntraId").create(
                ConnectorConfiguration.of(configJson(extraFields), authJson, resolver(secrets)));
    }

    /**
     * A configuration for this tenant.
     *
     * @param extraFields more ConfigJson members, or empty
     * @return the configuration
     */
    public ConnectorConfiguration configuration(String extraFields) {
        return ConnectorConfiguration.of(configJson(extraFields), authJson(), resolver());
    }

    /**
     * Creates the connector through ServiceLoader, as a host does.
     *
     * @param extraFields more ConfigJson members, or empty
     * @return the connector
     */
    public Connector connector(String extraFields) {
        return ConnectorProviders.discover().require("EntraId").create(configuration(extraFields));
    }

    /**
     * What a host must hold after importing the tenant with the default configuration: object type, then external
     * id, then attributes without nulls. Like a {@code HostReplica}'s snapshot it holds every type the descriptor
     * declares, a type the configuration does not import as an empty map.
     *
     * @param withManager whether {@code managerId} is imported
     * @return the snapshot
     */
    public Map<String, Map<String, Map<String, Object>>> expectedSnapshot(boolean withManager) {
        return expectedSnapshot(withManager, false, false);
    }

    /**
     * What a host must hold after importing the tenant, with group owners ({@code ImportGroupOwners}) and devices
     * ({@code ImportDevices}) as asked.
     *
     * @param withManager whether {@code managerId} is imported
     * @param withOwners  whether group owners are imported
     * @param withDevices whether devices are imported
     * @return the snapshot
     */
    public Map<String, Map<String, Map<String, Object>>> expectedSnapshot(boolean withManager, boolean withOwners,
            boolean withDevices) {
        Map<String, Map<String, Map<String, Object>>> expected = new TreeMap<>();
        Map<String, Map<String, Object>> users = new TreeMap<>();
        tenant.directory().users().forEach(u -> {
            Map<String, Object> a = attributes(u, EntraSchema.userProperties());
            if (withManager && u.get("manager") != null) {
                a.put(EntraSchema.MANAGER_ID, u.get("manager"));
            }
            users.put(u.id(), a);
        });
        Map<String, Map<String, Object>> groups = new TreeMap<>();
        Map<String, Map<String, Object>> members = new TreeMap<>();
        tenant.directory().groups().forEach(g -> {
            groups.put(g.id(), attributes(g, EntraSchema.groupProperties()));
            for (MemberRef m : tenant.directory().members(g.id())) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("groupId", g.id());
                a.put("memberId", m.id());
                a.put("memberType", EntraSchema.memberType(m.type().odataType()));
                members.put(g.id() + ":" + m.id(), a);
            }
        });
        expected.put(EntraSchema.USER, users);
        expected.put(EntraSchema.GROUP, groups);
        expected.put(EntraSchema.GROUP_MEMBER, members);
        Map<String, Map<String, Object>> owners = new TreeMap<>();
        if (withOwners) {
            tenant.directory().groups().forEach(g -> {
                for (MemberRef o : tenant.directory().owners(g.id())) {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("groupId", g.id());
                    a.put("ownerId", o.id());
                    a.put("ownerType", EntraSchema.memberType(o.type().odataType()));
                    owners.put(g.id() + ":" + o.id(), a);
                }
            });
        }
        expected.put(EntraSchema.GROUP_OWNER, owners);
        Map<String, Map<String, Object>> devices = new TreeMap<>();
        if (withDevices) {
            tenant.directory().devices().forEach(d -> devices.put(d.id(), attributes(d,
                    EntraSchema.deviceProperties())));
        }
        expected.put(EntraSchema.DEVICE, devices);
        return expected;
    }

    private static Map<String, Object> attributes(ObjectSnapshot object, List<String> properties) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", object.id());
        for (String p : properties) {
            Object value = object.has(p) ? object.get(p) : null;
            if (value instanceof List<?> list) {
                value = String.join(",", list.stream().map(String::valueOf).toList());
            }
            if (value != null && !p.equals("id")) {
                a.put(p, value);
            }
        }
        return a;
    }

    /**
     * A JSON string literal.
     *
     * @param text the text
     * @return the quoted, escaped text
     */
    public static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() throws IOException {
        tenant.close();
        Files.deleteIfExists(trustStore);
        Files.deleteIfExists(dir);
    }
}
