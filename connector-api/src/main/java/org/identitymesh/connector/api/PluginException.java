package org.identitymesh.connector.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A plug-in directory or one of its bundles cannot be used by
 * {@link ConnectorProviders#loadPlugins(java.nio.file.Path)}. Says which {@linkplain #problem() problem} and names
 * the {@linkplain #path() path}.
 *
 * <p>Only an unusable plug-in directory is thrown. A problem of one bundle is reported in
 * {@link ConnectorProviders.Discovery#failures()} with this exception as the
 * {@link ConnectorProviders.Failure#cause() cause}, and the other bundles stay usable.
 */
public final class PluginException extends ConnectorException {

    private static final long serialVersionUID = 1L;

    private final Problem problem;
    /** Kept as text: {@link Path} is not serializable. */
    private final String path;

    /**
     * Creates the exception.
     *
     * @param problem what is wrong
     * @param path    the plug-in directory or the bundle
     * @param message what is wrong with it and what to do, naming the path
     * @param cause   the underlying exception, or {@code null}
     */
    public PluginException(Problem problem, Path path, String message, Throwable cause) {
        super(message, null, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.path = Objects.requireNonNull(path, "path").toString();
    }

    /**
     * What is wrong.
     *
     * @return the problem
     */
    public Problem problem() {
        return problem;
    }

    /**
     * The plug-in directory ({@link Problem#NOT_A_DIRECTORY}, or {@link Problem#UNREADABLE} when thrown) or the
     * bundle: its folder, zip or jar in the plug-in directory.
     *
     * @return the path, as given to {@code loadPlugins} and resolved against it
     */
    public Path path() {
        return Path.of(path);
    }

    /** What can be wrong with a plug-in directory or a bundle. */
    public enum Problem {
        /** The plug-in directory does not exist or is not a directory (thrown). */
        NOT_A_DIRECTORY,
        /**
         * The plug-in directory cannot be listed (thrown), or a bundle cannot be read: an I/O error, or a zip that
         * is not a valid zip.
         */
        UNREADABLE,
        /** A bundle holds no {@code .jar} file. */
        NO_JAR,
        /**
         * A bundle's jars register no {@link ConnectorProvider} in
         * {@code META-INF/services/org.identitymesh.connector.api.ConnectorProvider}.
         */
        NO_PROVIDER,
        /**
         * A provider of the bundle cannot be used: it cannot be loaded (for example a missing dependency), has an
         * invalid name or descriptor, or was built for an incompatible API version. The bundle's other providers
         * stay usable.
         */
        PROVIDER_FAILED,
        /** Two bundles provide a connector with the same name; neither is used. */
        DUPLICATE_NAME
    }
}
