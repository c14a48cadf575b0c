package org.identitymesh.connector.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.testkit.entra.Deletion;
import org.identitymesh.connector.testkit.entra.EntraDirectory;
import org.identitymesh.connector.testkit.entra.MemberRef;
import org.identitymesh.connector.testkit.entra.MemberType;
import org.identitymesh.connector.testkit.entra.ObjectSnapshot;
import org.identitymesh.connector.testkit.entra.SimulatedEntraTenant;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code entra-sync demo}: the whole host cycle with no credentials and no network. Starts the testkit's simulated
 * Entra tenant on loopback HTTPS, writes the configuration files an operator would (the client secret behind a
 * {@code secret://} reference in a secrets file), runs a full import, changes the tenant, runs a delta import, and
 * prints both summaries. With {@code --devices-and-owners} it also imports devices and group owners, changes some of
 * each, and prints the device and owner rows of the delta import.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a simulated Entra tenant on loopback HTTPS, runs a full import, changes the tenant and "
                + "runs a delta import. Needs no credentials and no network."})
final class Demo implements Callable<Integer> {

    @ParentCommand
    private EntraSync host;

    @Spec
    private CommandSpec spec;

    @Option(names = "--users", defaultValue = "2000", description = "users in the tenant (default: ${DEFAULT-VALUE})")
    private int users;

    @Option(names = "--groups", defaultValue = "200", description = "groups (default: ${DEFAULT-VALUE})")
    private int groups;

    @Option(names = "--devices-and-owners", description = "also import devices (ImportDevices) and group owners "
            + "(ImportGroupOwners), change some of each, and print their rows from the delta import")
    private boolean devicesAndOwners;

    @Override
    public Integer call() throws IOException, FileProblem {
        PrintStream out = host.out();
        if (users < 10 || groups < 2) {
            throw new ParameterException(spec.commandLine(), "the demo needs at least 10 users and 2 groups");
        }
        TenantSpec spec = TenantSpec.builder().users(users).groups(groups).memberships(users * 5).largeGroups(1)
                .largeGroupSize(Math.max(5, users / 4)).build();
        Path dir = Files.createTempDirectory("entra-sync-demo");
        out.printf("Starting a simulated Entra tenant with %,d users and %,d groups%s on loopback HTTPS...%n",
                users, groups, devicesAndOwners ? String.format(Locale.ROOT, " (and %,d devices)", spec.devices())
                        : "");
        try (SimulatedEntraTenant tenant = SimulatedEntraTenant.start(spec)) {
            Path config = dir.resolve("config.json");
            Path auth = dir.resolve("auth.json");
            Path secrets = dir.resolve("secrets.json");
            Path trust = dir.resolve("tenant-truststore.p12");
            Path state = dir.resolve("watermark");
            tenant.writeTrustStore(trust, "demo-trust".toCharArray());
            Files.writeString(config, "{\n  \"TenantId\": \"" + tenant.tenantId() + "\",\n  \"Cloud\": \"Custom\",\n"
                    + "  \"GraphEndpoint\": \"" + tenant.graphEndpoint() + "\",\n  \"AuthorityHost\": \""
                    + tenant.authorityHost() + "\",\n  \"TrustStorePath\": \"" + jsonEscape(trust.toString()) + "\",\n"
                    + "  \"TrustStorePassword\": \"secret://demo/truststore\",\n  \"ImportManager\": true"
                    + (devicesAndOwners ? ",\n  \"ImportDevices\": true,\n  \"ImportGroupOwners\": true" : "") + "\n}\n",
                    StandardCharsets.UTF_8);
            Files.writeString(auth, "{\n  \"Mode\": \"ClientSecret\",\n  \"ClientId\": \"" + tenant.clientId()
                    + "\",\n  \"ClientSecret\": \"secret://demo/clientsecret\"\n}\n", StandardCharsets.UTF_8);
            Files.writeString(secrets, "{\"demo/clientsecret\": \"" + jsonEscape(tenant.clientSecret())
                    + "\", \"demo/truststore\": \"demo-trust\"}\n", StandardCharsets.UTF_8);
            out.println("Configuration written to " + dir + " (config.json, auth.json, secrets.json)");
            out.println();

            WatermarkFile watermark = new WatermarkFile(state);
            try (Connector connector = host.connector(config, auth, secrets, null, "EntraId")) {
                ImportResult full = host.importOnce(connector, false, watermark, dir.resolve("changes-full.jsonl"));
                host.lastReport().printSummary("Full import (first run, no watermark yet)", full, out);
                out.println();

                String changed = change(tenant.directory());
                if (devicesAndOwners) {
                    changed += "; " + changeDevicesAndOwners(tenant.directory());
                }
                out.println("Changed the tenant: " + changed);
                out.println();

                ImportResult delta = host.importOnce(connector, false, watermark, dir.resolve("changes-delta.jsonl"));
                host.lastReport().printSummary("Delta import (from the stored watermark)", delta, out);
                if (devicesAndOwners) {
                    out.println();
                    printRows(dir.resolve("changes-delta.jsonl"), List.of("Device", "GroupOwner"), out);
                }
            }
            out.println();
            out.println("Changes: " + dir.resolve("changes-full.jsonl") + ", " + dir.resolve("changes-delta.jsonl"));
            out.println("Watermark: " + state);
            out.println("(the folder is kept for you to look at; the simulated tenant is gone)");
            return EntraSync.OK;
        }
    }

