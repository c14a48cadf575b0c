package org.identitymesh.connector.testkit.entra;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The managed identity endpoint of Azure App Service and Azure Functions (protocol version {@value #API_VERSION}), as
 * the platform serves it to the application: plain HTTP on loopback at {@code IDENTITY_ENDPOINT}, answering
 * {@code GET /msi/token?api-version=2019-08-01&resource=...[&client_id=...]} when the request carries
 * {@code X-IDENTITY-HEADER: <IDENTITY_HEADER>}. It knows the app's system-assigned identity and one user-assigned
 * identity, and issues access tokens for the tenant's Graph endpoint that Graph accepts.
 *
 * <p>azure-identity 1.19 hands managed identity to MSAL4J, which finds the endpoint in the process environment
 * ({@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER}, without {@code IDENTITY_SERVER_THUMBPRINT}): start the
 * process under test with {@link #environment()}. Requests are journaled as {@link RequestKind#MANAGED_IDENTITY} and
 * take injected faults of that kind.
 *
 * <p>Answers: 200 {@code {"access_token","expires_on" (epoch seconds, by the tenant's clock),"resource","token_type",
 * "client_id"}}; 401 for a missing or wrong {@code X-IDENTITY-HEADER}; 400 {@code "Unable to load the proper Managed
 * Identity."} for a {@code client_id} (or {@code object_id}, {@code mi_res_id}, {@code principal_id}) that names no
 * identity of the app; 400 with AADSTS500011 for a resource other than the Graph endpoint; 400 for a missing resource
 * or another api-version. Errors are shaped {@code {"statusCode":N,"message":"...","correlationId":"..."}}.
 */
public final class ManagedIdentityEndpoint implements AutoCloseable {

    /** The token path. */
    static final String PATH = "/msi/token";
    /** The protocol version App Service serves to MSAL. */
    public static final String API_VERSION = "2019-08-01";

    private static final Set<String> OTHER_ID_PARAMETERS = Set.of("object_id", "principal_id", "mi_res_id", "msi_res_id");

    private final HttpFront front;
    private final String identityHeader;
    private final String systemAssignedClientId;
    private final String userAssignedClientId;
    private final String graphEndpoint;
    private final String tenantId;
    private final Clock clock;
    private final TenantSettings settings;
    private final AccessTokens tokens;

    ManagedIdentityEndpoint(String systemAssignedClientId, String userAssignedClientId, String graphEndpoint,
            String tenantId, Clock clock, TenantSettings settings, AccessTokens tokens, FaultInjector faults,
            RequestJournal journal) throws IOException {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.identityHeader = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        this.systemAssignedClientId = systemAssignedClientId;
        this.userAssignedClientId = userAssignedClientId;
        this.graphEndpoint = graphEndpoint;
        this.tenantId = tenantId;
        this.clock = clock;
        this.settings = settings;
        this.tokens = tokens;
        this.front = new HttpFront(null, 0, 2, null);
        ErrorResponses errors = new ErrorResponses(clock, front.baseUrl());
        RequestPipeline pipeline = new RequestPipeline(journal, faults, new FaultResponses(front.baseUrl(), errors),
                (kind, r) -> kind == RequestKind.MANAGED_IDENTITY ? handle(r) : error(r, 404, "Not found."));
        front.start(r -> pipeline.serve(GraphRouter.classify(r.method(), r.path()), r));
    }

    /**
     * What the platform puts in {@code IDENTITY_ENDPOINT}: {@code http://127.0.0.1:PORT/msi/token}.
     *
     * @return the URL
     */
    public String identityEndpoint() {
        return front.baseUrl() + PATH;
    }

    /**
     * What the platform puts in {@code IDENTITY_HEADER}: the value requests must send as {@code X-IDENTITY-HEADER}.
     *
     * @return the header value
     */
    public String identityHeader() {
        return identityHeader;
    }

    /**
     * The environment variables the platform sets for the application, by which MSAL4J finds this endpoint.
     *
     * @return {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER}
     */
    public Map<String, String> environment() {
        return Map.of("IDENTITY_ENDPOINT", identityEndpoint(), "IDENTITY_HEADER", identityHeader);
    }

    /**
     * The client id of the app's system-assigned identity, used when a request names no identity.
     *
     * @return the client id
     */
    public String systemAssignedClientId() {
        return systemAssignedClientId;
    }

    /**
     * The client id of the user-assigned identity attached to the app, which a request selects with
     * {@code client_id}.
     *
     * @return the client id
     */
    public String userAssignedClientId() {
        return userAssignedClientId;
    }

    SimResponse handle(SimRequest r) {
        if (!r.method().equals("GET")) {
            return error(r, 405, "The HTTP method '" + r.method() + "' is not allowed; use GET.");
        }
        String header = r.header("X-IDENTITY-HEADER");
        if (header == null || !header.equals(identityHeader)) {
            return error(r, 401, "Invalid secret token header: the request's X-IDENTITY-HEADER is missing or is not "
                    + "this application's IDENTITY_HEADER.");
        }
        String version = r.query().get("api-version");
        if (!API_VERSION.equals(version)) {
            return error(r, 400, "The api-version '" + version + "' is not supported; use " + API_VERSION + ".");
        }
        String resource = r.query().get("resource");
        if (resource == null || resource.isBlank()) {
            return error(r, 400, "The 'resource' parameter is required.");
        }
        String clientId = r.query().get("client_id");
        for (String other : OTHER_ID_PARAMETERS) {
            if (r.query().containsKey(other)) {
                return error(r, 400, "Unable to load the proper Managed Identity.");
            }
        }
        String identity;
        if (clientId == null || clientId.isEmpty()) {
            identity = systemAssignedClientId;
        } else if (clientId.equalsIgnoreCase(userAssignedClientId)) {
            identity = userAssignedClientId;
        } else {
            return error(r, 400, "Unable to load the proper Managed Identity.");
        }
        String root = resource.endsWith("/") ? resource.substring(0, resource.length() - 1) : resource;
        if (!root.equalsIgnoreCase(graphEndpoint)) {
            return error(r, 400, "AADSTS500011: The resource principal named " + resource + " was not found in the "
                    + "tenant named " + tenantId + ". This can happen if the application has not been installed by "
                    + "the administrator of the tenant or consented to by any user in the tenant.");
        }
        String token = tokens.issue(settings.tokenLifetime(), root, identity, TokenGrant.Credential.MANAGED_IDENTITY,
                "");
        long expiresOn = Instant.now(clock).plus(settings.tokenLifetime()).getEpochSecond();
        return SimResponse.json(200, SimResponse.PLAIN_JSON, g -> {
            g.writeStartObject();
            g.writeStringField("access_token", token);
            g.writeStringField("expires_on", Long.toString(expiresOn));
            g.writeStringField("resource", resource);
            g.writeStringField("token_type", "Bearer");
            g.writeStringField("client_id", identity);
            g.writeEndObject();
        });
    }

    /** An error in the App Service shape. */
    static SimResponse error(SimRequest r, int status, String message) {
        Objects.requireNonNull(message, "message");
        return SimResponse.json(status, SimResponse.PLAIN_JSON, g -> {
            g.writeStartObject();
            g.writeNumberField("statusCode", status);
            g.writeStringField("message", message);
            g.writeStringField("correlationId", r.requestId());
            g.writeEndObject();
        });
    }

    /** Stops the endpoint. */
    @Override
    public void close() {
        front.close();
    }

    /** Names the endpoint, not the header. */
    @Override
    public String toString() {
        return "ManagedIdentityEndpoint{" + identityEndpoint() + ", system-assigned " + systemAssignedClientId
                + ", user-assigned " + userAssignedClientId + "}";
    }
}
