package org.identitymesh.connector.entra.wiremock;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.identitymesh.connector.entra.wiremock.Pages.last;
import static org.identitymesh.connector.entra.wiremock.WireMockGraph.graphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.PermissionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An import that stops ends its other requests in flight at once, over HTTP/1.1, where interrupting the fetch thread
 * does not end a blocked read: it returns without waiting for their answers or their timeout.
 */
class StoppedImportTest {

    @RegisterExtension
    static final WireMockGraph graph = WireMockGraph.http11Only();

    private final Recorder host = new Recorder();

    @Test
    void aDeniedUsersRequestEndsTheGroupsRequestInFlight() {
        graph.respond(graph.initial("users"), graphError(403, "Authorization_RequestDenied", "rid-403"));
        graph.respond(graph.initial("groups"), okJson(last(graph.link("/groups/delta?$deltatoken=g"), "{'id':'g1'}"))
                .withFixedDelay(20_000));
        try (Connector connector = graph.connector("\"RequestTimeoutSeconds\":30")) {
            long started = System.nanoTime();
            host.fail(PermissionException.class, connector, ImportRequest.full());
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertTrue(seconds < 10, "the groups request, answered only after 20 s, was cancelled: took " + seconds
                    + " s");
            assertEquals(List.of(), host.retries, "a cancelled call is not a failure to retry");
        }
    }
}
