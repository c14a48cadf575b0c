package org.identitymesh.connector.testkit.entra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An external OpenID Connect issuer whose tokens an app registration trusts through a federated identity credential:
 * the OIDC issuer of a Kubernetes cluster, GitHub Actions, another cloud. It holds an RSA signing key and issues RS256
 * tokens the way a cluster issues projected service account tokens: {@code iss}, {@code sub}, {@code aud} (an array),
 * {@code iat}, {@code nbf}, {@code exp} and {@code jti}, times by the given clock.
 *
 * <p>{@link SimulatedEntraTenant#federatedIssuer()} is an issuer on the tenant's clock; register what it may sign for
 * with {@link SimulatedEntraTenant#addFederatedCredential(FederatedTokenIssuer, String)}. Real Entra fetches the
 * issuer's keys from {@code {issuer}/.well-known/openid-configuration}; the simulated tenant knows them directly, so the
 * issuer URL need not resolve. Thread-safe.
 */
public final class FederatedTokenIssuer {

    /** The audience Entra expects in exchanged tokens by default. */
    public static final String TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

    private final String issuer;
    private final KeyPair keys;
    private final String keyId;
    private final Clock clock;

    private FederatedTokenIssuer(String issuer, KeyPair keys, String keyId, Clock clock) {
        this.issuer = issuer;
        this.keys = keys;
        this.keyId = keyId;
        this.clock = clock;
    }

    /**
     * Generates an issuer with a fresh RSA 2048 key.
     *
     * @param issuer the issuer URL, for example {@code https://oidc.prod-aks.azure.com/<id>/}
     * @param clock  the clock for {@code iat}, {@code nbf} and {@code exp}; use the tenant's clock so that expiry
     *               follows it
     * @return the issuer
     */
    public static FederatedTokenIssuer generate(String issuer, Clock clock) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clock, "clock");
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
            kpg.initialize(2048);
            return new FederatedTokenIssuer(issuer, kpg.generateKeyPair(), UUID.randomUUID().toString(), clock);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the issuer's signing key", e);
        }
    }

    /**
     * The issuer URL ({@code iss} of its tokens).
     *
     * @return the URL
     */
    public String issuer() {
        return issuer;
    }

    /**
     * The signing key's id ({@code kid} of its tokens).
     *
     * @return the key id
     */
    public String keyId() {
        return keyId;
    }

    /**
     * The public key that checks its tokens.
     *
     * @return the key
     */
    public PublicKey publicKey() {
        return keys.getPublic();
    }

    /**
     * Issues a token for {@link #TOKEN_EXCHANGE_AUDIENCE}, valid from now for {@code lifetime}.
     *
     * @param subject  the {@code sub}, for Kubernetes {@code system:serviceaccount:<namespace>:<name>}
     * @param lifetime positive
     * @return the token
     */
    public FederatedToken issue(String subject, Duration lifetime) {
        return issue(subject, TOKEN_EXCHANGE_AUDIENCE, lifetime);
    }

    /**
     * Issues a token valid from now for {@code lifetime}.
     *
     * @param subject  the {@code sub}
     * @param audience the one {@code aud}
     * @param lifetime positive
     * @return the token
     */
    public FederatedToken issue(String subject, String audience, Duration lifetime) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(audience, "audience");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive: " + lifetime);
        }
        Instant now = clock.instant();
        Instant exp = now.plus(lifetime);
        String jti = UUID.randomUUID().toString();
        ObjectNode header = Json.MAPPER.createObjectNode().put("alg", "RS256").put("kid", keyId).put("typ", "JWT");
        ObjectNode claims = Json.MAPPER.createObjectNode();
        claims.putArray("aud").add(audience);
        claims.put("exp", exp.getEpochSecond()).put("iat", now.getEpochSecond()).put("nbf", now.getEpochSecond())
                .put("iss", issuer).put("sub", subject).put("jti", jti);
        return new FederatedToken(Jwt.sign(header, claims, keys.getPrivate()), jti, issuer, subject,
                Instant.ofEpochSecond(exp.getEpochSecond()));
    }

    @Override
    public String toString() {
        return "FederatedTokenIssuer{" + issuer + ", kid " + keyId + "}";
    }
}
