package org.identitymesh.connector.samples;

import java.util.concurrent.Callable;
import org.identitymesh.connector.api.ConnectionTestResult;
import org.identitymesh.connector.api.Connector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code entra-sync test-connection}: sign in and read a little, step by step. */
@Command(name = "test-connection", mixinStandardHelpOptions = true, sortOptions = true,
        description = {"Signs in and reads one page of each object type, naming the step that fails and its fix "
                + "(the same as validate --online).", ""})
final class TestConnectionCommand implements Callable<Integer> {

    @ParentCommand
    private EntraSync host;

    @Mixin
    private ConnectorOptions connection;

    @Override
    public Integer call() throws FileProblem {
        return test(host, host.open(connection));
    }

    /** Runs the connection test, prints its steps, closes the connector. */
    static int test(EntraSync host, Connector opened) {
        try (Connector connector = opened) {
            ConnectionTestResult result = connector.testConnection();
            for (ConnectionTestResult.Step step : result.steps()) {
                host.out().printf("  %-7s %s: %s%s%n", step.status(), step.name(), step.message(),
                        step.diagnosticId() == null ? "" : " (request-id " + step.diagnosticId() + ")");
            }
            if (!result.successful()) {
                host.err().println("entra-sync: the connection test failed at \"" + result.firstFailure().map(
                        ConnectionTestResult.Step::name).orElse("?") + "\"; fix what its line says and run it again.");
                return EntraSync.TEST_FAILED;
            }
            host.out().println("Connection test passed.");
            return EntraSync.OK;
        }
    }
}
