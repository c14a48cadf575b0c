package org.identitymesh.connector.api;

import java.util.Objects;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.api.secret.SecretResolvers;

/**
 * What a connector is created from: the connector configuration document ({@code ConfigJson}: what to import
 * and from where), the authentication document ({@code AuthJson}: how to sign in) and the resolver for the
 * secret references the authentication document contains.
 *
 * <p>Both documents are JSON objects whose fields the provider's {@link ConnectorDescriptor#configuration()}
 * describes. Secret fields hold {@linkplain org.identitymesh.connector.api.secret.SecretReference references},
 * never secrets; the connector resolves them when it needs them, not when it is created. {@link #toString()}
 * shows neither document.
 *
 * <p>A leading byte-order mark (U+FEFF), which a host keeps when it decodes a file saved as "UTF-8 with BOM" by
 * itself, is not part of a document: {@link #of} drops it, so every connector reads such a document as it reads
 * the same one without the mark. A host that has the file's bytes rather than its text decodes them with
 * {@link DocumentText#decode}, which also reads UTF-16 with a byte-order mark.
 */
public final class ConnectorConfiguration {

    private final String configJson;
    private final String authJson;
    private final SecretResolver secretResolver;

    private ConnectorConfiguration(String configJson, String authJson, SecretResolver secretResolver) {
        this.configJson = configJson;
        this.authJson = authJson;
        this.secretResolver = secretResolver;
    }

    /**
     * A configuration whose secret references are resolved by the built-in {@code env:} and {@code file:}
     * resolvers only.
     *
     * @param configJson the connector configuration document; {@code null} is reported as a configuration problem;
     *                   a leading U+FEFF is dropped
     * @param authJson   the authentication document; {@code null} is reported as a configuration problem; a
     *                   leading U+FEFF is dropped
     * @return the configuration
     */
    public static ConnectorConfiguration of(String configJson, String authJson) {
        return of(configJson, authJson, SecretResolvers.builtIn());
    }

    /**
     * A configuration with the host's secret resolver.
     *
     * @param configJson     the connector configuration document; a leading U+FEFF is dropped
     * @param authJson       the authentication document; a leading U+FEFF is dropped
     * @param secretResolver resolves the references in {@code authJson}; see {@link SecretResolvers} to combine
     *                       the host's own with the built-in ones
     * @return the configuration
     */
    public static ConnectorConfiguration of(String configJson, String authJson, SecretResolver secretResolver) {
        return new ConnectorConfiguration(DocumentText.withoutByteOrderMark(configJson),
                DocumentText.withoutByteOrderMark(authJson), Objects.requireNonNull(secretResolver, "secretResolver"));
    }

    /**
     * The connector configuration document.
     *
     * @return its JSON text, possibly {@code null} or malformed: validation reports that
     */
    public String configJson() {
        return configJson;
    }

    /**
     * The authentication document.
     *
     * @return its JSON text, possibly {@code null} or malformed: validation reports that
     */
    public String authJson() {
        return authJson;
    }

    /**
     * The resolver for secret references.
     *
     * @return the resolver
     */
    public SecretResolver secretResolver() {
        return secretResolver;
    }

    /** Says how long the documents are, never what they contain. */
    @Override
    public String toString() {
        return "ConnectorConfiguration[configJson=" + length(configJson) + ", authJson=" + length(authJson)
                + ", secretResolver=" + secretResolver + "]";
    }

    private static String length(String json) {
        return json == null ? "absent" : json.length() + " chars";
    }
}
