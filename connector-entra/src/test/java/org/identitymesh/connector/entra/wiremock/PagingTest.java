package org.identitymesh.connector.entra.wiremock;

import static org.identitymesh.connector.entra.wiremock.Pages.last;
import static org.identitymesh.connector.entra.wiremock.Pages.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.testkit.Snapshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How delta rounds are paged: links, headers, selects, empty pages, duplicates. */
class PagingTest {

    @RegisterExtension
    static final WireMockGraph graph = new WireMockGraph();

    private static final String USERS_SELECT = "id,userPrincipalName,displayName,givenName,surname,mail,mailNickname,"
            + "jobTitle,department,companyName,officeLocation,employeeId,employeeType,accountEnabled,userType,"
            + "businessPhones,mobilePhone,usageLocation,preferredLanguage,city,country,createdDateTime,"
            + "onPremisesSyncEnabled,onPremisesImmutableId";
    private static final String GROUPS_SELECT = "id,displayName,description,mail,mailNickname,mailEnabled,"
            + "securityEnabled,groupTypes,visibility,createdDateTime,onPremisesSyncEnabled,members";

    private final Recorder host = new Recorder();

    private static String user(int n) {
        return "{'id':'u" + n + "','displayName':'User " + n + "','userPrincipalName':'u" + n + "@contoso.example'}";
    }

