package org.identitymesh.connector.testkit.entra;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The Entra ID side: the client-credentials token endpoint (client secret, or a client assertion checked by {@link
 * ClientAssertions}), OpenID Connect metadata, instance discovery and the (empty) signing keys, enough for
 * azure-identity and MSAL4J pointed at the simulator.
 */
final class AuthorityEndpoints {

    private final String baseUrl;
    private final String tenantId;
    private final String domain;
    private final String clientId;
    private final String clientSecret;
    private final TenantSettings settings;
    private final AccessTokens tokens;
    private final ClientAssertions assertions;
    private final ErrorResponses errors;

    AuthorityEndpoints(String baseUrl, String tenantId, String domain, String clientId, String clientSecret,
            TenantSettings settings, AccessTokens tokens, ClientAssertions assertions, ErrorResponses errors) {
        this.baseUrl = baseUrl;
        this.tenantId = tenantId;
        this.domain = domain;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.settings = settings;
        this.tokens = tokens;
        this.assertions = assertions;
        this.errors = errors;
    }

    static boolean isTokenPath(String path) {
        return path.matches("/[^/]+/oauth2/v2\\.0/token");
    }

    static boolean isDiscoveryPath(String path) {
        return path.equals("/common/discovery/instance") || path.matches("/[^/]+(/v2\\.0)?/\\.well-known/openid-configuration")
                || path.matches("/[^/]+/discovery/v2\\.0/keys");
    }

