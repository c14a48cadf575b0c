package org.identitymesh.connector.testkit;

import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectorConfiguration;

/**
 * A configuration a connector must refuse, and the field its {@link ConfigurationException} must name.
 *
 * @param description   what is wrong, shown when the check fails, for example {@code PageSize is zero}
 * @param configuration the configuration
 * @param expectedField the {@linkplain ConfigurationException.Problem#field() field path} one of the problems must
 *                      name, for example {@code ConfigJson.PageSize}, or the document alone ({@code AuthJson})
 */
public record InvalidConfiguration(String description, ConnectorConfiguration configuration, String expectedField) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException when a component is missing
     */
    public InvalidConfiguration {
        if (description == null || description.isBlank() || configuration == null || expectedField == null
                || expectedField.isBlank()) {
            throw new IllegalArgumentException("an InvalidConfiguration needs a description, a configuration and "
                    + "the field the problem must name");
        }
    }

    /** The description and the expected field, never the configuration's documents. */
    @Override
    public String toString() {
        return description + " (expects a problem naming " + expectedField + ")";
    }
}
