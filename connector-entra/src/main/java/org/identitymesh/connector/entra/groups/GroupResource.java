package org.identitymesh.connector.entra.groups;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.entra.config.EntraConfig;
import org.identitymesh.connector.entra.config.MembershipStrategy;
import org.identitymesh.connector.entra.delta.DeltaObject;
import org.identitymesh.connector.entra.delta.DeltaPage;
import org.identitymesh.connector.entra.delta.DeltaResource;
import org.identitymesh.connector.entra.delta.ImportContext;
import org.identitymesh.connector.entra.delta.ObjectLookup;
import org.identitymesh.connector.entra.delta.TypeStats;
import org.identitymesh.connector.entra.filter.FilterResult;
import org.identitymesh.connector.entra.filter.Scope;

/**
 * Groups and their memberships, both from {@code /groups/delta} with {@code members} selected, so memberships
 * need no request per group; with {@code ImportGroupOwners}, also their owners, from {@code owners} in the same
 * select ({@code owners@delta}), whatever the membership strategy: a full round lists every owner, a delta round the
 * owners added and removed.
 *
 * <p>A large group arrives in slices: the same group on several pages, each with part of {@code members@delta}.
 * An appearance that carries only members adds membership records and no group record, so slices merge into one
 * group and the union of their members.
 *
 * <p>With a {@code GroupSelectionFilter}, delta rounds ask for {@code Prefer: return=minimal}, so that a group
 * carries the filter's properties only when they changed. A group whose filter properties changed and now match
 * may have just entered the scope: its current members and owners are read in full (a delta lists only changes).
 * One whose filter properties changed and no longer match has left it and is deleted. A group whose filter
 * properties did not change keeps its scope, which is looked up once per import (bounded cache).
 */
public final class GroupResource extends DeltaResource {

    private static final Relation MEMBERSHIP = new Relation(GroupSchema.GROUP_MEMBER, "memberId", "memberType");
    private static final Relation OWNERSHIP = new Relation(GroupSchema.GROUP_OWNER, "ownerId", "ownerType");

    /** The delta resource's name. */
    public static final String NAME = "groups";

    private static final int SCOPE_CACHE = 10_000;

