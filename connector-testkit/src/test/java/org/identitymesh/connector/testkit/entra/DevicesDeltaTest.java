package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /devices/delta} with the fidelity of the users delta: generated devices that are the same objects group
 * members of type device name, paging, changes, removals, per-collection expiry and faults.
 */
class DevicesDeltaTest {

    private static final String SELECT = "displayName,deviceId,accountEnabled,operatingSystem,isCompliant,isManaged,"
            + "trustType,registrationDateTime";

    private SimulatedEntraTenant tenant;
    private GraphTestClient client;
    private EntraDirectory dir;

    @BeforeEach
    void start() {
        tenant = SimulatedEntraTenant.start(TenantSpec.builder().users(400).groups(40).memberships(2_000)
                .devices(60).build());
        client = new GraphTestClient(tenant);
        dir = tenant.directory();
    }

    @AfterEach
    void stop() {
        tenant.close();
    }

    private static Set<String> keys(JsonNode o) {
        Set<String> s = new HashSet<>();
        o.fieldNames().forEachRemaining(s::add);
        return s;
    }

    @Test
    void generatedDevicesAreTheDevicesGroupsHaveAsMembers() {
        assertEquals(60, dir.deviceCount());
        Set<String> devices = dir.devices().map(ObjectSnapshot::id).collect(Collectors.toSet());
        assertEquals(new HashSet<>(dir.plainObjectIds(MemberType.DEVICE)), devices);
        Set<String> deviceMembers = dir.groups().flatMap(g -> dir.members(g.id()).stream())
                .filter(m -> m.type() == MemberType.DEVICE).map(MemberRef::id).collect(Collectors.toSet());
        assertFalse(deviceMembers.isEmpty(), "the generator puts some devices into groups");
        assertTrue(devices.containsAll(deviceMembers), "every device member is a device object");
        for (ObjectSnapshot d : dir.devices().toList()) {
            assertTrue(d.get("displayName") instanceof String, d.toString());
            assertTrue(d.get("accountEnabled") instanceof Boolean, d.toString());
            assertTrue(d.get("isManaged") instanceof Boolean, d.toString());
            assertTrue(((String) d.get("registrationDateTime")).endsWith("Z"), d.toString());
        }
        EntraDirectory again = new EntraDirectory(DirectoryGenerator.generate(tenant.spec()), Clock.systemUTC());
        assertEquals(dir.devices().toList(), again.devices().toList(), "the same seed gives the same devices");
    }

    @Test
    void theInitialRoundPagesThroughEveryDeviceWithOnlySelectedProperties() {
        GraphTestClient.Round round = client.round(client.graph("/devices/delta?$select=" + SELECT),
                "Prefer", "odata.maxpagesize=25");
        assertEquals(dir.devices().map(ObjectSnapshot::id).toList(),
                round.items().stream().map(i -> i.get("id").asText()).toList());
        assertEquals(3, round.pages().size());
        Set<String> allowed = new HashSet<>(List.of(SELECT.split(",")));
        allowed.add("id");
        for (JsonNode item : round.items()) {
            assertTrue(allowed.containsAll(keys(item)), item.toString());
            ObjectSnapshot device = dir.device(item.get("id").asText()).orElseThrow();
            assertEquals(device.get("displayName"), item.get("displayName").asText());
            assertEquals(device.get("isManaged"), item.get("isManaged").asBoolean());
        }
        assertTrue(round.pages().get(0).get("@odata.context").asText().endsWith("#devices(" + SELECT + ")"));
        assertTrue(round.deltaLink().contains("/v1.0/devices/delta?$deltatoken="), round.deltaLink());
        assertEquals(3, tenant.journal().count(RequestKind.DEVICES_DELTA));
    }

    @Test
    void aDeltaRoundReportsCreatedUpdatedClearedAndDeletedDevices() {
        String link = client.round(client.graph("/devices/delta?$select=" + SELECT)).deltaLink();
        List<ObjectSnapshot> devices = dir.devices().toList();
        String added = dir.addDevice(Map.of("displayName", "KIOSK-LOBBY", "operatingSystem", "Windows"));
        boolean compliant = !Boolean.TRUE.equals(devices.get(0).get("isCompliant"));
        dir.updateDevice(devices.get(0).id(), Map.of("isCompliant", compliant));
        dir.clearDeviceProperty(devices.get(1).id(), "trustType");
        dir.deleteDevice(devices.get(2).id());
        dir.updateDevice(devices.get(3).id(), Map.of("model", "not selected"));

        GraphTestClient.Round round = client.round(link);
        Map<String, JsonNode> got = round.items().stream().collect(Collectors.toMap(i -> i.get("id").asText(),
                i -> i));
        assertEquals(Set.of(added, devices.get(0).id(), devices.get(1).id(), devices.get(2).id()), got.keySet(),
                "a change of a property that is not selected does not report the device");
        assertEquals("KIOSK-LOBBY", got.get(added).get("displayName").asText());
        assertTrue(got.get(added).get("accountEnabled").asBoolean(), "a new device is enabled");
        assertEquals("RegisteredDevice", dir.device(added).orElseThrow().get("profileType"));
        assertEquals(compliant, got.get(devices.get(0).id()).get("isCompliant").asBoolean());
        assertTrue(got.get(devices.get(1).id()).get("trustType").isNull(), "a cleared property is an explicit null");
        assertEquals("deleted", got.get(devices.get(2).id()).at("/@removed/reason").asText(),
                "Entra keeps no deleted devices");
        assertTrue(dir.device(devices.get(2).id()).isEmpty());
        assertThrows(NoSuchElementException.class, () -> dir.deleteDevice(devices.get(2).id()));

        GraphTestClient.Round quiet = client.round(round.deltaLink());
        assertEquals(0, quiet.items().size());
    }

