package org.identitymesh.connector.testkit.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ProgressListener;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.api.secret.SecretResolvers;
import org.identitymesh.connector.testkit.HostReplica;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the InMemory connector does beyond the generic contract. */
class InMemoryConnectorTest {

    private final String key = "key-" + UUID.randomUUID();
    private final InMemoryConnectorProvider provider = new InMemoryConnectorProvider();
    private InMemoryDirectory directory;
    private Connector connector;

    @BeforeEach
    void seed() {
        directory = InMemoryDirectory.create("unit-" + UUID.randomUUID(), key);
        directory.putUser("ann", Map.of("displayName", "Ann"));
        directory.putUser("ben", Map.of("displayName", "Ben"));
        directory.putGroup("staff", Map.of("displayName", "Staff"));
        directory.addMember("staff", "ann");
        directory.addMember("staff", "ben");
        connector = provider.create(configuration("{\"Directory\": \"" + directory.name() + "\", \"PageSize\": 1}",
                "{\"ApiKey\": \"env:KEY\"}"));
    }

    @AfterEach
    void close() {
        connector.close();
        directory.close();
    }

    @Test
    void everyConfigurationProblemIsListedAtOnceWithoutEchoingAPastedKey() {
        ConnectorConfiguration wrong = configuration("{\"Directory\": \"no spaces\", \"PageSize\": 0, \"Colour\": 1}",
                "{\"ApiKey\": \"pasted-secret-value\"}");

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> provider.validate(wrong));

        assertEquals(Set.of("ConfigJson.Directory", "ConfigJson.PageSize", "ConfigJson.Colour", "AuthJson.ApiKey"),
                e.problems().stream().map(ConfigurationException.Problem::field).collect(Collectors.toSet()));
        assertFalse(e.getMessage().contains("pasted-secret-value"), e.getMessage());
    }

    @Test
    void deletingAUserDeliversTheEndOfEachOfItsMemberships() {
        String watermark = connector.importChanges(ImportRequest.full(), record -> { }).watermark();
        directory.deleteUser("ann");

        assertEquals(List.of("DELETE GroupMember staff:ann", "DELETE User ann"), delta(watermark));
    }

    @Test
    void deletingAGroupDeliversOnlyItsDeletionAndTheHostRemovesItsMemberships() {
        HostReplica replica = new HostReplica(provider.descriptor());
        String watermark = replica.runImport(connector, ImportRequest.full()).watermark();
        directory.deleteGroup("staff");

        assertEquals(List.of("DELETE Group staff"), delta(watermark));
        replica.runImport(connector, ImportRequest.delta(watermark));
        assertEquals(directory.snapshot(), replica.snapshot());
    }

    @Test
    void aFullImportThroughTheReplicaPrunesWhatNoLongerExists() {
        HostReplica replica = new HostReplica(provider.descriptor());
        replica.runImport(connector, ImportRequest.full());
        directory.deleteUser("ben");

        replica.runImport(connector, ImportRequest.full());

        assertEquals(directory.snapshot(), replica.snapshot());
    }

    @Test
    void aWatermarkAheadOfARecreatedDirectoryIsRejected() {
        String watermark = connector.importChanges(ImportRequest.full(), record -> { }).watermark();
        directory.close();
        directory = InMemoryDirectory.create(directory.name(), key);

        assertThrows(WatermarkRejectedException.class,
                () -> connector.importChanges(ImportRequest.delta(watermark), record -> { }));
    }

    @Test
    void aFailingProgressListenerDoesNotStopTheImport() {
        ProgressListener failing = new ProgressListener() {
            @Override
            public void pageDelivered(String objectType, long pageNumber, int objects, long totalSoFar) {
                throw new IllegalStateException("listener failure");
            }

            @Override
            public void roundFinished(ImportResult.TypeResult result) {
                throw new IllegalStateException("listener failure");
            }
        };
        List<ChangeRecord> records = new ArrayList<>();

        connector.importChanges(ImportRequest.full().withProgressListener(failing), records::add);

        assertEquals(5, records.size());
    }

    @Test
    void theDirectoryRefusesAttributesTheDescriptorDoesNotDeclare() {
        assertThrows(IllegalArgumentException.class, () -> directory.putUser("cy", Map.of("shoeSize", 42L)));
        assertThrows(IllegalArgumentException.class, () -> directory.putUser("cy", Map.of("accountEnabled", "yes")));
        assertThrows(IllegalArgumentException.class, () -> directory.addMember("staff", "nobody"));
    }

    private List<String> delta(String watermark) {
        List<String> delivered = new ArrayList<>();
        connector.importChanges(ImportRequest.delta(watermark),
                record -> delivered.add(record.operation() + " " + record.objectType() + " " + record.externalId()));
        return delivered;
    }

    private ConnectorConfiguration configuration(String configJson, String authJson) {
        return ConnectorConfiguration.of(configJson, authJson, SecretResolvers.environment(name -> key));
    }
}
