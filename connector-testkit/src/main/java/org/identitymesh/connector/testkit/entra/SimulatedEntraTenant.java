package org.identitymesh.connector.testkit.entra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * A simulated Microsoft Entra tenant on loopback HTTPS: the client-credentials token endpoint (client secret,
 * certificate and federated client assertions), an App Service managed identity endpoint, and the Graph v1.0 delta
 * (users, groups, devices), members, owners and batch endpoints, over a generated directory that tests can change,
 * with fault injection and a request journal. Usable from any JUnit test or {@code main}; close it when done.
 *
 * <pre>{@code
 * try (SimulatedEntraTenant tenant = SimulatedEntraTenant.start(TenantSpec.t1())) {
 *     // azure-identity: authorityHost(tenant.authorityHost()), tenantId(tenant.tenantId()),
 *     //   clientId(tenant.clientId()), clientSecret(tenant.clientSecret()), disableInstanceDiscovery()
 *     // Graph: base URL tenant.graphEndpoint() + "/v1.0", scope tenant.graphScope()
 *     // TLS: tenant.sslContext() / tenant.trustManager(), or tenant.writeTrustStore(path, password)
 *     tenant.directory().updateUser(id, Map.of("jobTitle", "CTO"));
 *     tenant.faults().inject(RequestKind.USERS_DELTA, Fault.throttled(429, "1"));
 *     assertEquals(1, tenant.journal().count(RequestKind.TOKEN));
 * }
 * }</pre>
 *
 * <p>URLs: the authority host and the Graph endpoint are both {@link #baseUrl()}
 * ({@code https://127.0.0.1:PORT}); Graph lives under {@code /v1.0}, tokens under
 * {@code /{tenantId}/oauth2/v2.0/token}.
 *
 * <p>A tenant started by {@link #start(TenantSpec)} or {@link Builder#start()} has a server of its own. Several tenants
 * can share one server instead, as in Microsoft's cloud: see {@link SimulatedEntraCloud#addTenant(Builder)}. A tenant of
 * a cloud has the cloud's URLs and TLS certificate, and its own journal and fault injector, which count and take only
 * its requests (the cloud's journal and injector are for all of them).
 */
public final class SimulatedEntraTenant implements AutoCloseable {

    private final TenantSpec spec;
    private final String tenantId;
    private final String clientId;
    private final String clientSecret;
    private final SimulatedClock clock;
    private final TenantSettings settings;
    private final SimulatedEntraCloud cloud;
    private final boolean standalone;
    private final EntraDirectory directory;
    private final FaultInjector faults;
    private final RequestJournal journal;
    private final AccessTokens tokens;
    private final ClientAssertions assertions;
    private final DeltaEndpoint delta;
    private final Duration generationTime;
    private final RequestPipeline pipeline;
    private FederatedTokenIssuer federatedIssuer;
    private ManagedIdentityEndpoint managedIdentity;
    private boolean closed;

    private SimulatedEntraTenant(Builder b, SimulatedEntraCloud cloud, boolean standalone) {
        this.spec = b.spec;
        this.clock = b.clock;
        this.settings = b.settings;
        SplittableRandom ids = new SplittableRandom(DirectoryGenerator.mix(spec.seed(), 0x7E4A47L, 0));
        this.tenantId = b.tenantId != null ? b.tenantId : IdTable.randomGuid(ids);
        String generatedClient = IdTable.randomGuid(ids);
        this.clientId = b.clientId != null ? b.clientId : generatedClient;
        this.clientSecret = b.clientSecret != null ? b.clientSecret : secret(ids);
        long t0 = System.nanoTime();
        DirectoryStore store = DirectoryGenerator.generate(spec);
        this.generationTime = Duration.ofNanos(System.nanoTime() - t0);
        this.directory = new EntraDirectory(store, clock);
        this.cloud = cloud;
        this.standalone = standalone;
        // a standalone tenant's journal and faults are its server's; a cloud's tenant has its own, reporting to the cloud
        this.journal = standalone ? cloud.journal() : new RequestJournal(cloud.journal());
        this.faults = standalone ? cloud.faults() : new FaultInjector(cloud.faults());
        String base = cloud.baseUrl();
        ErrorResponses errors = new ErrorResponses(clock, base);
        this.tokens = new AccessTokens(clock, tenantId, clientId, base + "/" + tenantId + "/v2.0");
        this.assertions = new ClientAssertions(clock);
        StateToken.Codec codec = new StateToken.Codec();
        this.delta = new DeltaEndpoint(base, new DeltaPager(store, settings), codec, settings, clock, errors);
        MembersEndpoint members = new MembersEndpoint(base, store, codec, clock, errors);
        GraphRouter router = new GraphRouter(tokens, errors, delta, members, new ObjectEndpoint(base, store, errors));
        FaultResponses faultResponses = new FaultResponses(base, errors);
        router.batch(new BatchEndpoint(router, faults, faultResponses, journal, errors));
        AuthorityEndpoints authority = new AuthorityEndpoints(base, tenantId, spec.domain(), clientId, clientSecret,
                settings, tokens, assertions, errors);
        this.pipeline = new RequestPipeline(journal, faults, faultResponses, (kind, r) -> kind == RequestKind.TOKEN
                || kind == RequestKind.DISCOVERY ? authority.handle(r) : router.handle(r));
    }

    /** Answers a request for this tenant (the cloud found it by the path or the token). */
    SimResponse serve(RequestKind kind, SimRequest r) {
        return pipeline.serve(kind, r);
    }

    private static String secret(SplittableRandom r) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~";
        StringBuilder sb = new StringBuilder("Sim8Q~");
        for (int i = 0; i < 34; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /**
     * Generates a tenant from a spec and starts serving it with default identity and settings.
     *
     * @param spec what to generate
     * @return the running tenant
     * @throws UncheckedIOException if the server cannot bind
     */
    public static SimulatedEntraTenant start(TenantSpec spec) {
        return builder().spec(spec).start();
    }

    /**
     * A builder (default: {@link TenantSpec#small()}, identity derived from the seed, system clock).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where the tenant listens: {@code https://127.0.0.1:PORT}, no trailing slash.
     *
     * @return the base URL
     */
    public String baseUrl() {
        return cloud.baseUrl();
    }

    /**
     * The Graph endpoint in the form of {@code https://graph.microsoft.com}: the base URL without a version;
     * append {@code /v1.0} for requests.
     *
     * @return the Graph endpoint
     */
    public String graphEndpoint() {
        return cloud.baseUrl();
    }

    /**
     * The scope to ask tokens for: {@code graphEndpoint() + "/.default"} (any scope ending in {@code /.default}
     * is accepted).
     *
     * @return the scope
     */
    public String graphScope() {
        return graphEndpoint() + "/.default";
    }

    /**
     * The authority host in the form of {@code https://login.microsoftonline.com}: the base URL.
     *
     * @return the authority host
     */
    public String authorityHost() {
        return cloud.baseUrl();
    }

    /**
     * The token endpoint: {@code authorityHost() + "/" + tenantId() + "/oauth2/v2.0/token"}.
     *
     * @return the URL
     */
    public String tokenEndpoint() {
        return authorityHost() + "/" + tenantId + "/oauth2/v2.0/token";
    }

    /**
     * The tenant id (a GUID); the tenant's domain is accepted in its place.
     *
     * @return the tenant id
     */
    public String tenantId() {
        return tenantId;
    }

    /**
     * The one registered application's client id.
     *
     * @return the client id
     */
    public String clientId() {
        return clientId;
    }

    /**
     * The application's client secret.
     *
     * @return the secret
     */
    public String clientSecret() {
        return clientSecret;
    }

    /**
     * Generates a client certificate valid from a day ago for a year by the tenant's clock and registers it on the
     * application, as uploading its public part under Certificates &amp; secrets does. The application then accepts
     * client assertions signed with its key (and still its client secret).
     *
     * @return the certificate with its private key, for the client
     */
    public AppCertificate registerCertificate() {
        java.time.Instant now = clock.instant();
        AppCertificate certificate = AppCertificate.generate("identitymesh-simulated-app",
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        registerCertificate(certificate.certificate());
        return certificate;
    }

    /**
     * Registers a certificate on the application. Several may be registered at once (rotation).
     *
     * @param certificate the public certificate
     */
    public void registerCertificate(X509Certificate certificate) {
        assertions.addCertificate(certificate);
    }

    /**
     * Removes a registered certificate: assertions signed with its key are refused from now on (AADSTS700027).
     *
     * @param certificate the certificate
     * @return whether it was registered
     */
    public boolean removeCertificate(X509Certificate certificate) {
        return assertions.removeCertificate(certificate);
    }

    /**
     * Accepts certificate assertions addressed to the token endpoint under another authority host: for tests that put
     * a proxy in front of the tenant, to which MSAL4J then addresses its assertions. Entra itself accepts only the
     * token endpoint the request was sent to.
     *
     * @param authorityHost {@code https://host:port}, no trailing slash
     */
    public void addAuthorityAlias(String authorityHost) {
        assertions.addAuthorityAlias(authorityHost);
    }

    /**
     * An external OIDC issuer on the tenant's clock (issuer URL {@code https://oidc.simulated.invalid/<tenantId>/}),
     * created on first use, that plays the Kubernetes cluster (or CI system) of workload identity federation: it issues
     * the tokens a workload exchanges. Register what it may issue for with {@link #addFederatedCredential}.
     *
     * @return the issuer
     */
    public synchronized FederatedTokenIssuer federatedIssuer() {
        if (federatedIssuer == null) {
            federatedIssuer = FederatedTokenIssuer.generate("https://oidc.simulated.invalid/" + tenantId + "/", clock);
        }
        return federatedIssuer;
    }

    /**
     * Adds a federated identity credential to the application with audience {@link
     * FederatedTokenIssuer#TOKEN_EXCHANGE_AUDIENCE}: a token of {@code issuer} for {@code subject} is then accepted as
     * a client assertion.
     *
     * @param issuer  the trusted issuer (its key checks the token's signature)
     * @param subject the {@code sub} to accept, compared exactly (for Kubernetes
     *                {@code system:serviceaccount:<namespace>:<name>})
     */
    public void addFederatedCredential(FederatedTokenIssuer issuer, String subject) {
        addFederatedCredential(issuer, subject, List.of(FederatedTokenIssuer.TOKEN_EXCHANGE_AUDIENCE));
    }

    /**
     * Adds a federated identity credential to the application.
     *
     * @param issuer    the trusted issuer
     * @param subject   the {@code sub} to accept, compared exactly
     * @param audiences the accepted audiences (Entra allows one)
     */
    public void addFederatedCredential(FederatedTokenIssuer issuer, String subject, List<String> audiences) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("a federated identity credential needs an audience");
        }
        assertions.addFederatedCredential(new ClientAssertions.FederatedCredential(issuer, subject,
                List.copyOf(audiences)));
    }

    /**
     * The managed identity endpoint of App Service / Functions on plain HTTP loopback, started on first use and
     * stopped with the tenant: a process started with {@link ManagedIdentityEndpoint#environment()} signs in with
     * azure-identity's ManagedIdentityCredential and gets tokens Graph accepts. Its identities' client ids are derived
     * from the seed.
     *
     * @return the endpoint
     * @throws UncheckedIOException if it cannot bind
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized ManagedIdentityEndpoint managedIdentity() {
        if (closed) {
            throw new IllegalStateException("the tenant is closed");
        }
        if (managedIdentity == null) {
            SplittableRandom ids = new SplittableRandom(DirectoryGenerator.mix(spec.seed(), 0x4D5349L, 0));
            try {
                managedIdentity = new ManagedIdentityEndpoint(IdTable.randomGuid(ids), IdTable.randomGuid(ids),
                        graphEndpoint(), tenantId, clock, settings, tokens, faults, journal);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the managed identity endpoint", e);
            }
        }
        return managedIdentity;
    }

    /**
     * The access tokens issued so far (the last {@value AccessTokens#GRANTS_KEPT}), oldest first, with the credential
     * each sign-in used.
     *
     * @return the grants
     */
    public List<TokenGrant> tokenGrants() {
        return tokens.grants();
    }

    /**
     * The spec the directory was generated from.
     *
     * @return the spec
     */
    public TenantSpec spec() {
        return spec;
    }

    /**
     * How long generating the directory took.
     *
     * @return the duration
     */
    public Duration generationTime() {
        return generationTime;
    }

    /**
     * An SSL context that trusts only this tenant's certificate, for {@code java.net.http.HttpClient},
     * OkHttp and the like.
     *
     * @return the context
     */
    public SSLContext sslContext() {
        return cloud.sslContext();
    }

    /**
     * A trust manager that trusts only this tenant's certificate (OkHttp's {@code sslSocketFactory} wants it).
     *
     * @return the trust manager
     */
    public X509TrustManager trustManager() {
        return cloud.trustManager();
    }

    /**
     * The tenant's self-signed certificate (SAN IP 127.0.0.1 and DNS localhost).
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return cloud.certificate();
    }

    /**
     * Writes a PKCS12 trust store holding the certificate, for clients configured through
     * {@code javax.net.ssl.trustStore} / {@code trustStorePassword} / {@code trustStoreType=PKCS12}.
     *
     * @param file     where to write (parent directories are created)
     * @param password the store password
     * @throws UncheckedIOException if writing fails
     */
    public void writeTrustStore(Path file, char[] password) {
        cloud.writeTrustStore(file, password);
    }

    /**
     * The directory: read and change users, groups, devices, memberships and group owners.
     *
     * @return the directory
     */
    public EntraDirectory directory() {
        return directory;
    }

    /**
     * Fault injection and latency for this tenant's requests (for a standalone tenant, every request its server
     * receives).
     *
     * @return the injector
     */
    public FaultInjector faults() {
        return faults;
    }

    /**
     * The request journal: the requests for this tenant (for a standalone tenant, every request its server received),
     * and the connections its server accepted.
     *
     * @return the journal
     */
    public RequestJournal journal() {
        return journal;
    }

    /**
     * The tenant's clock; advance it to expire access tokens and delta tokens.
     *
     * @return the clock
     */
    public SimulatedClock clock() {
        return clock;
    }

    /**
     * Behaviour settings that may change while running.
     *
     * @return the settings
     */
    public TenantSettings settings() {
        return settings;
    }

    /**
     * Expires every delta and skip token issued so far: using one answers as configured by
     * {@link TenantSettings#expiryResponse(ExpiryResponse)}.
     */
    public void expireDeltaTokens() {
        delta.expireAll();
    }

    /**
     * Expires the delta and skip tokens issued so far for one collection only, as when Graph forgets one
     * collection's sync state: the others keep working.
     *
     * @param collection {@link RequestKind#USERS_DELTA}, {@link RequestKind#GROUPS_DELTA} or
     *                   {@link RequestKind#DEVICES_DELTA}
     * @throws IllegalArgumentException for another kind
     */
    public void expireDeltaTokens(RequestKind collection) {
        delta.expire(switch (collection) {
            case USERS_DELTA -> PropertySchema.USERS;
            case GROUPS_DELTA -> PropertySchema.GROUPS;
            case DEVICES_DELTA -> PropertySchema.DEVICES;
            default -> throw new IllegalArgumentException("not a delta collection: " + collection);
        });
    }

    /** Invalidates every access token issued so far (Graph then answers 401 until a new token is fetched). */
    public void revokeAccessTokens() {
        tokens.revokeAll();
    }

    /**
     * Stops serving the tenant (and its managed identity endpoint); the directory stays readable. A standalone tenant
     * stops its server. A tenant of a {@link SimulatedEntraCloud} leaves it: from then on its access tokens are
     * answered 401 and its token endpoint as an unknown tenant's, while the cloud serves its other tenants.
     */
    @Override
    public void close() {
        stopServing();
        if (standalone) {
            cloud.close();
        } else {
            cloud.remove(this);
        }
    }

    /** Closes the managed identity endpoint; for {@link #close()} and the cloud's close. */
    synchronized void stopServing() {
        closed = true;
        if (managedIdentity != null) {
            managedIdentity.close();
        }
    }

    @Override
    public String toString() {
        return "SimulatedEntraTenant{" + baseUrl() + ", tenant " + tenantId + ", " + spec.users() + " users, "
                + spec.groups() + " groups}";
    }

    /** Configures and starts a {@link SimulatedEntraTenant}. */
    public static final class Builder {
        private TenantSpec spec = TenantSpec.small();
        private String tenantId;
        private String clientId;
        private String clientSecret;
        private SimulatedClock clock = SimulatedClock.system();
        private final TenantSettings settings = new TenantSettings();
        private int port;
        private int threads = SimulatedEntraCloud.Builder.DEFAULT_THREADS;
        private int keepAliveConnections;
        private String serverOption;

        private Builder() {
        }

        /**
         * What to generate.
         *
         * @param spec the spec
         * @return this builder
         */
        public Builder spec(TenantSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
            return this;
        }

        /**
         * The tenant id; default a GUID derived from the seed.
         *
         * @param tenantId any string without {@code /}
         * @return this builder
         */
        public Builder tenantId(String tenantId) {
            this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
            return this;
        }

        /**
         * The client id; default a GUID derived from the seed.
         *
         * @param clientId the id
         * @return this builder
         */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /**
         * The client secret; default derived from the seed.
         *
         * @param clientSecret the secret
         * @return this builder
         */
        public Builder clientSecret(String clientSecret) {
            this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
            return this;
        }

        /**
         * The clock; default {@link SimulatedClock#system()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(SimulatedClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
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
            this.serverOption = "port";
            return this;
        }

        /**
         * Requests handled at once, as {@link SimulatedEntraCloud.Builder#threads(int)}; default
         * {@value SimulatedEntraCloud.Builder#DEFAULT_THREADS}.
         *
         * @param threads at least 1
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads: " + threads);
            }
            this.threads = threads;
            this.serverOption = "threads";
            return this;
        }

        /**
         * Makes {@link #start()} check that the JDK HTTP server of this JVM keeps at least this many idle keep-alive
         * connections, as {@link SimulatedEntraCloud.Builder#keepAliveConnections(int)}; default 0, no check.
         *
         * @param connections not negative
         * @return this builder
         */
        public Builder keepAliveConnections(int connections) {
            if (connections < 0) {
                throw new IllegalArgumentException("keepAliveConnections must not be negative: " + connections);
            }
            this.keepAliveConnections = connections;
            this.serverOption = "keepAliveConnections";
            return this;
        }

        /**
         * Adjusts the initial settings, for example {@code s -> s.tokenLifetime(Duration.ofSeconds(2))}.
         *
         * @param configure changes to apply
         * @return this builder
         */
        public Builder settings(Consumer<TenantSettings> configure) {
            configure.accept(settings);
            return this;
        }

        /**
         * Generates the directory and starts a server for this tenant alone.
         *
         * @return the running tenant
         * @throws UncheckedIOException  if the server cannot bind
         * @throws IllegalStateException if the keep-alive limit is below {@link #keepAliveConnections(int)}
         */
        public SimulatedEntraTenant start() {
            SimulatedEntraCloud server;
            try {
                server = SimulatedEntraCloud.bind(port, threads, keepAliveConnections);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the simulated Entra tenant", e);
            }
            try {
                SimulatedEntraTenant tenant = new SimulatedEntraTenant(this, server, true);
                server.register(tenant, true);
                server.serve();
                return tenant;
            } catch (RuntimeException | Error e) {
                server.close();
                throw e;
            }
        }

        /** A tenant of a cloud. */
        SimulatedEntraTenant build(SimulatedEntraCloud cloud, boolean standalone) {
            return new SimulatedEntraTenant(this, cloud, standalone);
        }

        /** Refuses server options for a tenant that joins a cloud. */
        void checkNoServerOptions() {
            if (serverOption != null) {
                throw new IllegalArgumentException(serverOption + " is an option of the cloud's server: set it on "
                        + "SimulatedEntraCloud.builder(), not on a tenant that joins a cloud");
            }
        }
    }
}
