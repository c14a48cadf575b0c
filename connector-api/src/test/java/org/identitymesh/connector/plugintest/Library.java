package org.identitymesh.connector.plugintest;

/** Stands for a third-party library that both the host and a bundle carry. */
public final class Library {

    private Library() {
    }
}
