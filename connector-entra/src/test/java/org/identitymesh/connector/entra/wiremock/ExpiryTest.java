package org.identitymesh.connector.entra.wiremock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.identitymesh.connector.entra.wiremock.Pages.last;
import static org.identitymesh.connector.entra.wiremock.WireMockGraph.graphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.stream.Stream;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.api.ResyncRequiredException;
import org.identitymesh.connector.api.TransientConnectorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A stored deltaLink Graph no longer knows: a full round flagged DELTA_EXPIRED, or ResyncRequiredException. */
class ExpiryTest {

    @RegisterExtension
    static final WireMockGraph graph = new WireMockGraph();

    private final Recorder host = new Recorder();

    static Stream<Arguments> expiryAnswers() {
        return Stream.of(
                Arguments.of("400 syncStateNotFound", graphError(400, "syncStateNotFound", "rid-expired")),
                Arguments.of("400 syncstatenotfound", graphError(400, "syncstatenotfound", "rid-expired")),
                Arguments.of("410 resyncRequired", graphError(410, "resyncRequired", "rid-expired")
                        .withHeader("Location", "https://127.0.0.1/elsewhere")),
                Arguments.of("404 resyncRequired", graphError(404, "resyncRequired", "rid-expired")),
                Arguments.of("410 without a body", aResponse().withStatus(410).withHeader("request-id", "rid-expired")));
    }

