package org.identitymesh.connector.entra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ImportRequest.fromNow()}: one {@code $deltatoken=latest} request per resource, no records, and a watermark
 * from which the next delta delivers only what changed afterwards.
 */
class FromNowTest {

    private TenantFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = TenantFixture.start(TenantSpec.builder().users(300).groups(30).memberships(900).build(),
                s -> { });
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aStartingWatermarkWithoutReadingTheTenant() {
        try (Connector connector = fixture.connector("\"PageSize\":50")) {
            fixture.tenant().journal().reset();
            List<ChangeRecord> none = new ArrayList<>();
            ImportResult now = connector.importChanges(ImportRequest.fromNow(), none::add);

            assertEquals(List.of(), none);
            assertEquals(1, fixture.tenant().journal().count(RequestKind.USERS_DELTA), "one request, no paging");
            assertEquals(1, fixture.tenant().journal().count(RequestKind.GROUPS_DELTA));
            for (ImportResult.TypeResult type : now.types().values()) {
                assertFalse(type.completeSnapshot(), type.objectType());
                assertTrue(type.fullRound().isEmpty(), type.objectType());
            }

            String user = fixture.tenant().directory().users().findFirst().orElseThrow().id();
            fixture.tenant().directory().updateUser(user, Map.of("jobTitle", "Cartographer"));
            List<ChangeRecord> delta = new ArrayList<>();
            connector.importChanges(ImportRequest.delta(now.watermark()), delta::add);
            assertEquals(1, delta.size(), delta.toString());
            assertEquals(user, delta.get(0).externalId());
            assertEquals("Cartographer", delta.get(0).attributes().get("jobTitle"));
        }
    }
}
