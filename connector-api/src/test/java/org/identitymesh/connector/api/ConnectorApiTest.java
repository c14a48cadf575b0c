package org.identitymesh.connector.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectorApiTest {

    @ParameterizedTest
    @ValueSource(strings = {"1.0", " 1.0 "})
    void acceptsTheSameMajorWithAnOlderOrEqualMinor(String version) {
        assertTrue(ConnectorApi.isCompatible(version));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "1", "1.1", "2.0", "0.9", "1.0.0", "one.zero", "1.x"})
    void refusesOtherMajorsNewerMinorsAndGarbage(String version) {
        assertFalse(ConnectorApi.isCompatible(version));
    }
}
