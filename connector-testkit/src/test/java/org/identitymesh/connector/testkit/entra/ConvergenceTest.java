package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A client that keeps a replica by applying delta rounds must end up equal to the tenant, although users and
 * groups are read concurrently while the directory changes, objects come twice and rounds are replayed.
 */
class ConvergenceTest {

    private static final List<String> USER_PROPS = List.of("displayName", "jobTitle", "mail", "accountEnabled",
            "businessPhones", "manager");
    private static final List<String> GROUP_PROPS = List.of("displayName", "description", "groupTypes");

    /** What a host would keep. */
    private static final class Replica {
        final Map<String, Map<String, Object>> objects = new HashMap<>();
        final Map<String, Set<MemberRef>> members = new HashMap<>();

        void apply(JsonNode item) {
            String id = item.get("id").asText();
            if (item.has("@removed")) {
                objects.remove(id);
                members.remove(id);
                return;
            }
            Map<String, Object> props = objects.computeIfAbsent(id, k -> new LinkedHashMap<>());
            item.fields().forEachRemaining(e -> {
                String name = e.getKey();
                JsonNode v = e.getValue();
                if (name.equals("id") || name.endsWith("@delta")) {
                    return;
                }
                if (v.isNull()) {
                    props.put(name, null);
                } else if (v.isArray()) {
                    List<String> list = new ArrayList<>();
                    v.forEach(x -> list.add(x.asText()));
                    props.put(name, list);
                } else if (v.isBoolean()) {
                    props.put(name, v.asBoolean());
                } else {
                    props.put(name, v.asText());
                }
            });
            for (JsonNode link : item.path("manager@delta")) {
                if (link.has("@removed")) {
                    if (link.get("id").asText().equals(props.get("manager"))) {
                        props.put("manager", null);
                    }
                } else {
                    props.put("manager", link.get("id").asText());
                }
            }
            if (item.has("members@delta")) {
                Set<MemberRef> set = members.computeIfAbsent(id, k -> new HashSet<>());
                for (JsonNode link : item.get("members@delta")) {
                    MemberRef ref = new MemberRef(MemberType.fromOdataType(link.get("@odata.type").asText()),
                            link.get("id").asText());
                    if (link.has("@removed")) {
                        set.remove(ref);
                    } else {
                        set.add(ref);
                    }
                }
            }
        }

        String round(GraphTestClient client, String url, String prefer) {
            GraphTestClient.Round r = client.round(url, "Prefer", prefer);
            r.items().forEach(this::apply);
            return r.deltaLink();
        }
    }

