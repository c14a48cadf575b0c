package org.identitymesh.connector.entra.delta;

import java.util.List;

/**
 * One page of a delta round: its objects and exactly one of the two links.
 *
 * @param objects   the objects, in page order
 * @param nextLink  the next page of the round, or {@code null} on the last page
 * @param deltaLink the link of the next round, present only on the last page
 */
public record DeltaPage(List<DeltaObject> objects, String nextLink, String deltaLink) {

    /** Copies the objects. */
    public DeltaPage {
        objects = List.copyOf(objects);
    }

    /**
     * Whether this page ends the round.
     *
     * @return whether it carries the deltaLink
     */
    public boolean last() {
        return deltaLink != null;
    }
}
