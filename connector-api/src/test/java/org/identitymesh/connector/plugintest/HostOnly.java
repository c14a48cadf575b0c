package org.identitymesh.connector.plugintest;

/** A class on the host's class path that no bundle carries. */
public final class HostOnly {

    private HostOnly() {
    }
}
