package org.identitymesh.connector.entra.wiremock;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.identitymesh.connector.entra.wiremock.Pages.last;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scoping filters, evaluated locally on delta pages: objects left out of a full round, objects leaving the scope in
 * a delta round, and the single-object reads that decide when a delta object lacks what the filter reads.
 */
class FiltersTest {

    @RegisterExtension
    static final WireMockGraph graph = new WireMockGraph();

    private static final String GROUP_FILTER = "\"GroupSelectionFilter\":\"(startswith(displayName,'IM-') and "
            + "securityEnabled eq true) or (groupTypes/any(c:c eq 'Unified') and not (visibility eq 'Private'))\"";
    private static final String NAME_FILTER = "\"GroupSelectionFilter\":\"startswith(displayName,'IM-')\"";
    private static final String USER_SCOPE = "\"IncludeDisabledUsers\":false,\"IncludeGuests\":false,"
            + "\"UserDomains\":[\"contoso.example\"],\"UserSelectionFilter\":\"not startswith(displayName,'Svc')\"";

    private final Recorder host = new Recorder();

    private static String group(String id, String name, boolean security, String groupTypes, String visibility) {
        return "{'id':'" + id + "','displayName':'" + name + "','securityEnabled':" + security + ",'mailEnabled':false,"
                + "'groupTypes':[" + groupTypes + "],'visibility':" + (visibility == null ? "null" : "'" + visibility + "'")
                + ",'members@delta':[{'@odata.type':'#microsoft.graph.user','id':'m-" + id + "'}]}";
    }

    private static String user(String id, String name, boolean enabled, String type, String mail, String upn) {
        return "{'id':'" + id + "','displayName':'" + name + "','accountEnabled':" + enabled + ",'userType':'" + type
                + "','mail':'" + mail + "','userPrincipalName':'" + upn + "'}";
    }

    private List<LoggedRequest> objectReads(String resource) {
        return graph.graphRequests().stream()
                .filter(r -> r.getUrl().startsWith("/v1.0/" + resource + "/") && !r.getUrl().contains("/delta"))
                .toList();
    }

    private static Set<String> select(LoggedRequest request) {
        return Set.of(request.queryParameter("$select").firstValue().split(","));
    }

    private String groupsFirstRound(String... groups) {
        String d1 = graph.link("/groups/delta?$deltatoken=d1");
        graph.page(graph.initial("groups"), last(d1, groups));
        return d1;
    }

    private String[] scopedGroups() {
        return new String[] {group("g1", "IM-Ops", true, "", null), group("g2", "IM-Mail", false, "", null),
            group("g3", "Team", false, "'Unified'", "Public"), group("g4", "Secret", false, "'Unified'", "Private"),
            group("g5", "Other", true, "'DynamicMembership'", null), group("g6", "im-lower", true, "", null)};
    }

    @Test
    void aGroupFilterLeavesGroupsAndTheirMembersOutOfAFullRound() {
        groupsFirstRound(scopedGroups());
        try (Connector connector = graph.connector("\"ImportUsers\":false," + GROUP_FILTER)) {
            ImportResult result = host.run(connector, ImportRequest.full());
            assertEquals(List.of("g1", "g3", "g6"), List.copyOf(host.replica.objects("Group").keySet()));
            assertEquals(List.of("g1:m-g1", "g3:m-g3", "g6:m-g6"),
                    List.copyOf(host.replica.objects("GroupMember").keySet()));
            assertEquals(3, result.type("Group").orElseThrow().filteredOut());
            assertEquals(3, result.type("GroupMember").orElseThrow().filteredOut());
            LoggedRequest delta = graph.deltaRequests("groups").get(0);
            assertEquals("odata.maxpagesize=999", delta.getHeader("Prefer"), "a full round needs whole objects");
            assertTrue(select(delta).containsAll(Set.of("displayName", "securityEnabled", "groupTypes", "visibility")));
        }
    }

