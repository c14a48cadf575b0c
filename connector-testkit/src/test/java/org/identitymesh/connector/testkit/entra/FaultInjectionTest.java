package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private static SimulatedEntraTenant tenant;
    private static GraphTestClient client;
    private static String usersUrl;

    @BeforeAll
    static void start() {
        tenant = SimulatedEntraTenant.start(TenantSpec.builder().users(60).groups(5).memberships(60).build());
        client = new GraphTestClient(tenant);
        client.fetchToken();
        usersUrl = client.graph("/users/delta?$select=displayName");
    }

    @AfterAll
    static void stop() {
        tenant.close();
    }

    @BeforeEach
    void reset() {
        tenant.faults().clear();
        tenant.faults().latency(Duration.ZERO);
        tenant.journal().reset();
    }

    @Test
    void throttlingWithIntegerRetryAfterIsUsedForTheGivenNumberOfRequests() {
        tenant.faults().inject(RequestKind.USERS_DELTA, Fault.throttled(429, "2"), 2);
        assertEquals(2, tenant.faults().pending());
        for (int i = 0; i < 2; i++) {
            GraphTestClient.Response r = client.get(usersUrl);
            assertEquals(429, r.status());
            assertEquals("2", r.header("Retry-After"));
            assertEquals("TooManyRequests", r.errorCode());
            assertEquals(r.header("request-id"), r.json().at("/error/innerError/request-id").asText());
        }
        assertEquals(200, client.get(usersUrl).status());
        assertEquals(0, tenant.faults().pending());
        assertEquals(3, tenant.journal().count(RequestKind.USERS_DELTA));
        assertEquals(2, tenant.journal().faults(RequestKind.USERS_DELTA));
    }

    @Test
    void throttlingWithoutRetryAfterAndWithFractionalOrDateValues() {
        tenant.faults().inject(RequestKind.GROUPS_DELTA, Fault.throttled(503));
        tenant.faults().inject(RequestKind.GROUPS_DELTA, Fault.throttled(503, Duration.ofMillis(200)));
        Instant until = Instant.parse("2026-12-24T18:00:00Z");
        tenant.faults().inject(RequestKind.GROUPS_DELTA, Fault.throttledUntil(504, until));
        String url = client.graph("/groups/delta");
        GraphTestClient.Response none = client.get(url);
        assertEquals(503, none.status());
        assertEquals(null, none.header("Retry-After"));
        GraphTestClient.Response fractional = client.get(url);
        assertEquals("0.2", fractional.header("Retry-After"));
        GraphTestClient.Response date = client.get(url);
        assertEquals(504, date.status());
        assertEquals(until, ZonedDateTime.parse(date.header("Retry-After"), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant());
        assertEquals("2", Fault.throttled(429, Duration.ofSeconds(2)).retryAfter().orElseThrow());
    }

    @Test
    void syncStateFaultsLookLikeExpiredTokens() {
        tenant.faults().inject(RequestKind.USERS_DELTA, Fault.syncStateNotFound());
        tenant.faults().inject(RequestKind.USERS_DELTA, Fault.resyncRequired());
        GraphTestClient.Response a = client.get(usersUrl);
        assertEquals(400, a.status());
        assertEquals("syncStateNotFound", a.errorCode());
        GraphTestClient.Response b = client.get(usersUrl);
        assertEquals(410, b.status());
        assertEquals("resyncRequired", b.errorCode());
        assertEquals(client.graph("/users/delta"), b.header("Location"));
    }

    @Test
    void authorizationFaults() {
        tenant.faults().inject(RequestKind.ANY, Fault.invalidAuthenticationToken());
        tenant.faults().inject(RequestKind.GROUP_MEMBERS, Fault.authorizationDenied());
        assertEquals("InvalidAuthenticationToken", client.get(usersUrl).errorCode());
        String group = tenant.directory().groups().findFirst().orElseThrow().id();
        GraphTestClient.Response r = client.get(client.graph("/groups/" + group + "/members"));
        assertEquals(403, r.status());
        assertEquals("Authorization_RequestDenied", r.errorCode());
        assertEquals(2, tenant.journal().faults(RequestKind.ANY), "two faults in all");
    }

    @Test
    void plainTextErrorBodies() {
        tenant.faults().inject(RequestKind.USERS_DELTA, Fault.plainText(502, "Bad Gateway"));
        GraphTestClient.Response r = client.get(usersUrl);
        assertEquals(502, r.status());
        assertTrue(r.header("Content-Type").startsWith("text/plain"));
        assertEquals("Bad Gateway", r.body());
    }

    @Test
    void malformedJsonIsA200ThatDoesNotParse() {
        tenant.faults().inject(RequestKind.USERS_DELTA, Fault.malformedJson());
        GraphTestClient.Response r = client.get(usersUrl);
        assertEquals(200, r.status());
        UncheckedIOException e = assertThrows(UncheckedIOException.class, r::json);
        assertTrue(e.getCause() instanceof JsonProcessingException);
        assertEquals(200, client.get(usersUrl).status(), "only one request was affected");
    }

    @Test
    void aConnectionCutMidBodyFailsTheRead() throws Exception {
        tenant.faults().inject(RequestKind.USERS_DELTA, Fault.connectionCut());
        HttpRequest req = HttpRequest.newBuilder(URI.create(usersUrl))
                .header("Authorization", "Bearer " + client.token()).build();
        assertThrows(IOException.class, () -> client.http().send(req, HttpResponse.BodyHandlers.ofString()));
        assertEquals(200, client.get(usersUrl).status(), "the next request is served normally");
        assertEquals(1, tenant.journal().faults(RequestKind.USERS_DELTA));

        tenant.faults().inject(RequestKind.USERS_DELTA, Fault.connectionCut());
        HttpResponse<java.io.InputStream> streamed = client.http().send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, streamed.statusCode(), "headers arrive");
        long announced = Long.parseLong(streamed.headers().firstValue("Content-Length").orElseThrow());
        byte[] buffer = new byte[(int) announced];
        int[] read = {0};
        assertThrows(IOException.class, () -> {
            try (java.io.InputStream in = streamed.body()) {
                int k;
                while ((k = in.read(buffer, read[0], buffer.length - read[0])) > 0) {
                    read[0] += k;
                }
            }
        });
        assertTrue(read[0] > 0 && read[0] < announced, "part of the body, then the cut: " + read[0] + "/" + announced);
    }

    @Test
    void tokenEndpointFaultsUseTheEntraErrorShape() {
        tenant.faults().inject(RequestKind.TOKEN, Fault.throttled(503, "1"));
        GraphTestClient.Response r = client.postForm(tenant.tokenEndpoint(), Map.of("client_id", tenant.clientId(),
                "client_secret", tenant.clientSecret(), "grant_type", "client_credentials", "scope", tenant.graphScope()));
        assertEquals(503, r.status());
        assertEquals("1", r.header("Retry-After"));
        assertEquals("temporarily_unavailable", r.json().get("error").asText());
        assertTrue(r.json().get("error_description").asText().startsWith("AADSTS"));
        assertEquals(200, client.postForm(tenant.tokenEndpoint(), Map.of("client_id", tenant.clientId(),
                "client_secret", tenant.clientSecret(), "grant_type", "client_credentials", "scope",
                tenant.graphScope())).status());
    }

    @Test
    void latencyIsAppliedWithoutChangingAnswers() {
        tenant.faults().latency(Duration.ofMillis(20));
        assertEquals(Duration.ofMillis(20), tenant.faults().latency());
        assertEquals(200, client.get(usersUrl).status());
        assertThrows(IllegalArgumentException.class, () -> tenant.faults().latency(Duration.ofMillis(-1)));
    }

    @Test
    void faultsForOtherKindsAreLeftAlone() {
        tenant.faults().inject(RequestKind.BATCH, Fault.throttled(429, "5"));
        assertEquals(200, client.get(usersUrl).status());
        assertEquals(1, tenant.faults().pending());
        tenant.faults().clear();
        assertEquals(0, tenant.faults().pending());
        assertFalse(tenant.journal().counts().containsKey(RequestKind.BATCH));
    }
}
