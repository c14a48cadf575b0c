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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code manager@delta} with {@code ImportManager}: set as an array or an object, cleared when removed. */
class ManagerTest {

    @RegisterExtension
    static final WireMockGraph graph = new WireMockGraph();

    private static final String WITH_MANAGER = "\"ImportGroups\":false,\"ImportManager\":true";

    private final Recorder host = new Recorder();

    private void rounds(String[] first, String[] second) {
        String d1 = graph.link("/users/delta?$deltatoken=d1");
        graph.page(graph.initial("users"), last(d1, first));
        graph.page(graph.at(d1), last(graph.link("/users/delta?$deltatoken=d2"), second));
    }

    private ImportResult fullThenDelta(Connector connector) {
        ImportResult first = host.run(connector, ImportRequest.full());
        return host.run(connector, ImportRequest.delta(first.watermark()));
    }

    private Object managerOf(String user) {
        return host.replica.object("User", user).orElseThrow().get("managerId");
    }

    @Test
    void theUsersSelectAsksForTheManager() {
        rounds(new String[0], new String[0]);
        try (Connector connector = graph.connector(WITH_MANAGER)) {
            host.run(connector, ImportRequest.full());
            String select = graph.deltaRequests("users").get(0).queryParameter("$select").firstValue();
            assertTrue(List.of(select.split(",")).contains("manager"), select);
        }
    }

    @Test
    void aManagerAsAnArrayOfOneOrAsAnObjectSetsManagerId() {
        rounds(new String[] {"{'id':'u1','displayName':'A','manager@delta':[{'@odata.type':'#microsoft.graph.user',"
            + "'id':'m1'}]}", "{'id':'u2','displayName':'B','manager@delta':{'@odata.type':'#microsoft.graph.user',"
            + "'id':'m2'}}", "{'id':'u3','displayName':'C'}"}, new String[0]);
        try (Connector connector = graph.connector(WITH_MANAGER)) {
            host.run(connector, ImportRequest.full());
            assertEquals("m1", managerOf("u1"));
            assertEquals("m2", managerOf("u2"));
            assertTrue(host.of("User").get(2).has("managerId"), "a full round names managerId even without a manager");
            assertFalse(host.replica.object("User", "u3").orElseThrow().containsKey("managerId"));
        }
    }

    @Test
    void aChangedManagerReplacesTheOldOneAndARemovedManagerClearsIt() {
        String m = "'@odata.type':'#microsoft.graph.user'";
        rounds(new String[] {"{'id':'u1','manager@delta':[{" + m + ",'id':'m1'}]}",
            "{'id':'u2','manager@delta':[{" + m + ",'id':'m1'}]}", "{'id':'u3','manager@delta':{" + m + ",'id':'m1'}}",
            "{'id':'u4','manager@delta':[{" + m + ",'id':'m1'}]}", "{'id':'u5','manager@delta':[{" + m + ",'id':'m1'}]}"},
            new String[] {"{'id':'u1','manager@delta':[{" + m + ",'id':'m9'}]}",
                "{'id':'u2','manager@delta':[{" + m + ",'id':'m1','@removed':{'reason':'deleted'}}]}",
                "{'id':'u3','manager@delta':{" + m + ",'id':'m1','@removed':{'reason':'changed'}}}",
                "{'id':'u4','displayName':'Unrelated change'}"});
        try (Connector connector = graph.connector(WITH_MANAGER)) {
            fullThenDelta(connector);
            assertEquals("m9", managerOf("u1"));
            Map<String, Object> cleared = new HashMap<>();
            cleared.put("id", "u2");
            cleared.put("managerId", null);
            assertEquals(ChangeRecord.upsert("User", "u2", cleared), host.records.get(1));
            assertFalse(host.replica.object("User", "u2").orElseThrow().containsKey("managerId"));
            assertFalse(host.replica.object("User", "u3").orElseThrow().containsKey("managerId"));
            assertEquals("m1", managerOf("u4"), "a delta without manager@delta leaves the manager alone");
            assertEquals("m1", managerOf("u5"));
        }
    }

    @Test
    void withoutImportManagerTheManagerIsNeitherSelectedNorDelivered() {
        rounds(new String[] {"{'id':'u1','displayName':'A','manager@delta':[{'@odata.type':'#microsoft.graph.user',"
            + "'id':'m1'}]}"}, new String[0]);
        try (Connector connector = graph.connector("\"ImportGroups\":false")) {
            host.run(connector, ImportRequest.full());
            String select = graph.deltaRequests("users").get(0).queryParameter("$select").firstValue();
            assertFalse(List.of(select.split(",")).contains("manager"), select);
            assertFalse(host.records.get(0).has("managerId"));
        }
    }
}