    @Test
    void aGroupThatStopsMatchingIsDeletedInADeltaRoundThatAsksForMinimalObjects() {
        String d1 = groupsFirstRound(scopedGroups());
        graph.page(graph.at(d1), last(graph.link("/groups/delta?$deltatoken=d2"),
                "{'id':'g1','displayName':'Ops'}", "{'id':'g6','displayName':'IM-Renamed'}"));
        try (Connector connector = graph.connector("\"ImportUsers\":false,\"PageSize\":500," + NAME_FILTER)) {
            ImportResult first = host.run(connector, ImportRequest.full());
            assertEquals(List.of("g1", "g2", "g6"), List.copyOf(host.replica.objects("Group").keySet()));
            graph.page(() -> get(urlPathEqualTo("/v1.0/groups/g6")), Pages.q("{'id':'g6','displayName':'IM-Renamed'}"));
            graph.page(() -> get(urlPathEqualTo("/v1.0/groups/g6/members")), Pages.collection(null,
                    "{'@odata.type':'#microsoft.graph.user','id':'m-g6'}"));
            ImportResult delta = host.run(connector, ImportRequest.delta(first.watermark()));
            assertEquals(ChangeRecord.delete("Group", "g1"), host.records.get(0));
            assertEquals(1, delta.type("Group").orElseThrow().filteredOut());
            assertEquals(List.of("g2", "g6"), List.copyOf(host.replica.objects("Group").keySet()));
            assertEquals(List.of("g2:m-g2", "g6:m-g6"), List.copyOf(host.replica.objects("GroupMember").keySet()));
            List<LoggedRequest> rounds = graph.deltaRequests("groups");
            assertEquals("odata.maxpagesize=500", rounds.get(0).getHeader("Prefer"));
            assertEquals("odata.maxpagesize=500, return=minimal", rounds.get(1).getHeader("Prefer"));
            assertEquals(List.of(), objectReads("groups").stream().filter(r -> r.getUrl().contains("g1")).toList(),
                    "the changed displayName decided for g1; nothing was looked up");
        }
    }

    @Test
    void aChangedPropertyThatCannotDecideAloneIsCompletedByALookUp() {
        String d1 = groupsFirstRound(scopedGroups());
        graph.page(graph.at(d1), last(graph.link("/groups/delta?$deltatoken=d2"),
                "{'id':'g1','displayName':'Ops'}", "{'id':'g3','visibility':'Private'}"));
        graph.page(() -> get(urlPathEqualTo("/v1.0/groups/g1")),
                Pages.q("{'id':'g1','displayName':'Ops','securityEnabled':true,'groupTypes':[],'visibility':null}"));
        graph.page(() -> get(urlPathEqualTo("/v1.0/groups/g3")),
                Pages.q("{'id':'g3','displayName':'Team','securityEnabled':false,'groupTypes':['Unified'],"
                        + "'visibility':'Private'}"));
        try (Connector connector = graph.connector("\"ImportUsers\":false," + GROUP_FILTER)) {
            ImportResult first = host.run(connector, ImportRequest.full());
            ImportResult delta = host.run(connector, ImportRequest.delta(first.watermark()));
            assertEquals(List.of(ChangeRecord.delete("Group", "g1"), ChangeRecord.delete("Group", "g3")), host.records,
                    "a renamed g1 might still be a public Microsoft 365 group: only the look-up can tell");
            assertEquals(2, delta.type("Group").orElseThrow().filteredOut());
            assertEquals(List.of("g6"), List.copyOf(host.replica.objects("Group").keySet()));
            assertEquals(List.of("/v1.0/groups/g1", "/v1.0/groups/g3"), objectReads("groups").stream()
                    .map(r -> r.getUrl().substring(0, r.getUrl().indexOf('?'))).toList());
        }
    }

