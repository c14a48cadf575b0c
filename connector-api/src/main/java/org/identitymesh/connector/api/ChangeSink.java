package org.identitymesh.connector.api;

/**
 * Where a connector delivers the records of an import, one at a time, on the importing thread.
 *
 * <p>A sink that throws stops the import: the connector wraps the exception in {@link SinkFailedException} and
 * returns no watermark. A sink may block (for example to write to a database); that slows the import and
 * never loses a record.
 *
 * <p>Records are delivered at least once and may repeat (a page read again after a retry, an object changed while
 * the import ran). For one object they arrive in the order the system changed it, so <em>the last record of an
 * object is its latest state</em>: a host that applies records in delivery order ends up with what the system holds,
 * and one that buffers may keep only the last record of each object. The contract suite checks this
 * ({@code theLastRecordOfAnObjectIsItsLatestState}).
 */
@FunctionalInterface
public interface ChangeSink {

    /**
     * Receives one record. When this method returns, the connector considers the record delivered.
     *
     * @param record the record
     * @throws Exception to stop the import
     */
    void accept(ChangeRecord record) throws Exception;

    /**
     * Receives a checkpoint: every record before this call was delivered, and an import started with
     * {@link ImportRequest#resume(String)} from this checkpoint delivers everything after it. Connectors with
     * {@link Capability#RESUMABLE_IMPORT} call it between pages. A host that wants to survive a crash in a long full
     * import stores the latest checkpoint together with the records applied so far (in the same transaction); hosts
     * that do not care ignore it, which is what this default does.
     *
     * <p>A checkpoint is opaque, like a watermark, and is never a watermark: it must not be passed to
     * {@link ImportRequest#delta(String)}.
     *
     * @param checkpoint the checkpoint
     * @throws Exception to stop the import
     */
    default void checkpoint(String checkpoint) throws Exception {
    }
}
