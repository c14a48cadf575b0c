package org.identitymesh.connector.entra.delta;

import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.entra.config.EntraConfig;
import org.identitymesh.connector.entra.graph.GraphClient;

/**
 * What a {@link DeltaResource} needs from the import it serves.
 *
 * @param config       the connector configuration
 * @param graph        the Graph client
 * @param cancellation the host's cancellation, for the reads a resource makes on the importing thread
 * @param delivery     where records and progress go
 */
public record ImportContext(EntraConfig config, GraphClient graph, Cancellation cancellation, Delivery delivery) {
}
