package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A small Graph client on {@link HttpClient} with the tenant's SSL context, for the simulator's tests. */
final class GraphTestClient {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** A response with its body as text. */
    record Response(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The Graph {@code error.code}. */
        String errorCode() {
            return json().path("error").path("code").asText(null);
        }
    }

    /** The pages and objects of one delta round. */
    record Round(List<JsonNode> pages, List<JsonNode> items, String deltaLink) {
    }

    private final SimulatedEntraTenant tenant;
    private final HttpClient http;
    private String token;

    GraphTestClient(SimulatedEntraTenant tenant) {
        this.tenant = tenant;
        this.http = HttpClient.newBuilder().sslContext(tenant.sslContext()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    HttpClient http() {
        return http;
    }

    Response postForm(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Requests a token with the tenant's credentials and checks it was issued. */
    String fetchToken() {
        Response r = postForm(tenant.tokenEndpoint(), Map.of("client_id", tenant.clientId(), "client_secret",
                tenant.clientSecret(), "grant_type", "client_credentials", "scope", tenant.graphScope()));
        assertEquals(200, r.status(), r.body());
        token = r.json().get("access_token").asText();
        return token;
    }

    String token() {
        return token != null ? token : fetchToken();
    }

    /** GET with the current token and extra header pairs. */
    Response get(String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET()
                .header("Authorization", "Bearer " + token());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    Response getWithoutToken(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    Response postJson(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String graph(String pathAndQuery) {
        return tenant.graphEndpoint() + "/v1.0" + pathAndQuery;
    }

    /** Follows a delta round from a URL to its deltaLink, sending the given headers on every page. */
    Round round(String url, String... headers) {
        List<JsonNode> pages = new ArrayList<>();
        List<JsonNode> items = new ArrayList<>();
        String next = url;
        for (int guard = 0; guard < 100_000; guard++) {
            Response r = get(next, headers);
            assertEquals(200, r.status(), r.body());
            JsonNode page = r.json();
            pages.add(page);
            assertTrue(page.has("@odata.context"), "every page has @odata.context");
            page.get("value").forEach(items::add);
            JsonNode nextLink = page.get("@odata.nextLink");
            JsonNode deltaLink = page.get("@odata.deltaLink");
            if (deltaLink != null) {
                assertTrue(nextLink == null, "a page has a nextLink or a deltaLink, not both");
                assertTrue(deltaLink.asText().startsWith(tenant.baseUrl() + "/v1.0/"), deltaLink.asText());
                return new Round(pages, items, deltaLink.asText());
            }
            assertTrue(nextLink != null, "a page without deltaLink has a nextLink");
            assertTrue(nextLink.asText().startsWith(tenant.baseUrl() + "/v1.0/"), nextLink.asText());
            next = nextLink.asText();
        }
        return fail("delta round did not end");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
