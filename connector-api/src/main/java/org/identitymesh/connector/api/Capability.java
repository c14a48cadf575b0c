package org.identitymesh.connector.api;

/**
 * Something a connector can do. A connector's {@link ConnectorDescriptor#capabilities()} lists what it
 * supports; operations it does not list throw {@link UnsupportedCapabilityException}.
 */
public enum Capability {
    /** {@link ImportMode#FULL} imports: a complete snapshot of every object type. */
    IMPORT_FULL,
    /** {@link ImportMode#DELTA} imports: only what changed since a watermark. */
    IMPORT_DELTA,
    /** {@link Connector#testConnection()}. */
    TEST_CONNECTION,
    /** {@link Connector#export(java.util.List)}: writing changes back to the system. */
    EXPORT,
    /**
     * Imports hand out {@linkplain ChangeSink#checkpoint(String) checkpoints}, and an import can
     * {@linkplain ImportRequest#resume(String) resume} from one after a crash instead of starting over.
     */
    RESUMABLE_IMPORT,
    /**
     * {@link ImportRequest#fromNow()}: a starting watermark without reading what exists, for a host that already
     * holds a copy.
     */
    IMPORT_FROM_NOW
}
