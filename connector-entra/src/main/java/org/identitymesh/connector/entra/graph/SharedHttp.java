package org.identitymesh.connector.entra.graph;

import com.azure.core.http.HttpClient;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.http.middleware.RedirectHandler;
import com.microsoft.kiota.http.middleware.RetryHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.secret.Secret;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.entra.config.EntraConfig;

/**
 * What the connectors of one provider share: one connection pool, so that a thousand tenants reach Graph over a
 * handful of connections rather than a set each (and over one HTTP/2 connection where Graph offers it); one
 * dispatcher, whose threads carry token requests and end after a minute without work; the fetch threads that follow
 * the delta chains of running imports, also ending after a minute without work; and, per transport setting
 * (request timeout and trust store), one OkHttp client with Graph's middleware and one for token requests, built
 * the first time a connector with that setting sends a request. A connector keeps only what belongs to its tenant:
 * its configuration, credential and token. An idle connector holds no thread, and closing one does not touch what
 * the others share.
 *
 * <p>OkHttp clients that share a pool and a dispatcher are cheap views of them; connections are pooled per address
 * and TLS setting, so a connector with its own trust store never gets a connection that another trust store
 * accepted. Thread-safe.
 */
public final class SharedHttp {

    /** Idle connections kept for reuse; more than the imports a host runs at once times their parallel chains. */
    static final int MAX_IDLE_CONNECTIONS = 128;
    /** Concurrent token requests and other asynchronous calls; one thread each at most, ending after a minute. */
    static final int MAX_ASYNC_CALLS = 64;

    private final ConnectionPool pool = new ConnectionPool(MAX_IDLE_CONNECTIONS, 5, TimeUnit.MINUTES);
    private final Dispatcher dispatcher;
    private final ThreadPoolExecutor fetchThreads;
    private final InFlightCalls inFlight = new InFlightCalls();
    private final ConcurrentMap<Transport, Clients> clients = new ConcurrentHashMap<>();
    private final AtomicInteger builds = new AtomicInteger();

    /** Creates a runtime with no connection and no thread; idle threads end after a minute. */
    public SharedHttp() {
        this(Duration.ofSeconds(60));
    }

    /**
     * Creates a runtime with no connection and no thread.
     *
     * @param threadKeepAlive how long a thread without work is kept
     */
    public SharedHttp(Duration threadKeepAlive) {
        // unbounded like OkHttp's own: the dispatcher bounds the calls to MAX_ASYNC_CALLS, and a pool capped at the
        // same number would reject a call handed over while a finishing thread has not yet returned to the pool
        dispatcher = new Dispatcher(threads("entra-http-", threadKeepAlive));
        fetchThreads = threads("entra-fetch-", threadKeepAlive);
        dispatcher.setMaxRequests(MAX_ASYNC_CALLS);
        dispatcher.setMaxRequestsPerHost(MAX_ASYNC_CALLS);
    }

