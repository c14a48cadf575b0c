package org.identitymesh.connector.testkit.entra;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks access tokens. A token is opaque to clients (it is shaped like a JWT, with a random id and
 * a meaningless signature) and valid until its expiry by the tenant's clock. Keeps the last {@value #GRANTS_KEPT}
 * {@link TokenGrant}s. Thread-safe.
 */
final class AccessTokens {

    enum Validity { VALID, EXPIRED, UNKNOWN }

    static final int GRANTS_KEPT = 1_000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private final ConcurrentHashMap<String, Long> expiries = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final String tenantId;
    private final String clientId;
    private final String issuer;
    private final ArrayDeque<TokenGrant> grants = new ArrayDeque<>();

    AccessTokens(Clock clock, String tenantId, String clientId, String issuer) {
        this.clock = clock;
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.issuer = issuer;
    }

    /** A new token for the app, valid for {@code lifetime}, granted for its client secret. */
    String issue(Duration lifetime, String audience) {
        return issue(lifetime, audience, clientId, TokenGrant.Credential.CLIENT_SECRET, "");
    }

    /**
     * A new token valid for {@code lifetime}, recorded as a grant.
     *
     * @param appId        the application or managed identity the token is for ({@code appid})
     * @param credential   what the client proved its identity with
     * @param credentialId see {@link TokenGrant#credentialId()}
     */
    String issue(Duration lifetime, String audience, String appId, TokenGrant.Credential credential,
            String credentialId) {
        long now = clock.millis();
        long exp = now + lifetime.toMillis();
        byte[] jti = new byte[18];
        byte[] sig = new byte[32];
        random.nextBytes(jti);
        random.nextBytes(sig);
        String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"simulated\"}";
        String payload = "{\"aud\":\"" + audience + "\",\"iss\":\"" + issuer + "\",\"iat\":" + now / 1000
                + ",\"nbf\":" + now / 1000 + ",\"exp\":" + exp / 1000 + ",\"appid\":\"" + appId + "\",\"tid\":\""
                + tenantId + "\",\"roles\":[\"User.Read.All\",\"GroupMember.Read.All\"],\"jti\":\""
                + B64.encodeToString(jti) + "\"}";
        String token = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(sig);
        if (expiries.size() > 10_000) {
            expiries.values().removeIf(e -> e < now);
        }
        expiries.put(token, exp);
        synchronized (grants) {
            if (grants.size() == GRANTS_KEPT) {
                grants.removeFirst();
            }
            grants.addLast(new TokenGrant(Instant.ofEpochMilli(now), appId, credential, credentialId));
        }
        return token;
    }

    /** The grants kept, oldest first. */
    List<TokenGrant> grants() {
        synchronized (grants) {
            return List.copyOf(grants);
        }
    }

    Validity check(String token) {
        Long exp = token == null ? null : expiries.get(token);
        if (exp == null) {
            return Validity.UNKNOWN;
        }
        return clock.millis() < exp ? Validity.VALID : Validity.EXPIRED;
    }

    /**
     * The tenant a token names in its {@code tid} claim, as Graph reads it to know whose data a request is for;
     * null if the text is not a token of this shape. The claim alone proves nothing: the tenant checks the token.
     */
    static String tenantOf(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            JsonNode tid = Json.MAPPER.readTree(B64_DECODER.decode(token.substring(first + 1, second))).get("tid");
            return tid != null && tid.isTextual() ? tid.asText() : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Forgets every token, so clients must fetch new ones. */
    void revokeAll() {
        expiries.clear();
    }
}
