package org.identitymesh.connector.samples;

import java.nio.file.Path;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.api.secret.SecretResolvers;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which connector to load and the files it is configured from: the options of every command that uses one. */
final class ConnectorOptions {

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "the connector configuration document (ConfigJson)")
    Path config;

    @Option(names = "--auth", required = true, paramLabel = "FILE",
            description = "the authentication document (AuthJson); secrets in it are references such as env:NAME")
    Path auth;

    @Option(names = "--secrets", paramLabel = "FILE",
            description = "a JSON object of \"path\": \"secret\" that resolves secret://path references")
    Path secrets;

    @Mixin
    ProviderOptions provider = new ProviderOptions();

    /** The configuration read from the files, with the host's secret resolver. */
    ConnectorConfiguration configuration() throws FileProblem {
        String configJson = InputFiles.json("the configuration file", config, "--config");
        String authJson = InputFiles.json("the authentication file", auth, "--auth");
        SecretResolver resolver = SecretResolvers.builtIn();
        if (secrets != null) {
            resolver = SecretResolvers.chain(SecretsFile.read(secrets), resolver);
        }
        return ConnectorConfiguration.of(configJson, authJson, resolver);
    }

    /** Names the configuration in log lines and the run history. */
    String label() {
        return config.toString();
    }

    /** Which connector, found through ServiceLoader only. */
    static final class ProviderOptions {

        @Option(names = "--connector", defaultValue = "EntraId", paramLabel = "NAME",
                description = "the connector's provider name (default: ${DEFAULT-VALUE})")
        String name;

        @Option(names = "--connectors", paramLabel = "DIR",
                description = "a plug-in directory of connector bundles (folders or zips of jars, as mvn package builds "
                        + "them), each loaded in a class loader of its own, besides the class path")
        Path folder;

        /** Finds the provider; connectors that cannot be loaded are reported on {@code err} and skipped. */
        ConnectorProvider find(java.io.PrintStream err) throws FileProblem {
            ConnectorProviders.Discovery discovery = ConnectorLoader.discover(folder);
            discovery.failures().forEach(f -> err.println("entra-sync: ignored a broken connector: " + f));
            return discovery.require(name);
        }
    }
}
