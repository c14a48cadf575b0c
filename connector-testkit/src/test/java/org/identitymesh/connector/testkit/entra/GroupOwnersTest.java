package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Group owners: generated per group, {@code owners@delta} in the groups delta and {@code /groups/{id}/owners}. */
class GroupOwnersTest {

    private SimulatedEntraTenant tenant;
    private GraphTestClient client;
    private EntraDirectory dir;

    @BeforeEach
    void start() {
        tenant = SimulatedEntraTenant.start(TenantSpec.builder().users(300).groups(30).memberships(900).build());
        client = new GraphTestClient(tenant);
        dir = tenant.directory();
    }

    @AfterEach
    void stop() {
        tenant.close();
    }

    private static List<String> ids(JsonNode links) {
        List<String> out = new ArrayList<>();
        if (links != null) {
            links.forEach(l -> out.add(l.get("id").asText()));
        }
        return out;
    }

    private JsonNode item(List<JsonNode> items, String id) {
        return items.stream().filter(i -> i.get("id").asText().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theInitialRoundListsEveryOwnerOnlyWhenOwnersAreSelected() {
        assertTrue(dir.ownershipCount() > 0);
        assertTrue(dir.groups().anyMatch(g -> dir.owners(g.id()).isEmpty()), "some groups have no owner");
        GraphTestClient.Round round = client.round(client.graph("/groups/delta?$select=displayName,members,owners"),
                "Prefer", "odata.maxpagesize=7");
        for (ObjectSnapshot group : dir.groups().toList()) {
            List<String> owners = dir.owners(group.id()).stream().map(MemberRef::id).toList();
            List<JsonNode> appearances = round.items().stream().filter(i -> i.get("id").asText().equals(group.id()))
                    .toList();
            assertEquals(owners, ids(appearances.get(0).get("owners@delta")), group.id());
            assertEquals(owners.isEmpty(), !appearances.get(0).has("owners@delta"),
                    "a group without owners carries no owners@delta");
        }
        assertTrue(round.pages().get(0).get("@odata.context").asText().endsWith("(displayName,members,owners)"));
        GraphTestClient.Round without = client.round(client.graph("/groups/delta?$select=displayName,members"));
        assertTrue(without.items().stream().noneMatch(i -> i.has("owners@delta")));
        assertEquals(400, client.get(client.graph("/users/delta?$select=displayName,owners")).status(),
                "owners is a relationship of groups");
    }

    @Test
    void aDeltaRoundReportsOwnersAddedAndRemovedAndOwnersThatWereDeleted() {
        String link = client.round(client.graph("/groups/delta?$select=displayName,owners")).deltaLink();
        ObjectSnapshot owned = dir.groups().filter(g -> dir.owners(g.id()).stream()
                .anyMatch(o -> o.type() == MemberType.USER)).findFirst().orElseThrow();
        MemberRef leaving = dir.owners(owned.id()).stream().filter(o -> o.type() == MemberType.USER).findFirst()
                .orElseThrow();
        ObjectSnapshot other = dir.groups().filter(g -> !g.id().equals(owned.id())).findFirst().orElseThrow();
        String newOwner = dir.users().filter(u -> dir.owners(other.id()).stream().noneMatch(o -> o.id().equals(u.id())))
                .findFirst().orElseThrow().id();
        String principal = dir.plainObjectIds(MemberType.SERVICE_PRINCIPAL).get(0);
        assertTrue(dir.addOwner(other.id(), newOwner, MemberType.USER));
        assertFalse(dir.addOwner(other.id(), newOwner, MemberType.USER), "already an owner");
        assertTrue(dir.addOwner(other.id(), principal, MemberType.SERVICE_PRINCIPAL));
        assertTrue(dir.removeOwner(owned.id(), leaving.id(), MemberType.USER));
        assertThrows(IllegalArgumentException.class, () -> dir.addOwner(other.id(), principal, MemberType.DEVICE));

        GraphTestClient.Round round = client.round(link);
        JsonNode added = item(round.items(), other.id());
        assertEquals(List.of(principal, newOwner).stream().sorted().toList(),
                ids(added.get("owners@delta")).stream().sorted().toList());
        JsonNode removed = item(round.items(), owned.id()).get("owners@delta").get(0);
        assertEquals(leaving.id(), removed.get("id").asText());
        assertEquals("deleted", removed.at("/@removed/reason").asText());

        // deleting a user removes it as an owner; restoring it brings the ownership back
        dir.deleteUser(newOwner, Deletion.SOFT);
        assertTrue(dir.owners(other.id()).stream().noneMatch(o -> o.id().equals(newOwner)));
        GraphTestClient.Round afterDelete = client.round(round.deltaLink());
        JsonNode gone = item(afterDelete.items(), other.id()).get("owners@delta").get(0);
        assertEquals(newOwner, gone.get("id").asText());
        assertTrue(gone.has("@removed"));
        dir.restoreUser(newOwner);
        assertTrue(dir.owners(other.id()).stream().anyMatch(o -> o.id().equals(newOwner)));
        GraphTestClient.Round afterRestore = client.round(afterDelete.deltaLink());
        JsonNode back = item(afterRestore.items(), other.id()).get("owners@delta").get(0);
        assertEquals(newOwner, back.get("id").asText());
        assertFalse(back.has("@removed"));
    }

    @Test
    void theOwnersEndpointPagesAGroupsOwners() {
        ObjectSnapshot group = dir.groups().findFirst().orElseThrow();
        for (String user : dir.users().limit(5).map(ObjectSnapshot::id).toList()) {
            dir.addOwner(group.id(), user, MemberType.USER);
        }
        List<String> expected = dir.owners(group.id()).stream().map(MemberRef::id).collect(Collectors.toList());
        List<String> got = new ArrayList<>();
        String next = client.graph("/groups/" + group.id() + "/owners?$select=id&$top=2");
        int pages = 0;
        while (next != null) {
            GraphTestClient.Response r = client.get(next);
            assertEquals(200, r.status(), r.body());
            got.addAll(ids(r.json().get("value")));
            next = r.json().path("@odata.nextLink").asText(null);
            pages++;
        }
        assertEquals(expected, got);
        assertEquals((expected.size() + 1) / 2, pages);
        assertEquals(pages, tenant.journal().count(RequestKind.GROUP_OWNERS));
        dir.addMember(group.id(), dir.users().skip(10).findFirst().orElseThrow().id(), MemberType.USER);
        dir.addMember(group.id(), dir.users().skip(11).findFirst().orElseThrow().id(), MemberType.USER);
        GraphTestClient.Response members = client.get(client.graph("/groups/" + group.id() + "/members?$top=1"));
        String ownersWithMembersToken = members.json().get("@odata.nextLink").asText().replace("/members?", "/owners?");
        assertEquals(400, client.get(ownersWithMembersToken).status(), "a members token is not an owners token");
    }
}