    /** A few changes of every kind, described for the reader. */
    private static String change(EntraDirectory directory) {
        ObjectSnapshot first = directory.users().findFirst().orElseThrow();
        // clearing a phone that a user does not have changes nothing, and Graph's delta would not show it
        ObjectSnapshot second = directory.users().skip(1).filter(u -> u.get("mobilePhone") != null).findFirst()
                .orElseThrow(() -> new IllegalStateException("the demo tenant has no user with a mobile phone"));
        ObjectSnapshot third = directory.users().skip(1).filter(u -> !u.id().equals(second.id())).findFirst()
                .orElseThrow();
        long reports = directory.users().filter(u -> third.id().equals(u.get("manager"))).count();
        ObjectSnapshot group = directory.groups().findFirst().orElseThrow();
        String added = directory.addUser(Map.of("displayName", "Zoë Ångström", "givenName", "Zoë", "surname",
                "Ångström", "userPrincipalName", "zoe.angstrom@demo.example", "accountEnabled", true,
                "userType", "Member", "department", "Cartography"));
        directory.updateUser(first.id(), Map.of("jobTitle", "Head of Cartography"));
        directory.clearUserProperty(second.id(), "mobilePhone");
        directory.deleteUser(third.id(), Deletion.SOFT);
        directory.addMember(group.id(), added, MemberType.USER);
        MemberRef leaving = directory.members(group.id()).get(0);
        directory.removeMember(group.id(), leaving);
        return "1 user added, 1 job title changed, 1 mobile phone cleared, 1 user deleted (and with it the manager of "
                + "the " + reports + " users who reported to it), 1 member added to and 1 removed from group \""
                + group.get("displayName") + "\"";
    }

    /** A device added, one changed and one deleted; an owner added to a group and one removed from another. */
    private static String changeDevicesAndOwners(EntraDirectory directory) {
        List<ObjectSnapshot> devices = directory.devices().limit(2).toList();
        directory.addDevice(Map.of("displayName", "KIOSK-LOBBY-01", "operatingSystem", "Windows",
                "operatingSystemVersion", "10.0.26100.2314", "trustType", "AzureAd", "isManaged", true,
                "isCompliant", true, "deviceOwnership", "company"));
        directory.updateDevice(devices.get(0).id(), Map.of("isCompliant",
                !Boolean.TRUE.equals(devices.get(0).get("isCompliant"))));
        directory.deleteDevice(devices.get(1).id());
        ObjectSnapshot group = directory.groups().findFirst().orElseThrow();
        String owner = directory.users().filter(u -> directory.owners(group.id()).stream()
                .noneMatch(o -> o.id().equals(u.id()))).findFirst().orElseThrow().id();
        directory.addOwner(group.id(), owner, MemberType.USER);
        String changed = "1 device added, 1 device's compliance changed, 1 device deleted, 1 owner added to group \""
                + group.get("displayName") + "\"";
        ObjectSnapshot owned = directory.groups().filter(g -> !g.id().equals(group.id())
                && !directory.owners(g.id()).isEmpty()).findFirst().orElse(null);
        if (owned != null) {
            MemberRef leaving = directory.owners(owned.id()).get(0);
            directory.removeOwner(owned.id(), leaving.id(), leaving.type());
            changed += " and 1 removed from group \"" + owned.get("displayName") + "\"";
        }
        return changed;
    }

    /** The records of some types in a changes file, one line each. */
    private static void printRows(Path changes, List<String> types, PrintStream out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        out.println("Device and owner rows of the delta import (" + changes.getFileName() + "):");
        for (String line : Files.readAllLines(changes, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record = json.readTree(line);
            String type = record.path("type").asText();
            if (!types.contains(type)) {
                continue;
            }
            JsonNode a = record.path("attributes");
            String detail = type.equals("Device")
                    ? a.path("displayName").asText("") + " " + a.path("operatingSystem").asText("")
                            + (a.has("isCompliant") ? " compliant=" + a.path("isCompliant").asText() : "")
                    : "group " + a.path("groupId").asText() + " owner " + a.path("ownerId").asText()
                            + (a.has("ownerType") ? " (" + a.path("ownerType").asText() + ")" : "");
            out.println(String.format(Locale.ROOT, "  %-6s %-10s %s %s", record.path("op").asText(), type,
                    record.path("id").asText(), detail.strip()).stripTrailing());
        }
    }

    private static String jsonEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
