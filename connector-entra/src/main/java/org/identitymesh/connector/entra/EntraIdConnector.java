package org.identitymesh.connector.entra;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.identitymesh.connector.api.Capability;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.ConnectionTestResult;
import org.identitymesh.connector.api.ConnectionTestResult.Step;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorException;
import org.identitymesh.connector.api.ExportResult;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.UnsupportedCapabilityException;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.entra.config.EntraSettings;
import org.identitymesh.connector.entra.graph.GraphClient;
import org.identitymesh.connector.entra.graph.RequestObserver;
import org.identitymesh.connector.entra.graph.SharedHttp;
import org.identitymesh.connector.entra.imports.ImportRun;

/**
 * A connection to one Entra tenant. Creating it does no I/O and resolves no secret; the Graph client (this tenant's
 * credential with its token cache, over the connections and threads that the provider's connectors share) is built on
 * first use and reused until {@link #close()}.
 */
public final class EntraIdConnector implements Connector {

    private final EntraSettings settings;
    private final SecretResolver resolver;
    private final Clock clock;
    private final SharedHttp http;
    private GraphClient graph;

    EntraIdConnector(EntraSettings settings, SecretResolver resolver, Clock clock, SharedHttp http) {
        this.settings = settings;
        this.resolver = resolver;
        this.clock = clock;
        this.http = http;
    }

    /**
     * Imports users, groups with their memberships (and owners) and devices, as configured, their pages interleaved;
     * see the connector's documentation for the records and their attributes.
     */
    @Override
    public ImportResult importChanges(ImportRequest request, ChangeSink sink) {
        if (request == null || sink == null) {
            throw new IllegalArgumentException("importChanges needs a request and a sink, found "
                    + (request == null ? "no request" : "no sink"));
        }
        return new ImportRun(settings.config(), graph(), request, sink, clock, http.fetchThreads()).run();
    }

    /**
     * Signs in, then reads one delta page of users and of groups with their members (and owners, with
     * {@code ImportGroupOwners}), and with {@code ImportDevices} one of devices.
     */
    @Override
    public ConnectionTestResult testConnection() {
        List<Step> steps = new ArrayList<>();
        String root = settings.config().graphV1();
        List<String[]> probes = new ArrayList<>(List.of(
            new String[] {"sign in", null},
            new String[] {"read users (User.Read.All)", root + "/users/delta?$select=id&$deltatoken=latest"},
            new String[] {"read groups and members (Group.Read.All, GroupMember.Read.All)",
                root + "/groups/delta?$select=id,members" + (settings.config().importGroupOwners() ? ",owners" : "")
                        + "&$deltatoken=latest"}));
        if (settings.config().importDevices()) {
            probes.add(new String[] {"read devices (Device.Read.All)",
                root + "/devices/delta?$select=id&$deltatoken=latest"});
        }
        boolean failed = false;
        for (String[] probe : probes) {
            if (failed) {
                steps.add(Step.skipped(probe[0]));
                continue;
            }
            try {
                GraphClient client = graph();
                if (probe[1] == null) {
                    client.signIn();
                    steps.add(Step.passed(probe[0], "got an access token for " + settings.config().graphEndpoint()));
                } else {
                    client.get(probe[1], null, body -> {
                        body.transferTo(java.io.OutputStream.nullOutputStream());
                        return Boolean.TRUE;
                    }, RequestObserver.NONE, org.identitymesh.connector.api.Cancellation.create());
                    steps.add(Step.passed(probe[0], "Graph answered"));
                }
            } catch (ConnectorException e) {
                steps.add(Step.failed(probe[0], e.getMessage(), e.diagnosticId().orElse(null)));
                failed = true;
            }
        }
        return new ConnectionTestResult(steps);
    }

    /** Write-back is not part of this version: always throws, and changes nothing. */
    @Override
    public ExportResult export(List<ChangeRecord> changes) {
        throw new UnsupportedCapabilityException(Capability.EXPORT, "The Entra ID connector does not write back to "
                + "Entra ID yet (export is planned for phase 2); nothing was changed.");
    }

    private synchronized GraphClient graph() {
        if (graph == null) {
            graph = GraphClient.create(settings.config(), settings.auth(), resolver, clock, http);
        }
        return graph;
    }

    /**
     * How many access tokens this connector acquired so far, for tests and diagnostics.
     *
     * @return the count; 0 before the first request
     */
    public synchronized long tokenAcquisitions() {
        return graph == null ? 0 : graph.tokenAcquisitions();
    }

    /** Drops this tenant's credential and token; the connections it used stay with the provider's other connectors. */
    @Override
    public synchronized void close() {
        graph = null;
    }

    /** Names the tenant and cloud, nothing secret. */
    @Override
    public String toString() {
        return "EntraIdConnector[tenant=" + settings.config().tenantId() + ", cloud=" + settings.config().cloud()
                + ", auth=" + Objects.requireNonNull(settings.auth()).getClass().getSimpleName() + "]";
    }
}
