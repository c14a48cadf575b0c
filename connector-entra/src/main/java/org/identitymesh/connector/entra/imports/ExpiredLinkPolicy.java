package org.identitymesh.connector.entra.imports;

import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.api.ResyncRequiredException;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.entra.config.ExpiredDeltaPolicy;
import org.identitymesh.connector.entra.graph.DeltaLinkExpiredException;

/**
 * What follows when Graph no longer knows the link a round is following: a full round that replaces it within the
 * import, or the end of the import without a watermark.
 *
 * <ul>
 *   <li>A round that already replaced an expired one ends the import: Graph refuses even a new round.</li>
 *   <li>A delta round under {@code OnExpiredDelta: Fail} ends it with {@link ResyncRequiredException}.</li>
 *   <li>A round that has delivered records ends it: starting over within the import would keep objects deleted
 *       meanwhile, because such an object is in neither the new round nor the changes its deltaLink reports later,
 *       and the host, having received it in this import, would not prune it. The next import reads the resource in
 *       full before delivering anything.</li>
 *   <li>Otherwise a delta round is replaced by a full round ({@code DELTA_EXPIRED}), and a full round, whose own
 *       next link expired, starts again for its own reason.</li>
 * </ul>
 */
final class ExpiredLinkPolicy {

    private final ExpiredDeltaPolicy onExpiredDelta;

    ExpiredLinkPolicy(ExpiredDeltaPolicy onExpiredDelta) {
        this.onExpiredDelta = onExpiredDelta;
    }

    /**
     * Decides.
     *
     * @param resource   the round's resource, for example {@code users}
     * @param objectType the type whose figures the round counts, for {@link ResyncRequiredException}
     * @param round      the round whose link expired
     * @param expired    Graph's answer
     * @return the reason of the full round that replaces it
     * @throws TransientConnectorException when the import ends and the next one should read the resource in full
     * @throws ResyncRequiredException     when the host must ask for a FULL import
     */
    FullRoundReason replacement(String resource, String objectType, Round round, DeltaLinkExpiredException expired) {
        String requestId = expired.requestId() == null ? "" : " (Graph request-id " + expired.requestId() + ")";
        if (round.replacesExpiredRound()) {
            throw new TransientConnectorException("Graph refused the " + resource + " full round that replaces an "
                    + "expired " + (round.reason() == FullRoundReason.DELTA_EXPIRED ? "delta link" : "round")
                    + " as expired too" + requestId + ". Run the import again later.", expired.requestId(), expired);
        }
        if (!round.full() && onExpiredDelta == ExpiredDeltaPolicy.FAIL) {
            throw new ResyncRequiredException(objectType, "Graph no longer knows the " + resource + " delta link (it "
                    + "expires after 7 days without use) and OnExpiredDelta is Fail: run a FULL import" + requestId
                    + ".", expired.requestId(), null);
        }
        if (round.deliveredRecords()) {
            throw new TransientConnectorException("Graph no longer knows the " + resource + " round's next link after "
                    + "part of the round was delivered" + requestId + "; starting the round over within this import "
                    + "could keep objects deleted meanwhile, so it stops without a watermark. Run the import again: "
                    + "it reads " + resource + " in full.", expired.requestId(), expired);
        }
        return round.full() ? round.reason() : FullRoundReason.DELTA_EXPIRED;
    }
}
