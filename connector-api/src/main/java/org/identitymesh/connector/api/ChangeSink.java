package org.identitymesh.connector.api;

/**
 * Where a connector delivers the records of an import, one at a time, on the importing thread.
 *
 * <p>A sink that throws stops the import: the connector wraps the exception in {@link SinkFailedException} and
 * returns no watermark. A sink may block (for example to write to a database); that slows the import and
 * never loses a record.
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
}
