package org.identitymesh.connector.kafka;

/** The version this module was built as, from its jar's manifest. */
final class Versions {

    private Versions() {
    }

    static String of(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
