package org.identitymesh.connector.samples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.PluginException;

/**
 * Finds connectors the way a host engine does: only through {@link java.util.ServiceLoader}, on the host's class
 * path and in an optional plug-in directory (the runbook's {@code Connectors/} folder), whose bundles each load in a
 * class loader of their own ({@link ConnectorProviders#loadPlugins(Path)}), so that a connector's libraries never
 * meet the versions this program carries.
 */
final class ConnectorLoader {

    private ConnectorLoader() {
    }

    /**
     * The connectors of the class path and of the plug-in directory. A plug-in whose name is also on the class path
     * replaces the built-in connector: the operator put it there, for example a newer version.
     *
     * @param connectorsDir the plug-in directory, or {@code null}
     * @return what was found, with every bundle or provider that was ignored and why
     * @throws FileProblem when the directory does not exist, is not a folder or cannot be listed
     */
    static ConnectorProviders.Discovery discover(Path connectorsDir) throws FileProblem {
        ConnectorProviders.Discovery builtIn = ConnectorProviders.discover(ConnectorLoader.class.getClassLoader());
        if (connectorsDir == null) {
            return builtIn;
        }
        if (!Files.isDirectory(connectorsDir)) {
            throw FileProblem.input("the connectors folder", connectorsDir, Files.exists(connectorsDir)
                    ? "is not a folder" : "does not exist", "give --connectors the plug-in directory that holds "
                    + "connector bundles (folders or zips of jars)");
        }
        ConnectorProviders.Plugins plugins;
        try {
            plugins = ConnectorProviders.loadPlugins(connectorsDir);
        } catch (PluginException e) {
            throw FileProblem.input("the connectors folder", connectorsDir, "cannot be listed ("
                    + e.problem() + ")", "check the folder's permissions");
        }
        // the bundles stay open while this process runs: connectors load classes as they go
        Runtime.getRuntime().addShutdownHook(new Thread(plugins::close, "entra-sync-plugins"));
        Map<String, ConnectorProvider> byName = new LinkedHashMap<>();
        plugins.discovery().providers().forEach(p -> byName.put(p.name(), p));
        builtIn.providers().forEach(p -> byName.putIfAbsent(p.name(), p));
        List<ConnectorProviders.Failure> failures = new ArrayList<>(builtIn.failures());
        failures.addAll(plugins.discovery().failures());
        return new ConnectorProviders.Discovery(List.copyOf(byName.values()), failures);
    }
}
