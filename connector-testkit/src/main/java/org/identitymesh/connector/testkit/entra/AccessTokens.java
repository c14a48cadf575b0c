package org.identitymesh.connector.testkit.entra;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks access tokens. A token is opaque to clients (it is shaped like a JWT, with a random id and
 * a meaningless signature) and valid until its expiry by the tenant's clock. Thread-safe.
 */
final class AccessTokens {

    enum Validity { VALID, EXPIRED, UNKNOWN }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final ConcurrentHashMap<String, Long> expiries = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final String tenantId;
    private final String clientId;
    private final String issuer;

    AccessTokens(Clock clock, String tenantId, String clientId, String issuer) {
        this.clock = clock;
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.issuer = issuer;
    }

    /** A new token valid for {@code lifetime}. */
    String issue(Duration lifetime, String audience) {
        long now = clock.millis();
        long exp = now + lifetime.toMillis();
        byte[] jti = new byte[18];
        byte[] sig = new byte[32];
        random.nextBytes(jti);
        random.nextBytes(sig);
        String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"simulated\"}";
        String payload = "{\"aud\":\"" + audience + "\",\"iss\":\"" + issuer + "\",\"iat\":" + now / 1000
                + ",\"nbf\":" + now / 1000 + ",\"exp\":" + exp / 1000 + ",\"appid\":\"" + clientId + "\",\"tid\":\""
                + tenantId + "\",\"roles\":[\"User.Read.All\",\"GroupMember.Read.All\"],\"jti\":\""
                + B64.encodeToString(jti) + "\"}";
        String token = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(sig);
        if (expiries.size() > 10_000) {
            expiries.values().removeIf(e -> e < now);
        }
        expiries.put(token, exp);
        return token;
    }

    Validity check(String token) {
        Long exp = token == null ? null : expiries.get(token);
        if (exp == null) {
            return Validity.UNKNOWN;
        }
        return clock.millis() < exp ? Validity.VALID : Validity.EXPIRED;
    }

    /** Forgets every token, so clients must fetch new ones. */
    void revokeAll() {
        expiries.clear();
    }
}
