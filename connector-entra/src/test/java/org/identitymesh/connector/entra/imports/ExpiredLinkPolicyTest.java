package org.identitymesh.connector.entra.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.api.ResyncRequiredException;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.entra.config.ExpiredDeltaPolicy;
import org.identitymesh.connector.entra.graph.DeltaLinkExpiredException;
import org.junit.jupiter.api.Test;

/** The restart decision on its own: which expired round is replaced within the import, and which ends it. */
class ExpiredLinkPolicyTest {

    private static final DeltaLinkExpiredException EXPIRED = new DeltaLinkExpiredException("HTTP 410", "rid-1");
    private static final String LINK = "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=x";

    private final ExpiredLinkPolicy resync = new ExpiredLinkPolicy(ExpiredDeltaPolicy.RESYNC);
    private final ExpiredLinkPolicy fail = new ExpiredLinkPolicy(ExpiredDeltaPolicy.FAIL);

    private static Round round(FullRoundReason reason, boolean replacesExpiredRound, boolean deliveredRecords) {
        return new Round(null, reason, LINK, replacesExpiredRound, deliveredRecords);
    }

    @Test
    void anExpiredDeltaLinkIsReplacedByAFullRoundUnderResync() {
        assertEquals(FullRoundReason.DELTA_EXPIRED, resync.replacement("users", "User", round(null, false, false),
                EXPIRED));
    }

    @Test
    void anExpiredDeltaLinkEndsTheImportUnderFail() {
        ResyncRequiredException e = assertThrows(ResyncRequiredException.class,
                () -> fail.replacement("users", "User", round(null, false, false), EXPIRED));
        assertEquals("User", e.objectType());
        assertTrue(e.getMessage().contains("OnExpiredDelta is Fail: run a FULL import (Graph request-id rid-1)"),
                e.getMessage());
    }

    @Test
    void aFullRoundWhoseOwnLinkExpiredStartsAgainForItsOwnReasonUnderEitherPolicy() {
        for (ExpiredLinkPolicy policy : new ExpiredLinkPolicy[] {resync, fail}) {
            assertEquals(FullRoundReason.REQUESTED, policy.replacement("groups", "Group",
                    round(FullRoundReason.REQUESTED, false, false), EXPIRED));
            assertEquals(FullRoundReason.FIRST_RUN, policy.replacement("groups", "Group",
                    round(FullRoundReason.FIRST_RUN, false, false), EXPIRED));
        }
    }

    @Test
    void aRoundThatDeliveredRecordsIsNeverStartedOverWithinTheImport() {
        for (FullRoundReason reason : new FullRoundReason[] {null, FullRoundReason.REQUESTED}) {
            TransientConnectorException e = assertThrows(TransientConnectorException.class,
                    () -> resync.replacement("users", "User", round(reason, false, true), EXPIRED));
            assertTrue(e.getMessage().contains("could keep objects deleted meanwhile"), e.getMessage());
            assertEquals("rid-1", e.diagnosticId().orElseThrow());
        }
    }

    @Test
    void aReplacementThatExpiresTooEndsTheImport() {
        TransientConnectorException e = assertThrows(TransientConnectorException.class, () -> resync.replacement(
                "users", "User", round(FullRoundReason.DELTA_EXPIRED, true, false), EXPIRED));
        assertTrue(e.getMessage().contains("replaces an expired delta link as expired too"), e.getMessage());
    }
}
