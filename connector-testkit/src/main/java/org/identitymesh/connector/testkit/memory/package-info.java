/**
 * The {@code InMemory} connector: a small but complete connector over an
 * {@link org.identitymesh.connector.testkit.memory.InMemoryDirectory}, written as the example to read when learning
 * the SPI, and the connector the contract suite proves itself against.
 *
 * <p>Read it in the order the data flows: {@code InMemorySettings} (both documents, every problem at once, secret
 * references never echoed), {@code InMemoryConnector} (sign-in with a freshly resolved key, page loop, sink,
 * cancellation, result) and {@code InMemoryWatermark} (versioned, bound to the directory, checksummed).
 */
package org.identitymesh.connector.testkit.memory;
