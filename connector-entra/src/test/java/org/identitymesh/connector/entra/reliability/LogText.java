package org.identitymesh.connector.entra.reliability;

import org.identitymesh.connector.entra.security.LogCapture;

/** Renders a throwable with its causes for failure messages. */
final class LogText {

    private LogText() {
    }

    static String of(Throwable t) {
        return LogCapture.render(t);
    }
}
