package org.identitymesh.connector.entra.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectorDescriptor.Document;
import org.identitymesh.connector.api.secret.SecretReference;
import org.identitymesh.connector.api.secret.SecretResolver;

/**
 * The authentication document ({@code AuthJson}), validated. Secrets are held as references and resolved only when
 * the credential is built.
 */
public sealed interface AuthConfig {

    /** The document's name in messages. */
    String DOCUMENT = "AuthJson";

    /** Field names. */
    String MODE = "Mode";
    /** The application (client) id. */
    String CLIENT_ID = "ClientId";
    /** The client secret, by reference. */
    String CLIENT_SECRET = "ClientSecret";
    /** The certificate and private key (PEM) or a base64 PKCS12 file, by reference. */
    String CERTIFICATE = "Certificate";
    /** The PKCS12 password, by reference. */
    String CERTIFICATE_PASSWORD = "CertificatePassword";
    /** The federated token file of workload identity. */
    String TOKEN_FILE_PATH = "TokenFilePath";

    /**
     * App registration with a client secret.
     *
     * @param clientId     the application id
     * @param clientSecret the secret's reference
     */
    record ClientSecret(String clientId, SecretReference clientSecret) implements AuthConfig {
    }

    /**
     * App registration with a certificate.
     *
     * @param clientId            the application id
     * @param certificate         reference to a PEM text holding certificate and private key, or to a base64 PKCS12
     * @param certificatePassword reference to the PKCS12 password, or {@code null}
     */
    record ClientCertificate(String clientId, SecretReference certificate, SecretReference certificatePassword)
            implements AuthConfig {
    }

    /**
     * The managed identity of the Azure resource the host runs on.
     *
     * @param clientId a user-assigned identity's client id, or {@code null} for the system-assigned one
     */
    record ManagedIdentity(String clientId) implements AuthConfig {
    }

    /**
     * Workload identity federation (for example Kubernetes service account tokens).
     *
     * @param clientId      the application id
     * @param tokenFilePath the federated token file, or {@code null} for {@code AZURE_FEDERATED_TOKEN_FILE}
     */
    record WorkloadIdentity(String clientId, String tokenFilePath) implements AuthConfig {
    }

    /**
     * Reads and validates the document, adding every problem to {@code problems}.
     *
     * @param json     the document
     * @param resolver checks that secret references can be resolved (they are not resolved here)
     * @param problems where problems go
     * @return the configuration, or {@code null} when there were problems
     */
    static AuthConfig read(String json, SecretResolver resolver, List<ConfigurationException.Problem> problems) {
        int before = problems.size();
        JsonDocumentReader r = JsonDocumentReader.parse(DOCUMENT, EntraConfigFields.byName(Document.AUTH), json,
                problems);
        r.rejectUnknownFields();
        Pattern guid = Pattern.compile("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        String mode = r.choice(MODE, Map.of("ClientSecret", "ClientSecret",
                "ClientCertificate", "ClientCertificate", "ManagedIdentity", "ManagedIdentity",
                "WorkloadIdentity", "WorkloadIdentity"));
        boolean clientIdRequired = !mode.equals("ManagedIdentity");
        String clientId = clientIdRequired
                ? r.requiredString(CLIENT_ID, "the application (client) id, a GUID")
                : r.string(CLIENT_ID).orElse(null);
        if (clientId != null && !guid.matcher(clientId).matches()) {
            r.problem(CLIENT_ID, "the application (client) id, a GUID, " + Found.text(clientId));
        }
        Map<String, List<String>> fieldsByMode = Map.of(
                "ClientSecret", List.of(CLIENT_SECRET),
                "ClientCertificate", List.of(CERTIFICATE, CERTIFICATE_PASSWORD),
                "ManagedIdentity", List.of(),
                "WorkloadIdentity", List.of(TOKEN_FILE_PATH));
        for (Map.Entry<String, List<String>> e : fieldsByMode.entrySet()) {
            if (!e.getKey().equals(mode)) {
                for (String field : e.getValue()) {
                    if (r.has(field)) {
                        r.problem(field, "no value when Mode is " + mode + " (it belongs to Mode " + e.getKey() + ")");
                    }
                }
            }
        }
        AuthConfig result = switch (mode) {
            case "ClientCertificate" -> new ClientCertificate(clientId,
                    r.secretReference(CERTIFICATE, true, resolver).orElse(null),
                    r.secretReference(CERTIFICATE_PASSWORD, false, resolver).orElse(null));
            case "ManagedIdentity" -> new ManagedIdentity(clientId);
            case "WorkloadIdentity" -> new WorkloadIdentity(clientId, r.string(TOKEN_FILE_PATH).orElse(null));
            default -> new ClientSecret(clientId, r.secretReference(CLIENT_SECRET, true, resolver).orElse(null));
        };
        return problems.size() > before ? null : result;
    }
}
