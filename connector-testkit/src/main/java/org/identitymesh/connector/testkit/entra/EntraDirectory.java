package org.identitymesh.connector.testkit.entra;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The simulated tenant's directory: read its current state and change it. Every change is recorded so the
 * next delta round reports it. Thread-safe; changes may run while clients page through a delta.
 *
 * <p>Properties are named as in Graph ({@code displayName}, {@code accountEnabled}, ...). Values are
 * {@link String}, {@link Boolean} (for {@code accountEnabled}, {@code mailEnabled}, {@code securityEnabled},
 * {@code onPremisesSyncEnabled}, and a device's {@code isCompliant} and {@code isManaged}), a {@link List} of
 * {@link String} (for {@code businessPhones}, {@code groupTypes}) or a {@link List} of {@link AssignedLicense} (for a
 * user's {@code assignedLicenses}, which Graph returns only when selected; an empty list for a user without
 * licences). Timestamps are ISO-8601 text. A user's {@code manager} is the manager's user id. A {@code null} value
 * clears the property: Graph then reports it as an explicit {@code null}.
 *
 * <p>Deleting a user or group removes it from every group it belongs to (recorded as member removals of those
 * groups) and clears it as the manager of its direct reports; deleting a user also removes it as an owner of the
 * groups it owns (recorded as owner removals). A soft delete remembers the memberships and ownerships and a
 * restore brings them back, as Entra does. Devices are the objects behind group members of type
 * {@link MemberType#DEVICE}; Entra keeps no deleted devices, so deleting one is for good.
 */
public final class EntraDirectory {

    private final DirectoryStore store;
    // Users and groups follow one set of rules, in EntitySet; this class adds what spans both: members,
    // soft deletion looked up across types, and the objects that can only be members.
    private final EntitySet users;
    private final EntitySet groups;
    private final EntitySet devices;

    EntraDirectory(DirectoryStore store, Clock clock) {
        this.store = store;
        this.users = EntitySet.users(store, clock);
        this.groups = EntitySet.groups(store, clock);
        this.devices = EntitySet.devices(store, clock);
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
        return users.count();
    }

    /**
     * The number of groups that exist now (not deleted).
     *
     * @return the count
     */
    public int groupCount() {
        return groups.count();
    }

    /**
     * The total number of member links of existing groups.
     *
     * @return the count
     */
    public long membershipCount() {
        return store.read(() -> {
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
        return users.find(id);
    }

    /**
     * A group's current state (without members; see {@link #members(String)}).
     *
     * @param id the group id
     * @return the group, or empty if there is none or it is deleted
     */
    public Optional<ObjectSnapshot> group(String id) {
        return groups.find(id);
    }

    /**
     * All existing users in id order, read lazily in chunks (a million users need not fit in memory at once).
     * Changes made while the stream is consumed may or may not show.
     *
     * @return the users
     */
    public Stream<ObjectSnapshot> users() {
        return users.stream();
    }

    /**
     * All existing groups in id order, read lazily in chunks.
     *
     * @return the groups
     */
    public Stream<ObjectSnapshot> groups() {
        return groups.stream();
    }

    /**
     * A group's current members, sorted by type then id.
     *
     * @param groupId the group id
     * @return the members
     * @throws NoSuchElementException if the group does not exist
     */
    public List<MemberRef> members(String groupId) {
        return store.read(() -> {
            int g = groups.activeSlot(groupId);
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
        return store.read(() -> users.isSoftDeleted(id) || groups.isSoftDeleted(id));
    }

    /**
     * Ids of the existing objects of a member type other than users and groups (service principals, devices,
     * contacts), in id order.
     *
     * @param type {@link MemberType#SERVICE_PRINCIPAL}, {@link MemberType#DEVICE} or {@link MemberType#ORG_CONTACT}
     * @return the ids
     */
    public List<String> plainObjectIds(MemberType type) {
        requirePlain(type);
        return store.read(() -> {
            List<String> out = new ArrayList<>();
            Iterator<Integer> it = store.ids(type).slotsFrom(null, false);
            while (it.hasNext()) {
                int slot = it.next();
                if (store.memberExists(DirectoryStore.memberKey(type, slot))) {
                    out.add(store.ids(type).id(slot));
                }
            }
            return out;
        });
    }

    /**
     * The number of devices that exist now.
     *
     * @return the count
     */
    public int deviceCount() {
        return devices.count();
    }

    /**
     * A device's current state.
     *
     * @param id the device's object id
     * @return the device, or empty if there is none or it is deleted
     */
    public Optional<ObjectSnapshot> device(String id) {
        return devices.find(id);
    }

    /**
     * All existing devices in id order, read lazily in chunks.
     *
     * @return the devices
     */
    public Stream<ObjectSnapshot> devices() {
        return devices.stream();
    }

    /**
     * A group's current owners (users and service principals), sorted by type then id.
     *
     * @param groupId the group id
     * @return the owners
     * @throws NoSuchElementException if the group does not exist
     */
    public List<MemberRef> owners(String groupId) {
        return store.read(() -> {
            int[] keys = store.owners(groups.activeSlot(groupId));
            List<MemberRef> out = new ArrayList<>(keys.length);
            for (int k : keys) {
                out.add(new MemberRef(DirectoryStore.memberType(k), store.memberId(k)));
            }
            return out;
        });
    }

    /**
     * The total number of owner links of existing groups.
     *
     * @return the count
     */
    public long ownershipCount() {
        return store.read(() -> {
            long n = 0;
            EntityTable g = store.groups();
            for (int s = 0; s < g.ids().size(); s++) {
                if (g.status(s) == EntityTable.ACTIVE) {
                    n += store.owners(s).length;
                }
            }
            return n;
        });
    }

    // ------------------------------------------------------------------ users

    /**
     * Creates a user with a new id. Missing {@code mailNickname}, {@code userPrincipalName},
     * {@code accountEnabled}, {@code userType}, {@code businessPhones} (empty), {@code assignedLicenses} (none) and
     * {@code createdDateTime} get defaults.
     *
     * @param properties the properties; {@code displayName} is required
     * @return the new user's id
     */
    public String addUser(Map<String, ?> properties) {
        return users.add(properties);
    }

    /**
     * Creates a user with a given id.
     *
     * @param id         a canonical lowercase GUID not used by any object
     * @param properties the properties; {@code displayName} is required
     * @throws IllegalArgumentException if the id is malformed or taken, or a property is invalid
     */
    public void addUser(String id, Map<String, ?> properties) {
        users.add(id, properties);
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
        users.update(id, changes);
    }

    /**
     * Clears one property of a user (Graph then reports it as {@code null}).
     *
     * @param id       the user id
     * @param property the property name
     */
    public void clearUserProperty(String id, String property) {
        users.clear(id, property);
    }

    /**
     * Deletes a user: removes it from its groups and clears it as its reports' manager.
     *
     * @param id       the user id
     * @param deletion soft (restorable) or hard; a soft-deleted user can be hard-deleted
     * @throws NoSuchElementException if the user does not exist or is already deleted that way
     */
    public void deleteUser(String id, Deletion deletion) {
        users.delete(id, deletion);
    }

    /**
     * Restores a soft-deleted user with its group memberships.
     *
     * @param id the user id
     * @throws NoSuchElementException if the user is not soft-deleted
     */
    public void restoreUser(String id) {
        users.restore(id);
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
        return groups.add(properties);
    }

    /**
     * Creates a group with a given id.
     *
     * @param id         a canonical lowercase GUID not used by any object
     * @param properties the properties; {@code displayName} is required
     */
    public void addGroup(String id, Map<String, ?> properties) {
        groups.add(id, properties);
    }

    /**
     * Changes properties of a group; a {@code null} value clears.
     *
     * @param id      the group id
     * @param changes property names to new values
     */
    public void updateGroup(String id, Map<String, ?> changes) {
        groups.update(id, changes);
    }

    /**
     * Clears one property of a group.
     *
     * @param id       the group id
     * @param property the property name
     */
    public void clearGroupProperty(String id, String property) {
        groups.clear(id, property);
    }

    /**
     * Deletes a group: removes it from the groups it is nested in. A hard delete drops its members.
     *
     * @param id       the group id
     * @param deletion soft or hard
     */
    public void deleteGroup(String id, Deletion deletion) {
        groups.delete(id, deletion);
    }

    /**
     * Restores a soft-deleted group with its members and its own memberships.
     *
     * @param id the group id
     */
    public void restoreGroup(String id) {
        groups.restore(id);
    }

    // ------------------------------------------------------------------ devices

    /**
     * Registers a device with a new id. Missing {@code accountEnabled} (true), {@code profileType}
     * ({@code RegisteredDevice}) and {@code registrationDateTime} (now) get defaults.
     *
     * @param properties the properties; {@code displayName} is required
     * @return the new device's id
     */
    public String addDevice(Map<String, ?> properties) {
        return devices.add(properties);
    }

    /**
     * Registers a device with a given id.
     *
     * @param id         a canonical lowercase GUID not used by any object
     * @param properties the properties; {@code displayName} is required
     */
    public void addDevice(String id, Map<String, ?> properties) {
        devices.add(id, properties);
    }

    /**
     * Changes properties of a device; a {@code null} value clears.
     *
     * @param id      the device id
     * @param changes property names to new values
     * @throws NoSuchElementException   if the device does not exist
     * @throws IllegalArgumentException if a property is unknown or a value has the wrong type
     */
    public void updateDevice(String id, Map<String, ?> changes) {
        devices.update(id, changes);
    }

    /**
     * Clears one property of a device.
     *
     * @param id       the device id
     * @param property the property name
     */
    public void clearDeviceProperty(String id, String property) {
        devices.clear(id, property);
    }

    /**
     * Deletes a device for good (Entra has no deleted-items container for devices): removes it from its groups;
     * the devices delta reports it with {@code "@removed": {"reason": "deleted"}}.
     *
     * @param id the device id
     * @throws NoSuchElementException if the device does not exist
     */
    public void deleteDevice(String id) {
        devices.delete(id, Deletion.HARD);
    }

    // ------------------------------------------------------------------ owners

    /**
     * Adds an owner to a group.
     *
     * @param groupId the group id
     * @param ownerId the owner's id
     * @param type    {@link MemberType#USER} or {@link MemberType#SERVICE_PRINCIPAL}
     * @return false if it was an owner already
     * @throws NoSuchElementException   if the group or the owner does not exist
     * @throws IllegalArgumentException if the type cannot own a group
     */
    public boolean addOwner(String groupId, String ownerId, MemberType type) {
        requireOwnerType(type);
        return store.write(() -> store.addOwner(groups.activeSlot(groupId), existingMemberKey(ownerId, type)));
    }

    /**
     * Removes an owner from a group.
     *
     * @param groupId the group id
     * @param ownerId the owner's id
     * @param type    the owner's type
     * @return false if it was not an owner
     * @throws NoSuchElementException if the group does not exist
     */
    public boolean removeOwner(String groupId, String ownerId, MemberType type) {
        requireOwnerType(type);
        return store.write(() -> {
            int g = groups.activeSlot(groupId);
            int slot = store.ids(type).slot(ownerId);
            return slot >= 0 && store.removeOwner(g, DirectoryStore.memberKey(type, slot));
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
        return store.write(() -> {
            int g = groups.activeSlot(groupId);
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
        return store.write(() -> {
            int g = groups.activeSlot(groupId);
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
     * Creates an object that is not a user or group: a service principal, device or organizational contact. A
     * device gets a generated {@code displayName} and the defaults of {@link #addDevice(Map)}.
     *
     * @param type {@link MemberType#SERVICE_PRINCIPAL}, {@link MemberType#DEVICE} or {@link MemberType#ORG_CONTACT}
     * @return its id
     */
    public String addPlainObject(MemberType type) {
        requirePlain(type);
        if (type == MemberType.DEVICE) {
            return store.write(() -> {
                String id = store.newId();
                devices.add(id, Map.of("displayName", "DEVICE-" + id.substring(0, 8).toUpperCase(Locale.ROOT)));
                return id;
            });
        }
        return store.write(() -> {
            String id = store.newId();
            store.addPlainObject(type, id);
            return id;
        });
    }

    // ------------------------------------------------------------------ internals

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

    private static void requireOwnerType(MemberType type) {
        if (type != MemberType.USER && type != MemberType.SERVICE_PRINCIPAL) {
            throw new IllegalArgumentException("groups are owned by users and service principals, not " + type);
        }
    }

    private static void requirePlain(MemberType type) {
        if (type == MemberType.USER || type == MemberType.GROUP) {
            throw new IllegalArgumentException("users and groups have their own methods: " + type);
        }
    }
}
