package org.identitymesh.connector.entra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectionTestResult;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.api.ResyncRequiredException;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.entra.EntraSchema;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.Snapshots;
import org.identitymesh.connector.testkit.entra.EntraDirectory;
import org.identitymesh.connector.testkit.entra.Fault;
import org.identitymesh.connector.testkit.entra.ObjectSnapshot;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Devices ({@code ImportDevices}) against the simulated tenant: their own delta resource and cursor next to users and
 * groups, removals, {@code DeviceSelectionFilter}, a watermark from before devices, faults and expiry.
 */
class DevicesEndToEndTest {

    private static final String DEVICES = "\"ImportDevices\":true,\"PageSize\":20";

    private TenantFixture fixture;
    private HostReplica host;
    private EntraDirectory dir;

    @BeforeEach
    void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().users(150).groups(15).memberships(600).devices(70).build(),
                s -> s.memberSliceSize(40));
        host = new HostReplica(new EntraIdProvider().descriptor());
        dir = fixture.tenant().directory();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private Map<String, Map<String, Map<String, Object>>> expected() {
        return fixture.expectedSnapshot(false, false, true);
    }

    private Map<String, Map<String, Map<String, Object>>> expectedWithDevices(Predicate<ObjectSnapshot> inScope) {
        var expected = expected();
        expected.get(EntraSchema.DEVICE).keySet().retainAll(dir.devices().filter(inScope).map(ObjectSnapshot::id)
                .collect(Collectors.toSet()));
        return expected;
    }

    @Test
    void fullThenDeltaRoundsDeliverCreatedUpdatedAndDeletedDevices() {
        try (Connector connector = fixture.connector(DEVICES)) {
            ImportResult full = host.runImport(connector, ImportRequest.delta(null));
            assertEquals(List.of(), Snapshots.differences(expected(), host.snapshot()));
            ImportResult.TypeResult devices = full.type(EntraSchema.DEVICE).orElseThrow();
            assertEquals(FullRoundReason.FIRST_RUN, devices.fullRoundReason());
            assertEquals(70, devices.upserted());
            assertEquals(4, devices.pages(), "70 devices in pages of 20");
            Object managed = host.object(EntraSchema.DEVICE, dir.devices().findFirst().orElseThrow().id())
                    .orElseThrow().get("isManaged");
            assertTrue(managed instanceof Boolean, "typed as the descriptor declares: " + managed);

            List<ObjectSnapshot> existing = dir.devices().toList();
            String added = dir.addDevice(Map.of("displayName", "KIOSK-LOBBY", "operatingSystem", "Windows",
                    "isManaged", true));
            dir.updateDevice(existing.get(0).id(), Map.of("operatingSystemVersion", "10.0.26100.9999"));
            dir.clearDeviceProperty(existing.get(1).id(), "model");
            dir.deleteDevice(existing.get(2).id());

            List<ChangeRecord> delivered = new ArrayList<>();
            host.beginImport();
            ImportResult delta = connector.importChanges(ImportRequest.delta(full.watermark()), r -> {
                delivered.add(r);
                host.accept(r);
            });
            host.finishImport(delta);
            assertEquals(List.of(), Snapshots.differences(expected(), host.snapshot()));
            assertFalse(delta.type(EntraSchema.DEVICE).orElseThrow().completeSnapshot());
            List<ChangeRecord> deviceRecords = delivered.stream()
                    .filter(r -> r.objectType().equals(EntraSchema.DEVICE)).toList();
            assertEquals(4, deviceRecords.size(), deviceRecords.toString());
            assertTrue(deviceRecords.contains(ChangeRecord.delete(EntraSchema.DEVICE, existing.get(2).id())));
            assertTrue(host.object(EntraSchema.DEVICE, added).isPresent());
            assertFalse(host.object(EntraSchema.DEVICE, existing.get(1).id()).orElseThrow().containsKey("model"));
            // the device left its groups too: those memberships are gone from the host
            assertTrue(host.objects(EntraSchema.GROUP_MEMBER).values().stream()
                    .noneMatch(m -> existing.get(2).id().equals(m.get("memberId"))));

            ImportResult quiet = host.runImport(connector, ImportRequest.delta(delta.watermark()));
            assertEquals(0, quiet.type(EntraSchema.DEVICE).orElseThrow().seen());
            assertEquals(1, quiet.type(EntraSchema.DEVICE).orElseThrow().requests());
        }
    }

    @Test
    void theWatermarkCarriesTheDevicesCursorUnderD() throws Exception {
        try (Connector connector = fixture.connector(DEVICES)) {
            ImportResult full = host.runImport(connector, ImportRequest.full());
            JsonNode watermark = new ObjectMapper().readTree(full.watermark());
            assertTrue(watermark.path("d").asText().startsWith(fixture.tenant().graphEndpoint() + "/v1.0/devices/delta"));
            assertEquals(16, watermark.path("ds").asText().length());
            assertTrue(watermark.has("u") && watermark.has("g"));
        }
    }

    @Test
    void aDeviceSelectionFilterScopesDevicesAndDeletesThoseThatLeave() {
        Predicate<ObjectSnapshot> managed = d -> Boolean.TRUE.equals(d.get("isManaged"));
        try (Connector connector = fixture.connector(DEVICES + ",\"DeviceSelectionFilter\":\"isManaged eq true\"")) {
            ImportResult full = host.runImport(connector, ImportRequest.full());
            assertEquals(List.of(), Snapshots.differences(expectedWithDevices(managed), host.snapshot()));
            assertTrue(full.type(EntraSchema.DEVICE).orElseThrow().filteredOut() > 0, "the generator makes personal "
                    + "devices");

            ObjectSnapshot leaving = dir.devices().filter(managed).findFirst().orElseThrow();
            ObjectSnapshot entering = dir.devices().filter(managed.negate()).findFirst().orElseThrow();
            dir.updateDevice(leaving.id(), Map.of("isManaged", false));
            dir.updateDevice(entering.id(), Map.of("isManaged", true));
            ImportResult delta = host.runImport(connector, ImportRequest.delta(full.watermark()));
            assertEquals(List.of(), Snapshots.differences(expectedWithDevices(managed), host.snapshot()));
            assertEquals(1, delta.type(EntraSchema.DEVICE).orElseThrow().deleted());
            assertTrue(host.object(EntraSchema.DEVICE, leaving.id()).isEmpty());
            assertEquals(entering.get("displayName"),
                    host.object(EntraSchema.DEVICE, entering.id()).orElseThrow().get("displayName"),
                    "a device entering the scope arrives with its attributes");
        }
    }

    @Test
    void aFilterOnAPropertyADeviceLacksLooksTheDeviceUp() {
        Predicate<ObjectSnapshot> mdm = d -> "mdm".equals(d.get("managementType"));
        try (Connector connector = fixture.connector(DEVICES + ",\"DeviceSelectionFilter\":\"managementType eq 'mdm'\"")) {
            ImportResult full = host.runImport(connector, ImportRequest.full());
            assertEquals(List.of(), Snapshots.differences(expectedWithDevices(mdm), host.snapshot()));
            ObjectSnapshot personal = dir.devices().filter(d -> !d.has("managementType")).findFirst().orElseThrow();
            dir.updateDevice(personal.id(), Map.of("displayName", "RENAMED-PHONE"));
            long lookups = fixture.tenant().journal().count(RequestKind.OBJECT);
            ImportResult delta = host.runImport(connector, ImportRequest.delta(full.watermark()));
            assertEquals(lookups + 1, fixture.tenant().journal().count(RequestKind.OBJECT),
                    "managementType was never set, so the delta omits it and the device is read once");
            assertEquals(1, delta.type(EntraSchema.DEVICE).orElseThrow().filteredOut());
            assertEquals(List.of(), Snapshots.differences(expectedWithDevices(mdm), host.snapshot()));
        }
    }

    @Test
    void aWatermarkFromBeforeDevicesKeepsUsersAndGroupsOnTheirDeltaAndReadsDevicesInFull() {
        String before;
        try (Connector connector = fixture.connector("\"PageSize\":20")) {
            before = host.runImport(connector, ImportRequest.full()).watermark();
        }
        String user = dir.users().findFirst().orElseThrow().id();
        dir.updateUser(user, Map.of("department", "Device Lab"));
        try (Connector connector = fixture.connector(DEVICES)) {
            ImportResult result = host.runImport(connector, ImportRequest.delta(before));
            assertTrue(result.type(EntraSchema.USER).orElseThrow().fullRound().isEmpty(), "users stay on their delta");
            assertEquals(1, result.type(EntraSchema.USER).orElseThrow().upserted());
            assertTrue(result.type(EntraSchema.GROUP).orElseThrow().fullRound().isEmpty());
            assertTrue(result.type(EntraSchema.GROUP_MEMBER).orElseThrow().fullRound().isEmpty());
            ImportResult.TypeResult devices = result.type(EntraSchema.DEVICE).orElseThrow();
            assertEquals(FullRoundReason.FIRST_RUN, devices.fullRoundReason(),
                    "a resource the watermark has no cursor for starts from the beginning, as a newly enabled "
                            + "ImportUsers does");
            assertTrue(devices.completeSnapshot());
            assertEquals(List.of(), Snapshots.differences(expected(), host.snapshot()));

            ImportResult next = host.runImport(connector, ImportRequest.delta(result.watermark()));
            assertTrue(next.type(EntraSchema.DEVICE).orElseThrow().fullRound().isEmpty(), "then devices follow "
                    + "their own cursor");
        }
        try (Connector connector = fixture.connector("\"PageSize\":20")) {
            ImportResult withoutDevices = host.runImport(connector, ImportRequest.delta(before));
            assertTrue(withoutDevices.type(EntraSchema.DEVICE).isEmpty(), "without ImportDevices nothing of devices");
        }
    }

    @Test
    void aThrottledDevicesPageIsRetriedAndCountedForDevices() {
        fixture.tenant().faults().inject(RequestKind.DEVICES_DELTA, Fault.throttled(429, "0.1"));
        fixture.tenant().faults().inject(RequestKind.DEVICES_DELTA, Fault.throttled(503));
        try (Connector connector = fixture.connector(DEVICES)) {
            ImportResult result = host.runImport(connector, ImportRequest.full());
            assertEquals(List.of(), Snapshots.differences(expected(), host.snapshot()));
            assertEquals(2, result.type(EntraSchema.DEVICE).orElseThrow().retries());
            assertEquals(0, result.type(EntraSchema.USER).orElseThrow().retries());
            assertEquals(2, fixture.tenant().journal().faults(RequestKind.DEVICES_DELTA));
        }
    }

    @Test
    void anExpiredDevicesCursorAloneResyncsDevicesOnly() {
        try (Connector resync = fixture.connector(DEVICES);
                Connector strict = fixture.connector(DEVICES + ",\"OnExpiredDelta\":\"Fail\"")) {
            ImportResult first = host.runImport(resync, ImportRequest.full());
            dir.deleteDevice(dir.devices().findFirst().orElseThrow().id());
            fixture.tenant().expireDeltaTokens(RequestKind.DEVICES_DELTA);

            ResyncRequiredException e = assertThrows(ResyncRequiredException.class,
                    () -> strict.importChanges(ImportRequest.delta(first.watermark()), r -> { }));
            assertEquals(EntraSchema.DEVICE, e.objectType());

            ImportResult resynced = host.runImport(resync, ImportRequest.delta(first.watermark()));
            assertEquals(FullRoundReason.DELTA_EXPIRED, resynced.type(EntraSchema.DEVICE).orElseThrow()
                    .fullRoundReason());
            assertTrue(resynced.type(EntraSchema.USER).orElseThrow().fullRound().isEmpty());
            assertTrue(resynced.type(EntraSchema.GROUP).orElseThrow().fullRound().isEmpty());
            assertEquals(List.of(), Snapshots.differences(expected(), host.snapshot()),
                    "the full round's snapshot removes the device deleted meanwhile");
        }
    }

    @Test
    void theConnectionTestChecksDevicesOnlyWhenTheyAreImported() {
        try (Connector without = fixture.connector("");
                Connector with = fixture.connector(DEVICES)) {
            assertTrue(without.testConnection().steps().stream()
                    .noneMatch(s -> s.name().contains("Device.Read.All")));
            ConnectionTestResult ok = with.testConnection();
            assertTrue(ok.steps().stream().anyMatch(s -> s.name().equals("read devices (Device.Read.All)")
                    && s.status() == ConnectionTestResult.Status.PASSED), ok.toString());

            fixture.tenant().faults().inject(RequestKind.DEVICES_DELTA, Fault.authorizationDenied());
            ConnectionTestResult denied = with.testConnection();
            ConnectionTestResult.Step step = denied.steps().get(denied.steps().size() - 1);
            assertEquals(ConnectionTestResult.Status.FAILED, step.status(), denied.toString());
            assertTrue(step.message().contains("Device.Read.All"), step.message());
        }
    }

    @Test
    void aDeviceFilterWithoutImportDevicesIsRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> fixture.connector("\"DeviceSelectionFilter\":\"isManaged eq true\""));
        assertTrue(e.problems().stream().anyMatch(p -> p.field().equals("ConfigJson.DeviceSelectionFilter")),
                e.getMessage());
        ConfigurationException nothing = assertThrows(ConfigurationException.class,
                () -> fixture.connector("\"ImportUsers\":false,\"ImportGroups\":false"));
        assertTrue(nothing.getMessage().contains("ImportDevices"), nothing.getMessage());
        try (Connector devicesOnly = fixture.connector("\"ImportUsers\":false,\"ImportGroups\":false,"
                + "\"ImportDevices\":true")) {
            ImportResult result = host.runImport(devicesOnly, ImportRequest.full());
            assertEquals(List.of(EntraSchema.DEVICE), List.copyOf(result.types().keySet()));
        }
    }
}
