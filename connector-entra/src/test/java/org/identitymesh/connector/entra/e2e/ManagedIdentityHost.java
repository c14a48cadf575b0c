package org.identitymesh.connector.entra.e2e;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.identitymesh.connector.api.ConnectionTestResult;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorException;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.secret.SecretResolvers;
import org.identitymesh.connector.entra.EntraIdConnector;

/**
 * A minimal host in its own JVM, for what only the process environment configures: MSAL4J finds the managed
 * identity endpoint in {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER} of the process ({@code System.getenv}),
 * which a test cannot set in its own JVM. {@link ForkedHost} starts it with the environment set.
 *
 * <p>Environment: {@code ENTRA_CONFIG_JSON}, {@code ENTRA_AUTH_JSON_0}, {@code ENTRA_AUTH_JSON_1}, ... (one connector
 * each, created on first use), and whatever the documents' {@code env:} references name. Commands on standard input,
 * one a line: {@code import N} (a full import with connector N), {@code test N} (its connection test),
 * {@code quit}. Each command answers one line on standard output starting {@code RESULT }: {@code ok users=U groups=G
 * members=M tokens=T}, {@code failed <exception class> <message>}, or for a test {@code ok} or {@code failed <step
 * message>}. Everything else (library output) goes to standard error.
 */
public final class ManagedIdentityHost {

    /** The prefix of every answer. */
    static final String RESULT = "RESULT ";

    private ManagedIdentityHost() {
    }

    /**
     * Runs until {@code quit} or the end of standard input.
     *
     * @param args none
     * @throws Exception when standard input fails
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Map<Integer, Connector> connectors = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                String[] command = line.trim().split(" ");
                if (command.length != 2) {
                    out.println(RESULT + "failed IllegalArgumentException unknown command " + line);
                    continue;
                }
                Connector connector = connectors.computeIfAbsent(Integer.parseInt(command[1]),
                        n -> ConnectorProviders.discover().require("EntraId").create(ConnectorConfiguration.of(
                                System.getenv("ENTRA_CONFIG_JSON"), System.getenv("ENTRA_AUTH_JSON_" + n),
                                SecretResolvers.environment())));
                out.println(RESULT + (command[0].equals("test") ? test(connector) : importOnce(connector)));
            }
        } finally {
            for (Connector c : connectors.values()) {
                c.close();
            }
        }
    }

    private static String importOnce(Connector connector) {
        try {
            ImportResult r = connector.importChanges(ImportRequest.full(), record -> { });
            return "ok users=" + r.type("User").orElseThrow().upserted() + " groups="
                    + r.type("Group").orElseThrow().upserted() + " members="
                    + r.type("GroupMember").orElseThrow().upserted() + " tokens="
                    + ((EntraIdConnector) connector).tokenAcquisitions();
        } catch (ConnectorException e) {
            return "failed " + e.getClass().getSimpleName() + " " + oneLine(e.getMessage());
        }
    }

    private static String test(Connector connector) {
        ConnectionTestResult t = connector.testConnection();
        return t.successful() ? "ok" : "failed " + oneLine(t.firstFailure().map(s -> s.name() + ": " + s.message())
                .orElse("?"));
    }

    private static String oneLine(String text) {
        return String.valueOf(text).replace('\r', ' ').replace('\n', ' ');
    }
}
