package org.identitymesh.connector.api;

import java.time.Duration;
import java.util.Optional;

/**
 * The system kept throttling the connector after every retry. Running the import later, or outside busy hours,
 * usually succeeds.
 */
public class ThrottledException extends ConnectorException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param message      what failed and what to do
     * @param retryAfter   how long the system last asked to wait, or {@code null}
     * @param diagnosticId the system's identifier of the failed request, or {@code null}
     * @param cause        the underlying exception, or {@code null}
     */
    public ThrottledException(String message, Duration retryAfter, String diagnosticId, Throwable cause) {
        super(message, diagnosticId, cause);
        this.retryAfter = retryAfter;
    }

    /**
     * How long the system last asked to wait.
     *
     * @return the wait, if the system said
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
