package org.identitymesh.connector.entra.groups;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.entra.delta.DeltaObject;
import org.identitymesh.connector.entra.delta.DeltaPage;
import org.identitymesh.connector.entra.delta.DeltaPageParser;
import org.identitymesh.connector.entra.delta.ImportContext;
import org.identitymesh.connector.entra.graph.GraphClient;
import org.identitymesh.connector.entra.graph.RetryPolicy;
import org.identitymesh.connector.entra.graph.RequestObserver;

/**
 * Reads all direct members of groups, for a group that entered the scope and for the strategies that read members
 * apart from the delta: one chain of member pages per group, or 20 groups per {@code $batch}. Also reads all owners
 * of a group that entered the scope (a delta lists only owner changes).
 */
final class MemberReads {

    private static final int MEMBERS_PAGE = 999;
    private static final int BATCH_SIZE = 20;
    private static final ObjectMapper BATCH_JSON = new ObjectMapper();

    private final GraphClient graph;
    private final RetryPolicy retry;
    private final String root;
    private final Cancellation cancellation;

    MemberReads(ImportContext context) {
        this.graph = context.graph();
        this.retry = graph.retryPolicy();
        this.root = context.config().graphV1();
        this.cancellation = context.cancellation();
    }

    /** Streams every direct member of a group, page by page. */
    void members(String groupId, RequestObserver observer, Consumer<DeltaObject> member) {
        links(groupId, "members", observer, member);
    }

    /** Streams every owner of a group, page by page. */
    void owners(String groupId, RequestObserver observer, Consumer<DeltaObject> owner) {
        links(groupId, "owners", observer, owner);
    }

    private void links(String groupId, String relation, RequestObserver observer, Consumer<DeltaObject> each) {
        String link = root + "/groups/" + encode(groupId) + "/" + relation + "?$select=id&$top=" + MEMBERS_PAGE;
        while (link != null) {
            cancellation.throwIfCancelled();
            DeltaPage page = graph.get(link, null, DeltaPageParser::parseCollection, observer, cancellation);
            page.objects().forEach(each);
            link = page.nextLink() == null ? null : graph.links().requireFollowable(page.nextLink(), "nextLink", null);
        }
    }

    /**
     * Streams every direct member of several groups through {@code $batch}, 20 requests per batch. A member page
     * with a nextLink adds that link to a later batch; an item Graph throttles (429, 503, 504 inside the batch) is
     * sent again in a later batch after the wait {@link RetryPolicy} gives for its own {@code Retry-After}, counted
     * as a retry, at most as often as the policy repeats a request. The batch's wait is logged once, by the policy,
     * with the statuses and the highest retry number of the items it waits for.
     *
     * @param groupIds the groups
     * @param observer told about requests and retries
     * @param member   receives the group id and each member, a group's members in page order
     */
    void membersInBatches(List<String> groupIds, RequestObserver observer, BiConsumer<String, DeltaObject> member) {
        Deque<BatchItem> pending = new ArrayDeque<>();
        groupIds.forEach(id -> pending.add(new BatchItem(id, "/groups/" + encode(id) + "/members?$select=id&$top="
                + MEMBERS_PAGE, 0)));
        while (!pending.isEmpty()) {
            cancellation.throwIfCancelled();
            List<BatchItem> batch = new ArrayList<>();
            while (!pending.isEmpty() && batch.size() < BATCH_SIZE) {
                batch.add(pending.poll());
            }
            JsonNode answer = graph.post(root + "/$batch", batchBody(batch), BATCH_JSON::readTree, observer,
                    cancellation);
            Duration wait = Duration.ZERO;
            Set<Integer> throttledStatuses = new TreeSet<>();
            int throttled = 0;
            int highestRetry = 0;
            Map<String, JsonNode> byId = new HashMap<>();
            answer.path("responses").forEach(r -> byId.put(r.path("id").asText(), r));
            for (int i = 0; i < batch.size(); i++) {
                BatchItem item = batch.get(i);
                JsonNode response = byId.get(String.valueOf(i));
                int status = response == null ? 0 : response.path("status").asInt();
                if (status == 200) {
                    JsonNode body = response.path("body");
                    body.path("value").forEach(m -> member.accept(item.groupId(), new DeltaObject(m.path("id").asText(),
                            m.path("@odata.type").asText(null), null, Map.of(), List.of(), null)));
                    String next = body.path("@odata.nextLink").asText(null);
                    if (next != null) {
                        pending.add(new BatchItem(item.groupId(), relative(next), 0));
                    }
                } else if (status == 404) {
                    continue; // the group was deleted since the groups page: its DELETE comes with the next delta
                } else if ((status == 429 || status == 503 || status == 504 || status == 0)
                        && item.retries() < retry.maxRetries()) {
                    Duration itemWait = retry.waitBefore(item.retries() + 1,
                            retry.retryAfter(header(response, "Retry-After")).orElse(null));
                    wait = itemWait.compareTo(wait) > 0 ? itemWait : wait;
                    observer.retryScheduled(item.retries() + 1, itemWait, "HTTP " + status + " for a $batch item");
                    pending.add(new BatchItem(item.groupId(), item.url(), item.retries() + 1));
                    throttledStatuses.add(status);
                    throttled++;
                    highestRetry = Math.max(highestRetry, item.retries() + 1);
                } else {
                    String code = response == null ? "(no answer)"
                            : response.path("body").path("error").path("code").asText("");
                    throw new TransientConnectorException("Graph answered the $batch item for the members of group "
                            + item.groupId() + " with HTTP " + status + " " + code + " after " + item.retries()
                            + " retries; run the import again later.", header(response, "request-id"), null);
                }
            }
            if (throttled > 0) {
                retry.logWait(throttledStatuses.stream().map(st -> st == 0 ? "no answer" : "HTTP " + st)
                        .collect(Collectors.joining(", ")) + " for " + throttled + " $batch item"
                        + (throttled == 1 ? "" : "s"), highestRetry, wait);
            }
            retry.sleep(wait, cancellation);
        }
    }

    private record BatchItem(String groupId, String url, int retries) {
    }

    private byte[] batchBody(List<BatchItem> batch) {
        ObjectNode body = BATCH_JSON.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        for (int i = 0; i < batch.size(); i++) {
            requests.addObject().put("id", String.valueOf(i)).put("method", "GET").put("url", batch.get(i).url());
        }
        try {
            return BATCH_JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a $batch body of strings always serialises", e);
        }
    }

    /** A nextLink of a member page as a $batch item URL, relative to the v1.0 root; refused when it points elsewhere. */
    private String relative(String nextLink) {
        graph.links().requireFollowable(nextLink, "nextLink", null);
        return nextLink.substring(nextLink.indexOf("/groups/"));
    }

    private static String header(JsonNode response, String name) {
        if (response == null) {
            return null;
        }
        for (var it = response.path("headers").fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().asText();
            }
        }
        return null;
    }

    private static String encode(String id) {
        return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
    }
}