    /**
     * The clients for a connector's transport settings, built on first use.
     *
     * @throws ConfigurationException when the trust store or its password cannot be read
     */
    Clients clients(EntraConfig config, SecretResolver resolver) {
        char[] password = null;
        try {
            if (config.trustStorePassword() != null) {
                // resolved for every connector, so that a tenant whose password does not resolve fails as it would
                // alone, even when another tenant has already built the clients for the same trust store
                try (Secret secret = Credentials.resolve(resolver, config.trustStorePassword(), "TrustStorePassword")) {
                    password = secret.chars();
                }
            }
            Transport key = Transport.of(config, password);
            // built once per key even when many connectors start at once (reading a PKCS12 trust store derives its
            // key with PBKDF2, tens of milliseconds each); a failure leaves no entry, so the next connector tries again
            char[] secret = password;
            return clients.computeIfAbsent(key, k -> build(config, secret));
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** The calls in flight of every connector, each with the cancellation of the import that sent it. */
    InFlightCalls inFlight() {
        return inFlight;
    }

    /**
     * Connections in the pool now, busy or idle, for tests and diagnostics.
     *
     * @return the count
     */
    public int connections() {
        return pool.connectionCount();
    }

    /**
     * Threads that the dispatcher holds now; none after a minute without token requests.
     *
     * @return the count
     */
    public int dispatcherThreads() {
        return ((ThreadPoolExecutor) dispatcher.executorService()).getPoolSize();
    }

    /**
     * The threads that follow the delta chains of running imports, one per chain: they grow with the chains running
     * at once, whichever connectors run them, and end after a minute without work. Never refuses a task.
     *
     * @return the executor
     */
    public Executor fetchThreads() {
        return fetchThreads;
    }

    /**
     * Fetch threads alive now, busy or idle; none after a minute without imports.
     *
     * @return the count
     */
    public int fetchThreadCount() {
        return fetchThreads.getPoolSize();
    }

    /**
     * How many client sets were built, one per transport setting in use, for tests and diagnostics.
     *
     * @return the count
     */
    public int clientBuilds() {
        return builds.get();
    }

    private static ThreadPoolExecutor threads(String prefix, Duration keepAlive) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, keepAlive.toMillis(), TimeUnit.MILLISECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    private Clients build(EntraConfig config, char[] password) {
        builds.incrementAndGet();
        Duration timeout = config.requestTimeout();
        OkHttpClient.Builder base = new OkHttpClient.Builder()
                .connectionPool(pool)
                .dispatcher(dispatcher)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout.multipliedBy(5))
                .followRedirects(false)
                .followSslRedirects(false)
                // OkHttp would otherwise repeat a request silently when a pooled connection fails: RetryPolicy is
                // the only retry owner, so every repeat is counted, waited for and reported
                .retryOnConnectionFailure(false);
        if (config.trustStore() != null) {
            X509TrustManager trust = trustManager(config, password);
            try {
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, new TrustManager[] {trust}, null);
                base.sslSocketFactory(ssl.getSocketFactory(), trust);
            } catch (GeneralSecurityException e) {
                throw ConfigurationException.of(EntraConfig.DOCUMENT + ".TrustStorePath",
                        "a trust store TLS can use; " + e.getClass().getSimpleName());
            }
        }
        OkHttpClient tokenHttp = base.build();
        List<Interceptor> middleware = new ArrayList<>(
                Arrays.asList(GraphClientFactory.createDefaultGraphInterceptors(new RequestOption[0])));
        middleware.removeIf(i -> i instanceof RetryHandler || i instanceof RedirectHandler);
        middleware.add(0, inFlight);
        OkHttpClient.Builder graph = tokenHttp.newBuilder();
        graph.interceptors().clear();
        graph.interceptors().addAll(middleware);
        graph.addNetworkInterceptor(new SingleRetryOwner());
        return new Clients(graph.build(), new OkHttpAsyncHttpClientBuilder(tokenHttp).build());
    }

    /**
     * The HTTP clients of one transport setting.
     *
     * @param graph  sends Graph requests: Graph's middleware less Kiota's retry and redirect handlers, the tracking
     *               of calls in flight, and {@link SingleRetryOwner}
     * @param tokens sends token requests, with the same TLS settings and timeouts
     */
    record Clients(OkHttpClient graph, HttpClient tokens) {
    }

    /**
     * What makes two connectors' HTTP clients differ. A trust store is told apart by its path, size and time of
     * change, so that a replaced file is read again by the connectors created after it changed, and by a digest of
     * its password (never the password), so that a connector whose password differs reads the file itself.
     */
    private record Transport(Duration timeout, Path trustStore, long trustStoreSize, long trustStoreChanged,
            String passwordDigest) {

        static Transport of(EntraConfig config, char[] password) {
            Path store = config.trustStore();
            long size = -1;
            long changed = -1;
            if (store != null) {
                try {
                    size = Files.size(store);
                    changed = Files.getLastModifiedTime(store).toMillis();
                } catch (IOException e) {
                    // reading it fails again, with a message naming the field, when the clients are built
                }
            }
            return new Transport(config.requestTimeout(), store == null ? null : store.toAbsolutePath(), size, changed,
                    password == null ? null : digest(password));
        }

        private static String digest(char[] password) {
            try {
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                for (char c : password) {
                    sha.update((byte) (c >> 8));
                    sha.update((byte) c);
                }
                return java.util.HexFormat.of().formatHex(sha.digest());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }
    }

    private static X509TrustManager trustManager(EntraConfig config, char[] password) {
        String field = EntraConfig.DOCUMENT + ".TrustStorePath";
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(config.trustStore())) {
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
        }
    }
}
