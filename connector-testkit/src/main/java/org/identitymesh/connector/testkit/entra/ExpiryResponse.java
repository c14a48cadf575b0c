package org.identitymesh.connector.testkit.entra;

/** How the tenant answers an expired delta token. */
public enum ExpiryResponse {
    /** HTTP 400 with error code {@code syncStateNotFound}, the usual answer for users and groups. */
    SYNC_STATE_NOT_FOUND,
    /** HTTP 410 Gone with error code {@code resyncRequired} and a {@code Location} header to start over. */
    RESYNC_REQUIRED
}