    @Test
    void aDeltaGroupLackingTheFiltersPropertiesIsLookedUpAndDecidedByTheAnswer() {
        String d1 = groupsFirstRound(scopedGroups());
        graph.page(graph.at(d1), last(graph.link("/groups/delta?$deltatoken=d2"),
                "{'id':'g1','description':'now described'}", "{'id':'g5','description':'also described'}"));
        graph.page(() -> get(urlPathEqualTo("/v1.0/groups/g1")),
                Pages.q("{'id':'g1','displayName':'IM-Ops','securityEnabled':true,'groupTypes':[]}"));
        graph.page(() -> get(urlPathEqualTo("/v1.0/groups/g5")),
                Pages.q("{'id':'g5','displayName':'Other','securityEnabled':true,'groupTypes':['DynamicMembership']}"));
        try (Connector connector = graph.connector("\"ImportUsers\":false," + GROUP_FILTER)) {
            ImportResult first = host.run(connector, ImportRequest.full());
            graph.server().resetRequests();
            host.run(connector, ImportRequest.delta(first.watermark()));
            assertEquals(List.of(ChangeRecord.upsert("Group", "g1", Map.of("id", "g1", "description",
                    "now described"))), host.records, "g1 is in scope and gets its change; g5 stays out, silently");
            List<LoggedRequest> reads = objectReads("groups");
            assertEquals(List.of("/v1.0/groups/g1", "/v1.0/groups/g5"),
                    reads.stream().map(r -> r.getUrl().substring(0, r.getUrl().indexOf('?'))).toList());
            for (LoggedRequest read : reads) {
                assertEquals(Set.of("displayName", "securityEnabled", "groupTypes", "visibility"), select(read));
                assertEquals("Bearer " + WireMockGraph.ACCESS_TOKEN, read.getHeader("Authorization"));
            }
            assertEquals("now described", host.replica.object("Group", "g1").orElseThrow().get("description"));
            assertEquals("IM-Ops", host.replica.object("Group", "g1").orElseThrow().get("displayName"));
        }
    }

    @Test
    void aGroupRenamedIntoTheScopeIsReadWholeWithAllItsMembers() {
        String d1 = groupsFirstRound(scopedGroups());
        graph.page(graph.at(d1), last(graph.link("/groups/delta?$deltatoken=d2"),
                "{'id':'g5','displayName':'IM-Joined','members@delta':[{'@odata.type':'#microsoft.graph.user','id':'new'}]}"));
        graph.page(() -> get(urlPathEqualTo("/v1.0/groups/g5")),
                Pages.q("{'id':'g5','displayName':'IM-Joined','securityEnabled':true,'groupTypes':[],"
                        + "'description':'whole'}"));
        String secondMembers = graph.link("/groups/g5/members?$select=id&$top=999&$skiptoken=m2");
        graph.page(() -> get(urlPathEqualTo("/v1.0/groups/g5/members"))
                .withQueryParam("$skiptoken", absent()),
                Pages.collection(secondMembers, "{'@odata.type':'#microsoft.graph.user','id':'m-g5'}"));
        graph.page(graph.at(secondMembers), Pages.collection(null,
                "{'@odata.type':'#microsoft.graph.device','id':'dev'}", "{'@odata.type':'#microsoft.graph.user','id':'new'}"));
        try (Connector connector = graph.connector("\"ImportUsers\":false," + NAME_FILTER)) {
            ImportResult first = host.run(connector, ImportRequest.full());
            graph.server().resetRequests();
            host.run(connector, ImportRequest.delta(first.watermark()));
            assertEquals(Map.of("id", "g5", "displayName", "IM-Joined", "securityEnabled", true, "groupTypes", "",
                    "description", "whole"), host.replica.object("Group", "g5").orElseThrow());
            assertEquals(List.of("g1:m-g1", "g2:m-g2", "g5:dev", "g5:m-g5", "g5:new", "g6:m-g6"),
                    List.copyOf(host.replica.objects("GroupMember").keySet()));
            List<String> urls = objectReads("groups").stream().map(LoggedRequest::getUrl).toList();
            assertEquals(3, urls.size(), urls.toString());
            assertTrue(urls.get(0).startsWith("/v1.0/groups/g5?$select="), urls.toString());
            assertEquals("/v1.0/groups/g5/members?$select=id&$top=999", urls.get(1));
            assertEquals("/v1.0/groups/g5/members?$select=id&$top=999&$skiptoken=m2", urls.get(2));
        }
    }

