/**
 * A simulated Microsoft Entra tenant for tests and benchmarks: {@link
 * org.identitymesh.connector.testkit.entra.SimulatedEntraTenant} serves the client-credentials token endpoint and
 * Microsoft Graph v1.0 {@code /users/delta}, {@code /groups/delta}, {@code /groups/{id}/members} and
 * {@code $batch} over loopback HTTPS, from a deterministic generated directory ({@link
 * org.identitymesh.connector.testkit.entra.TenantSpec}) that tests change through {@link
 * org.identitymesh.connector.testkit.entra.EntraDirectory}, with {@link
 * org.identitymesh.connector.testkit.entra.FaultInjector fault injection} and a {@link
 * org.identitymesh.connector.testkit.entra.RequestJournal request journal}.
 */
package org.identitymesh.connector.testkit.entra;
