package org.identitymesh.connector.entra.graph;

import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.ResponseHandler;
import com.microsoft.kiota.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.kiota.authentication.ObservabilityOptions;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.UUID;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ImportCancelledException;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.entra.config.AuthConfig;
import org.identitymesh.connector.entra.config.EntraConfig;

/**
 * One HTTP request to Graph, sent once: OkHttp (the connection pool and dispatcher that the connectors of one provider
 * share in {@link SharedHttp}, the configured timeouts and trust store, no redirects and no silent repeats),
 * msgraph-sdk-java's request adapter with Graph's middleware less Kiota's RetryHandler and RedirectHandler, and the
 * bearer token from this connector's {@link SignIn}. A successful body is read by the caller's {@link BodyReader}
 * while the connection is open, so a cut connection is a failure, not half a page; every other answer becomes a
 * {@link GraphFailure} or a {@link DeltaLinkExpiredException}.
 */
final class GraphTransport {

    private final BaseGraphRequestAdapter adapter;
    private final SignIn signIn;
    private final RetryPolicy retry;
    private final InFlightCalls inFlight;

    private GraphTransport(BaseGraphRequestAdapter adapter, SignIn signIn, RetryPolicy retry, InFlightCalls inFlight) {
        this.adapter = adapter;
        this.signIn = signIn;
        this.retry = retry;
        this.inFlight = inFlight;
    }

    /**
     * Takes the shared HTTP clients for the configuration's transport settings and builds this tenant's sign-in, whose
     * token requests go through the shared client of the same settings.
     *
     * @throws ConfigurationException when the trust store or a secret cannot be read
     */
    static GraphTransport create(EntraConfig config, AuthConfig auth, SecretResolver resolver, RetryPolicy retry,
            Clock clock, SharedHttp shared) {
        SharedHttp.Clients http = shared.clients(config, resolver);
        SignIn signIn = SignIn.create(config, auth, resolver, http.tokens(), clock);
        AzureIdentityAuthenticationProvider authProvider = new AzureIdentityAuthenticationProvider(signIn.credential(),
                new String[] {config.graphEndpoint().getHost()}, new ObservabilityOptions(), false, signIn.scope());
        BaseGraphRequestAdapter adapter = new BaseGraphRequestAdapter(authProvider, config.graphV1(), http.graph());
        return new GraphTransport(adapter, signIn, retry, shared.inFlight());
    }

    /** The sign-in whose tokens this transport sends. */
    SignIn signIn() {
        return signIn;
    }

    /**
     * Sends a request once.
     *
     * @param cancellation stops the call in flight when {@link #cancel} is called for it
     * @throws GraphFailure              when it failed, classified
     * @throws DeltaLinkExpiredException when Graph no longer knows a delta link
     */
    <T> T send(HttpMethod method, String url, byte[] body, String prefer, BodyReader<T> reader,
            Cancellation cancellation) {
        RequestInformation request = new RequestInformation();
        request.httpMethod = method;
        request.setUri(URI.create(url));
        request.headers.add("Accept", "application/json");
        // a fresh id per request, as Graph's guidance asks, so Microsoft support can find each one; the SDK's
        // telemetry handler would otherwise stamp every request of this client with the same id
        request.headers.add("client-request-id", UUID.randomUUID().toString());
        if (body != null) {
            request.setStreamContent(new ByteArrayInputStream(body), "application/json");
        }
        if (prefer != null) {
            request.headers.add("Prefer", prefer);
        }
        request.setResponseHandler(new ResponseHandler() {
            @Override
            @SuppressWarnings("unchecked")
            public <N, M> M handleResponse(N nativeResponse,
                    HashMap<String, ParsableFactory<? extends Parsable>> errorMappings) {
                return (M) handle((Response) nativeResponse, reader, url);
            }
        });
        try {
            return inFlight.track(cancellation, () -> {
                @SuppressWarnings("unchecked")
                T value = (T) adapter.sendPrimitive(request, null, Object.class);
                return value;
            });
        } catch (RuntimeException e) {
            // the adapter may wrap what the response handler threw
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof GraphFailure || t instanceof DeltaLinkExpiredException
                        || t instanceof ImportCancelledException) {
                    throw (RuntimeException) t;
                }
            }
            throw Failures.classify(e);
        }
    }

    /** Ends at once the calls in flight that were sent under a cancellation its holder has just signalled. */
    void cancel(Cancellation cancellation) {
        inFlight.cancel(cancellation);
    }

    private <T> Object handle(Response response, BodyReader<T> reader, String url) {
        try (response) {
            int status = response.code();
            String requestId = response.header("request-id");
            ResponseBody body = response.body();
            if (status >= 200 && status < 300) {
                signIn.accepted();
                if (body == null) {
                    throw GraphFailure.transientFailure("HTTP " + status + " without a body", null);
                }
                try (InputStream in = body.byteStream()) {
                    return reader.read(in);
                } catch (IOException e) {
                    throw GraphFailure.transientFailure("the response to " + GraphLinks.redact(url)
                            + " was cut or malformed (" + e.getClass().getSimpleName() + ": "
                            + Failures.firstLine(e.getMessage()) + ")", e);
                }
            }
            ErrorBody error = ErrorBody.read(body);
            Duration retryAfter = retry.retryAfter(response.header("Retry-After",
                    response.header(SingleRetryOwner.HEADER))).orElse(null);
            if (error.cut()) {
                // without its error code a 400 or 404 cannot be told apart from an expired delta link: the answer
                // was not received, which is a transport failure like a cut 200
                throw new GraphFailure(GraphFailure.Kind.TRANSIENT, status, null, "the HTTP " + status + " answer to "
                        + GraphLinks.redact(url) + " was cut before its error body was read", requestId, retryAfter,
                        null);
            }
            GraphFailure failure = GraphFailure.fromResponse(status, error.code(), error.message(),
                    requestId != null ? requestId : error.requestId(), retryAfter);
            if (status == 401) {
                String authorization = response.request().header("Authorization");
                failure.refusedToken(authorization == null ? 0
                        : authorization.substring(authorization.indexOf(' ') + 1).hashCode());
            }
            if (failure.kind() == GraphFailure.Kind.RESYNC_REQUIRED) {
                throw new DeltaLinkExpiredException("Graph no longer knows the delta link (" + failure.getMessage()
                        + ")", failure.requestId().orElse(null));
            }
            throw failure;
        }
    }
}
