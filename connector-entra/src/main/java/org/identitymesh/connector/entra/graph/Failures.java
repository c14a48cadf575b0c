package org.identitymesh.connector.entra.graph;

import java.io.IOException;
import java.util.List;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectorException;
import org.identitymesh.connector.api.PermissionException;
import org.identitymesh.connector.api.ThrottledException;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.entra.config.EntraConfig;

/**
 * Turns what a request threw into a {@link GraphFailure} (which decides a retry), and a failure that is final into
 * the SPI's exception with a sentence the host can act on. Messages name Graph's request id and never a token or a
 * full link.
 */
final class Failures {

    private Failures() {
    }

    /**
     * Classifies an exception thrown by the adapter or the credential: a sign-in error as {@link SignIn} classifies
     * it, an I/O failure as transient, anything else as unexpected.
     */
    static GraphFailure classify(Throwable e) {
        if (e instanceof GraphFailure f) {
            return f;
        }
        GraphFailure signIn = SignIn.classify(e).orElse(null);
        if (signIn != null) {
            return signIn;
        }
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException io) {
                return GraphFailure.transientFailure(io.getClass().getSimpleName() + ": " + firstLine(io.getMessage()),
                        io);
            }
        }
        Throwable shown = e instanceof SignIn.CredentialFailure marked ? marked.getCause() : e;
        return new GraphFailure(GraphFailure.Kind.UNEXPECTED, 0, null, shown.getClass().getSimpleName() + ": "
                + firstLine(shown.getMessage()), null, null, e);
    }

    /**
     * The SPI's exception for a failure that ends a request.
     *
     * @param failure  what the request threw last
     * @param where    names the request without secrets
     * @param attempts how many attempts a request may take, for the message
     * @return the exception to throw; the failure itself when it already is one of the SPI's or a
     *         {@link DeltaLinkExpiredException}
     */
    static RuntimeException toApiException(Throwable failure, String where, int attempts) {
        if (failure instanceof ConnectorException || failure instanceof DeltaLinkExpiredException) {
            return (RuntimeException) failure;
        }
        GraphFailure f = classify(failure);
        String id = f.requestId().orElse(null);
        String idText = id == null ? "" : " (Graph request-id " + id + ")";
        switch (f.kind()) {
            case THROTTLED:
                return new ThrottledException("Graph kept throttling after " + attempts + " attempts at " + where
                        + idText + ": " + f.getMessage() + ". Run the import later or outside busy hours.",
                        f.retryAfter().orElse(null), id, f);
            case TRANSIENT:
                return new TransientConnectorException("Graph or the network kept failing after " + attempts
                        + " attempts at " + where + idText + ": " + f.getMessage() + ". Run the import again later.",
                        id, f);
            case UNAUTHENTICATED:
                return new AuthenticationException("Graph refused the access token even after signing in again"
                        + idText + ": " + f.getMessage() + ". Check that the app registration belongs to tenant "
                        + "and that the token audience matches the configured cloud.", id, f);
            case SIGN_IN:
                return new AuthenticationException(f.getMessage(), id, f);
            case FORBIDDEN:
                return new PermissionException("Graph denied access to " + where + idText + ": " + f.getMessage()
                        + ". Grant the application permissions User.Read.All, Group.Read.All and GroupMember.Read.All, "
                        + "and Device.Read.All when ImportDevices is true (type Application), and have an "
                        + "administrator grant consent.", id, f);
            default:
                if (f.status() == 400) {
                    return new ConfigurationException(List.of(new ConfigurationException.Problem(EntraConfig.DOCUMENT,
                            "settings Graph accepts; Graph rejected the request to " + where + idText + " with "
                                    + f.getMessage() + " (check AdditionalUserAttributes)")), f);
                }
                return new TransientConnectorException("Graph answered " + where + " unexpectedly" + idText + ": "
                        + f.getMessage(), id, f);
        }
    }

    /** The first line of a message, at most 200 characters. */
    static String firstLine(String text) {
        if (text == null) {
            return "no message";
        }
        String line = text.lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
