package org.identitymesh.connector.entra.wiremock;

import static org.identitymesh.connector.entra.wiremock.Pages.last;
import static org.identitymesh.connector.entra.wiremock.Pages.next;
import static org.identitymesh.connector.entra.wiremock.WireMockGraph.graphError;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ThrottledException;
import org.identitymesh.connector.api.TransientConnectorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 429, 503 and 504 with and without {@code Retry-After}: waited for, counted, reported, capped, and given up on
 * after {@code MaxRetries}. Waits are asserted with generous bounds only.
 */
class ThrottlingTest {

    @RegisterExtension
    static final WireMockGraph graph = new WireMockGraph();

    private static final String USERS_ONLY = "\"ImportGroups\":false";

    private final Recorder host = new Recorder();

    private String page() {
        return last(graph.link("/users/delta?$deltatoken=d1"), "{'id':'u1','displayName':'A'}");
    }

    @Test
    void a429WithAFractionalRetryAfterIsWaitedForCountedAndReported() {
        graph.respond(graph.initial("users"), graphError(429, "TooManyRequests", "rid-429").withHeader("Retry-After",
                "0.3"), okJson(page()));
        try (Connector connector = graph.connector(USERS_ONLY)) {
            long started = System.nanoTime();
            ImportResult result = host.run(connector, ImportRequest.full());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(1, result.type("User").orElseThrow().retries());
            assertEquals(2, result.type("User").orElseThrow().requests());
            assertEquals(Duration.ofMillis(300), result.type("User").orElseThrow().waited());
            assertEquals(1, host.retries.size());
            Recorder.Retry retry = host.retries.get(0);
            assertEquals("User", retry.objectType());
            assertEquals(1, retry.attempt());
            assertEquals(Duration.ofMillis(300), retry.delay(), "Retry-After 0.3 is 300 ms, not 0 s and not 1 s");
            assertTrue(retry.reason().contains("429"), retry.reason());
            assertTrue(took.toMillis() >= 250, "the wait was honoured: " + took);
            assertTrue(host.replica.object("User", "u1").isPresent());
        }
    }

    @Test
    void anHttpDateRetryAfterIsWaitedUntil() {
        graph.page(graph.initial("users"), page());
        try (Connector connector = graph.connector(USERS_ONLY)) {
            host.run(connector, ImportRequest.full()); // signed in and warm: the date below is not eaten by start-up
            String inTwoSeconds = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                    .format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
            graph.server().resetMappings();
            graph.stubToken(3599);
            graph.respond(graph.initial("users"), graphError(429, "TooManyRequests", "rid-date")
                    .withHeader("Retry-After", inTwoSeconds), okJson(page()));
            long started = System.nanoTime();
            host.run(connector, ImportRequest.full());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Duration wait = host.retries.get(0).delay();
            assertTrue(wait.toMillis() >= 200 && wait.toMillis() <= 2_500, "waited until the date: " + wait);
            assertTrue(took.toMillis() >= 150, "took " + took);
        }
    }

    @Test
    void withoutRetryAfterRetryNWaitsNTimesTheRetryDelay() {
        graph.respond(graph.initial("users"), graphError(429, "TooManyRequests", "r1"),
                graphError(429, "TooManyRequests", "r2"), okJson(page()));
        try (Connector connector = graph.connector(USERS_ONLY)) {
            ImportResult result = host.run(connector, ImportRequest.full());
            assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100)),
                    host.retries.stream().map(Recorder.Retry::delay).toList(), "RetryDelaySeconds is 0.05");
            assertEquals(List.of(1, 2), host.retries.stream().map(Recorder.Retry::attempt).toList());
            assertEquals(2, result.type("User").orElseThrow().retries());
            assertEquals(3, graph.graphRequests().size());
        }
    }

    @Test
    void a503And504AreRetriedLikeThrottling() {
        graph.respond(graph.initial("users"),
                graphError(503, "serviceNotAvailable", "r503").withHeader("Retry-After", "0.2"),
                graphError(504, "gatewayTimeout", "r504"), okJson(page()));
        try (Connector connector = graph.connector(USERS_ONLY)) {
            ImportResult result = host.run(connector, ImportRequest.full());
            assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(100)),
                    host.retries.stream().map(Recorder.Retry::delay).toList());
            assertTrue(host.retries.get(0).reason().contains("503"), host.retries.toString());
            assertTrue(host.retries.get(1).reason().contains("504"), host.retries.toString());
            assertEquals(2, result.type("User").orElseThrow().retries());
            assertEquals(3, graph.graphRequests().size(), "exactly one request per attempt: nothing else retries");
        }
    }

    @Test
    void aRetryAfterBeyondMaxRetryWaitIsCapped() {
        graph.respond(graph.initial("users"), graphError(429, "TooManyRequests", "r").withHeader("Retry-After", "3600"),
                okJson(page()));
        try (Connector connector = graph.connector(USERS_ONLY + ",\"MaxRetryWaitSeconds\":0.2")) {
            host.run(connector, ImportRequest.full());
            assertEquals(Duration.ofMillis(200), host.retries.get(0).delay());
        }
    }

    @Test
    void aThrottledNextLinkIsRetriedAloneWithItsHeaders() {
        String second = graph.link("/users/delta?$skiptoken=p2");
        graph.page(graph.initial("users"), next(second, "{'id':'u1'}", "{'id':'u2'}"));
        graph.respond(graph.at(second), graphError(429, "TooManyRequests", "r").withHeader("Retry-After", "0.05"),
                okJson(last(graph.link("/users/delta?$deltatoken=d"), "{'id':'u3'}")));
        try (Connector connector = graph.connector(USERS_ONLY + ",\"PageSize\":2")) {
            host.run(connector, ImportRequest.full());
            assertEquals(List.of("u1", "u2", "u3"), host.records.stream().map(r -> r.externalId()).toList(),
                    "the pages before the throttled one are not delivered again");
            List<LoggedRequest> requests = graph.graphRequests();
            assertEquals(3, requests.size());
            assertEquals(requests.get(1).getUrl(), requests.get(2).getUrl());
            assertEquals("odata.maxpagesize=2", requests.get(2).getHeader("Prefer"));
            assertEquals("Bearer " + WireMockGraph.ACCESS_TOKEN, requests.get(2).getHeader("Authorization"));
        }
    }

    @Test
    void throttlingBeyondMaxRetriesFailsWithThrottledException() {
        graph.respond(graph.initial("users"),
                graphError(429, "TooManyRequests", "rid-throttled").withHeader("Retry-After", "0.05"));
        try (Connector connector = graph.connector(USERS_ONLY + ",\"MaxRetries\":2")) {
            ThrottledException e = host.fail(ThrottledException.class, connector, ImportRequest.full());
            assertEquals(3, graph.graphRequests().size(), "one request and MaxRetries retries");
            assertEquals(2, host.retries.size());
            assertEquals("rid-throttled", e.diagnosticId().orElseThrow());
            assertEquals(Duration.ofMillis(50), e.retryAfter().orElseThrow());
            assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
        }
    }

    @Test
    void unavailabilityBeyondMaxRetriesFailsWithTransientConnectorException() {
        graph.respond(graph.initial("users"), graphError(503, "serviceNotAvailable", "rid-503"));
        try (Connector connector = graph.connector(USERS_ONLY + ",\"MaxRetries\":1")) {
            TransientConnectorException e = host.fail(TransientConnectorException.class, connector,
                    ImportRequest.full());
            assertEquals(2, graph.graphRequests().size());
            assertEquals("rid-503", e.diagnosticId().orElseThrow());
        }
    }
}
