package org.identitymesh.connector.entra.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.entra.imports.Watermark;
import org.identitymesh.connector.entra.e2e.TenantFixture;
import org.identitymesh.connector.entra.graph.GraphLinks;
import org.identitymesh.connector.entra.reliability.Configs;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.Snapshots;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A nextLink or deltaLink Graph returns, and a link in a stored watermark, that points anywhere but the configured
 * Graph endpoint's path is refused before a request is sent: no connection reaches the place it points to (a
 * {@link Tripwire} port counts them), no request reaches the endpoint with an unexpected path, and a refused
 * deltaLink never becomes a watermark. The links are planted by the recording proxy in front of the tenant.
 */
class LinksElsewhereAreRefusedTest {

    private static final Pattern NEXT_LINK = Pattern.compile("(\"@odata\\.nextLink\"\\s*:\\s*\")([^\"?]*)(\\?[^\"]*)?\"");
    private static final Pattern DELTA_LINK = Pattern.compile("(\"@odata\\.deltaLink\"\\s*:\\s*\")([^\"?]*)(\\?[^\"]*)?\"");

    private static TenantFixture fixture;
    private static RecordingProxy proxy;
    private static Tripwire tripwire;
    private static Path trustStore;

    @BeforeAll
    static void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().seed(11).users(40).groups(6).memberships(120).largeGroups(1)
                .largeGroupSize(25).build(), s -> s.memberSliceSize(10));
        proxy = new RecordingProxy(fixture.tenant().baseUrl(), fixture.tenant().sslContext());
        tripwire = new Tripwire();
        trustStore = Files.createTempFile("proxy-trust", ".p12");
        proxy.writeTrustStore(trustStore, "trust-pw".toCharArray(), List.of(fixture.tenant().certificate()));
    }

    @AfterAll
    static void stop() throws Exception {
        tripwire.close();
        proxy.close();
        fixture.close();
        Files.deleteIfExists(trustStore);
    }

    @AfterEach
    void stopRewriting() {
        proxy.rewrite(text -> text);
    }

    private static Connector connector(String extra) {
        String config = Configs.with(fixture.configJson(""), "\"GraphEndpoint\":\"" + proxy.baseUrl()
                + "\",\"AuthorityHost\":\"" + proxy.baseUrl() + "\",\"TrustStorePath\":"
                + new com.fasterxml.jackson.databind.node.TextNode(trustStore.toString())
                + ",\"PageSize\":10,\"MaxRetries\":1,\"RetryDelaySeconds\":0.01" + (extra.isEmpty() ? "" : "," + extra));
        return ConnectorProviders.discover().require("EntraId").create(ConnectorConfiguration.of(config,
                fixture.authJson(), fixture.resolver()));
    }

    /** Where a planted link points, given the proxy's origin: a name and the link without its query. */
    static Stream<Arguments> elsewhere() {
        Map<String, String> places = new LinkedHashMap<>();
        places.put("another port on loopback", "https://127.0.0.1:{tripwire}/v1.0/{resource}/delta");
        places.put("plain http to the endpoint's own host and port", "http://{origin}/v1.0/{resource}/delta");
        places.put("another host", "https://graph.microsoft.com.evil.invalid/v1.0/{resource}/delta");
        places.put("user info hiding another port", "https://{origin}@127.0.0.1:{tripwire}/v1.0/{resource}/delta");
        places.put("another path on the endpoint", "https://{origin}/v1.0/me/{resource}");
        places.put("another API version on the endpoint", "https://{origin}/beta/{resource}/delta");
        places.put("a relative link", "/v1.0/{resource}/delta");
        return places.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    private static String place(String template, String resource) {
        return template.replace("{tripwire}", String.valueOf(tripwire.port()))
                .replace("{origin}", proxy.baseUrl().substring("https://".length())).replace("{resource}", resource);
    }

    @ParameterizedTest(name = "a nextLink to {0}")
    @MethodSource("elsewhere")
    void aNextLinkElsewhereIsNotFollowed(String name, String template) {
        refusedMidRound(NEXT_LINK, place(template, "users"), "nextLink");
    }

    @ParameterizedTest(name = "a deltaLink to {0}")
    @MethodSource("elsewhere")
    void aDeltaLinkElsewhereNeverBecomesAWatermark(String name, String template) {
        refusedMidRound(DELTA_LINK, place(template, "groups"), "deltaLink");
    }

    private void refusedMidRound(Pattern link, String planted, String kind) {
        HostReplica host = new HostReplica(new EntraIdProvider().descriptor());
        try (Connector connector = connector("")) {
            String watermark = host.runImport(connector, ImportRequest.full()).watermark();
            var dir = fixture.tenant().directory();
            // more changed users than fit on a page, so that the delta round has a nextLink
            dir.users().limit(25).map(u -> u.id()).toList()
                    .forEach(id -> dir.updateUser(id, Map.of("jobTitle", "Title " + System.nanoTime())));
            int connections = tripwire.connections();
            List<String> pathsBefore = List.copyOf(proxy.paths());
            proxy.rewrite(body -> plant(link, body, planted));
            TransientConnectorException e = assertThrows(TransientConnectorException.class,
                    () -> host.runImport(connector, ImportRequest.delta(watermark)));
            assertTrue(e.getMessage().contains("it was not followed and no token was sent there"), e.getMessage());
            assertTrue(e.getMessage().contains(kind), e.getMessage());
            proxy.linkTokens().stream().filter(t -> t.length() > 6)
                    .forEach(t -> assertFalse(e.getMessage().contains(t), "a full token in " + e.getMessage()));
            assertEquals(connections, tripwire.connections(), "a connection reached the planted link's port");
            assertEquals(pathsBefore.stream().sorted().toList(), proxy.paths().stream().sorted().toList(),
                    "a request with another path reached the endpoint");

            proxy.rewrite(text -> text);
            host.runImport(connector, ImportRequest.delta(watermark));
            assertEquals(List.of(), Snapshots.differences(fixture.expectedSnapshot(false), host.snapshot()));
        }
    }

    /** Replaces the first link of a kind in a body, keeping its query (the real skip or delta token). */
    private static String plant(Pattern link, String body, String planted) {
        Matcher m = link.matcher(body);
        if (!m.find()) {
            return body;
        }
        String query = m.group(3) == null ? "" : m.group(3);
        return body.substring(0, m.start()) + m.group(1) + planted + query + "\"" + body.substring(m.end());
    }

    @ParameterizedTest(name = "a watermark whose link points to {0}")
    @MethodSource("elsewhere")
    void aWatermarkPointingElsewhereIsRefusedBeforeAnyRequest(String name, String template) {
        HostReplica host = new HostReplica(new EntraIdProvider().descriptor());
        try (Connector connector = connector("")) {
            ImportResult first = host.runImport(connector, ImportRequest.full());
            GraphLinks links = new GraphLinks(proxy.baseUrl() + "/v1.0");
            Watermark real = Watermark.decode(first.watermark(), fixture.tenant().tenantId(), links);
            for (String resource : List.of("users", "groups")) {
                String realLink = real.cursor(resource).orElseThrow().deltaLink();
                Map<String, Watermark.Cursor> cursors = new LinkedHashMap<>();
                for (String other : List.of("users", "groups")) {
                    cursors.put(other, real.cursor(other).orElseThrow());
                }
                String query = realLink.substring(realLink.indexOf('?'));
                cursors.put(resource, new Watermark.Cursor(place(template, resource) + query,
                        real.cursor(resource).orElseThrow().fingerprint()));
                // the checksum is right: only the link check stands between this watermark and a request
                String forged = Watermark.of(fixture.tenant().tenantId(), cursors).encode();
                long requests = proxy.requests();
                long tenantRequests = fixture.tenant().journal().count(RequestKind.ANY);
                int connections = tripwire.connections();
                WatermarkRejectedException e = assertThrows(WatermarkRejectedException.class,
                        () -> connector.importChanges(ImportRequest.delta(forged), r -> { }));
                assertTrue(e.getMessage().contains("no request was sent"), e.getMessage());
                assertFalse(e.getMessage().contains(query.substring(query.indexOf('=') + 1)), e.getMessage());
                assertEquals(requests, proxy.requests());
                assertEquals(tenantRequests, fixture.tenant().journal().count(RequestKind.ANY));
                assertEquals(connections, tripwire.connections());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aMembersNextLinkElsewhereIsNotFollowed() {
        HostReplica host = new HostReplica(new EntraIdProvider().descriptor());
        try (Connector connector = connector("\"GroupSelectionFilter\":\"displayName ne '~'\"")) {
            String watermark = host.runImport(connector, ImportRequest.full()).watermark();
            var dir = fixture.tenant().directory();
            String group = dir.groups().filter(g -> dir.members(g.id()).size() > 12).findFirst().orElseThrow().id();
            dir.updateGroup(group, Map.of("displayName", "Renamed to be read in full"));
            int connections = tripwire.connections();
            // a member page of 999 holds every member here, so plant a nextLink into the first members page
            proxy.rewrite(body -> body.contains("\"value\"") && !body.contains("@odata.deltaLink")
                    && !body.contains("@odata.nextLink") && body.contains("#microsoft.graph")
                    ? body.replaceFirst("\\{", "{\"@odata.nextLink\":\"https://127.0.0.1:" + tripwire.port()
                            + "/v1.0/groups/" + group + "/members?\\$skiptoken=planted\",") : body);
            TransientConnectorException e = assertThrows(TransientConnectorException.class,
                    () -> host.runImport(connector, ImportRequest.delta(watermark)));
            assertTrue(e.getMessage().contains("not followed"), e.getMessage());
            assertEquals(connections, tripwire.connections());
        }
    }
}
