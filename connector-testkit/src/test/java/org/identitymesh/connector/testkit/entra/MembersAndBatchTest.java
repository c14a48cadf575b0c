package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MembersAndBatchTest {

    private static SimulatedEntraTenant tenant;
    private static GraphTestClient client;
    private static EntraDirectory dir;

    @BeforeAll
    static void start() {
        tenant = SimulatedEntraTenant.start(TenantSpec.builder().users(800).groups(60).memberships(4000)
                .largeGroups(1).largeGroupSize(450).build());
        client = new GraphTestClient(tenant);
        client.fetchToken();
        dir = tenant.directory();
    }

    @AfterAll
    static void stop() {
        tenant.close();
    }

    @BeforeEach
    void reset() {
        tenant.faults().clear();
        tenant.journal().reset();
    }

    private static String largest() {
        return dir.groups().max((a, b) -> Integer.compare(dir.members(a.id()).size(), dir.members(b.id()).size()))
                .orElseThrow().id();
    }

    private static Set<MemberRef> refs(List<JsonNode> objects) {
        return objects.stream().map(o -> new MemberRef(MemberType.fromOdataType(o.get("@odata.type").asText()),
                o.get("id").asText())).collect(Collectors.toSet());
    }

    @Test
    void membersArePagedWithTopAndNextLinks() {
        String group = largest();
        List<JsonNode> all = new ArrayList<>();
        String url = client.graph("/groups/" + group + "/members?$top=100&$select=id,displayName");
        int pages = 0;
        while (url != null) {
            GraphTestClient.Response r = client.get(url);
            assertEquals(200, r.status(), r.body());
            r.json().get("value").forEach(all::add);
            url = r.json().has("@odata.nextLink") ? r.json().get("@odata.nextLink").asText() : null;
            pages++;
        }
        List<MemberRef> expected = dir.members(group);
        assertEquals(expected.size(), all.size());
        assertEquals(new HashSet<>(expected), refs(all));
        assertEquals((expected.size() + 99) / 100, pages);
        for (JsonNode o : all) {
            if (o.get("@odata.type").asText().equals("#microsoft.graph.user")) {
                assertTrue(o.has("displayName"));
                assertFalse(o.has("mail"), "only selected properties");
            }
        }
        assertEquals(pages, tenant.journal().count(RequestKind.GROUP_MEMBERS));
    }

    @Test
    void membersValidateTopAndTheGroup() {
        String group = largest();
        GraphTestClient.Response big = client.get(client.graph("/groups/" + group + "/members?$top=1000"));
        assertEquals(400, big.status());
        assertTrue(big.json().at("/error/message").asText().contains("between 1 and 999"));
        GraphTestClient.Response missing = client.get(client.graph("/groups/00000000-0000-4000-8000-000000000000/members"));
        assertEquals(404, missing.status());
        assertEquals("Request_ResourceNotFound", missing.errorCode());
        GraphTestClient.Response dflt = client.get(client.graph("/groups/" + group + "/members"));
        assertEquals(100, dflt.json().get("value").size(), "default page size 100");
    }

    @Test
    void batchAnswersEveryItemInAnyOrderAndCountsItemsByKind() {
        List<String> groups = dir.groups().limit(20).map(ObjectSnapshot::id).collect(Collectors.toList());
        StringBuilder body = new StringBuilder("{\"requests\":[");
        for (int i = 0; i < groups.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"method\":\"GET\",\"url\":\"")
                    .append("/groups/").append(groups.get(i)).append("/members?$select=id&$top=999\"}");
        }
        body.append("]}");
        GraphTestClient.Response r = client.postJson(client.graph("/$batch"), body.toString());
        assertEquals(200, r.status(), r.body());
        JsonNode responses = r.json().get("responses");
        assertEquals(20, responses.size());
        Map<String, JsonNode> byId = new HashMap<>();
        responses.forEach(x -> byId.put(x.get("id").asText(), x));
        for (int i = 0; i < groups.size(); i++) {
            JsonNode item = byId.get(String.valueOf(i));
            assertEquals(200, item.get("status").asInt());
            List<JsonNode> values = new ArrayList<>();
            item.at("/body/value").forEach(values::add);
            assertEquals(new HashSet<>(dir.members(groups.get(i))), refs(values));
            assertTrue(item.at("/headers/Content-Type").asText().startsWith("application/json"));
        }
        assertEquals(1, tenant.journal().total());
        assertEquals(1, tenant.journal().count(RequestKind.BATCH));
        assertEquals(20, tenant.journal().count(RequestKind.GROUP_MEMBERS));
        assertEquals(20, tenant.journal().batchItems());
    }

    @Test
    void batchItemsCanBeThrottledOnTheirOwn() {
        List<String> groups = dir.groups().limit(3).map(ObjectSnapshot::id).collect(Collectors.toList());
        tenant.faults().inject(RequestKind.GROUP_MEMBERS, Fault.throttled(429, "3"));
        String body = "{\"requests\":[" + groups.stream().map(g -> "{\"id\":\"" + g + "\",\"method\":\"GET\",\"url\":\"groups/"
                + g + "/members\"}").collect(Collectors.joining(",")) + "]}";
        GraphTestClient.Response r = client.postJson(client.graph("/$batch"), body);
        assertEquals(200, r.status());
        int throttled = 0;
        for (JsonNode item : r.json().get("responses")) {
            if (item.get("status").asInt() == 429) {
                throttled++;
                assertEquals("3", item.at("/headers/Retry-After").asText());
                assertEquals("TooManyRequests", item.at("/body/error/code").asText());
            } else {
                assertEquals(200, item.get("status").asInt());
            }
        }
        assertEquals(1, throttled);
        assertEquals(1, tenant.journal().faults(RequestKind.GROUP_MEMBERS));
    }

    @Test
    void batchLimitsAndItemErrors() {
        StringBuilder tooMany = new StringBuilder("{\"requests\":[");
        for (int i = 0; i < 21; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i)
                    .append("\",\"method\":\"GET\",\"url\":\"/users/delta\"}");
        }
        tooMany.append("]}");
        assertEquals(400, client.postJson(client.graph("/$batch"), tooMany.toString()).status());
        assertEquals(400, client.postJson(client.graph("/$batch"), "not json").status());
        GraphTestClient.Response r = client.postJson(client.graph("/$batch"), "{\"requests\":["
                + "{\"id\":\"a\",\"method\":\"POST\",\"url\":\"/groups\"},"
                + "{\"id\":\"b\",\"method\":\"GET\",\"url\":\"https://graph.microsoft.com/v1.0/users\"},"
                + "{\"id\":\"c\",\"method\":\"GET\",\"url\":\"/users/delta?$deltatoken=latest\"}]}");
        Map<String, Integer> status = new HashMap<>();
        r.json().get("responses").forEach(x -> status.put(x.get("id").asText(), x.get("status").asInt()));
        assertEquals(Map.of("a", 405, "b", 400, "c", 200), status);
    }
}
