package org.identitymesh.connector.entra.wiremock;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Delta pages as Graph writes them. Objects are written with single quotes for readability
 * ({@code "{'id':'u1','mobilePhone':null}"}) and turned into JSON here.
 */
final class Pages {

    private Pages() {
    }

    /** Single quotes to double quotes. */
    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A page in the middle of a round. */
    static String next(String nextLink, String... objects) {
        return page("@odata.nextLink", nextLink, objects);
    }

    /** The last page of a round. */
    static String last(String deltaLink, String... objects) {
        return page("@odata.deltaLink", deltaLink, objects);
    }

    /** A plain collection page, as {@code /groups/{id}/members} returns it. */
    static String collection(String nextLink, String... objects) {
        return nextLink == null ? "{\"value\":[" + join(objects) + "]}" : page("@odata.nextLink", nextLink, objects);
    }

    private static String page(String linkName, String link, String... objects) {
        return "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users\",\"" + linkName + "\":\""
                + link + "\",\"value\":[" + join(objects) + "]}";
    }

    private static String join(String... objects) {
        return Arrays.stream(objects).map(Pages::q).collect(Collectors.joining(","));
    }
}
