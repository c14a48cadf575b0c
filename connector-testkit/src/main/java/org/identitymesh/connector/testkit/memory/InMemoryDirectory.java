package org.identitymesh.connector.testkit.memory;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;

/**
 * A directory of users, groups and memberships held in memory, with a change log: the system the
 * {@code InMemory} connector reads. Tests create one, change it through the methods below, and configure the
 * connector with its name.
 *
 * <p>Objects are held in the connector's terms: types {@value #USER}, {@value #GROUP} and
 * {@value #GROUP_MEMBER}, the attributes of {@link InMemoryConnectorProvider}'s descriptor. A membership's id is
 * {@code groupId:memberId}. Every change appends to the log what changed: the attributes set or cleared, or a
 * deletion. Deleting a group logs only the group's deletion, as a system that relies on the host removing the
 * group's memberships with it; deleting a member logs the end of each of its memberships.
 *
 * <p>Directories are found by name in a registry of this class loader until {@link #close() closed}.
 * Thread-safe.
 */
public final class InMemoryDirectory implements AutoCloseable {

    /** The object type of users. */
    public static final String USER = "User";
    /** The object type of groups. */
    public static final String GROUP = "Group";
    /** The object type of memberships, contained in groups. */
    public static final String GROUP_MEMBER = "GroupMember";

