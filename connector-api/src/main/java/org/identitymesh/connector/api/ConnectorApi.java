package org.identitymesh.connector.api;

/**
 * The version of this SPI, and the rule that decides whether a provider built against another version can be
 * used.
 *
 * <p>A provider returns {@link #VERSION} from {@link ConnectorProvider#apiVersion()}. Because {@code VERSION}
 * is a compile-time constant, the Java compiler copies its value into the provider's class file: the provider
 * reports the version it was <em>built</em> against, not the one it runs with. Versions are
 * {@code MAJOR.MINOR}; a provider is compatible when its major version equals this API's and its minor
 * version is not newer (a newer minor may call methods this API does not have).
 */
public final class ConnectorApi {

    /** The version of this SPI, {@code MAJOR.MINOR}. */
    public static final String VERSION = "1.0";

    private ConnectorApi() {
    }

    /**
     * Tells whether a provider built against {@code providerApiVersion} can run on this API.
     *
     * @param providerApiVersion what the provider's {@link ConnectorProvider#apiVersion()} returned
     * @return {@code true} when the major versions are equal and the provider's minor version is not newer
     */
    public static boolean isCompatible(String providerApiVersion) {
        int[] provider = parse(providerApiVersion);
        int[] own = parse(VERSION);
        return provider != null && provider[0] == own[0] && provider[1] <= own[1];
    }

    private static int[] parse(String version) {
        if (version == null) {
            return null;
        }
        String[] parts = version.trim().split("\\.", -1);
        if (parts.length != 2) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
