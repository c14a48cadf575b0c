package org.identitymesh.connector.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.identitymesh.connector.api.ConnectorDescriptor;

/**
 * Compares what an environment holds with what a replica holds, and says how they differ, one line per difference:
 * what a failing test should print instead of two whole tenants.
 */
public final class Snapshots {

    private static final int MAX_DIFFERENCES = 25;

    private Snapshots() {
    }

    /**
     * The snapshot in {@link HostReplica#snapshot()}'s form: every declared type present, sorted, no {@code null}
     * values, integers as {@link Long}.
     */
    static Map<String, Map<String, Map<String, Object>>> normalize(Map<String, Map<String, Map<String, Object>>> raw,
            ConnectorDescriptor descriptor) {
        SortedMap<String, Map<String, Map<String, Object>>> normalized = new TreeMap<>();
        descriptor.objectTypes().forEach(type -> normalized.put(type.name(), new TreeMap<>()));
        raw.forEach((type, objects) -> {
            SortedMap<String, Map<String, Object>> byId = new TreeMap<>();
            objects.forEach((id, attributes) -> {
                SortedMap<String, Object> values = new TreeMap<>();
                attributes.forEach((name, value) -> {
                    if (value != null) {
                        values.put(name, value instanceof Integer i ? Long.valueOf(i) : value);
                    }
                });
                byId.put(id, Collections.unmodifiableSortedMap(values));
            });
            normalized.put(type, Collections.unmodifiableSortedMap(byId));
        });
        return Collections.unmodifiableSortedMap(normalized);
    }

    /** A delivered value in the normalized snapshot's form: integers as {@link Long}. */
    static Object normalizeValue(Object value) {
        return value instanceof Integer i ? Long.valueOf(i) : value;
    }

    /**
     * One line per difference, at most {@value #MAX_DIFFERENCES}; empty when equal.
     *
     * @param expected what the environment holds: object type, then external id, then attributes
     * @param actual   what the replica holds, in the same form
     * @return the differences, empty when the two are equal
     */
    public static List<String> differences(Map<String, Map<String, Map<String, Object>>> expected,
            Map<String, Map<String, Map<String, Object>>> actual) {
        List<String> lines = new ArrayList<>();
        TreeSet<String> types = new TreeSet<>(expected.keySet());
        types.addAll(actual.keySet());
        for (String type : types) {
            Map<String, Map<String, Object>> want = expected.getOrDefault(type, Map.of());
            Map<String, Map<String, Object>> got = actual.getOrDefault(type, Map.of());
            TreeSet<String> ids = new TreeSet<>(want.keySet());
            ids.addAll(got.keySet());
            for (String id : ids) {
                if (!got.containsKey(id)) {
                    lines.add(type + "/" + id + ": in the environment but not in the replica " + want.get(id));
                } else if (!want.containsKey(id)) {
                    lines.add(type + "/" + id + ": in the replica but no longer in the environment " + got.get(id));
                } else {
                    TreeSet<String> names = new TreeSet<>(want.get(id).keySet());
                    names.addAll(got.get(id).keySet());
                    for (String name : names) {
                        Object w = want.get(id).get(name);
                        Object g = got.get(id).get(name);
                        if (!Objects.equals(w, g)) {
                            lines.add(type + "/" + id + "." + name + ": environment has " + show(w)
                                    + ", replica has " + show(g));
                        }
                    }
                }
            }
        }
        if (lines.size() > MAX_DIFFERENCES) {
            int more = lines.size() - MAX_DIFFERENCES;
            lines = new ArrayList<>(lines.subList(0, MAX_DIFFERENCES));
            lines.add("... and " + more + " more");
        }
        return lines;
    }

    private static String show(Object value) {
        return value == null ? "no value" : value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
