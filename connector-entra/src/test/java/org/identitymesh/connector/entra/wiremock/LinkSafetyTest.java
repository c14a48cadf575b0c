package org.identitymesh.connector.entra.wiremock;

import static org.identitymesh.connector.entra.wiremock.Pages.last;
import static org.identitymesh.connector.entra.wiremock.Pages.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.entra.imports.Watermark;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Links the connector must not follow: a tampered or re-pointed watermark is refused before any request (not even
 * a token request), and a nextLink or deltaLink to another origin is not followed, so no bearer token leaves.
 */
class LinkSafetyTest {

    @RegisterExtension
    static final WireMockGraph graph = new WireMockGraph();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Recorder host = new Recorder();
    private String watermark;

    /** A real watermark, from an import by another connector; then a clean journal. */
    @BeforeEach
    void realWatermark() {
        graph.page(graph.initial("users"), last(graph.link("/users/delta?$deltatoken=users-d1"), "{'id':'u1'}"));
        graph.page(graph.initial("groups"), last(graph.link("/groups/delta?$deltatoken=groups-d1"), "{'id':'g1'}"));
        try (Connector connector = graph.connector("")) {
            watermark = host.run(connector, ImportRequest.full()).watermark();
        }
        graph.server().resetRequests();
    }

    /** The watermark with its users link changed and, as a forger would, its checksum recomputed. */
    private String resigned(UnaryOperator<String> usersLink) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(watermark);
        node.put("u", usersLink.apply(node.get("u").asText()));
        node.remove("c");
        node.put("c", Watermark.fingerprint(node.toString()));
        return node.toString();
    }

    private void refusedWithoutAnyRequest(String forged) {
        try (Connector fresh = graph.connector("")) {
            host.fail(WatermarkRejectedException.class, fresh, ImportRequest.delta(forged));
        }
        assertEquals(0, graph.allRequests(), "no request of any kind, not even for a token");
    }

    @Test
    void theSameLinksReSignedAreAccepted() throws Exception {
        String resigned = resigned(link -> link);
        assertEquals(watermark, resigned, "the forging helper reproduces the connector's checksum");
        graph.page(graph.at(graph.link("/users/delta?$deltatoken=users-d1")),
                last(graph.link("/users/delta?$deltatoken=users-d2")));
        graph.page(graph.at(graph.link("/groups/delta?$deltatoken=groups-d1")),
                last(graph.link("/groups/delta?$deltatoken=groups-d2")));
        try (Connector connector = graph.connector("")) {
            host.run(connector, ImportRequest.delta(resigned));
        }
    }

    @Test
    void aWatermarkWithOneCharacterChangedIsRefusedBeforeAnyRequest() {
        refusedWithoutAnyRequest(watermark.replace("users-d1", "users-d2"));
    }

    @Test
    void aWatermarkOfAnotherTenantIsRefusedBeforeAnyRequest() throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(watermark);
        node.put("t", "00000000-0000-4000-8000-000000000000");
        node.remove("c");
        node.put("c", Watermark.fingerprint(node.toString()));
        refusedWithoutAnyRequest(node.toString());
    }

    static Stream<Arguments> repointedLinks() {
        return Stream.of(
                Arguments.of("another host", (UnaryOperator<String>) l -> l.replace("127.0.0.1", "graph.evil.example")),
                Arguments.of("localhost for 127.0.0.1", (UnaryOperator<String>) l -> l.replace("127.0.0.1", "localhost")),
                Arguments.of("another port", (UnaryOperator<String>) l -> l.replaceFirst(":(\\d+)/",
                        ":" + (Integer.parseInt(l.replaceAll(".*:(\\d+)/.*", "$1")) + 1) + "/")),
                Arguments.of("plain http", (UnaryOperator<String>) l -> l.replace("https://", "http://")),
                Arguments.of("user info", (UnaryOperator<String>) l -> l.replace("https://", "https://eve@")),
                Arguments.of("the groups path", (UnaryOperator<String>) l -> l.replace("/users/delta", "/groups/delta")),
                Arguments.of("a dot-dot path", (UnaryOperator<String>) l -> l.replace("/users/delta", "/users/delta/../../me")),
                Arguments.of("the beta path", (UnaryOperator<String>) l -> l.replace("/v1.0/", "/beta/")),
                Arguments.of("a fragment", (UnaryOperator<String>) l -> l + "#x"),
                Arguments.of("not a URL", (UnaryOperator<String>) l -> "users-d1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repointedLinks")
    void aReSignedWatermarkPointingElsewhereIsRefusedBeforeAnyRequest(String name, UnaryOperator<String> change)
            throws Exception {
        String forged = resigned(change);
        assertFalse(forged.equals(watermark));
        refusedWithoutAnyRequest(forged);
    }

    @Test
    void aNextLinkToAnotherServerIsNotFollowedAndNoTokenLeaves() {
        WireMockServer other = graph.anotherServer();
        try {
            String elsewhere = "https://127.0.0.1:" + other.httpsPort() + "/v1.0/users/delta?$skiptoken=p2";
            graph.server().resetAll();
            graph.stubToken(3599);
            graph.page(graph.initial("users"), next(elsewhere, "{'id':'u1'}"));
            try (Connector connector = graph.connector("\"ImportGroups\":false")) {
                host.fail(TransientConnectorException.class, connector, ImportRequest.full());
            }
            assertEquals(0, other.getAllServeEvents().size(), "the other server received nothing");
            assertEquals(1, graph.graphRequests().size());
        } finally {
            other.stop();
        }
    }

    @Test
    void aDeltaLinkToAnotherHostIsNotStored() {
        graph.server().resetAll();
        graph.stubToken(3599);
        graph.page(graph.initial("users"), last("https://localhost:" + graph.server().httpsPort()
                + "/v1.0/users/delta?$deltatoken=d", "{'id':'u1'}"));
        try (Connector connector = graph.connector("\"ImportGroups\":false")) {
            host.fail(TransientConnectorException.class, connector, ImportRequest.full());
        }
        assertEquals(1, graph.graphRequests().size());
    }

    @Test
    void aNextLinkThatDowngradesToHttpIsNotFollowed() {
        graph.server().resetAll();
        graph.stubToken(3599);
        graph.page(graph.initial("users"), next(graph.link("/users/delta?$skiptoken=p2").replace("https:", "http:"),
                "{'id':'u1'}"));
        try (Connector connector = graph.connector("\"ImportGroups\":false")) {
            host.fail(TransientConnectorException.class, connector, ImportRequest.full());
        }
        assertEquals(1, graph.graphRequests().size());
    }

    @Test
    void aNextLinkOutsideTheDeltaPathIsNotFollowed() {
        graph.server().resetAll();
        graph.stubToken(3599);
        graph.page(graph.initial("users"), next(graph.link("/me/messages?$skiptoken=p2"), "{'id':'u1'}"));
        try (Connector connector = graph.connector("\"ImportGroups\":false")) {
            host.fail(TransientConnectorException.class, connector, ImportRequest.full());
        }
        assertEquals(1, graph.graphRequests().size());
    }
}
