package org.identitymesh.connector.entra.sync;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.entra.delta.DeltaObject;
import org.identitymesh.connector.entra.delta.DeltaPage;
import org.identitymesh.connector.entra.delta.DeltaPageParser;
import org.identitymesh.connector.entra.graph.GraphClient;
import org.identitymesh.connector.entra.graph.GraphLinks;
import org.identitymesh.connector.entra.graph.RequestObserver;

/** The reads besides delta pages: one object's properties, and all direct members of a group. */
final class GraphReads {

    private static final int MEMBERS_PAGE = 999;

    private final GraphClient graph;
    private final String root;
    private final Cancellation cancellation;

    GraphReads(GraphClient graph, String graphV1, Cancellation cancellation) {
        this.graph = graph;
        this.root = graphV1;
        this.cancellation = cancellation;
    }

    /**
     * The current values of some properties of an object. A property Graph leaves out is unset: it is returned as
     * {@code null}, so a scope can decide on it.
     *
     * @return the properties, or empty when the object no longer exists
     */
    Optional<Map<String, Object>> properties(String resource, String id, Collection<String> properties,
            RequestObserver observer) {
        String url = root + "/" + resource + "/" + encode(id) + "?$select=" + String.join(",", properties);
        return graph.find(url, DeltaPageParser::parseObject, observer, cancellation).map(object -> {
            Map<String, Object> values = new java.util.LinkedHashMap<>(object.properties());
            properties.stream().filter(p -> !p.equals("id")).forEach(p -> values.putIfAbsent(p, null));
            return values;
        });
    }

    /** Streams every direct member of a group, page by page. */
    void members(String groupId, RequestObserver observer, Consumer<DeltaObject> member) {
        String link = root + "/groups/" + encode(groupId) + "/members?$select=id&$top=" + MEMBERS_PAGE;
        while (link != null) {
            cancellation.throwIfCancelled();
            DeltaPage page = graph.get(link, null, DeltaPageParser::parseCollection, observer, cancellation);
            page.objects().forEach(member);
            link = page.nextLink();
            if (link != null && !graph.links().isGraphLink(link)) {
                throw new TransientConnectorException("Graph returned a nextLink outside the configured endpoint ("
                        + GraphLinks.redact(link) + "); it was not followed and no token was sent there.");
            }
        }
    }

    private static String encode(String id) {
        return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
    }
}
