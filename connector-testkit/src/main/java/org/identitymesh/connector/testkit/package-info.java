/**
 * What connector authors and hosts test with.
 *
 * <ul>
 *   <li>{@link org.identitymesh.connector.testkit.ConnectorContractSuite}: the connector contract as JUnit 5 tests.
 *       Extend it and implement {@code fixture()} to return a
 *       {@link org.identitymesh.connector.testkit.ContractFixture}: how to configure the connector for a test
 *       environment, what the environment holds, and {@link org.identitymesh.connector.testkit.Mutations} that
 *       change it without the connector, so that read-only connectors get their delta behaviour checked.</li>
 *   <li>{@link org.identitymesh.connector.testkit.HostReplica}: what a host does with the records of imports,
 *       with the SPI's exact semantics, for any test that needs to know what a host would hold.</li>
 *   <li>{@link org.identitymesh.connector.testkit.memory}: the {@code InMemory} example connector.</li>
 * </ul>
 */
package org.identitymesh.connector.testkit;
