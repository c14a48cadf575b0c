package org.identitymesh.connector.testkit.entra;

import java.util.Arrays;
import java.util.HashMap;
import java.util.function.IntFunction;

/**
 * The users or the groups of a tenant: ids, status and property values, plus their change log. Generated
 * objects keep no values: they are recomputed from the seed on each read until first modified, when a copy is
 * stored. Not thread-safe: the {@link DirectoryStore} lock guards it.
 */
final class EntityTable {

    static final byte ACTIVE = 0;
    static final byte SOFT_DELETED = 1;
    static final byte HARD_DELETED = 2;

    private final PropertySchema schema;
    private final IdTable ids;
    private final IntFunction<Object[]> generated;
    private final HashMap<Integer, Object[]> stored = new HashMap<>();
    private final ChangeLog log = new ChangeLog();
    private byte[] status;
    private int active;

    EntityTable(PropertySchema schema, IdTable ids, IntFunction<Object[]> generated) {
        this.schema = schema;
        this.ids = ids;
        this.generated = generated;
        this.status = new byte[Math.max(16, ids.size())];
        this.active = ids.size();
    }

    PropertySchema schema() {
        return schema;
    }

    IdTable ids() {
        return ids;
    }

    ChangeLog log() {
        return log;
    }

    int activeCount() {
        return active;
    }

    byte status(int slot) {
        return status[slot];
    }

    void setStatus(int slot, byte s) {
        byte old = status[slot];
        if (old == ACTIVE && s != ACTIVE) {
            active--;
        } else if (old != ACTIVE && s == ACTIVE) {
            active++;
        }
        status[slot] = s;
        if (s == HARD_DELETED) {
            stored.remove(slot);
        }
    }

    /** Whether the slot's values were modified since generation (so {@link #values} is a stored array). */
    boolean isStored(int slot) {
        return stored.containsKey(slot);
    }

    /** The current values; a stored array is shared, so callers copy before releasing the lock. */
    Object[] values(int slot) {
        Object[] v = stored.get(slot);
        return v != null ? v : generated.apply(slot);
    }

    /** The slot's values as a stored, modifiable array. */
    Object[] mutableValues(int slot) {
        return stored.computeIfAbsent(slot, generated::apply);
    }

    /** Adds an object with an id and values; it starts active. */
    int add(String id, Object[] values) {
        int slot = ids.add(id);
        if (slot >= status.length) {
            status = Arrays.copyOf(status, Math.max(slot + 1, status.length * 2));
        }
        status[slot] = ACTIVE;
        active++;
        stored.put(slot, values);
        return slot;
    }
}
