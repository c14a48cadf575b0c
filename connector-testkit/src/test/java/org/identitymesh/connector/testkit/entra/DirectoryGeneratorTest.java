package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DirectoryGeneratorTest {

    private static EntraDirectory t1;
    private static List<ObjectSnapshot> users;
    private static List<ObjectSnapshot> groups;
    private static Map<String, List<MemberRef>> members;

    @BeforeAll
    static void generate() {
        t1 = directory(TenantSpec.t1());
        users = t1.users().collect(Collectors.toList());
        groups = t1.groups().collect(Collectors.toList());
        members = new HashMap<>();
        groups.forEach(g -> members.put(g.id(), t1.members(g.id())));
    }

    private static EntraDirectory directory(TenantSpec spec) {
        return new EntraDirectory(DirectoryGenerator.generate(spec), Clock.systemUTC());
    }

    @Test
    void theSameSeedGivesTheSameTenant() {
        EntraDirectory again = directory(TenantSpec.t1());
        assertEquals(users, again.users().collect(Collectors.toList()));
        assertEquals(groups, again.groups().collect(Collectors.toList()));
        for (ObjectSnapshot g : groups) {
            assertEquals(members.get(g.id()), again.members(g.id()));
        }
        EntraDirectory other = directory(TenantSpec.builder().seed(7).users(20_000).groups(2_000)
                .memberships(100_000).build());
        assertNotEquals(users.get(0).id(), other.users().findFirst().orElseThrow().id());
    }

    @Test
    void sizesMatchTheSpec() {
        assertEquals(20_000, users.size());
        assertEquals(2_000, groups.size());
        long links = members.values().stream().mapToLong(List::size).sum();
        assertEquals(links, t1.membershipCount());
        assertTrue(links > 99_000 && links <= 100_000, "memberships: " + links);
    }

    @Test
    void membershipIsSkewedWithOneVeryLargeGroupAndSomeEmptyOnes() {
        List<Integer> sizes = members.values().stream().map(List::size).sorted(Comparator.reverseOrder())
                .collect(Collectors.toList());
        assertEquals(5_000, sizes.get(0));
        assertTrue(sizes.get(1) < 5_000);
        long top20 = sizes.subList(0, 20).stream().mapToLong(Integer::intValue).sum();
        assertTrue(top20 > 100_000 / 5, "the top 1% of groups hold more than a fifth of the links: " + top20);
        int median = sizes.get(sizes.size() / 2);
        assertTrue(median < 50, "most groups are small: median " + median);
        long empty = sizes.stream().filter(s -> s == 0).count();
        assertTrue(empty >= 150 && empty <= 250, "about a tenth are empty: " + empty);
    }

    @Test
    void membersIncludeNestedGroupsServicePrincipalsDevicesAndContactsWithoutCycles() {
        Map<MemberType, Long> byType = members.values().stream().flatMap(List::stream)
                .collect(Collectors.groupingBy(MemberRef::type, Collectors.counting()));
        assertEquals(Set.of(MemberType.values()), byType.keySet());
        assertTrue(byType.get(MemberType.USER) > 90_000);
        assertTrue(byType.get(MemberType.GROUP) >= 50, "nested groups: " + byType.get(MemberType.GROUP));
        // acyclic: a depth-first walk never meets a group on its own path
        Map<String, Integer> state = new HashMap<>();
        for (ObjectSnapshot g : groups) {
            assertTrue(acyclic(g.id(), state), "cycle through " + g.id());
        }
    }

    private static boolean acyclic(String group, Map<String, Integer> state) {
        Integer s = state.get(group);
        if (s != null) {
            return s == 2;
        }
        state.put(group, 1);
        for (MemberRef m : members.get(group)) {
            if (m.type() == MemberType.GROUP && !acyclic(m.id(), state)) {
                return false;
            }
        }
        state.put(group, 2);
        return true;
    }

    @Test
    void usersIncludeGuestsDisabledAccountsMissingMailAndNonAsciiNames() {
        List<ObjectSnapshot> guests = users.stream().filter(u -> "Guest".equals(u.get("userType")))
                .collect(Collectors.toList());
        assertRatio("guests", guests.size(), 0.05);
        guests.forEach(g -> assertTrue(((String) g.get("userPrincipalName")).contains("#EXT#@")));
        users.stream().filter(u -> "Member".equals(u.get("userType")))
                .forEach(u -> assertTrue(!((String) u.get("userPrincipalName")).contains("#EXT#")));
        assertRatio("disabled", users.stream().filter(u -> Boolean.FALSE.equals(u.get("accountEnabled"))).count(), 0.05);
        List<ObjectSnapshot> memberUsers = users.stream().filter(u -> "Member".equals(u.get("userType")))
                .collect(Collectors.toList());
        long noMail = memberUsers.stream().filter(u -> !u.has("mail")).count();
        assertTrue(Math.abs((double) noMail / memberUsers.size() - 0.10) < 0.015, "missing mail: " + noMail);
        long nonAscii = users.stream().filter(u -> ((String) u.get("displayName")).chars().anyMatch(c -> c > 127))
                .count();
        assertTrue(nonAscii > users.size() / 20, "non-ASCII names: " + nonAscii);
        assertTrue(users.stream().anyMatch(u -> ((String) u.get("displayName")).codePoints()
                .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)), "some Chinese names");
        assertTrue(users.stream().anyMatch(u -> u.get("department") != null));
        assertTrue(users.stream().anyMatch(u -> !((List<?>) u.get("businessPhones")).isEmpty()));
        assertTrue(users.stream().anyMatch(u -> ((List<?>) u.get("businessPhones")).isEmpty()));
    }

    @Test
    void usersHoldNoneOneOrTwoLicencesOfRealSkusAndGuestsNone() {
        Map<Integer, Long> byCount = users.stream().collect(Collectors.groupingBy(
                u -> ((List<?>) u.get("assignedLicenses")).size(), Collectors.counting()));
        assertEquals(Set.of(0, 1, 2), byCount.keySet(), byCount::toString);
        assertTrue(byCount.get(2) > users.size() / 50, "some users hold two licences: " + byCount);
        users.stream().filter(u -> "Guest".equals(u.get("userType")))
                .forEach(g -> assertEquals(List.of(), g.get("assignedLicenses"), "guests hold no licence"));
        List<ObjectSnapshot> enabledMembers = users.stream().filter(u -> "Member".equals(u.get("userType"))
                && Boolean.TRUE.equals(u.get("accountEnabled"))).collect(Collectors.toList());
        long unlicensed = enabledMembers.stream().filter(u -> ((List<?>) u.get("assignedLicenses")).isEmpty()).count();
        assertTrue(Math.abs((double) unlicensed / enabledMembers.size() - 0.10) < 0.015, "unlicensed: " + unlicensed);
        long disabledUnlicensed = users.stream().filter(u -> Boolean.FALSE.equals(u.get("accountEnabled"))
                && ((List<?>) u.get("assignedLicenses")).isEmpty()).count();
        long disabled = users.stream().filter(u -> Boolean.FALSE.equals(u.get("accountEnabled"))).count();
        assertTrue(disabledUnlicensed > disabled * 3 / 4, "most disabled accounts hold no licence");

        Set<String> skus = users.stream().flatMap(u -> ((List<?>) u.get("assignedLicenses")).stream())
                .map(l -> ((AssignedLicense) l).skuId()).collect(Collectors.toSet());
        assertEquals(Set.of(AssignedLicense.MICROSOFT_365_E3, AssignedLicense.MICROSOFT_365_E5,
                AssignedLicense.EXCHANGE_ONLINE_PLAN_1), skus);
        assertTrue(users.stream().flatMap(u -> ((List<?>) u.get("assignedLicenses")).stream())
                .anyMatch(l -> ((AssignedLicense) l).disabledPlans().equals(List.of(AssignedLicense.TEAMS_SERVICE_PLAN))),
                "some licences have Teams switched off");
    }

    private static void assertRatio(String what, long count, double expected) {
        double ratio = (double) count / users.size();
        assertTrue(Math.abs(ratio - expected) < 0.01, what + ": " + ratio);
    }

    @Test
    void idsAreUniqueCanonicalGuidsInOrder() {
        Set<String> ids = new HashSet<>();
        List<String> userIds = new ArrayList<>();
        users.forEach(u -> {
            userIds.add(u.id());
            ids.add(u.id());
        });
        groups.forEach(g -> ids.add(g.id()));
        assertEquals(22_000, ids.size());
        ids.forEach(id -> assertTrue(IdTable.isCanonical(id), id));
        List<String> sorted = new ArrayList<>(userIds);
        sorted.sort(null);
        assertEquals(sorted, userIds, "users stream in id order");
    }

    @Test
    void managersExistAndFormNoCycles() {
        Set<String> userIds = users.stream().map(ObjectSnapshot::id).collect(Collectors.toSet());
        long managed = 0;
        for (ObjectSnapshot u : users) {
            Object m = u.get("manager");
            if (m != null) {
                managed++;
                assertTrue(userIds.contains((String) m));
                assertTrue(((String) m).compareTo(u.id()) < 0, "managers sort before their reports, so no cycles");
            }
        }
        assertTrue(managed > users.size() / 2, "most users have a manager: " + managed);
    }

    @Test
    void groupsHaveRealisticKinds() {
        long unified = groups.stream().filter(g -> ((List<?>) g.get("groupTypes")).contains("Unified")).count();
        assertTrue(unified > 400 && unified < 800, "unified: " + unified);
        groups.stream().filter(g -> Boolean.TRUE.equals(g.get("mailEnabled")))
                .forEach(g -> assertTrue(g.get("mail") != null, g.id()));
        groups.stream().filter(g -> Boolean.FALSE.equals(g.get("mailEnabled")))
                .forEach(g -> assertTrue(!g.has("mail"), g.id()));
        assertTrue(groups.stream().anyMatch(g -> ((String) g.get("displayName")).startsWith("IM-")));
    }

    @Test
    void tinyTenantsStillGenerate() {
        EntraDirectory tiny = directory(TenantSpec.builder().users(1).groups(0).memberships(0).build());
        assertEquals(1, tiny.userCount());
        assertEquals(0, tiny.groupCount());
        EntraDirectory small = directory(TenantSpec.small());
        assertEquals(1_000, small.membershipCount(), "the default spec reaches its membership target");
    }
}
