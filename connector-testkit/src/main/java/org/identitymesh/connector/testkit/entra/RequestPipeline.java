package org.identitymesh.connector.testkit.entra;

import java.time.Duration;

/**
 * What happens to a request once it is known whose it is (a tenant's, or the server's when no tenant can be told):
 * it is recorded in the journal, waits for the injected latency (Graph requests), takes an injected fault if one is
 * queued for its kind, and is otherwise answered by the endpoints.
 */
final class RequestPipeline {

    /** Answers a request of a kind. */
    interface Endpoints {
        SimResponse route(RequestKind kind, SimRequest r);
    }

    private final RequestJournal journal;
    private final FaultInjector faults;
    private final FaultResponses faultResponses;
    private final Endpoints endpoints;

    RequestPipeline(RequestJournal journal, FaultInjector faults, FaultResponses faultResponses, Endpoints endpoints) {
        this.journal = journal;
        this.faults = faults;
        this.faultResponses = faultResponses;
        this.endpoints = endpoints;
    }

    SimResponse serve(RequestKind kind, SimRequest r) {
        journal.recordRequest(kind);
        if (kind.isGraph()) {
            sleep(faults.effectiveLatency());
        }
        Fault fault = faults.take(kind, false);
        if (fault != null) {
            journal.recordFault(kind);
            return faultResponses.render(fault, kind, r, () -> endpoints.route(kind, r));
        }
        return endpoints.route(kind, r);
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