    private static Map<String, Object> expected(ObjectSnapshot s, List<String> props) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String p : props) {
            if (s.has(p) && !(p.equals("manager") && s.get(p) == null)) {
                m.put(p, s.get(p));
            }
        }
        return m;
    }

    /** A manager is a link, not a property: "no manager" has no null form, so drop a removed one. */
    private static Map<String, Map<String, Object>> withoutRemovedManagers(Map<String, Map<String, Object>> objects) {
        objects.values().forEach(o -> o.entrySet().removeIf(e -> e.getKey().equals("manager") && e.getValue() == null));
        return objects;
    }

    @Test
    void replicasConvergeDespiteConcurrentChangesDuplicatesAndReplays() throws Exception {
        try (SimulatedEntraTenant tenant = SimulatedEntraTenant.builder()
                .spec(TenantSpec.builder().users(400).groups(40).memberships(3000).largeGroups(1).largeGroupSize(300)
                        .build())
                .settings(s -> s.memberSliceSize(20).duplicateEvery(5)).start()) {
            GraphTestClient client = new GraphTestClient(tenant);
            client.fetchToken();
            EntraDirectory dir = tenant.directory();
            Replica users = new Replica();
            Replica groups = new Replica();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                Future<Integer> mutations = pool.submit(() -> mutate(dir, stop));
                Future<String> userLink = pool.submit(() -> {
                    String link = users.round(client, client.graph("/users/delta?$select="
                            + String.join(",", USER_PROPS)), "odata.maxpagesize=25");
                    for (int i = 0; i < 4; i++) {
                        link = users.round(client, link, i % 2 == 0 ? "odata.maxpagesize=25" : "return=minimal");
                    }
                    return link;
                });
                Future<String> groupLink = pool.submit(() -> {
                    String link = groups.round(client, client.graph("/groups/delta?$select="
                            + String.join(",", GROUP_PROPS) + ",members"), "odata.maxpagesize=7");
                    for (int i = 0; i < 4; i++) {
                        link = groups.round(client, link, i % 2 == 0 ? "odata.maxpagesize=7" : "return=minimal");
                    }
                    return link;
                });
                String u = userLink.get();
                String g = groupLink.get();
                tenant.settings().replayNextRounds(2);
                stop.set(true);
                assertTrue(mutations.get() > 0);
                u = users.round(client, u, "odata.maxpagesize=25");
                g = groups.round(client, g, "odata.maxpagesize=7");
                users.round(client, u, "odata.maxpagesize=25");
                groups.round(client, g, "odata.maxpagesize=7");
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }

            Map<String, Map<String, Object>> expectedUsers = dir.users()
                    .collect(Collectors.toMap(ObjectSnapshot::id, s -> expected(s, USER_PROPS)));
            assertEquals(List.of(), differences(expectedUsers, withoutRemovedManagers(users.objects)));
            Map<String, Map<String, Object>> expectedGroups = dir.groups()
                    .collect(Collectors.toMap(ObjectSnapshot::id, s -> expected(s, GROUP_PROPS)));
            assertEquals(List.of(), differences(expectedGroups, groups.objects));
            for (String id : expectedGroups.keySet()) {
                assertEquals(new HashSet<>(dir.members(id)), groups.members.getOrDefault(id, Set.of()), id);
            }
        }
    }

    /** Up to ten objects that differ, described, so a failure stays readable. */
    private static List<String> differences(Map<String, Map<String, Object>> expected,
            Map<String, Map<String, Object>> actual) {
        List<String> out = new ArrayList<>();
        Set<String> ids = new HashSet<>(expected.keySet());
        ids.addAll(actual.keySet());
        for (String id : ids) {
            if (!java.util.Objects.equals(expected.get(id), actual.get(id)) && out.size() < 10) {
                out.add(id + ": tenant " + expected.get(id) + " replica " + actual.get(id));
            }
        }
        return out;
    }

    /** Random changes until stopped; returns how many were made. */
    private static int mutate(EntraDirectory dir, AtomicBoolean stop) {
        Random random = new Random(11);
        List<String> softDeletedUsers = new ArrayList<>();
        List<String> userIds = dir.users().map(ObjectSnapshot::id).collect(Collectors.toList());
        List<String> groupIds = dir.groups().map(ObjectSnapshot::id).collect(Collectors.toList());
        int n = 0;
        while (!stop.get() && n < 5_000) {
            String user = userIds.get(random.nextInt(userIds.size()));
            String group = groupIds.get(random.nextInt(groupIds.size()));
            try {
                switch (random.nextInt(10)) {
                    case 0 -> dir.updateUser(user, Map.of("jobTitle", "T" + n, "accountEnabled", random.nextBoolean()));
                    case 1 -> dir.clearUserProperty(user, "mail");
                    case 2 -> userIds.add(dir.addUser(Map.of("displayName", "Nouveau " + n)));
                    case 3 -> {
                        dir.deleteUser(user, random.nextBoolean() ? Deletion.SOFT : Deletion.HARD);
                        userIds.remove(user);
                        if (dir.isSoftDeleted(user)) {
                            softDeletedUsers.add(user);
                        }
                    }
                    case 4 -> {
                        if (!softDeletedUsers.isEmpty()) {
                            String back = softDeletedUsers.remove(random.nextInt(softDeletedUsers.size()));
                            dir.restoreUser(back);
                            userIds.add(back);
                        }
                    }
                    case 5 -> dir.addMember(group, user, MemberType.USER);
                    case 6 -> {
                        List<MemberRef> m = dir.members(group);
                        if (!m.isEmpty()) {
                            dir.removeMember(group, m.get(random.nextInt(m.size())));
                        }
                    }
                    case 7 -> dir.updateUser(user, Map.of("manager", userIds.get(random.nextInt(userIds.size()))));
                    case 8 -> dir.updateGroup(group, Map.of("description", "D" + n));
                    default -> dir.clearGroupProperty(group, "description");
                }
                n++;
            } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
                // a random choice that the directory refuses (self-manager, deleted object): pick again
            }
            if (n % 50 == 0) {
                Thread.yield();
            }
        }
        return n;
    }
}
