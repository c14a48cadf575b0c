package org.identitymesh.connector.testkit.entra;

/** How a user or group is deleted. */
public enum Deletion {
    /**
     * Moved to deleted items and restorable: a delta reports {@code "@removed": {"reason": "changed"}} and the
     * object's memberships are suspended until a restore.
     */
    SOFT,
    /** Gone for good: a delta reports {@code "@removed": {"reason": "deleted"}}. */
    HARD
}
