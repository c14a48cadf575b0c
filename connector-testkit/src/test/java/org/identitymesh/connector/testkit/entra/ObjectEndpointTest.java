package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ObjectEndpointTest {

    private static SimulatedEntraTenant tenant;
    private static GraphTestClient client;

    @BeforeAll
    static void start() {
        tenant = SimulatedEntraTenant.start(TenantSpec.builder().users(20).groups(4).memberships(40).build());
        client = new GraphTestClient(tenant);
        client.fetchToken();
    }

    @AfterAll
    static void stop() {
        tenant.close();
    }

    @Test
    void returnsEverySelectedPropertyWithNullForUnset() {
        String id = tenant.directory().addUser(Map.of("displayName", "Ada"));
        long before = tenant.journal().count(RequestKind.OBJECT);
        GraphTestClient.Response r = client.get(client.graph("/users/" + id + "?$select=displayName,jobTitle"));
        assertEquals(200, r.status(), r.body());
        JsonNode user = r.json();
        assertEquals(id, user.get("id").asText());
        assertEquals("Ada", user.get("displayName").asText());
        assertTrue(user.has("jobTitle") && user.get("jobTitle").isNull(), r.body());
        assertFalse(user.has("mail"), "only what was selected");
        assertEquals(before + 1, tenant.journal().count(RequestKind.OBJECT));
    }

    @Test
    void groupsToo_andDeletedObjectsAreNotFound() {
        String id = tenant.directory().groups().findFirst().orElseThrow().id();
        JsonNode group = client.get(client.graph("/groups/" + id + "?$select=displayName,groupTypes")).json();
        assertTrue(group.get("groupTypes").isArray(), group.toString());
        tenant.directory().deleteGroup(id, Deletion.SOFT);
        GraphTestClient.Response gone = client.get(client.graph("/groups/" + id));
        assertEquals(404, gone.status());
        assertEquals("Request_ResourceNotFound", gone.json().get("error").get("code").asText());
    }
}
