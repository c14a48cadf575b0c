package org.identitymesh.connector.entra.wiremock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.identitymesh.connector.entra.wiremock.Pages.last;
import static org.identitymesh.connector.entra.wiremock.Pages.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.util.List;
import java.util.stream.Stream;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.TransientConnectorException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Responses that are cut, malformed, not JSON or not there at all: retried; when they persist, the import fails
 * with TransientConnectorException and returns no watermark, and what was delivered stays delivered.
 */
class BrokenResponsesTest {

    @RegisterExtension
    static final WireMockGraph graph = new WireMockGraph();

    private static final String USERS_ONLY = "\"ImportGroups\":false";

    private final Recorder host = new Recorder();

    static Stream<Arguments> brokenAnswers() {
        return Stream.of(
                Arguments.of("truncated JSON", okJson("{\"@odata.deltaLink\":\"x\",\"value\":[{\"id\":\"u9\",\"displ")),
                Arguments.of("a page with neither link", okJson("{\"value\":[{\"id\":\"u9\"}]}")),
                Arguments.of("an HTML page with 200", aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                        .withBody("<html><body>Sign in to the proxy</body></html>")),
                Arguments.of("text/plain 503", aResponse().withStatus(503).withHeader("Content-Type", "text/plain")
                        .withBody("Service Unavailable")),
                Arguments.of("empty 500", aResponse().withStatus(500)),
                Arguments.of("empty 502", aResponse().withStatus(502)),
                Arguments.of("connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
                Arguments.of("random data, then close", aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)),
                Arguments.of("malformed chunk", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)),
                Arguments.of("empty response", aResponse().withFault(Fault.EMPTY_RESPONSE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenAnswers")
    void aBrokenAnswerIsRetried(String name, ResponseDefinitionBuilder broken) {
        String second = graph.link("/users/delta?$skiptoken=p2");
        graph.page(graph.initial("users"), next(second, "{'id':'u1'}"));
        graph.respond(graph.at(second), broken, okJson(last(graph.link("/users/delta?$deltatoken=d"), "{'id':'u2'}")));
        try (Connector connector = graph.connector(USERS_ONLY)) {
            ImportResult result = host.run(connector, ImportRequest.full());
            assertEquals(1, result.type("User").orElseThrow().retries(), host.retries.toString());
            assertEquals(List.of("u1", "u2"), host.records.stream().map(r -> r.externalId()).toList(),
                    "nothing of the broken answer was delivered, nothing before it twice");
            assertEquals(3, graph.graphRequests().size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenAnswers")
    void aPersistentlyBrokenAnswerFailsWithoutAWatermarkAndKeepsWhatWasDelivered(String name,
            ResponseDefinitionBuilder broken) {
        String second = graph.link("/users/delta?$skiptoken=RFNUMi1wYWdlMi1vcGFxdWUtdG9rZW4");
        graph.page(graph.initial("users"), next(second, "{'id':'u1'}", "{'id':'u2'}"));
        graph.respond(graph.at(second), broken);
        try (Connector connector = graph.connector(USERS_ONLY + ",\"MaxRetries\":2")) {
            TransientConnectorException e = host.fail(TransientConnectorException.class, connector,
                    ImportRequest.full());
            assertEquals(4, graph.graphRequests().size(), "the first page, then the broken one three times");
            assertEquals(List.of("u1", "u2"), List.copyOf(host.replica.objects("User").keySet()));
            assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
            assertFalse(e.getMessage().contains("RFNUMi1wYWdlMi1vcGFxdWUtdG9rZW4"),
                    "links are shortened in messages: " + e.getMessage());
        }
    }
}
