package org.identitymesh.connector.entra.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectorDescriptor.Document;
import org.identitymesh.connector.api.secret.SecretReference;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.entra.filter.FilterExpression;
import org.identitymesh.connector.entra.filter.FilterSyntaxException;

/**
 * The connector configuration document ({@code ConfigJson}), validated.
 *
 * @param tenantId                 the directory (tenant) id or a verified domain
 * @param cloud                    which cloud
 * @param graphEndpoint            the Graph root without version, for example {@code https://graph.microsoft.com}
 * @param authorityHost            the sign-in host
 * @param pageSize                 objects per page asked of Graph ({@code Prefer: odata.maxpagesize})
 * @param importUsers              whether users are imported
 * @param importGroups             whether groups are imported
 * @param importMemberships        whether memberships are imported (needs groups)
 * @param importManager            whether each user's manager is imported as {@code managerId}
 * @param importDevices            whether devices are imported (their own delta resource)
 * @param importGroupOwners        whether group owners are imported (read with the groups, so it needs groups)
 * @param membershipStrategy       how memberships are read
 * @param externalIdAttribute      what identifies an object: {@code id}, the immutable object id (the only value)
 * @param additionalUserAttributes further Graph user properties selected and passed through
 * @param groupFilter              the local group scope, or {@code null} for every group
 * @param userFilter               the local user scope, or {@code null} for every user
 * @param deviceFilter             the local device scope, or {@code null} for every device
 * @param userDomains              when not empty, only users whose mail or UPN is in one of these domains
 * @param includeDisabledUsers     whether users with {@code accountEnabled == false} are in scope
 * @param includeGuests            whether users with {@code userType == Guest} are in scope
 * @param expiredDeltaPolicy       what to do when a delta link expired
 * @param retry                    how throttling and transient failures are retried
 * @param requestTimeout           connect, read and write timeout of one request
 * @param trustStore               a PKCS12 trust store for a private CA (proxy or simulated tenant), or {@code null}
 * @param trustStorePassword       its password, as a secret reference, or {@code null}
 */