    private static final Map<String, InMemoryDirectory> REGISTRY = new ConcurrentHashMap<>();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.@-]+");

    private final String name;
    private final byte[] apiKeyHash;
    private final Map<String, TreeMap<String, Map<String, Object>>> objects = new HashMap<>();
    private final List<ChangeRecord> log = new ArrayList<>();

    private InMemoryDirectory(String name, String apiKey) {
        this.name = name;
        this.apiKeyHash = sha256(apiKey.getBytes(StandardCharsets.UTF_8));
        List.of(USER, GROUP, GROUP_MEMBER).forEach(type -> objects.put(type, new TreeMap<>()));
    }

    /**
     * Creates an empty directory and registers it under its name.
     *
     * @param name   the name the connector's {@code Directory} field gives: letters, digits, {@code -} and
     *               {@code _}
     * @param apiKey the key the connector must present; the directory keeps only its hash
     * @return the directory
     * @throws IllegalArgumentException when the name is invalid or taken, or the key is empty
     */
    public static InMemoryDirectory create(String name, String apiKey) {
        if (name == null || !InMemorySettings.DIRECTORY_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a directory name is 1 to 64 letters, digits, '-' or '_'");
        }
        if (apiKey == null || apiKey.isEmpty()) {
            throw new IllegalArgumentException("a directory needs a non-empty API key");
        }
        InMemoryDirectory directory = new InMemoryDirectory(name, apiKey);
        if (REGISTRY.putIfAbsent(name, directory) != null) {
            throw new IllegalArgumentException("a directory named " + name + " exists; close it first");
        }
        return directory;
    }

    /**
     * Finds a registered directory.
     *
     * @param name the directory's name
     * @return the directory, if one is registered under that name
     */
    public static Optional<InMemoryDirectory> find(String name) {
        return Optional.ofNullable(REGISTRY.get(name));
    }

    /**
     * The directory's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Creates a user, or changes some of its attributes.
     *
     * @param id         the user's id: letters, digits, {@code _ . @ -}
     * @param attributes the attributes to set; a {@code null} value clears one, absent ones are unchanged
     * @throws IllegalArgumentException when the id or an attribute is invalid
     */
    public synchronized void putUser(String id, Map<String, ?> attributes) {
        put(USER, id, attributes);
    }

    /**
     * Creates a group, or changes some of its attributes.
     *
     * @param id         the group's id: letters, digits, {@code _ . @ -}
     * @param attributes the attributes to set; a {@code null} value clears one, absent ones are unchanged
     * @throws IllegalArgumentException when the id or an attribute is invalid
     */
    public synchronized void putGroup(String id, Map<String, ?> attributes) {
        put(GROUP, id, attributes);
    }

    /**
     * Deletes a user and ends its memberships. Deleting a missing user does nothing.
     *
     * @param id the user's id
     */
    public synchronized void deleteUser(String id) {
        deleteWithMemberships(USER, id);
    }

    /**
     * Deletes a group, its memberships, and its own memberships of other groups. Deleting a missing group does
     * nothing.
     *
     * @param id the group's id
     */
    public synchronized void deleteGroup(String id) {
        if (objects.get(GROUP).containsKey(id)) {
            objects.get(GROUP_MEMBER).values().removeIf(member -> id.equals(member.get("groupId")));
        }
        deleteWithMemberships(GROUP, id);
    }

    /**
     * Makes a user or group a member of a group. Adding an existing member does nothing.
     *
     * @param groupId  the group's id
     * @param memberId the id of a user or of another group
     * @throws IllegalArgumentException when the group or the member does not exist
     */
    public synchronized void addMember(String groupId, String memberId) {
        if (!objects.get(GROUP).containsKey(groupId)) {
            throw new IllegalArgumentException("no group " + groupId);
        }
        String memberType = objects.get(USER).containsKey(memberId) ? USER
                : objects.get(GROUP).containsKey(memberId) && !memberId.equals(groupId) ? GROUP : null;
        if (memberType == null) {
            throw new IllegalArgumentException("no user or other group " + memberId);
        }
        String id = groupId + ":" + memberId;
        if (!objects.get(GROUP_MEMBER).containsKey(id)) {
            Map<String, Object> member = membership(groupId, memberId, memberType);
            objects.get(GROUP_MEMBER).put(id, member);
            log.add(ChangeRecord.upsert(GROUP_MEMBER, id, member));
        }
    }

    /**
     * Ends a membership. Removing a missing membership does nothing.
     *
     * @param groupId  the group's id
     * @param memberId the member's id
     */
    public synchronized void removeMember(String groupId, String memberId) {
        String id = groupId + ":" + memberId;
        Map<String, Object> member = objects.get(GROUP_MEMBER).remove(id);
        if (member != null) {
            log.add(ChangeRecord.delete(GROUP_MEMBER, id, membership(groupId, memberId, null)));
        }
    }

    /**
     * Everything the directory holds, in the connector's terms.
     *
     * @return object type to id to attributes, sorted, unmodifiable
     */
    public synchronized Map<String, Map<String, Map<String, Object>>> snapshot() {
        SortedMap<String, Map<String, Map<String, Object>>> snapshot = new TreeMap<>();
        objects.forEach((type, byId) -> {
            SortedMap<String, Map<String, Object>> copy = new TreeMap<>();
            byId.forEach((id, attributes) ->
                    copy.put(id, Collections.unmodifiableSortedMap(new TreeMap<>(attributes))));
            snapshot.put(type, Collections.unmodifiableSortedMap(copy));
        });
        return Collections.unmodifiableSortedMap(snapshot);
    }

    /** Unregisters the directory; connectors configured with its name then fail. */
    @Override
    public void close() {
        REGISTRY.remove(name, this);
    }

    @Override
    public String toString() {
        return "InMemoryDirectory[" + name + "]";
    }

    // What the connector calls: the directory's "wire protocol".

    boolean acceptsKey(char[] key) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(key));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try {
            return MessageDigest.isEqual(apiKeyHash, sha256(bytes));
        } finally {
            Arrays.fill(bytes, (byte) 0);
            Arrays.fill(encoded.array(), (byte) 0);
        }
    }

    /** The position of the latest change; 0 before the first. */
    synchronized long lastSequence() {
        return log.size();
    }

    /** Up to {@code limit} objects of a type with ids after {@code afterId} ({@code null} for the first page). */
    synchronized List<ChangeRecord> page(String type, String afterId, int limit) {
        TreeMap<String, Map<String, Object>> byId = objects.get(type);
        List<ChangeRecord> page = new ArrayList<>(Math.min(limit, byId.size()));
        for (Map.Entry<String, Map<String, Object>> entry
                : (afterId == null ? byId : byId.tailMap(afterId, false)).entrySet()) {
            if (page.size() == limit) {
                break;
            }
            page.add(ChangeRecord.upsert(type, entry.getKey(), entry.getValue()));
        }
        return page;
    }

    /** Up to {@code limit} changes logged after position {@code sequence}. */
    synchronized List<ChangeRecord> changesAfter(long sequence, int limit) {
        int from = (int) Math.min(sequence, log.size());
        return List.copyOf(log.subList(from, Math.min(from + limit, log.size())));
    }

    private void put(String type, String id, Map<String, ?> attributes) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(type + " ids are letters, digits, '_', '.', '@' or '-'");
        }
        ChangeRecord requested = ChangeRecord.upsert(type, id, attributes); // checks the value types
        ObjectType objectType = InMemoryConnectorProvider.DESCRIPTOR.objectType(type).orElseThrow();
        requested.attributes().forEach((name, value) -> {
            var declared = objectType.attribute(name).orElseThrow(() ->
                    new IllegalArgumentException(type + " has no attribute " + name));
            if (value != null && !declared.type().accepts(value)) {
                throw new IllegalArgumentException(type + "." + name + " takes a " + declared.type());
            }
        });
        Map<String, Object> stored = objects.get(type).get(id);
        boolean created = stored == null;
        Map<String, Object> current = created ? new TreeMap<>() : new TreeMap<>(stored);
        Map<String, Object> changed = new TreeMap<>();
        requested.attributes().forEach((name, value) -> {
            if (!Objects.equals(current.get(name), value)) {
                changed.put(name, value);
                if (value == null) {
                    current.remove(name);
                } else {
                    current.put(name, value);
                }
            }
        });
        if (created || !changed.isEmpty()) {
            objects.get(type).put(id, current);
            log.add(ChangeRecord.upsert(type, id, changed));
        }
    }

    private void deleteWithMemberships(String type, String id) {
        if (objects.get(type).remove(id) == null) {
            return;
        }
        List<String> memberships = objects.get(GROUP_MEMBER).entrySet().stream()
                .filter(e -> id.equals(e.getValue().get("memberId"))).map(Map.Entry::getKey).toList();
        memberships.forEach(membership -> {
            Map<String, Object> member = objects.get(GROUP_MEMBER).get(membership);
            removeMember((String) member.get("groupId"), id);
        });
        log.add(ChangeRecord.delete(type, id));
    }

    private static Map<String, Object> membership(String groupId, String memberId, String memberType) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("groupId", groupId);
        attributes.put("memberId", memberId);
        if (memberType != null) {
            attributes.put("memberType", memberType);
        }
        return Collections.unmodifiableMap(attributes);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
