package org.identitymesh.connector.entra.wiremock;

import static org.identitymesh.connector.entra.wiremock.Pages.last;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.entra.EntraSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code @removed} objects and members, partial updates, explicit nulls, and full rounds as snapshots. */
class DeletesAndNullsTest {

    @RegisterExtension
    static final WireMockGraph graph = new WireMockGraph();

    private final Recorder host = new Recorder();

    /** Stubs a first round ending in deltaLink {@code d1} and a second round from it. */
    private void twoRounds(String resource, String[] first, String[] second) {
        String d1 = graph.link("/" + resource + "/delta?$deltatoken=d1");
        graph.page(graph.initial(resource), last(d1, first));
        graph.page(graph.at(d1), last(graph.link("/" + resource + "/delta?$deltatoken=d2"), second));
    }

    private ImportResult fullThenDelta(Connector connector) {
        ImportResult first = host.run(connector, ImportRequest.full());
        return host.run(connector, ImportRequest.delta(first.watermark()));
    }

    private static Map<String, Object> map(Object... namesAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void softAndHardDeletedUsersBecomeDeletes() {
        twoRounds("users", new String[] {"{'id':'u1','displayName':'A'}", "{'id':'u2','displayName':'B'}",
            "{'id':'u3','displayName':'C'}"}, new String[] {"{'id':'u1','@removed':{'reason':'changed'}}",
            "{'id':'u2','@removed':{'reason':'deleted'}}"});
        try (Connector connector = graph.connector("\"ImportGroups\":false")) {
            ImportResult delta = fullThenDelta(connector);
            assertEquals(List.of(ChangeRecord.delete("User", "u1"), ChangeRecord.delete("User", "u2")), host.records);
            assertEquals(2, delta.type("User").orElseThrow().deleted());
            assertEquals(List.of("u3"), List.copyOf(host.replica.objects("User").keySet()));
        }
    }

    @Test
    void anObjectRemovedInTheFirstRoundIsADeleteNotAnUpsert() {
        graph.page(graph.initial("users"), last(graph.link("/users/delta?$deltatoken=d1"),
                "{'id':'u1','displayName':'A'}", "{'id':'u9','@removed':{'reason':'changed'}}"));
        try (Connector connector = graph.connector("\"ImportGroups\":false")) {
            host.run(connector, ImportRequest.delta(null));
            assertEquals(ChangeRecord.delete("User", "u9"), host.records.get(1));
            assertEquals(List.of("u1"), List.copyOf(host.replica.objects("User").keySet()));
        }
    }

    @Test
    void removedGroupsBecomeDeletesThatTakeTheirMembershipsAlong() {
        String members = "'members@delta':[{'@odata.type':'#microsoft.graph.user','id':'u1'},"
                + "{'@odata.type':'#microsoft.graph.user','id':'u2'}]";
        twoRounds("groups", new String[] {"{'id':'g1','displayName':'One'," + members + "}",
            "{'id':'g2','displayName':'Two'," + members + "}", "{'id':'g3','displayName':'Three'," + members + "}"},
            new String[] {"{'id':'g1','@removed':{'reason':'deleted'}}", "{'id':'g2','@removed':{'reason':'changed'}}"});
        try (Connector connector = graph.connector("\"ImportUsers\":false")) {
            fullThenDelta(connector);
            assertEquals(List.of(ChangeRecord.delete("Group", "g1"), ChangeRecord.delete("Group", "g2")), host.records,
                    "the connector sends no DELETE per membership: GroupMember is contained in Group");
            assertEquals(List.of("g3"), List.copyOf(host.replica.objects("Group").keySet()));
            assertEquals(List.of("g3:u1", "g3:u2"), List.copyOf(host.replica.objects("GroupMember").keySet()),
                    "the host removed the memberships of the deleted groups");
        }
    }

    @Test
    void aRemovedMemberBecomesAGroupMemberDelete() {
        twoRounds("groups", new String[] {"{'id':'g1','displayName':'One','members@delta':["
            + "{'@odata.type':'#microsoft.graph.user','id':'u1'},{'@odata.type':'#microsoft.graph.user','id':'u2'}]}"},
            new String[] {"{'id':'g1','members@delta':[{'@odata.type':'#microsoft.graph.user','id':'u2',"
                + "'@removed':{'reason':'deleted'}},{'@odata.type':'#microsoft.graph.group','id':'g7'}]}"});
        try (Connector connector = graph.connector("\"ImportUsers\":false")) {
            ImportResult delta = fullThenDelta(connector);
            assertEquals(List.of(ChangeRecord.delete("GroupMember", "g1:u2", Map.of("groupId", "g1", "memberId", "u2")),
                    ChangeRecord.upsert("GroupMember", "g1:g7", Map.of("groupId", "g1", "memberId", "g7",
                            "memberType", "Group"))), host.records,
                    "a group that carries only member changes yields no Group record");
            assertEquals(1, delta.type("GroupMember").orElseThrow().deleted());
            assertEquals(List.of("g1:g7", "g1:u1"), List.copyOf(host.replica.objects("GroupMember").keySet()));
            assertEquals(Map.of("id", "g1", "displayName", "One"), host.replica.object("Group", "g1").orElseThrow());
        }
    }

    @Test
    void anExplicitNullClearsAndAnAbsentPropertyStaysInADeltaRound() {
        twoRounds("users", new String[] {"{'id':'u1','displayName':'Ada','jobTitle':'Clerk','mobilePhone':'+1 555',"
            + "'department':'Maps'}"}, new String[] {"{'id':'u1','jobTitle':'Cartographer','mobilePhone':null}"});
        try (Connector connector = graph.connector("\"ImportGroups\":false")) {
            fullThenDelta(connector);
            assertEquals(List.of(ChangeRecord.upsert("User", "u1", map("id", "u1", "jobTitle", "Cartographer",
                    "mobilePhone", null))), host.records, "a delta record carries what Graph sent, null included");
            assertEquals(Map.of("id", "u1", "displayName", "Ada", "jobTitle", "Cartographer", "department", "Maps"),
                    host.replica.object("User", "u1").orElseThrow());
        }
    }

    @Test
    void anExplicitNullClearsAGroupProperty() {
        twoRounds("groups", new String[] {"{'id':'g1','displayName':'One','description':'first','visibility':'Private'}"},
                new String[] {"{'id':'g1','description':null}"});
        try (Connector connector = graph.connector("\"ImportUsers\":false")) {
            fullThenDelta(connector);
            assertEquals(List.of(ChangeRecord.upsert("Group", "g1", map("id", "g1", "description", null))),
                    host.records);
            assertEquals(Map.of("id", "g1", "displayName", "One", "visibility", "Private"),
                    host.replica.object("Group", "g1").orElseThrow());
        }
    }

    @Test
    void aFullRoundDeliversEveryPropertyGraphOmitsAsNull() {
        graph.respond(graph.initial("users"),
                com.github.tomakehurst.wiremock.client.WireMock.okJson(last(graph.link("/users/delta?$deltatoken=a"),
                        "{'id':'u1','displayName':'Ada','mobilePhone':'+1 555','businessPhones':['+1 1','+1 2'],"
                                + "'accountEnabled':true}")),
                com.github.tomakehurst.wiremock.client.WireMock.okJson(last(graph.link("/users/delta?$deltatoken=b"),
                        "{'id':'u1','displayName':'Ada','businessPhones':[],'accountEnabled':false}")));
        try (Connector connector = graph.connector("\"ImportGroups\":false")) {
            host.run(connector, ImportRequest.full());
            assertEquals(Map.of("id", "u1", "displayName", "Ada", "mobilePhone", "+1 555", "businessPhones",
                    "+1 1,+1 2", "accountEnabled", true), host.replica.object("User", "u1").orElseThrow());
            host.run(connector, ImportRequest.full());
            ChangeRecord resync = host.records.get(0);
            for (String attribute : EntraSchema.userProperties()) {
                assertTrue(resync.has(attribute), "a full round's record names every attribute: " + attribute);
            }
            assertTrue(resync.has("mobilePhone") && resync.attributes().get("mobilePhone") == null, resync.toString());
            assertFalse(host.replica.object("User", "u1").orElseThrow().containsKey("mobilePhone"),
                    "a resync clears what Graph no longer has");
            assertEquals(Map.of("id", "u1", "displayName", "Ada", "businessPhones", "", "accountEnabled", false),
                    host.replica.object("User", "u1").orElseThrow());
        }
    }
}
