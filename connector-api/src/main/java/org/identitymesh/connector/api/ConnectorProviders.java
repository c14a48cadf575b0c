package org.identitymesh.connector.api;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Finds {@link ConnectorProvider}s with {@link ServiceLoader}, on the class path and the module path.
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

    private static Discovery discover(ServiceLoader<ConnectorProvider> loader) {
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
                failures.add(failure("(unknown)", "could not be loaded: " + e.getMessage(), e));
                continue;
            }
            String className = provider.getClass().getName();
            try {
                String problem = check(provider);
                if (problem != null) {
                    failures.add(failure(className, problem, null));
                } else if (found.containsKey(provider.name())) {
                    failures.add(failure(className, "its name " + provider.name() + " is already taken by "
                            + found.get(provider.name()).getClass().getName(), null));
                } else {
                    found.put(provider.name(), provider);
                }
            } catch (RuntimeException | LinkageError e) {
                failures.add(failure(className, "failed while describing itself: " + e, e));
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

    private static Failure failure(String provider, String reason, Throwable cause) {
        LOG.log(Level.WARNING, "Connector provider " + provider + " ignored: " + reason);
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
     * @param provider its class name, or {@code (unknown)} when it could not be loaded
     * @param reason   why it was ignored
     * @param cause    the exception that revealed it, or {@code null}
     */
    public record Failure(String provider, String reason, Throwable cause) {

        /** {@code provider: reason}. */
        @Override
        public String toString() {
            return provider + ": " + reason;
        }
    }
}
