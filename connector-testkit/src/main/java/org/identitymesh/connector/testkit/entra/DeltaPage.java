package org.identitymesh.connector.testkit.entra;

import java.util.List;

/**
 * One page of a delta round, computed under the directory lock and written after it is released.
 *
 * @param items the objects, in order
 * @param next  the state for the nextLink, or null on the last page
 * @param delta the state for the deltaLink, or null unless this is the last page
 */
record DeltaPage(List<Item> items, StateToken next, StateToken delta) {

    /**
     * A link in {@code members@delta}, {@code owners@delta} or {@code manager@delta}.
     *
     * @param odataType the target's {@code @odata.type}
     * @param id        the target's id
     * @param removed   whether the link was removed
     */
    record Link(String odataType, String id, boolean removed) {
    }

    /**
     * One object on a page.
     *
     * @param id        the object id
     * @param removed   null, or the {@code @removed} reason ({@code changed} or {@code deleted})
     * @param values    the property values (see {@link PropertySchema}), or null when removed
     * @param writeMask the properties to write
     * @param manager   the {@code manager@delta} links, or null to omit
     * @param members   the {@code members@delta} links, or null to omit
     * @param owners    the {@code owners@delta} links, or null to omit
     */
    record Item(String id, String removed, Object[] values, long writeMask, List<Link> manager, List<Link> members,
            List<Link> owners) {

        /** An item without owners. */
        Item(String id, String removed, Object[] values, long writeMask, List<Link> manager, List<Link> members) {
            this(id, removed, values, writeMask, manager, members, null);
        }

        /** The same item with owners. */
        Item withOwners(List<Link> ownerLinks) {
            return new Item(id, removed, values, writeMask, manager, members, ownerLinks);
        }
    }
}
