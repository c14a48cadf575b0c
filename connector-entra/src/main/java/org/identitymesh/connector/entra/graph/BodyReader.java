package org.identitymesh.connector.entra.graph;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a successful response body completely. An {@link IOException} (including Jackson's parse errors) means the
 * body was cut or malformed, which is retried like any transient failure.
 *
 * @param <T> what the body becomes
 */
@FunctionalInterface
public interface BodyReader<T> {

    /**
     * Reads the body.
     *
     * @param body the body; the caller closes it
     * @return what it holds
     * @throws IOException when it is cut or malformed
     */
    T read(InputStream body) throws IOException;
}
