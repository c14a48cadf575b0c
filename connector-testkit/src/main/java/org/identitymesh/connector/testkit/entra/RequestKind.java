package org.identitymesh.connector.testkit.entra;

/**
 * What a request to the simulated tenant does. The {@link RequestJournal} counts requests by kind and
 * {@link FaultInjector} rules match them by kind.
 */
public enum RequestKind {
    /** {@code POST /{tenant}/oauth2/v2.0/token}. */
    TOKEN,
    /** {@code GET /v1.0/users/delta}, first request or a nextLink or deltaLink. */
    USERS_DELTA,
    /** {@code GET /v1.0/groups/delta}, first request or a nextLink or deltaLink. */
    GROUPS_DELTA,
    /** {@code GET /v1.0/devices/delta}, first request or a nextLink or deltaLink. */
    DEVICES_DELTA,
    /** {@code GET /v1.0/groups/{id}/members}, directly or as a {@code $batch} item. */
    GROUP_MEMBERS,
    /** {@code GET /v1.0/groups/{id}/owners}, directly or as a {@code $batch} item. */
    GROUP_OWNERS,
    /** {@code GET /v1.0/users/{id}}, {@code /groups/{id}} or {@code /devices/{id}}: one object's properties. */
    OBJECT,
    /** {@code POST /v1.0/$batch} (the envelope; its items count under their own kinds). */
    BATCH,
    /** OpenID metadata, instance discovery and signing keys. */
    DISCOVERY,
    /** {@code GET /msi/token} on the managed identity endpoint ({@link SimulatedEntraTenant#managedIdentity()}). */
    MANAGED_IDENTITY,
    /** Anything else (answered with an error). */
    OTHER,
    /** Only for fault rules: matches a request of any kind. Never recorded in the journal. */
    ANY;

    boolean isGraph() {
        return this == USERS_DELTA || this == GROUPS_DELTA || this == DEVICES_DELTA || this == GROUP_MEMBERS
                || this == GROUP_OWNERS || this == OBJECT || this == BATCH || this == OTHER;
    }
}
