package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UsersDeltaTest {

    private static final String SELECT = "displayName,jobTitle,mail,accountEnabled,businessPhones,manager";

    private static SimulatedEntraTenant tenant;
    private static GraphTestClient client;
    private static EntraDirectory dir;

    @BeforeAll
    static void start() {
        tenant = SimulatedEntraTenant.start(TenantSpec.builder().users(230).groups(10).memberships(300).build());
        client = new GraphTestClient(tenant);
        dir = tenant.directory();
    }

    @AfterAll
    static void stop() {
        tenant.close();
    }

    @AfterEach
    void resetSettings() {
        tenant.settings().maxPageSize(999).defaultPageSize(200).duplicateEvery(0).linksBeforeValue(true);
    }

    private static String latest() {
        GraphTestClient.Response r = client.get(client.graph("/users/delta?$deltatoken=latest&$select=" + SELECT));
        assertEquals(200, r.status(), r.body());
        assertEquals(0, r.json().get("value").size());
        assertFalse(r.json().has("@odata.nextLink"));
        return r.json().get("@odata.deltaLink").asText();
    }

    private static Map<String, JsonNode> byId(List<JsonNode> items) {
        Map<String, JsonNode> m = new HashMap<>();
        items.forEach(i -> m.put(i.get("id").asText(), i));
        return m;
    }

    private static Set<String> keys(JsonNode o) {
        Set<String> s = new HashSet<>();
        o.fieldNames().forEachRemaining(s::add);
        return s;
    }

    @Test
    void initialRoundPagesThroughEveryUserInIdOrderWithOnlySelectedProperties() {
        GraphTestClient.Round round = client.round(client.graph("/users/delta?$select=" + SELECT),
                "Prefer", "odata.maxpagesize=50");
        List<String> expected = dir.users().map(ObjectSnapshot::id).collect(Collectors.toList());
        List<String> got = round.items().stream().map(i -> i.get("id").asText()).collect(Collectors.toList());
        assertEquals(expected, got);
        assertEquals((expected.size() + 49) / 50, round.pages().size());
        for (JsonNode page : round.pages().subList(0, round.pages().size() - 1)) {
            assertEquals(50, page.get("value").size());
        }
        Set<String> allowed = Set.of("id", "displayName", "jobTitle", "mail", "accountEnabled", "businessPhones",
                "manager@delta");
        for (JsonNode item : round.items()) {
            assertTrue(allowed.containsAll(keys(item)), "unexpected properties in " + item);
            assertTrue(item.get("businessPhones").isArray());
        }
        assertTrue(round.pages().get(0).get("@odata.context").asText().endsWith("#users(displayName,jobTitle,mail,"
                + "accountEnabled,businessPhones,manager)"));
        assertTrue(round.deltaLink().contains("/v1.0/users/delta?$deltatoken="));
    }

    @Test
    void propertiesMatchTheDirectoryAndNeverSetOnesAreOmitted() {
        GraphTestClient.Round round = client.round(client.graph("/users/delta?$select=" + SELECT));
        Map<String, JsonNode> got = byId(round.items());
        int withoutMail = 0;
        for (Iterator<ObjectSnapshot> it = dir.users().iterator(); it.hasNext();) {
            ObjectSnapshot u = it.next();
            JsonNode item = got.get(u.id());
            assertEquals(u.get("displayName"), item.get("displayName").asText());
            assertEquals(u.get("accountEnabled"), item.get("accountEnabled").asBoolean());
            assertEquals(u.has("mail"), item.has("mail"), u.id());
            if (!u.has("mail")) {
                withoutMail++;
            }
            if (u.get("manager") != null) {
                assertEquals(u.get("manager"), item.at("/manager@delta/0/id").asText());
                assertEquals("#microsoft.graph.user", item.at("/manager@delta/0/@odata.type").asText());
            } else {
                assertFalse(item.has("manager@delta"));
            }
        }
        assertTrue(withoutMail > 0, "the generator leaves some users without mail");
    }

    @Test
    void withoutSelectTheDefaultPropertiesComeBack() {
        GraphTestClient.Response r = client.get(client.graph("/users/delta"), "Prefer", "odata.maxpagesize=5");
        Set<String> defaults = Set.of("id", "businessPhones", "displayName", "givenName", "jobTitle", "mail",
                "mobilePhone", "officeLocation", "surname", "userPrincipalName");
        for (JsonNode item : r.json().get("value")) {
            assertTrue(defaults.containsAll(keys(item)), item.toString());
            assertTrue(item.has("userPrincipalName"));
        }
        assertTrue(r.json().get("@odata.context").asText().endsWith("#users"));
    }

    @Test
    void theSdkSpellingWithParenthesesWorks() {
        GraphTestClient.Response r = client.get(client.graph("/users/delta()?$select=displayName"),
                "Prefer", "odata.maxpagesize=3");
        assertEquals(200, r.status(), r.body());
        assertEquals(3, r.json().get("value").size());
        assertTrue(r.json().get("@odata.nextLink").asText().contains("/users/delta?$skiptoken="));
    }

    @Test
    void pageSizeIsCappedAndTheAppliedPreferenceEchoed() {
        tenant.settings().maxPageSize(40);
        GraphTestClient.Response r = client.get(client.graph("/users/delta?$select=displayName"),
                "Prefer", "odata.maxpagesize=999");
        assertEquals(40, r.json().get("value").size());
        assertEquals("odata.maxpagesize=40", r.header("Preference-Applied"));
        tenant.settings().defaultPageSize(25);
        assertEquals(25, client.get(client.graph("/users/delta?$select=displayName")).json().get("value").size());
    }

    @Test
    void latestReturnsOnlyADeltaLinkAndTheNextRoundOnlyLaterChanges() {
        String link = latest();
        String id = dir.users().skip(3).findFirst().orElseThrow().id();
        dir.updateUser(id, Map.of("jobTitle", "Chief Simulator"));
        GraphTestClient.Round round = client.round(link);
        assertEquals(1, round.items().size());
        JsonNode u = round.items().get(0);
        assertEquals(id, u.get("id").asText());
        assertEquals("Chief Simulator", u.get("jobTitle").asText());
        assertTrue(u.has("displayName"), "default mode sends every selected property");
    }

    @Test
    void aRoundWithoutChangesIsOneEmptyPageWithANewDeltaLink() {
        String link = latest();
        GraphTestClient.Round round = client.round(link);
        assertEquals(1, round.pages().size());
        assertEquals(0, round.items().size());
        assertNotEquals(link, round.deltaLink());
        assertEquals(0, client.round(round.deltaLink()).items().size());
    }

    @Test
    void minimalSendsOnlyChangedPropertiesAndClearsAsNull() {
        List<String> ids = dir.users().skip(10).limit(2).map(ObjectSnapshot::id).collect(Collectors.toList());
        String link = latest();
        dir.updateUser(ids.get(0), Map.of("jobTitle", "Minimal", "accountEnabled", false));
        dir.clearUserProperty(ids.get(1), "displayName");

        Map<String, JsonNode> minimal = byId(client.round(link, "Prefer", "return=minimal").items());
        assertEquals(Set.of("id", "jobTitle", "accountEnabled"), keys(minimal.get(ids.get(0))));
        assertEquals("Minimal", minimal.get(ids.get(0)).get("jobTitle").asText());
        assertEquals(Set.of("id", "displayName"), keys(minimal.get(ids.get(1))));
        assertTrue(minimal.get(ids.get(1)).get("displayName").isNull());

        Map<String, JsonNode> full = byId(client.round(link).items());
        assertTrue(keys(full.get(ids.get(0))).containsAll(Set.of("id", "jobTitle", "accountEnabled", "displayName",
                "businessPhones")));
        assertTrue(full.get(ids.get(1)).get("displayName").isNull(), "cleared is explicit null in default mode");
        assertTrue(full.get(ids.get(1)).has("accountEnabled"));
    }

    @Test
    void minimalIsEchoedAsApplied() {
        GraphTestClient.Response r = client.get(latest(), "Prefer", "return=minimal, odata.maxpagesize=10");
        assertEquals("odata.maxpagesize=10,return=minimal", r.header("Preference-Applied"));
    }

    @Test
    void licencesComeAsArraysOfObjectsWhenSelectedAndTheirChangesAreReported() {
        GraphTestClient.Response none = client.get(client.graph("/users/delta?$select=displayName"));
        none.json().get("value").forEach(u -> assertFalse(u.has("assignedLicenses"), "returned only on $select"));

        GraphTestClient.Round initial = client.round(client.graph("/users/delta?$select=displayName,assignedLicenses"));
        Map<String, JsonNode> users = byId(initial.items());
        for (ObjectSnapshot u : dir.users().collect(Collectors.toList())) {
            JsonNode licenses = users.get(u.id()).get("assignedLicenses");
            assertTrue(licenses.isArray(), "an unlicensed user has an empty array, never null");
            List<?> expected = (List<?>) u.get("assignedLicenses");
            assertEquals(expected.size(), licenses.size());
            for (int i = 0; i < expected.size(); i++) {
                AssignedLicense license = (AssignedLicense) expected.get(i);
                assertEquals(Set.of("disabledPlans", "skuId"), keys(licenses.get(i)));
                assertEquals(license.skuId(), licenses.get(i).get("skuId").asText());
                assertEquals(license.disabledPlans().size(), licenses.get(i).get("disabledPlans").size());
            }
        }

        String id = dir.users().filter(u -> ((List<?>) u.get("assignedLicenses")).isEmpty()).findFirst()
                .orElseThrow().id();
        dir.updateUser(id, Map.of("assignedLicenses", List.of(AssignedLicense.of(AssignedLicense.MICROSOFT_365_E5))));
        Map<String, JsonNode> minimal = byId(client.round(initial.deltaLink(), "Prefer", "return=minimal").items());
        assertEquals(Set.of(id), minimal.keySet());
        assertEquals(Set.of("id", "assignedLicenses"), keys(minimal.get(id)));
        assertEquals("{\"disabledPlans\":[],\"skuId\":\"" + AssignedLicense.MICROSOFT_365_E5 + "\"}",
                minimal.get(id).get("assignedLicenses").get(0).toString());
    }

    @Test
    void changesToUnselectedPropertiesAreNotReported() {
        String id = dir.users().skip(20).findFirst().orElseThrow().id();
        String link = latest();
        dir.updateUser(id, Map.of("department", "Unselected"));
        assertEquals(0, client.round(link).items().size());
    }

    @Test
    void softAndHardDeletesAndRestores() {
        List<String> ids = dir.users().skip(30).limit(3).map(ObjectSnapshot::id).collect(Collectors.toList());
        String link = latest();
        dir.deleteUser(ids.get(0), Deletion.SOFT);
        dir.deleteUser(ids.get(1), Deletion.HARD);
        dir.deleteUser(ids.get(2), Deletion.SOFT);
        GraphTestClient.Round round = client.round(link);
        Map<String, JsonNode> got = byId(round.items());
        assertEquals("changed", got.get(ids.get(0)).at("/@removed/reason").asText());
        assertEquals(Set.of("id", "@removed"), keys(got.get(ids.get(0))));
        assertEquals("deleted", got.get(ids.get(1)).at("/@removed/reason").asText());
        assertEquals("changed", got.get(ids.get(2)).at("/@removed/reason").asText());

        dir.restoreUser(ids.get(0));
        dir.deleteUser(ids.get(2), Deletion.HARD);
        Map<String, JsonNode> next = byId(client.round(round.deltaLink()).items());
        JsonNode restored = next.get(ids.get(0));
        assertFalse(restored.has("@removed"));
        assertTrue(restored.has("displayName"));
        assertEquals("deleted", next.get(ids.get(2)).at("/@removed/reason").asText());
        assertFalse(byId(client.round(client.graph("/users/delta?$select=displayName")).items())
                .containsKey(ids.get(1)), "a fresh initial round leaves deleted users out");
    }

    @Test
    void addedUsersAppearInTheNextRoundAndInFreshInitialRounds() {
        String link = latest();
        String id = dir.addUser(Map.of("displayName", "Zoë Ångström", "mail", "zoe@contoso.onmicrosoft.com"));
        JsonNode added = byId(client.round(link).items()).get(id);
        assertEquals("Zoë Ångström", added.get("displayName").asText());
        assertEquals(true, added.get("accountEnabled").asBoolean());
        assertTrue(byId(client.round(client.graph("/users/delta?$select=displayName")).items()).containsKey(id));
    }

    @Test
    void managerChangesComeAsManagerDeltaWithTheOldOneRemoved() {
        List<String> ids = dir.users().skip(40).limit(3).map(ObjectSnapshot::id).collect(Collectors.toList());
        dir.updateUser(ids.get(0), Map.of("manager", ids.get(1)));
        String link = latest();
        dir.updateUser(ids.get(0), Map.of("manager", ids.get(2)));
        GraphTestClient.Round round = client.round(link, "Prefer", "return=minimal");
        JsonNode u = byId(round.items()).get(ids.get(0));
        assertEquals(Set.of("id", "manager@delta"), keys(u));
        JsonNode links = u.get("manager@delta");
        assertEquals(2, links.size());
        assertEquals(ids.get(1), links.get(0).get("id").asText());
        assertEquals("deleted", links.get(0).at("/@removed/reason").asText());
        assertEquals(ids.get(2), links.get(1).get("id").asText());
        assertFalse(links.get(1).has("@removed"));

        dir.clearUserProperty(ids.get(0), "manager");
        JsonNode cleared = byId(client.round(round.deltaLink()).items()).get(ids.get(0));
        assertEquals(1, cleared.get("manager@delta").size());
        assertEquals(ids.get(2), cleared.at("/manager@delta/0/id").asText());
        assertEquals("deleted", cleared.at("/manager@delta/0/@removed/reason").asText());
    }

    @Test
    void deletingAManagerClearsItOnTheReports() {
        ObjectSnapshot report = dir.users().filter(u -> u.get("manager") != null).findFirst().orElseThrow();
        String manager = (String) report.get("manager");
        String link = latest();
        dir.deleteUser(manager, Deletion.SOFT);
        assertTrue(dir.user(report.id()).orElseThrow().has("manager"));
        assertEquals(null, dir.user(report.id()).orElseThrow().get("manager"));
        Map<String, JsonNode> got = byId(client.round(link).items());
        assertEquals("changed", got.get(manager).at("/@removed/reason").asText());
        assertEquals("deleted", got.get(report.id()).at("/manager@delta/0/@removed/reason").asText());
        dir.restoreUser(manager);
    }

    @Test
    void changesMadeWhilePagingAreDeliveredInTheNextRound() {
        GraphTestClient.Response first = client.get(client.graph("/users/delta?$select=" + SELECT),
                "Prefer", "odata.maxpagesize=20");
        String alreadySent = first.json().at("/value/0/id").asText();
        dir.updateUser(alreadySent, Map.of("jobTitle", "Changed mid-round"));
        String added = dir.addUser(Map.of("displayName", "Added mid-round"));
        GraphTestClient.Round rest = client.round(first.json().get("@odata.nextLink").asText(),
                "Prefer", "odata.maxpagesize=20");
        Map<String, JsonNode> next = byId(client.round(rest.deltaLink()).items());
        assertEquals("Changed mid-round", next.get(alreadySent).get("jobTitle").asText());
        assertTrue(next.containsKey(added));
    }

    @Test
    void duplicatesAndReplaysCanBeTurnedOn() {
        tenant.settings().duplicateEvery(1);
        GraphTestClient.Round round = client.round(client.graph("/users/delta?$select=displayName"),
                "Prefer", "odata.maxpagesize=50");
        assertEquals(2 * dir.userCount(), round.items().size());
        assertEquals(dir.userCount(), byId(round.items()).size());
        tenant.settings().duplicateEvery(0);

        String link = latest();
        String id = dir.users().skip(50).findFirst().orElseThrow().id();
        dir.updateUser(id, Map.of("jobTitle", "Replayed"));
        tenant.settings().replayNextRounds(1);
        GraphTestClient.Round once = client.round(link);
        assertEquals(List.of(id), once.items().stream().map(i -> i.get("id").asText()).collect(Collectors.toList()));
        GraphTestClient.Round replay = client.round(once.deltaLink());
        assertEquals(List.of(id), replay.items().stream().map(i -> i.get("id").asText()).collect(Collectors.toList()));
        assertEquals(0, client.round(replay.deltaLink()).items().size());
    }

    @Test
    void linksCanComeAfterTheValueArray() {
        tenant.settings().linksBeforeValue(false);
        GraphTestClient.Response r = client.get(client.graph("/users/delta?$select=displayName"),
                "Prefer", "odata.maxpagesize=2");
        List<String> fields = new ArrayList<>();
        r.json().fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("@odata.context", "value", "@odata.nextLink"), fields);
    }

    @Test
    void unsupportedQueriesAndAlteredTokensAreRejected() {
        for (String q : List.of("$expand=manager", "$top=5", "$orderby=displayName", "$filter=startswith(displayName,'A')",
                "$search=%22displayName:a%22")) {
            GraphTestClient.Response r = client.get(client.graph("/users/delta?" + q));
            assertEquals(400, r.status(), q);
            assertEquals("Request_UnsupportedQuery", r.errorCode(), q);
        }
        assertEquals("Request_BadRequest", client.get(client.graph("/users/delta?deltatoken=latest")).errorCode());
        assertEquals("Request_BadRequest", client.get(client.graph("/users/delta?$select=nonsense")).errorCode());
        assertEquals(200, client.get(client.graph("/users/delta?$select=displayName,proxyAddresses"
                + "&$deltatoken=latest")).status(), "real but unmodelled properties are accepted");

        String link = latest();
        String token = link.substring(link.indexOf("$deltatoken=") + "$deltatoken=".length());
        char c = token.charAt(10);
        String altered = link.replace(token, token.substring(0, 10) + (c == 'A' ? 'B' : 'A') + token.substring(11));
        GraphTestClient.Response r = client.get(altered);
        assertEquals(400, r.status());
        assertEquals("Request_BadRequest", r.errorCode());
        assertEquals(400, client.get(link + "&$select=displayName").status(), "links must be used verbatim");
        assertEquals(400, client.get(link.replace("/users/", "/groups/")).status(), "a users token is not a groups token");
        String next = client.get(client.graph("/users/delta"), "Prefer", "odata.maxpagesize=1")
                .json().get("@odata.nextLink").asText();
        assertEquals(400, client.get(next.replace("$skiptoken", "$deltatoken")).status());
    }
}
