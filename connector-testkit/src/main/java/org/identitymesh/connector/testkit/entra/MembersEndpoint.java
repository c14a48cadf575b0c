package org.identitymesh.connector.testkit.entra;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.Lock;

/**
 * {@code GET /v1.0/groups/{id}/members} and {@code /owners}: a group's direct members, or its owners, as directory
 * objects with {@code @odata.type}, paged with {@code $top} (1 to 999, default 100) and {@code $skiptoken}
 * nextLinks; {@code $select} picks user or group properties (objects of other types return only their type and id).
 * A nextLink of one relation is refused on the other.
 */
final class MembersEndpoint {

    private static final int DEFAULT_TOP = 100;
    private static final int MAX_TOP = 999;

    private record Row(MemberType type, String id, Object[] values) {
    }

    private final String baseUrl;
    private final DirectoryStore store;
    private final StateToken.Codec codec;
    private final Clock clock;
    private final ErrorResponses errors;

    MembersEndpoint(String baseUrl, DirectoryStore store, StateToken.Codec codec, Clock clock, ErrorResponses errors) {
        this.baseUrl = baseUrl;
        this.store = store;
        this.codec = codec;
        this.clock = clock;
        this.errors = errors;
    }

    SimResponse handle(SimRequest r, String groupId) {
        return handle(r, groupId, false);
    }

    /**
     * Answers a members or owners request.
     *
     * @param owners whether the request is for {@code /owners} rather than {@code /members}
     */
    SimResponse handle(SimRequest r, String groupId, boolean owners) {
        byte relation = owners ? StateToken.OWNERS : StateToken.MEMBERS;
        String select = null;
        String skip = null;
        String topText = null;
        for (Map.Entry<String, String> e : r.query().entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            switch (name) {
                case "$select" -> select = e.getValue();
                case "$skiptoken" -> skip = e.getValue();
                case "$top" -> topText = e.getValue();
                default -> {
                    if (name.startsWith("$")) {
                        return errors.graph(r, 400, "Request_UnsupportedQuery",
                                "Unsupported query option '" + e.getKey() + "' on " + (owners ? "owners" : "members")
                                        + " (by this simulator).");
                    }
                    return errors.graph(r, 400, "Request_BadRequest",
                            "Unrecognized query argument specified: '" + e.getKey() + "'.");
                }
            }
        }
        int top = DEFAULT_TOP;
        int after = -1;
        if (skip != null) {
            if (select != null || topText != null) {
                return errors.graph(r, 400, "Request_BadRequest", "Query options cannot be added to a nextLink.");
            }
            try {
                StateToken t = codec.decode(skip);
                if (t.resource() != relation || !t.resumeId().equals(groupId)) {
                    throw new StateToken.InvalidTokenException("not for this group");
                }
                select = t.selectText().isEmpty() ? null : t.selectText();
                top = t.top();
                after = t.memberAfter();
            } catch (StateToken.InvalidTokenException e) {
                return errors.graph(r, 400, "Request_BadRequest", "The $skiptoken is not valid for this request.");
            }
        } else if (topText != null) {
            try {
                top = Integer.parseInt(topText.trim());
            } catch (NumberFormatException e) {
                top = -1;
            }
            if (top < 1 || top > MAX_TOP) {
                return errors.graph(r, 400, "Request_BadRequest", "Invalid page size specified: '" + topText
                        + "'. Must be between 1 and " + MAX_TOP + " inclusive.");
            }
        }
        long userMask;
        long groupMask;
        try {
            userMask = select == null ? PropertySchema.USERS.defaultSelect() : selectFor(PropertySchema.USERS, select);
            groupMask = select == null ? PropertySchema.GROUPS.allProperties() : selectFor(PropertySchema.GROUPS, select);
        } catch (QueryOptions.BadQueryException e) {
            return errors.graph(r, 400, e.code(), e.getMessage());
        }
        List<Row> rows = new ArrayList<>();
        int lastKey;
        boolean more;
        Lock l = store.lock().readLock();
        l.lock();
        try {
            int g = store.groups().ids().slot(groupId);
            if (g < 0 || store.groups().status(g) != EntityTable.ACTIVE) {
                return errors.graph(r, 404, "Request_ResourceNotFound", "Resource '" + groupId
                        + "' does not exist or one of its queried reference-property objects are not present.");
            }
            int[] keys = owners ? store.owners(g) : store.members(g);
            int from = 0;
            if (after >= 0) {
                int at = Arrays.binarySearch(keys, after);
                from = at >= 0 ? at + 1 : -(at + 1);
            }
            int to = Math.min(keys.length, from + top);
            for (int k = from; k < to; k++) {
                int key = keys[k];
                MemberType type = DirectoryStore.memberType(key);
                int slot = DirectoryStore.memberSlot(key);
                Object[] values = switch (type) {
                    case USER -> store.users().values(slot).clone();
                    case GROUP -> store.groups().values(slot).clone();
                    default -> null;
                };
                rows.add(new Row(type, store.memberId(key), values));
            }
            more = to < keys.length;
            lastKey = to > from ? keys[to - 1] : after;
        } finally {
            l.unlock();
        }
        String nextLink = null;
        if (more) {
            StateToken t = new StateToken(relation, false, StateToken.MEMBERS, 0, select == null ? "" : select,
                    0, clock.millis(), 0, 0, groupId, 0, lastKey, top);
            nextLink = baseUrl + "/v1.0/groups/" + groupId + (owners ? "/owners" : "/members") + "?$skiptoken="
                    + codec.encode(t);
        }
        String link = nextLink;
        return SimResponse.json(200, SimResponse.GRAPH_JSON, gen -> {
            gen.writeStartObject();
            gen.writeStringField("@odata.context", baseUrl + "/v1.0/$metadata#directoryObjects");
            if (link != null) {
                gen.writeStringField("@odata.nextLink", link);
            }
            gen.writeArrayFieldStart("value");
            for (Row row : rows) {
                gen.writeStartObject();
                gen.writeStringField("@odata.type", row.type().odataType());
                gen.writeStringField("id", row.id());
                if (row.type() == MemberType.USER) {
                    PageWriter.properties(gen, PropertySchema.USERS, row.values(), userMask);
                } else if (row.type() == MemberType.GROUP) {
                    PageWriter.properties(gen, PropertySchema.GROUPS, row.values(), groupMask);
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        });
    }

    /** The mask of one schema's properties in a select; a name neither schema knows is an error. */
    private static long selectFor(PropertySchema schema, String select) throws QueryOptions.BadQueryException {
        long mask = 0;
        for (String raw : select.split(",")) {
            String name = raw.trim();
            PropertySchema.Property p = schema.property(name);
            if (p != null) {
                mask |= p.bit();
            } else if (!name.isEmpty() && !name.equals("id") && !known(name)) {
                throw new QueryOptions.BadQueryException("Request_BadRequest",
                        "Could not find a property named '" + name + "' on type 'microsoft.graph.directoryObject'.");
            }
        }
        return mask;
    }

    private static boolean known(String name) {
        for (PropertySchema s : List.of(PropertySchema.USERS, PropertySchema.GROUPS)) {
            if (s.property(name) != null || s.isUnmodelled(name)) {
                return true;
            }
        }
        return false;
    }
}
