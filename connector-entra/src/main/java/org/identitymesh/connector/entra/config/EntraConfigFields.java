package org.identitymesh.connector.entra.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.ConnectorDescriptor.ConfigField;
import org.identitymesh.connector.api.ConnectorDescriptor.Document;
import org.identitymesh.connector.api.ConnectorDescriptor.FieldType;

/**
 * Every field of {@code ConfigJson} and {@code AuthJson}: what the descriptor shows and what validation accepts. The
 * one place a default is declared: the readers take a field's default from its {@link ConfigField#defaultValue()}.
 */
public final class EntraConfigFields {

    private static final List<ConfigField> FIELDS = List.of(
            config(EntraConfig.TENANT_ID, FieldType.STRING, true, null,
                    "The directory (tenant) id, a GUID, or a verified domain such as contoso.onmicrosoft.com."),
            new ConfigField(Document.CONFIG, EntraConfig.CLOUD, FieldType.ENUM, false, "\"Global\"",
                    List.of("Global", "USGov", "USGovDoD", "China", "Custom"),
                    "The Microsoft cloud of the tenant. Custom takes GraphEndpoint and AuthorityHost."),
            config(EntraConfig.GRAPH_ENDPOINT, FieldType.STRING, false, null,
                    "With Cloud Custom: the Graph root over https, without /v1.0 (a proxy or a simulated tenant)."),
            config(EntraConfig.AUTHORITY_HOST, FieldType.STRING, false, null,
                    "With Cloud Custom: the sign-in host over https."),
            config(EntraConfig.PAGE_SIZE, FieldType.INTEGER, false, "999",
                    "Objects per page asked of Graph (1 to 999, sent as Prefer: odata.maxpagesize); Graph may send fewer."),
            config(EntraConfig.IMPORT_USERS, FieldType.BOOLEAN, false, "true", "Import users."),
            config(EntraConfig.IMPORT_GROUPS, FieldType.BOOLEAN, false, "true", "Import groups."),
            config(EntraConfig.IMPORT_MEMBERSHIPS, FieldType.BOOLEAN, false, "true",
                    "Import group memberships (read with the groups, so ImportGroups must be true)."),
            config(EntraConfig.IMPORT_MANAGER, FieldType.BOOLEAN, false, "false",
                    "Import each user's manager as the attribute managerId."),
            config(EntraConfig.IMPORT_GROUP_OWNERS, FieldType.BOOLEAN, false, "false",
                    "Import group owners as GroupOwner objects (read with the groups, so ImportGroups must be true; "
                            + "needs no further permission)."),
            config(EntraConfig.IMPORT_DEVICES, FieldType.BOOLEAN, false, "false",
                    "Import devices as Device objects from the devices delta (needs the Device.Read.All permission)."),
            new ConfigField(Document.CONFIG, EntraConfig.MEMBERSHIP_STRATEGY, FieldType.ENUM, false, "\"Delta\"",
                    List.of("Delta", "PerGroup", "Batch"), "How memberships are read: Delta (inside the groups delta, "
                            + "incremental, no request per group), PerGroup (one members request chain per group, all "
                            + "groups and memberships in full on every import) or Batch (the same, 20 groups per $batch)."),
            new ConfigField(Document.CONFIG, EntraConfig.EXTERNAL_ID_ATTRIBUTE, FieldType.ENUM, false, "\"id\"",
                    List.of("id"), "What identifies an object: the immutable object id (userPrincipalName is "
                            + "delivered as an attribute; it can change and removed objects carry only ids)."),
            config(EntraConfig.ADDITIONAL_USER_ATTRIBUTES, FieldType.STRING_LIST, false, "[]",
                    "Further Graph user properties to select and pass through, for example [\"employeeHireDate\"]."),
            config(EntraConfig.GROUP_SELECTION_FILTER, FieldType.STRING, false, null,
                    "An OData filter evaluated on every group, for example startswith(displayName,'IM-'); "
                            + "a group that stops matching is deleted from the host."),
            config(EntraConfig.USER_SELECTION_FILTER, FieldType.STRING, false, null,
                    "An OData filter evaluated on every user, for example not startswith(mail,'room-')."),
            config(EntraConfig.DEVICE_SELECTION_FILTER, FieldType.STRING, false, null,
                    "With ImportDevices: an OData filter evaluated on every device, for example "
                            + "isManaged eq true and operatingSystem eq 'Windows'; a device that stops matching is "
                            + "deleted from the host."),
            config(EntraConfig.USER_DOMAINS, FieldType.STRING_LIST, false, "[]",
                    "Only users whose mail or userPrincipalName is in one of these domains; empty for all."),
            config(EntraConfig.INCLUDE_DISABLED_USERS, FieldType.BOOLEAN, false, "true",
                    "Import users whose account is disabled."),
            config(EntraConfig.INCLUDE_GUESTS, FieldType.BOOLEAN, false, "true", "Import guest users."),
            new ConfigField(Document.CONFIG, EntraConfig.ON_EXPIRED_DELTA, FieldType.ENUM, false, "\"Resync\"",
                    List.of("Resync", "Fail"),
                    "When Graph no longer knows a delta link (7 days idle): run a full round, or fail."),
            config(EntraConfig.MAX_RETRIES, FieldType.INTEGER, false, "5",
                    "Retries of one request after throttling or a transient failure (0 to 20)."),
            config(EntraConfig.RETRY_DELAY_SECONDS, FieldType.NUMBER, false, "5",
                    "Without Retry-After, retry n waits n times this many seconds (decimal)."),
            config(EntraConfig.MAX_RETRY_WAIT_SECONDS, FieldType.NUMBER, false, "300",
                    "The longest single wait before a retry, in seconds, whatever Retry-After says."),
            config(EntraConfig.RETRY_WARNING_SECONDS, FieldType.NUMBER, false, "10",
                    "A wait before a retry of at least this many seconds is logged at WARN, a shorter one at DEBUG "
                            + "(0 to 3600; 0 logs every wait at WARN)."),
            config(EntraConfig.REQUEST_TIMEOUT_SECONDS, FieldType.NUMBER, false, "60",
                    "Connect, read and write timeout of one request, in seconds."),
            config(EntraConfig.TRUST_STORE_PATH, FieldType.STRING, false, null,
                    "A PKCS12 trust store for endpoints with a private CA (TLS-inspecting proxy, simulated tenant)."),
            config(EntraConfig.TRUST_STORE_PASSWORD, FieldType.SECRET_REFERENCE, false, null,
                    "The trust store's password, as a secret reference."),
            new ConfigField(Document.AUTH, AuthConfig.MODE, FieldType.ENUM, false, "\"ClientSecret\"",
                    List.of("ClientSecret", "ClientCertificate", "ManagedIdentity", "WorkloadIdentity"),
                    "How the connector signs in."),
            auth(AuthConfig.CLIENT_ID, FieldType.STRING,
                    "The application (client) id; optional for ManagedIdentity (user-assigned identity)."),
            auth(AuthConfig.CLIENT_SECRET, FieldType.SECRET_REFERENCE,
                    "With Mode ClientSecret: a reference to the client secret (env:NAME, file:PATH, secret://...), "
                            + "never the secret."),
            auth(AuthConfig.CERTIFICATE, FieldType.SECRET_REFERENCE,
                    "With Mode ClientCertificate: a reference to PEM text with certificate and private key, or to a "
                            + "base64 PKCS12 file."),
            auth(AuthConfig.CERTIFICATE_PASSWORD, FieldType.SECRET_REFERENCE,
                    "With Mode ClientCertificate and a PKCS12 file: a reference to its password."),
            auth(AuthConfig.TOKEN_FILE_PATH, FieldType.STRING,
                    "With Mode WorkloadIdentity: the federated token file; default AZURE_FEDERATED_TOKEN_FILE."));

    private EntraConfigFields() {
    }

    /**
     * Every field of both documents.
     *
     * @return the fields, ConfigJson first
     */
    public static List<ConfigField> all() {
        return FIELDS;
    }

    /** The fields of one document by name, in declared order. */
    static Map<String, ConfigField> byName(Document document) {
        Map<String, ConfigField> fields = new LinkedHashMap<>();
        FIELDS.stream().filter(f -> f.document() == document).forEach(f -> fields.put(f.name(), f));
        return Collections.unmodifiableMap(fields);
    }

    private static ConfigField config(String name, FieldType type, boolean required, String defaultValue,
            String description) {
        return new ConfigField(Document.CONFIG, name, type, required, defaultValue, List.of(), description);
    }

    private static ConfigField auth(String name, FieldType type, String description) {
        return new ConfigField(Document.AUTH, name, type, false, null, List.of(), description);
    }
}