    private static String pathAndQuery(String link) {
        URI uri = URI.create(link);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static Map<String, Map<String, Object>> users(int... ids) {
        Map<String, Map<String, Object>> users = new java.util.TreeMap<>();
        for (int n : ids) {
            users.put("u" + n, Map.of("id", "u" + n, "displayName", "User " + n, "userPrincipalName",
                    "u" + n + "@contoso.example"));
        }
        return users;
    }

    static String watermarkLink(String watermark, String field) throws Exception {
        return new ObjectMapper().readTree(watermark).path(field).asText();
    }

    @Test
    void followsEveryNextLinkVerbatimWithThePageSizeOnEveryPage() throws Exception {
        String second = graph.link("/users/delta?$skiptoken=Ab-c_D%3D%3Dx.y~1");
        String third = graph.link("/users/delta()?$skiptoken=RFNUMi1wYWdlMw");
        String deltaLink = graph.link("/users/delta?$deltatoken=dt-after-round-1");
        graph.page(graph.initial("users"), next(second, user(1), user(2)));
        graph.page(graph.at(second), next(third, user(3), user(4)));
        graph.page(graph.at(third), last(deltaLink, user(5)));

        try (Connector connector = graph.connector("\"PageSize\":2,\"ImportGroups\":false")) {
            ImportResult result = host.run(connector, ImportRequest.full());

            List<LoggedRequest> requests = graph.graphRequests();
            assertEquals(3, requests.size(), requests.toString());
            assertEquals(USERS_SELECT, requests.get(0).queryParameter("$select").firstValue());
            assertEquals(List.of("$select"), List.copyOf(requests.get(0).getQueryParams().keySet()),
                    "the first request selects and asks nothing else (delta supports no $top or $filter)");
            assertEquals(pathAndQuery(second), requests.get(1).getUrl(), "nextLinks are followed as written");
            assertEquals(pathAndQuery(third), requests.get(2).getUrl());
            for (LoggedRequest r : requests) {
                assertEquals("odata.maxpagesize=2", r.getHeader("Prefer"), r.getUrl());
                assertEquals("Bearer " + WireMockGraph.ACCESS_TOKEN, r.getHeader("Authorization"), r.getUrl());
            }
            assertEquals(List.of(), Snapshots.differences(Map.of("User", users(1, 2, 3, 4, 5)),
                    Map.of("User", host.replica.objects("User"))));
            assertEquals(3, result.type("User").orElseThrow().pages());
            assertEquals(3, result.type("User").orElseThrow().requests());
            assertEquals(deltaLink, watermarkLink(result.watermark(), "u"));
        }
    }

    @Test
    void aDeltaImportStartsAtTheStoredDeltaLinkAsWritten() throws Exception {
        String firstDelta = graph.link("/users/delta()?$deltatoken=Zm9v-YmFy_1%2F2");
        String secondDelta = graph.link("/users/delta?$deltatoken=round-2");
        graph.page(graph.initial("users"), last(firstDelta, user(1)));
        graph.page(graph.at(firstDelta), last(secondDelta, "{'id':'u1','jobTitle':'Cartographer'}"));

        try (Connector connector = graph.connector("\"PageSize\":50,\"ImportGroups\":false")) {
            ImportResult first = host.run(connector, ImportRequest.delta(null));
            assertEquals(FullRoundReason.FIRST_RUN, first.type("User").orElseThrow().fullRoundReason());
            ImportResult second = host.run(connector, ImportRequest.delta(first.watermark()));

            List<LoggedRequest> requests = graph.graphRequests();
            assertEquals(2, requests.size());
            assertEquals(pathAndQuery(firstDelta), requests.get(1).getUrl());
            assertEquals("odata.maxpagesize=50", requests.get(1).getHeader("Prefer"));
            assertTrue(second.type("User").orElseThrow().fullRound().isEmpty());
            assertEquals(secondDelta, watermarkLink(second.watermark(), "u"));
            assertEquals(Map.of("id", "u1", "displayName", "User 1", "userPrincipalName", "u1@contoso.example",
                    "jobTitle", "Cartographer"), host.replica.object("User", "u1").orElseThrow());
        }
    }

    @Test
    void usersAndGroupsAreReadConcurrentlyAndGroupsSelectTheirMembers() {
        graph.page(graph.initial("users"), last(graph.link("/users/delta?$deltatoken=u"), user(1)));
        graph.page(graph.initial("groups"), last(graph.link("/groups/delta?$deltatoken=g"),
                "{'id':'g1','displayName':'Cartographers','members@delta':[{'@odata.type':'#microsoft.graph.user','id':'u1'}]}"));

        try (Connector connector = graph.connector("\"PageSize\":999")) {
            host.run(connector, ImportRequest.full());
            List<LoggedRequest> requests = graph.graphRequests();
            assertEquals(2, requests.size());
            // the two chains run concurrently: either may be requested first
            LoggedRequest groups = requests.stream().filter(r -> r.getUrl().startsWith("/v1.0/groups/delta"))
                    .findFirst().orElseThrow(() -> new AssertionError(requests.toString()));
            assertTrue(requests.stream().anyMatch(r -> r.getUrl().startsWith("/v1.0/users/delta")), requests.toString());
            assertEquals(GROUPS_SELECT, groups.queryParameter("$select").firstValue());
            assertEquals("odata.maxpagesize=999", groups.getHeader("Prefer"),
                    "without a group filter nothing asks for return=minimal");
            List<String> types = host.records.stream().map(r -> r.objectType()).toList();
            assertEquals(List.of("Group", "GroupMember"), types.stream().filter(t -> !t.equals("User")).toList(),
                    "a group's memberships follow the group");
            assertEquals(1, types.stream().filter(t -> t.equals("User")).count());
        }
    }

    @Test
    void anEmptyPageInTheMiddleOfARoundIsFollowed() {
        String second = graph.link("/users/delta?$skiptoken=empty");
        String third = graph.link("/users/delta?$skiptoken=after-empty");
        graph.page(graph.initial("users"), next(second, user(1)));
        graph.page(graph.at(second), next(third));
        graph.page(graph.at(third), last(graph.link("/users/delta?$deltatoken=d"), user(2)));

        try (Connector connector = graph.connector("\"ImportGroups\":false")) {
            ImportResult result = host.run(connector, ImportRequest.full());
            assertEquals(3, graph.graphRequests().size());
            assertEquals(3, result.type("User").orElseThrow().pages());
            assertEquals(List.of(), Snapshots.differences(Map.of("User", users(1, 2)),
                    Map.of("User", host.replica.objects("User"))));
        }
    }

    @Test
    void aQuietRoundIsOneEmptyPageThatKeepsEverythingAndReplacesTheDeltaLink() throws Exception {
        String firstDelta = graph.link("/users/delta?$deltatoken=before-quiet");
        String quietDelta = graph.link("/users/delta?$deltatoken=after-quiet");
        graph.page(graph.initial("users"), last(firstDelta, user(1), user(2)));
        graph.page(graph.at(firstDelta), last(quietDelta));

        try (Connector connector = graph.connector("\"ImportGroups\":false")) {
            ImportResult first = host.run(connector, ImportRequest.full());
            ImportResult quiet = host.run(connector, ImportRequest.delta(first.watermark()));
            assertEquals(List.of(), host.records);
            assertEquals(1, quiet.type("User").orElseThrow().requests());
            assertEquals(0, quiet.type("User").orElseThrow().seen());
            assertEquals(quietDelta, watermarkLink(quiet.watermark(), "u"));
            assertEquals(List.of(), Snapshots.differences(Map.of("User", users(1, 2)),
                    Map.of("User", host.replica.objects("User"))));
        }
    }

    @Test
    void theSameUserTwiceInARoundAndAcrossPagesLeavesOneObject() {
        String second = graph.link("/users/delta?$skiptoken=dup");
        graph.page(graph.initial("users"), next(second, user(1), user(2), user(1)));
        graph.page(graph.at(second), last(graph.link("/users/delta?$deltatoken=d"), user(2),
                "{'id':'u1','displayName':'User 1','userPrincipalName':'u1@contoso.example','jobTitle':'Twice'}"));

        try (Connector connector = graph.connector("\"ImportGroups\":false")) {
            ImportResult result = host.run(connector, ImportRequest.full());
            assertEquals(5, result.type("User").orElseThrow().seen());
            assertEquals(5, host.of("User").size(), "every appearance is delivered; applying them is idempotent");
            Map<String, Map<String, Object>> expected = new java.util.TreeMap<>(users(1, 2));
            Map<String, Object> u1 = new java.util.HashMap<>(expected.get("u1"));
            u1.put("jobTitle", "Twice");
            expected.put("u1", u1);
            assertEquals(List.of(), Snapshots.differences(Map.of("User", expected),
                    Map.of("User", host.replica.objects("User"))));
        }
    }
}
