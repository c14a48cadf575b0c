package org.identitymesh.connector.testkit.entra;

import java.util.Arrays;
import java.util.HashMap;
import java.util.SplittableRandom;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A tenant's directory data: users, groups, devices, the other member types' ids, memberships, group owners and
 * the change logs, under one read-write lock. Memberships are one sorted {@code int[]} of member keys per group (a
 * key packs the member's type and slot), which keeps millions of links at four bytes each; owners are kept the same
 * way, and their changes go to the groups' change log.
 *
 * <p>This class offers primitives that record changes; the rules (validation, cascades) live in
 * {@link EntraDirectory} and {@link EntitySet}. Callers hold {@link #lock()}: the write lock to change, the read
 * lock to read; {@link #read(Supplier)} and {@link #write(Runnable)} run a body under one.
 */
final class DirectoryStore {

    private static final int TYPE_SHIFT = 28;
    private static final int SLOT_MASK = (1 << TYPE_SHIFT) - 1;
    private static final int[] NO_MEMBERS = new int[0];

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final EntityTable users;
    private final EntityTable groups;
    private final EntityTable devices;
    private final IdTable[] idTables = new IdTable[MemberType.values().length];
    private int[][] members;
    private int[][] owners;
    /** Member key of a soft-deleted user or group to the group slots it was removed from. */
    private final HashMap<Integer, int[]> suspendedMemberships = new HashMap<>();
    /** Member key of a soft-deleted user to the group slots whose owner it was. */
    private final HashMap<Integer, int[]> suspendedOwnerships = new HashMap<>();
    private final SplittableRandom idRandom;
    private final String domain;
    private final java.util.function.IntUnaryOperator generatedManager;
    private long version;

    DirectoryStore(EntityTable users, EntityTable groups, IdTable servicePrincipals, EntityTable devices,
            IdTable orgContacts, int[][] members, int[][] owners, java.util.function.IntUnaryOperator generatedManager,
            long seed, String domain) {
        this.generatedManager = generatedManager;
        this.users = users;
        this.groups = groups;
        this.devices = devices;
        idTables[MemberType.USER.ordinal()] = users.ids();
        idTables[MemberType.GROUP.ordinal()] = groups.ids();
        idTables[MemberType.SERVICE_PRINCIPAL.ordinal()] = servicePrincipals;
        idTables[MemberType.DEVICE.ordinal()] = devices.ids();
        idTables[MemberType.ORG_CONTACT.ordinal()] = orgContacts;
        this.members = members;
        this.owners = owners;
        this.idRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.domain = domain;
    }

    ReentrantReadWriteLock lock() {
        return lock;
    }

    /** Runs a body under the read lock and returns its result. */
    <T> T read(Supplier<T> body) {
        return locked(lock.readLock(), body);
    }

    /** Runs a body under the write lock and returns its result. */
    <T> T write(Supplier<T> body) {
        return locked(lock.writeLock(), body);
    }

    /** Runs a body under the write lock. */
    void write(Runnable body) {
        locked(lock.writeLock(), () -> {
            body.run();
            return null;
        });
    }

    private static <T> T locked(Lock l, Supplier<T> body) {
        l.lock();
        try {
            return body.get();
        } finally {
            l.unlock();
        }
    }

    EntityTable users() {
        return users;
    }

    EntityTable groups() {
        return groups;
    }

    EntityTable devices() {
        return devices;
    }

    EntityTable table(PropertySchema schema) {
        return schema == PropertySchema.USERS ? users : schema == PropertySchema.GROUPS ? groups : devices;
    }

    IdTable ids(MemberType type) {
        return idTables[type.ordinal()];
    }

    /** The tenant's verified domain, for example {@code contoso.onmicrosoft.com}. */
    String domain() {
        return domain;
    }

    /**
     * The manager slot a generated (never modified) user was generated with, or -1: the same answer as its
     * generated {@code manager} value, without generating the other properties.
     */
    int generatedManagerSlot(int userSlot) {
        return generatedManager.applyAsInt(userSlot);
    }

    /** The current version: the number of changes recorded so far. */
    long version() {
        return version;
    }

    // ---- member keys ----

    static int memberKey(MemberType type, int slot) {
        if (slot > SLOT_MASK) {
            throw new IllegalStateException("too many objects of type " + type);
        }
        return (type.ordinal() << TYPE_SHIFT) | slot;
    }

    static MemberType memberType(int key) {
        return MemberType.values()[key >>> TYPE_SHIFT];
    }

    static int memberSlot(int key) {
        return key & SLOT_MASK;
    }

    String memberId(int key) {
        return ids(memberType(key)).id(memberSlot(key));
    }

    /** Whether a member key refers to an object that exists (active, for users, groups and devices). */
    boolean memberExists(int key) {
        MemberType type = memberType(key);
        int slot = memberSlot(key);
        if (slot >= ids(type).size()) {
            return false;
        }
        return switch (type) {
            case USER -> users.status(slot) == EntityTable.ACTIVE;
            case GROUP -> groups.status(slot) == EntityTable.ACTIVE;
            case DEVICE -> devices.status(slot) == EntityTable.ACTIVE;
            default -> true;
        };
    }

    // ---- ids ----

    /** A new random id unused by any member type. */
    String newId() {
        while (true) {
            String id = IdTable.randomGuid(idRandom);
            if (!idInUse(id)) {
                return id;
            }
        }
    }

    boolean idInUse(String id) {
        for (IdTable t : idTables) {
            if (t.slot(id) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Adds an id to a member type with no properties (service principals, contacts). */
    int addPlainObject(MemberType type, String id) {
        return ids(type).add(id);
    }

    // ---- memberships ----

    /** The group's members, sorted by key. Shared: copy before releasing the lock. */
    int[] members(int groupSlot) {
        if (groupSlot >= members.length || members[groupSlot] == null) {
            return NO_MEMBERS;
        }
        return members[groupSlot];
    }

    boolean isMember(int groupSlot, int key) {
        return Arrays.binarySearch(members(groupSlot), key) >= 0;
    }

    /** Adds a member key and logs MEMBER_ADD; false if it was a member already. */
    boolean addMember(int groupSlot, int key) {
        int[] m = members(groupSlot);
        int at = Arrays.binarySearch(m, key);
        if (at >= 0) {
            return false;
        }
        at = -(at + 1);
        int[] n = new int[m.length + 1];
        System.arraycopy(m, 0, n, 0, at);
        n[at] = key;
        System.arraycopy(m, at, n, at + 1, m.length - at);
        setMembers(groupSlot, n);
        record(groups, groupSlot, ChangeLog.MEMBER_ADD, 0, key, null);
        return true;
    }

    /** Removes a member key and logs MEMBER_REMOVE; false if it was not a member. */
    boolean removeMember(int groupSlot, int key) {
        int[] m = members(groupSlot);
        int at = Arrays.binarySearch(m, key);
        if (at < 0) {
            return false;
        }
        int[] n = new int[m.length - 1];
        System.arraycopy(m, 0, n, 0, at);
        System.arraycopy(m, at + 1, n, at, m.length - at - 1);
        setMembers(groupSlot, n);
        record(groups, groupSlot, ChangeLog.MEMBER_REMOVE, 0, key, null);
        return true;
    }

    /** Drops a group's member list without logging (the group is gone for good). */
    void clearMembers(int groupSlot) {
        if (groupSlot < members.length) {
            members[groupSlot] = null;
        }
    }

    private void setMembers(int groupSlot, int[] m) {
        if (groupSlot >= members.length) {
            members = Arrays.copyOf(members, Math.max(groupSlot + 1, members.length * 2));
        }
        members[groupSlot] = m;
    }

    /** The slots of the groups (any status) that hold a member key: a scan, for deletions only. */
    int[] groupsContaining(int key) {
        int[] out = new int[16];
        int n = 0;
        int count = Math.min(members.length, groups.ids().size());
        for (int g = 0; g < count; g++) {
            int[] m = members[g];
            if (m != null && Arrays.binarySearch(m, key) >= 0) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = g;
            }
        }
        return Arrays.copyOf(out, n);
    }

    void suspendMemberships(int key, int[] groupSlots) {
        suspendedMemberships.put(key, groupSlots);
    }

    int[] takeSuspendedMemberships(int key) {
        int[] g = suspendedMemberships.remove(key);
        return g == null ? NO_MEMBERS : g;
    }

    // ---- owners ----

    /** The group's owners (user and service principal keys), sorted. Shared: copy before releasing the lock. */
    int[] owners(int groupSlot) {
        if (groupSlot >= owners.length || owners[groupSlot] == null) {
            return NO_MEMBERS;
        }
        return owners[groupSlot];
    }

    boolean isOwner(int groupSlot, int key) {
        return Arrays.binarySearch(owners(groupSlot), key) >= 0;
    }

    /** Adds an owner key and logs OWNER_ADD; false if it was an owner already. */
    boolean addOwner(int groupSlot, int key) {
        int[] o = owners(groupSlot);
        int at = Arrays.binarySearch(o, key);
        if (at >= 0) {
            return false;
        }
        at = -(at + 1);
        int[] n = new int[o.length + 1];
        System.arraycopy(o, 0, n, 0, at);
        n[at] = key;
        System.arraycopy(o, at, n, at + 1, o.length - at);
        setOwners(groupSlot, n);
        record(groups, groupSlot, ChangeLog.OWNER_ADD, 0, key, null);
        return true;
    }

    /** Removes an owner key and logs OWNER_REMOVE; false if it was not an owner. */
    boolean removeOwner(int groupSlot, int key) {
        int[] o = owners(groupSlot);
        int at = Arrays.binarySearch(o, key);
        if (at < 0) {
            return false;
        }
        int[] n = new int[o.length - 1];
        System.arraycopy(o, 0, n, 0, at);
        System.arraycopy(o, at + 1, n, at, o.length - at - 1);
        setOwners(groupSlot, n);
        record(groups, groupSlot, ChangeLog.OWNER_REMOVE, 0, key, null);
        return true;
    }

    /** Drops a group's owner list without logging (the group is gone for good). */
    void clearOwners(int groupSlot) {
        if (groupSlot < owners.length) {
            owners[groupSlot] = null;
        }
    }

    private void setOwners(int groupSlot, int[] o) {
        if (groupSlot >= owners.length) {
            owners = Arrays.copyOf(owners, Math.max(groupSlot + 1, owners.length * 2));
        }
        owners[groupSlot] = o;
    }

    /** The slots of the groups (any status) that a key owns: a scan, for deletions only. */
    int[] groupsOwnedBy(int key) {
        int[] out = new int[4];
        int n = 0;
        int count = Math.min(owners.length, groups.ids().size());
        for (int g = 0; g < count; g++) {
            int[] o = owners[g];
            if (o != null && Arrays.binarySearch(o, key) >= 0) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = g;
            }
        }
        return Arrays.copyOf(out, n);
    }

    void suspendOwnerships(int key, int[] groupSlots) {
        if (groupSlots.length > 0) {
            suspendedOwnerships.put(key, groupSlots);
        }
    }

    int[] takeSuspendedOwnerships(int key) {
        int[] g = suspendedOwnerships.remove(key);
        return g == null ? NO_MEMBERS : g;
    }

    // ---- change recording ----

    /** Records a change of an object in a table at the next version. */
    void record(EntityTable table, int slot, byte kind, long mask, int memberKey, String oldManager) {
        version++;
        table.log().append(new ChangeLog.Change(version, slot, kind, mask, memberKey, oldManager));
    }
}
