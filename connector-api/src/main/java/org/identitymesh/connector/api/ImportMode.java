package org.identitymesh.connector.api;

/** What an import asks for. */
public enum ImportMode {
    /**
     * Every object in scope, ignoring any watermark. Each object type's result is a
     * {@linkplain ImportResult.TypeResult#completeSnapshot() complete snapshot}.
     */
    FULL,
    /**
     * Only what changed since the request's watermark. Without a watermark, or when the system says the
     * watermark has expired and the connector is configured to resync, the connector runs a full round for the
     * affected object types and says so in {@link ImportResult.TypeResult#fullRoundReason()}.
     */
    DELTA
}