    @Test
    void theUserScopeLeavesOutDisabledGuestsAndOtherDomainsInAFullRound() {
        graph.page(graph.initial("users"), last(graph.link("/users/delta?$deltatoken=d1"),
                user("u1", "Ada", true, "Member", "ada@contoso.example", "ada@contoso.example"),
                user("u2", "Bob", false, "Member", "bob@contoso.example", "bob@contoso.example"),
                user("u3", "Cy", true, "Guest", "cy@contoso.example", "cy_ext#EXT#@contoso.example"),
                user("u4", "Di", true, "Member", "di@fabrikam.example", "di@fabrikam.example"),
                user("u5", "Svc-backup", true, "Member", "svc@contoso.example", "svc@contoso.example"),
                user("u6", "Eve", true, "Member", "eve@fabrikam.example", "eve@CONTOSO.example")));
        try (Connector connector = graph.connector("\"ImportGroups\":false," + USER_SCOPE)) {
            ImportResult result = host.run(connector, ImportRequest.full());
            assertEquals(List.of("u1", "u6"), List.copyOf(host.replica.objects("User").keySet()));
            assertEquals(4, result.type("User").orElseThrow().filteredOut());
            assertEquals(List.of(), objectReads("users"), "every user carried what the scope reads");
            assertTrue(host.records.stream().allMatch(r -> r.operation() == ChangeRecord.Operation.UPSERT),
                    "a full round sends no DELETE for objects out of scope: the snapshot removes them");
        }
    }

    @Test
    void aUserThatStopsMatchingIsDeletedInADeltaRound() {
        String d1 = graph.link("/users/delta?$deltatoken=d1");
        graph.page(graph.initial("users"), last(d1,
                user("u1", "Ada", true, "Member", "ada@contoso.example", "ada@contoso.example"),
                user("u6", "Eve", true, "Member", "eve@fabrikam.example", "eve@contoso.example")));
        graph.page(graph.at(d1), last(graph.link("/users/delta?$deltatoken=d2"),
                user("u1", "Ada", false, "Member", "ada@contoso.example", "ada@contoso.example"),
                user("u6", "Eve", true, "Guest", "eve@fabrikam.example", "eve@contoso.example"),
                user("u7", "Fay", true, "Member", "fay@contoso.example", "fay@contoso.example"),
                user("u8", "Svc-new", true, "Member", "svc8@contoso.example", "svc8@contoso.example")));
        try (Connector connector = graph.connector("\"ImportGroups\":false," + USER_SCOPE)) {
            ImportResult first = host.run(connector, ImportRequest.full());
            ImportResult delta = host.run(connector, ImportRequest.delta(first.watermark()));
            assertEquals(List.of(ChangeRecord.Operation.DELETE, ChangeRecord.Operation.DELETE,
                    ChangeRecord.Operation.UPSERT, ChangeRecord.Operation.DELETE),
                    host.records.stream().map(ChangeRecord::operation).toList());
            assertEquals(3, delta.type("User").orElseThrow().filteredOut());
            assertEquals(List.of("u7"), List.copyOf(host.replica.objects("User").keySet()));
            assertEquals("odata.maxpagesize=999", graph.deltaRequests("users").get(1).getHeader("Prefer"),
                    "users are never asked for return=minimal");
        }
    }

    @Test
    void aDeltaUserLackingWhatTheScopeReadsIsLookedUp() {
        String d1 = graph.link("/users/delta?$deltatoken=d1");
        graph.page(graph.initial("users"), last(d1,
                user("u1", "Ada", true, "Member", "ada@contoso.example", "ada@contoso.example"),
                user("u2", "Bea", true, "Member", "bea@contoso.example", "bea@contoso.example")));
        graph.page(graph.at(d1), last(graph.link("/users/delta?$deltatoken=d2"),
                "{'id':'u1','jobTitle':'Cartographer'}", "{'id':'u2','jobTitle':'Surveyor'}"));
        graph.page(() -> get(urlPathEqualTo("/v1.0/users/u1")),
                Pages.q(user("u1", "Ada", true, "Member", "ada@contoso.example", "ada@contoso.example")));
        graph.page(() -> get(urlPathEqualTo("/v1.0/users/u2")),
                Pages.q(user("u2", "Bea", false, "Member", "bea@contoso.example", "bea@contoso.example")));
        try (Connector connector = graph.connector("\"ImportGroups\":false," + USER_SCOPE)) {
            ImportResult first = host.run(connector, ImportRequest.full());
            host.run(connector, ImportRequest.delta(first.watermark()));
            assertEquals(List.of(ChangeRecord.upsert("User", "u1", Map.of("id", "u1", "jobTitle", "Cartographer")),
                    ChangeRecord.delete("User", "u2")), host.records);
            List<LoggedRequest> reads = objectReads("users");
            assertEquals(2, reads.size());
            assertEquals(Set.of("accountEnabled", "userType", "mail", "userPrincipalName", "displayName"),
                    select(reads.get(0)));
        }
    }

