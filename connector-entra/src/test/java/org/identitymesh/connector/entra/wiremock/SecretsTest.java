package org.identitymesh.connector.entra.wiremock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.identitymesh.connector.entra.wiremock.Pages.last;
import static org.identitymesh.connector.entra.wiremock.WireMockGraph.ACCESS_TOKEN;
import static org.identitymesh.connector.entra.wiremock.WireMockGraph.CLIENT_SECRET;
import static org.identitymesh.connector.entra.wiremock.WireMockGraph.graphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.ArrayList;
import java.util.List;
import org.identitymesh.connector.api.ConnectionTestResult;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Neither the client secret nor the access token appears in any message a host can see: exceptions and their
 * causes, connection test steps, {@code toString()}. (Every failure in the other WireMock tests is checked the same
 * way as it is asserted.)
 */
class SecretsTest {

    @RegisterExtension
    static final WireMockGraph graph = new WireMockGraph();

    private final List<String> messages = new ArrayList<>();

    private void collect(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            messages.add(t.getClass().getName() + ": " + t.getMessage());
            for (Throwable s : t.getSuppressed()) {
                messages.add(s.toString());
            }
        }
    }

    /** Runs a full import against {@code graphAnswer} (and {@code tokenAnswer}, when not null) and collects. */
    private void failingImport(ResponseDefinitionBuilder tokenAnswer, ResponseDefinitionBuilder graphAnswer) {
        graph.server().resetAll();
        if (tokenAnswer == null) {
            graph.stubToken(3599);
        } else {
            graph.respond(() -> post(urlPathMatching(WireMockGraph.TOKEN_PATH)), tokenAnswer);
        }
        graph.respond(graph.initial("users"), graphAnswer);
        try (Connector connector = graph.connector("\"ImportGroups\":false,\"MaxRetries\":1")) {
            messages.add(connector.toString());
            try {
                connector.importChanges(ImportRequest.full(), r -> { });
                messages.add("no failure");
            } catch (RuntimeException e) {
                collect(e);
            }
            ConnectionTestResult test = connector.testConnection();
            messages.add(test.toString());
            test.steps().forEach(step -> messages.add(step.message()));
        }
    }

    @Test
    void noMessageOfAnyFailureCarriesTheSecretOrTheToken() {
        ResponseDefinitionBuilder page = okJson(last(graph.link("/users/delta?$deltatoken=d"), "{'id':'u1'}"));
        failingImport(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(Pages.q(
                "{'error':'invalid_client','error_description':'AADSTS7000215: Invalid client secret provided.',"
                        + "'error_codes':[7000215]}")), page);
        failingImport(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(Pages.q(
                "{'error':'unauthorized_client','error_description':'AADSTS700016: Application not found.',"
                        + "'error_codes':[700016]}")), page);
        failingImport(okJson("{\"token_type\":"), page);
        failingImport(null, graphError(401, "InvalidAuthenticationToken", "r1"));
        failingImport(null, graphError(403, "Authorization_RequestDenied", "r2"));
        failingImport(null, graphError(429, "TooManyRequests", "r3").withHeader("Retry-After", "0.01"));
        failingImport(null, graphError(500, "generalException", "r4"));
        failingImport(null, graphError(400, "BadRequest", "r5"));
        failingImport(null, okJson("{\"value\":["));

        assertTrue(messages.size() > 40, "messages were collected: " + messages.size());
        List<String> leaks = messages.stream()
                .filter(m -> m != null && (m.contains(CLIENT_SECRET) || m.contains(ACCESS_TOKEN))).toList();
        assertEquals(List.of(), leaks);
    }
}
