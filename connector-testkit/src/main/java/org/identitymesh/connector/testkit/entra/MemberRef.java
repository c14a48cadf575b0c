package org.identitymesh.connector.testkit.entra;

import java.util.Objects;

/**
 * A reference to a group member: its type and id, as {@code members@delta} and {@code /groups/{id}/members}
 * report it.
 *
 * @param type the member's type
 * @param id   the member's object id
 */
public record MemberRef(MemberType type, String id) {

    /**
     * Checks the components.
     *
     * @param type the member's type
     * @param id the member's object id
     * @throws NullPointerException if a component is null
     */
    public MemberRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    /**
     * A user member.
     *
     * @param id the user's id
     * @return the reference
     */
    public static MemberRef user(String id) {
        return new MemberRef(MemberType.USER, id);
    }

    /**
     * A group member (a nested group).
     *
     * @param id the group's id
     * @return the reference
     */
    public static MemberRef group(String id) {
        return new MemberRef(MemberType.GROUP, id);
    }
}
