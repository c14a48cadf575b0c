package org.identitymesh.connector.testkit.entra;

import java.time.Instant;
import java.util.Objects;

/**
 * An access token the tenant issued, and with what credential the client proved who it is. {@link
 * SimulatedEntraTenant#tokenGrants()} lists them, so that a test can tell which certificate or which federated token a
 * sign-in used (a rotated token file, a new certificate).
 *
 * @param issuedAt     by the tenant's clock
 * @param clientId     the application or managed identity the token was issued to
 * @param credential   the kind of credential
 * @param credentialId the certificate's SHA-1 thumbprint (upper-case hex), the federated token's {@code jti}, or
 *                     for a client secret and a managed identity the empty string
 */
public record TokenGrant(Instant issuedAt, String clientId, Credential credential, String credentialId) {

    /** How the client proved its identity. */
    public enum Credential {
        /** {@code client_secret}. */
        CLIENT_SECRET,
        /** A {@code client_assertion} signed with a registered certificate's key. */
        CERTIFICATE,
        /** A {@code client_assertion} that is a token of a trusted external issuer (workload identity federation). */
        FEDERATED_TOKEN,
        /** The App Service managed identity endpoint ({@code X-IDENTITY-HEADER}). */
        MANAGED_IDENTITY
    }

    /** Checks the components. */
    public TokenGrant {
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(credentialId, "credentialId");
    }
}
