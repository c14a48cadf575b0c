package org.identitymesh.connector.testkit.entra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Objects;

/**
 * A token of an external OIDC issuer, such as a Kubernetes service account token, that a workload exchanges at the
 * token endpoint for an access token (workload identity federation). Made by {@link FederatedTokenIssuer#issue}.
 *
 * @param value     the signed JWT; a credential, never logged ({@link #toString()} leaves it out)
 * @param id        its {@code jti}, which {@link TokenGrant#credentialId()} reports for a sign-in made with it
 * @param issuer    its {@code iss}
 * @param subject   its {@code sub}
 * @param expiresAt its {@code exp}
 */
public record FederatedToken(String value, String id, String issuer, String subject, Instant expiresAt) {

    /** Checks the components. */
    public FederatedToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * Writes the token to a file the way the kubelet refreshes a projected service account token: into a new file
     * next to it that is then moved over the old one, so a reader sees the old or the new token, never half of one.
     *
     * @param file the token file (parent directories are created)
     * @throws UncheckedIOException when writing fails
     */
    public void writeTo(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path next = Files.createTempFile(parent, "..token", ".tmp");
            Files.writeString(next, value, StandardCharsets.US_ASCII);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the federated token file " + file, e);
        }
    }

    /** Names the token without its value. */
    @Override
    public String toString() {
        return "FederatedToken{id " + id + ", issuer " + issuer + ", subject " + subject + ", expires " + expiresAt + "}";
    }
}