    private final EntraConfig config;
    private final ObjectLookup lookup;
    private final MemberReads reads;
    private final TypeStats groups;
    private final TypeStats members;
    private final TypeStats owners;
    private final Scope scope;
    private final Map<String, Boolean> scopeCache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SCOPE_CACHE;
        }
    };

    /** How one group appearance relates to the scope. */
    private enum Decision { IN, OUT, ENTERED, LEFT }

    /**
     * Prepares the groups and memberships of an import.
     *
     * @param context the import
     */
    public GroupResource(ImportContext context) {
        super(context.delivery());
        this.config = context.config();
        this.lookup = new ObjectLookup(context);
        this.reads = new MemberReads(context);
        this.groups = new TypeStats(GroupSchema.GROUP, context.delivery());
        this.members = new TypeStats(GroupSchema.GROUP_MEMBER, context.delivery());
        this.owners = new TypeStats(GroupSchema.GROUP_OWNER, context.delivery());
        this.scope = Scope.groups(config.groupFilter());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TypeStats roundStats() {
        return groups;
    }

    @Override
    public List<String> select() {
        List<String> select = new ArrayList<>(GroupSchema.properties());
        if (config.importMemberships() && config.membershipStrategy() == MembershipStrategy.DELTA) {
            select.add("members");
        }
        if (config.importGroupOwners()) {
            select.add("owners");
        }
        return distinct(select, scope.properties());
    }

    @Override
    protected String scopeDescription() {
        return scope.describe() + ";memberships=" + config.importMemberships() + ";" + config.membershipStrategy();
    }

    /** With members read per group, removals show only in a full read: groups are read in full every time. */
    @Override
    public boolean alwaysFull() {
        return config.importMemberships() && config.membershipStrategy() != MembershipStrategy.DELTA;
    }

    @Override
    public String prefer(boolean fullRound) {
        String prefer = "odata.maxpagesize=" + config.pageSize();
        return scope.active() && !fullRound ? prefer + ", return=minimal" : prefer;
    }

    @Override
    public void handle(DeltaPage page, boolean fullRound) {
        List<String> readMembersOf = new ArrayList<>();
        for (DeltaObject group : page.objects()) {
            groups.seen(1);
            if (group.removal() != null) {
                // deleting a group deletes its memberships (GroupMember's container is Group)
                scopeCache.remove(group.id());
                deliver(ChangeRecord.delete(GroupSchema.GROUP, group.id()), groups);
                continue;
            }
            Decision decision = scope.active() ? decide(group, fullRound) : Decision.IN;
            if (decision == Decision.OUT || decision == Decision.LEFT) {
                groups.filteredOut(1);
                members.seen(group.members().size());
                members.filteredOut(group.members().size());
                owners.seen(group.owners().size());
                owners.filteredOut(group.owners().size());
                if (decision == Decision.LEFT) {
                    deliver(ChangeRecord.delete(GroupSchema.GROUP, group.id()), groups);
                }
                continue;
            }
            if (decision == Decision.ENTERED) {
                // minimal mode sent only what changed; a host that did not hold the group needs all of it
                Map<String, Object> current = lookup.properties(NAME, group.id(), GroupSchema.properties(),
                        groups).orElse(Map.of());
                deliver(upsertGroup(Scope.merge(group.properties(), current), group.id(), true), groups);
            } else if (group.hasOwnChanges()) {
                deliver(upsertGroup(group.properties(), group.id(), fullRound), groups);
            }
            if (alwaysFull()) {
                readMembersOf.add(group.id());
            } else if (config.importMemberships()) {
                if (decision == Decision.ENTERED) {
                    reads.members(group.id(), members, member -> {
                        members.seen(1);
                        deliver(MEMBERSHIP.upsert(group.id(), member.odataType(), member.id()), members);
                    });
                }
                deliverLinks(group.id(), group.members(), MEMBERSHIP, members);
            }
            if (config.importGroupOwners()) {
                deliverOwners(group, decision == Decision.ENTERED);
            }
        }
        readMembers(readMembersOf);
    }

    /** The owners of one group appearance; a group that entered the scope gets all its owners first. */
    private void deliverOwners(DeltaObject group, boolean entered) {
        if (entered) {
            reads.owners(group.id(), owners, owner -> {
                owners.seen(1);
                deliver(OWNERSHIP.upsert(group.id(), owner.odataType(), owner.id()), owners);
            });
        }
        deliverLinks(group.id(), group.owners(), OWNERSHIP, owners);
    }

    /** The records of a group's {@code members@delta} or {@code owners@delta}: added links and removed ones. */
    private void deliverLinks(String groupId, List<DeltaObject.Link> links, Relation relation, TypeStats stats) {
        for (DeltaObject.Link link : links) {
            stats.seen(1);
            deliver(link.removed() ? relation.delete(groupId, link.id())
                    : relation.upsert(groupId, link.odataType(), link.id()), stats);
        }
    }

    /** Reads the members of a page's groups per group or in batches, for the strategies that do. */
    private void readMembers(List<String> groupIds) {
        if (groupIds.isEmpty()) {
            return;
        }
        if (config.membershipStrategy() == MembershipStrategy.BATCH) {
            reads.membersInBatches(groupIds, members, (groupId, member) -> {
                members.seen(1);
                deliver(MEMBERSHIP.upsert(groupId, member.odataType(), member.id()), members);
            });
            return;
        }
        for (String groupId : groupIds) {
            reads.members(groupId, members, member -> {
                members.seen(1);
                deliver(MEMBERSHIP.upsert(groupId, member.odataType(), member.id()), members);
            });
        }
    }

    private Decision decide(DeltaObject group, boolean fullRound) {
        boolean mayHaveChanged = !fullRound && scope.touches(group.properties());
        if (!mayHaveChanged) {
            Boolean known = scopeCache.get(group.id());
            if (known != null) {
                return known ? Decision.IN : Decision.OUT;
            }
        }
        // a full round lists every property with a value, unless this appearance is a slice carrying members only
        FilterResult result = scope.evaluate(fullRound && group.hasOwnChanges() ? scope.completed(group.properties())
                : group.properties());
        if (result.outcome() == FilterResult.Outcome.UNKNOWN) {
            Optional<Map<String, Object>> current = lookup.properties(NAME, group.id(), scope.properties(), groups);
            result = current.map(p -> scope.evaluate(Scope.merge(group.properties(), p)))
                    .orElse(FilterResult.NO_MATCH);
        }
        boolean in = result.outcome() == FilterResult.Outcome.MATCH;
        scopeCache.put(group.id(), in);
        if (mayHaveChanged) {
            return in ? Decision.ENTERED : Decision.LEFT;
        }
        return in ? Decision.IN : Decision.OUT;
    }

    private static ChangeRecord upsertGroup(Map<String, Object> properties, String id, boolean complete) {
        ChangeRecord.Builder out = ChangeRecord.builder(GroupSchema.GROUP, id, ChangeRecord.Operation.UPSERT,
                GroupSchema.GROUP_ATTRIBUTES.size() + 1);
        out.put("id", id);
        putSelected(out, GroupSchema.GROUP_ATTRIBUTES, properties, complete);
        return out.build();
    }

    /**
     * A relation of a group delivered as records of its own, id {@code <groupId>:<otherId>}: memberships and
     * ownerships.
     *
     * @param objectType the records' type
     * @param idField    the attribute naming the other object
     * @param typeField  the attribute naming its type
     */
    private record Relation(String objectType, String idField, String typeField) {

        ChangeRecord upsert(String groupId, String odataType, String id) {
            return ChangeRecord.builder(objectType, groupId + ":" + id, ChangeRecord.Operation.UPSERT, 3)
                    .put("groupId", groupId).put(idField, id).put(typeField, GroupSchema.memberType(odataType)).build();
        }

        ChangeRecord delete(String groupId, String id) {
            return ChangeRecord.builder(objectType, groupId + ":" + id, ChangeRecord.Operation.DELETE, 2)
                    .put("groupId", groupId).put(idField, id).build();
        }
    }

    @Override
    public List<ImportResult.TypeResult> results(ImportResult.FullRoundReason reason) {
        List<ImportResult.TypeResult> results = new ArrayList<>();
        results.add(groups.result(reason));
        if (config.importMemberships()) {
            results.add(members.result(reason));
        }
        if (config.importGroupOwners()) {
            results.add(owners.result(reason));
        }
        return results;
    }
}
