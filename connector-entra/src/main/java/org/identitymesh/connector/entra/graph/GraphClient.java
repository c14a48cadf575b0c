package org.identitymesh.connector.entra.graph;

import com.microsoft.kiota.HttpMethod;
import java.time.Clock;
import java.util.Optional;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectorException;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.entra.config.AuthConfig;
import org.identitymesh.connector.entra.config.EntraConfig;

/**
 * One connector's access to Graph, in the order a request takes: the {@linkplain GraphLinks link guard}, the
 * {@linkplain RetryPolicy retry policy}, {@linkplain SignIn signing in again} after a refused token, the
 * {@linkplain GraphTransport transport} that sends it once, and {@linkplain Failures the mapping} of a final failure
 * to the SPI's exceptions.
 */
public final class GraphClient {

    private final GraphLinks links;
    private final RetryPolicy retry;
    private final GraphTransport transport;

    private GraphClient(GraphLinks links, RetryPolicy retry, GraphTransport transport) {
        this.links = links;
        this.retry = retry;
        this.transport = transport;
    }

    /**
     * Builds the client. Resolves the secrets of the authentication configuration (and the trust store password)
     * now; no request is sent. The client holds this tenant's credential and token; connections and threads are
     * {@code shared}'s.
     *
     * @param config   the connector configuration
     * @param auth     the authentication configuration
     * @param resolver resolves secret references
     * @param clock    the clock for Retry-After dates and token expiry
     * @param shared   the HTTP resources of the provider that created the connector
     * @return the client; dropping it releases what is this tenant's
     * @throws ConfigurationException when a secret does not resolve or the trust store cannot be read
     */
    public static GraphClient create(EntraConfig config, AuthConfig auth, SecretResolver resolver, Clock clock,
            SharedHttp shared) {
        RetryPolicy retry = new RetryPolicy(config.retry(), clock);
        return new GraphClient(new GraphLinks(config.graphV1()), retry,
                GraphTransport.create(config, auth, resolver, retry, clock, shared));
    }

    /**
     * The link checker for this client's endpoint.
     *
     * @return the checker
     */
    public GraphLinks links() {
        return links;
    }

    /**
     * The retry policy every request of this client follows, for waits that Graph asks for inside a response (a
     * throttled {@code $batch} item).
     *
     * @return the policy
     */
    public RetryPolicy retryPolicy() {
        return retry;
    }

    /**
     * How many access tokens were acquired so far.
     *
     * @return the count
     */
    public long tokenAcquisitions() {
        return transport.signIn().acquisitions();
    }

    /**
     * Gets an access token (from the cache when it is still fresh), to check that signing in works.
     *
     * @throws AuthenticationException     when signing in fails
     * @throws TransientConnectorException when the token endpoint cannot be reached
     */
    public void signIn() {
        try {
            transport.signIn().signIn();
        } catch (RuntimeException e) {
            throw Failures.toApiException(e, "the token endpoint", retry.maxAttempts());
        }
    }

    /**
     * Sends a GET to a Graph link and reads the body, retrying throttling and transient failures.
     *
     * @param url          an absolute link under the Graph endpoint
     * @param prefer       the {@code Prefer} header, or {@code null}
     * @param reader       reads a successful body
     * @param observer     told about requests and retries
     * @param cancellation checked before each attempt and while waiting
     * @param <T>          what the body becomes
     * @return what the reader returned
     * @throws WatermarkRejectedException when the link is not under the configured endpoint
     * @throws DeltaLinkExpiredException  when Graph no longer knows a delta link
     * @throws ConnectorException         for every other failure, typed
     */
    public <T> T get(String url, String prefer, BodyReader<T> reader, RequestObserver observer,
            Cancellation cancellation) {
        try {
            return attempts(HttpMethod.GET, url, null, prefer, reader, observer, cancellation);
        } catch (GraphFailure f) {
            throw Failures.toApiException(f, GraphLinks.redact(url), retry.maxAttempts());
        }
    }

    /**
     * Like {@link #get}, for a single object that may no longer exist.
     *
     * @param url          an absolute link under the Graph endpoint
     * @param reader       reads a successful body
     * @param observer     told about requests and retries
     * @param cancellation checked before each attempt and while waiting
     * @param <T>          what the body becomes
     * @return what the reader returned, or empty when Graph answered 404
     */
    public <T> Optional<T> find(String url, BodyReader<T> reader, RequestObserver observer, Cancellation cancellation) {
        try {
            return Optional.of(attempts(HttpMethod.GET, url, null, null, reader, observer, cancellation));
        } catch (GraphFailure f) {
            if (f.kind() == GraphFailure.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw Failures.toApiException(f, GraphLinks.redact(url), retry.maxAttempts());
        }
    }

    /**
     * Sends a POST with a JSON body (a {@code $batch}) and reads the answer, retrying like {@link #get}.
     *
     * @param url          an absolute link under the Graph endpoint
     * @param json         the request body
     * @param reader       reads a successful body
     * @param observer     told about requests and retries
     * @param cancellation checked before each attempt and while waiting
     * @param <T>          what the body becomes
     * @return what the reader returned
     */
    public <T> T post(String url, byte[] json, BodyReader<T> reader, RequestObserver observer,
            Cancellation cancellation) {
        try {
            return attempts(HttpMethod.POST, url, json, null, reader, observer, cancellation);
        } catch (GraphFailure f) {
            throw Failures.toApiException(f, GraphLinks.redact(url), retry.maxAttempts());
        }
    }

    /**
     * Ends at once the requests in flight under a cancellation that its holder has just signalled, instead of
     * after their timeout.
     *
     * @param cancellation the signalled cancellation
     */
    public void abort(Cancellation cancellation) {
        transport.cancel(cancellation);
    }

    private <T> T attempts(HttpMethod method, String url, byte[] body, String prefer, BodyReader<T> reader,
            RequestObserver observer, Cancellation cancellation) {
        links.requireSendable(url);
        return retry.run(() -> transport.signIn().refreshingRefusedTokens(() -> {
            observer.requestSent();
            return transport.send(method, url, body, prefer, reader, cancellation);
        }), GraphLinks.redact(url), observer, cancellation);
    }
}
