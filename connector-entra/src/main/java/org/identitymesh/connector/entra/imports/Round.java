package org.identitymesh.connector.entra.imports;

import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.entra.delta.DeltaChain;

/**
 * One resource's round in an import: its fetcher ({@code null} when a checkpoint says it had finished), why it is
 * full ({@code null} for a delta round), and the link of the next page to deliver, which is the deltaLink once
 * finished. Changed on the importing thread only.
 */
final class Round {

    private final DeltaChain chain;
    private final FullRoundReason reason;
    private final boolean replacesExpiredRound;
    private String next;
    private boolean finished;
    private boolean deliveredRecords;

    /**
     * @param chain                the fetcher, or {@code null} for a round that had finished
     * @param reason               why it is full, or {@code null}
     * @param start                its first link
     * @param replacesExpiredRound whether it replaces a round whose link expired; a second expiry ends the import
     * @param deliveredRecords     whether records of the round were delivered before (by a stopped import)
     */
    Round(DeltaChain chain, FullRoundReason reason, String start, boolean replacesExpiredRound,
            boolean deliveredRecords) {
        this.chain = chain;
        this.reason = reason;
        this.next = start;
        this.replacesExpiredRound = replacesExpiredRound;
        this.deliveredRecords = deliveredRecords;
    }

    /** A round that a checkpoint says had finished with this deltaLink. */
    static Round finished(String deltaLink) {
        Round done = new Round(null, null, deltaLink, false, false);
        done.finished = true;
        return done;
    }

    DeltaChain chain() {
        return chain;
    }

    FullRoundReason reason() {
        return reason;
    }

    boolean full() {
        return reason != null;
    }

    boolean replacesExpiredRound() {
        return replacesExpiredRound;
    }

    /** Whether a page with objects was delivered (in this import or, for a resumed round, before). */
    boolean deliveredRecords() {
        return deliveredRecords;
    }

    /** The link of the next page to deliver, or the deltaLink once finished. */
    String next() {
        return next;
    }

    boolean finished() {
        return finished;
    }

    /** A page was delivered: the round moves to its next link, or finishes with the deltaLink. */
    void delivered(boolean hadObjects, String nextLink, String deltaLink) {
        deliveredRecords |= hadObjects;
        finished = deltaLink != null;
        next = finished ? deltaLink : nextLink;
    }
}
