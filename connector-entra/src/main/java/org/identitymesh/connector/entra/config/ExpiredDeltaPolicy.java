package org.identitymesh.connector.entra.config;

/** What the connector does when Graph no longer knows a stored delta link. */
public enum ExpiredDeltaPolicy {
    /** Run a full round of the affected object type and flag it in the result. */
    RESYNC,
    /** Throw {@link org.identitymesh.connector.api.ResyncRequiredException}; the host decides. */
    FAIL
}
