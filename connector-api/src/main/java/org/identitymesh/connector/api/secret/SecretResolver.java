package org.identitymesh.connector.api.secret;

/**
 * Turns {@link SecretReference}s into {@link Secret}s. A host implements one for its own secret store (for
 * example {@code secret://} backed by a vault) and combines it with the built-in ones through
 * {@link SecretResolvers#chain}. Resolvers may also be registered for {@link java.util.ServiceLoader} and found
 * with {@link SecretResolvers#discovered(ClassLoader)}.
 *
 * <p>Connectors call a resolver when they build a credential (on first use), not when they read their
 * configuration, so a secret can be stored after the configuration and a rotated secret is picked up by the next
 * connector the host creates. Implementations are thread-safe.
 */
public interface SecretResolver {

    /**
     * Whether this resolver handles the reference's scheme. Connectors call this while validating a configuration,
     * so that a value no resolver handles is rejected up front.
     *
     * @param reference the reference
     * @return whether {@link #resolve} can be asked for it
     */
    boolean supports(SecretReference reference);

    /**
     * Resolves a reference.
     *
     * @param reference a reference this resolver {@linkplain #supports supports}
     * @return the secret, which the caller closes
     * @throws SecretResolutionException when the secret cannot be found or read; the message names the reference
     *                                   and never the secret
     */
    Secret resolve(SecretReference reference);
}
