package org.identitymesh.connector.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;

/**
 * What a host does with the records of imports: a copy of the connected system, kept up to date by applying
 * {@link ChangeRecord}s with exactly the SPI's semantics.
 *
 * <ul>
 *   <li>An UPSERT creates the object or merges into it: an absent attribute is unchanged, a {@code null} one is
 *       removed, any other value replaces the held one.</li>
 *   <li>A DELETE removes the object, and with it every object of a
 *       {@linkplain ObjectType#container() contained type} whose container attribute names it, recursively.</li>
 *   <li>Between {@link #beginImport()} and {@link #finishImport(ImportResult)}, the replica remembers which
 *       objects were upserted; for each type the result reports as a
 *       {@linkplain ImportResult.TypeResult#completeSnapshot() complete snapshot}, the objects held but not
 *       received are removed.</li>
 * </ul>
 *
 * <p>Every operation costs time proportional to the records or objects it touches: contained objects are
 * indexed by their container, so deleting a group does not scan every membership. Not thread-safe; a host runs
 * one import at a time on a replica, as on a connector.
 */
public final class HostReplica {

    private final Map<String, ObjectType> types = new LinkedHashMap<>();
    /** Container type name to the types whose objects it contains. */
    private final Map<String, List<ObjectType>> containedTypes = new HashMap<>();
    /** Type name to external id to attributes; attribute values are never {@code null}. */
    private final Map<String, Map<String, Map<String, Object>>> store = new HashMap<>();
    /** Contained type name to container external id to the external ids of the objects it contains. */
    private final Map<String, Map<String, Set<String>>> byContainer = new HashMap<>();
    /** Type name to the external ids upserted by the running import; {@code null} outside an import. */
    private Map<String, Set<String>> received;

    /**
     * An empty replica for a connector's object types.
     *
     * @param descriptor the connector's descriptor, whose object types and containers decide how records apply
     */
    public HostReplica(ConnectorDescriptor descriptor) {
        for (ObjectType type : Objects.requireNonNull(descriptor, "descriptor").objectTypes()) {
            types.put(type.name(), type);
            store.put(type.name(), new HashMap<>());
            type.containerType().ifPresent(container -> {
                containedTypes.computeIfAbsent(container.objectType(), name -> new ArrayList<>()).add(type);
                byContainer.put(type.name(), new HashMap<>());
            });
        }
    }

    /**
     * A sink that applies each record to this replica, for {@link Connector#importChanges}.
     *
     * @return the sink
     */
    public ChangeSink sink() {
        return this::accept;
    }

    /**
     * Applies one record.
     *
     * @param record the record
     * @throws IllegalArgumentException when the record's object type is not declared by the descriptor
     */
    public void accept(ChangeRecord record) {
        ObjectType type = declared(record.objectType());
        String id = record.externalId();
        if (record.operation() == ChangeRecord.Operation.DELETE) {
            remove(type, id);
            return;
        }
        Map<String, Object> attributes = store.get(type.name()).computeIfAbsent(id, key -> new HashMap<>());
        String oldContainer = containerId(type, attributes);
        record.attributes().forEach((name, value) -> {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
        });
        String newContainer = containerId(type, attributes);
        if (!Objects.equals(oldContainer, newContainer)) {
            unindex(type, oldContainer, id);
            if (newContainer != null) {
                byContainer.get(type.name()).computeIfAbsent(newContainer, key -> new HashSet<>()).add(id);
            }
        }
        if (received != null) {
            received.computeIfAbsent(type.name(), key -> new HashSet<>()).add(id);
        }
    }

    /**
     * Starts tracking which objects an import upserts, for {@link #finishImport(ImportResult)}. Calling it again
     * starts over, which is what a host does after an import that failed: the records that import delivered stay
     * applied (they were real changes), and nothing is pruned for it.
     */
    public void beginImport() {
        received = new HashMap<>();
    }

    /**
     * Continues the import that stopped, for a connector resuming from a checkpoint
     * ({@link ImportRequest#resume(String)}): what the stopped import upserted stays marked as received, so that
     * {@link #finishImport(ImportResult)} prunes only objects received in neither part. A host does the same with a
     * mark it stores on each row (an import number), in the same transaction as the checkpoint.
     *
     * @throws IllegalStateException when no import was begun
     */
    public void resumeImport() {
        if (received == null) {
            throw new IllegalStateException("resumeImport continues an import begun with beginImport");
        }
    }

