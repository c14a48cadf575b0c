package org.identitymesh.connector.testkit.entra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * Several simulated Entra tenants behind one loopback HTTPS server, as Microsoft's cloud serves every tenant from the
 * same login and Graph hosts: for hosts that run one connector per customer tenant and want to test them in one JVM,
 * sharing connections, against tenants with their own ids, credentials and directories.
 *
 * <pre>{@code
 * try (SimulatedEntraCloud cloud = SimulatedEntraCloud.start()) {
 *     SimulatedEntraTenant a = cloud.addTenant(TenantSpec.builder().seed(1).build());
 *     SimulatedEntraTenant b = cloud.addTenant(SimulatedEntraTenant.builder()
 *             .spec(TenantSpec.builder().seed(2).users(50).build()).tenantId("contoso-b"));
 *     AppCertificate certificate = b.registerCertificate();   // b signs in with a certificate, a with its secret
 *     // every tenant: authorityHost() and graphEndpoint() are the cloud's; tenantId(), clientId() and the
 *     // credentials are its own
 *     assertEquals(2, cloud.journal().count(RequestKind.TOKEN));
 * }
 * }</pre>
 *
 * <p>How a request finds its tenant: a token request and the OpenID metadata by the tenant id (or the tenant's
 * domain, when no other tenant of the cloud has it) in the path, {@code /{tenant}/oauth2/v2.0/token}; a Graph request
 * by its access token, as Graph does: Graph URLs name no tenant, so a token only ever reads the data of the tenant that
 * issued it. A token this cloud did not issue, or issued for a tenant that has left it, is answered 401
 * {@code InvalidAuthenticationToken}; a skip or delta token of another tenant is refused (400), and another tenant's
 * object ids are not found (404). A token request for a tenant id the cloud does not serve is answered as Entra
 * answers one (400, AADSTS90002).
 *
 * <p>Each tenant has its own directory, clock, settings, credentials (client secret, certificates, federated
 * credentials, managed identity endpoint), fault injector and request journal (see {@link SimulatedEntraTenant}).
 * The cloud's {@link #journal()} counts every request, whichever tenant it was for, and the TCP connections the
 * server accepted ({@link RequestJournal#connectionsOpened()}); its {@link #faults()} apply to every tenant.
 *
 * <h2>Connections</h2>
 * The server is the JDK's ({@code com.sun.net.httpserver}, so the testkit brings no server library to a host's test
 * class path). It keeps connections alive between requests, up to a JVM-wide limit of idle connections that the
 * testkit raises from the JDK's 200 to 10,000, and closes a connection idle for longer than a JVM-wide interval that
 * the testkit raises from the JDK's 30 s to 300 s, unless the JVM was started with
 * {@code -Dsun.net.httpserver.maxIdleConnections=N} or {@code -Dsun.net.httpserver.idleInterval=SECONDS}. The JDK
 * reads both once, when the first JDK HTTP server of the JVM starts: if another one started before the simulator,
 * the JDK's values stay, and clients beyond 200 reconnect for nearly every request. {@link
 * Builder#keepAliveConnections(int)} makes {@link Builder#start()} check the limit and fail with the reason and the
 * fix instead; {@link #keepAliveLimit()} tells it. Requests are handled {@link Builder#threads(int)} at a time (the
 * others wait; an idle connection holds no thread); the listen backlog is 4,096 (capped by the system's
 * {@code somaxconn}). Each connection costs two file descriptors when the client runs in the same process (check
 * {@code ulimit -n}) and, measured with 2,000 connections, about 95 KiB of heap, client and server side together.
 */
public final class SimulatedEntraCloud implements AutoCloseable {

    private final TlsMaterial tls;
    private final HttpFront front;
    private final RequestJournal journal = new RequestJournal();
    private final FaultInjector faults = new FaultInjector();
    private final ErrorResponses errors;
    private final RequestPipeline noTenant;
    private final Object lock = new Object();
    private final Map<String, SimulatedEntraTenant> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<SimulatedEntraTenant>> byDomain = new ConcurrentHashMap<>();
    private final List<SimulatedEntraTenant> tenants = new ArrayList<>();
    private volatile SimulatedEntraTenant home;
    private boolean closed;

    private SimulatedEntraCloud(int port, int threads, int keepAliveConnections) throws IOException {
        if (keepAliveConnections > 0) {
            int limit = HttpServerLimits.keepAliveLimit();
            if (limit < keepAliveConnections) {
                throw new IllegalStateException("cannot start the simulated Entra cloud: "
                        + HttpServerLimits.shortfall(keepAliveConnections, limit));
            }
        }
        this.tls = TlsMaterial.generate();
        this.front = new HttpFront(tls.serverContext(), port, threads, journal::recordConnection);
        this.errors = new ErrorResponses(Clock.systemUTC(), front.baseUrl());
        this.noTenant = new RequestPipeline(journal, faults, new FaultResponses(front.baseUrl(), errors),
                this::answerForNoTenant);
    }

    /**
     * Starts an empty cloud with the default settings.
     *
     * @return the running cloud
     * @throws UncheckedIOException if the server cannot bind
     */
    public static SimulatedEntraCloud start() {
        return builder().start();
    }

    /**
     * A builder (default: an ephemeral port, {@value Builder#DEFAULT_THREADS} threads, no check of the keep-alive limit).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Binds the server of a standalone tenant, which starts serving once its tenant is registered. */
    static SimulatedEntraCloud bind(int port, int threads, int keepAliveConnections) throws IOException {
        return new SimulatedEntraCloud(port, threads, keepAliveConnections);
    }

    void serve() {
        front.start(this::handle);
    }

    /**
     * Generates a tenant from a spec (identity derived from the seed, system clock) and serves it.
     *
     * @param spec what to generate
     * @return the tenant
     * @throws IllegalArgumentException if the cloud already serves a tenant with its id (give it another seed)
     * @throws IllegalStateException    after {@link #close()}
     */
    public SimulatedEntraTenant addTenant(TenantSpec spec) {
        return addTenant(SimulatedEntraTenant.builder().spec(spec));
    }

    /**
     * Builds a tenant (spec, ids, client secret, clock, settings) and serves it. The builder's server options
     * ({@code port}, {@code threads}, {@code keepAliveConnections}) belong to the cloud's own {@link Builder}.
     *
     * @param tenant the tenant's builder; it can be used again, with another tenant id
     * @return the tenant
     * @throws IllegalArgumentException if the cloud already serves a tenant with its id, or the builder sets a server
     *                                  option
     * @throws IllegalStateException    after {@link #close()}
     */
    public SimulatedEntraTenant addTenant(SimulatedEntraTenant.Builder tenant) {
        tenant.checkNoServerOptions();
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the simulated Entra cloud is closed");
            }
        }
        SimulatedEntraTenant t = tenant.build(this, false);
        register(t, false);
        return t;
    }

    /** Serves a tenant; {@code home} receives the requests no tenant can be told for (a standalone tenant). */
    void register(SimulatedEntraTenant t, boolean asHome) {
        String id = key(t.tenantId());
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the simulated Entra cloud is closed");
            }
            if (byId.containsKey(id)) {
                throw new IllegalArgumentException("the cloud already serves a tenant with id '" + t.tenantId()
                        + "': give the new tenant another seed (TenantSpec.builder().seed(...)) or its own tenantId(...)");
            }
            byId.put(id, t);
            byDomain.computeIfAbsent(key(t.spec().domain()), d -> ConcurrentHashMap.newKeySet()).add(t);
            tenants.add(t);
            if (asHome) {
                home = t;
            }
        }
    }

    /** Stops serving a tenant (its {@link SimulatedEntraTenant#close()}). */
    void remove(SimulatedEntraTenant t) {
        synchronized (lock) {
            byId.remove(key(t.tenantId()), t);
            Set<SimulatedEntraTenant> sameDomain = byDomain.get(key(t.spec().domain()));
            if (sameDomain != null) {
                sameDomain.remove(t);
                if (sameDomain.isEmpty()) {
                    byDomain.remove(key(t.spec().domain()));
                }
            }
            tenants.remove(t);
            if (home == t) {
                home = null;
            }
        }
    }

    /**
     * The tenants served, in the order they were added.
     *
     * @return a snapshot
     */
    public List<SimulatedEntraTenant> tenants() {
        synchronized (lock) {
            return List.copyOf(tenants);
        }
    }

    /**
     * A tenant by its id (case-insensitive).
     *
     * @param tenantId the id
     * @return the tenant, or empty if the cloud does not serve it
     */
    public Optional<SimulatedEntraTenant> tenant(String tenantId) {
        return Optional.ofNullable(byId.get(key(tenantId)));
    }

    /**
     * Where the cloud listens: {@code https://127.0.0.1:PORT}, no trailing slash.
     *
     * @return the base URL
     */
    public String baseUrl() {
        return front.baseUrl();
    }

    /**
     * The Graph endpoint of every tenant (the base URL); append {@code /v1.0} for requests.
     *
     * @return the Graph endpoint
     */
    public String graphEndpoint() {
        return front.baseUrl();
    }

    /**
     * The scope to ask tokens for: {@code graphEndpoint() + "/.default"}.
     *
     * @return the scope
     */
    public String graphScope() {
        return graphEndpoint() + "/.default";
    }

    /**
     * The authority host of every tenant (the base URL); a tenant's token endpoint is
     * {@code authorityHost() + "/" + tenantId + "/oauth2/v2.0/token"}.
     *
     * @return the authority host
     */
    public String authorityHost() {
        return front.baseUrl();
    }

    /**
     * An SSL context that trusts only the cloud's certificate.
     *
     * @return the context
     */
    public SSLContext sslContext() {
        return tls.clientContext();
    }

    /**
     * A trust manager that trusts only the cloud's certificate.
     *
     * @return the trust manager
     */
    public X509TrustManager trustManager() {
        return tls.trustManager();
    }

    /**
     * The cloud's self-signed certificate (SAN IP 127.0.0.1 and DNS localhost).
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return tls.certificate();
    }

    /**
     * Writes a PKCS12 trust store holding the certificate.
     *
     * @param file     where to write (parent directories are created)
     * @param password the store password
     * @throws UncheckedIOException if writing fails
     */
    public void writeTrustStore(Path file, char[] password) {
        try {
            tls.writeTrustStore(file, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The journal of the whole cloud: every request, whichever tenant it was for (also those for no tenant), and the
     * TCP connections accepted.
     *
     * @return the journal
     */
    public RequestJournal journal() {
        return journal;
    }

    /**
     * Faults and latency for the requests of every tenant (and those for no tenant); they apply before a tenant's own.
     *
     * @return the injector
     */
    public FaultInjector faults() {
        return faults;
    }

    /**
     * How many idle keep-alive connections the JDK HTTP server of this JVM really keeps, checked once per JVM by a
     * probe of 201 loopback connections (a fraction of a second) the first time it is asked. Below what a test needs,
     * connections beyond it are closed after each response; see the class description.
     *
     * @return the limit
     */
    public int keepAliveLimit() {
        return HttpServerLimits.keepAliveLimit();
    }

    /** Stops the server and the tenants' managed identity endpoints; the directories stay readable. */
    @Override
    public void close() {
        List<SimulatedEntraTenant> served;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            served = List.copyOf(tenants);
        }
        for (SimulatedEntraTenant t : served) {
            t.stopServing();
        }
        front.close();
    }

    @Override
    public String toString() {
        return "SimulatedEntraCloud{" + baseUrl() + ", " + tenants().size() + " tenants}";
    }

    private SimResponse handle(SimRequest r) {
        RequestKind kind = GraphRouter.classify(r.method(), r.path());
        SimulatedEntraTenant tenant = tenantOf(kind, r);
        if (tenant == null) {
            tenant = home;
        }
        return tenant != null ? tenant.serve(kind, r) : noTenant.serve(kind, r);
    }

    /** The tenant a request is for: named in the path of authority requests, by the token's tenant for Graph. */
    private SimulatedEntraTenant tenantOf(RequestKind kind, SimRequest r) {
        if (kind == RequestKind.TOKEN || kind == RequestKind.DISCOVERY) {
            if (r.path().equals("/common/discovery/instance")) {
                // MSAL names the authority it asks about: https://host/{tenant}/oauth2/v2.0/authorize
                String authority = r.query().get("authorization_endpoint");
                try {
                    return authority == null ? null
                            : named(AuthorityEndpoints.tenantSegment(URI.create(authority).getPath()));
                } catch (IllegalArgumentException | NullPointerException | StringIndexOutOfBoundsException e) {
                    return null;
                }
            }
            return named(AuthorityEndpoints.tenantSegment(r.path()));
        }
        String token = GraphRouter.bearerToken(r);
        String tid = token == null ? null : AccessTokens.tenantOf(token);
        return tid == null ? null : byId.get(key(tid));
    }

    /** A tenant by id, or by a domain only it has. */
    private SimulatedEntraTenant named(String name) {
        SimulatedEntraTenant byTenantId = byId.get(key(name));
        if (byTenantId != null) {
            return byTenantId;
        }
        Set<SimulatedEntraTenant> sameDomain = byDomain.get(key(name));
        if (sameDomain != null && sameDomain.size() == 1) {
            return sameDomain.iterator().next();
        }
        return null;
    }

    /** Answers a request no tenant of the cloud can be told for. */
    private SimResponse answerForNoTenant(RequestKind kind, SimRequest r) {
        if (kind == RequestKind.TOKEN || kind == RequestKind.DISCOVERY) {
            return r.path().equals("/common/discovery/instance") ? AuthorityEndpoints.discovery(baseUrl(), "common")
                    : AuthorityEndpoints.noSuchTenant(errors, r);
        }
        return GraphRouter.refusal(r, null, errors);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Configures and starts a {@link SimulatedEntraCloud}. */
    public static final class Builder {

        /** Request-handling threads unless set. */
        public static final int DEFAULT_THREADS = 32;

        private int port;
        private int threads = DEFAULT_THREADS;
        private int keepAliveConnections;

        private Builder() {
        }

        /**
         * The port on 127.0.0.1; default 0 (an ephemeral port).
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Requests handled at once; more wait in a queue. Each thread is created on demand and ends after 30 s idle.
         * A request waiting for {@link FaultInjector#latency(java.time.Duration) latency} holds its thread, so a bench
         * with latency needs at least as many threads as requests in flight; default {@value #DEFAULT_THREADS}.
         *
         * @param threads at least 1
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Makes {@link #start()} check that the JDK HTTP server of this JVM keeps at least this many idle keep-alive
         * connections ({@link SimulatedEntraCloud#keepAliveLimit()}), and fail with an explanation and the JVM option
         * that fixes it if not; default 0, no check.
         *
         * @param connections not negative
         * @return this builder
         */
        public Builder keepAliveConnections(int connections) {
            if (connections < 0) {
                throw new IllegalArgumentException("keepAliveConnections must not be negative: " + connections);
            }
            this.keepAliveConnections = connections;
            return this;
        }

        /**
         * Starts the server, with no tenant yet.
         *
         * @return the running cloud
         * @throws UncheckedIOException  if the server cannot bind
         * @throws IllegalStateException if the keep-alive limit is below {@link #keepAliveConnections(int)}
         */
        public SimulatedEntraCloud start() {
            SimulatedEntraCloud cloud;
            try {
                cloud = new SimulatedEntraCloud(port, threads, keepAliveConnections);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the simulated Entra cloud", e);
            }
            cloud.serve();
            return cloud;
        }
    }
}