    SimResponse handle(SimRequest r) {
        String path = r.path();
        if (path.equals("/common/discovery/instance")) {
            return discovery(baseUrl, tenantId);
        }
        if (!knownTenant(tenantSegment(path))) {
            return noSuchTenant(errors, r);
        }
        if (isTokenPath(path)) {
            return token(r);
        }
        if (path.endsWith("/keys")) {
            return SimResponse.bytes(200, SimResponse.PLAIN_JSON, "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8));
        }
        return openIdConfiguration();
    }

    /** The tenant named by an authority path: its first segment. */
    static String tenantSegment(String path) {
        int slash = path.indexOf('/', 1);
        return slash < 0 ? path.substring(1) : path.substring(1, slash);
    }

    /**
     * The answer to a token or metadata request for a tenant that is not there (Entra's AADSTS90002); a token request
     * that is not a POST is refused for that first.
     */
    static SimResponse noSuchTenant(ErrorResponses errors, SimRequest r) {
        String tenant = tenantSegment(r.path());
        if (!isTokenPath(r.path())) {
            return errors.aad(r, 400, "invalid_tenant", 90002, "Tenant '" + tenant + "' not found. Check to make sure"
                    + " you have the correct tenant ID and are signing into the correct cloud.");
        }
        if (!r.method().equals("POST")) {
            return notPost(errors, r);
        }
        return errors.aad(r, 400, "invalid_request", 90002, "Tenant '" + tenant + "' not found. Check to make"
                + " sure you have the correct tenant ID and are signing into the correct cloud. Check with your"
                + " subscription administrator, this may happen if there are no active subscriptions for the"
                + " tenant.");
    }

    private static SimResponse notPost(ErrorResponses errors, SimRequest r) {
        return errors.aad(r, 405, "invalid_request", 900561,
                "The endpoint only accepts POST requests. Received a " + r.method() + " request.");
    }

    private boolean knownTenant(String tenant) {
        return tenant.equalsIgnoreCase(tenantId) || tenant.equalsIgnoreCase(domain);
    }

    private SimResponse token(SimRequest r) {
        if (!r.method().equals("POST")) {
            return notPost(errors, r);
        }
        Map<String, String> form = SimRequest.parseQuery(new String(r.body(), StandardCharsets.UTF_8));
        String grant = form.get("grant_type");
        if (grant == null) {
            return errors.aad(r, 400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'grant_type'.");
        }
        if (!grant.equals("client_credentials")) {
            return errors.aad(r, 400, "unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type '" + grant + "'.");
        }
        String id = form.get("client_id");
        if (id == null || id.isEmpty()) {
            return errors.aad(r, 400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'client_id'.");
        }
        if (!id.equalsIgnoreCase(clientId)) {
            return errors.aad(r, 400, "unauthorized_client", 700016, "Application with identifier '" + id
                    + "' was not found in the directory '" + domain + "'. This can happen if the application has"
                    + " not been installed by the administrator of the tenant or consented to by any user in the"
                    + " tenant. You may have sent your authentication request to the wrong tenant.");
        }
        String secret = form.get("client_secret");
        String assertion = form.get("client_assertion");
        String assertionType = form.get("client_assertion_type");
        TokenGrant.Credential credential = TokenGrant.Credential.CLIENT_SECRET;
        String credentialId = "";
        if (assertion != null || assertionType != null) {
            if (assertion == null || assertion.isEmpty()) {
                return errors.aad(r, 400, "invalid_request", 900144,
                        "The request body must contain the following parameter: 'client_assertion'.");
            }
            if (!ClientAssertions.JWT_BEARER.equals(assertionType)) {
                return errors.aad(r, 400, "invalid_request", 90014, "The required field 'client_assertion_type' is "
                        + "missing from the credential or is not '" + ClientAssertions.JWT_BEARER + "'.");
            }
            ClientAssertions.Verdict verdict = assertions.verify(assertion, clientId, baseUrl, r.path());
            if (!verdict.accepted()) {
                return errors.aad(r, verdict.status(), verdict.error(), verdict.aadsts(), verdict.description());
            }
            credential = verdict.credential();
            credentialId = verdict.credentialId();
        } else if (secret == null) {
            return errors.aad(r, 400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        } else if (!secret.equals(clientSecret)) {
            return errors.aad(r, 401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret"
                    + " being sent in the request is the client secret value, not the client secret ID, for a secret"
                    + " added to app '" + clientId + "'.");
        }
        String scope = form.get("scope");
        if (scope == null || scope.isBlank()) {
            return errors.aad(r, 400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'scope'.");
        }
        String resource = resourceScope(scope);
        if (resource == null) {
            return errors.aad(r, 400, "invalid_scope", 1002012, "The provided value for scope " + scope
                    + " is not valid. Client credential flows must have a scope value with /.default suffixed to"
                    + " the resource identifier (application ID URI).");
        }
        long seconds = settings.tokenLifetime().getSeconds();
        String token = tokens.issue(settings.tokenLifetime(),
                resource.substring(0, resource.length() - "/.default".length()), clientId, credential, credentialId);
        return SimResponse.json(200, SimResponse.PLAIN_JSON, g -> {
            g.writeStartObject();
            g.writeStringField("token_type", "Bearer");
            g.writeNumberField("expires_in", seconds);
            g.writeNumberField("ext_expires_in", seconds);
            g.writeStringField("access_token", token);
            g.writeEndObject();
        }).header("Cache-Control", "no-store, no-cache").header("Pragma", "no-cache");
    }

    /**
     * The one resource scope ending in {@code /.default}, ignoring the OpenID scopes MSAL adds to every request
     * ({@code openid profile offline_access}); null if there is not exactly one.
     */
    static String resourceScope(String scope) {
        String resource = null;
        for (String s : scope.trim().split("\\s+")) {
            if (s.equals("openid") || s.equals("profile") || s.equals("offline_access") || s.equals("email")) {
                continue;
            }
            if (resource != null || !s.endsWith("/.default")) {
                return null;
            }
            resource = s;
        }
        return resource;
    }

    /** Instance discovery, naming a tenant's OpenID configuration ({@code common} when no tenant is known). */
    static SimResponse discovery(String baseUrl, String tenantId) {
        String host = baseUrl.substring("https://".length());
        return SimResponse.json(200, SimResponse.PLAIN_JSON, g -> {
            g.writeStartObject();
            g.writeStringField("tenant_discovery_endpoint",
                    baseUrl + "/" + tenantId + "/v2.0/.well-known/openid-configuration");
            g.writeStringField("api-version", "1.1");
            g.writeArrayFieldStart("metadata");
            g.writeStartObject();
            g.writeStringField("preferred_network", host);
            g.writeStringField("preferred_cache", host);
            g.writeArrayFieldStart("aliases");
            g.writeString(host);
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private SimResponse openIdConfiguration() {
        String t = baseUrl + "/" + tenantId;
        return SimResponse.json(200, SimResponse.PLAIN_JSON, g -> {
            g.writeStartObject();
            g.writeStringField("token_endpoint", t + "/oauth2/v2.0/token");
            g.writeArrayFieldStart("token_endpoint_auth_methods_supported");
            g.writeString("client_secret_post");
            g.writeString("private_key_jwt");
            g.writeString("client_secret_basic");
            g.writeEndArray();
            g.writeStringField("jwks_uri", t + "/discovery/v2.0/keys");
            g.writeArrayFieldStart("response_modes_supported");
            g.writeString("query");
            g.writeString("fragment");
            g.writeString("form_post");
            g.writeEndArray();
            g.writeArrayFieldStart("subject_types_supported");
            g.writeString("pairwise");
            g.writeEndArray();
            g.writeArrayFieldStart("id_token_signing_alg_values_supported");
            g.writeString("RS256");
            g.writeEndArray();
            g.writeArrayFieldStart("response_types_supported");
            g.writeString("code");
            g.writeString("id_token");
            g.writeString("code id_token");
            g.writeString("id_token token");
            g.writeEndArray();
            g.writeArrayFieldStart("scopes_supported");
            g.writeString("openid");
            g.writeString("profile");
            g.writeString("email");
            g.writeString("offline_access");
            g.writeEndArray();
            g.writeStringField("issuer", t + "/v2.0");
            g.writeBooleanField("request_uri_parameter_supported", false);
            g.writeStringField("userinfo_endpoint", baseUrl + "/oidc/userinfo");
            g.writeStringField("authorization_endpoint", t + "/oauth2/v2.0/authorize");
            g.writeStringField("device_authorization_endpoint", t + "/oauth2/v2.0/devicecode");
            g.writeBooleanField("http_logout_supported", true);
            g.writeBooleanField("frontchannel_logout_supported", true);
            g.writeStringField("end_session_endpoint", t + "/oauth2/v2.0/logout");
            g.writeStringField("tenant_region_scope", "EU");
            g.writeStringField("cloud_instance_name", baseUrl.substring("https://".length()));
            g.writeStringField("cloud_graph_host_name", baseUrl.substring("https://".length()));
            g.writeStringField("msgraph_host", baseUrl.substring("https://".length()));
            g.writeEndObject();
        });
    }
}
