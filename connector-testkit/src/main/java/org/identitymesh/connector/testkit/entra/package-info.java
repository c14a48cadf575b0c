/**
 * A simulated Microsoft Entra tenant for tests and benchmarks: {@link
 * org.identitymesh.connector.testkit.entra.SimulatedEntraTenant} serves the client-credentials token endpoint and
 * Microsoft Graph v1.0 {@code /users/delta}, {@code /groups/delta}, {@code /devices/delta},
 * {@code /groups/{id}/members}, {@code /groups/{id}/owners} and {@code $batch} over loopback HTTPS, from a deterministic generated directory ({@link
 * org.identitymesh.connector.testkit.entra.TenantSpec}) that tests change through {@link
 * org.identitymesh.connector.testkit.entra.EntraDirectory}, with {@link
 * org.identitymesh.connector.testkit.entra.FaultInjector fault injection} and a {@link
 * org.identitymesh.connector.testkit.entra.RequestJournal request journal}.
 *
 * <h2>Endpoints</h2>
 * All under {@code https://127.0.0.1:PORT} ({@code baseUrl()}, which is both the authority host and the Graph
 * endpoint, for every tenant of the server):
 * <ul>
 *   <li>{@code POST /{tenantId}/oauth2/v2.0/token} (form {@code client_id}, {@code client_secret} or
 *       {@code client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer} with a
 *       {@code client_assertion}, {@code grant_type=client_credentials}, {@code scope} = one {@code .../.default}
 *       scope; MSAL's {@code openid profile offline_access} are ignored). The tenant's domain works in place of its
 *       id.</li>
 *   <li>{@code GET /{tenantId}/v2.0/.well-known/openid-configuration}, {@code /common/discovery/instance},
 *       {@code /{tenantId}/discovery/v2.0/keys}.</li>
 *   <li>{@code GET /v1.0/users/delta}, {@code /v1.0/groups/delta} and {@code /v1.0/devices/delta} (also spelled
 *       {@code delta()}):
 *       {@code $select}, {@code $deltatoken=latest}, {@code Prefer: odata.maxpagesize=N} and
 *       {@code return=minimal}; nextLinks {@code .../delta?$skiptoken=T}, deltaLinks {@code .../delta?$deltatoken=T}.</li>
 *   <li>{@code GET /v1.0/groups/{id}/members} and {@code /owners} with {@code $top} (1..999, default 100),
 *       {@code $select} and {@code $skiptoken} nextLinks.</li>
 *   <li>{@code GET /v1.0/users/{id}}, {@code /groups/{id}} and {@code /devices/{id}} with {@code $select}.</li>
 *   <li>{@code POST /v1.0/$batch} with up to 20 GET items with relative URLs.</li>
 * </ul>
 * On request, {@link org.identitymesh.connector.testkit.entra.SimulatedEntraTenant#managedIdentity()} also serves the
 * App Service managed identity endpoint over plain HTTP on another loopback port: {@code GET /msi/token} with
 * {@code api-version=2019-08-01}, {@code resource} and optional {@code client_id}, and header
 * {@code X-IDENTITY-HEADER}.
 * Graph requests need {@code Authorization: Bearer <token>} from the token endpoint.
 *
 * <h2>Several tenants, one server</h2>
 * {@link org.identitymesh.connector.testkit.entra.SimulatedEntraCloud} serves any number of tenants behind one
 * server, as Microsoft's cloud does: token and metadata requests find their tenant by the id (or a domain only that
 * tenant has) in the path, Graph requests by the {@code tid} of their access token, which must be one that tenant
 * issued (else 401 {@code InvalidAuthenticationToken}). Each tenant has its own directory, credentials, clock,
 * settings, faults and journal; the cloud's journal and faults cover them all. A tenant started alone is the only
 * tenant of a server of its own, which also answers the requests no tenant can be told for.
 *
 * <h2>Connections</h2>
 * Connections are kept alive between requests; the server counts those it accepts ({@link
 * org.identitymesh.connector.testkit.entra.RequestJournal#connectionsOpened()}). The JDK server's JVM-wide limits
 * (idle connections, idle interval) are raised before the first server starts, unless the host set them; see {@link
 * org.identitymesh.connector.testkit.entra.SimulatedEntraCloud}.
 *
 * <h2>Client assertions</h2>
 * A certificate assertion (header {@code x5t} or {@code x5t#S256}, in base64url or, as MSAL4J sends it, padded
 * base64) must be signed RS256 or PS256 with the key of a certificate registered with {@link
 * org.identitymesh.connector.testkit.entra.SimulatedEntraTenant#registerCertificate()} and valid by the tenant's
 * clock; {@code iss} and {@code sub} are the client id, {@code aud} is the one token endpoint URL the request went
 * to, {@code exp} is required, {@code nbf} optional (both with five minutes of skew), {@code jti} required. Any
 * other assertion is a federated token: its {@code iss}, {@code sub} and one {@code aud} must match a credential
 * added with {@link
 * org.identitymesh.connector.testkit.entra.SimulatedEntraTenant#addFederatedCredential(FederatedTokenIssuer, String)},
 * its signature the issuer's key. Refusals: 401 {@code invalid_client} AADSTS700027 (certificate not registered or
 * expired, signature wrong), 700021 ({@code iss}/{@code sub}), 700023 ({@code aud}), 5002741 (several audiences),
 * 700211 / 700213 / 700212 (no federated credential for the issuer / subject / audience); 400 {@code invalid_client}
 * AADSTS700024 (outside {@code nbf}..{@code exp}), 50027 (malformed, no {@code exp} or {@code jti}), 5002738 (an
 * algorithm other than RS256 and PS256). {@link
 * org.identitymesh.connector.testkit.entra.SimulatedEntraTenant#tokenGrants()} tells which credential each issued
 * token was granted for.
 *
 * <h2>Tokens and links</h2>
 * Access tokens are JWT-shaped but opaque (random id, meaningless signature), checked by lookup, valid for
 * {@link org.identitymesh.connector.testkit.entra.TenantSettings#tokenLifetime()} by the tenant's {@link
 * org.identitymesh.connector.testkit.entra.SimulatedClock clock}. Skip and delta tokens are base64url of a binary
 * cursor (collection, round, position, {@code $select}, issue time) plus an HMAC with a per-tenant random key:
 * opaque, tamper-evident, and only valid on the tenant that issued them. Links are absolute and must be used
 * verbatim: adding {@code $select} to a link is a 400. {@code Prefer} headers are per request, as in Graph.
 *
 * <h2>Delta semantics</h2>
 * An initial round lists every existing object in id order; a delta round lists each object changed since the
 * round's start once (or twice, with {@link
 * org.identitymesh.connector.testkit.entra.TenantSettings#duplicateEvery(int)}), in change order, with its
 * current state. Changes made while a round is paged come (again) in the next round: delivery is at least once.
 * A property never set is omitted and a cleared one is {@code null}. Removed objects come as
 * {@code {"id", "@removed": {"reason": "changed" | "deleted"}}}. Selecting {@code members} adds
 * {@code members@delta} (slices of at most {@link
 * org.identitymesh.connector.testkit.entra.TenantSettings#memberSliceSize()} links; a split group ends its page
 * and reappears on the next); selecting {@code owners} on groups adds {@code owners@delta} (whole, on a group's
 * first appearance in a round); selecting {@code manager} adds {@code manager@delta}, where a removed manager
 * is a link with {@code "@removed": {"reason": "deleted"}}. A deleted device is always
 * {@code "reason": "deleted"}: Entra keeps no deleted devices. Delta links expire after {@link
 * org.identitymesh.connector.testkit.entra.TenantSettings#deltaIdleTimeout()} (400 {@code syncStateNotFound}
 * or 410 {@code resyncRequired}).
 *
 * <h2>Not simulated</h2>
 * {@code $filter} (including {@code id eq}), {@code $expand}, {@code $top}, {@code $orderby}, {@code $search} and
 * {@code $count} on delta are rejected with 400 {@code Request_UnsupportedQuery}; other Graph resources
 * ({@code /users}, {@code /organization}, ...) answer 400; {@code $batch} items other than
 * GET answer 405; the managed identity endpoints of VMs (IMDS), Azure Arc, Cloud Shell and Service Fabric, throttling
 * by quota and replication lag are not simulated (inject faults instead); Entra's replay and key-discovery rules for
 * assertions are not either. HTTP header names come back capitalised by the JDK server
 * ({@code Client-request-id}); header names are case-insensitive, but MSAL4J logs that it did not find the
 * correlation id it sent.
 */
package org.identitymesh.connector.testkit.entra;