    /** A first round of u1, u2 ending in d1; the deltaLink d1 answers {@code expired}; a second full round of u1. */
    private String expireAfterFirstRound(ResponseDefinitionBuilder expired) {
        String d1 = graph.link("/users/delta?$deltatoken=d1");
        graph.respond(graph.initial("users"), okJson(last(d1, "{'id':'u1','displayName':'A'}",
                "{'id':'u2','displayName':'B'}")), okJson(last(graph.link("/users/delta?$deltatoken=fresh"),
                "{'id':'u1','displayName':'A'}")));
        graph.respond(graph.at(d1), expired);
        return d1;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expiryAnswers")
    void anExpiredDeltaLinkIsReplacedByAFullRoundWithResync(String name, ResponseDefinitionBuilder expired)
            throws Exception {
        expireAfterFirstRound(expired);
        try (Connector connector = graph.connector("\"ImportGroups\":false")) {
            ImportResult first = host.run(connector, ImportRequest.full());
            ImportResult resynced = host.run(connector, ImportRequest.delta(first.watermark()));
            ImportResult.TypeResult users = resynced.type("User").orElseThrow();
            assertEquals(FullRoundReason.DELTA_EXPIRED, users.fullRoundReason());
            assertTrue(users.completeSnapshot());
            List<LoggedRequest> requests = graph.deltaRequests("users");
            assertEquals(3, requests.size(), "initial, then the expired link once (not retried), then initial again");
            assertEquals(requests.get(0).getUrl(), requests.get(2).getUrl(), "the resync starts where a first run does");
            assertEquals(List.of("u1"), List.copyOf(host.replica.objects("User").keySet()),
                    "the resync is a snapshot: u2, gone meanwhile, is removed");
            assertEquals(graph.link("/users/delta?$deltatoken=fresh"),
                    PagingTest.watermarkLink(resynced.watermark(), "u"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expiryAnswers")
    void anExpiredDeltaLinkFailsWithResyncRequiredWhenConfiguredToFail(String name, ResponseDefinitionBuilder expired) {
        expireAfterFirstRound(expired);
        try (Connector connector = graph.connector("\"ImportGroups\":false,\"OnExpiredDelta\":\"Fail\"")) {
            ImportResult first = host.run(connector, ImportRequest.full());
            ResyncRequiredException e = host.fail(ResyncRequiredException.class, connector,
                    ImportRequest.delta(first.watermark()));
            assertEquals("User", e.objectType());
            assertEquals("rid-expired", e.diagnosticId().orElseThrow());
            assertEquals(2, graph.deltaRequests("users").size(), "no full round was started");
            assertEquals(List.of(), host.records);
        }
    }

    @Test
    void anExpiredGroupsLinkResyncsGroupsOnly() {
        String users1 = graph.link("/users/delta?$deltatoken=u1");
        graph.page(graph.initial("users"), last(users1, "{'id':'u1'}"));
        graph.page(graph.at(users1), last(graph.link("/users/delta?$deltatoken=u2"), "{'id':'u1','jobTitle':'X'}"));
        String groups1 = graph.link("/groups/delta?$deltatoken=g1");
        graph.page(graph.initial("groups"), last(groups1, "{'id':'g1','displayName':'G','members@delta':["
                + "{'@odata.type':'#microsoft.graph.user','id':'u1'}]}"));
        graph.respond(graph.at(groups1), graphError(410, "resyncRequired", "rid-g"));
        try (Connector connector = graph.connector("")) {
            ImportResult first = host.run(connector, ImportRequest.full());
            ImportResult second = host.run(connector, ImportRequest.delta(first.watermark()));
            assertTrue(second.type("User").orElseThrow().fullRound().isEmpty(), second.toString());
            assertEquals(FullRoundReason.DELTA_EXPIRED, second.type("Group").orElseThrow().fullRoundReason());
            assertEquals(FullRoundReason.DELTA_EXPIRED, second.type("GroupMember").orElseThrow().fullRoundReason());
            assertEquals(List.of("g1:u1"), List.copyOf(host.replica.objects("GroupMember").keySet()));
        }
    }

    @Test
    void aResyncThatIsRefusedAsExpiredAgainFailsWithATransientConnectorException() {
        String d1 = graph.link("/users/delta?$deltatoken=d1");
        graph.respond(graph.initial("users"), okJson(last(d1, "{'id':'u1'}")),
                graphError(410, "resyncRequired", "rid-again"));
        graph.respond(graph.at(d1), graphError(410, "resyncRequired", "rid-first"));
        try (Connector connector = graph.connector("\"ImportGroups\":false")) {
            ImportResult first = host.run(connector, ImportRequest.delta(null));
            TransientConnectorException e = host.fail(TransientConnectorException.class, connector,
                    ImportRequest.delta(first.watermark()));
            assertEquals("rid-again", e.diagnosticId().orElseThrow());
        }
    }

    @Test
    void aResyncRequiredInTheMiddleOfEveryFullRoundFailsWithATransientConnectorException() {
        String second = graph.link("/users/delta?$skiptoken=p2");
        graph.page(graph.initial("users"), Pages.next(second, "{'id':'u1'}"));
        graph.respond(graph.at(second), graphError(410, "resyncRequired", "rid-mid"));
        try (Connector connector = graph.connector("\"ImportGroups\":false")) {
            host.fail(TransientConnectorException.class, connector, ImportRequest.full());
            assertTrue(host.replica.object("User", "u1").isPresent(), "what was delivered stays delivered");
        }
    }

    /**
     * A full round's own skip token can expire too (Graph keeps it for a limited time). OnExpiredDelta is about
     * replacing a delta by a full round, so under either policy a full round that has delivered nothing yet (here its
     * first page was empty) starts again, keeping its reason.
     */
    @ParameterizedTest(name = "OnExpiredDelta {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Resync", "Fail"})
    void aFullRoundWhoseOwnNextLinkExpiresBeforeAnyRecordStartsAgainWithItsReason(String policy) {
        String second = graph.link("/users/delta?$skiptoken=p2");
        graph.page(graph.initial("users"), Pages.next(second));
        graph.respond(graph.at(second), graphError(400, "syncStateNotFound", "rid-mid"),
                okJson(last(graph.link("/users/delta?$deltatoken=d"), "{'id':'u2'}")));
        try (Connector connector = graph.connector("\"ImportGroups\":false,\"OnExpiredDelta\":\"" + policy + "\"")) {
            ImportResult result = host.run(connector, ImportRequest.full());
            ImportResult.TypeResult users = result.type("User").orElseThrow();
            assertTrue(users.completeSnapshot());
            assertEquals(FullRoundReason.REQUESTED, users.fullRoundReason(), "the round is still the one requested");
            assertEquals(2, graph.deltaRequests("users").stream().filter(r -> r.getUrl().contains("$select")).count(),
                    "the round started again from the beginning");
            assertTrue(host.replica.object("User", "u2").isPresent());
        }
    }

    /**
     * Once a round has delivered records, starting it over within the import could keep an object deleted in between
     * (see ResumableImportTest): the import stops with a TransientConnectorException and no watermark, whatever the
     * policy, and what was delivered stays delivered.
     */
    @ParameterizedTest(name = "OnExpiredDelta {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Resync", "Fail"})
    void aFullRoundWhoseOwnNextLinkExpiresAfterRecordsStopsTheImport(String policy) {
        String second = graph.link("/users/delta?$skiptoken=p2");
        graph.page(graph.initial("users"), Pages.next(second, "{'id':'u1'}"));
        graph.respond(graph.at(second), graphError(400, "syncStateNotFound", "rid-mid"));
        try (Connector connector = graph.connector("\"ImportGroups\":false,\"OnExpiredDelta\":\"" + policy + "\"")) {
            TransientConnectorException e = host.fail(TransientConnectorException.class, connector,
                    ImportRequest.full());
            assertEquals("rid-mid", e.diagnosticId().orElseThrow());
            assertTrue(e.getMessage().contains("Run the import again"), e.getMessage());
            assertTrue(host.replica.object("User", "u1").isPresent(), "what was delivered stays delivered");
        }
    }
}
