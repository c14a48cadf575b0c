package org.identitymesh.connector.plugintest;

/** A provider whose constructor fails, as one with a missing dependency does. */
public class ThrowingBundledProvider extends BundledProvider {

    /** Always throws. */
    public ThrowingBundledProvider() {
        throw new IllegalStateException("cannot start");
    }
}
