package org.identitymesh.connector.api;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Finds {@link ConnectorProvider}s with {@link ServiceLoader}: on the class path and the module path, in a given
 * class loader or module layer, or in a directory of plug-in bundles, each isolated in a class loader of its own
 * ({@link #loadPlugins(Path)}).
 *
 * <p>Discovery never fails as a whole: a provider that cannot be loaded or instantiated, was built for an
 * incompatible {@linkplain ConnectorApi#VERSION API version}, has an invalid name or descriptor, or repeats a
 * name already found is reported in {@link Discovery#failures()} (and logged through {@link System.Logger}),
 * and the other providers remain usable.
 */
public final class ConnectorProviders {

    private static final System.Logger LOG = System.getLogger(ConnectorProviders.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private ConnectorProviders() {
    }

    /**
     * Discovers the providers visible to this API's own class loader and, on the module path, to the modules
     * that read it.
     *
     * @return what was found
     */
    public static Discovery discover() {
        return discover(ServiceLoader.load(ConnectorProvider.class, ConnectorProviders.class.getClassLoader()));
    }

    /**
     * Discovers the providers visible to a class loader, for example one over a folder of connector jars.
     *
     * @param classLoader where to look
     * @return what was found
     */
    public static Discovery discover(ClassLoader classLoader) {
        return discover(ServiceLoader.load(ConnectorProvider.class, Objects.requireNonNull(classLoader, "classLoader")));
    }

    /**
     * Discovers the providers of the modules of a layer and its parents.
     *
     * @param layer where to look
     * @return what was found
     */
    public static Discovery discover(ModuleLayer layer) {
        return discover(ServiceLoader.load(Objects.requireNonNull(layer, "layer"), ConnectorProvider.class));
    }

    /**
     * Loads the connectors of a plug-in directory, each bundle in a class loader of its own that shares only the
     * SPI, SLF4J and the JDK with the host: a connector's libraries never meet other versions of them on the
     * host's class path, nor those of another bundle.
     *
     * <p><b>Layout.</b> Each entry of {@code directory} is one bundle, in the order of their names:
     * <ul>
     * <li>a folder: its {@code .jar} files, at any depth, are the bundle (an unpacked bundle zip is one);</li>
     * <li>a {@code .zip} file: the {@code .jar} entries in it, at any depth, copied to a temporary folder that
     * {@link Plugins#close()} deletes;</li>
     * <li>a {@code .jar} file: a bundle of that one jar.</li>
     * </ul>
     * Other files and names that start with {@code .} are ignored. A bundle holds a connector's jar and its runtime
     * dependencies, without connector-api and slf4j-api: those come from the host (copies in a bundle are never
     * used). Providers are found with {@link ServiceLoader} in each bundle's jars only, never on the host's class
     * path; the discovery of a bundle runs with its class loader as the thread's context class loader.
     *
     * <p><b>Isolation.</b> A bundle's class loader takes {@code org.identitymesh.connector.api},
     * {@code org.identitymesh.connector.api.secret} and {@code org.slf4j.*} from the class loader of this API, the
     * JDK from the platform class loader, and every other class from the bundle's jars. The host therefore needs
     * slf4j-api 2 beside connector-api. Calls into a connector do not change the thread's context class loader;
     * a host whose connector needs it sets {@link Bundle#classLoader()} around the call.
     *
     * <p><b>Failures.</b> Like {@link #discover()}, loading never fails because of one bundle: each problem is
     * reported in {@link Discovery#failures()}, with a {@link PluginException} naming the bundle and its
     * {@link PluginException.Problem} as the cause, and the other bundles stay usable. A bundle that cannot be
     * read, holds no jar or no provider, or whose only providers fail, is not loaded. When two bundles provide
     * connectors with the same name, neither is used: which one the host gets must not depend on file names.
     *
     * <pre>{@code
     * try (ConnectorProviders.Plugins plugins = ConnectorProviders.loadPlugins(Path.of("plugins"))) {
     *     plugins.discovery().failures().forEach(f -> log.warn("connector ignored: {}", f));
     *     ConnectorProvider entra = plugins.discovery().require("EntraId");
     *     // create, use and close connectors; then the plug-ins are closed
     * }
     * }</pre>
     *
     * @param directory the plug-in directory, for example {@code plugins}
     * @return the loaded bundles and their providers; close it after the last connector created from it is closed
     * @throws PluginException with {@link PluginException.Problem#NOT_A_DIRECTORY} or
     *                         {@link PluginException.Problem#UNREADABLE} when the directory does not exist, is not a
     *                         directory or cannot be listed
     */
    public static Plugins loadPlugins(Path directory) {
        ClassLoader host = ConnectorProviders.class.getClassLoader();
        return PluginLoading.load(Objects.requireNonNull(directory, "directory"),
                host != null ? host : ClassLoader.getSystemClassLoader());
    }

    /**
     * Discovers the providers of one plug-in bundle, with its loader as the thread's context class loader.
     *
     * @param loader the bundle's class loader
     * @param bundle the bundle, named in each failure
     * @return what was found
     */
    static Discovery discoverBundle(ClassLoader loader, Path bundle) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return discover(ServiceLoader.load(ConnectorProvider.class, loader), bundle);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Discovery discover(ServiceLoader<ConnectorProvider> loader) {
        return discover(loader, null);
    }

    private static Discovery discover(ServiceLoader<ConnectorProvider> loader, Path bundle) {
        Map<String, ConnectorProvider> found = new LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        Iterator<ConnectorProvider> it = loader.iterator();
        while (true) {
            ConnectorProvider provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                failures.add(failure("(unknown)", "could not be loaded: " + e.getMessage(), e, bundle));
                continue;
            }
            String className = provider.getClass().getName();
            try {
                String problem = check(provider);
                if (problem != null) {
                    failures.add(failure(className, problem, null, bundle));
                } else if (found.containsKey(provider.name())) {
                    failures.add(failure(className, "its name " + provider.name() + " is already taken by "
                            + found.get(provider.name()).getClass().getName(), null, bundle));
                } else {
                    found.put(provider.name(), provider);
                }
            } catch (RuntimeException | LinkageError e) {
                failures.add(failure(className, "failed while describing itself: " + e, e, bundle));
            }
        }
        return new Discovery(List.copyOf(found.values()), failures);
    }

    private static String check(ConnectorProvider provider) {
        String name = provider.name();
        if (name == null || !NAME.matcher(name).matches()) {
            return "its name must be letters, digits, '-' or '_', found " + (name == null ? "null" : "\"" + name + "\"");
        }
        if (!ConnectorApi.isCompatible(provider.apiVersion())) {
            return "provider " + name + " was built for connector API " + provider.apiVersion()
                    + ", which this API " + ConnectorApi.VERSION + " cannot run: use a connector version built for API "
                    + ConnectorApi.VERSION.substring(0, ConnectorApi.VERSION.indexOf('.')) + ".x";
        }
        if (provider.descriptor() == null) {
            return "provider " + name + " has no descriptor";
        }
        return null;
    }

    private static Failure failure(String provider, String reason, Throwable cause, Path bundle) {
        if (bundle == null) {
            LOG.log(Level.WARNING, "Connector provider " + provider + " ignored: " + reason);
            return new Failure(provider, reason, cause);
        }
        String where = reason + " (plug-in bundle " + bundle + ")";
        return bundleFailure(provider, where, new PluginException(PluginException.Problem.PROVIDER_FAILED, bundle,
                "plug-in bundle " + bundle + ": connector provider " + provider + " ignored: " + reason, cause));
    }

    /**
     * A failure of a plug-in bundle, logged.
     *
     * @param provider the provider's class name, or {@code (unknown)} or {@code (none)}
     * @param reason   why, naming the bundle
     * @param cause    the typed cause
     * @return the failure
     */
    static Failure bundleFailure(String provider, String reason, PluginException cause) {
        LOG.log(Level.WARNING, provider.equals("(none)") ? "Ignored: " + reason
                : "Connector provider " + provider + " ignored: " + reason);
        return new Failure(provider, reason, cause);
    }

    /**
     * What a discovery found.
     *
     * @param providers the usable providers, in discovery order, with distinct names
     * @param failures  the providers that were ignored, and why
     */
    public record Discovery(List<ConnectorProvider> providers, List<Failure> failures) {

        /** Copies the lists. */
        public Discovery {
            providers = List.copyOf(providers);
            failures = List.copyOf(failures);
        }

        /**
         * Finds a provider by name.
         *
         * @param name the provider's {@link ConnectorProvider#name()}, compared exactly
         * @return the provider, if found
         */
        public Optional<ConnectorProvider> find(String name) {
            return providers.stream().filter(p -> p.name().equals(name)).findFirst();
        }

        /**
         * Finds a provider by name, or explains why there is none.
         *
         * @param name the provider's {@link ConnectorProvider#name()}
         * @return the provider
         * @throws ConfigurationException naming the providers found and those ignored when none has that name
         */
        public ConnectorProvider require(String name) {
            return find(name).orElseThrow(() -> ConfigurationException.of("connector",
                    "a connector named \"" + name + "\"; found " + providers.stream().map(ConnectorProvider::name).toList()
                            + (failures.isEmpty() ? "" : ", ignored " + failures)));
        }
    }

    /**
     * A provider that discovery ignored.
     *
     * @param provider its class name, {@code (unknown)} when it could not be loaded, or {@code (none)} for a plug-in
     *                 bundle without a usable provider
     * @param reason   why it was ignored, naming the plug-in bundle when it came from one
     * @param cause    the exception that revealed it, or {@code null}; for a plug-in bundle always a
     *                 {@link PluginException} naming the bundle, whose cause is the original exception
     */
    public record Failure(String provider, String reason, Throwable cause) {

        /** {@code provider: reason}. */
        @Override
        public String toString() {
            return provider + ": " + reason;
        }
    }

    /**
     * The bundles of a plug-in directory, loaded by {@link ConnectorProviders#loadPlugins(Path)}, and what their
     * discovery found. Holds the bundles' class loaders open until {@link #close()}.
     */
    public static final class Plugins implements AutoCloseable {

        private final Path directory;
        private final List<Bundle> bundles;
        private final Discovery discovery;
        private final Runnable release;
        private final AtomicBoolean closed = new AtomicBoolean();

        Plugins(Path directory, List<Bundle> bundles, Discovery discovery, Runnable release) {
            this.directory = directory;
            this.bundles = List.copyOf(bundles);
            this.discovery = discovery;
            this.release = release;
        }

        /**
         * The plug-in directory.
         *
         * @return the directory, as given
         */
        public Path directory() {
            return directory;
        }

        /**
         * The bundles that were loaded, in the order of their names, each with at least one usable provider.
         *
         * @return the bundles
         */
        public List<Bundle> bundles() {
            return bundles;
        }

        /**
         * The usable providers of every bundle, and every bundle and provider that was ignored, and why.
         *
         * @return the discovery
         */
        public Discovery discovery() {
            return discovery;
        }

        /**
         * Closes the bundles' class loaders and deletes the jars copied out of zip bundles. Close every connector
         * created from these providers first: their classes stay usable, but classes they have not loaded yet can
         * no longer be loaded. Never throws; calling it again does nothing.
         */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release.run();
            }
        }

        /** The directory and the bundles' names. */
        @Override
        public String toString() {
            return "Plugins[" + directory + ", bundles "
                    + bundles.stream().map(b -> String.valueOf(b.path().getFileName())).toList() + "]";
        }
    }

    /**
     * One loaded plug-in bundle.
     *
     * @param path        the bundle: its folder, zip or jar in the plug-in directory
     * @param classLoader the bundle's own class loader, which loaded its providers
     * @param providers   its usable providers
     */
    public record Bundle(Path path, ClassLoader classLoader, List<ConnectorProvider> providers) {

        /** Checks the components and copies the list. */
        public Bundle {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(classLoader, "classLoader");
            providers = List.copyOf(providers);
        }
    }
}
