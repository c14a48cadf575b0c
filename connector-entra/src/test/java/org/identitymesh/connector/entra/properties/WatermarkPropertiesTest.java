package org.identitymesh.connector.entra.properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.entra.imports.Watermark;
import org.identitymesh.connector.entra.graph.GraphLinks;

/**
 * A watermark comes back from a host's database, where it may have been corrupted or edited. Whatever the text,
 * decoding gives a watermark or {@link WatermarkRejectedException}, never another exception; a watermark is accepted
 * only when every link in it points at the configured Graph endpoint's delta path (checked here independently of
 * {@link GraphLinks}), so a bearer token can never be sent elsewhere; and a refusal never repeats a full delta token.
 * Forged watermarks carry a correct checksum (the checksum catches corruption, not forgery), so the link check is
 * what stands between a tampered watermark and a request.
 */
class WatermarkPropertiesTest {

    private static final String TENANT = "contoso.onmicrosoft.com";
    private static final GraphLinks LINKS = new GraphLinks("https://graph.microsoft.com/v1.0");
    private static final String TOKEN = "AQEBAgVeryLongOpaqueDeltaToken_0123456789abcdef";

    @Property(tries = 3_000)
    void anyStoredTextIsAWatermarkOrRefusedBeforeAnyRequest(@ForAll("watermarkTexts") String text) {
        Watermark watermark;
        try {
            watermark = Watermark.decode(text, TENANT, LINKS);
        } catch (WatermarkRejectedException e) {
            Statistics.label("outcome").collect("refused");
            assertFalse(e.getMessage().contains(TOKEN), e::getMessage);
            assertTrue(e.getMessage().contains("no request was sent"), e::getMessage);
            return;
        } catch (RuntimeException e) {
            fail("decoding threw " + e + " for " + text, e);
            return;
        }
        Statistics.label("outcome").collect("accepted");
        for (String resource : new String[] {"users", "groups"}) {
            watermark.cursor(resource).ifPresent(cursor -> assertTrue(pointsAtTheEndpoint(cursor.deltaLink(), resource),
                    () -> "accepted a " + resource + " link elsewhere: " + cursor.deltaLink()));
        }
        assertFalse(watermark.toString().contains("delta"), watermark::toString);
    }

    /** The link check, written from the rule rather than from {@link GraphLinks}. */
    private static boolean pointsAtTheEndpoint(String link, String resource) {
        try {
            URI uri = new URI(link);
            int port = uri.getPort() < 0 ? 443 : uri.getPort();
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                    && uri.getHost().toLowerCase(Locale.ROOT).equals("graph.microsoft.com") && port == 443
                    && uri.getRawUserInfo() == null && uri.getRawFragment() == null
                    && (uri.getRawPath().equals("/v1.0/" + resource + "/delta")
                            || uri.getRawPath().equals("/v1.0/" + resource + "/delta()"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    @Provide
    Arbitrary<String> watermarkTexts() {
        Arbitrary<String> forged = Combinators.combine(links("users"), links("groups"), Arbitraries.of(true, false),
                Arbitraries.of(TENANT, "CONTOSO.onmicrosoft.com", "fabrikam.onmicrosoft.com"))
                .as((users, groups, both, tenant) -> {
                    Map<String, Watermark.Cursor> cursors = new LinkedHashMap<>();
                    cursors.put("users", new Watermark.Cursor(users, "0123456789abcdef"));
                    if (both) {
                        cursors.put("groups", new Watermark.Cursor(groups, "fedcba9876543210"));
                    }
                    return Watermark.of(tenant, cursors).encode();
                });
        Arbitrary<String> damaged = forged.flatMap(text -> Combinators.combine(
                Arbitraries.integers().between(0, text.length() - 1), Arbitraries.chars().all())
                .as((at, c) -> text.substring(0, at) + c + text.substring(at + 1)));
        Arbitrary<String> cut = forged.flatMap(text -> Arbitraries.integers().between(0, text.length())
                .map(at -> text.substring(0, at)));
        Arbitrary<String> reshaped = JsonValues.any(1).list().ofMaxSize(8).flatMap(values -> Arbitraries.of("v", "t",
                "u", "us", "g", "gs", "c", "x").list().ofSize(values.size()).map(keys -> {
                    ObjectNode node = JsonValues.NODES.objectNode();
                    node.put("v", 1);
                    node.put("t", TENANT);
                    for (int i = 0; i < keys.size(); i++) {
                        node.set(keys.get(i), values.get(i));
                    }
                    node.remove("c");
                    node.put("c", Watermark.fingerprint(node.toString()));
                    return node.toString();
                }));
        return Arbitraries.frequencyOf(Tuple.of(5, forged), Tuple.of(2, damaged), Tuple.of(1, cut),
                Tuple.of(2, reshaped), Tuple.of(1, JsonValues.texts()),
                Tuple.of(1, Arbitraries.of("", "{}", "null", "[]", "{\"v\":1}", "x".repeat(70_000))));
    }

    /** Links to the endpoint's delta path, and near misses: other hosts, ports, schemes, paths, user info. */
    private static Arbitrary<String> links(String resource) {
        Arbitrary<String> schemes = Arbitraries.of("https", "https", "HTTPS", "http", "ftp", "");
        Arbitrary<String> hosts = Arbitraries.of("graph.microsoft.com", "graph.microsoft.com", "GRAPH.Microsoft.com",
                "graph.microsoft.com.evil.example", "evil.example", "127.0.0.1", "graph.microsoft.us",
                "graph.microsoft.com@evil.example", "evil.example@graph.microsoft.com", "evil.example#@graph.microsoft.com",
                "[::1]", "");
        Arbitrary<String> ports = Arbitraries.of("", "", ":443", ":8443", ":80", ":0", ":99999", ":");
        Arbitrary<String> paths = Arbitraries.of("/v1.0/" + resource + "/delta", "/v1.0/" + resource + "/delta",
                "/v1.0/" + resource + "/delta()", "/v1.0/users/delta", "/v1.0/groups/delta", "/beta/" + resource + "/delta",
                "/v1.0/" + resource + "/delta/../../me", "/v1.0/" + resource + "/delta%2F..", "/v1.0//" + resource
                        + "/delta", "/V1.0/" + resource + "/delta", "", "/v1.0/" + resource + "/delta/x");
        Arbitrary<String> queries = Arbitraries.of("?$deltatoken=" + TOKEN, "?$skiptoken=" + TOKEN, "",
                "?$deltatoken=" + TOKEN + "#fragment", "?$deltatoken=a b", "?%zz");
        Arbitrary<String> built = Combinators.combine(schemes, hosts, ports, paths, queries)
                .as((s, h, p, path, q) -> s + "://" + h + p + path + q);
        return Arbitraries.frequencyOf(Tuple.of(8, built), Tuple.of(1, JsonValues.texts()));
    }
}