public record EntraConfig(
        String tenantId,
        Cloud cloud,
        URI graphEndpoint,
        URI authorityHost,
        int pageSize,
        boolean importUsers,
        boolean importGroups,
        boolean importMemberships,
        boolean importManager,
        boolean importDevices,
        boolean importGroupOwners,
        MembershipStrategy membershipStrategy,
        String externalIdAttribute,
        List<String> additionalUserAttributes,
        FilterExpression groupFilter,
        FilterExpression userFilter,
        FilterExpression deviceFilter,
        List<String> userDomains,
        boolean includeDisabledUsers,
        boolean includeGuests,
        ExpiredDeltaPolicy expiredDeltaPolicy,
        RetrySettings retry,
        Duration requestTimeout,
        Path trustStore,
        SecretReference trustStorePassword) {

    /** The document's name in messages. */
    public static final String DOCUMENT = "ConfigJson";

    /** Field names. */
    public static final String TENANT_ID = "TenantId";
    static final String CLOUD = "Cloud";
    static final String GRAPH_ENDPOINT = "GraphEndpoint";
    static final String AUTHORITY_HOST = "AuthorityHost";
    static final String PAGE_SIZE = "PageSize";
    static final String IMPORT_USERS = "ImportUsers";
    static final String IMPORT_GROUPS = "ImportGroups";
    static final String IMPORT_MEMBERSHIPS = "ImportMemberships";
    static final String IMPORT_MANAGER = "ImportManager";
    static final String IMPORT_DEVICES = "ImportDevices";
    static final String IMPORT_GROUP_OWNERS = "ImportGroupOwners";
    static final String MEMBERSHIP_STRATEGY = "MembershipStrategy";
    static final String EXTERNAL_ID_ATTRIBUTE = "ExternalIdAttribute";
    static final String ADDITIONAL_USER_ATTRIBUTES = "AdditionalUserAttributes";
    static final String GROUP_SELECTION_FILTER = "GroupSelectionFilter";
    static final String USER_SELECTION_FILTER = "UserSelectionFilter";
    static final String DEVICE_SELECTION_FILTER = "DeviceSelectionFilter";
    static final String USER_DOMAINS = "UserDomains";
    static final String INCLUDE_DISABLED_USERS = "IncludeDisabledUsers";
    static final String INCLUDE_GUESTS = "IncludeGuests";
    static final String ON_EXPIRED_DELTA = "OnExpiredDelta";
    static final String MAX_RETRIES = "MaxRetries";
    static final String RETRY_DELAY_SECONDS = "RetryDelaySeconds";
    static final String MAX_RETRY_WAIT_SECONDS = "MaxRetryWaitSeconds";
    static final String RETRY_WARNING_SECONDS = "RetryWarningSeconds";
    static final String REQUEST_TIMEOUT_SECONDS = "RequestTimeoutSeconds";
    static final String TRUST_STORE_PATH = "TrustStorePath";
    static final String TRUST_STORE_PASSWORD = "TrustStorePassword";

    /** The largest page Graph documents for delta queries. */
    public static final int MAX_PAGE_SIZE = 999;

    private static final Pattern GRAPH_PROPERTY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern DOMAIN = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    private static final Pattern TENANT = Pattern.compile(
            "(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|" + DOMAIN.pattern());

    /** Copies the lists. */
    public EntraConfig {
        additionalUserAttributes = List.copyOf(additionalUserAttributes);
        userDomains = List.copyOf(userDomains);
    }

    /**
     * Reads and validates the document, adding every problem to {@code problems}.
     *
     * @param json     the document
     * @param resolver checks that secret references can be resolved (they are not resolved here)
     * @param problems where problems go
     * @return the configuration, or {@code null} when there were problems
     */
    static EntraConfig read(String json, SecretResolver resolver, List<ConfigurationException.Problem> problems) {
        int before = problems.size();
        JsonDocumentReader r = JsonDocumentReader.parse(DOCUMENT, EntraConfigFields.byName(Document.CONFIG), json,
                problems);
        r.rejectUnknownFields();

        String tenantId = r.requiredString(TENANT_ID, "a tenant id (a GUID) or a verified domain such as contoso.onmicrosoft.com");
        if (tenantId != null && !TENANT.matcher(tenantId).matches()) {
            r.problem(TENANT_ID, "a tenant id (a GUID) or a verified domain such as contoso.onmicrosoft.com, "
                    + Found.text(tenantId));
        }
        Map<String, Cloud> clouds = new LinkedHashMap<>();
        for (Cloud c : Cloud.values()) {
            clouds.put(c.configName(), c);
        }
        Cloud cloud = r.choice(CLOUD, clouds);
        URI graph = cloud.graphEndpoint();
        URI authority = cloud.authorityHost();
        if (cloud == Cloud.CUSTOM) {
            graph = endpoint(r, GRAPH_ENDPOINT, true);
            authority = endpoint(r, AUTHORITY_HOST, true);
        } else {
            for (String f : List.of(GRAPH_ENDPOINT, AUTHORITY_HOST)) {
                if (r.has(f)) {
                    r.problem(f, "no value unless Cloud is Custom (Cloud " + cloud.configName()
                            + " has fixed endpoints)");
                }
            }
        }

        int pageSize = r.integer(PAGE_SIZE, 1, MAX_PAGE_SIZE);
        boolean importUsers = r.bool(IMPORT_USERS);
        boolean importGroups = r.bool(IMPORT_GROUPS);
        boolean importMemberships = r.bool(IMPORT_MEMBERSHIPS);
        if (importMemberships && !importGroups && r.has(IMPORT_MEMBERSHIPS)) {
            r.problem(IMPORT_MEMBERSHIPS, "false when ImportGroups is false: memberships are read with their groups");
        }
        importMemberships = importMemberships && importGroups;
        boolean importGroupOwners = r.bool(IMPORT_GROUP_OWNERS);
        if (importGroupOwners && !importGroups) {
            r.problem(IMPORT_GROUP_OWNERS, "false when ImportGroups is false: owners are read with their groups");
        }
        importGroupOwners = importGroupOwners && importGroups;
        boolean importDevices = r.bool(IMPORT_DEVICES);
        if (!importUsers && !importGroups && !importDevices) {
            r.problem(IMPORT_USERS, "true, or ImportGroups or ImportDevices true: with all three false there is "
                    + "nothing to import");
        }
        boolean importManager = r.bool(IMPORT_MANAGER);
        MembershipStrategy strategy = r.choice(MEMBERSHIP_STRATEGY, Map.of(
                "Delta", MembershipStrategy.DELTA, "PerGroup", MembershipStrategy.PER_GROUP,
                "Batch", MembershipStrategy.BATCH));
        String externalId = r.stringOrDefault(EXTERNAL_ID_ATTRIBUTE);
        if (!externalId.equals("id")) {
            r.problem(EXTERNAL_ID_ATTRIBUTE, "\"id\", " + Found.text(externalId) + ": Graph reports removed objects and "
                    + "membership edges by object id only, and a userPrincipalName can change, so only the object "
                    + "id identifies an object for its whole life; userPrincipalName is delivered as an attribute "
                    + "to match on");
        }
        List<String> additional = r.stringList(ADDITIONAL_USER_ATTRIBUTES);
        Set<String> seen = new LinkedHashSet<>();
        for (String a : additional) {
            if (!GRAPH_PROPERTY.matcher(a).matches()) {
                r.problem(ADDITIONAL_USER_ATTRIBUTES, "Graph user property names (letters, digits, _), " + Found.text(a));
            } else if (!seen.add(a.toLowerCase(Locale.ROOT))) {
                r.problem(ADDITIONAL_USER_ATTRIBUTES, "each property once, " + Found.text(a) + " twice");
            }
        }
        FilterExpression groupFilter = filter(r, GROUP_SELECTION_FILTER);
        FilterExpression userFilter = filter(r, USER_SELECTION_FILTER);
        FilterExpression deviceFilter = filter(r, DEVICE_SELECTION_FILTER);
        if (deviceFilter != null && !importDevices) {
            r.problem(DEVICE_SELECTION_FILTER, "no value unless ImportDevices is true (it scopes the devices imported)");
        }
        List<String> domains = new ArrayList<>();
        for (String d : r.stringList(USER_DOMAINS)) {
            String domain = d.startsWith("@") ? d.substring(1) : d;
            if (!DOMAIN.matcher(domain).matches()) {
                r.problem(USER_DOMAINS, "domain names such as contoso.com, " + Found.text(d));
            } else {
                domains.add(domain.toLowerCase(Locale.ROOT));
            }
        }
        boolean includeDisabled = r.bool(INCLUDE_DISABLED_USERS);
        boolean includeGuests = r.bool(INCLUDE_GUESTS);
        ExpiredDeltaPolicy policy = r.choice(ON_EXPIRED_DELTA, Map.of("Resync", ExpiredDeltaPolicy.RESYNC,
                "Fail", ExpiredDeltaPolicy.FAIL));
        RetrySettings retry = new RetrySettings(
                r.integer(MAX_RETRIES, 0, 20),
                seconds(r.decimal(RETRY_DELAY_SECONDS, 0, 600)),
                seconds(r.decimal(MAX_RETRY_WAIT_SECONDS, 0, 3600)),
                seconds(r.decimal(RETRY_WARNING_SECONDS, 0, 3600)));
        Duration timeout = seconds(r.decimal(REQUEST_TIMEOUT_SECONDS, 1, 600));
        Path trustStore = r.parsed(TRUST_STORE_PATH, text -> {
            try {
                return Path.of(text);
            } catch (java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException("a file path, " + Found.text(text));
            }
        }).orElse(null);
        SecretReference trustStorePassword = r.secretReference(TRUST_STORE_PASSWORD, false, resolver).orElse(null);
        if (trustStorePassword != null && trustStore == null) {
            r.problem(TRUST_STORE_PASSWORD, "no value unless TrustStorePath is set");
        }

        if (problems.size() > before) {
            return null;
        }
        return new EntraConfig(tenantId, cloud, graph, authority, pageSize, importUsers, importGroups,
                importMemberships, importManager, importDevices, importGroupOwners, strategy, externalId, additional,
                groupFilter, userFilter, deviceFilter, domains, includeDisabled, includeGuests, policy, retry, timeout,
                trustStore, trustStorePassword);
    }

    /**
     * The Graph v1.0 root, for example {@code https://graph.microsoft.com/v1.0}.
     *
     * @return the versioned root, without a trailing slash
     */
    public String graphV1() {
        String base = graphEndpoint.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1.0";
    }

    /**
     * Whether a user scope is configured, beyond "every user".
     *
     * @return whether any user filter is set
     */
    public boolean scopesUsers() {
        return userFilter != null || !userDomains.isEmpty() || !includeDisabledUsers || !includeGuests;
    }

    /**
     * The group filter.
     *
     * @return the filter, if set
     */
    public Optional<FilterExpression> groupScope() {
        return Optional.ofNullable(groupFilter);
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1_000_000_000d));
    }

    private static FilterExpression filter(JsonDocumentReader r, String field) {
        return r.parsed(field, text -> {
            try {
                return FilterExpression.parse(text);
            } catch (FilterSyntaxException e) {
                throw new IllegalArgumentException("an OData filter (eq, ne, startswith, endswith, in, and, or, not, "
                        + "any/all over collections); " + e.getMessage());
            }
        }).orElse(null);
    }

    private static URI endpoint(JsonDocumentReader r, String field, boolean required) {
        if (!r.has(field)) {
            if (required) {
                r.problem(field, "an https URL (required when Cloud is Custom), found nothing");
            }
            return null;
        }
        return r.parsed(field, raw -> {
            String text = raw.replaceAll("//[^/@]*@", "//***@");
            URI uri;
            try {
                uri = new URI(raw);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("an https URL such as https://graph.example.com, " + Found.text(text));
            }
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("an https URL with a host (plain http would expose tokens), "
                        + Found.text(text));
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("an https URL without user info, query or fragment, "
                        + Found.text(text));
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (path.endsWith("/v1.0") || path.endsWith("/v1.0/")) {
                throw new IllegalArgumentException("the Graph root without /v1.0 (the connector adds it), "
                        + Found.text(text));
            }
            return uri;
        }).orElse(null);
    }
}
