package org.identitymesh.connector.testkit.entra;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The simulated tenant's directory: read its current state and change it. Every change is recorded so the
 * next delta round reports it. Thread-safe; changes may run while clients page through a delta.
 *
 * <p>Properties are named as in Graph ({@code displayName}, {@code accountEnabled}, ...). Values are
 * {@link String}, {@link Boolean} (for {@code accountEnabled}, {@code mailEnabled}, {@code securityEnabled},
 * {@code onPremisesSyncEnabled}) or a {@link List} of {@link String} (for {@code businessPhones},
 * {@code groupTypes}). A user's {@code manager} is the manager's user id. A {@code null} value clears the
 * property: Graph then reports it as an explicit {@code null}.
 *
 * <p>Deleting a user or group removes it from every group it belongs to (recorded as member removals of those
 * groups) and clears it as the manager of its direct reports; a soft delete remembers the memberships and a
 * restore brings them back, as Entra does.
 */
public final class EntraDirectory {

    private static final int CHUNK = 512;

    private final DirectoryStore store;
    private final Clock clock;

    EntraDirectory(DirectoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    DirectoryStore store() {
        return store;
    }

    // ------------------------------------------------------------------ reading

    /**
     * The number of users that exist now (not deleted).
     *
     * @return the count
     */
    public int userCount() {
        return read(() -> store.users().activeCount());
    }

    /**
     * The number of groups that exist now (not deleted).
     *
     * @return the count
     */
    public int groupCount() {
        return read(() -> store.groups().activeCount());
    }

    /**
     * The total number of member links of existing groups.
     *
     * @return the count
     */
    public long membershipCount() {
        return read(() -> {
            long n = 0;
            EntityTable g = store.groups();
            for (int s = 0; s < g.ids().size(); s++) {
                if (g.status(s) == EntityTable.ACTIVE) {
                    n += store.members(s).length;
                }
            }
            return n;
        });
    }

    /**
     * A user's current state.
     *
     * @param id the user id
     * @return the user, or empty if there is none or it is deleted
     */
    public Optional<ObjectSnapshot> user(String id) {
        return find(store.users(), id);
    }

    /**
     * A group's current state (without members; see {@link #members(String)}).
     *
     * @param id the group id
     * @return the group, or empty if there is none or it is deleted
     */
    public Optional<ObjectSnapshot> group(String id) {
        return find(store.groups(), id);
    }

    /**
     * All existing users in id order, read lazily in chunks (a million users need not fit in memory at once).
     * Changes made while the stream is consumed may or may not show.
     *
     * @return the users
     */
    public Stream<ObjectSnapshot> users() {
        return stream(store.users());
    }

    /**
     * All existing groups in id order, read lazily in chunks.
     *
     * @return the groups
     */
    public Stream<ObjectSnapshot> groups() {
        return stream(store.groups());
    }

    /**
     * A group's current members, sorted by type then id.
     *
     * @param groupId the group id
     * @return the members
     * @throws NoSuchElementException if the group does not exist
     */
    public List<MemberRef> members(String groupId) {
        return read(() -> {
            int g = activeSlot(store.groups(), groupId);
            int[] keys = store.members(g);
            List<MemberRef> out = new ArrayList<>(keys.length);
            for (int k : keys) {
                out.add(new MemberRef(DirectoryStore.memberType(k), store.memberId(k)));
            }
            return out;
        });
    }

    /**
     * Whether a user or group is soft-deleted (restorable).
     *
     * @param id a user or group id
     * @return true if soft-deleted
     */
    public boolean isSoftDeleted(String id) {
        return read(() -> statusOf(store.users(), id) == EntityTable.SOFT_DELETED
                || statusOf(store.groups(), id) == EntityTable.SOFT_DELETED);
    }

    /**
     * Ids of objects of a member type without properties (service principals, devices, contacts), in id order.
     *
     * @param type {@link MemberType#SERVICE_PRINCIPAL}, {@link MemberType#DEVICE} or {@link MemberType#ORG_CONTACT}
     * @return the ids
     */
    public List<String> plainObjectIds(MemberType type) {
        requirePlain(type);
        return read(() -> {
            List<String> out = new ArrayList<>();
            Iterator<Integer> it = store.ids(type).slotsFrom(null, false);
            while (it.hasNext()) {
                out.add(store.ids(type).id(it.next()));
            }
            return out;
        });
    }

    // ------------------------------------------------------------------ users

    /**
     * Creates a user with a new id. Missing {@code mailNickname}, {@code userPrincipalName},
     * {@code accountEnabled}, {@code userType}, {@code businessPhones} (empty) and {@code createdDateTime} get
     * defaults.
     *
     * @param properties the properties; {@code displayName} is required
     * @return the new user's id
     */
    public String addUser(Map<String, ?> properties) {
        return write(() -> {
            String id = store.newId();
            insertUser(id, properties);
            return id;
        });
    }

    /**
     * Creates a user with a given id.
     *
     * @param id         a canonical lowercase GUID not used by any object
     * @param properties the properties; {@code displayName} is required
     * @throws IllegalArgumentException if the id is malformed or taken, or a property is invalid
     */
    public void addUser(String id, Map<String, ?> properties) {
        write(() -> {
            requireNewId(id);
            insertUser(id, properties);
            return null;
        });
    }

    private void insertUser(String id, Map<String, ?> properties) {
        PropertySchema schema = PropertySchema.USERS;
        Object[] v = valuesFrom(schema, properties, true);
        String nick = nicknameFor(v, schema, id);
        setDefault(v, schema, "mailNickname", nick);
        setDefault(v, schema, "userPrincipalName", nick + "@" + store.domain());
        setDefault(v, schema, "accountEnabled", Boolean.TRUE);
        setDefault(v, schema, "userType", "Member");
        setDefault(v, schema, "businessPhones", List.of());
        setDefault(v, schema, "createdDateTime", now());
        Object manager = v[schema.property("manager").ordinal()];
        if (manager instanceof String m) {
            activeSlot(store.users(), m);
        }
        int slot = store.users().add(id, v);
        store.record(store.users(), slot, ChangeLog.CREATE, 0, 0, null);
    }

    /**
     * Changes properties of a user; a {@code null} value clears. Values equal to the current ones are no change.
     *
     * @param id      the user id
     * @param changes property names to new values
     * @throws NoSuchElementException   if the user does not exist
     * @throws IllegalArgumentException if a property is unknown or a value has the wrong type
     */
    public void updateUser(String id, Map<String, ?> changes) {
        write(() -> {
            update(store.users(), activeSlot(store.users(), id), changes);
            return null;
        });
    }

    /**
     * Clears one property of a user (Graph then reports it as {@code null}).
     *
     * @param id       the user id
     * @param property the property name
     */
    public void clearUserProperty(String id, String property) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(property, null);
        updateUser(id, m);
    }

