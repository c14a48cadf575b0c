package org.identitymesh.connector.entra.delta;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The properties of one parsed object, in page order: two parallel arrays rather than a hash table, because an object
 * has a few dozen properties and lives only as long as its page. Property names come from Jackson's name table and
 * attribute names are constants, so a lookup usually matches by identity and otherwise compares the cached hash codes
 * before the text. Allows {@code null} values (an explicit JSON {@code null}). Read-only.
 */
final class PropertyMap extends AbstractMap<String, Object> {

    static final PropertyMap EMPTY = new PropertyMap(new String[0], new Object[0], 0);

    private final String[] names;
    private final Object[] values;
    private final int size;

    private PropertyMap(String[] names, Object[] values, int size) {
        this.names = names;
        this.values = values;
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(names, size, key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(names, size, key);
        return i < 0 ? null : values[i];
    }

    @Override
    public Object getOrDefault(Object key, Object defaultValue) {
        int i = indexOf(names, size, key);
        return i < 0 ? defaultValue : values[i];
    }

    private static int indexOf(String[] names, int size, Object key) {
        for (int i = 0; i < size; i++) {
            if (names[i] == key) {
                return i;
            }
        }
        if (!(key instanceof String name)) {
            return -1;
        }
        int hash = name.hashCode();
        for (int i = 0; i < size; i++) {
            if (names[i].hashCode() == hash && names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[i]);
                    }
                };
            }
        };
    }

    /**
     * Collects the properties of one object as the parser meets them; a name met again replaces its value. The arrays
     * go to the map as they are, and the next object starts with new ones sized like the last.
     */
    static final class Builder {
        private String[] names = new String[16];
        private Object[] values = new Object[16];
        private int size;
        /** One bit per hash value modulo 64 of the names put: most names need no scan for a repeat. */
        private long seen;

        void put(String name, Object value) {
            long bit = 1L << (name.hashCode() & 63);
            if ((seen & bit) != 0) {
                int i = indexOf(names, size, name);
                if (i >= 0) {
                    values[i] = value;
                    return;
                }
            }
            seen |= bit;
            if (size == names.length) {
                names = java.util.Arrays.copyOf(names, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size] = value;
            size++;
        }

        /** The map of what was put, after which the builder starts empty again. */
        PropertyMap buildAndReset() {
            if (size == 0) {
                return EMPTY;
            }
            PropertyMap map = new PropertyMap(names, values, size);
            names = new String[Math.max(size, 4)];
            values = new Object[names.length];
            size = 0;
            seen = 0;
            return map;
        }
    }
}
