package org.identitymesh.connector.api;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The immutable, insertion-ordered attribute map of a {@link ChangeRecord}: two arrays instead of a hash table,
 * because a record has a few dozen attributes at most and is created once per object per import. Allows
 * {@code null} values (a cleared attribute).
 */
final class AttributeMap extends AbstractMap<String, Object> {

    private final String[] names;
    private final Object[] values;

    AttributeMap(String[] names, Object[] values) {
        this.names = names;
        this.values = values;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(key)) {
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
                return names.length;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[i]);
                    }
                };
            }
        };
    }

    /** Copies a map's entries, keeping the first occurrence order; the caller has validated them. */
    static AttributeMap copyOf(Map<String, Object> source) {
        String[] names = new String[source.size()];
        Object[] values = new Object[source.size()];
        int i = 0;
        for (Map.Entry<String, Object> e : source.entrySet()) {
            names[i] = e.getKey();
            values[i] = e.getValue();
            i++;
        }
        return new AttributeMap(names, values);
    }
}
