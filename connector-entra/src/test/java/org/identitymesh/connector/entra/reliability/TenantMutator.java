package org.identitymesh.connector.entra.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.identitymesh.connector.testkit.entra.Deletion;
import org.identitymesh.connector.testkit.entra.EntraDirectory;
import org.identitymesh.connector.testkit.entra.MemberRef;
import org.identitymesh.connector.testkit.entra.MemberType;
import org.identitymesh.connector.testkit.entra.ObjectSnapshot;

/**
 * Random changes to a simulated directory, as administrators and HR feeds make them: users and groups added,
 * updated, cleared, soft- and hard-deleted and restored, members added and removed. Reproducible from the random
 * generator it is given; remembers what it soft-deleted so it can restore it.
 */
final class TenantMutator {

    private static final String[] USER_TEXT = {"jobTitle", "department", "companyName", "officeLocation",
        "employeeId", "mobilePhone", "usageLocation", "givenName", "surname", "displayName"};
    private static final String[] USER_CLEARABLE = {"jobTitle", "department", "companyName", "officeLocation",
        "employeeId", "mobilePhone", "usageLocation", "givenName", "surname"};
    private static final String[] WORDS = {"Cartography", "Zürich", "O'Brien", "東京", "Sales", "IM-Ops", "",
        "Line\nbreak", "😀", "Tab\there", "quote\"d", "R&D", "a,b"};

    private final EntraDirectory directory;
    private final SplittableRandom random;
    private final List<String> softDeletedUsers = new ArrayList<>();
    private final List<String> softDeletedGroups = new ArrayList<>();
    private int serial;

    TenantMutator(EntraDirectory directory, SplittableRandom random) {
        this.directory = directory;
        this.random = random;
    }

    /**
     * Makes {@code count} random changes.
     *
     * @param count how many
     * @return one line per change, for failure messages
     */
    List<String> mutate(int count) {
        List<String> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            done.add(mutateOnce());
        }
        return done;
    }

    private String mutateOnce() {
        int pick = random.nextInt(100);
        List<String> users = ids(directory.users().map(ObjectSnapshot::id).toList());
        List<String> groups = ids(directory.groups().map(ObjectSnapshot::id).toList());
        if (pick < 10 || users.size() < 5) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("displayName", "Chaos User " + (++serial) + " " + word());
            p.put("accountEnabled", random.nextInt(5) > 0);
            p.put("userType", random.nextInt(6) == 0 ? "Guest" : "Member");
            if (random.nextBoolean()) {
                p.put("jobTitle", word());
            }
            return "add user " + directory.addUser(p);
        }
        if (pick < 35) {
            String id = any(users);
            Map<String, Object> changes = new LinkedHashMap<>();
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                if (random.nextInt(6) == 0) {
                    changes.put("accountEnabled", random.nextBoolean());
                } else if (random.nextInt(8) == 0) {
                    changes.put("businessPhones", random.nextBoolean() ? List.of() : List.of("+41 44 " + serial++, "+1 555"));
                } else {
                    String property = USER_TEXT[random.nextInt(USER_TEXT.length)];
                    changes.put(property, word() + " " + (++serial));
                }
            }
            directory.updateUser(id, changes);
            return "update user " + id + " " + changes.keySet();
        }
        if (pick < 45) {
            String id = any(users);
            String property = USER_CLEARABLE[random.nextInt(USER_CLEARABLE.length)];
            directory.clearUserProperty(id, property);
            return "clear user " + id + " " + property;
        }
        if (pick < 52) {
            String id = any(users);
            boolean soft = random.nextBoolean();
            directory.deleteUser(id, soft ? Deletion.SOFT : Deletion.HARD);
            if (soft) {
                softDeletedUsers.add(id);
            }
            return (soft ? "soft" : "hard") + "-delete user " + id;
        }
        if (pick < 57 && !softDeletedUsers.isEmpty()) {
            String id = softDeletedUsers.remove(random.nextInt(softDeletedUsers.size()));
            if (random.nextInt(4) == 0) {
                directory.deleteUser(id, Deletion.HARD);
                return "hard-delete soft-deleted user " + id;
            }
            directory.restoreUser(id);
            return "restore user " + id;
        }
        if (pick < 62 || groups.size() < 3) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("displayName", (random.nextBoolean() ? "IM-" : "Team ") + (++serial) + " " + word());
            if (random.nextBoolean()) {
                p.put("description", word());
            }
            if (random.nextInt(3) == 0) {
                p.put("groupTypes", List.of("Unified"));
                p.put("mailEnabled", true);
                p.put("securityEnabled", false);
            }
            return "add group " + directory.addGroup(p);
        }
        if (pick < 70) {
            String id = any(groups);
            if (random.nextInt(3) == 0) {
                directory.clearGroupProperty(id, "description");
                return "clear group " + id + " description";
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put(random.nextBoolean() ? "description" : "displayName", word() + " " + (++serial));
            directory.updateGroup(id, changes);
            return "update group " + id + " " + changes.keySet();
        }
        if (pick < 74) {
            String id = any(groups);
            boolean soft = random.nextBoolean();
            directory.deleteGroup(id, soft ? Deletion.SOFT : Deletion.HARD);
            if (soft) {
                softDeletedGroups.add(id);
            }
            return (soft ? "soft" : "hard") + "-delete group " + id;
        }
        if (pick < 77 && !softDeletedGroups.isEmpty()) {
            String id = softDeletedGroups.remove(random.nextInt(softDeletedGroups.size()));
            directory.restoreGroup(id);
            return "restore group " + id;
        }
        if (pick < 90) {
            String group = any(groups);
            int kind = random.nextInt(10);
            if (kind == 0 && groups.size() > 1) {
                String other = any(groups);
                if (!other.equals(group)) {
                    directory.addMember(group, other, MemberType.GROUP);
                    return "add group " + other + " to group " + group;
                }
            }
            if (kind == 1) {
                List<String> principals = directory.plainObjectIds(MemberType.SERVICE_PRINCIPAL);
                if (!principals.isEmpty()) {
                    String sp = principals.get(random.nextInt(principals.size()));
                    directory.addMember(group, sp, MemberType.SERVICE_PRINCIPAL);
                    return "add service principal " + sp + " to group " + group;
                }
            }
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                directory.addMember(group, any(users), MemberType.USER);
            }
            return "add " + n + " users to group " + group;
        }
        String group = any(groups);
        List<MemberRef> members = directory.members(group);
        if (members.isEmpty()) {
            return "no member to remove from " + group;
        }
        int n = Math.min(members.size(), 1 + random.nextInt(3));
        for (int i = 0; i < n; i++) {
            directory.removeMember(group, members.get(random.nextInt(members.size())));
        }
        return "remove up to " + n + " members from group " + group;
    }

    private static List<String> ids(List<String> ids) {
        return ids;
    }

    private String any(List<String> ids) {
        return ids.get(random.nextInt(ids.size()));
    }

    private String word() {
        return WORDS[random.nextInt(WORDS.length)];
    }
}
