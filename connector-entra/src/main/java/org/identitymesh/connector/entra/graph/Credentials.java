package org.identitymesh.connector.entra.graph;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Base64;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.secret.Secret;
import org.identitymesh.connector.api.secret.SecretReference;
import org.identitymesh.connector.api.secret.SecretResolutionException;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.entra.config.AuthConfig;
import org.identitymesh.connector.entra.config.EntraConfig;

/**
 * Builds the azure-identity credential of an {@link AuthConfig}, resolving its secret references now (at run time,
 * not at configuration time) and letting go of them as soon as the credential holds them. The credentials' own
 * HTTP retries are off: a failed token request fails the Graph request that needed it, which the connector's one
 * retry owner repeats, counts and reports.
 */
final class Credentials {

    private Credentials() {
    }

    static TokenCredential create(EntraConfig config, AuthConfig auth, SecretResolver resolver, HttpClient http) {
        String authority = config.authorityHost().toString();
        boolean customCloud = config.cloud() == org.identitymesh.connector.entra.config.Cloud.CUSTOM;
        if (auth instanceof AuthConfig.ClientSecret secretAuth) {
            try (Secret secret = resolve(resolver, secretAuth.clientSecret(), AuthConfig.CLIENT_SECRET)) {
                ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder()
                        .tenantId(config.tenantId())
                        .clientId(secretAuth.clientId())
                        .clientSecret(secret.asString())
                        .authorityHost(authority)
                        .httpClient(http)
                        .maxRetry(0);
                if (customCloud) {
                    builder.disableInstanceDiscovery();
                }
                return builder.build();
            }
        }
        if (auth instanceof AuthConfig.ClientCertificate certAuth) {
            ClientCertificateCredentialBuilder builder = new ClientCertificateCredentialBuilder()
                    .tenantId(config.tenantId())
                    .clientId(certAuth.clientId())
                    .authorityHost(authority)
                    .httpClient(http)
                    .maxRetry(0);
            try (Secret certificate = resolve(resolver, certAuth.certificate(), AuthConfig.CERTIFICATE)) {
                String text = certificate.asString().strip();
                if (text.startsWith("-----BEGIN")) {
                    requireCertificateAndKey(text);
                    builder.pemCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
                } else {
                    byte[] pfx;
                    try {
                        pfx = Base64.getMimeDecoder().decode(text);
                    } catch (IllegalArgumentException e) {
                        throw ConfigurationException.of(AuthConfig.DOCUMENT + "." + AuthConfig.CERTIFICATE,
                                "PEM text with certificate and private key, or a base64 PKCS12 file; the secret "
                                        + "resolved to neither");
                    }
                    builder.pfxCertificate(new ByteArrayInputStream(pfx));
                    if (certAuth.certificatePassword() != null) {
                        try (Secret password = resolve(resolver, certAuth.certificatePassword(),
                                AuthConfig.CERTIFICATE_PASSWORD)) {
                            requireOpens(pfx, password.chars());
                            builder.clientCertificatePassword(password.asString());
                        }
                    } else {
                        requireOpens(pfx, new char[0]);
                    }
                }
            }
            if (customCloud) {
                builder.disableInstanceDiscovery();
            }
            return builder.build();
        }
        if (auth instanceof AuthConfig.ManagedIdentity managed) {
            ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder().httpClient(http).maxRetry(0);
            if (managed.clientId() != null) {
                builder.clientId(managed.clientId());
            }
            return builder.build();
        }
        AuthConfig.WorkloadIdentity workload = (AuthConfig.WorkloadIdentity) auth;
        WorkloadIdentityCredentialBuilder builder = new WorkloadIdentityCredentialBuilder()
                .tenantId(config.tenantId())
                .clientId(workload.clientId())
                .authorityHost(authority)
                .httpClient(http)
                .maxRetry(0);
        if (workload.tokenFilePath() != null) {
            builder.tokenFilePath(workload.tokenFilePath());
        }
        if (customCloud) {
            builder.disableInstanceDiscovery();
        }
        return builder.build();
    }

