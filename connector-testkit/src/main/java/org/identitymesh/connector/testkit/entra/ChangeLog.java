package org.identitymesh.connector.testkit.entra;

import java.util.ArrayList;
import java.util.HashMap;

/**
 * The append-only history of changes to one entity set (users, groups or devices), ordered by version. Every change
 * links to the previous and next change of the same object, so a delta round can tell whether a change is an
 * object's last one in its window and collect everything that changed in the window without a scan.
 * Generated objects have no entries: they exist from version 0. Not thread-safe: the {@link DirectoryStore}
 * lock guards it.
 */
final class ChangeLog {

    static final byte CREATE = 1;
    static final byte UPDATE = 2;
    static final byte SOFT_DELETE = 3;
    static final byte HARD_DELETE = 4;
    static final byte RESTORE = 5;
    static final byte MEMBER_ADD = 6;
    static final byte MEMBER_REMOVE = 7;
    static final byte OWNER_ADD = 8;
    static final byte OWNER_REMOVE = 9;

    /** One change of one object. */
    static final class Change {
        final long version;
        final int slot;
        final byte kind;
        /** For UPDATE: the properties that changed. */
        final long mask;
        /** For MEMBER_ADD, MEMBER_REMOVE, OWNER_ADD and OWNER_REMOVE: the member or owner key. */
        final int memberKey;
        /** For an UPDATE touching the manager: the manager before it (may be null). */
        final String oldManager;
        Change previous;
        Change next;

        Change(long version, int slot, byte kind, long mask, int memberKey, String oldManager) {
            this.version = version;
            this.slot = slot;
            this.kind = kind;
            this.mask = mask;
            this.memberKey = memberKey;
            this.oldManager = oldManager;
        }
    }

    private final ArrayList<Change> changes = new ArrayList<>();
    private final HashMap<Integer, Change> latest = new HashMap<>();

    void append(Change c) {
        Change prev = latest.put(c.slot, c);
        if (prev != null) {
            prev.next = c;
            c.previous = prev;
        }
        changes.add(c);
    }

    int size() {
        return changes.size();
    }

    Change get(int index) {
        return changes.get(index);
    }

    /** The index of the first change with a version greater than {@code version}. */
    int firstIndexAfter(long version) {
        int low = 0;
        int high = changes.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (changes.get(mid).version <= version) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
