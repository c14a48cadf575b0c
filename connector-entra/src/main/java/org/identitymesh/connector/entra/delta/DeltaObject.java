package org.identitymesh.connector.entra.delta;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One object of a delta page, as Graph sent it: properties present with their values (an explicit JSON
 * {@code null} kept as {@code null}, an absent property absent), the removal annotation, and the member, owner and
 * manager changes. Lives only as long as its page.
 *
 * @param id         the object id
 * @param odataType  the object's {@code @odata.type}, for example {@code #microsoft.graph.user}, or {@code null}
 * @param removal    {@code null}, or why the object is gone
 * @param properties the properties present, in page order; values are {@code String}, {@code Boolean}, {@code Long},
 *                   a {@code List} for an array and a {@code Map} for an object ({@link NestedValues}), the text of
 *                   a number that is no {@code long}, or {@code null}
 * @param members    the {@code members@delta} entries, empty when absent
 * @param manager    the {@code manager@delta} change, or {@code null} when absent
 * @param owners     the {@code owners@delta} entries, empty when absent
 */
public record DeltaObject(String id, String odataType, Removal removal, Map<String, Object> properties, List<Link> members,
        Link manager, List<Link> owners) {

    /** Wraps the collections, which the parser hands over and does not keep. */
    public DeltaObject {
        properties = properties instanceof PropertyMap ? properties : Collections.unmodifiableMap(properties);
        members = Collections.unmodifiableList(members);
        owners = Collections.unmodifiableList(owners);
    }

    /**
     * An object without owner changes.
     *
     * @param id         the object id
     * @param odataType  the object's {@code @odata.type}, or {@code null}
     * @param removal    {@code null}, or why the object is gone
     * @param properties the properties present
     * @param members    the {@code members@delta} entries, empty when absent
     * @param manager    the {@code manager@delta} change, or {@code null} when absent
     */
    public DeltaObject(String id, String odataType, Removal removal, Map<String, Object> properties, List<Link> members,
            Link manager) {
        this(id, odataType, removal, properties, members, manager, List.of());
    }

    /** Why Graph reports an object as removed. */
    public enum Removal {
        /** {@code "changed"}: soft deleted, restorable for 30 days; not in the directory now. */
        SOFT_DELETED,
        /** {@code "deleted"}: gone for good. */
        DELETED
    }

    /**
     * A reference to another directory object, added or removed.
     *
     * @param odataType the {@code @odata.type}, for example {@code #microsoft.graph.user}, or {@code null}
     * @param id        the referenced object's id
     * @param removed   whether the reference was removed
     */
    public record Link(String odataType, String id, boolean removed) {
    }

    /**
     * Whether the object carries a property, with a value or {@code null}.
     *
     * @param name the property
     * @return whether it is present
     */
    public boolean has(String name) {
        return properties.containsKey(name);
    }

    /**
     * Whether the object carries anything besides its id and member and owner changes.
     *
     * @return whether some property or the manager is present
     */
    public boolean hasOwnChanges() {
        return !properties.isEmpty() || manager != null;
    }
}
