package org.identitymesh.connector.testkit.entra;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Error answers in the two shapes clients meet: Graph's
 * {@code {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}} and Entra ID's
 * token-endpoint {@code {"error","error_description","error_codes","timestamp","trace_id","correlation_id"}}.
 */
final class ErrorResponses {

    private static final DateTimeFormatter AAD_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final String baseUrl;

    ErrorResponses(Clock clock, String baseUrl) {
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /** A Graph error. */
    SimResponse graph(SimRequest r, int status, String code, String message) {
        String date = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        return SimResponse.json(status, SimResponse.GRAPH_JSON, g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            g.writeObjectFieldStart("innerError");
            g.writeStringField("date", date);
            g.writeStringField("request-id", r.requestId());
            g.writeStringField("client-request-id", r.clientRequestId());
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** A 401 from Graph, with the {@code WWW-Authenticate} challenge Graph sends. */
    SimResponse unauthorized(SimRequest r, String message) {
        return graph(r, 401, "InvalidAuthenticationToken", message)
                .header("WWW-Authenticate", "Bearer realm=\"\", authorization_uri=\"" + baseUrl
                        + "/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"");
    }

    /** An Entra ID token-endpoint error. */
    SimResponse aad(SimRequest r, int status, String error, int aadsts, String description) {
        Instant now = Instant.now(clock);
        String trace = UUID.randomUUID().toString();
        String correlation = r.clientRequestId();
        String full = "AADSTS" + aadsts + ": " + description + "\r\nTrace ID: " + trace + "\r\nCorrelation ID: "
                + correlation + "\r\nTimestamp: " + AAD_TIME.format(now);
        return SimResponse.json(status, SimResponse.PLAIN_JSON, g -> {
            g.writeStartObject();
            g.writeStringField("error", error);
            g.writeStringField("error_description", full);
            g.writeArrayFieldStart("error_codes");
            g.writeNumber(aadsts);
            g.writeEndArray();
            g.writeStringField("timestamp", AAD_TIME.format(now));
            g.writeStringField("trace_id", trace);
            g.writeStringField("correlation_id", correlation);
            g.writeStringField("error_uri", baseUrl + "/error?code=" + aadsts);
            g.writeEndObject();
        }).header("x-ms-request-id", trace);
    }
}
