/**
 * What every Graph delta resource shares: the page parser, the {@link org.identitymesh.connector.entra.delta.DeltaChain}
 * that follows one round's links on a fetch thread, the events it hands to the importing thread, and the
 * {@link org.identitymesh.connector.entra.delta.DeltaResource} base that turns a resource's pages into records.
 */
package org.identitymesh.connector.entra.delta;
