package org.identitymesh.connector.entra.wiremock;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.identitymesh.connector.entra.wiremock.Pages.last;
import static org.identitymesh.connector.entra.wiremock.Pages.next;
import static org.identitymesh.connector.entra.wiremock.Pages.q;
import static org.identitymesh.connector.entra.wiremock.WireMockGraph.graphError;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.entra.graph.RetryPolicy;
import org.identitymesh.connector.entra.security.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.event.Level;

/**
 * A wait before a retry of at least {@code RetryWarningSeconds} is one WARN line with what failed, the wait and the
 * retry number; a shorter wait is logged at DEBUG only. No line names the link, its skip or delta token, or the
 * access token. (Thresholds below a second keep the tests fast; the default of 10 s is checked by
 * ConfigDefaultsTest.)
 */
class RetryWarningsTest {

    @RegisterExtension
    static final WireMockGraph graph = new WireMockGraph();

    private static final String USERS_ONLY = "\"ImportGroups\":false";
    private static final String SKIP_TOKEN = "p2-X7kQm9RtLw3ZyV8bN";
    private static final String DELTA_TOKEN = "d1-Hf4Jq2Xs8PzK6cWm";

    private final Recorder host = new Recorder();
    private LogCapture.Session log;

    @BeforeEach
    void open() {
        log = LogCapture.open();
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void aWaitFromTheThresholdOnIsOneWarningAndAShorterWaitIsNone() {
        String second = graph.link("/users/delta?$skiptoken=" + SKIP_TOKEN);
        graph.page(graph.initial("users"), next(second, "{'id':'u1'}"));
        graph.respond(graph.at(second),
                graphError(429, "TooManyRequests", "rid-long").withHeader("Retry-After", "0.3"),
                graphError(503, "serviceNotAvailable", "rid-short").withHeader("Retry-After", "0.299"),
                okJson(last(graph.link("/users/delta?$deltatoken=" + DELTA_TOKEN), "{'id':'u2'}")));
        try (Connector connector = graph.connector(USERS_ONLY + ",\"RetryWarningSeconds\":0.3")) {
            host.run(connector, ImportRequest.full());
        }
        assertEquals(2, host.retries.size(), "both waits happened: " + host.retries);
        List<LogCapture.Event> warnings = retryWarnings();
        assertEquals(1, warnings.size(), () -> "one wait reached the threshold: " + warnings);
        assertTrue(warnings.get(0).text().startsWith(
                "HTTP 429 TooManyRequests (request-id rid-long): retrying after 0.3 s (retry 1 of 3)"),
                warnings.get(0)::toString);
        assertTrue(log.events().stream().anyMatch(e -> e.level() == Level.DEBUG && isRetryPolicy(e)
                && e.text().contains("HTTP 503")), "the shorter wait is still at DEBUG");
        assertNothingNamesTheLinksOrTheToken(warnings);
    }

    @Test
    void zeroPutsEveryWaitAtWarn() {
        graph.respond(graph.initial("users"), graphError(504, "gatewayTimeout", "rid-504"),
                okJson(last(graph.link("/users/delta?$deltatoken=" + DELTA_TOKEN), "{'id':'u1'}")));
        try (Connector connector = graph.connector(USERS_ONLY + ",\"RetryWarningSeconds\":0")) {
            host.run(connector, ImportRequest.full());
        }
        List<LogCapture.Event> warnings = retryWarnings();
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).text().startsWith(
                "HTTP 504 gatewayTimeout (request-id rid-504): retrying after 0.05 s (retry 1 of 3)"),
                "without Retry-After the first retry waits RetryDelaySeconds: " + warnings.get(0));
        assertNothingNamesTheLinksOrTheToken(warnings);
    }

    @Test
    void aThrottledBatchItemsLongWaitIsOneWarningWithItsStatus() {
        graph.page(graph.initial("groups"), last(graph.link("/groups/delta?$deltatoken=" + DELTA_TOKEN),
                "{'id':'g1','displayName':'Group one'}"));
        graph.respond(() -> post(urlEqualTo("/v1.0/$batch")),
                okJson(q("{'responses':[{'id':'0','status':429,'headers':{'Retry-After':'0.3'},"
                        + "'body':{'error':{'code':'TooManyRequests','message':'Slow down.'}}}]}")),
                okJson(q("{'responses':[{'id':'0','status':200,'headers':{},"
                        + "'body':{'value':[{'@odata.type':'#microsoft.graph.user','id':'u1'}]}}]}")));
        try (Connector connector = graph.connector("\"ImportUsers\":false,\"MembershipStrategy\":\"Batch\","
                + "\"RetryWarningSeconds\":0.3")) {
            host.run(connector, ImportRequest.full());
        }
        assertEquals(1, host.of("GroupMember").size(), "the member came with the repeated item");
        List<LogCapture.Event> warnings = retryWarnings();
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).text().startsWith("HTTP 429 for 1 $batch item: retrying after 0.3 s (retry 1 of 3)"),
                warnings.get(0)::toString);
        assertNothingNamesTheLinksOrTheToken(warnings);
    }

    private List<LogCapture.Event> retryWarnings() {
        return log.events().stream().filter(e -> e.level() == Level.WARN && isRetryPolicy(e)).toList();
    }

    private static boolean isRetryPolicy(LogCapture.Event e) {
        return e.logger().equals(RetryPolicy.class.getName());
    }

    /**
     * The warnings name no link at all; no line of any level or library holds a skip or delta token or the access
     * token, and no line of the connector says {@code Bearer}.
     */
    private void assertNothingNamesTheLinksOrTheToken(List<LogCapture.Event> warnings) {
        assertAll(warnings.stream().map(w -> () -> {
            for (String part : List.of("127.0.0.1", "/v1.0", "?", "$skiptoken", "$deltatoken", "Bearer")) {
                assertFalse(w.text().contains(part), () -> "a retry warning holds " + part + ": " + w);
            }
        }));
        assertAll(log.events().stream().map(e -> () -> {
            for (String secret : List.of(SKIP_TOKEN, DELTA_TOKEN, WireMockGraph.ACCESS_TOKEN)) {
                assertFalse(e.text().contains(secret), () -> "a log line holds " + secret + ": " + e);
            }
            if (e.logger().startsWith("org.identitymesh.")) {
                assertFalse(e.text().contains("Bearer"), e::toString);
            }
        }));
    }
}
