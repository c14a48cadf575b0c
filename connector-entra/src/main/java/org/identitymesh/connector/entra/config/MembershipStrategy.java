package org.identitymesh.connector.entra.config;

/**
 * How group memberships are read. The default is the only one that reads memberships incrementally; the others
 * exist to compare with the runbook's earlier phases and for tenants where {@code members@delta} cannot be used.
 */
public enum MembershipStrategy {
    /**
     * {@code members} in the groups delta's {@code $select}: memberships arrive inside the groups pages as
     * {@code members@delta}, full in the first round and as additions and removals afterwards. No request per group.
     */
    DELTA,
    /**
     * One {@code /groups/{id}/members} chain per group (the runbook's phase 1). Every import reads all groups and all
     * memberships in full (both types are complete snapshots each time); removals are seen through the snapshot.
     */
    PER_GROUP,
    /**
     * Like {@link #PER_GROUP}, with the member requests sent 20 at a time through {@code $batch} (the runbook's phase
     * 2); a throttled item is sent again after its own {@code Retry-After}.
     */
    BATCH
}
