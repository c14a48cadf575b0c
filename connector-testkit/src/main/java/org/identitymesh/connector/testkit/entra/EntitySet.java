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
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The users, the groups or the devices of the simulated directory, with the rules for reading and changing them:
 * which properties and values are valid, the defaults a new object gets, and what a delete or a restore does to
 * memberships (and, for users, to their reports' {@code manager} and to the groups they own). {@link EntraDirectory}
 * holds one per type and delegates its user, group and device methods to them, so all follow one set of rules.
 *
 * <p>The methods that read or change one object take the {@link DirectoryStore} lock themselves. {@link
 * #activeSlot(String)} and {@link #isSoftDeleted(String)} do not: they serve callers that already hold it.
 */
final class EntitySet {

    private static final int CHUNK = 512;

    /**
     * The defaults a new object of a set gets besides {@code mailNickname} and {@code createdDateTime} (for the sets
     * that have them); {@code nickname} is {@code null} for a set without {@code mailNickname}.
     */
    @FunctionalInterface
    private interface Defaults {
        void fill(Object[] values, String nickname);
    }

    private final DirectoryStore store;
    private final EntityTable table;
    private final MemberType type;
    private final Clock clock;
    private final Defaults defaults;

    private EntitySet(DirectoryStore store, EntityTable table, MemberType type, Clock clock, Defaults defaults) {
        this.store = store;
        this.table = table;
        this.type = type;
        this.clock = clock;
        this.defaults = defaults;
    }

    /** The users: a new one is an enabled member with a {@code userPrincipalName} in the tenant's domain. */
    static EntitySet users(DirectoryStore store, Clock clock) {
        PropertySchema s = PropertySchema.USERS;
        return new EntitySet(store, store.users(), MemberType.USER, clock, (v, nickname) -> {
            setDefault(v, s, "userPrincipalName", nickname + "@" + store.domain());
            setDefault(v, s, "accountEnabled", Boolean.TRUE);
            setDefault(v, s, "userType", "Member");
            setDefault(v, s, "businessPhones", List.of());
            setDefault(v, s, "assignedLicenses", List.of());
        });
    }

    /** The groups: a new one is a security group. */
    static EntitySet groups(DirectoryStore store, Clock clock) {
        PropertySchema s = PropertySchema.GROUPS;
        return new EntitySet(store, store.groups(), MemberType.GROUP, clock, (v, nickname) -> {
            setDefault(v, s, "mailEnabled", Boolean.FALSE);
            setDefault(v, s, "securityEnabled", Boolean.TRUE);
            setDefault(v, s, "groupTypes", List.of());
        });
    }

    /**
     * The devices: a new one is an enabled, registered device, registered now; devices have no mail nickname and no
     * {@code createdDateTime}.
     */
    static EntitySet devices(DirectoryStore store, Clock clock) {
        PropertySchema s = PropertySchema.DEVICES;
        return new EntitySet(store, store.devices(), MemberType.DEVICE, clock, (v, nickname) -> {
            setDefault(v, s, "accountEnabled", Boolean.TRUE);
            setDefault(v, s, "profileType", "RegisteredDevice");
            setDefault(v, s, "registrationDateTime", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        });
    }

    // ------------------------------------------------------------------ reading

    /** The number of objects that exist now (not deleted). */
    int count() {
        return store.read(table::activeCount);
    }

    /** An object's current state, or empty if there is none or it is deleted. */
    Optional<ObjectSnapshot> find(String id) {
        return store.read(() -> {
            int slot = table.ids().slot(id);
            if (slot < 0 || table.status(slot) != EntityTable.ACTIVE) {
                return Optional.empty();
            }
            return Optional.of(snapshot(slot));
        });
    }

    /** All existing objects in id order, read lazily, {@value #CHUNK} at a time under the read lock. */
    Stream<ObjectSnapshot> stream() {
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
                chunk = store.read(() -> {
                    List<ObjectSnapshot> out = new ArrayList<>(CHUNK);
                    Iterator<Integer> slots = table.ids().slotsFrom(lastId, false);
                    while (slots.hasNext() && out.size() < CHUNK) {
                        int s = slots.next();
                        if (table.status(s) == EntityTable.ACTIVE) {
                            out.add(snapshot(s));
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

    /** The slot of an existing object; the caller holds the lock. */
    int activeSlot(String id) {
        return activeSlot(table, id);
    }

    /** Whether an object of this set with that id is soft-deleted; the caller holds the lock. */
    boolean isSoftDeleted(String id) {
        int slot = table.ids().slot(id);
        return slot >= 0 && table.status(slot) == EntityTable.SOFT_DELETED;
    }

    // ------------------------------------------------------------------ changing

    /** Creates an object with a new id and returns the id. */
    String add(Map<String, ?> properties) {
        return store.write(() -> {
            String id = store.newId();
            insert(id, properties);
            return id;
        });
    }

    /** Creates an object with a given id, which must be a canonical GUID no object uses. */
    void add(String id, Map<String, ?> properties) {
        store.write(() -> {
            requireNewId(id);
            insert(id, properties);
        });
    }

    /** Changes properties of an existing object; a {@code null} value clears. */
    void update(String id, Map<String, ?> changes) {
        store.write(() -> updateLocked(activeSlot(id), changes));
    }

    /** Clears one property of an existing object. */
    void clear(String id, String property) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(property, null);
        update(id, m);
    }

    /** Deletes an object, softly (restorable) or for good, with the cascades described in {@link EntraDirectory}. */
    void delete(String id, Deletion deletion) {
        store.write(() -> deleteLocked(id, deletion));
    }

    /**
     * Restores a soft-deleted object with the memberships it had (for a group, also its members and owners; for a
     * user, also the groups it owned).
     */
    void restore(String id) {
        store.write(() -> restoreLocked(id));
    }

    // ------------------------------------------------------------------ internals (the write lock is held)

    private void insert(String id, Map<String, ?> properties) {
        PropertySchema schema = table.schema();
        Object[] v = valuesFrom(schema, properties);
        String nickname = null;
        if (schema.property("mailNickname") != null) {
            nickname = nicknameFor(v, schema, id);
            setDefault(v, schema, "mailNickname", nickname);
        }
        defaults.fill(v, nickname);
        if (schema.property("createdDateTime") != null) {
            setDefault(v, schema, "createdDateTime", now());
        }
        for (PropertySchema.Property p : schema.properties()) {
            if (p.kind() == PropertySchema.Kind.USER_REFERENCE && v[p.ordinal()] instanceof String user) {
                activeSlot(store.users(), user);
            }
        }
        int slot = table.add(id, v);
        store.record(table, slot, ChangeLog.CREATE, 0, 0, null);
    }

    private void updateLocked(int slot, Map<String, ?> changes) {
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

    private void deleteLocked(String id, Deletion deletion) {
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
                int[] owned = store.groupsOwnedBy(key);
                for (int g : owned) {
                    store.removeOwner(g, key);
                }
                if (deletion == Deletion.SOFT) {
                    store.suspendOwnerships(key, owned);
                }
            }
        } else { // soft-deleted, now purged
            table.setStatus(slot, EntityTable.HARD_DELETED);
            store.record(table, slot, ChangeLog.HARD_DELETE, 0, 0, null);
            store.takeSuspendedMemberships(key);
            store.takeSuspendedOwnerships(key);
        }
        if (type == MemberType.GROUP && deletion == Deletion.HARD) {
            store.clearMembers(slot);
            store.clearOwners(slot);
        }
    }

    private void restoreLocked(String id) {
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
        for (int g : store.takeSuspendedOwnerships(key)) {
            if (store.groups().status(g) != EntityTable.HARD_DELETED) {
                store.addOwner(g, key);
            }
        }
    }

    /** Clears a deleted user as the manager of its reports (this set is the users). */
    private void clearAsManager(int managerSlot, String managerId) {
        int mgrOrdinal = table.schema().property("manager").ordinal();
        Map<String, Object> clear = new LinkedHashMap<>();
        clear.put("manager", null);
        for (int s = 0; s < table.ids().size(); s++) {
            if (table.status(s) == EntityTable.HARD_DELETED) {
                continue; // soft-deleted reports lose the link too, so a restore does not revive it
            }
            boolean reports = table.isStored(s)
                    ? managerId.equals(table.values(s)[mgrOrdinal])
                    : store.generatedManagerSlot(s) == managerSlot;
            if (reports) {
                updateLocked(s, clear);
            }
        }
    }

    private void requireNewId(String id) {
        if (!IdTable.isCanonical(id)) {
            throw new IllegalArgumentException("ids are canonical lowercase GUIDs: " + id);
        }
        if (store.idInUse(id)) {
            throw new IllegalArgumentException("id in use: " + id);
        }
    }

    private ObjectSnapshot snapshot(int slot) {
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

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static int activeSlot(EntityTable table, String id) {
        int slot = id == null ? -1 : table.ids().slot(id);
        if (slot < 0 || table.status(slot) != EntityTable.ACTIVE) {
            throw new NoSuchElementException("no existing " + table.schema().entitySet() + " object " + id);
        }
        return slot;
    }

    private static PropertySchema.Property property(PropertySchema schema, String name) {
        PropertySchema.Property p = schema.property(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown " + schema.entitySet() + " property: " + name
                    + " (known: " + schema.names(schema.allProperties()) + ")");
        }
        return p;
    }

    private static Object[] valuesFrom(PropertySchema schema, Map<String, ?> properties) {
        Objects.requireNonNull(properties, "properties");
        Object[] v = schema.emptyValues();
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            PropertySchema.Property p = property(schema, e.getKey());
            Object value = schema.normalize(p, e.getValue());
            if (value != null) {
                v[p.ordinal()] = value;
            }
        }
        if (!(v[schema.property("displayName").ordinal()] instanceof String)) {
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
}
