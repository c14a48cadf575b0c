package org.identitymesh.connector.entra.graph;

import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.ResponseHandler;
import com.microsoft.kiota.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.kiota.authentication.ObservabilityOptions;
import com.microsoft.kiota.http.middleware.RedirectHandler;
import com.microsoft.kiota.http.middleware.RetryHandler;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectorException;
import org.identitymesh.connector.api.ImportCancelledException;
import org.identitymesh.connector.api.PermissionException;
import org.identitymesh.connector.api.ThrottledException;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.api.secret.Secret;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.entra.config.AuthConfig;
import org.identitymesh.connector.entra.config.EntraConfig;
import org.identitymesh.connector.entra.config.RetrySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connector's access to Graph: one OkHttp client (one connection pool), one credential with a token cache,
 * msgraph-sdk-java's request adapter, and resilience4j as the only retry owner (Kiota's own RetryHandler and
 * RedirectHandler are left out of the middleware).
 *
 * <p>Every request goes to a link checked by {@link GraphLinks}; the adapter's authentication provider additionally
 * refuses to attach a token for any other host. Bodies are read by the caller's {@link BodyReader} while the
 * connection is open, so a cut connection is a retried failure, not half a page.
 */
public final class GraphClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GraphClient.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern AADSTS = Pattern.compile("AADSTS\\d+");
    /** Entra's sign-in codes that mean "try again later" (a transient service error, a throttled client). */
    private static final java.util.Set<String> TRANSIENT_SIGN_IN = java.util.Set.of("AADSTS90033", "AADSTS50196");
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** Sign-ins one request may cause; more would mean tokens are revoked faster than a request completes. */
    private static final int MAX_SIGN_INS_PER_REQUEST = 3;

    private final GraphLinks links;
    private final OkHttpClient http;
    private final TokenCache tokens;
    private final BaseGraphRequestAdapter adapter;
    private final RetryConfig retryConfig;
    private final RetrySettings retry;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final String scope;

    private GraphClient(GraphLinks links, OkHttpClient http, TokenCache tokens, BaseGraphRequestAdapter adapter,
            RetrySettings retry, Clock clock, String scope) {
        this.scope = scope;
        this.links = links;
        this.http = http;
        this.tokens = tokens;
        this.adapter = adapter;
        this.clock = clock;
        this.retry = retry;
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "entra-graph-retry");
            thread.setDaemon(true);
            return thread;
        });
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(retry.maxRetries() + 1)
                .retryOnException(e -> e instanceof GraphFailure f && f.kind().retryable())
                .intervalBiFunction((attempt, either) -> Math.max(1L, retryWait(attempt,
                        either.isLeft() && either.getLeft() instanceof GraphFailure f ? f.retryAfter().orElse(null)
                                : null).toMillis()))
                .failAfterMaxAttempts(false)
                .build();
    }

    /**
     * Builds the client. Resolves the secrets of the authentication configuration (and the trust store password)
     * now; no request is sent.
     *
     * @param config   the connector configuration
     * @param auth     the authentication configuration
     * @param resolver resolves secret references
     * @param clock    the clock for Retry-After dates and token expiry
     * @return the client, which the caller closes
     * @throws ConfigurationException when a secret does not resolve or the trust store cannot be read
     */
    public static GraphClient create(EntraConfig config, AuthConfig auth, SecretResolver resolver, Clock clock) {
        Duration timeout = config.requestTimeout();
        OkHttpClient.Builder base = new OkHttpClient.Builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout.multipliedBy(5))
                .followRedirects(false)
                .followSslRedirects(false)
                // OkHttp would otherwise repeat a request silently when a pooled connection fails: resilience4j
                // is the only retry owner, so every repeat is counted, waited for and reported
                .retryOnConnectionFailure(false);
        if (config.trustStore() != null) {
            X509TrustManager trust = trustManager(config, resolver);
            try {
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, new TrustManager[] {trust}, null);
                base.sslSocketFactory(ssl.getSocketFactory(), trust);
            } catch (GeneralSecurityException e) {
                throw ConfigurationException.of(EntraConfig.DOCUMENT + ".TrustStorePath",
                        "a trust store TLS can use; " + e.getClass().getSimpleName());
            }
        }
        OkHttpClient shared = base.build();

        com.azure.core.http.HttpClient identityHttp = new OkHttpAsyncHttpClientBuilder(shared.newBuilder().build()).build();
        TokenCache tokens = new TokenCache(() -> Credentials.create(config, auth, resolver, identityHttp), clock);
        String graphHost = config.graphEndpoint().getHost();
        String scope = stripSlash(config.graphEndpoint().toString()) + "/.default";
        AzureIdentityAuthenticationProvider authProvider = new AzureIdentityAuthenticationProvider(tokens,
                new String[] {graphHost}, new ObservabilityOptions(), false, scope);

        List<Interceptor> middleware = new ArrayList<>(
                Arrays.asList(GraphClientFactory.createDefaultGraphInterceptors(new RequestOption[0])));
        middleware.removeIf(i -> i instanceof RetryHandler || i instanceof RedirectHandler);
        OkHttpClient.Builder graphBuilder = shared.newBuilder();
        graphBuilder.interceptors().clear();
        graphBuilder.interceptors().addAll(middleware);
        graphBuilder.addNetworkInterceptor(new SingleRetryOwner());
        OkHttpClient graphHttp = graphBuilder.build();

        BaseGraphRequestAdapter adapter = new BaseGraphRequestAdapter(authProvider, config.graphV1(), graphHttp);
        return new GraphClient(new GraphLinks(config.graphV1()), graphHttp, tokens, adapter, config.retry(), clock,
                scope);
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
     * How many access tokens were acquired so far.
     *
     * @return the count
     */
    public long tokenAcquisitions() {
        return tokens.acquisitions();
    }

    /**
     * Sends a GET to a Graph link and reads the body, retrying throttling and transient failures.
     *
     * @param url          an absolute link that {@link GraphLinks#isGraphLink} accepts
     * @param prefer       the {@code Prefer} header, or {@code null}
     * @param reader       reads a successful body
     * @param observer     told about requests and retries
     * @param cancellation checked before each attempt and while waiting
     * @param <T>          what the body becomes
     * @return what the reader returned
     * @throws DeltaLinkExpiredException when Graph no longer knows a delta link
     * @throws ConnectorException        for every other failure, typed
     */
    public <T> T get(String url, String prefer, BodyReader<T> reader, RequestObserver observer,
            Cancellation cancellation) {
        return execute(HttpMethod.GET, url, null, prefer, reader, observer, cancellation);
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
        return execute(HttpMethod.POST, url, json, null, reader, observer, cancellation);
    }

    /**
     * Waits, as the retry owner would before a retry, ending at once when the import is cancelled. For waits that
     * Graph asks for inside a response (a throttled {@code $batch} item) rather than through the HTTP status.
     *
     * @param wait         how long
     * @param cancellation ends the wait
     * @throws ImportCancelledException when cancelled while waiting
     */
    public void pause(Duration wait, Cancellation cancellation) {
        CompletableFuture<Object> done = CompletableFuture.supplyAsync(() -> Boolean.TRUE,
                CompletableFuture.delayedExecutor(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS, scheduler));
        await(done, cancellation, "a wait");
    }

    /**
     * The wait before retry {@code attempt} of something Graph throttled: what it asked for, else attempt times the
     * base delay; never more than the configured maximum.
     *
     * @param attempt    1 for the first retry
     * @param retryAfter what Graph asked for, or {@code null}
     * @return the wait
     */
    public Duration retryWait(int attempt, Duration retryAfter) {
        Duration wait = retryAfter != null ? retryAfter : retry.baseDelay().multipliedBy(attempt);
        return wait.compareTo(retry.maxWait()) > 0 ? retry.maxWait() : wait;
    }

    /**
     * How many times one request may be repeated.
     *
     * @return the configured maximum
     */
    public int maxRetries() {
        return retry.maxRetries();
    }

    private <T> T execute(HttpMethod method, String url, byte[] body, String prefer, BodyReader<T> reader,
            RequestObserver observer, Cancellation cancellation) {
        if (!links.isGraphLink(url)) {
            throw new org.identitymesh.connector.api.WatermarkRejectedException("Refused to send a request to "
                    + GraphLinks.redact(url) + ": it is not under the configured Graph endpoint, so no token is sent there.");
        }
        cancellation.throwIfCancelled();
        Retry attempts = Retry.of("graph", retryConfig);
        attempts.getEventPublisher().onRetry(event -> {
            String reason = event.getLastThrowable() == null ? "failure" : event.getLastThrowable().getMessage();
            LOG.debug("Retry {} of {} in {} ms: {}", event.getNumberOfRetryAttempts(), GraphLinks.redact(url),
                    event.getWaitInterval().toMillis(), reason);
            observer.retryScheduled(event.getNumberOfRetryAttempts(), event.getWaitInterval(), reason);
        });
        CompletableFuture<T> result = attempts.executeCompletionStage(scheduler, () -> attempt(method, url, body, prefer,
                reader, observer, cancellation)).toCompletableFuture();
        return await(result, cancellation, url);
    }

    /**
     * Gets an access token (from the cache when it is still fresh), to check that signing in works.
     *
     * @throws AuthenticationException   when signing in fails
     * @throws TransientConnectorException when the token endpoint cannot be reached
     */
    public void signIn() {
        try {
            tokens.getTokenSync(new com.azure.core.credential.TokenRequestContext().addScopes(scope));
        } catch (RuntimeException e) {
            throw toApiException(e, "the token endpoint");
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
            return Optional.of(get(url, null, reader, observer, cancellation));
        } catch (TransientConnectorException e) {
            if (e.getCause() instanceof GraphFailure f && f.kind() == GraphFailure.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private <T> CompletionStage<T> attempt(HttpMethod method, String url, byte[] body, String prefer,
            BodyReader<T> reader, RequestObserver observer, Cancellation cancellation) {
        try {
            if (cancellation.isCancelled()) {
                throw new ImportCancelledException("The import was cancelled; no watermark was returned.");
            }
            int signIns = 0;
            while (true) {
                try {
                    return CompletableFuture.completedFuture(send(method, url, body, prefer, reader, observer));
                } catch (GraphFailure f) {
                    if (f.kind() != GraphFailure.Kind.UNAUTHENTICATED || !maySignInAgain(signIns)) {
                        throw f;
                    }
                    signIns++;
                    LOG.info("Graph refused the access token (HTTP 401, request-id {}); signing in again",
                            f.requestId().orElse("n/a"));
                    tokens.invalidate(f.refusedTokenHash());
                }
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Whether a request refused with a 401 is repeated after signing in again. The first refusal always is: the token
     * may have expired or been revoked since it was issued. A later one only when Graph has accepted a token of this
     * client before: then the configuration is right and the new token was revoked too while the request waited
     * (with two chains in flight, a revocation can land between one chain's sign-in and its repeat). If Graph never
     * took a token, signing in yields tokens for the wrong tenant, cloud or audience, and the request fails at once.
     */
    private boolean maySignInAgain(int signInsSoFar) {
        return signInsSoFar == 0 || signInsSoFar < MAX_SIGN_INS_PER_REQUEST && tokens.graphAcceptedAToken();
    }

    private static int tokenHash(Response response) {
        String authorization = response.request().header("Authorization");
        return authorization == null ? 0 : authorization.substring(authorization.indexOf(' ') + 1).hashCode();
    }

    private <T> T send(HttpMethod method, String url, byte[] body, String prefer, BodyReader<T> reader,
            RequestObserver observer) {
        RequestInformation request = new RequestInformation();
        request.httpMethod = method;
        request.setUri(URI.create(url));
        request.headers.add("Accept", "application/json");
        // a fresh id per request, as Graph's guidance asks, so Microsoft support can find each one; the SDK's
        // telemetry handler would otherwise stamp every request of this client with the same id
        request.headers.add("client-request-id", java.util.UUID.randomUUID().toString());
        if (body != null) {
            request.setStreamContent(new java.io.ByteArrayInputStream(body), "application/json");
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
        observer.requestSent();
        try {
            @SuppressWarnings("unchecked")
            T value = (T) adapter.sendPrimitive(request, null, Object.class);
            return value;
        } catch (RuntimeException e) {
            // the adapter may wrap what the response handler threw
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof GraphFailure || t instanceof DeltaLinkExpiredException
                        || t instanceof ImportCancelledException) {
                    throw (RuntimeException) t;
                }
            }
            throw classify(e);
        }
    }

    private <T> Object handle(Response response, BodyReader<T> reader, String url) {
        try (response) {
            int status = response.code();
            String requestId = response.header("request-id");
            ResponseBody body = response.body();
            if (status >= 200 && status < 300) {
                tokens.accepted();
                if (body == null) {
                    throw GraphFailure.transientFailure("HTTP " + status + " without a body", null);
                }
                try (InputStream in = body.byteStream()) {
                    return reader.read(in);
                } catch (IOException e) {
                    throw GraphFailure.transientFailure("the response to " + GraphLinks.redact(url)
                            + " was cut or malformed (" + e.getClass().getSimpleName() + ": "
                            + firstLine(e.getMessage()) + ")", e);
                }
            }
            ErrorBody error = ErrorBody.read(body);
            String retryAfterHeader = response.header("Retry-After", response.header(SingleRetryOwner.HEADER));
            Duration retryAfter = RetryAfter.parse(retryAfterHeader, clock).orElse(null);
            if (error.cut) {
                // without its error code a 400 or 404 cannot be told apart from an expired delta link: the answer
                // was not received, which is a transport failure like a cut 200
                throw new GraphFailure(GraphFailure.Kind.TRANSIENT, status, null, "the HTTP " + status + " answer to "
                        + GraphLinks.redact(url) + " was cut before its error body was read", requestId, retryAfter,
                        null);
            }
            GraphFailure failure = GraphFailure.fromResponse(status, error.code, error.message,
                    requestId != null ? requestId : error.requestId, retryAfter);
            if (status == 401) {
                failure.refusedToken(tokenHash(response));
            }
            if (failure.kind() == GraphFailure.Kind.RESYNC_REQUIRED) {
                throw new DeltaLinkExpiredException("Graph no longer knows the delta link (" + failure.getMessage()
                        + ")", failure.requestId().orElse(null));
            }
            throw failure;
        }
    }

    private <T> T await(CompletableFuture<T> result, Cancellation cancellation, String url) {
        while (true) {
            try {
                return result.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (cancellation.isCancelled()) {
                    result.cancel(false);
                    throw new ImportCancelledException("The import was cancelled while waiting for Graph; no "
                            + "watermark was returned.");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.cancel(false);
                throw new ImportCancelledException("The import was interrupted; no watermark was returned.");
            } catch (ExecutionException e) {
                throw toApiException(e.getCause(), GraphLinks.redact(url));
            }
        }
    }

    /** Turns a failure into the API's exception; {@code where} names the request without secrets. */
    private RuntimeException toApiException(Throwable failure, String where) {
        if (failure instanceof ConnectorException || failure instanceof DeltaLinkExpiredException) {
            return (RuntimeException) failure;
        }
        GraphFailure f = failure instanceof GraphFailure g ? g : classify(failure);
        String id = f.requestId().orElse(null);
        String idText = id == null ? "" : " (Graph request-id " + id + ")";
        switch (f.kind()) {
            case THROTTLED:
                return new ThrottledException("Graph kept throttling after " + retryConfig.getMaxAttempts()
                        + " attempts at " + where + idText + ": " + f.getMessage()
                        + ". Run the import later or outside busy hours.", f.retryAfter().orElse(null), id, f);
            case TRANSIENT:
                return new TransientConnectorException("Graph or the network kept failing after "
                        + retryConfig.getMaxAttempts() + " attempts at " + where + idText + ": " + f.getMessage()
                        + ". Run the import again later.", id, f);
            case UNAUTHENTICATED:
                return new AuthenticationException("Graph refused the access token even after signing in again"
                        + idText + ": " + f.getMessage() + ". Check that the app registration belongs to tenant "
                        + "and that the token audience matches the configured cloud.", id, f);
            case SIGN_IN:
                return new AuthenticationException(f.getMessage(), id, f);
            case FORBIDDEN:
                return new PermissionException("Graph denied access to " + where + idText + ": " + f.getMessage()
                        + ". Grant the application permissions User.Read.All, Group.Read.All and GroupMember.Read.All "
                        + "(type Application) and have an administrator grant consent.", id, f);
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

    /** Classifies an exception thrown by the adapter or the credential. */
    static GraphFailure classify(Throwable e) {
        if (e instanceof GraphFailure f) {
            return f;
        }
        Throwable signIn = null;
        IOException io = null;
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            String name = t.getClass().getName();
            if (name.equals("com.azure.core.exception.ClientAuthenticationException")
                    || name.equals("com.azure.identity.CredentialUnavailableException")
                    || name.startsWith("com.microsoft.aad.msal4j.Msal")) {
                signIn = signIn == null ? t : signIn;
            }
            if (t instanceof IOException ioe && io == null) {
                io = ioe;
            }
        }
        if (signIn != null) {
            // MSAL's messages can quote the token endpoint's answer, an access token included: never keep them,
            // never chain the exception; keep the HTTP status and the AADSTS code only
            Integer status = null;
            for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
                if (t instanceof com.microsoft.aad.msal4j.MsalServiceException service && service.statusCode() != null) {
                    status = service.statusCode();
                }
            }
            Matcher code = AADSTS.matcher(String.valueOf(signIn.getMessage()));
            String aadsts = code.find() ? code.group() : null;
            String what = aadsts != null ? aadsts : "HTTP " + (status == null ? "?" : status);
            if (status != null && status == 429) {
                return new GraphFailure(GraphFailure.Kind.THROTTLED, 0, aadsts, "Entra's token endpoint is throttling ("
                        + what + ")", null, null, null);
            }
            if ((status != null && status >= 500) || (aadsts != null && TRANSIENT_SIGN_IN.contains(aadsts))) {
                return GraphFailure.transientFailure("Entra's token endpoint is temporarily unavailable (" + what
                        + ")", null);
            }
            if (aadsts != null) {
                return new GraphFailure(GraphFailure.Kind.SIGN_IN, 0, aadsts, signInMessage(aadsts), null, null, null);
            }
            if (io == null) {
                return new GraphFailure(GraphFailure.Kind.SIGN_IN, 0, null, "Signing in to Entra failed ("
                        + signIn.getClass().getSimpleName() + (status == null ? "" : ", HTTP " + status)
                        + "); check TenantId, ClientId and the credential", null, null, null);
            }
            return GraphFailure.transientFailure("signing in to Entra failed on the network ("
                    + io.getClass().getSimpleName() + ")", null);
        }
        if (io != null) {
            return GraphFailure.transientFailure(io.getClass().getSimpleName() + ": " + firstLine(io.getMessage()), io);
        }
        return new GraphFailure(GraphFailure.Kind.UNEXPECTED, 0, null, e.getClass().getSimpleName() + ": "
                + firstLine(e.getMessage()), null, null, e);
    }

    private static String signInMessage(String code) {
        String fix = switch (code) {
            case "AADSTS7000215" -> "the client secret is wrong: copy the secret's Value (not its ID) from the app "
                    + "registration into the secret store";
            case "AADSTS7000222" -> "the client secret has expired: create a new one and update the secret store";
            case "AADSTS700016" -> "no application with this ClientId exists in the tenant: check ClientId and TenantId";
            case "AADSTS90002", "AADSTS900023" -> "the tenant was not found: check TenantId and Cloud";
            case "AADSTS700027", "AADSTS700024" -> "the client certificate was refused: upload its public part to the "
                    + "app registration";
            case "AADSTS65001" -> "an administrator has not granted consent to the application";
            default -> "see https://login.microsoftonline.com/error?code=" + code.substring(6);
        };
        return "Signing in to Entra failed with " + code + ": " + fix + ".";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no message";
        }
        String line = text.lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static X509TrustManager trustManager(EntraConfig config, SecretResolver resolver) {
        String field = EntraConfig.DOCUMENT + ".TrustStorePath";
        char[] password = null;
        try {
            if (config.trustStorePassword() != null) {
                try (Secret secret = Credentials.resolve(resolver, config.trustStorePassword(), "TrustStorePassword")) {
                    password = secret.chars();
                }
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = java.nio.file.Files.newInputStream(config.trustStore())) {
                store.load(in, password);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw ConfigurationException.of(field, "a PKCS12 trust store with certificates; none found in "
                    + config.trustStore());
        } catch (IOException | GeneralSecurityException e) {
            throw ConfigurationException.of(field, "a readable PKCS12 trust store (and its password in "
                    + "TrustStorePassword); reading " + config.trustStore() + " failed: " + e.getClass().getSimpleName());
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static String stripSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** Releases the connection pool and the retry scheduler. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** Graph's error body: only {@code error.code}, {@code error.message} and the request id are read. */
    private static final class ErrorBody {
        private String code;
        private String message;
        private String requestId;
        /** Whether the connection broke while the body was read. */
        private boolean cut;

        static ErrorBody read(ResponseBody body) {
            ErrorBody error = new ErrorBody();
            if (body == null) {
                return error;
            }
            byte[] bytes;
            try (InputStream in = body.byteStream()) {
                bytes = in.readNBytes(MAX_ERROR_BODY);
            } catch (IOException e) {
                error.cut = true;
                return error;
            }
            try (JsonParser p = JSON.createParser(bytes)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return error;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if ("error".equals(name) && p.currentToken() == JsonToken.START_OBJECT) {
                        readError(p, error);
                    } else {
                        p.skipChildren();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a text/plain or malformed error body: classify by status alone
            }
            return error;
        }

        private static void readError(JsonParser p, ErrorBody error) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("code".equals(name) && value == JsonToken.VALUE_STRING) {
                    error.code = p.getText();
                } else if ("message".equals(name) && value == JsonToken.VALUE_STRING) {
                    error.message = p.getText();
                } else if ("innerError".equalsIgnoreCase(name) && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        p.nextToken();
                        if ("request-id".equals(inner) && p.currentToken() == JsonToken.VALUE_STRING) {
                            error.requestId = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
    }
}
