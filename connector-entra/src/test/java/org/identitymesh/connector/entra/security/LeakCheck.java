package org.identitymesh.connector.entra.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Searches texts (every log event of a session, every exception and result a host sees) for secrets: whole
 * strings, and for a bearer token also its signature, the part that makes it usable.
 */
final class LeakCheck {

    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/=-]{20,}");

    private final Map<String, String> forbidden = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long textsSearched;

    /** Adds a string that must never appear, with what it is (shown instead of the string). */
    LeakCheck forbid(String what, String value) {
        if (value != null && value.length() >= 6) {
            forbidden.put(value, what);
            if (what.startsWith("bearer token") && value.chars().filter(c -> c == '.').count() == 2) {
                forbidden.put(value.substring(value.lastIndexOf('.') + 1), what + " (its signature)");
            }
        }
        return this;
    }

    /** Adds strings that must never appear. */
    LeakCheck forbidAll(String what, Iterable<String> values) {
        int i = 0;
        for (String v : values) {
            forbid(what + " #" + (++i), v);
        }
        return this;
    }

    /** Searches one text; {@code where} names it in a violation. */
    LeakCheck search(String where, String text) {
        textsSearched++;
        if (text == null) {
            return this;
        }
        forbidden.forEach((value, what) -> {
            if (text.contains(value)) {
                violations.add(what + " in " + where);
            }
        });
        if (BEARER.matcher(text).find()) {
            violations.add("something shaped like a bearer token in " + where);
        }
        return this;
    }

    /**
     * The test's own machinery on the other side of the wire, whose java.util.logging events show requests as they
     * arrive: the JDK HTTP server of the simulated tenant and of the proxy, and the proxy's JDK HTTP client. The
     * connector uses neither (its HTTP client is OkHttp).
     */
    private static final List<String> TEST_MACHINERY = List.of("jul:com.sun.net.httpserver", "jul:jdk.internal.httpclient",
            "jul:jdk.httpclient", "jul:java.net.http");

    /** Searches every event of a log session, except those of the test's own HTTP servers and proxy client. */
    LeakCheck search(LogCapture.Session session) {
        for (LogCapture.Event e : session.events()) {
            if (TEST_MACHINERY.stream().anyMatch(e.logger()::startsWith)) {
                continue;
            }
            search("a " + e.level() + " event of " + e.logger() + " [" + e.text().substring(0, Math.min(80,
                    e.text().length())).replaceAll("[A-Za-z0-9_-]{20,}", "…") + "]", e.text());
        }
        return this;
    }

    /** Searches an exception: its class, message and every cause and suppressed exception. */
    LeakCheck search(String where, Throwable t) {
        return search(where + " (" + t.getClass().getSimpleName() + ")", LogCapture.render(t));
    }

    int forbiddenCount() {
        return forbidden.size();
    }

    long textsSearched() {
        return textsSearched;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    void assertClean() {
        assertFalse(forbidden.isEmpty(), "nothing to search for");
        assertEquals(List.of(), violations, "secrets or tokens found");
        System.out.println("Leak check: " + textsSearched + " log events and outputs searched for " + forbidden.size()
                + " secrets, tokens and token signatures: none found");
    }
}