    /**
     * Deletes a user: removes it from its groups and clears it as its reports' manager.
     *
     * @param id       the user id
     * @param deletion soft (restorable) or hard; a soft-deleted user can be hard-deleted
     * @throws NoSuchElementException if the user does not exist or is already deleted that way
     */
    public void deleteUser(String id, Deletion deletion) {
        write(() -> {
            delete(store.users(), MemberType.USER, id, deletion);
            return null;
        });
    }

    /**
     * Restores a soft-deleted user with its group memberships.
     *
     * @param id the user id
     * @throws NoSuchElementException if the user is not soft-deleted
     */
    public void restoreUser(String id) {
        write(() -> {
            restore(store.users(), MemberType.USER, id);
            return null;
        });
    }

    // ------------------------------------------------------------------ groups

    /**
     * Creates a group with a new id. Missing {@code mailNickname}, {@code mailEnabled}, {@code securityEnabled},
     * {@code groupTypes} and {@code createdDateTime} get defaults (a security group).
     *
     * @param properties the properties; {@code displayName} is required
     * @return the new group's id
     */
    public String addGroup(Map<String, ?> properties) {
        return write(() -> {
            String id = store.newId();
            insertGroup(id, properties);
            return id;
        });
    }

    /**
     * Creates a group with a given id.
     *
     * @param id         a canonical lowercase GUID not used by any object
     * @param properties the properties; {@code displayName} is required
     */
    public void addGroup(String id, Map<String, ?> properties) {
        write(() -> {
            requireNewId(id);
            insertGroup(id, properties);
            return null;
        });
    }

    private void insertGroup(String id, Map<String, ?> properties) {
        PropertySchema schema = PropertySchema.GROUPS;
        Object[] v = valuesFrom(schema, properties, true);
        setDefault(v, schema, "mailNickname", nicknameFor(v, schema, id));
        setDefault(v, schema, "mailEnabled", Boolean.FALSE);
        setDefault(v, schema, "securityEnabled", Boolean.TRUE);
        setDefault(v, schema, "groupTypes", List.of());
        setDefault(v, schema, "createdDateTime", now());
        int slot = store.groups().add(id, v);
        store.record(store.groups(), slot, ChangeLog.CREATE, 0, 0, null);
    }

