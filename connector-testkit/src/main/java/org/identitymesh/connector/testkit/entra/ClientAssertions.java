package org.identitymesh.connector.testkit.entra;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The app registration's credentials other than its secret, and the check of a {@code client_assertion} against them
 * the way Entra checks one: a certificate credential (a JWT the client signs with the private key of a registered
 * certificate, named by its {@code x5t} or {@code x5t#S256} thumbprint) or a federated identity credential (a token of
 * a trusted external issuer). Failures carry Entra's AADSTS codes. Thread-safe.
 */
final class ClientAssertions {

    /** The only assertion type Entra accepts. */
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** How far the tenant's clock may be from the client's, as in Entra. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** A federated identity credential: tokens from this issuer for this subject and audience. */
    record FederatedCredential(FederatedTokenIssuer issuer, String subject, List<String> audiences) {
    }

    /**
     * The outcome: a grant (credential kind and id) or a refusal (status, OAuth error, AADSTS code, description).
     * The description never holds the assertion.
     */
    record Verdict(TokenGrant.Credential credential, String credentialId, int status, String error, int aadsts,
            String description) {

        static Verdict accepted(TokenGrant.Credential credential, String credentialId) {
            return new Verdict(credential, credentialId, 200, null, 0, null);
        }

        static Verdict refused(int status, String error, int aadsts, String description) {
            return new Verdict(null, null, status, error, aadsts, description);
        }

        boolean accepted() {
            return credential != null;
        }
    }

    private final Clock clock;
    private final List<X509Certificate> certificates = new CopyOnWriteArrayList<>();
    private final List<FederatedCredential> federated = new CopyOnWriteArrayList<>();
    private final List<String> authorityAliases = new CopyOnWriteArrayList<>();

    ClientAssertions(Clock clock) {
        this.clock = clock;
    }

    void addCertificate(X509Certificate certificate) {
        certificates.add(Objects.requireNonNull(certificate, "certificate"));
    }

    boolean removeCertificate(X509Certificate certificate) {
        return certificates.remove(certificate);
    }

    void addFederatedCredential(FederatedCredential credential) {
        federated.add(credential);
    }

    void addAuthorityAlias(String authorityHost) {
        authorityAliases.add(Objects.requireNonNull(authorityHost, "authorityHost"));
    }

    /**
     * Checks an assertion.
     *
     * @param assertion the {@code client_assertion}
     * @param clientId  the {@code client_id} of the request (already known to be the app's)
     * @param authority the tenant's authority host ({@code https://host:port})
     * @param path      the path of the token endpoint the request was sent to: a certificate assertion's audience is
     *                  the authority host or one of its aliases followed by this path
     * @return the verdict
     */
    Verdict verify(String assertion, String clientId, String authority, String path) {
        Jwt jwt;
        try {
            jwt = Jwt.parse(assertion);
        } catch (Jwt.MalformedException e) {
            return Verdict.refused(400, "invalid_client", 50027, "JWT token is invalid or malformed: " + e.getMessage()
                    + ".");
        }
        if (!Jwt.supported(jwt.algorithm())) {
            return Verdict.refused(400, "invalid_client", 5002738, "Invalid JWT token. '" + jwt.algorithm()
                    + "' is not a supported signature algorithm. Supported signing algorithms are: 'RS256, PS256'.");
        }
        boolean certificate = jwt.headerText("x5t") != null || jwt.headerText("x5t#S256") != null;
        return certificate ? verifyCertificateAssertion(jwt, clientId, authority, path)
                : verifyFederatedToken(jwt, clientId);
    }

    private Verdict verifyCertificateAssertion(Jwt jwt, String clientId, String authority, String path) {
        byte[] sha256 = thumbprint(jwt.headerText("x5t#S256"));
        byte[] sha1 = sha256 == null ? thumbprint(jwt.headerText("x5t")) : null;
        String presented = HexFormat.of().formatHex(sha256 != null ? sha256 : sha1 == null ? new byte[0] : sha1)
                .toUpperCase(Locale.ROOT);
        X509Certificate key = null;
        for (X509Certificate c : certificates) {
            byte[] der = AppCertificate.der(c);
            if (sha256 != null ? Arrays.equals(sha256, AppCertificate.digest("SHA-256", der))
                    : sha1 != null && Arrays.equals(sha1, AppCertificate.digest("SHA-1", der))) {
                key = c;
                break;
            }
        }
        if (key == null) {
            return Verdict.refused(401, "invalid_client", 700027, "Client assertion failed signature validation. "
                    + "[Reason - The key was not found., Thumbprint of key used by client: '" + presented
                    + "', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys "
                    + "for app Id '" + clientId + "'.]");
        }
        Instant now = clock.instant();
        if (now.isBefore(key.getNotBefore().toInstant()) || now.isAfter(key.getNotAfter().toInstant())) {
            return Verdict.refused(401, "invalid_client", 700027, "Client assertion contains an invalid signature. "
                    + "[Reason - The key used is expired., Thumbprint of key used by client: '" + presented
                    + "', Found key 'Start=" + key.getNotBefore().toInstant() + ", End=" + key.getNotAfter().toInstant()
                    + "']");
        }
        if (!jwt.verify(key.getPublicKey())) {
            return Verdict.refused(401, "invalid_client", 700027, "Client assertion contains an invalid signature. "
                    + "[Reason - The provided signature value did not match the expected signature value., Thumbprint "
                    + "of key used by client: '" + presented + "']");
        }
        if (!clientId.equalsIgnoreCase(String.valueOf(jwt.claim("iss")))
                || !clientId.equalsIgnoreCase(String.valueOf(jwt.claim("sub")))) {
            return Verdict.refused(401, "invalid_client", 700021, "Client assertion application identifier doesn't "
                    + "match 'client_id' parameter. Review the documentation at "
                    + "https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .");
        }
        List<String> audiences = jwt.audiences();
        if (audiences.size() > 1) {
            return Verdict.refused(401, "invalid_client", 5002741, "Number of audience values in the provided client "
                    + "credential exceed maximum allowed. " + audiences.size() + " audience values provided, maximum "
                    + "allowed is 1.");
        }
        if (audiences.isEmpty() || !audiences.get(0).equalsIgnoreCase(authority + path)
                && authorityAliases.stream().noneMatch(a -> audiences.get(0).equalsIgnoreCase(a + path))) {
            return Verdict.refused(401, "invalid_client", 700023, "Client assertion audience claim does not match "
                    + "Realm issuer. Review the documentation at "
                    + "https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .");
        }
        Verdict time = validity(jwt, now);
        if (time != null) {
            return time;
        }
        if (jwt.claim("jti") == null || jwt.claim("jti").isBlank()) {
            return Verdict.refused(400, "invalid_client", 50027, "JWT token is invalid or malformed: the 'jti' claim "
                    + "is required.");
        }
        return Verdict.accepted(TokenGrant.Credential.CERTIFICATE,
                HexFormat.of().formatHex(AppCertificate.digest("SHA-1", AppCertificate.der(key))).toUpperCase(Locale.ROOT));
    }

    private Verdict verifyFederatedToken(Jwt jwt, String clientId) {
        String iss = jwt.claim("iss");
        String sub = jwt.claim("sub");
        List<String> audiences = jwt.audiences();
        List<FederatedCredential> byIssuer = federated.stream().filter(f -> f.issuer().issuer().equals(iss)).toList();
        if (byIssuer.isEmpty()) {
            return Verdict.refused(401, "invalid_client", 700211, "No matching federated identity record found for "
                    + "presented assertion issuer '" + iss + "'. Please check your federated identity credential "
                    + "Subject, Audience and Issuer against the presented assertion. "
                    + "https://learn.microsoft.com/entra/workload-id/workload-identity-federation");
        }
        List<FederatedCredential> bySubject = byIssuer.stream().filter(f -> f.subject().equals(sub)).toList();
        if (bySubject.isEmpty()) {
            return Verdict.refused(401, "invalid_client", 700213, "No matching federated identity record found for "
                    + "presented assertion subject '" + sub + "'. Please check your federated identity credential "
                    + "Subject, Audience and Issuer against the presented assertion. "
                    + "https://learn.microsoft.com/entra/workload-id/workload-identity-federation");
        }
        FederatedCredential match = bySubject.stream()
                .filter(f -> audiences.stream().anyMatch(a -> f.audiences().contains(a))).findFirst().orElse(null);
        if (match == null) {
            return Verdict.refused(401, "invalid_client", 700212, "No matching federated identity record found for "
                    + "presented assertion audience '" + String.join(",", audiences) + "'. Please check your federated "
                    + "identity credential Subject, Audience and Issuer against the presented assertion. "
                    + "https://learn.microsoft.com/entra/workload-id/workload-identity-federation");
        }
        if (!jwt.verify(match.issuer().publicKey())) {
            return Verdict.refused(401, "invalid_client", 700027, "Client assertion failed signature validation. "
                    + "[Reason - The key was not found., Key id used by client: '" + jwt.headerText("kid")
                    + "', issuer '" + iss + "', app Id '" + clientId + "'.]");
        }
        Verdict time = validity(jwt, clock.instant());
        if (time != null) {
            return time;
        }
        String jti = jwt.claim("jti");
        return Verdict.accepted(TokenGrant.Credential.FEDERATED_TOKEN, jti == null ? sub : jti);
    }

    /** {@code exp} (required) and {@code nbf} (when present) against the clock, with Entra's skew; null if valid. */
    private static Verdict validity(Jwt jwt, Instant now) {
        Long exp = jwt.epochSeconds("exp");
        Long nbf = jwt.epochSeconds("nbf");
        if (exp == null) {
            return Verdict.refused(400, "invalid_client", 50027, "JWT token is invalid or malformed: the 'exp' claim "
                    + "is required.");
        }
        boolean expired = now.minus(CLOCK_SKEW).isAfter(Instant.ofEpochSecond(exp));
        boolean early = nbf != null && now.plus(CLOCK_SKEW).isBefore(Instant.ofEpochSecond(nbf));
        if (expired || early) {
            return Verdict.refused(400, "invalid_client", 700024, "Client assertion is not within its valid time "
                    + "range. Current time: " + now + ", assertion valid from "
                    + (nbf == null ? "(not set)" : Instant.ofEpochSecond(nbf).toString()) + ", expiry time of "
                    + "assertion " + Instant.ofEpochSecond(exp) + ". Review the documentation at "
                    + "https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .");
        }
        return null;
    }

    /**
     * Decodes a thumbprint header: base64url as RFC 7515 says, or base64 with padding as MSAL4J sends it; null when
     * absent or not base64.
     */
    private static byte[] thumbprint(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(value.replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
