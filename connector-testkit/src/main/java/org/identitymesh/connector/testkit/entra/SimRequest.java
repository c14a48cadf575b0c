package org.identitymesh.connector.testkit.entra;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request as the simulator's endpoints see it, whether it came over HTTP or as a {@code $batch} item.
 *
 * @param method          the HTTP method
 * @param path            the decoded path, for example {@code /v1.0/users/delta}
 * @param query           decoded query parameters in order (the first value of a repeated name wins)
 * @param headers         headers by lowercase name
 * @param body            the request body, possibly empty
 * @param requestId       the {@code request-id} this request is answered with
 * @param clientRequestId the {@code client-request-id} the client sent, or a generated one
 */
record SimRequest(String method, String path, Map<String, String> query, Map<String, List<String>> headers,
        byte[] body, String requestId, String clientRequestId) {

    SimRequest {
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
        Map<String, List<String>> h = new TreeMap<>();
        headers.forEach((k, v) -> h.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        headers = Collections.unmodifiableMap(h);
    }

    /** The first value of a header, or null. */
    String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Every value of a header (repeated headers in order). */
    List<String> headerValues(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null ? List.of() : v;
    }

    /** Parses a raw (still encoded) query string or form body. */
    static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(name, value);
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