    /**
     * Ends an import that succeeded: for each object type the result reports as a complete snapshot, removes the
     * objects held but not upserted since {@link #beginImport()}.
     *
     * @param result what the connector returned
     * @throws IllegalStateException    when no import was begun
     * @throws IllegalArgumentException when the result reports an object type the descriptor does not declare
     */
    public void finishImport(ImportResult result) {
        if (received == null) {
            throw new IllegalStateException("finishImport needs a beginImport before the import");
        }
        for (ImportResult.TypeResult typeResult : result.types().values()) {
            ObjectType type = declared(typeResult.objectType());
            if (typeResult.completeSnapshot()) {
                Set<String> kept = received.getOrDefault(type.name(), Set.of());
                List<String> stale = store.get(type.name()).keySet().stream()
                        .filter(id -> !kept.contains(id))
                        .toList();
                stale.forEach(id -> remove(type, id));
            }
        }
        received = null;
    }

    /**
     * Runs one import into this replica: {@link #beginImport()}, the connector's import with {@link #sink()},
     * then {@link #finishImport(ImportResult)}.
     *
     * @param connector the connector
     * @param request   what to import
     * @return the connector's result
     * @throws RuntimeException whatever the import throws; the records delivered before stay applied
     */
    public ImportResult runImport(Connector connector, ImportRequest request) {
        beginImport();
        ImportResult result = connector.importChanges(request, sink());
        finishImport(result);
        return result;
    }

    /**
     * Everything held: object type to external id to attributes, each level sorted by name so that two
     * snapshots compare and print readably. Every declared type is present, empty when nothing is held.
     *
     * @return an unmodifiable copy
     */
    public Map<String, Map<String, Map<String, Object>>> snapshot() {
        SortedMap<String, Map<String, Map<String, Object>>> snapshot = new TreeMap<>();
        types.keySet().forEach(name -> snapshot.put(name, objects(name)));
        return Collections.unmodifiableSortedMap(snapshot);
    }

    /**
     * The objects of one type: external id to attributes, sorted by id and by attribute name.
     *
     * @param objectType a declared object type
     * @return an unmodifiable copy
     * @throws IllegalArgumentException when the type is not declared
     */
    public Map<String, Map<String, Object>> objects(String objectType) {
        SortedMap<String, Map<String, Object>> objects = new TreeMap<>();
        store.get(declared(objectType).name()).forEach((id, attributes) -> objects.put(id, sorted(attributes)));
        return Collections.unmodifiableSortedMap(objects);
    }

    /**
     * One object.
     *
     * @param objectType a declared object type
     * @param externalId the object's external id
     * @return its attributes sorted by name, if held
     * @throws IllegalArgumentException when the type is not declared
     */
    public Optional<Map<String, Object>> object(String objectType, String externalId) {
        return Optional.ofNullable(store.get(declared(objectType).name()).get(externalId)).map(HostReplica::sorted);
    }

    /** Counts the objects held per type, never their attributes. */
    @Override
    public String toString() {
        return types.keySet().stream().map(name -> name + "=" + store.get(name).size())
                .collect(Collectors.joining(", ", "HostReplica[", "]"));
    }

    private ObjectType declared(String objectType) {
        ObjectType type = types.get(objectType);
        if (type == null) {
            throw new IllegalArgumentException("object type " + objectType + " is not declared; declared: "
                    + types.keySet());
        }
        return type;
    }

    private void remove(ObjectType type, String id) {
        Map<String, Object> removed = store.get(type.name()).remove(id);
        if (removed != null) {
            unindex(type, containerId(type, removed), id);
        }
        for (ObjectType contained : containedTypes.getOrDefault(type.name(), List.of())) {
            Set<String> containedIds = byContainer.get(contained.name()).remove(id);
            if (containedIds != null) {
                // detached from the index above, so the recursive removals cannot modify it while we iterate
                containedIds.forEach(containedId -> remove(contained, containedId));
            }
        }
    }

    private void unindex(ObjectType type, String containerId, String id) {
        if (containerId == null) {
            return;
        }
        Map<String, Set<String>> index = byContainer.get(type.name());
        Set<String> ids = index.get(containerId);
        if (ids != null && ids.remove(id) && ids.isEmpty()) {
            index.remove(containerId);
        }
    }

    private static String containerId(ObjectType type, Map<String, Object> attributes) {
        return type.container() != null && attributes.get(type.container().attribute()) instanceof String id
                ? id : null;
    }

    private static Map<String, Object> sorted(Map<String, Object> attributes) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    }
}
