package org.identitymesh.connector.testkit.entra;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * Computes delta pages from the directory and the change logs.
 *
 * <p>An <em>initial round</em> walks every existing object in id order, starting at version {@code S} (the
 * version when the round began); its deltaLink resumes at {@code S}. A <em>delta round</em> from version
 * {@code P} fixes {@code S} at its first page and reports every object whose last change in {@code (P, S]} is
 * reached, in change order, with its current state; its deltaLink resumes at {@code S}. Changes made while a
 * round is paged therefore land in the next round (sometimes in both): delivery is at least once, never lost.
 *
 * <p>A group's {@code members@delta} holds at most a slice of links; a group with more ends the page and appears
 * again on the next page with the next slice. Member slices resume by member key, so members added or removed
 * meanwhile never shift a slice. A group's {@code owners@delta} (a handful of links) comes whole, on the group's
 * first appearance in a round.
 */
final class DeltaPager {

    /** Per-request page options. */
    record Options(int pageSize, boolean minimal, int sliceSize, int duplicateEvery) {
    }

    private final DirectoryStore store;
    private final TenantSettings settings;

    DeltaPager(DirectoryStore store, TenantSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    static byte resource(PropertySchema schema) {
        return schema == PropertySchema.USERS ? StateToken.USERS
                : schema == PropertySchema.GROUPS ? StateToken.GROUPS : StateToken.DEVICES;
    }

    static PropertySchema schema(byte resource) {
        return resource == StateToken.USERS ? PropertySchema.USERS
                : resource == StateToken.GROUPS ? PropertySchema.GROUPS : PropertySchema.DEVICES;
    }

    /** The first page of an initial round. */
    DeltaPage initial(PropertySchema schema, long select, String selectText, int epoch, long now, Options o) {
        Lock l = store.lock().readLock();
        l.lock();
        try {
            long s = store.version();
            StateToken start = new StateToken(resource(schema), false, StateToken.INITIAL, select, selectText, epoch, now, 0, s,
                    "", 0, -1, 0);
            return initialPage(start, o, now);
        } finally {
            l.unlock();
        }
    }

    /** {@code $deltatoken=latest}: no objects, a deltaLink at the current version. */
    DeltaPage latest(PropertySchema schema, long select, String selectText, int epoch, long now) {
        Lock l = store.lock().readLock();
        l.lock();
        try {
            long s = store.version();
            return new DeltaPage(List.of(), null,
                    new StateToken(resource(schema), true, StateToken.DELTA, select, selectText, epoch, now, s, s, "", 0,
                            -1, 0));
        } finally {
            l.unlock();
        }
    }

    /** The page a token points at: the next page of a round, or the first page of a new delta round. */
    DeltaPage resume(StateToken t, Options o, long now) {
        Lock l = store.lock().readLock();
        l.lock();
        try {
            if (t.delta()) {
                long s = store.version();
                int index = store.table(schema(t.resource())).log().firstIndexAfter(t.from());
                StateToken start = new StateToken(t.resource(), false, StateToken.DELTA, t.select(), t.selectText(),
                        t.epoch(), now,
                        t.from(), s, "", index, -1, 0);
                return deltaPage(start, o, now);
            }
            return t.phase() == StateToken.INITIAL ? initialPage(t, o, now) : deltaPage(t, o, now);
        } finally {
            l.unlock();
        }
    }

    // ------------------------------------------------------------------ initial round

    private DeltaPage initialPage(StateToken c, Options o, long now) {
        EntityTable table = store.table(schema(c.resource()));
        boolean members = (c.select() & PropertySchema.MEMBERS_BIT) != 0;
        boolean owners = (c.select() & PropertySchema.OWNERS_BIT) != 0;
        String resumeId = c.resumeId().isEmpty() ? null : c.resumeId();
        boolean inclusive = c.memberAfter() >= 0;
        Iterator<Integer> slots = table.ids().slotsFrom(resumeId, inclusive);
        List<DeltaPage.Item> items = new ArrayList<>();
        String lastDone = resumeId;
        while (slots.hasNext()) {
            int slot = slots.next();
            if (table.status(slot) != EntityTable.ACTIVE) {
                continue;
            }
            String id = table.ids().id(slot);
            int copies = copies(id, c.snapshot(), o);
            if (!items.isEmpty() && items.size() + copies > o.pageSize()) {
                return next(items, c, lastDone, -1, 0, now);
            }
            int after = inclusive && id.equals(resumeId) ? c.memberAfter() : -1;
            Slice slice = members ? slice(store.members(slot), after, o.sliceSize(), null) : null;
            DeltaPage.Item item = full(table, slot, id, c.select(), slice);
            if (owners && after < 0) {
                item = item.withOwners(ownerLinks(slot, null));
            }
            for (int i = 0; i < copies; i++) {
                items.add(item);
            }
            if (slice != null && slice.more) {
                return next(items, c, id, slice.lastKey, 0, now);
            }
            lastDone = id;
            if (items.size() >= o.pageSize() && anyActive(table, slots)) {
                return next(items, c, id, -1, 0, now);
            }
        }
        return new DeltaPage(items, null, new StateToken(c.resource(), true, StateToken.DELTA, c.select(),
                c.selectText(), c.epoch(), now, c.snapshot(), c.snapshot(), "", 0, -1, 0));
    }

    /** Whether the iterator still reaches an existing object (so the round needs another page). */
    private static boolean anyActive(EntityTable table, Iterator<Integer> slots) {
        while (slots.hasNext()) {
            if (table.status(slots.next()) == EntityTable.ACTIVE) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ delta round

    private DeltaPage deltaPage(StateToken c, Options o, long now) {
        PropertySchema schema = schema(c.resource());
        EntityTable table = store.table(schema);
        ChangeLog log = table.log();
        List<DeltaPage.Item> items = new ArrayList<>();
        int i = c.logIndex();
        while (i < log.size()) {
            ChangeLog.Change ch = log.get(i);
            if (ch.version > c.snapshot()) {
                break;
            }
            if (ch.next != null && ch.next.version <= c.snapshot()) {
                i++; // a later change of the same object in this round reports it
                continue;
            }
            String id = table.ids().id(ch.slot);
            int copies = copies(id, c.snapshot(), o);
            if (!items.isEmpty() && items.size() + copies > o.pageSize()) {
                return next(items, c, "", -1, i, now);
            }
            int after = i == c.logIndex() ? c.memberAfter() : -1;
            Slice[] sliceOut = new Slice[1];
            DeltaPage.Item item = changed(table, ch, c, o, after, sliceOut);
            if (item != null) {
                for (int k = 0; k < copies; k++) {
                    items.add(item);
                }
                Slice slice = sliceOut[0];
                if (slice != null && slice.more) {
                    return next(items, c, "", slice.lastKey, i, now);
                }
            }
            i++;
            if (items.size() >= o.pageSize()) {
                return next(items, c, "", -1, i, now);
            }
        }
        long resumeAt = settings.takeReplay() ? c.from() : c.snapshot();
        return new DeltaPage(items, null, new StateToken(c.resource(), true, StateToken.DELTA, c.select(),
                c.selectText(), c.epoch(), now, resumeAt, resumeAt, "", 0, -1, 0));
    }

    /** The item for an object's last change in the round, or null if nothing selected changed. */
    private DeltaPage.Item changed(EntityTable table, ChangeLog.Change last, StateToken c, Options o, int memberAfter,
            Slice[] sliceOut) {
        int slot = last.slot;
        String id = table.ids().id(slot);
        byte status = table.status(slot);
        if (status == EntityTable.HARD_DELETED) {
            return new DeltaPage.Item(id, "deleted", null, 0, null, null);
        }
        if (status == EntityTable.SOFT_DELETED) {
            return new DeltaPage.Item(id, "changed", null, 0, null, null);
        }
        long mask = 0;
        boolean recreated = false;
        boolean restored = false;
        boolean managerChanged = false;
        int[] keys = new int[8];
        int nKeys = 0;
        int[] ownerKeys = new int[4];
        int nOwnerKeys = 0;
        PropertySchema.Property mgr = table.schema().property("manager");
        long mgrBit = mgr == null ? 0 : mgr.bit();
        for (ChangeLog.Change x = last; x != null && x.version > c.from(); x = x.previous) {
            switch (x.kind) {
                case ChangeLog.CREATE -> recreated = true;
                case ChangeLog.RESTORE -> {
                    recreated = true;
                    restored = true;
                }
                case ChangeLog.UPDATE -> {
                    mask |= x.mask;
                    managerChanged |= (x.mask & mgrBit) != 0;
                }
                case ChangeLog.MEMBER_ADD, ChangeLog.MEMBER_REMOVE -> {
                    if (nKeys == keys.length) {
                        keys = Arrays.copyOf(keys, nKeys * 2);
                    }
                    keys[nKeys++] = x.memberKey;
                }
                case ChangeLog.OWNER_ADD, ChangeLog.OWNER_REMOVE -> {
                    if (nOwnerKeys == ownerKeys.length) {
                        ownerKeys = Arrays.copyOf(ownerKeys, nOwnerKeys * 2);
                    }
                    ownerKeys[nOwnerKeys++] = x.memberKey;
                }
                default -> { }
            }
        }
        boolean members = (c.select() & PropertySchema.MEMBERS_BIT) != 0;
        boolean owners = (c.select() & PropertySchema.OWNERS_BIT) != 0 && memberAfter < 0;
        int[] touchedOwners = Arrays.stream(Arrays.copyOf(ownerKeys, nOwnerKeys)).sorted().distinct().toArray();
        if (recreated) {
            Slice slice = null;
            if (members && restored) {
                // deleted and restored within the round: the client may still hold members removed meanwhile, so
                // the current members come with a removal link for each member removed in the round
                slice = slice(union(store.members(slot), Arrays.copyOf(keys, nKeys)), memberAfter, o.sliceSize(), slot);
            } else if (members) {
                slice = slice(store.members(slot), memberAfter, o.sliceSize(), null);
            }
            sliceOut[0] = slice;
            DeltaPage.Item item = full(table, slot, id, c.select(), slice);
            if (owners) {
                // every current owner; restored within the round, also a removal for each owner removed meanwhile
                item = item.withOwners(restored ? ownerLinks(slot, union(store.owners(slot), touchedOwners))
                        : ownerLinks(slot, null));
            }
            if ((c.select() & mgrBit) == 0) {
                return item;
            }
            // deleted and restored within the round: the client may still hold a manager replaced meanwhile
            List<DeltaPage.Link> links = new ArrayList<>();
            for (String old : replacedManagers(last, c.from(), mgrBit)) {
                if (!old.equals(item.values()[mgr.ordinal()])) {
                    links.add(new DeltaPage.Link(MemberType.USER.odataType(), old, true));
                }
            }
            if (links.isEmpty()) {
                return item;
            }
            if (item.manager() != null) {
                links.addAll(item.manager());
            }
            return new DeltaPage.Item(id, null, item.values(), item.writeMask(), links, item.members(), item.owners());
        }
        boolean managerSelected = (c.select() & mgrBit) != 0;
        boolean relevant = (mask & c.select() & ~mgrBit) != 0 || (managerSelected && managerChanged)
                || (members && nKeys > 0) || (owners && touchedOwners.length > 0);
        if (!relevant) {
            return null;
        }
        Object[] values = table.values(slot).clone();
        long writeMask = (o.minimal() ? mask & c.select() : c.select()) & ~mgrBit;
        List<DeltaPage.Link> managerLinks = null;
        if (managerSelected && (managerChanged || !o.minimal())) {
            managerLinks = new ArrayList<>(2);
            Object current = values[mgr.ordinal()];
            for (String old : replacedManagers(last, c.from(), mgrBit)) {
                if (!old.equals(current)) {
                    managerLinks.add(new DeltaPage.Link(MemberType.USER.odataType(), old, true));
                }
            }
            if (current instanceof String m) {
                managerLinks.add(new DeltaPage.Link(MemberType.USER.odataType(), m, false));
            }
            if (managerLinks.isEmpty()) {
                managerLinks = null;
            }
        }
        List<DeltaPage.Link> memberLinks = null;
        if (members && nKeys > 0) {
            int[] touched = Arrays.copyOf(keys, nKeys);
            Arrays.sort(touched);
            int unique = 0;
            for (int k = 0; k < touched.length; k++) {
                if (unique == 0 || touched[k] != touched[unique - 1]) {
                    touched[unique++] = touched[k];
                }
            }
            Slice slice = slice(Arrays.copyOf(touched, unique), memberAfter, o.sliceSize(), slot);
            sliceOut[0] = slice;
            memberLinks = slice.links;
        }
        List<DeltaPage.Link> ownerLinks = owners && touchedOwners.length > 0 ? ownerLinks(slot, touchedOwners) : null;
        return new DeltaPage.Item(id, null, values, writeMask, managerLinks, memberLinks, ownerLinks);
    }

    /**
     * Every manager replaced since {@code from}, oldest first, including changes after the round's snapshot: the
     * item carries the current manager, and a client may hold any manager the user had since {@code from}, so each
     * must be removed explicitly (a removal link names the manager it removes).
     */
    private static List<String> replacedManagers(ChangeLog.Change last, long from, long mgrBit) {
        ChangeLog.Change newest = last;
        while (newest.next != null) {
            newest = newest.next;
        }
        java.util.LinkedHashSet<String> old = new java.util.LinkedHashSet<>();
        for (ChangeLog.Change x = newest; x != null && x.version > from; x = x.previous) {
            if (x.kind == ChangeLog.UPDATE && (x.mask & mgrBit) != 0 && x.oldManager != null) {
                old.add(x.oldManager);
            }
        }
        List<String> oldestFirst = new ArrayList<>(old);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    // ------------------------------------------------------------------ items and slices

    private DeltaPage.Item full(EntityTable table, int slot, String id, long select, Slice slice) {
        Object[] values = table.values(slot).clone();
        PropertySchema.Property mgr = table.schema().property("manager");
        List<DeltaPage.Link> managerLinks = null;
        long writeMask = select;
        if (mgr != null) {
            writeMask &= ~mgr.bit();
            if ((select & mgr.bit()) != 0 && values[mgr.ordinal()] instanceof String m) {
                managerLinks = List.of(new DeltaPage.Link(MemberType.USER.odataType(), m, false));
            }
        }
        List<DeltaPage.Link> memberLinks = slice == null || slice.links.isEmpty() ? null : slice.links;
        return new DeltaPage.Item(id, null, values, writeMask, managerLinks, memberLinks);
    }

    private static final class Slice {
        final List<DeltaPage.Link> links;
        final boolean more;
        final int lastKey;

        Slice(List<DeltaPage.Link> links, boolean more, int lastKey) {
            this.links = links;
            this.more = more;
            this.lastKey = lastKey;
        }
    }

    /**
     * Up to {@code size} links from sorted member keys after {@code after}. With {@code groupSlot} set, a key no
     * longer in the group is a removal.
     */
    private Slice slice(int[] keys, int after, int size, Integer groupSlot) {
        int from = 0;
        if (after >= 0) {
            int at = Arrays.binarySearch(keys, after);
            from = at >= 0 ? at + 1 : -(at + 1);
        }
        int to = Math.min(keys.length, from + size);
        List<DeltaPage.Link> links = new ArrayList<>(to - from);
        for (int k = from; k < to; k++) {
            int key = keys[k];
            boolean removed = groupSlot != null && !store.isMember(groupSlot, key);
            links.add(new DeltaPage.Link(DirectoryStore.memberType(key).odataType(), store.memberId(key), removed));
        }
        return new Slice(links, to < keys.length, to > from ? keys[to - 1] : after);
    }

    /**
     * A group's {@code owners@delta} links: with {@code keys}, those owners, each a removal when no longer an owner;
     * without, every current owner. Null when there is none, so that the annotation is omitted.
     */
    private List<DeltaPage.Link> ownerLinks(int groupSlot, int[] keys) {
        int[] from = keys == null ? store.owners(groupSlot) : keys;
        if (from.length == 0) {
            return null;
        }
        List<DeltaPage.Link> links = new ArrayList<>(from.length);
        for (int key : from) {
            boolean removed = keys != null && !store.isOwner(groupSlot, key);
            links.add(new DeltaPage.Link(DirectoryStore.memberType(key).odataType(), store.memberId(key), removed));
        }
        return links;
    }

    /** The sorted, distinct keys of a sorted array and an unsorted one. */
    private static int[] union(int[] sorted, int[] more) {
        int[] all = Arrays.copyOf(sorted, sorted.length + more.length);
        System.arraycopy(more, 0, all, sorted.length, more.length);
        return Arrays.stream(all).sorted().distinct().toArray();
    }

    private static int copies(String id, long snapshot, Options o) {
        if (o.duplicateEvery() <= 0) {
            return 1;
        }
        long h = DirectoryGenerator.mix(snapshot, id.hashCode(), 7);
        return Math.floorMod(h, o.duplicateEvery()) == 0 ? 2 : 1;
    }

    private static DeltaPage next(List<DeltaPage.Item> items, StateToken c, String resumeId, int memberAfter,
            int logIndex, long now) {
        return new DeltaPage(items, new StateToken(c.resource(), false, c.phase(), c.select(), c.selectText(), c.epoch(), now,
                c.from(), c.snapshot(), resumeId == null ? "" : resumeId, logIndex, memberAfter, 0), null);
    }
}
