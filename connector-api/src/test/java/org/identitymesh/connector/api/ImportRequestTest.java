package org.identitymesh.connector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportRequestTest {

    @Test
    void anEmptyWatermarkMeansAFirstRun() {
        assertTrue(ImportRequest.delta("").watermark().isEmpty());
        assertTrue(ImportRequest.delta(null).watermark().isEmpty());
        assertEquals("w", ImportRequest.delta("w").watermark().orElseThrow());
    }

    @Test
    void neverShowsTheWatermark() {
        ImportRequest request = ImportRequest.delta("https://graph/users/delta?$deltatoken=SECRETISH");
        assertFalse(request.toString().contains("SECRETISH"), request.toString());
        ImportResult result = new ImportResult("SECRETISH", Map.of(), Duration.ofSeconds(1));
        assertFalse(result.toString().contains("SECRETISH"), result.toString());
    }

    @Test
    void cancellationIsSeenAndThrowsTheTypedException() {
        Cancellation cancellation = Cancellation.create();
        ImportRequest request = ImportRequest.full().withCancellation(cancellation);
        assertFalse(request.cancellation().isCancelled());
        cancellation.cancel();
        assertTrue(request.cancellation().isCancelled());
        assertThrows(ImportCancelledException.class, request.cancellation()::throwIfCancelled);
    }

    @Test
    void anInterruptedThreadCountsAsCancelled() {
        Cancellation cancellation = Cancellation.create();
        Thread.currentThread().interrupt();
        try {
            assertTrue(cancellation.isCancelled());
        } finally {
            Thread.interrupted();
        }
        assertFalse(cancellation.isCancelled());
    }

    @Test
    void aResultNeedsAWatermark() {
        assertThrows(IllegalArgumentException.class, () -> new ImportResult("", Map.of(), null));
    }

    @Test
    void configurationExceptionListsEveryProblem() {
        ConfigurationException e = new ConfigurationException(List.of(
                new ConfigurationException.Problem("ConfigJson.TenantId", "a tenant id, found nothing"),
                new ConfigurationException.Problem("ConfigJson.PageSize", "an integer from 1 to 999, found \"x\"")));
        assertEquals("Invalid configuration (2 problems): ConfigJson.TenantId: a tenant id, found nothing; "
                + "ConfigJson.PageSize: an integer from 1 to 999, found \"x\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConfigurationException(List.of()));
    }

    @Test
    void configurationToStringHidesTheDocuments() {
        ConnectorConfiguration configuration = ConnectorConfiguration.of("{\"TenantId\":\"t\"}",
                "{\"ClientSecret\":\"plain-secret\"}");
        assertFalse(configuration.toString().contains("plain-secret"), configuration.toString());
    }
}