    @Test
    void deletingADeviceRemovesItFromItsGroups() {
        String link = client.round(client.graph("/groups/delta?$select=displayName,members")).deltaLink();
        ObjectSnapshot group = dir.groups().filter(g -> dir.members(g.id()).stream()
                .anyMatch(m -> m.type() == MemberType.DEVICE)).findFirst().orElseThrow();
        String device = dir.members(group.id()).stream().filter(m -> m.type() == MemberType.DEVICE).findFirst()
                .orElseThrow().id();
        dir.deleteDevice(device);
        assertTrue(dir.members(group.id()).stream().noneMatch(m -> m.id().equals(device)));
        JsonNode item = client.round(link).items().stream().filter(i -> i.get("id").asText().equals(group.id()))
                .findFirst().orElseThrow();
        JsonNode removal = item.get("members@delta").get(0);
        assertEquals(device, removal.get("id").asText());
        assertEquals("#microsoft.graph.device", removal.get("@odata.type").asText());
        assertEquals("deleted", removal.at("/@removed/reason").asText());
        assertThrows(NoSuchElementException.class, () -> dir.addMember(group.id(), device, MemberType.DEVICE));
    }

    @Test
    void expiringTheDevicesTokensLeavesUsersAndGroupsWorking() {
        String devices = client.round(client.graph("/devices/delta?$select=displayName")).deltaLink();
        String users = client.round(client.graph("/users/delta?$select=displayName")).deltaLink();
        String groups = client.round(client.graph("/groups/delta?$select=displayName")).deltaLink();
        tenant.settings().expiryResponse(ExpiryResponse.RESYNC_REQUIRED);
        tenant.expireDeltaTokens(RequestKind.DEVICES_DELTA);
        GraphTestClient.Response expired = client.get(devices);
        assertEquals(410, expired.status());
        assertEquals("resyncRequired", expired.errorCode());
        assertEquals(client.graph("/devices/delta?$select=displayName"), expired.header("Location"));
        assertEquals(200, client.get(users).status());
        assertEquals(200, client.get(groups).status());
        assertThrows(IllegalArgumentException.class, () -> tenant.expireDeltaTokens(RequestKind.TOKEN));
    }

    @Test
    void faultsAreInjectedOnTheDevicesDeltaAlone() {
        tenant.faults().inject(RequestKind.DEVICES_DELTA, Fault.throttled(429, "1"));
        assertEquals(200, client.get(client.graph("/users/delta?$select=displayName")).status());
        GraphTestClient.Response throttled = client.get(client.graph("/devices/delta?$select=displayName"));
        assertEquals(429, throttled.status());
        assertEquals("1", throttled.header("Retry-After"));
        assertEquals(200, client.get(client.graph("/devices/delta?$select=displayName")).status());
        assertEquals(1, tenant.journal().faults(RequestKind.DEVICES_DELTA));

        tenant.faults().inject(RequestKind.DEVICES_DELTA, Fault.resyncRequired());
        GraphTestClient.Response resync = client.get(client.graph("/devices/delta?$select=displayName"));
        assertEquals(410, resync.status());
        assertEquals(client.graph("/devices/delta"), resync.header("Location"));
    }

    @Test
    void oneDeviceIsReadByIdAndUnknownPropertiesAreRefused() {
        ObjectSnapshot device = dir.devices().findFirst().orElseThrow();
        GraphTestClient.Response r = client.get(client.graph("/devices/" + device.id()
                + "?$select=displayName,mdmAppId"));
        assertEquals(200, r.status(), r.body());
        assertEquals(device.get("displayName"), r.json().get("displayName").asText());
        assertTrue(r.json().has("mdmAppId"), "a selected property is present, null when never set");
        assertEquals(RequestKind.OBJECT, GraphRouter.classify("GET", "/v1.0/devices/" + device.id()));
        GraphTestClient.Response unknown = client.get(client.graph("/devices/delta?$select=displayName,shoeSize"));
        assertEquals(400, unknown.status());
        GraphTestClient.Response unmodelled = client.get(client.graph("/devices/delta?$select=displayName,"
                + "extensionAttributes"));
        assertEquals(200, unmodelled.status(), "a real property the simulator does not model is accepted");
    }
}
