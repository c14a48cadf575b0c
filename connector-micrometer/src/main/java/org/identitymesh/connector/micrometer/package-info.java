/**
 * Micrometer meters for imports, as an optional adapter over the SPI's
 * {@link org.identitymesh.connector.api.ProgressListener} and {@link org.identitymesh.connector.api.ImportResult}:
 * the connectors themselves depend on no metrics library. Start with {@link org.identitymesh.connector.micrometer.ImportMetrics}.
 */
package org.identitymesh.connector.micrometer;
