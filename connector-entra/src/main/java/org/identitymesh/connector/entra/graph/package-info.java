/**
 * Access to Microsoft Graph, in the order a request takes: {@link org.identitymesh.connector.entra.graph.GraphLinks}
 * guards the link, {@link org.identitymesh.connector.entra.graph.RetryPolicy} repeats what is worth repeating, the
 * sign-in signs in again after a refused token, the transport sends the request once and classifies the answer, and
 * a final failure becomes one of the SPI's exceptions. {@link org.identitymesh.connector.entra.graph.GraphClient} is
 * the facade the rest of the connector uses.
 */
package org.identitymesh.connector.entra.graph;
