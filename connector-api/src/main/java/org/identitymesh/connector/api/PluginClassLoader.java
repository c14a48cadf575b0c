package org.identitymesh.connector.api;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Set;

/**
 * The class loader of one plug-in bundle. It takes the classes of the SPI packages and of SLF4J from the host, so
 * that host and connector share one {@link ConnectorProvider} type and one logging backend; the JDK's classes
 * from the platform class loader; and every other class from the bundle's own jars, never from the host's class
 * path. A library the bundle carries therefore cannot meet another version of it on the host, and a class the
 * bundle lacks is missing even when the host has it.
 */
final class PluginClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** The exported packages of connector-api, exactly (not their subpackages). */
    private static final Set<String> API_PACKAGES = Set.of("org.identitymesh.connector.api",
            "org.identitymesh.connector.api.secret");
    private static final String SLF4J = "org.slf4j.";

    private final ClassLoader host;

    /**
     * Creates the loader.
     *
     * @param name the loader's name, shown in stack traces
     * @param jars the bundle's jars
     * @param host where the SPI and SLF4J come from
     */
    PluginClassLoader(String name, URL[] jars, ClassLoader host) {
        super(name, jars, ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    /**
     * Whether a class comes from the host rather than the bundle.
     *
     * @param className a binary class name
     * @return {@code true} for the SPI packages and SLF4J
     */
    static boolean fromHost(String className) {
        if (className.startsWith(SLF4J)) {
            return true;
        }
        int dot = className.lastIndexOf('.');
        return dot > 0 && API_PACKAGES.contains(className.substring(0, dot));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (fromHost(name)) {
            return host.loadClass(name);
        }
        // the parent is the platform class loader: the JDK first, then this bundle's jars
        return super.loadClass(name, resolve);
    }
}