    /**
     * Checks that PEM text holds what azure-identity reads: a certificate and an unencrypted PKCS#8 private key. It
     * would otherwise fail only at the first sign-in, with a message that names neither the field nor the fix.
     *
     * @throws ConfigurationException naming {@code AuthJson.Certificate} and what the text holds instead
     */
    private static void requireCertificateAndKey(String pem) {
        boolean certificate = pem.contains("-----BEGIN CERTIFICATE-----");
        boolean key = pem.contains("-----BEGIN PRIVATE KEY-----");
        if (certificate && key) {
            return;
        }
        String found;
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            found = "its key is in PKCS#1 form (BEGIN RSA PRIVATE KEY); convert it with openssl pkcs8 -topk8 -nocrypt";
        } else if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            found = "its key is encrypted; store it unencrypted (openssl pkcs8 -topk8 -nocrypt) or use a PKCS12 file "
                    + "with CertificatePassword";
        } else if (!key) {
            found = "it holds no private key (BEGIN PRIVATE KEY)";
        } else {
            found = "it holds no certificate (BEGIN CERTIFICATE)";
        }
        throw ConfigurationException.of(AuthConfig.DOCUMENT + "." + AuthConfig.CERTIFICATE, "PEM text with the "
                + "certificate and its unencrypted PKCS#8 RSA private key; " + found);
    }

    /**
     * Checks that a PKCS12 file opens with its password, which azure-identity would otherwise report only at the first
     * sign-in.
     *
     * @throws ConfigurationException naming {@code AuthJson.CertificatePassword} or {@code AuthJson.Certificate}
     */
    private static void requireOpens(byte[] pfx, char[] password) {
        try {
            KeyStore.getInstance("PKCS12").load(new ByteArrayInputStream(pfx), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw ConfigurationException.of(AuthConfig.DOCUMENT + "." + AuthConfig.CERTIFICATE_PASSWORD,
                        "the password of the PKCS12 file in Certificate; the file does not open with "
                                + (password.length == 0 ? "no password: set CertificatePassword" : "this one"));
            }
            throw ConfigurationException.of(AuthConfig.DOCUMENT + "." + AuthConfig.CERTIFICATE, "PEM text with "
                    + "certificate and private key, or a base64 PKCS12 file; the secret decodes to bytes that are not "
                    + "a PKCS12 file (" + e.getClass().getSimpleName() + ")");
        } catch (GeneralSecurityException e) {
            throw ConfigurationException.of(AuthConfig.DOCUMENT + "." + AuthConfig.CERTIFICATE, "a PKCS12 file this "
                    + "JVM can read (" + e.getClass().getSimpleName() + ")");
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /**
     * Resolves a reference, turning a resolution failure into a configuration error that names the field.
     *
     * @throws ConfigurationException naming {@code AuthJson.<field>} (or {@code ConfigJson.<field>})
     */
    static Secret resolve(SecretResolver resolver, SecretReference reference, String field) {
        String path = (field.startsWith("TrustStore") ? EntraConfig.DOCUMENT : AuthConfig.DOCUMENT) + "." + field;
        Secret secret;
        try {
            secret = resolver.resolve(reference);
        } catch (SecretResolutionException e) {
            throw new ConfigurationException(java.util.List.of(new ConfigurationException.Problem(path,
                    "a secret reference that resolves; " + e.getMessage())), e);
        } catch (RuntimeException e) {
            throw new ConfigurationException(java.util.List.of(new ConfigurationException.Problem(path,
                    "a secret reference that resolves; the resolver for " + reference.scheme() + ": failed with "
                            + e.getClass().getSimpleName())));
        }
        if (secret == null || secret.isEmpty()) {
            throw ConfigurationException.of(path, "a reference to a non-empty secret; " + reference
                    + " resolved to an empty value");
        }
        return secret;
    }
}
