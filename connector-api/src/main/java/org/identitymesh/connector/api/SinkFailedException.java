package org.identitymesh.connector.api;

/**
 * The host's {@link ChangeSink} threw; the import stopped and returned no watermark. The sink's exception is the
 * {@linkplain #getCause() cause}.
 */
public final class SinkFailedException extends ConnectorException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param record what the sink was given when it threw, described without attribute values
     * @param cause  what the sink threw
     */
    public SinkFailedException(String record, Throwable cause) {
        super("The change sink failed on " + record + "; the import stopped and returned no watermark: "
                + cause, null, cause);
    }
}