    /**
     * Changes properties of a group; a {@code null} value clears.
     *
     * @param id      the group id
     * @param changes property names to new values
     */
    public void updateGroup(String id, Map<String, ?> changes) {
        write(() -> {
            update(store.groups(), activeSlot(store.groups(), id), changes);
            return null;
        });
    }

    /**
     * Clears one property of a group.
     *
     * @param id       the group id
     * @param property the property name
     */
    public void clearGroupProperty(String id, String property) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(property, null);
        updateGroup(id, m);
    }

    /**
     * Deletes a group: removes it from the groups it is nested in. A hard delete drops its members.
     *
     * @param id       the group id
     * @param deletion soft or hard
     */
    public void deleteGroup(String id, Deletion deletion) {
        write(() -> {
            delete(store.groups(), MemberType.GROUP, id, deletion);
            return null;
        });
    }

    /**
     * Restores a soft-deleted group with its members and its own memberships.
     *
     * @param id the group id
     */
    public void restoreGroup(String id) {
        write(() -> {
            restore(store.groups(), MemberType.GROUP, id);
            return null;
        });
    }

    // ------------------------------------------------------------------ members

    /**
     * Adds a member to a group.
     *
     * @param groupId  the group id
     * @param memberId the member's id
     * @param type     the member's type
     * @return false if it was a member already
     * @throws NoSuchElementException   if the group or the member does not exist
     * @throws IllegalArgumentException if a group would contain itself
     */
    public boolean addMember(String groupId, String memberId, MemberType type) {
        return write(() -> {
            int g = activeSlot(store.groups(), groupId);
            int key = existingMemberKey(memberId, type);
            if (type == MemberType.GROUP && DirectoryStore.memberSlot(key) == g) {
                throw new IllegalArgumentException("a group cannot be a member of itself: " + groupId);
            }
            return store.addMember(g, key);
        });
    }

    /**
     * Adds a member to a group.
     *
     * @param groupId the group id
     * @param member  the member
     * @return false if it was a member already
     */
    public boolean addMember(String groupId, MemberRef member) {
        return addMember(groupId, member.id(), member.type());
    }

    /**
     * Removes a member from a group.
     *
     * @param groupId  the group id
     * @param memberId the member's id
     * @param type     the member's type
     * @return false if it was not a member
     * @throws NoSuchElementException if the group does not exist
     */
    public boolean removeMember(String groupId, String memberId, MemberType type) {
        return write(() -> {
            int g = activeSlot(store.groups(), groupId);
            int slot = store.ids(type).slot(memberId);
            return slot >= 0 && store.removeMember(g, DirectoryStore.memberKey(type, slot));
        });
    }

    /**
     * Removes a member from a group.
     *
     * @param groupId the group id
     * @param member  the member
     * @return false if it was not a member
     */
    public boolean removeMember(String groupId, MemberRef member) {
        return removeMember(groupId, member.id(), member.type());
    }

    /**
     * Creates an object that can only be a member: a service principal, device or organizational contact.
     *
     * @param type {@link MemberType#SERVICE_PRINCIPAL}, {@link MemberType#DEVICE} or {@link MemberType#ORG_CONTACT}
     * @return its id
     */
    public String addPlainObject(MemberType type) {
        requirePlain(type);
        return write(() -> {
            String id = store.newId();
            store.addPlainObject(type, id);
            return id;
        });
    }

    // ------------------------------------------------------------------ internals

    private void update(EntityTable table, int slot, Map<String, ?> changes) {
        PropertySchema schema = table.schema();
        Objects.requireNonNull(changes, "changes");
        Object[] current = table.values(slot);
        Object[] proposed = current.clone();
        for (Map.Entry<String, ?> e : changes.entrySet()) {
            PropertySchema.Property p = property(schema, e.getKey());
            Object value = schema.normalize(p, e.getValue());
            if (p.kind() == PropertySchema.Kind.USER_REFERENCE && value instanceof String m) {
                int mgr = activeSlot(store.users(), m);
                if (mgr == slot) {
                    throw new IllegalArgumentException("a user cannot be their own manager: " + m);
                }
            }
            if (value == null && proposed[p.ordinal()] == PropertySchema.ABSENT) {
                continue; // clearing what was never set changes nothing
            }
            proposed[p.ordinal()] = value;
        }
        long mask = 0;
        for (PropertySchema.Property p : schema.properties()) {
            if (!Objects.equals(current[p.ordinal()], proposed[p.ordinal()])) {
                mask |= p.bit();
            }
        }
        if (mask == 0) {
            return;
        }
        String oldManager = null;
        PropertySchema.Property mgr = schema.property("manager");
        if (mgr != null && (mask & mgr.bit()) != 0 && current[mgr.ordinal()] instanceof String m) {
            oldManager = m;
        }
        System.arraycopy(proposed, 0, table.mutableValues(slot), 0, proposed.length);
        store.record(table, slot, ChangeLog.UPDATE, mask, 0, oldManager);
    }

    private void delete(EntityTable table, MemberType type, String id, Deletion deletion) {
        Objects.requireNonNull(deletion, "deletion");
        int slot = table.ids().slot(id);
        byte status = slot < 0 ? EntityTable.HARD_DELETED : table.status(slot);
        if (status == EntityTable.HARD_DELETED || (status == EntityTable.SOFT_DELETED && deletion == Deletion.SOFT)) {
            throw new NoSuchElementException("no " + (deletion == Deletion.SOFT ? "existing " : "") + type + " " + id);
        }
        int key = DirectoryStore.memberKey(type, slot);
        if (status == EntityTable.ACTIVE) {
            table.setStatus(slot, deletion == Deletion.SOFT ? EntityTable.SOFT_DELETED : EntityTable.HARD_DELETED);
            store.record(table, slot, deletion == Deletion.SOFT ? ChangeLog.SOFT_DELETE : ChangeLog.HARD_DELETE,
                    0, 0, null);
            int[] parents = store.groupsContaining(key);
            for (int g : parents) {
                store.removeMember(g, key);
            }
            if (deletion == Deletion.SOFT) {
                store.suspendMemberships(key, parents);
            }
            if (type == MemberType.USER) {
                clearAsManager(slot, id);
            }
        } else { // soft-deleted, now purged
            table.setStatus(slot, EntityTable.HARD_DELETED);
            store.record(table, slot, ChangeLog.HARD_DELETE, 0, 0, null);
            store.takeSuspendedMemberships(key);
        }
        if (type == MemberType.GROUP && deletion == Deletion.HARD) {
            store.clearMembers(slot);
        }
    }

    private void clearAsManager(int managerSlot, String managerId) {
        EntityTable users = store.users();
        int mgrOrdinal = PropertySchema.USERS.property("manager").ordinal();
        Map<String, Object> clear = new LinkedHashMap<>();
        clear.put("manager", null);
        for (int s = 0; s < users.ids().size(); s++) {
            if (users.status(s) == EntityTable.HARD_DELETED) {
                continue; // soft-deleted reports lose the link too, so a restore does not revive it
            }
            boolean reports = users.isStored(s)
                    ? managerId.equals(users.values(s)[mgrOrdinal])
                    : store.generatedManagerSlot(s) == managerSlot;
            if (reports) {
                update(users, s, clear);
            }
        }
    }

    private void restore(EntityTable table, MemberType type, String id) {
        int slot = table.ids().slot(id);
        if (slot < 0 || table.status(slot) != EntityTable.SOFT_DELETED) {
            throw new NoSuchElementException("no soft-deleted " + type + " " + id);
        }
        table.setStatus(slot, EntityTable.ACTIVE);
        store.record(table, slot, ChangeLog.RESTORE, 0, 0, null);
        int key = DirectoryStore.memberKey(type, slot);
        for (int g : store.takeSuspendedMemberships(key)) {
            if (store.groups().status(g) != EntityTable.HARD_DELETED) {
                store.addMember(g, key);
            }
        }
    }

    private int existingMemberKey(String memberId, MemberType type) {
        Objects.requireNonNull(type, "type");
        int slot = store.ids(type).slot(memberId);
        if (slot < 0) {
            throw new NoSuchElementException("no " + type + " " + memberId);
        }
        int key = DirectoryStore.memberKey(type, slot);
        if (!store.memberExists(key)) {
            throw new NoSuchElementException("no existing " + type + " " + memberId);
        }
        return key;
    }

    private static PropertySchema.Property property(PropertySchema schema, String name) {
        PropertySchema.Property p = schema.property(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown " + schema.entitySet() + " property: " + name
                    + " (known: " + schema.names(schema.allProperties()) + ")");
        }
        return p;
    }

    private Object[] valuesFrom(PropertySchema schema, Map<String, ?> properties, boolean requireName) {
        Objects.requireNonNull(properties, "properties");
        Object[] v = schema.emptyValues();
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            PropertySchema.Property p = property(schema, e.getKey());
            Object value = schema.normalize(p, e.getValue());
            if (value != null) {
                v[p.ordinal()] = value;
            }
        }
        if (requireName && !(v[schema.property("displayName").ordinal()] instanceof String)) {
            throw new IllegalArgumentException("displayName is required");
        }
        return v;
    }

    private static void setDefault(Object[] v, PropertySchema schema, String name, Object value) {
        int i = schema.property(name).ordinal();
        if (v[i] == PropertySchema.ABSENT) {
            v[i] = value;
        }
    }

    private static String nicknameFor(Object[] v, PropertySchema schema, String id) {
        Object nick = v[schema.property("mailNickname").ordinal()];
        if (nick instanceof String s) {
            return s;
        }
        String ascii = NameFolding.ascii((String) v[schema.property("displayName").ordinal()]);
        return (ascii.isEmpty() ? "object" : ascii) + "." + id.substring(0, 8);
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private void requireNewId(String id) {
        if (!IdTable.isCanonical(id)) {
            throw new IllegalArgumentException("ids are canonical lowercase GUIDs: " + id);
        }
        if (store.idInUse(id)) {
            throw new IllegalArgumentException("id in use: " + id);
        }
    }

    private static void requirePlain(MemberType type) {
        if (type == MemberType.USER || type == MemberType.GROUP) {
            throw new IllegalArgumentException("users and groups have their own methods: " + type);
        }
    }

    private static int activeSlot(EntityTable table, String id) {
        int slot = id == null ? -1 : table.ids().slot(id);
        if (slot < 0 || table.status(slot) != EntityTable.ACTIVE) {
            throw new NoSuchElementException("no existing " + table.schema().entitySet() + " object " + id);
        }
        return slot;
    }

    private static byte statusOf(EntityTable table, String id) {
        int slot = table.ids().slot(id);
        return slot < 0 ? -1 : table.status(slot);
    }

    private Optional<ObjectSnapshot> find(EntityTable table, String id) {
        return read(() -> {
            int slot = table.ids().slot(id);
            if (slot < 0 || table.status(slot) != EntityTable.ACTIVE) {
                return Optional.empty();
            }
            return Optional.of(snapshot(table, slot));
        });
    }

    static ObjectSnapshot snapshot(EntityTable table, int slot) {
        Object[] v = table.values(slot);
        Map<String, Object> props = new LinkedHashMap<>();
        for (PropertySchema.Property p : table.schema().properties()) {
            Object value = v[p.ordinal()];
            if (value != PropertySchema.ABSENT) {
                props.put(p.name(), value);
            }
        }
        return new ObjectSnapshot(table.ids().id(slot), props);
    }

    private Stream<ObjectSnapshot> stream(EntityTable table) {
        Iterator<ObjectSnapshot> it = new Iterator<>() {
            private List<ObjectSnapshot> chunk = List.of();
            private int index;
            private String lastId;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (index < chunk.size()) {
                    return true;
                }
                if (done) {
                    return false;
                }
                chunk = read(() -> {
                    List<ObjectSnapshot> out = new ArrayList<>(CHUNK);
                    Iterator<Integer> slots = table.ids().slotsFrom(lastId, false);
                    while (slots.hasNext() && out.size() < CHUNK) {
                        int s = slots.next();
                        if (table.status(s) == EntityTable.ACTIVE) {
                            out.add(snapshot(table, s));
                        }
                    }
                    if (!slots.hasNext()) {
                        done = true;
                    }
                    return out;
                });
                index = 0;
                if (!chunk.isEmpty()) {
                    lastId = chunk.get(chunk.size() - 1).id();
                }
                return !chunk.isEmpty();
            }

            @Override
            public ObjectSnapshot next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return chunk.get(index++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false);
    }

    private interface Body<T> {
        T run();
    }

    private <T> T read(Body<T> body) {
        Lock l = store.lock().readLock();
        l.lock();
        try {
            return body.run();
        } finally {
            l.unlock();
        }
    }

    private <T> T write(Body<T> body) {
        Lock l = store.lock().writeLock();
        l.lock();
        try {
            return body.run();
        } finally {
            l.unlock();
        }
    }
}
