package org.identitymesh.connector.entra.graph;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.entra.config.AuthConfig;
import org.identitymesh.connector.entra.config.EntraConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in: the credential of the authentication configuration behind a {@link TokenCache}, the rule for signing
 * in again after Graph refused a token, and the one place where azure-identity's and MSAL's errors are classified.
 */
final class SignIn {

    private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);
    private static final Pattern AADSTS = Pattern.compile("AADSTS\\d+");
    /** Entra's sign-in codes that mean "try again later" (a transient service error, a throttled client). */
    private static final Set<String> TRANSIENT_SIGN_IN = Set.of("AADSTS90033", "AADSTS50196");
    /** Sign-ins one request may cause; more would mean tokens are revoked faster than a request completes. */
    private static final int MAX_SIGN_INS_PER_REQUEST = 3;

    private final TokenCache tokens;
    private final String scope;

    private SignIn(TokenCache tokens, String scope) {
        this.tokens = tokens;
        this.scope = scope;
    }

    /**
     * Prepares signing in. The credential (and with it the secret) is built now; no token is requested.
     *
     * @param http the HTTP client of token requests, which shares the Graph client's TLS settings
     */
    static SignIn create(EntraConfig config, AuthConfig auth, SecretResolver resolver, HttpClient http, Clock clock) {
        String root = config.graphEndpoint().toString();
        String scope = (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/.default";
        return new SignIn(new TokenCache(() -> Credentials.create(config, auth, resolver, http),
                auth.getClass().getSimpleName(), clock), scope);
    }

    /**
     * A failure of the credential, marked with the authentication mode it was built for: the same AADSTS code has a
     * different fix for a certificate than for a federated token. Only {@link #classify} reads it, and keeps neither it
     * nor its cause.
     */
    static final class CredentialFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String mode;

        CredentialFailure(String mode, RuntimeException cause) {
            super("acquiring an access token with Mode " + mode + " failed", cause, false, false);
            this.mode = mode;
        }

        String mode() {
            return mode;
        }
    }

    /** The credential that the request adapter asks for tokens. */
    TokenCredential credential() {
        return tokens;
    }

    /** The scope of Graph tokens, {@code {endpoint}/.default}. */
    String scope() {
        return scope;
    }

    /** Gets a token (from the cache while it is fresh); throws azure-identity's exceptions as they are. */
    void signIn() {
        tokens.getTokenSync(new TokenRequestContext().addScopes(scope));
    }

    /**
     * Sends a request, and again after signing in anew when Graph refuses the token (401). The first refusal is
     * always worth it: the token may have expired or been revoked since it was issued. A later one only when Graph
     * has accepted a token of this connector before: then the configuration is right and the new token was revoked
     * too while the request waited (with two chains in flight, a revocation can land between one chain's sign-in and
     * its repeat). If Graph never took a token, signing in yields tokens for the wrong tenant, cloud or audience, and
     * the request fails at once.
     *
     * @param send sends the request once
     * @return what it returned
     * @throws GraphFailure the refusal that is not worth signing in again for, or any other failure
     */
    <T> T refreshingRefusedTokens(Supplier<T> send) {
        for (int signIns = 0; ; signIns++) {
            try {
                return send.get();
            } catch (GraphFailure f) {
                boolean again = signIns == 0 || signIns < MAX_SIGN_INS_PER_REQUEST && tokens.graphAcceptedAToken();
                if (f.kind() != GraphFailure.Kind.UNAUTHENTICATED || !again) {
                    throw f;
                }
                LOG.info("Graph refused the access token (HTTP 401, request-id {}); signing in again",
                        f.requestId().orElse("n/a"));
                tokens.invalidate(f.refusedTokenHash());
            }
        }
    }

    /** Notes that Graph answered a request made with one of this sign-in's tokens. */
    void accepted() {
        tokens.accepted();
    }

    /** How many access tokens were acquired. */
    long acquisitions() {
        return tokens.acquisitions();
    }

    /**
     * Classifies a failure of azure-identity or MSAL anywhere in a cause chain. MSAL's messages can quote the token
     * endpoint's answer, an access token included: they are never kept and the exception is never chained; only the
     * HTTP status and the AADSTS code are.
     *
     * @param e what the adapter or the credential threw
     * @return the failure, or empty when the chain holds no sign-in error
     */
    static Optional<GraphFailure> classify(Throwable e) {
        Throwable signIn = null;
        IOException io = null;
        java.nio.file.FileSystemException unreadable = null;
        Integer status = null;
        String mode = null;
        String managedIdentityAnswer = null;
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof CredentialFailure marked && mode == null) {
                mode = marked.mode();
            }
            String name = t.getClass().getName();
            if (signIn == null && (name.equals("com.azure.core.exception.ClientAuthenticationException")
                    || name.equals("com.azure.identity.CredentialUnavailableException")
                    || name.startsWith("com.microsoft.aad.msal4j.Msal"))) {
                signIn = t;
            }
            if (t instanceof IOException ioe && io == null) {
                io = ioe;
            }
            if (t instanceof java.nio.file.FileSystemException fse && unreadable == null) {
                unreadable = fse;
            }
            if (t instanceof com.microsoft.aad.msal4j.MsalServiceException service && service.statusCode() != null) {
                status = service.statusCode();
            }
            if (t instanceof com.microsoft.aad.msal4j.MsalServiceException service && managedIdentityAnswer == null
                    && String.valueOf(service.errorCode()).startsWith("managed_identity")) {
                managedIdentityAnswer = String.valueOf(service.getMessage());
            }
        }
        if ("WorkloadIdentity".equals(mode) && unreadable != null) {
            // azure-identity reads the token file on every sign-in; a file that is not there is no network failure
            return Optional.of(new GraphFailure(GraphFailure.Kind.SIGN_IN, 0, null, "Signing in to Entra failed: the "
                    + "federated token file " + unreadable.getFile() + " cannot be read ("
                    + unreadable.getClass().getSimpleName() + "): mount the service account token the platform "
                    + "projects for workload identity and set TokenFilePath (or AZURE_FEDERATED_TOKEN_FILE) to its "
                    + "path.", null, null, null));
        }
        if (signIn == null) {
            return Optional.empty();
        }
        Matcher code = AADSTS.matcher(String.valueOf(signIn.getMessage()));
        String aadsts = code.find() ? code.group() : null;
        String what = aadsts != null ? aadsts : "HTTP " + (status == null ? "?" : status);
        if (status != null && status == 429) {
            return Optional.of(new GraphFailure(GraphFailure.Kind.THROTTLED, 0, aadsts,
                    "Entra's token endpoint is throttling (" + what + ")", null, null, null));
        }
        if ((status != null && status >= 500) || (aadsts != null && TRANSIENT_SIGN_IN.contains(aadsts))) {
            return Optional.of(GraphFailure.transientFailure("Entra's token endpoint is temporarily unavailable ("
                    + what + ")", null));
        }
        if (aadsts != null) {
            return Optional.of(new GraphFailure(GraphFailure.Kind.SIGN_IN, 0, aadsts, message(aadsts, mode), null,
                    null, null));
        }
        if (io == null && managedIdentityAnswer != null) {
            return Optional.of(new GraphFailure(GraphFailure.Kind.SIGN_IN, 0, null,
                    managedIdentityMessage(managedIdentityAnswer), null, null, null));
        }
        if (io == null) {
            return Optional.of(new GraphFailure(GraphFailure.Kind.SIGN_IN, 0, null, "Signing in to Entra failed ("
                    + signIn.getClass().getSimpleName() + (status == null ? "" : ", HTTP " + status)
                    + "); check TenantId, ClientId and the credential", null, null, null));
        }
        return Optional.of(GraphFailure.transientFailure("signing in to Entra failed on the network ("
                + io.getClass().getSimpleName() + ")", null));
    }

    /**
     * The message for a refusal of the managed identity endpoint, which answers without an AADSTS code; MSAL4J quotes
     * its answer, which is searched for the known causes and not kept.
     */
    private static String managedIdentityMessage(String answer) {
        String text = answer.toLowerCase(java.util.Locale.ROOT);
        String fix;
        if (text.contains("unable to load the proper managed identity")) {
            fix = "the platform's identity endpoint has no managed identity with the configured ClientId (without "
                    + "ClientId: the resource has no system-assigned identity): set ClientId to the client id of a "
                    + "user-assigned identity assigned to this resource, remove ClientId to use its system-assigned "
                    + "identity, or turn the identity on under the resource's Identity settings";
        } else if (text.contains("identity-header") || text.contains("identity_header")
                || text.contains("secret token header")) {
            fix = "the platform's identity endpoint refused this process's IDENTITY_HEADER: the platform sets "
                    + "IDENTITY_ENDPOINT and IDENTITY_HEADER for the app and issues a new header when it restarts the "
                    + "app; do not set or copy them yourself, and restart the host process so that it gets the current "
                    + "values";
        } else {
            fix = "the platform's identity endpoint refused the request: check that the host runs on an Azure "
                    + "resource with a managed identity turned on and, with ClientId, that this user-assigned identity "
                    + "is assigned to the resource";
        }
        return "Signing in with the managed identity failed: " + fix + ".";
    }

    private static String message(String code, String mode) {
        boolean workload = "WorkloadIdentity".equals(mode);
        String fix = switch (code) {
            case "AADSTS7000215" -> "the client secret is wrong: copy the secret's Value (not its ID) from the app "
                    + "registration into the secret store";
            case "AADSTS7000222" -> "the client secret has expired: create a new one and update the secret store";
            case "AADSTS700016" -> "no application with this ClientId exists in the tenant: check ClientId and TenantId";
            case "AADSTS90002", "AADSTS900023" -> "the tenant was not found: check TenantId and Cloud";
            case "AADSTS700027" -> workload
                    ? "the federated token's signature does not match its issuer's keys: the token file must hold a token "
                            + "of the issuer named in the app registration's federated credential (check the service "
                            + "account token projection and the cluster's OIDC issuer)"
                    : "the certificate in AuthJson.Certificate is not registered on the app registration, or its key "
                            + "does not belong to it: upload the certificate's public part (.cer, .crt or .pem, never "
                            + "the private key) under Certificates & secrets, or point Certificate at the certificate "
                            + "that is registered";
            case "AADSTS700024" -> workload
                    ? "the federated token in the token file has expired (or is not valid yet): check that the platform "
                            + "keeps refreshing the file (Kubernetes rotates projected service account tokens) and that "
                            + "TokenFilePath (or AZURE_FEDERATED_TOKEN_FILE) names that file"
                    : "the client assertion is outside its validity period by Entra's clock: this host's clock is "
                            + "several minutes off; synchronise it (NTP)";
            case "AADSTS700023" -> "the client assertion is not addressed to this tenant's token endpoint: check "
                    + "TenantId, Cloud and AuthorityHost";
            case "AADSTS70021", "AADSTS700211" -> "no federated credential of the app registration trusts the issuer "
                    + "of the token in the token file: add a federated credential whose Issuer is exactly the token's "
                    + "iss (the cluster's OIDC issuer URL)";
            case "AADSTS700213" -> "no federated credential of the app registration has the subject of the token in "
                    + "the token file: add one whose Subject is exactly the token's sub (for Kubernetes "
                    + "system:serviceaccount:NAMESPACE:SERVICE-ACCOUNT)";
            case "AADSTS700212" -> "no federated credential of the app registration accepts the audience of the token "
                    + "in the token file: project the token with audience api://AzureADTokenExchange, or add its "
                    + "audience to the federated credential";
            case "AADSTS65001" -> "an administrator has not granted consent to the application";
            default -> "see https://login.microsoftonline.com/error?code=" + code.substring(6);
        };
        return "Signing in to Entra failed with " + code + ": " + fix + ".";
    }
}
