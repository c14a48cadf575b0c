package org.identitymesh.connector.entra.wiremock;

import static org.identitymesh.connector.entra.wiremock.Pages.last;
import static org.identitymesh.connector.entra.wiremock.Pages.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.testkit.Snapshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code members@delta}: slices of large groups, and members of every kind. */
class MembershipsTest {

    @RegisterExtension
    static final WireMockGraph graph = new WireMockGraph();

    private final Recorder host = new Recorder();

    private static String member(String type, String id) {
        return "{'@odata.type':'#microsoft.graph." + type + "','id':'" + id + "'}";
    }

    private static Map<String, Map<String, Object>> memberships(String groupId, String... typeAndId) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (int i = 0; i < typeAndId.length; i += 2) {
            String id = typeAndId[i + 1];
            out.put(groupId + ":" + id, Map.of("groupId", groupId, "memberId", id, "memberType", typeAndId[i]));
        }
        return out;
    }

    @Test
    void aLargeGroupsSlicesMergeIntoOneGroupAndTheUnionOfItsMembers() {
        String page2 = graph.link("/groups/delta?$skiptoken=slice2");
        String page3 = graph.link("/groups/delta?$skiptoken=slice3");
        graph.page(graph.initial("groups"), next(page2,
                "{'id':'big','displayName':'Everyone','securityEnabled':true,'groupTypes':[],'members@delta':["
                        + member("user", "u1") + "," + member("user", "u2") + "]}"));
        graph.page(graph.at(page2), next(page3,
                "{'id':'small','displayName':'Few','groupTypes':['Unified']}",
                "{'id':'big','members@delta':[" + member("user", "u3") + "," + member("user", "u4") + "]}"));
        graph.page(graph.at(page3), last(graph.link("/groups/delta?$deltatoken=after"),
                "{'id':'big','members@delta':[" + member("user", "u5") + "," + member("group", "small") + "]}"));

        try (Connector connector = graph.connector("\"ImportUsers\":false,\"PageSize\":2")) {
            ImportResult result = host.run(connector, ImportRequest.full());
            assertEquals(List.of(ChangeRecord.Operation.UPSERT), host.of("Group").stream()
                    .filter(r -> r.externalId().equals("big")).map(ChangeRecord::operation).toList(),
                    "only the appearance with properties is a Group record");
            assertEquals(2, host.of("Group").size());
            assertEquals(4, result.type("Group").orElseThrow().seen(), "every appearance is seen");
            assertEquals(6, result.type("GroupMember").orElseThrow().upserted());
            Map<String, Map<String, Object>> expected = memberships("big", "User", "u1", "User", "u2", "User", "u3",
                    "User", "u4", "User", "u5", "Group", "small");
            assertEquals(List.of(), Snapshots.differences(Map.of("GroupMember", expected),
                    Map.of("GroupMember", host.replica.objects("GroupMember"))));
            assertEquals("Everyone", host.replica.object("Group", "big").orElseThrow().get("displayName"),
                    "later slices must not clear the group's properties");
            assertEquals("Unified", host.replica.object("Group", "small").orElseThrow().get("groupTypes"));
            assertTrue(result.type("GroupMember").orElseThrow().completeSnapshot());
        }
    }

    @Test
    void membersOfEveryKindAreKeptWithTheirType() {
        graph.page(graph.initial("groups"), last(graph.link("/groups/delta?$deltatoken=after"),
                "{'id':'g1','displayName':'Mixed','members@delta':[" + String.join(",", member("user", "u1"),
                        member("group", "g2"), member("servicePrincipal", "sp1"), member("device", "d1"),
                        member("orgContact", "c1"), member("futureThing", "f1")) + "]}"));
        try (Connector connector = graph.connector("\"ImportUsers\":false")) {
            ImportResult result = host.run(connector, ImportRequest.full());
            assertEquals(List.of(), Snapshots.differences(Map.of("GroupMember", memberships("g1", "User", "u1",
                    "Group", "g2", "ServicePrincipal", "sp1", "Device", "d1", "OrgContact", "c1", "FutureThing", "f1")),
                    Map.of("GroupMember", host.replica.objects("GroupMember"))));
            assertEquals(0, result.type("GroupMember").orElseThrow().filteredOut());
        }
    }

    @Test
    void aGroupWithoutMembersHasNoMemberships() {
        graph.page(graph.initial("groups"), last(graph.link("/groups/delta?$deltatoken=after"),
                "{'id':'g1','displayName':'Empty'}"));
        try (Connector connector = graph.connector("\"ImportUsers\":false")) {
            host.run(connector, ImportRequest.full());
            assertEquals(List.of("Group"), host.records.stream().map(ChangeRecord::objectType).toList());
            assertEquals(1, graph.graphRequests().size(), "memberships come with the delta: no request per group");
        }
    }

    @Test
    void withoutMembershipsNoMembersAreSelectedNorDelivered() {
        graph.page(graph.initial("groups"), last(graph.link("/groups/delta?$deltatoken=after"),
                "{'id':'g1','displayName':'One'}"));
        try (Connector connector = graph.connector("\"ImportUsers\":false,\"ImportMemberships\":false")) {
            ImportResult result = host.run(connector, ImportRequest.full());
            String select = graph.graphRequests().get(0).queryParameter("$select").firstValue();
            assertFalse(List.of(select.split(",")).contains("members"), select);
            assertTrue(result.type("GroupMember").isEmpty(), result.toString());
        }
    }
}
