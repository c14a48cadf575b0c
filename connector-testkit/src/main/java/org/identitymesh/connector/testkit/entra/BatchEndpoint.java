package org.identitymesh.connector.testkit.entra;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /v1.0/$batch}: up to 20 GET requests with relative URLs, each answered with its own status,
 * headers and body. Responses come in a shuffled order, as Graph does not promise request order. Each item
 * counts in the journal under its own kind and can receive a status fault (for example 429 with
 * {@code Retry-After}) while the batch itself succeeds.
 */
final class BatchEndpoint {

    private static final int MAX_REQUESTS = 20;

    private record ItemResult(String id, SimResponse response) {
    }

    private final GraphRouter router;
    private final FaultInjector faults;
    private final FaultResponses faultResponses;
    private final RequestJournal journal;
    private final ErrorResponses errors;

    BatchEndpoint(GraphRouter router, FaultInjector faults, FaultResponses faultResponses, RequestJournal journal,
            ErrorResponses errors) {
        this.router = router;
        this.faults = faults;
        this.faultResponses = faultResponses;
        this.journal = journal;
        this.errors = errors;
    }

    SimResponse handle(SimRequest r) {
        JsonNode requests;
        try {
            JsonNode root = Json.MAPPER.readTree(r.body());
            requests = root == null ? null : root.get("requests");
        } catch (IOException e) {
            return errors.graph(r, 400, "BadRequest", "Invalid batch payload: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (requests == null || !requests.isArray()) {
            return errors.graph(r, 400, "BadRequest", "Invalid batch payload: a 'requests' array is required.");
        }
        if (requests.size() > MAX_REQUESTS) {
            return errors.graph(r, 400, "BadRequest", "The number of batch requests exceeds the limit of "
                    + MAX_REQUESTS + ".");
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode item : requests) {
            String id = item.path("id").asText("");
            if (id.isEmpty() || !ids.add(id) || item.path("url").asText("").isEmpty()) {
                return errors.graph(r, 400, "BadRequest",
                        "Every batch request needs a unique 'id' and a 'url' (id '" + id + "').");
            }
        }
        List<ItemResult> results = new ArrayList<>();
        for (JsonNode item : requests) {
            results.add(new ItemResult(item.get("id").asText(), answer(r, item)));
        }
        Collections.shuffle(results, new Random(r.requestId().hashCode()));
        return SimResponse.json(200, SimResponse.GRAPH_JSON, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("responses");
            for (ItemResult res : results) {
                SimResponse resp = res.response();
                g.writeStartObject();
                g.writeStringField("id", res.id());
                g.writeNumberField("status", resp.status());
                g.writeObjectFieldStart("headers");
                for (Map.Entry<String, String> h : resp.headers().entrySet()) {
                    g.writeStringField(h.getKey(), h.getValue());
                }
                g.writeEndObject();
                byte[] body = Json.bodyBytes(resp);
                if (body.length > 0) {
                    g.writeFieldName("body");
                    String type = resp.contentType();
                    if (type != null && type.startsWith("application/json")) {
                        g.writeRawValue(new String(body, StandardCharsets.UTF_8));
                    } else {
                        g.writeString(new String(body, StandardCharsets.UTF_8));
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private SimResponse answer(SimRequest envelope, JsonNode item) {
        String method = item.path("method").asText("GET").toUpperCase(java.util.Locale.ROOT);
        String url = item.get("url").asText();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        item.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), List.of(e.getValue().asText())));
        String itemRequestId = UUID.randomUUID().toString();
        String rawPath;
        String rawQuery;
        try {
            if (url.startsWith("http:") || url.startsWith("https:")) {
                throw new IllegalArgumentException("absolute");
            }
            URI uri = URI.create("/v1.0" + (url.startsWith("/") ? url : "/" + url));
            rawPath = uri.getPath();
            rawQuery = uri.getRawQuery();
        } catch (IllegalArgumentException e) {
            SimRequest bad = new SimRequest(method, url, Map.of(), headers, new byte[0], itemRequestId,
                    envelope.clientRequestId());
            journal.recordBatchItem(RequestKind.OTHER);
            return errors.graph(bad, 400, "BadRequest", "Invalid request URL '" + url + "': batch URLs are relative,"
                    + " for example /groups/{id}/members.");
        }
        SimRequest sub = new SimRequest(method, rawPath, SimRequest.parseQuery(rawQuery), headers, new byte[0],
                itemRequestId, envelope.clientRequestId());
        RequestKind kind = GraphRouter.classify(method, rawPath);
        journal.recordBatchItem(kind);
        SimResponse response;
        if (kind == RequestKind.BATCH) {
            response = errors.graph(sub, 400, "BadRequest", "Nested batch requests are not supported.");
        } else if (!method.equals("GET")) {
            response = errors.graph(sub, 405, "Request_BadRequest",
                    "This simulator answers only GET requests inside $batch, not " + method + ".");
        } else {
            Fault f = faults.take(kind, true);
            if (f != null) {
                journal.recordFault(kind);
                response = faultResponses.render(f, kind, sub, () -> router.dispatch(sub));
            } else {
                response = router.dispatch(sub);
            }
        }
        response.header("request-id", itemRequestId);
        response.header("client-request-id", envelope.clientRequestId());
        return response;
    }
}
