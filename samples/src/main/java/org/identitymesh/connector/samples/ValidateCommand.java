package org.identitymesh.connector.samples;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code entra-sync validate}: the configuration checked without importing. */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = true,
        description = {"Checks the configuration files without importing anything: every problem is printed with "
                + "its field. With --online it then signs in and reads one page of each object type (the "
                + "connection test).", ""})
final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    private EntraSync host;

    @Mixin
    private ConnectorOptions connection;

    @Option(names = "--online", description = "also run the connection test: sign in and read one page of each type")
    private boolean online;

    @Override
    public Integer call() throws FileProblem {
        PrintStream out = host.out();
        ConnectorProvider provider = connection.provider.find(host.err());
        ConnectorConfiguration configuration = connection.configuration();
        try {
            provider.validate(configuration);
        } catch (ConfigurationException e) {
            out.println("The configuration has " + e.problems().size() + (e.problems().size() == 1 ? " problem:"
                    : " problems:"));
            for (ConfigurationException.Problem problem : e.problems()) {
                out.println("  " + problem.field() + ": " + problem.expected());
            }
            host.err().println("entra-sync: fix " + (e.problems().size() == 1 ? "it" : "them") + " in "
                    + connection.config + " or " + connection.auth + " and run validate again.");
            return EntraSync.CONFIGURATION;
        }
        out.println("The configuration is valid (" + provider.name() + " " + provider.version() + ").");
        if (!online) {
            return EntraSync.OK;
        }
        return TestConnectionCommand.test(host, provider.create(configuration));
    }
}
