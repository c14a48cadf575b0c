package org.identitymesh.connector.testkit;

import java.util.Set;

/**
 * Changes a fixture makes to its test environment <em>outside the connector</em> (through the system's own API, a
 * simulator's back door, or a second client), so that the contract suite can check the delta behaviour of
 * connectors that cannot write. Each method makes one change of its kind, choosing the object itself, and says
 * which object it changed; each call makes a further change (a new object, a new value).
 *
 * <p>A fixture implements the kinds its environment supports and lists them in {@link #supported()}; the suite
 * skips the checks of the others. The defaults throw {@link UnsupportedOperationException}.
 */
public interface Mutations {

    /** The kinds of change. */
    enum Kind {
        /** {@link #createObject()}. */
        CREATE_OBJECT,
        /** {@link #updateAttribute()}. */
        UPDATE_ATTRIBUTE,
        /** {@link #clearAttribute()}. */
        CLEAR_ATTRIBUTE,
        /** {@link #deleteObject()}. */
        DELETE_OBJECT,
        /** {@link #addMembership()}. */
        ADD_MEMBERSHIP,
        /** {@link #removeMembership()}. */
        REMOVE_MEMBERSHIP
    }

    /**
     * The kinds of change this environment can make.
     *
     * @return the supported kinds
     */
    Set<Kind> supported();

    /**
     * Creates a new top-level object (for example a user) with several attributes set.
     *
     * @return the new object
     */
    default MutatedObject createObject() {
        throw unsupported(Kind.CREATE_OBJECT);
    }

    /**
     * Changes the value of one attribute of an existing object that has at least one other attribute set, and
     * nothing else: the next delta must deliver the new value without clearing the other attributes.
     *
     * @return the object and the attribute changed
     */
    default MutatedObject updateAttribute() {
        throw unsupported(Kind.UPDATE_ATTRIBUTE);
    }

    /**
     * Removes the value of one attribute of an existing object that has at least one other attribute set.
     *
     * @return the object and the attribute cleared
     */
    default MutatedObject clearAttribute() {
        throw unsupported(Kind.CLEAR_ATTRIBUTE);
    }

    /**
     * Deletes an existing object. When the connector has contained types, prefer a container that holds objects
     * (a group with members), so that the suite also checks that its contents disappear.
     *
     * @return the deleted object
     */
    default MutatedObject deleteObject() {
        throw unsupported(Kind.DELETE_OBJECT);
    }

    /**
     * Adds a membership, or any object of a contained type, to an existing container.
     *
     * @return the new membership object, in the connector's terms
     */
    default MutatedObject addMembership() {
        throw unsupported(Kind.ADD_MEMBERSHIP);
    }

    /**
     * Removes an existing membership, leaving its container and its member in place.
     *
     * @return the removed membership object, in the connector's terms
     */
    default MutatedObject removeMembership() {
        throw unsupported(Kind.REMOVE_MEMBERSHIP);
    }

    private static UnsupportedOperationException unsupported(Kind kind) {
        return new UnsupportedOperationException(kind + " is not among this fixture's supported() mutations");
    }
}