    @Test
    void aGroupThatVanishedBeforeItsLookUpIsLeftOut() {
        String d1 = groupsFirstRound(scopedGroups());
        graph.page(graph.at(d1), last(graph.link("/groups/delta?$deltatoken=d2"), "{'id':'g1','description':'x'}"));
        graph.respond(() -> get(urlPathEqualTo("/v1.0/groups/g1")),
                WireMockGraph.graphError(404, "Request_ResourceNotFound", "rid-404"));
        try (Connector connector = graph.connector("\"ImportUsers\":false," + GROUP_FILTER)) {
            ImportResult first = host.run(connector, ImportRequest.full());
            ImportResult delta = host.run(connector, ImportRequest.delta(first.watermark()));
            assertEquals(List.of(), host.records);
            assertEquals(1, delta.type("Group").orElseThrow().filteredOut());
            assertEquals(1, objectReads("groups").size(), "a 404 is an answer, not retried");
        }
    }

    @Test
    void theSelectOfAFilterOnUnlistedPropertiesIsTheSameInEveryJvm() {
        graph.page(graph.initial("users"), last(graph.link("/users/delta?$deltatoken=d1")));
        String filter = "state eq 'WA' and postalCode ne null and streetAddress ne null and faxNumber eq null "
                + "and ageGroup eq null and employeeOrgData eq null";
        try (Connector connector = graph.connector("\"ImportGroups\":false,\"UserSelectionFilter\":\"" + filter + "\"")) {
            host.run(connector, ImportRequest.full());
            String select = graph.deltaRequests("users").get(0).queryParameter("$select").firstValue();
            assertTrue(select.endsWith(",onPremisesImmutableId,state,postalCode,streetAddress,faxNumber,ageGroup,"
                    + "employeeOrgData"), "the watermark's fingerprint hashes this list: an order that changes with "
                    + "the JVM would force a full round after every restart; " + select);
        }
    }

    @Test
    void aFullRoundTakesAnAbsentPropertyAsNeverSetAndNeedsNoLookUp() {
        groupsFirstRound("{'id':'g1','displayName':'IM-Ops','securityEnabled':true,'groupTypes':[]}",
                "{'id':'g2','displayName':'Team','securityEnabled':false,'groupTypes':['Unified']}");
        try (Connector connector = graph.connector("\"ImportUsers\":false," + GROUP_FILTER)) {
            ImportResult result = host.run(connector, ImportRequest.full());
            assertEquals(List.of("g1", "g2"), List.copyOf(host.replica.objects("Group").keySet()),
                    "g2's visibility is null, which is not 'Private'");
            assertEquals(List.of(), objectReads("groups"),
                    "a full round lists every property with a value: g2's absent visibility was never set");
            assertEquals(0, result.type("Group").orElseThrow().filteredOut());
        }
    }

    @Test
    void aUserWhoseSignInNameIsInTheDomainNeedsNoMailbox() {
        graph.page(graph.initial("users"), last(graph.link("/users/delta?$deltatoken=d1"),
                "{'id':'u1','displayName':'Ada','accountEnabled':true,'userType':'Member',"
                        + "'userPrincipalName':'ada@contoso.example'}"));
        try (Connector connector = graph.connector("\"ImportGroups\":false," + USER_SCOPE)) {
            host.run(connector, ImportRequest.full());
            assertEquals(List.of("u1"), List.copyOf(host.replica.objects("User").keySet()));
            assertEquals(List.of(), objectReads("users"), "the sign-in name decides; the absent mail cannot change that");
        }
    }
}
