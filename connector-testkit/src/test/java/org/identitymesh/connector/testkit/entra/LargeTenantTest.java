package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The million-user tenant: generated and served in every run (generation takes about a second and a few tens
 * of megabytes); whole initial rounds (about 10 s each) only with {@code -Dentra.large.rounds=true}.
 */
class LargeTenantTest {

    private static SimulatedEntraTenant tenant;
    private static GraphTestClient client;

    @BeforeAll
    static void start() {
        tenant = SimulatedEntraTenant.start(TenantSpec.large());
        client = new GraphTestClient(tenant);
    }

    @AfterAll
    static void stop() {
        tenant.close();
    }

    @Test
    void aMillionUsersAreGeneratedAndServed() {
        EntraDirectory dir = tenant.directory();
        assertEquals(1_000_000, dir.userCount());
        assertEquals(100_000, dir.groupCount());
        assertEquals(5_000_000, dir.membershipCount());

        GraphTestClient.Response users = client.get(client.graph("/users/delta?$select=displayName,mail"),
                "Prefer", "odata.maxpagesize=999");
        assertEquals(999, users.json().get("value").size());
        GraphTestClient.Response groups = client.get(client.graph("/groups/delta?$select=displayName,members"),
                "Prefer", "odata.maxpagesize=999");
        assertEquals(200, groups.status());

        String link = client.get(client.graph("/users/delta?$deltatoken=latest&$select=displayName")).json()
                .get("@odata.deltaLink").asText();
        String id = dir.users().skip(777_777).findFirst().orElseThrow().id();
        dir.updateUser(id, Map.of("displayName", "Needle"));
        GraphTestClient.Round round = client.round(link);
        assertEquals(1, round.items().size());
        assertEquals("Needle", round.items().get(0).get("displayName").asText());
    }

    @Test
    @EnabledIfSystemProperty(named = "entra.large.rounds", matches = "true")
    void wholeInitialRoundsCarryEveryObjectAndLink() throws Exception {
        long[] users = countRound("/users/delta?$select=displayName,mail,accountEnabled");
        assertEquals(1_000_000, users[0]);
        long[] groups = countRound("/groups/delta?$select=displayName,members");
        assertEquals(5_000_000, groups[1]);
        assertTrue(groups[0] >= 100_000, "large groups appear once per slice");
    }

    /** Streams a whole round and counts objects (depth 3) and member links (depth 5). */
    private static long[] countRound(String path) throws Exception {
        JsonFactory json = new JsonFactory();
        String url = client.graph(path);
        long objects = 0;
        long links = 0;
        while (url != null) {
            HttpResponse<InputStream> r = client.http().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + client.token()).header("Prefer", "odata.maxpagesize=999")
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            String next = null;
            try (JsonParser p = json.createParser(r.body())) {
                int depth = 0;
                String field = null;
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        depth++;
                        if (t == JsonToken.START_OBJECT && depth == 3) {
                            objects++;
                        } else if (t == JsonToken.START_OBJECT && depth == 5) {
                            links++;
                        }
                    } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                        depth--;
                    } else if (t == JsonToken.FIELD_NAME && depth == 1) {
                        field = p.currentName();
                    } else if (depth == 1 && "@odata.nextLink".equals(field)) {
                        next = p.getText();
                    }
                }
            }
            url = next;
        }
        return new long[] {objects, links};
    }
}
