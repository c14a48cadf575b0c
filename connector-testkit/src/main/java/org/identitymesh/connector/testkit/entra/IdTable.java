package org.identitymesh.connector.testkit.entra;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Object ids of one type, compact: generated ids are stored as one sorted {@code long} each (the id's first
 * 16 hex digits; the rest is derived), so slot order is id order and a million ids cost 8 MB. Ids added later
 * go to a sorted map. Slots are dense: generated ids take {@code 0..generated-1}, added ids follow.
 *
 * <p>Ids are canonical lowercase GUIDs, so string order equals numeric order. Not thread-safe: the
 * {@link DirectoryStore} lock guards it.
 */
final class IdTable {

    private static final Pattern GUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final long[] baseHi;
    private final long salt;
    private final ArrayList<String> added = new ArrayList<>();
    private final TreeMap<String, Integer> addedSorted = new TreeMap<>();

    private IdTable(long[] baseHi, long salt) {
        this.baseHi = baseHi;
        this.salt = salt;
    }

    /**
     * Generates {@code count} distinct GUID-like ids from a seed.
     *
     * @param seed  the seed; the same seed gives the same ids
     * @param count how many
     */
    static IdTable generate(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] hi = new long[count];
        int filled = 0;
        while (filled < count) {
            for (int i = filled; i < count; i++) {
                // version nibble 4 at hex digit 12, stored sign-flipped so a signed sort is an unsigned one
                hi[i] = ((random.nextLong() & ~0xF000L) | 0x4000L) ^ Long.MIN_VALUE;
            }
            Arrays.sort(hi, 0, count);
            int unique = 0;
            for (int i = 0; i < count; i++) {
                if (unique == 0 || hi[i] != hi[unique - 1]) {
                    hi[unique++] = hi[i];
                }
            }
            filled = unique; // collisions (vanishingly rare) are regenerated
        }
        for (int i = 0; i < count; i++) {
            hi[i] ^= Long.MIN_VALUE;
        }
        return new IdTable(hi, seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
    }

    /** Whether a string is a canonical lowercase GUID. */
    static boolean isCanonical(String id) {
        return id != null && id.length() == 36 && GUID.matcher(id).matches();
    }

    /** A random canonical GUID (version 4 layout). */
    static String randomGuid(SplittableRandom random) {
        long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return format(hi, lo);
    }

    static String format(long hi, long lo) {
        char[] c = new char[36];
        int p = 0;
        for (int i = 15; i >= 0; i--) {
            if (p == 8 || p == 13 || p == 18) {
                c[p++] = '-';
            }
            c[p++] = HEX[(int) (hi >>> (i * 4)) & 0xF];
        }
        for (int i = 15; i >= 0; i--) {
            if (p == 18 || p == 23) {
                c[p++] = '-';
            }
            c[p++] = HEX[(int) (lo >>> (i * 4)) & 0xF];
        }
        return new String(c);
    }

    /** Number of slots (generated plus added). */
    int size() {
        return baseHi.length + added.size();
    }

    int generatedCount() {
        return baseHi.length;
    }

    /** The id in a slot. */
    String id(int slot) {
        if (slot < baseHi.length) {
            long hi = baseHi[slot];
            return format(hi, lo(hi));
        }
        return added.get(slot - baseHi.length);
    }

    private long lo(long hi) {
        long z = hi ^ salt;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        z ^= z >>> 33;
        return (z & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    }

    /** The slot of an id, or -1. */
    int slot(String id) {
        if (!isCanonical(id)) {
            return -1;
        }
        Integer a = addedSorted.get(id);
        if (a != null) {
            return a;
        }
        long hi = parseHi(id);
        int i = binarySearch(hi);
        return i >= 0 && id(i).equals(id) ? i : -1;
    }

    /** Adds an id (the caller checked it is canonical and unused) and returns its slot. */
    int add(String id) {
        int slot = size();
        added.add(id);
        addedSorted.put(id, slot);
        return slot;
    }

    private static long parseHi(String id) {
        long hi = 0;
        for (int i = 0; i < 19; i++) {
            char ch = id.charAt(i);
            if (ch != '-') {
                hi = (hi << 4) | Character.digit(ch, 16);
            }
        }
        return hi;
    }

    private int binarySearch(long hi) {
        int low = 0;
        int high = baseHi.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = Long.compareUnsigned(baseHi[mid], hi);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** The first generated slot whose id is greater than (or, if inclusive, equal to) {@code id}. */
    private int firstBaseSlot(String id, boolean inclusive) {
        long hi = parseHi(id);
        int i = binarySearch(hi);
        if (i < 0) {
            return -(i + 1);
        }
        int c = id(i).compareTo(id);
        if (c == 0) {
            return inclusive ? i : i + 1;
        }
        return c > 0 ? i : i + 1;
    }

    /**
     * Slots in id order, starting after {@code afterId} (or at it, if inclusive); all slots when null. The
     * iterator reads the live table: use it under the lock and do not keep it across lock releases.
     */
    Iterator<Integer> slotsFrom(String afterId, boolean inclusive) {
        int start = afterId == null ? 0 : firstBaseSlot(afterId, inclusive);
        NavigableMap<String, Integer> tail = afterId == null ? addedSorted : addedSorted.tailMap(afterId, inclusive);
        Iterator<Map.Entry<String, Integer>> addedIt = tail.entrySet().iterator();
        return new Iterator<>() {
            int base = start;
            Map.Entry<String, Integer> nextAdded = addedIt.hasNext() ? addedIt.next() : null;

            @Override
            public boolean hasNext() {
                return base < baseHi.length || nextAdded != null;
            }

            @Override
            public Integer next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (nextAdded == null || (base < baseHi.length && id(base).compareTo(nextAdded.getKey()) < 0)) {
                    return base++;
                }
                int slot = nextAdded.getValue();
                nextAdded = addedIt.hasNext() ? addedIt.next() : null;
                return slot;
            }
        };
    }
}
