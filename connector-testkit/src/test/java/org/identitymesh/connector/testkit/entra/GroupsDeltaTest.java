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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GroupsDeltaTest {

    private static final String SELECT = "displayName,description,groupTypes,mailEnabled,members";

    private static SimulatedEntraTenant tenant;
    private static GraphTestClient client;
    private static EntraDirectory dir;

    @BeforeAll
    static void start() {
        tenant = SimulatedEntraTenant.start(TenantSpec.builder().users(1500).groups(120).memberships(8000)
                .largeGroups(1).largeGroupSize(1200).build());
        client = new GraphTestClient(tenant);
        dir = tenant.directory();
    }

    @AfterAll
    static void stop() {
        tenant.close();
    }

    @AfterEach
    void resetSettings() {
        tenant.settings().memberSliceSize(500);
    }

    private static String latest() {
        return client.get(client.graph("/groups/delta?$deltatoken=latest&$select=" + SELECT)).json()
                .get("@odata.deltaLink").asText();
    }

    private static Set<MemberRef> refs(JsonNode links) {
        Set<MemberRef> s = new HashSet<>();
        links.forEach(l -> s.add(new MemberRef(MemberType.fromOdataType(l.get("@odata.type").asText()),
                l.get("id").asText())));
        return s;
    }

    private static Map<String, JsonNode> byId(List<JsonNode> items) {
        Map<String, JsonNode> m = new HashMap<>();
        items.forEach(i -> m.put(i.get("id").asText(), i));
        return m;
    }

    private static String largestGroup() {
        return dir.groups().max((a, b) -> Integer.compare(dir.members(a.id()).size(), dir.members(b.id()).size()))
                .orElseThrow().id();
    }

    @Test
    void initialRoundCarriesEveryMembershipWithLargeGroupsSplitAcrossPages() {
        tenant.settings().memberSliceSize(250);
        GraphTestClient.Round round = client.round(client.graph("/groups/delta?$select=" + SELECT),
                "Prefer", "odata.maxpagesize=40");
        Map<String, Set<MemberRef>> got = new HashMap<>();
        Map<String, Integer> appearances = new HashMap<>();
        Map<String, List<Integer>> pagesOf = new HashMap<>();
        for (int p = 0; p < round.pages().size(); p++) {
            for (JsonNode g : round.pages().get(p).get("value")) {
                String id = g.get("id").asText();
                appearances.merge(id, 1, Integer::sum);
                pagesOf.computeIfAbsent(id, k -> new ArrayList<>()).add(p);
                Set<MemberRef> members = got.computeIfAbsent(id, k -> new HashSet<>());
                if (g.has("members@delta")) {
                    JsonNode slice = g.get("members@delta");
                    assertTrue(slice.size() <= 250, "a slice holds at most the slice size");
                    assertTrue(slice.size() > 0, "an empty slice is omitted");
                    members.addAll(refs(slice));
                }
                assertTrue(g.has("displayName"));
            }
        }
        assertEquals(dir.groupCount(), got.size());
        Set<MemberType> types = new HashSet<>();
        int withoutMembers = 0;
        for (ObjectSnapshot g : dir.groups().collect(Collectors.toList())) {
            List<MemberRef> expected = dir.members(g.id());
            assertEquals(new HashSet<>(expected), got.get(g.id()), g.id());
            expected.forEach(m -> types.add(m.type()));
            if (expected.isEmpty()) {
                withoutMembers++;
            }
        }
        assertEquals(Set.of(MemberType.values()), types, "users, nested groups, service principals, devices, contacts");
        assertTrue(withoutMembers > 0, "some groups have no members and so no members@delta");
        String large = largestGroup();
        int size = dir.members(large).size();
        assertEquals((size + 249) / 250, appearances.get(large));
        assertTrue(pagesOf.get(large).size() == new HashSet<>(pagesOf.get(large)).size(),
                "each slice of a large group is on a later page");
    }

    @Test
    void withoutMembersInTheSelectNoMembersDeltaIsSent() {
        GraphTestClient.Round round = client.round(client.graph("/groups/delta?$select=displayName"),
                "Prefer", "odata.maxpagesize=200");
        assertEquals(1, round.pages().size());
        round.items().forEach(g -> assertFalse(g.has("members@delta")));
    }

    @Test
    void withoutSelectGroupsComeWithAllPropertiesAndMembers() {
        GraphTestClient.Response r = client.get(client.graph("/groups/delta()"), "Prefer", "odata.maxpagesize=5");
        assertEquals(200, r.status(), r.body());
        JsonNode first = r.json().get("value").get(0);
        assertTrue(first.has("securityEnabled") && first.has("groupTypes") && first.has("createdDateTime"));
        boolean anyMembers = false;
        for (JsonNode g : r.json().get("value")) {
            anyMembers |= g.has("members@delta");
        }
        assertTrue(anyMembers);
    }

    @Test
    void memberChangesComeAsTheGroupWithOnlyTheChangedMembers() {
        ObjectSnapshot group = dir.groups().filter(g -> dir.members(g.id()).size() > 3).findFirst().orElseThrow();
        MemberRef removed = dir.members(group.id()).get(0);
        ObjectSnapshot newcomer = dir.users().filter(u -> !dir.members(group.id()).contains(MemberRef.user(u.id())))
                .findFirst().orElseThrow();
        String link = latest();
        assertTrue(dir.removeMember(group.id(), removed));
        assertTrue(dir.addMember(group.id(), newcomer.id(), MemberType.USER));
        assertFalse(dir.addMember(group.id(), newcomer.id(), MemberType.USER), "already a member");

        JsonNode minimal = byId(client.round(link, "Prefer", "return=minimal").items()).get(group.id());
        List<String> keys = new ArrayList<>();
        minimal.fieldNames().forEachRemaining(keys::add);
        assertEquals(Set.of("id", "members@delta"), new HashSet<>(keys));
        JsonNode links = minimal.get("members@delta");
        assertEquals(2, links.size());
        Map<String, JsonNode> linkById = byId(List.of(links.get(0), links.get(1)));
        assertEquals("deleted", linkById.get(removed.id()).at("/@removed/reason").asText());
        assertEquals(removed.type().odataType(), linkById.get(removed.id()).get("@odata.type").asText());
        assertFalse(linkById.get(newcomer.id()).has("@removed"));

        JsonNode full = byId(client.round(link).items()).get(group.id());
        assertEquals(group.get("displayName"), full.get("displayName").asText());
        assertEquals(2, full.get("members@delta").size());
    }

    @Test
    void largeMemberChangesAreSplitAcrossPagesInDeltaRoundsToo() {
        tenant.settings().memberSliceSize(10);
        String group = dir.addGroup(Map.of("displayName", "Équipe Δelta"));
        List<String> users = dir.users().limit(35).map(ObjectSnapshot::id).collect(Collectors.toList());
        String link = latest();
        users.forEach(u -> dir.addMember(group, u, MemberType.USER));
        dir.updateGroup(group, Map.of("description", "after"));
        GraphTestClient.Round round = client.round(link, "Prefer", "return=minimal");
        List<JsonNode> appearances = round.items().stream().filter(i -> i.get("id").asText().equals(group))
                .collect(Collectors.toList());
        assertEquals(4, appearances.size());
        Set<MemberRef> all = new HashSet<>();
        appearances.forEach(a -> all.addAll(refs(a.get("members@delta"))));
        assertEquals(users.stream().map(MemberRef::user).collect(Collectors.toSet()), all);
        assertEquals(4, round.pages().size(), "a split group ends its page");
    }

    @Test
    void createdGroupsComeWholeWithTheirMembers() {
        String link = latest();
        String group = dir.addGroup(Map.of("displayName", "李雷's team", "groupTypes", List.of("Unified"),
                "mailEnabled", true, "securityEnabled", false));
        String user = dir.users().findFirst().orElseThrow().id();
        dir.addMember(group, user, MemberType.USER);
        JsonNode g = byId(client.round(link, "Prefer", "return=minimal").items()).get(group);
        assertEquals("李雷's team", g.get("displayName").asText());
        assertEquals("Unified", g.at("/groupTypes/0").asText());
        assertTrue(g.get("mailEnabled").asBoolean());
        assertEquals(Set.of(MemberRef.user(user)), refs(g.get("members@delta")));
    }

    @Test
    void deletingAUserRemovesItFromItsGroupsAndRestoringBringsItBack() {
        MemberRef member = dir.members(largestGroup()).get(0);
        Set<String> groupsOfUser = dir.groups().filter(g -> dir.members(g.id()).contains(member))
                .map(ObjectSnapshot::id).collect(Collectors.toSet());
        String link = latest();
        dir.deleteUser(member.id(), Deletion.SOFT);
        GraphTestClient.Round round = client.round(link, "Prefer", "return=minimal");
        Set<String> changed = new HashSet<>();
        for (JsonNode g : round.items()) {
            for (JsonNode l : g.get("members@delta")) {
                if (l.get("id").asText().equals(member.id())) {
                    assertEquals("deleted", l.at("/@removed/reason").asText());
                    changed.add(g.get("id").asText());
                }
            }
        }
        assertEquals(groupsOfUser, changed);
        dir.restoreUser(member.id());
        groupsOfUser.forEach(g -> assertTrue(dir.members(g).contains(member)));
        Set<String> readded = client.round(round.deltaLink(), "Prefer", "return=minimal").items().stream()
                .filter(g -> !g.get("members@delta").get(0).has("@removed")).map(g -> g.get("id").asText())
                .collect(Collectors.toSet());
        assertEquals(groupsOfUser, readded);
    }

    @Test
    void groupDeletesAndClearedProperties() {
        List<String> ids = dir.groups().skip(5).limit(3).map(ObjectSnapshot::id).collect(Collectors.toList());
        String link = latest();
        dir.deleteGroup(ids.get(0), Deletion.SOFT);
        dir.deleteGroup(ids.get(1), Deletion.HARD);
        dir.updateGroup(ids.get(2), Map.of("description", "x"));
        dir.clearGroupProperty(ids.get(2), "description");
        Map<String, JsonNode> got = byId(client.round(link).items());
        assertEquals("changed", got.get(ids.get(0)).at("/@removed/reason").asText());
        assertEquals("deleted", got.get(ids.get(1)).at("/@removed/reason").asText());
        assertTrue(got.get(ids.get(2)).get("description").isNull());
        dir.restoreGroup(ids.get(0));
    }
}
