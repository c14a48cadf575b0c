package org.identitymesh.connector.api;

import java.util.List;

/**
 * A configured connection to one system, created by {@link ConnectorProvider#create}.
 *
 * <p>A connector holds its HTTP clients and credentials; hosts reuse one connector for many imports and close
 * it when done. Calls on one connector are not concurrent: a host runs one operation at a time on it (several
 * connectors may run at once).
 */
public interface Connector extends AutoCloseable {

    /**
     * Streams the changes of one import to {@code sink} and, only after every change was delivered, returns the
     * watermark to store.
     *
     * <p>The contract, which {@code connector-testkit}'s contract suite checks:
     * <ul>
     *   <li>Records are passed to {@link ChangeSink#accept} one at a time, on the calling thread, in the order
     *       the connector documents; the connector never holds the whole system in memory.</li>
     *   <li>Delivery is at least once: a record may repeat within an import and across imports, so applying
     *       records must be idempotent (see {@link ChangeRecord}).</li>
     *   <li>The returned {@link ImportResult#watermark()} covers exactly what was delivered: an import started
     *       from it delivers every change made after it and possibly some before it, never fewer.</li>
     *   <li>For each object type whose {@link ImportResult.TypeResult#completeSnapshot()} is {@code true},
     *       every object of that type that exists was delivered as an UPSERT: the host deletes the objects of
     *       that type it holds but did not receive.</li>
     *   <li>On any failure the method throws and returns no watermark: the host keeps the watermark it had. Records
     *       delivered before the failure were real changes and may be kept; the next import delivers them
     *       again if needed.</li>
     * </ul>
     *
     * @param request what to import
     * @param sink    where records go
     * @return the result, with the new watermark
     * @throws ConfigurationException        when the configuration cannot work (for example a secret reference
     *                                       that does not resolve)
     * @throws WatermarkRejectedException    when the request's watermark was not produced by this connector for
     *                                       this configuration, or is corrupt; nothing was requested
     * @throws ResyncRequiredException       when the watermark expired and the connector is configured to fail
     *                                       rather than resync
     * @throws AuthenticationException       when signing in failed
     * @throws PermissionException           when the credential lacks a permission
     * @throws ThrottledException            when the system kept throttling after every retry
     * @throws TransientConnectorException   when the system or network failed after every retry
     * @throws ImportCancelledException      when the request's cancellation was signalled or the thread was
     *                                       interrupted
     * @throws SinkFailedException           when {@code sink} threw; its exception is the cause
     * @throws UnsupportedCapabilityException when the mode is not among the connector's capabilities
     */
    ImportResult importChanges(ImportRequest request, ChangeSink sink);

    /**
     * Checks, step by step, that the connector can reach and read the system: for example a token, then one
     * request per object type. Never throws for a failed step; the result says which step failed and why.
     *
     * @return the steps checked, in order
     * @throws UnsupportedCapabilityException when {@link Capability#TEST_CONNECTION} is not supported
     */
    ConnectionTestResult testConnection();

    /**
     * Writes changes to the system.
     *
     * <p>A connector without {@link Capability#EXPORT} throws {@link UnsupportedCapabilityException} without
     * changing anything, which is what this default does.
     *
     * @param changes the changes to apply, in order
     * @return the outcome of each change
     * @throws UnsupportedCapabilityException when {@link Capability#EXPORT} is not supported
     */
    default ExportResult export(List<ChangeRecord> changes) {
        throw new UnsupportedCapabilityException(Capability.EXPORT,
                "This connector does not support export; nothing was changed.");
    }

    /** Releases HTTP clients and wipes credentials. Never throws. */
    @Override
    void close();
}
