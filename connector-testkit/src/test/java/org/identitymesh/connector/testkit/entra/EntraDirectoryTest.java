package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EntraDirectoryTest {

    private EntraDirectory dir;

    @BeforeEach
    void generate() {
        dir = new EntraDirectory(DirectoryGenerator.generate(TenantSpec.builder().users(100).groups(10)
                .memberships(300).build()), SimulatedClock.fixed(Instant.parse("2026-05-05T05:05:05Z")));
    }

    @Test
    void addUserFillsDefaultsAndKeepsGivenValues() {
        String id = dir.addUser(Map.of("displayName", "Zoë Ångström", "jobTitle", "Ingénieure",
                "businessPhones", List.of("+46 8 123")));
        ObjectSnapshot u = dir.user(id).orElseThrow();
        assertEquals("Zoë Ångström", u.get("displayName"));
        assertEquals(List.of("+46 8 123"), u.get("businessPhones"));
        assertEquals(Boolean.TRUE, u.get("accountEnabled"));
        assertEquals("Member", u.get("userType"));
        assertTrue(((String) u.get("userPrincipalName")).startsWith("zoe.angstrom."));
        assertTrue(((String) u.get("userPrincipalName")).endsWith("@contoso.onmicrosoft.com"));
        assertEquals("2026-05-05T05:05:05Z", u.get("createdDateTime"));
        assertFalse(u.has("mail"), "never set");
        assertEquals(101, dir.userCount());
        assertTrue(IdTable.isCanonical(id));
    }

    @Test
    void addUserWithAGivenIdChecksIt() {
        String id = "0a0b0c0d-0e0f-4000-8000-000000000001";
        dir.addUser(id, Map.of("displayName", "Fixed"));
        assertEquals("Fixed", dir.user(id).orElseThrow().get("displayName"));
        assertThrows(IllegalArgumentException.class, () -> dir.addUser(id, Map.of("displayName", "Again")));
        assertThrows(IllegalArgumentException.class, () -> dir.addUser("NOT-A-GUID", Map.of("displayName", "x")));
        assertThrows(IllegalArgumentException.class, () -> dir.addUser(Map.of("jobTitle", "no name")));
        assertEquals(id, dir.users().filter(u -> u.id().equals(id)).findFirst().orElseThrow().id(),
                "added users join the id-ordered stream");
    }

    @Test
    void updatesValidateNamesTypesAndReferences() {
        String id = dir.users().findFirst().orElseThrow().id();
        assertThrows(IllegalArgumentException.class, () -> dir.updateUser(id, Map.of("favouriteColour", "blue")));
        assertThrows(IllegalArgumentException.class, () -> dir.updateUser(id, Map.of("accountEnabled", "yes")));
        assertThrows(IllegalArgumentException.class, () -> dir.updateUser(id, Map.of("businessPhones", "+1")));
        assertThrows(NoSuchElementException.class, () -> dir.updateUser(id, Map.of("manager",
                "00000000-0000-4000-8000-000000000000")));
        assertThrows(IllegalArgumentException.class, () -> dir.updateUser(id, Map.of("manager", id)));
        assertThrows(NoSuchElementException.class, () -> dir.updateUser("00000000-0000-4000-8000-000000000000",
                Map.of("jobTitle", "x")));
        String untitled = dir.users().filter(u -> !u.has("jobTitle")).findFirst().orElseThrow().id();
        Map<String, Object> clear = new HashMap<>();
        clear.put("jobTitle", null);
        dir.updateUser(untitled, clear);
        assertFalse(dir.user(untitled).orElseThrow().has("jobTitle"), "clearing what was never set changes nothing");
    }

    @Test
    void licencesAreListsOfAssignedLicensesThatTestsCanChange() {
        String id = dir.addUser(Map.of("displayName", "Room 4.01"));
        assertEquals(List.of(), dir.user(id).orElseThrow().get("assignedLicenses"), "a new user holds no licence");

        List<AssignedLicense> e3AndExchange = List.of(
                new AssignedLicense(AssignedLicense.MICROSOFT_365_E3, List.of(AssignedLicense.TEAMS_SERVICE_PLAN)),
                AssignedLicense.of(AssignedLicense.EXCHANGE_ONLINE_PLAN_1));
        dir.updateUser(id, Map.of("assignedLicenses", e3AndExchange));
        assertEquals(e3AndExchange, dir.user(id).orElseThrow().get("assignedLicenses"));
        dir.updateUser(id, Map.of("assignedLicenses", List.of()));
        assertEquals(List.of(), dir.user(id).orElseThrow().get("assignedLicenses"));

        assertThrows(IllegalArgumentException.class, () -> dir.updateUser(id,
                Map.of("assignedLicenses", List.of(AssignedLicense.MICROSOFT_365_E3))), "a list of licences, not SKUs");
        assertThrows(IllegalArgumentException.class, () -> AssignedLicense.of("SPE_E3"));
        assertThrows(IllegalArgumentException.class, () -> AssignedLicense.of(AssignedLicense.MICROSOFT_365_E3
                .toUpperCase(java.util.Locale.ROOT)));
        assertThrows(NullPointerException.class, () -> new AssignedLicense(AssignedLicense.MICROSOFT_365_E5, null));
        assertThrows(IllegalArgumentException.class, () -> dir.addGroup(Map.of("displayName", "G",
                "assignedLicenses", List.of())), "groups have no assignedLicenses here");
    }

    @Test
    void clearingKeepsThePropertyAsNull() {
        ObjectSnapshot u = dir.users().filter(x -> x.get("mail") != null).findFirst().orElseThrow();
        dir.clearUserProperty(u.id(), "mail");
        ObjectSnapshot after = dir.user(u.id()).orElseThrow();
        assertTrue(after.has("mail"));
        assertEquals(null, after.get("mail"));
        assertEquals(u.get("displayName"), after.get("displayName"), "other properties unchanged");
    }

    @Test
    void deletesCascadeToMembershipsAndRestoresBringThemBack() {
        String group = dir.groups().filter(g -> !dir.members(g.id()).isEmpty()).findFirst().orElseThrow().id();
        MemberRef user = dir.members(group).stream().filter(m -> m.type() == MemberType.USER).findFirst().orElseThrow();
        dir.deleteUser(user.id(), Deletion.SOFT);
        assertTrue(dir.isSoftDeleted(user.id()));
        assertTrue(dir.user(user.id()).isEmpty());
        assertFalse(dir.members(group).contains(user));
        assertThrows(NoSuchElementException.class, () -> dir.deleteUser(user.id(), Deletion.SOFT));
        assertThrows(NoSuchElementException.class, () -> dir.addMember(group, user));
        dir.restoreUser(user.id());
        assertTrue(dir.members(group).contains(user));
        assertFalse(dir.isSoftDeleted(user.id()));

        dir.deleteUser(user.id(), Deletion.SOFT);
        dir.deleteUser(user.id(), Deletion.HARD);
        assertThrows(NoSuchElementException.class, () -> dir.restoreUser(user.id()));
        assertThrows(NoSuchElementException.class, () -> dir.deleteUser(user.id(), Deletion.HARD));
    }

    @Test
    void nestedGroupsAndPlainMemberObjects() {
        List<String> g = dir.groups().limit(2).map(ObjectSnapshot::id).collect(Collectors.toList());
        String sp = dir.addPlainObject(MemberType.SERVICE_PRINCIPAL);
        assertTrue(dir.addMember(g.get(0), sp, MemberType.SERVICE_PRINCIPAL));
        assertTrue(dir.plainObjectIds(MemberType.SERVICE_PRINCIPAL).contains(sp));
        dir.addMember(g.get(0), MemberRef.group(g.get(1)));
        assertThrows(IllegalArgumentException.class, () -> dir.addMember(g.get(0), MemberRef.group(g.get(0))));
        assertThrows(IllegalArgumentException.class, () -> dir.addPlainObject(MemberType.USER));
        dir.deleteGroup(g.get(1), Deletion.SOFT);
        assertFalse(dir.members(g.get(0)).contains(MemberRef.group(g.get(1))));
        dir.restoreGroup(g.get(1));
        assertTrue(dir.members(g.get(0)).contains(MemberRef.group(g.get(1))));
        assertTrue(dir.removeMember(g.get(0), sp, MemberType.SERVICE_PRINCIPAL));
        assertFalse(dir.removeMember(g.get(0), sp, MemberType.SERVICE_PRINCIPAL));
        dir.deleteGroup(g.get(1), Deletion.HARD);
        assertThrows(NoSuchElementException.class, () -> dir.members(g.get(1)));
    }

    @Test
    void groupsGetSecurityGroupDefaults() {
        String id = dir.addGroup(Map.of("displayName", "Ωmega Projekt"));
        ObjectSnapshot g = dir.group(id).orElseThrow();
        assertEquals(Boolean.TRUE, g.get("securityEnabled"));
        assertEquals(Boolean.FALSE, g.get("mailEnabled"));
        assertEquals(List.of(), g.get("groupTypes"));
        assertTrue(dir.members(id).isEmpty());
        assertEquals(11, dir.groupCount());
    }

    @Test
    void groupsFollowTheSameRulesAsUsers() {
        String id = "0a0b0c0d-0e0f-4000-8000-000000000002";
        dir.addGroup(id, Map.of("displayName", "Fixed", "description", "d"));
        assertEquals("Fixed", dir.group(id).orElseThrow().get("displayName"));
        assertTrue(((String) dir.group(id).orElseThrow().get("mailNickname")).startsWith("fixed."));
        assertEquals("2026-05-05T05:05:05Z", dir.group(id).orElseThrow().get("createdDateTime"));
        assertThrows(IllegalArgumentException.class, () -> dir.addGroup(id, Map.of("displayName", "Again")));
        assertThrows(IllegalArgumentException.class, () -> dir.addGroup("NOT-A-GUID", Map.of("displayName", "x")));
        assertThrows(IllegalArgumentException.class, () -> dir.addGroup(Map.of("description", "no name")));
        assertThrows(IllegalArgumentException.class, () -> dir.updateGroup(id, Map.of("manager", id)),
                "groups have no manager");
        assertThrows(IllegalArgumentException.class, () -> dir.updateGroup(id, Map.of("mailEnabled", "yes")));
        assertThrows(NoSuchElementException.class, () -> dir.updateGroup("00000000-0000-4000-8000-000000000000",
                Map.of("description", "x")));

        dir.clearGroupProperty(id, "description");
        assertTrue(dir.group(id).orElseThrow().has("description"));
        assertEquals(null, dir.group(id).orElseThrow().get("description"));

        dir.deleteGroup(id, Deletion.SOFT);
        assertTrue(dir.isSoftDeleted(id));
        assertTrue(dir.group(id).isEmpty());
        assertEquals(10, dir.groupCount());
        assertThrows(NoSuchElementException.class, () -> dir.deleteGroup(id, Deletion.SOFT));
        dir.restoreGroup(id);
        assertEquals(11, dir.groupCount());
        dir.deleteGroup(id, Deletion.HARD);
        assertThrows(NoSuchElementException.class, () -> dir.restoreGroup(id));
        assertThrows(NoSuchElementException.class, () -> dir.deleteGroup(id, Deletion.HARD));
    }
}
