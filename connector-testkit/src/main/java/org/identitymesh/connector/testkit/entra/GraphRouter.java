package org.identitymesh.connector.testkit.entra;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes Graph requests ({@code /v1.0/...}) to their endpoints after checking the bearer token, and classifies
 * every request path into a {@link RequestKind}.
 */
final class GraphRouter {

    private static final Pattern USERS_DELTA = Pattern.compile("/v1\\.0/users/delta(\\(\\))?/?");
    private static final Pattern GROUPS_DELTA = Pattern.compile("/v1\\.0/groups/delta(\\(\\))?/?");
    private static final Pattern DEVICES_DELTA = Pattern.compile("/v1\\.0/devices/delta(\\(\\))?/?");
    private static final Pattern MEMBERS = Pattern.compile("/v1\\.0/groups/([^/]+)/members/?");
    private static final Pattern OWNERS = Pattern.compile("/v1\\.0/groups/([^/]+)/owners/?");
    private static final Pattern OBJECT = Pattern.compile("/v1\\.0/(users|groups|devices)/([^/()$]+)/?");
    private static final String BATCH = "/v1.0/$batch";

    private final AccessTokens tokens;
    private final ErrorResponses errors;
    private final DeltaEndpoint delta;
    private final MembersEndpoint members;
    private final ObjectEndpoint objects;
    private BatchEndpoint batch;

    GraphRouter(AccessTokens tokens, ErrorResponses errors, DeltaEndpoint delta, MembersEndpoint members,
            ObjectEndpoint objects) {
        this.tokens = tokens;
        this.errors = errors;
        this.delta = delta;
        this.members = members;
        this.objects = objects;
    }

    void batch(BatchEndpoint endpoint) {
        this.batch = endpoint;
    }

    /** The kind of a request by method and path. */
    static RequestKind classify(String method, String path) {
        if (AuthorityEndpoints.isTokenPath(path)) {
            return RequestKind.TOKEN;
        }
        if (AuthorityEndpoints.isDiscoveryPath(path)) {
            return RequestKind.DISCOVERY;
        }
        if (path.equals(ManagedIdentityEndpoint.PATH)) {
            return RequestKind.MANAGED_IDENTITY;
        }
        if (USERS_DELTA.matcher(path).matches()) {
            return RequestKind.USERS_DELTA;
        }
        if (GROUPS_DELTA.matcher(path).matches()) {
            return RequestKind.GROUPS_DELTA;
        }
        if (DEVICES_DELTA.matcher(path).matches()) {
            return RequestKind.DEVICES_DELTA;
        }
        if (MEMBERS.matcher(path).matches()) {
            return RequestKind.GROUP_MEMBERS;
        }
        if (OWNERS.matcher(path).matches()) {
            return RequestKind.GROUP_OWNERS;
        }
        if (path.equals(BATCH)) {
            return RequestKind.BATCH;
        }
        if (OBJECT.matcher(path).matches()) {
            return RequestKind.OBJECT;
        }
        return RequestKind.OTHER;
    }

    /** Checks the bearer token, then dispatches. */
    SimResponse handle(SimRequest r) {
        SimResponse refusal = refusal(r, tokens, errors);
        return refusal != null ? refusal : dispatch(r);
    }

    /**
     * The bearer token of a request, or null if it has none.
     */
    static String bearerToken(SimRequest r) {
        String auth = r.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return auth.substring(7).trim();
    }

    /**
     * Graph's 401 for a request whose token is missing, expired or not one of {@code tokens} (a foreign token: issued
     * to another tenant, by another server, or not at all), or null if the token is valid.
     *
     * @param tokens the tokens the tenant issued, or null when the request is for no tenant of the server
     */
    static SimResponse refusal(SimRequest r, AccessTokens tokens, ErrorResponses errors) {
        String auth = r.header("Authorization");
        if (auth == null || auth.isBlank()) {
            return errors.unauthorized(r, "Access token is empty.");
        }
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return errors.unauthorized(r, "Access token validation failure: not a bearer token.");
        }
        AccessTokens.Validity validity = tokens == null ? AccessTokens.Validity.UNKNOWN
                : tokens.check(auth.substring(7).trim());
        return switch (validity) {
            case EXPIRED -> errors.unauthorized(r, "Lifetime validation failed, the token is expired.");
            case UNKNOWN -> errors.unauthorized(r, "Access token validation failure. Invalid audience or signature.");
            case VALID -> null;
        };
    }

    /** Dispatches an authenticated request (also used for {@code $batch} items). */
    SimResponse dispatch(SimRequest r) {
        String path = r.path();
        RequestKind kind = classify(r.method(), path);
        boolean get = r.method().equals("GET");
        switch (kind) {
            case USERS_DELTA, GROUPS_DELTA, DEVICES_DELTA -> {
                if (!get) {
                    return methodNotAllowed(r);
                }
                return delta.handle(r, kind == RequestKind.USERS_DELTA ? PropertySchema.USERS
                        : kind == RequestKind.GROUPS_DELTA ? PropertySchema.GROUPS : PropertySchema.DEVICES);
            }
            case GROUP_MEMBERS, GROUP_OWNERS -> {
                if (!get) {
                    return methodNotAllowed(r);
                }
                boolean owners = kind == RequestKind.GROUP_OWNERS;
                Matcher m = (owners ? OWNERS : MEMBERS).matcher(path);
                m.matches();
                return members.handle(r, m.group(1), owners);
            }
            case OBJECT -> {
                if (!get) {
                    return methodNotAllowed(r);
                }
                Matcher m = OBJECT.matcher(path);
                m.matches();
                return objects.handle(r, m.group(1).equals("users") ? PropertySchema.USERS
                        : m.group(1).equals("groups") ? PropertySchema.GROUPS : PropertySchema.DEVICES, m.group(2));
            }
            case BATCH -> {
                if (!r.method().equals("POST")) {
                    return methodNotAllowed(r);
                }
                return batch.handle(r);
            }
            default -> {
                if (path.startsWith("/v1.0/") || path.startsWith("/beta/")) {
                    String segment = path.substring(path.indexOf('/', 1) + 1);
                    return errors.graph(r, 400, "BadRequest", "Resource not found for the segment '"
                            + (segment.contains("/") ? segment.substring(0, segment.indexOf('/')) : segment)
                            + "' (this simulator serves users/delta, groups/delta, devices/delta, users/{id}, "
                            + "groups/{id}, devices/{id}, groups/{id}/members, groups/{id}/owners and $batch).");
                }
                return errors.graph(r, 404, "NotFound", "No such endpoint: " + path);
            }
        }
    }

    private SimResponse methodNotAllowed(SimRequest r) {
        return errors.graph(r, 405, "Request_BadRequest", "The HTTP method '" + r.method() + "' is not allowed here.");
    }
}
