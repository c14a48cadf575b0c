package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A group soft-deleted and restored within one delta round comes back with its current members and a removal link
 * for every member removed in the round: a client that never saw the deletion still holds those members.
 */
class RestoredGroupMembersTest {

    private static final String SELECT = "displayName,members";

    @Test
    void aGroupRestoredWithinTheRoundReportsTheMembersRemovedMeanwhile() {
        try (SimulatedEntraTenant tenant = SimulatedEntraTenant.start(TenantSpec.builder().users(60).groups(6)
                .memberships(150).build())) {
            GraphTestClient client = new GraphTestClient(tenant);
            EntraDirectory dir = tenant.directory();
            String group = dir.groups().filter(g -> dir.members(g.id()).size() >= 4).findFirst().orElseThrow().id();
            List<MemberRef> before = dir.members(group);
            String deltaLink = client.round(client.graph("/groups/delta?$select=" + SELECT)).deltaLink();

            dir.removeMember(group, before.get(0));
            dir.deleteGroup(group, Deletion.SOFT);
            dir.restoreGroup(group);
            dir.removeMember(group, before.get(1));

            Set<String> added = new HashSet<>();
            Set<String> removed = new HashSet<>();
            for (JsonNode item : client.round(deltaLink).items()) {
                if (item.get("id").asText().equals(group) && item.has("members@delta")) {
                    for (JsonNode link : item.get("members@delta")) {
                        (link.has("@removed") ? removed : added).add(link.get("id").asText());
                    }
                }
            }
            assertEquals(Set.of(before.get(0).id(), before.get(1).id()), removed);
            Set<String> current = new HashSet<>();
            dir.members(group).forEach(m -> current.add(m.id()));
            assertEquals(current, added);
            assertTrue(current.size() >= 2);
        }
    }
}
